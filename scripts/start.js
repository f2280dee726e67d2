#!/usr/bin/env node
// `npm start`: build, then run the desktop app. Where Electron's binary cannot be had (it is fetched on
// first run, which needs the network) or there is no display, say so in one line and start the headless
// host on the same data folder instead, so the app still opens, in a browser.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { headlessReason } from './start-plan.js';
import { runChild } from './run-child.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const build = spawnSync(npm, ['run', 'build'], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
if (build.status !== 0) process.exit(build.status ?? 1);

const fallback = headlessReason({ platform: process.platform, env: process.env, electronBinary });
if (fallback) {
  console.log(
    `${fallback}, so DPGui starts its headless host instead: open the URL below in a browser (\`npm run serve\` does this directly).`,
  );
  run('The DPGui headless host', process.execPath, [`${root}bin/dpgui.js`, 'serve']);
} else {
  run('The DPGui desktop app', electronBinary(), [root]);
}

/** The binary's path, fetching it on first use as the electron package does; null if that fails. */
function electronBinary() {
  electronBinary.cached ??= (() => {
    // The download can take a minute: show that on a terminal, then clear it so one line remains.
    const progress = process.stdout.isTTY && !existsSync(`${root}node_modules/electron/path.txt`);
    if (progress) process.stdout.write("Fetching Electron's binary (first start only)…");
    const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
      cwd: root,
      encoding: 'utf8',
      timeout: 10 * 60 * 1000,
    });
    if (progress) process.stdout.write('\r\x1b[K');
    return probe.status === 0 && probe.stdout ? probe.stdout : null;
  })();
  return electronBinary.cached;
}

function run(what, command, args) {
  runChild(what, command, args, { cwd: root });
}
