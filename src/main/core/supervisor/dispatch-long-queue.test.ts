// Dispatch over a long queue: it reads the queue only as far as a job may start, yet still starts a job
// that asks for no GPU far behind the ones waiting for GPUs, gives every waiting job its reason, and
// keeps two diffusion-pipe jobs that share a dataset cache apart while the first is still launching.
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newJob } from '../../../../tests/support/new-job';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { defaultSettings, type JobStatus, type Settings } from '../../../shared/contract';
import { createEventBus } from '../events/event-bus';
import { createGpuSampler } from '../gpus/gpu-sampler';
import { createNvidiaSmiProbe } from '../gpus/nvidia-smi-probe';
import { createProcessTable } from '../platform/process-identity';
import { openJobQueue, type JobQueue } from '../queue/job-queue';
import { createLocalExecutor } from './executor/local-executor';
import { PrepareRunError } from './launch/prepare-run';
import { createSupervisor, type PrepareRun, type Supervisor } from './supervisor';

const tempDir = useTempDirs();
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** Two idle fake GPUs; every launch stops in prepareRun until the test lets it fail. */
function harness(settings: Settings = defaultSettings) {
  const { queue } = openJobQueue({ dataDir: join(tempDir(), 'data'), isJob: () => true });
  const gpus = createGpuSampler({
    probe: createNvidiaSmiProbe({ command: resolve('tests/fixtures/bin/nvidia-smi'), timeoutMs: 20_000 }),
  });
  const prepared: string[] = [];
  const gates: (() => void)[] = [];
  const prepareRun: PrepareRun = (job) => {
    prepared.push(job.name);
    return new Promise((_, reject) => {
      gates.push(() => reject(new PrepareRunError('Stopped by the test.', 'None.')));
    });
  };
  const supervisor: Supervisor = createSupervisor({
    queue,
    executor: createLocalExecutor({ bridgeDir: resolve('python-bridge'), processes: createProcessTable() }),
    gpus,
    events: createEventBus(),
    settings: () => settings,
    prepareRun,
    hookDir: resolve('python-bridge/dpgui_bridge/hook'),
  });
  cleanups.push(() => {
    for (const open of gates.splice(0)) open();
    supervisor.close();
    gpus.close();
    queue.close();
  });
  const enqueue = (name: string, gpuCount: number): string =>
    queue.enqueue(newJob(name, 'generic', 'hydra', {}, gpuCount)).id;
  const enqueueDiffusionPipe = (name: string, dataset: string): string =>
    queue.enqueue(
      newJob(name, 'diffusion-pipe', 'sdxl', {
        model: { type: 'sdxl' },
        dataset: { directories: [{ path: dataset }] },
      }),
    ).id;
  /** Lets every launch under way fail (as a broken install would). */
  const release = (): void => {
    for (const open of gates.splice(0)) open();
  };
  return { queue, supervisor, prepared, enqueue, enqueueDiffusionPipe, release };
}

/** Waits for a state, checking at every turn of the event loop (no fixed delay). */
async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const statusOf = (queue: JobQueue, id: string): JobStatus => queue.get(id).status;

describe('dispatch over a long queue', () => {
  it('starts the first jobs that fit and a job asking for no GPU far behind them; every other job has its reason', async () => {
    const h = harness();
    const waiting = Array.from({ length: 400 }, (_, i) => h.enqueue(`gpu ${i}`, 1));
    const cpu = h.enqueue('cpu only', 0);
    waiting.push(...Array.from({ length: 100 }, (_, i) => h.enqueue(`gpu ${400 + i}`, 1)));
    await h.supervisor.start();
    await until(() => h.prepared.length === 3, 'three launches began');
    expect([...h.prepared].sort()).toEqual(['cpu only', 'gpu 0', 'gpu 1']);
    expect(statusOf(h.queue, cpu)).toBe('starting');
    expect(statusOf(h.queue, waiting[2] ?? '')).toBe('queued');

    // Every job still queued has a reason, in queue order: a plan of the whole queue on request.
    const reasons = h.supervisor.waitReasons();
    expect(reasons.map((r) => r.jobId)).toEqual(waiting.slice(2));
    expect(reasons[0]?.reason).toMatch(/waits for 1 free GPU; 0 are free now/);

    // Another job that needs no GPU, queued behind all of them, starts at once too.
    h.enqueue('cpu later', 0);
    await until(() => h.prepared.includes('cpu later'), 'the later CPU job began');
    expect(statusOf(h.queue, waiting[2] ?? '')).toBe('queued');

    // The launches fail: the GPUs are free again and the next two in line start.
    h.release();
    await until(() => h.prepared.includes('gpu 2') && h.prepared.includes('gpu 3'), 'the next two began');
    expect(statusOf(h.queue, waiting[0] ?? '')).toBe('failed');
    expect(statusOf(h.queue, waiting[4] ?? '')).toBe('queued');
  });

  it('keeps a diffusion-pipe job off a dataset cache that a job still launching holds', async () => {
    const h = harness();
    const first = h.enqueueDiffusionPipe('cats v1', '/data/cats');
    const second = h.enqueueDiffusionPipe('cats v2', '/data/cats');
    await h.supervisor.start();
    await until(() => h.prepared.includes('cats v1'), 'the first began');
    // A change makes another dispatch while the first is still being prepared: a free GPU, yet the
    // second waits for the cache, and a job behind it that shares nothing takes the GPU.
    h.enqueue('other', 1);
    await until(() => h.prepared.includes('other'), 'the unrelated job began');
    expect(statusOf(h.queue, first)).toBe('starting');
    expect(statusOf(h.queue, second)).toBe('queued');
    expect(h.prepared).not.toContain('cats v2');
    expect(h.supervisor.waitReasons()).toEqual([
      {
        jobId: second,
        reason: expect.stringMatching(
          /^It shares the dataset cache of \/data\/cats \(model type sdxl\) with "cats v1"/,
        ) as string,
      },
    ]);
    // Once the first is gone, the second may start.
    h.release();
    await until(() => h.prepared.includes('cats v2'), 'the second began');
  });
});
