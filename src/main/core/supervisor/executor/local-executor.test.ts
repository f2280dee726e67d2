import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../../tests/support/temp-dir';
import { createProcessTable } from '../../platform/process-identity';
import { buildChildEnvironment } from '../launch/child-environment';
import { createLocalExecutor, type StartSpec } from './local-executor';
import type { ExitRecord } from './run-records';
import { environHasTag, findTaggedProcesses } from './tagged-processes';

const tempDir = useTempDirs();
const processes = createProcessTable();
const executor = createLocalExecutor({
  bridgeDir: resolve('python-bridge'),
  processes,
  backstopAfterGraceMs: 1000,
});
const fakeTrainer = resolve('tests/fixtures/fake-trainers/fake_trainer.py');
const usedJobIds: string[] = [];

function spec(jobId: string, args: string[], over: Partial<StartSpec> = {}): StartSpec {
  usedJobIds.push(jobId);
  const runDir = tempDir();
  const env = buildChildEnvironment({
    base: process.env,
    installEnv: {},
    gpuIndices: [1],
    port: 29777,
    jobId,
    runDir,
    hookDir: resolve('python-bridge/dpgui_bridge/hook'),
  });
  return {
    jobId,
    runDir,
    python: 'python3',
    cwd: runDir,
    argv: ['python3', fakeTrainer, ...args],
    env,
    graceSeconds: 1,
    watch: [],
    ...over,
  };
}

const nextExit = (runDir: string): Promise<ExitRecord> =>
  new Promise((done) => executor.watchExit(runDir, done));
const waitFor = async (check: () => boolean, ms: number): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

afterAll(() => {
  // Nothing the tests started may outlive them.
  for (const jobId of usedJobIds) expect(findTaggedProcesses(jobId, processes), jobId).toEqual([]);
});

describe('the local executor around python-bridge', () => {
  it('starts a trainer that prints the real bytes, with our GPUs and port, and sees it exit', async () => {
    const s = spec(`exec-ok-${process.pid}`, [
      '--replay',
      'plain_split_unbuf',
      '--speed',
      '40',
      '--facts',
      'facts.json',
    ]);
    const started = await executor.start(s);
    if (!started.ok) throw new Error(started.message);
    expect(started.launch.jobId).toBe(s.jobId);
    expect(processes.isAlive(started.launch.wrapper)).toBe(true);
    const exit = await nextExit(s.runDir);
    expect(exit).toMatchObject({ exitCode: 0, signal: null, stopRequestedBy: null });
    const facts = JSON.parse(readFileSync(join(s.runDir, 'facts.json'), 'utf8')) as Record<string, string>;
    expect(facts).toMatchObject({ CUDA_VISIBLE_DEVICES: '1', MASTER_PORT: '29777', DPGUI_JOB_ID: s.jobId });
    expect(readFileSync(join(s.runDir, 'stdout.log'), 'utf8')).toContain('epoch 2/2');
    expect(readFileSync(join(s.runDir, 'stderr.log'), 'latin1')).toContain('avr_loss=1.05');
    expect(executor.adopt(s.runDir)).toMatchObject({ kind: 'exited', exit: { exitCode: 0 } });
  });

  it('says at once why a trainer did not start', async () => {
    const s = spec(`exec-missing-${process.pid}`, []);
    const started = await executor.start({ ...s, argv: ['/nonexistent/python', 'x.py'] });
    expect(started).toMatchObject({ ok: false, code: 'executable_not_found' });
  });

  it('ends a trainer that ignores SIGTERM, with grandchildren in and out of its session, within grace + 2 s', async () => {
    const s = spec(`exec-stop-${process.pid}`, ['--ignore-sigterm', '--grandchildren', '--seconds', '60']);
    const started = await executor.start(s);
    if (!started.ok) throw new Error(started.message);
    await waitFor(() => findTaggedProcesses(s.jobId, processes).length >= 3, 15_000);
    const asked = Date.now();
    const result = await executor.stop(started.launch, 'user');
    expect(Date.now() - asked).toBeLessThan((s.graceSeconds + 2) * 1000);
    expect(result).toMatchObject({
      by: 'exit-record',
      exit: { stopRequestedBy: 'signal', escalatedToSigkill: true },
    });
    expect(findTaggedProcesses(s.jobId, processes)).toEqual([]);
    expect(executor.treeAlive(started.launch)).toBe(false);
  });

  it('finishes a stop the host asked for even when the host dies right after asking', async () => {
    const s = spec(`exec-hostdies-${process.pid}`, [
      '--ignore-sigterm',
      '--grandchildren',
      '--seconds',
      '60',
    ]);
    const started = await executor.start(s);
    if (!started.ok) throw new Error(started.message);
    await waitFor(() => findTaggedProcesses(s.jobId, processes).length >= 3, 15_000);
    // What stop() does first, and then nothing: no watch, no backstop (the host is gone).
    writeFileSync(join(s.runDir, 'stop'), 'user');
    process.kill(started.launch.wrapper.pid, 'SIGTERM');
    await waitFor(() => executor.adopt(s.runDir).kind === 'exited', (s.graceSeconds + 2) * 1000);
    expect(findTaggedProcesses(s.jobId, processes)).toEqual([]);
    expect(executor.adopt(s.runDir)).toMatchObject({ kind: 'exited', exit: { escalatedToSigkill: true } });
  });

  it('kills the tree itself when the wrapper is gone (backstop), and re-adoption sees the orphaned trainer', async () => {
    const s = spec(`exec-backstop-${process.pid}`, [
      '--ignore-sigterm',
      '--grandchildren',
      '--seconds',
      '60',
    ]);
    const started = await executor.start(s);
    if (!started.ok) throw new Error(started.message);
    await waitFor(() => findTaggedProcesses(s.jobId, processes).length >= 3, 15_000);
    process.kill(started.launch.wrapper.pid, 'SIGKILL');
    await waitFor(() => !processes.isAlive(started.launch.wrapper), 2000);
    expect(executor.adopt(s.runDir)).toMatchObject({ kind: 'trainer-alive' });
    const asked = Date.now();
    const result = await executor.stop(started.launch, 'user');
    expect(Date.now() - asked).toBeLessThan((s.graceSeconds + 2) * 1000);
    expect(result.by).toBe('backstop');
    expect(findTaggedProcesses(s.jobId, processes)).toEqual([]);
    expect(executor.adopt(s.runDir)).toMatchObject({ kind: 'gone' });
  });

  it('neither adopts nor signals a live process whose start time does not match the record', async () => {
    const stranger = spawn('sleep', ['30']);
    try {
      const pid = stranger.pid ?? 0;
      await waitFor(() => processes.identify(pid) !== null, 2000);
      const runDir = tempDir();
      const self = processes.self();
      const record = {
        format: 1,
        job_id: `exec-stranger-${process.pid}`,
        run_dir: runDir,
        cwd: runDir,
        argv: ['x'],
        started_at: new Date().toISOString(),
        grace_s: 0,
        watch: [],
        wrapper: { pid, start_time: '1', boot_id: self.bootId },
        trainer: { pid, start_time: '1', pgid: pid },
        subreaper: true,
      };
      writeFileSync(join(runDir, 'launch.json'), JSON.stringify(record));
      const adoption = executor.adopt(runDir);
      expect(adoption.kind).toBe('gone');
      if (adoption.launch) await executor.stop(adoption.launch, 'user');
      expect(processes.identify(pid)).not.toBeNull();
    } finally {
      stranger.kill('SIGKILL');
    }
  });
});

describe('finding the tagged processes', () => {
  it('matches the whole variable only', () => {
    const env = Buffer.from('A=1\0DPGUI_JOB_ID=j1\0B=2\0');
    expect(environHasTag(env, 'DPGUI_JOB_ID=j1')).toBe(true);
    expect(environHasTag(Buffer.from('DPGUI_JOB_ID=j10\0'), 'DPGUI_JOB_ID=j1')).toBe(false);
    expect(environHasTag(Buffer.from('XDPGUI_JOB_ID=j1\0'), 'DPGUI_JOB_ID=j1')).toBe(false);
    expect(environHasTag(Buffer.from('A=1\0DPGUI_JOB_ID=j1'), 'DPGUI_JOB_ID=j1')).toBe(true);
  });
});
