import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gpuH100 } from '../../../../tests/fixtures/fake-trainers/real-fixtures';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import type { JobProgress } from '../../../shared/contract/jobs';
import type { Artifact } from '../../../shared/contract/artifacts';
import type { JobLogEvent } from '../../../shared/contract/logs';
import { createSchemaValidators } from '../contract/schema-validators';
import { createProcessTable } from '../platform/process-identity';
import { createLocalExecutor } from './executor/local-executor';
import type { ExitRecord } from './executor/run-records';
import { findTaggedProcesses } from './executor/tagged-processes';
import { watchJob } from './job-watch';
import { buildChildEnvironment } from './launch/child-environment';

const tempDir = useTempDirs();
const processes = createProcessTable();
const executor = createLocalExecutor({ bridgeDir: resolve('python-bridge'), processes });
const fakeTrainer = resolve('tests/fixtures/fake-trainers/fake_trainer.py');
const jobIds: string[] = [];

afterAll(() => {
  for (const jobId of jobIds) expect(findTaggedProcesses(jobId, processes)).toEqual([]);
});

async function runFake(
  name: string,
  args: string[],
  more: { watch?: string[]; onArtifact?: (artifact: Artifact) => void; runDir?: string } = {},
) {
  const jobId = `${name}-${process.pid}`;
  jobIds.push(jobId);
  const runDir = more.runDir ?? tempDir();
  const logs: JobLogEvent[] = [];
  const progress: JobProgress[] = [];
  const watch = watchJob({
    jobId,
    runDir,
    trainer: 'sd-scripts',
    schedule: { saveEveryNSteps: 5, sampleEveryNSteps: 5 },
    onLog: (e) => logs.push(e),
    onProgress: (p) => progress.push(p),
    ...(more.onArtifact ? { onArtifact: more.onArtifact } : {}),
  });
  const env = buildChildEnvironment({
    base: process.env,
    installEnv: {},
    gpuIndices: [],
    port: 29778,
    jobId,
    runDir,
    hookDir: resolve('python-bridge/dpgui_bridge/hook'),
  });
  const started = await executor.start({
    jobId,
    runDir,
    python: 'python3',
    cwd: runDir,
    argv: ['python3', fakeTrainer, ...args],
    env,
    graceSeconds: 1,
    watch: more.watch ?? [],
  });
  if (!started.ok) throw new Error(started.message);
  watch.start();
  return { jobId, runDir, watch, logs, progress, launch: started.launch };
}

const exitOf = (runDir: string): Promise<ExitRecord> =>
  new Promise((done) => executor.watchExit(runDir, done));

describe('following a running job', () => {
  it('follows the real sd-scripts bytes to step 10 with the real avr_loss, and judges the end a success', async () => {
    const job = await runFake('watch-ok', ['--replay', 'plain_split_unbuf', '--speed', '25']);
    const exit = await exitOf(job.runDir);
    const outcome = job.watch.finish(exit, false);
    job.watch.close();
    expect(outcome).toMatchObject({ status: 'succeeded' });
    expect(job.watch.progress()).toMatchObject({
      jobId: job.jobId,
      step: 10,
      total: 10,
      epoch: 2,
      smoothedLoss: 1.05,
      phase: 'finished',
    });
    // Progress was pushed while it ran, not only at the end.
    expect(job.progress.some((p) => p.step !== null && p.step > 0 && p.step < 10)).toBe(true);
    let next = 0;
    for (const event of job.logs) {
      expect(event.fromLine).toBe(next);
      next += event.lines.length;
    }
    expect(job.logs.flatMap((e) => e.lines.map((l) => l.text))).toContain('epoch 2/2');
    // What goes out as job.log and job.progress fits the contract.
    const validators = createSchemaValidators();
    for (const event of job.logs) expect(validators.event('job.log', event)).toEqual({ ok: true });
    for (const progress of job.progress)
      expect(validators.event('job.progress', progress)).toEqual({ ok: true });
  });

  it('fails a trainer that printed the real CUDA out-of-memory error, with the memory hints', async () => {
    const job = await runFake('watch-oom', ['--crash', `${gpuH100}/oom.stderr`]);
    const exit = await exitOf(job.runDir);
    const outcome = job.watch.finish(exit, false);
    job.watch.close();
    expect(outcome).toMatchObject({ status: 'failed', reason: { code: 'oom' } });
  });

  it('calls a job stopped on request canceled', async () => {
    const job = await runFake('watch-cancel', ['--seconds', '60', '--print-rate', '20']);
    // Stopped once it has printed: wait for its lines, not for a time.
    while (job.logs.flatMap((e) => e.lines).length <= 3) await new Promise((r) => setTimeout(r, 20));
    const stopped = await executor.stop(job.launch, 'user');
    const outcome = job.watch.finish(stopped.by === 'exit-record' ? stopped.exit : null, true);
    job.watch.close();
    expect(outcome.status).toBe('canceled');
    expect(job.logs.flatMap((e) => e.lines).length).toBeGreaterThan(3);
  });

  it('announces a checkpoint saved while the trainer prints nothing, before it prints again', async () => {
    const runDir = tempDir();
    const output = tempDir();
    const release = join(runDir, 'release');
    const checkpoint = join(output, 'my_lora-step00000005.safetensors');
    let announced: (artifact: Artifact) => void = () => {};
    const artifact = new Promise<Artifact>((resolve) => (announced = resolve));
    const job = await runFake(
      'watch-silent-save',
      ['--write', checkpoint, '--wait-for', release, '--seconds', '0'],
      { runDir, watch: [output], onArtifact: (a) => announced(a) },
    );
    try {
      // python-bridge's watcher sees the file and appends it to events.jsonl; the trainer stays silent.
      expect(await artifact).toMatchObject({ kind: 'checkpoint', path: checkpoint, step: 5 });
      const printed = () => job.logs.flatMap((event) => event.lines.map((line) => line.text));
      expect(printed()).not.toContain('released');
    } finally {
      writeFileSync(release, '');
    }
    const exit = await exitOf(job.runDir);
    job.watch.finish(exit, false);
    job.watch.close();
    expect(job.logs.flatMap((event) => event.lines.map((line) => line.text))).toContain('released');
  }, 30_000);

  it('warns once when a job stays silent for the configured time', async () => {
    const warnings: number[] = [];
    const watch = watchJob({
      jobId: 'silent',
      runDir: tempDir(),
      trainer: 'generic',
      stalledAfterMs: 150,
      onStalled: (ms) => warnings.push(ms),
    });
    watch.start();
    await new Promise((r) => setTimeout(r, 600));
    watch.close();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toBeGreaterThanOrEqual(150);
  });
});
