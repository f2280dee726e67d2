/** Starts the built `dpgui serve` as users do, on a free port and a fresh data folder (e2e tests, bench). */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningHost {
  /** The host's process id (the wrapper execs it, so the same). */
  pid: number;
  url: string;
  origin: string;
  token: string;
  port: number;
  dataDir: string;
  output: () => string;
  stop: () => Promise<void>;
}

const repoRoot = join(import.meta.dirname, '..', '..');

export function newDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'dpgui-e2e-'));
}

export interface LaunchOptions {
  dataDir?: string;
  port?: number;
  /** Check every answer against its schema (on for tests; off to measure what users run). */
  checkResponses?: boolean;
  /** Remove the data folder when the host stops. */
  removeDataDir?: boolean;
  /** A command the host is started through, e.g. setpriv to drop privileges. */
  wrapper?: readonly string[];
  /** The host's whole environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** The host's working folder (default: this process's), where relative paths it is given land. */
  cwd?: string;
  /** More options of `dpgui serve` (e.g. --new-key). */
  args?: readonly string[];
}

export async function launchHost(options: LaunchOptions = {}): Promise<RunningHost> {
  const dataDir = options.dataDir ?? newDataDir();
  const [command = process.execPath, ...prefix] = options.wrapper ?? [];
  const child: ChildProcess = spawn(
    command,
    [
      ...(options.wrapper?.length ? [...prefix, process.execPath] : []),
      join(repoRoot, 'bin', 'dpgui.js'),
      'serve',
      '--port',
      String(options.port ?? 0),
      '--data-dir',
      dataDir,
      ...(options.args ?? []),
    ],
    {
      env: {
        ...(options.env ?? process.env),
        DPGUI_CHECK_RESPONSES: options.checkResponses === false ? '0' : '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: options.cwd,
    },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dpgui serve printed no URL:\n${output}`)), 60_000);
    const look = (): void => {
      const match = /Open DPGui: (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', look);
    child.once('exit', (code) => reject(new Error(`dpgui serve exited (${code}):\n${output}`)));
  });
  const parsed = new URL(url);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid: child.pid ?? -1,
    url,
    origin: parsed.origin,
    token: new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '',
    port: Number(parsed.port),
    dataDir,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      if (options.removeDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
