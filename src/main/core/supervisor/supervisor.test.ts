import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gpuH100 } from '../../../../tests/fixtures/fake-trainers/real-fixtures';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { defaultSettings, type JobStatus, type Settings } from '../../../shared/contract';
import { createEventBus } from '../events/event-bus';
import { createGpuSampler } from '../gpus/gpu-sampler';
import { createNvidiaSmiProbe } from '../gpus/nvidia-smi-probe';
import { createProcessTable } from '../platform/process-identity';
import { readDisplayLines } from '../logs/display-log-store';
import { openJobQueue, type JobQueue } from '../queue/job-queue';
import { createLocalExecutor } from './executor/local-executor';
import { findTaggedProcesses } from './executor/tagged-processes';
import { createSupervisor, type PrepareRun } from './supervisor';

const tempDir = useTempDirs();
const processes = createProcessTable();
const fakeTrainer = resolve('tests/fixtures/fake-trainers/fake_trainer.py');
const settings: Settings = { ...defaultSettings, stopGraceSeconds: 1 };
const jobIds: string[] = [];
const queues: JobQueue[] = [];

afterAll(() => {
  for (const queue of queues) queue.close();
  for (const id of jobIds) expect(findTaggedProcesses(id, processes), id).toEqual([]);
});

/** The fake trainer's flags per job, by job name. */
function harness(argsByName: Record<string, string[]>) {
  const dataDir = tempDir();
  const { queue } = openJobQueue({ dataDir, isJob: () => true });
  queues.push(queue);
  const gpus = createGpuSampler({
    probe: createNvidiaSmiProbe({ command: resolve('tests/fixtures/bin/nvidia-smi'), timeoutMs: 20_000 }),
  });
  const prepareRun: PrepareRun = (job, launch) => ({
    python: 'python3',
    cwd: launch.runDir,
    argv: [
      'python3',
      fakeTrainer,
      '--facts',
      join(launch.runDir, 'facts.json'),
      ...(argsByName[job.name] ?? []),
    ],
    installEnv: {},
    watch: [],
  });
  const make = () =>
    createSupervisor({
      queue,
      executor: createLocalExecutor({
        bridgeDir: resolve('python-bridge'),
        processes,
        backstopAfterGraceMs: 1000,
      }),
      gpus,
      events: createEventBus(),
      settings: () => settings,
      prepareRun,
      hookDir: resolve('python-bridge/dpgui_bridge/hook'),
    });
  const enqueue = (name: string, count = 1) => {
    const job = queue.enqueue({
      name,
      config: { trainer: 'generic', family: 'hydra', values: {} },
      gpus: { count },
    });
    jobIds.push(job.id);
    return job.id;
  };
  return { queue, gpus, make, enqueue };
}

async function until(check: () => boolean, ms: number): Promise<number> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
  return Date.now();
}

const facts = (queue: JobQueue, id: string) =>
  JSON.parse(readFileSync(join(queue.runDir(id), 'facts.json'), 'utf8')) as Record<string, string>;

describe('the supervisor', () => {
  it('runs 3 jobs on 2 GPUs with port 29500 held: two at once on their own GPU and port, the third when one ends', async () => {
    const holder: Server = createServer();
    await new Promise<void>((done) => holder.once('error', () => done()).listen(29500, '127.0.0.1', done));
    // Each replays the real sd-scripts run (so it trains: 10 steps, checkpoints) while holding its port.
    const replay = (speed: number) => [
      '--hold-port',
      '--replay',
      'plain_split_unbuf',
      '--speed',
      String(speed),
    ];
    const h = harness({ a: replay(16), b: replay(8), c: replay(48) });
    const ids = [h.enqueue('a'), h.enqueue('b'), h.enqueue('c')];
    const supervisor = h.make();
    const status = (id: string): JobStatus => h.queue.get(id).status;
    try {
      await supervisor.start();
      await until(() => status(ids[0] ?? '') === 'running' && status(ids[1] ?? '') === 'running', 15_000);
      expect(status(ids[2] ?? '')).toBe('queued');
      const [a, b] = [h.queue.get(ids[0] ?? ''), h.queue.get(ids[1] ?? '')];
      expect(a.assignedGpus).toHaveLength(1);
      expect(a.assignedGpus).not.toEqual(b.assignedGpus);
      expect(a.masterPort).not.toBe(b.masterPort);
      expect([a.masterPort, b.masterPort]).not.toContain(29500);

      const aEnded = await until(() => status(ids[0] ?? '') !== 'running', 15_000);
      expect(h.queue.get(ids[0] ?? '')).toMatchObject({ status: 'succeeded', errorReason: null });
      const cStarted = await until(() => status(ids[2] ?? '') !== 'queued', 5000);
      expect(cStarted - aEnded).toBeLessThan(2000);
      await until(() => ids.every((id) => status(id) === 'succeeded'), 20_000);
      for (const id of ids) {
        const job = h.queue.get(id);
        const seen = facts(h.queue, id);
        const gpuIndex = h.gpus.latest()?.gpus.find((g) => g.uuid === job.assignedGpus?.[0])?.index;
        expect(seen.CUDA_VISIBLE_DEVICES).toBe(String(gpuIndex));
        expect(seen.MASTER_PORT).toBe(String(job.masterPort));
        expect(readFileSync(join(h.queue.runDir(id), 'command.txt'), 'utf8')).toContain(
          `export MASTER_PORT=${job.masterPort}`,
        );
      }
    } finally {
      supervisor.close();
      h.gpus.close();
      holder.close();
    }
  }, 60_000);

  it('cancels a trainer that ignores SIGTERM, grandchildren and all, within the grace period + 2 s', async () => {
    const h = harness({ stubborn: ['--ignore-sigterm', '--grandchildren', '--seconds', '60'] });
    const id = h.enqueue('stubborn');
    const supervisor = h.make();
    try {
      await supervisor.start();
      await until(() => h.queue.get(id).status === 'running', 15_000);
      await until(() => findTaggedProcesses(id, processes).length >= 3, 15_000);
      const asked = Date.now();
      expect(h.queue.cancel(id).status).toBe('stopping');
      const ended = await until(() => h.queue.get(id).status === 'canceled', 10_000);
      expect(ended - asked).toBeLessThan((settings.stopGraceSeconds + 2) * 1000);
      expect(findTaggedProcesses(id, processes)).toEqual([]);
    } finally {
      supervisor.close();
      h.gpus.close();
    }
  });

  it('re-adopts a running training after the host went away: the log goes on without a gap, and it succeeds', async () => {
    const h = harness({ long: ['--replay', 'plain_split_unbuf', '--speed', '12'] });
    const id = h.enqueue('long');
    const first = h.make();
    await first.start();
    await until(() => h.queue.get(id).status === 'running', 15_000);
    await new Promise((r) => setTimeout(r, 500));
    first.close();
    const second = h.make();
    try {
      await second.start();
      await until(() => h.queue.get(id).status === 'succeeded', 20_000);
      const log = readDisplayLines(h.queue.runDir(id), 0, 100_000).map((l) => l.text);
      for (const line of [
        'epoch 1/2',
        'epoch 2/2',
        'saving checkpoint: /home/user/out_plain_split/cpu_lora.safetensors',
      ]) {
        expect(log.filter((l) => l === line)).toHaveLength(1);
      }
      expect(h.queue.get(id).lastProgress).toMatchObject({ step: 10, smoothedLoss: 1.05 });
    } finally {
      second.close();
      h.gpus.close();
    }
  });

  it('relaunches a job once on a new port after the real EADDRINUSE failure, and it succeeds', async () => {
    const h = harness({
      clash: [
        '--crash-once',
        `${gpuH100}/port-clash.stderr`,
        '--replay',
        'plain_split_unbuf',
        '--speed',
        '40',
      ],
    });
    const id = h.enqueue('clash');
    const supervisor = h.make();
    try {
      await supervisor.start();
      await until(() => ['succeeded', 'failed'].includes(h.queue.get(id).status), 20_000);
      const job = h.queue.get(id);
      expect(job, `${job.errorReason ?? ''} ${job.errorHint ?? ''}`).toMatchObject({
        status: 'succeeded',
        attempt: 2,
      });
    } finally {
      supervisor.close();
      h.gpus.close();
    }
  }, 30_000);

  it('judges a training that ended while no host was there from its exit.json, and the next job then runs', async () => {
    const h = harness({
      short: ['--replay', 'plain_split_unbuf', '--speed', '40'],
      next: ['--replay', 'plain_split_unbuf', '--speed', '80'],
    });
    const first = h.enqueue('short', 2);
    const second = h.enqueue('next', 2);
    const before = h.make();
    await before.start();
    await until(() => h.queue.get(first).status === 'running', 15_000);
    before.close();
    await until(() => existsSync(join(h.queue.runDir(first), 'exit.json')), 15_000);
    expect(h.queue.get(second).status).toBe('queued');
    const after = h.make();
    try {
      await after.start();
      await until(() => h.queue.get(second).status === 'succeeded', 20_000);
      expect(h.queue.get(first)).toMatchObject({ status: 'succeeded', exitCode: 0 });
    } finally {
      after.close();
      h.gpus.close();
    }
  }, 45_000);
});
