#!/usr/bin/env node
// `dpgui serve`: runs the built headless host (out/headless), so it needs `npm run build` first.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../out/headless/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  console.error(`dpgui: DPGui is not built yet. Run \`npm run build\` in ${root} first.`);
  process.exit(1);
}
const { runCli } = await import(cli.href);
const code = await runCli(process.argv.slice(2));
if (code !== 0) process.exit(code);
