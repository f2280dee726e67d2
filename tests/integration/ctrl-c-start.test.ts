/**
 * Ctrl-C on `npm start`: the terminal sends SIGINT to every process of the foreground group (npm, the
 * start script and the host), and the start script forwards its own. The host must shut down cleanly
 * once, print its last line and leave no lock, however many SIGINTs reach it.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockFileName } from '../../src/main/core/data-dir/data-dir-lock';
import { stoppedLine } from '../../src/main/hosts/headless/cli';
import { useTempDirs } from '../support/temp-dir';

const repoRoot = join(import.meta.dirname, '..', '..');
const tempDir = useTempDirs();

/** Runs the built host through the start script's own runner, in a process group of its own (a terminal). */
function startLikeNpmStart(dataDir: string): {
  pid: number;
  output: () => string;
  exited: Promise<number | null>;
  ended: () => boolean;
} {
  const runner = `
    import { runChild } from ${JSON.stringify(join(repoRoot, 'scripts', 'run-child.js'))};
    runChild('The DPGui headless host', process.execPath,
      [${JSON.stringify(join(repoRoot, 'bin', 'dpgui.js'))}, 'serve', '--port', '0', '--data-dir', ${JSON.stringify(dataDir)}]);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', runner], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    pid: child.pid ?? 0,
    output: () => output,
    exited,
    ended: () => child.exitCode !== null || child.signalCode !== null,
  };
}

async function until(what: string, check: () => boolean, ended: () => boolean): Promise<void> {
  while (!check()) {
    if (ended()) throw new Error(`ended before ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('Ctrl-C on npm start', () => {
  it('stops the host cleanly: its last line is printed, the exit is 0 and the lock is gone', async () => {
    const dataDir = join(tempDir(), 'data');
    const run = startLikeNpmStart(dataDir);
    try {
      await until('the URL is printed', () => run.output().includes('Open DPGui:'), run.ended);
      expect(existsSync(join(dataDir, lockFileName))).toBe(true);
      // What a terminal does: the whole group gets it; the runner forwards its copy to the host.
      process.kill(-run.pid, 'SIGINT');
      // A user pressing Ctrl-C again while it shuts down.
      process.kill(-run.pid, 'SIGINT');
      expect(await run.exited, run.output()).toBe(0);
      expect(run.output().trimEnd().endsWith(stoppedLine), run.output()).toBe(true);
      expect(run.output()).not.toMatch(/was ended by SIGINT/);
      expect(existsSync(join(dataDir, lockFileName))).toBe(false);
    } finally {
      try {
        process.kill(-run.pid, 'SIGKILL');
      } catch {
        // Already gone, as it should be.
      }
    }
  });
});
