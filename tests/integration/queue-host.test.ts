// The queue end to end through a real `dpgui serve` process (started from source with tsx, so no build
// is needed): HTTP requests, WebSocket events, a SIGKILL in the middle of a burst, and data folders the
// host cannot write (as an unprivileged user: tests run as root here).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createAppCore } from '../../src/main/core/app-core';
import { createSchemaValidators } from '../../src/main/core/contract/schema-validators';
import type { EventName } from '../../src/shared/contract';
import { postChannel as post } from '../support/post-channel';
import { busyGpuEnv, writeSetUpInstalls } from '../support/set-up-installs';
import { ok } from '../support/supervisor-host';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const repoRoot = join(import.meta.dirname, '..', '..');
const cliSource = join(repoRoot, 'src', 'main', 'hosts', 'headless', 'cli.ts');
const validators = createSchemaValidators();
const nobody = ['--reuid=65534', '--regid=65534', '--clear-groups'];

/** `dpgui serve` from source: the same runCli that bin/dpgui.js runs from the build. */
function serveArgs(dataDir: string): string[] {
  const script = `const { runCli } = await import(${JSON.stringify(cliSource)}); const code = await runCli(process.argv.slice(1)); if (code !== 0) process.exit(code);`;
  return [
    '--import',
    'tsx',
    '--input-type=module',
    '-e',
    script,
    '--',
    'serve',
    '--port',
    '0',
    '--data-dir',
    dataDir,
  ];
}

interface Host {
  child: ChildProcess;
  port: number;
  token: string;
  output: () => string;
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/**
 * Enqueue refuses a job the machine could never run: the installs are named and the one GPU is there,
 * but a stranger fills its memory, so every job waits and the queue is tested on its own.
 */
function busyMachine(dataDir: string): NodeJS.ProcessEnv {
  writeSetUpInstalls(dataDir);
  return busyGpuEnv(join(dataDir, '..', 'nvidia-smi.json'));
}

async function startHost(dataDir: string): Promise<Host> {
  const child = spawn(process.execPath, serveArgs(dataDir), {
    cwd: repoRoot,
    env: { ...process.env, DPGUI_CHECK_RESPONSES: '1', ...busyMachine(dataDir) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL from dpgui serve:\n${output}`)), 30_000);
    child.stdout.on('data', () => {
      const match = /Open DPGui: (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(new URL(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`dpgui serve exited (${code}):\n${output}`)));
  });
  return {
    child,
    port: Number(url.port),
    token: new URLSearchParams(url.hash.slice(1)).get('token') ?? '',
    output: () => output,
  };
}

/** Posts and checks the answer against its schema; answers the value. */

// A generic-trainer config: valid with nothing on disk, so the queue is tested apart from the world checks.
const jobConfig = {
  trainer: 'generic',
  family: 'hydra',
  values: { command: '{python} train.py --config-path {run_dir}', config: { lr: 0.0001 }, overrides: [] },
};
const newJob = (name: string) => ({
  name,
  config: jobConfig,
  gpus: { count: 1 },
});

describe('the queue over the headless host', () => {
  it('serves every queue channel over HTTP and pushes job.updated and queue.changed on the WebSocket', async () => {
    const host = await startHost(join(tempDir(), 'data'));
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=${host.token}`);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const events: { event: EventName; payload: unknown }[] = [];
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { type: string; event: EventName; payload: unknown };
      if (message.type === 'event') events.push(message);
    });
    for (const event of ['job.updated', 'queue.changed'])
      socket.send(JSON.stringify({ type: 'subscribe', event }));
    const eventually = async (check: () => boolean): Promise<void> => {
      // A state, not a duration: the cap only ends a run that went wrong (a loaded CI machine is slow).
      for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
      expect(check()).toBe(true);
    };
    // The subscription is in place once an event we caused arrives.
    const first = await ok<{ id: string }>(host, 'jobs.enqueue', newJob('first'));
    await eventually(() => events.some((e) => e.event === 'job.updated'));

    const second = await ok<{ id: string }>(host, 'jobs.enqueue', newJob('second'));
    await ok(host, 'jobs.reorder', { id: second.id, to: 'top' });
    await ok(host, 'jobs.hold', { id: first.id });
    await ok(host, 'queue.pause', {});
    await eventually(() => events.filter((e) => e.event === 'queue.changed').length === 2);
    expect(
      events.filter((e) => e.event === 'queue.changed').map((e) => (e.payload as { reason: string }).reason),
    ).toEqual(['order', 'pause']);
    const updates = events
      .filter((e) => e.event === 'job.updated')
      .map((e) => e.payload as { id: string; status: string });
    expect(updates.map((u) => [u.id, u.status])).toEqual([
      [first.id, 'queued'],
      [second.id, 'queued'],
      [second.id, 'queued'],
      [first.id, 'held'],
    ]);
    for (const { event, payload } of events) expect(validators.event(event, payload)).toEqual({ ok: true });

    const page = await ok<{ items: { name: string; status: string }[]; total: number }>(host, 'jobs.list', {
      statuses: ['queued', 'held'],
    });
    expect(page.items.map((j) => `${j.name}:${j.status}`)).toEqual(['second:queued', 'first:held']);
    expect(await ok(host, 'queue.state', {})).toMatchObject({ paused: true, counts: { queued: 1, held: 1 } });
    expect(await ok(host, 'jobs.get', { id: first.id })).toMatchObject({ config: jobConfig });

    // Errors keep their codes and their HTTP statuses.
    const illegal = await post(host, 'jobs.hold', { id: first.id });
    expect(illegal.status).toBe(409);
    expect(illegal.body).toMatchObject({ code: 'conflict' });
    // Refused as the job's abilities say (its `hold` ability gives the same sentence).
    expect((illegal.body as { message: string }).message).toBe(`Job ${first.id} is already held.`);
    expect((await post(host, 'jobs.get', { id: 'no-such-job' })).status).toBe(404);
    expect((await post(host, 'jobs.delete', { id: second.id })).body).toMatchObject({ code: 'conflict' });
    const kohya = { ...newJob('bad'), config: { ...jobConfig, trainer: 'kohya' } };
    expect((await post(host, 'jobs.enqueue', kohya)).status).toBe(400);

    await ok(host, 'jobs.cancel', { id: second.id });
    // A resume needs a saved state, and a canceled job that never ran has none: refused, saying why.
    const resume = await post(host, 'jobs.retry', { id: second.id, resume: true });
    expect(resume.status).toBe(409);
    expect((resume.body as { message: string }).message).toMatch(/cannot be resumed/);
    const retried = await ok<{ retriedFrom: string }>(host, 'jobs.retry', { id: second.id });
    expect(retried).toMatchObject({ retriedFrom: second.id, resume: false });
    expect(await ok(host, 'jobs.delete', { id: second.id, removeRunFolder: true })).toEqual({
      id: second.id,
      runFolderRemoved: true,
    });
    // Requests over the WebSocket reach the same queue.
    socket.send(JSON.stringify({ type: 'request', id: 7, channel: 'queue.resume', payload: {} }));
    await eventually(() => events.filter((e) => e.event === 'queue.changed').length === 4);
    socket.close();
  }, 60_000);

  it('loses no acknowledged job when it is killed with SIGKILL during a burst of enqueues', async () => {
    const dataDir = join(tempDir(), 'data');
    const host = await startHost(dataDir);
    const acknowledged: string[] = [];
    let killed = false;
    const worker = async (w: number): Promise<void> => {
      for (let i = 0; !killed; i++) {
        try {
          const { status, body } = await post(host, 'jobs.enqueue', newJob(`burst ${w}-${i}`));
          if (status === 200) acknowledged.push((body as { id: string }).id);
        } catch {
          return; // The connection died with the host.
        }
      }
    };
    const workers = Array.from({ length: 8 }, (_, w) => worker(w));
    while (acknowledged.length < 300) await new Promise((r) => setTimeout(r, 5));
    host.child.kill('SIGKILL');
    killed = true;
    await Promise.all(workers);
    await new Promise((resolve) =>
      host.child.exitCode !== null || host.child.signalCode !== null
        ? resolve(null)
        : host.child.once('exit', resolve),
    );

    // The next start takes over the dead host's lock and finds every job it acknowledged.
    const core = createAppCore({ dataDir, host: 'headless', supervise: false });
    const stored = new Set(core.queue.list({ limit: 500 }).items.map((j) => j.id));
    for (let page = core.queue.list({ limit: 500 }); page.nextCursor !== null;) {
      page = core.queue.list({ limit: 500, cursor: page.nextCursor });
      for (const j of page.items) stored.add(j.id);
    }
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    expect(stored.size).toBeGreaterThanOrEqual(acknowledged.length);
    expect(core.info.notices).toEqual([]);
    core.close();
  }, 60_000);
});

describe('a data folder the host cannot write', () => {
  const serveAsNobody = (dataDir: string) =>
    spawnSync('setpriv', [...nobody, process.execPath, ...serveArgs(dataDir)], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 30_000,
    });

  it('is refused with a sentence, not a crash, when the folder itself is read-only', () => {
    const parent = tempDir();
    chmodSync(parent, 0o755);
    const dataDir = join(parent, 'data');
    mkdirSync(dataDir);
    const result = serveAsNobody(dataDir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`cannot use the data folder ${dataDir}: permission denied (EACCES)`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('is refused with a sentence when the job database cannot be written', () => {
    const dataDir = tempDir();
    createAppCore({ dataDir, host: 'headless', supervise: false }).close();
    chmodSync(dataDir, 0o777);
    const result = serveAsNobody(dataDir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`The job database ${join(dataDir, 'queue.db')} cannot be used`);
    expect(result.stderr).toContain('cannot be written (SQLITE_READONLY)');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
