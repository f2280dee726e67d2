// The supervisor with diffusion-pipe jobs (a stand-in trainer): the later of two jobs sharing a dataset
// cache waits and says why; and a "stop and save" the user asked for ends the job canceled, its
// checkpoint noted, though the trainer exits 0.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../../tests/support/temp-dir';
import { defaultSettings, type Settings } from '../../../../shared/contract';
import { createEventBus } from '../../events/event-bus';
import { createGpuSampler } from '../../gpus/gpu-sampler';
import { createNvidiaSmiProbe } from '../../gpus/nvidia-smi-probe';
import { createProcessTable } from '../../platform/process-identity';
import { openJobQueue, type JobQueue } from '../../queue/job-queue';
import { createLocalExecutor } from '../executor/local-executor';
import { findTaggedProcesses } from '../executor/tagged-processes';
import { sharedCacheKeysOf } from '../launch/prepare-run';
import { createSupervisor, type PrepareRun } from '../supervisor';
import { diffusionPipeOutputOf } from '../../trainers/diffusion-pipe/checkpoints';
import { requestSave } from './save-control';

const tempDir = useTempDirs();
const processes = createProcessTable();
const settings: Settings = { ...defaultSettings, stopGraceSeconds: 1 };
const queues: JobQueue[] = [];
const jobIds: string[] = [];

afterAll(() => {
  for (const queue of queues) queue.close();
  for (const id of jobIds) expect(findTaggedProcesses(id, processes), id).toEqual([]);
});

/**
 * diffusion-pipe as far as these tests need it: makes its timestamped run folder, prints steps, and on
 * `save_quit` writes a `global_stepN` checkpoint, deletes the file and exits 0.
 */
const standIn = `
import os, sys, time
run = os.path.join(sys.argv[1], '20260101_12-00-00')
os.makedirs(run, exist_ok=True)
step = 0
end = time.time() + float(sys.argv[2])
while time.time() < end:
    step += 1
    print('steps: %d loss: 0.1000 iter time (s): 0.050 samples/sec: 20.000' % step, flush=True)
    if os.path.exists(os.path.join(run, 'save_quit')):
        os.makedirs(os.path.join(run, 'global_step%d' % step))
        os.remove(os.path.join(run, 'save_quit'))
        sys.exit(0)
    time.sleep(0.05)
`;

function harness() {
  const root = tempDir();
  const { queue } = openJobQueue({ dataDir: join(root, 'data'), isJob: () => true });
  queues.push(queue);
  const out = join(root, 'out');
  const gpus = createGpuSampler({
    probe: createNvidiaSmiProbe({ command: resolve('tests/fixtures/bin/nvidia-smi'), timeoutMs: 20_000 }),
  });
  const prepareRun: PrepareRun = (job, launch) => {
    const own = diffusionPipeOutputOf(job) ?? '';
    mkdirSync(own, { recursive: true });
    const script = join(launch.runDir, 'stand-in.py');
    writeFileSync(script, standIn);
    return {
      python: 'python3',
      cwd: launch.runDir,
      argv: ['python3', script, own, '30'],
      installEnv: {},
      watch: [],
      sharedCacheKeys: sharedCacheKeysOf(job.trainer, job.config),
    };
  };
  const supervisor = createSupervisor({
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
  const enqueue = (name: string, images: string) => {
    const job = queue.enqueue({
      name,
      config: {
        trainer: 'diffusion-pipe',
        family: 'sdxl',
        values: { output_dir: out, model: { type: 'sdxl' }, dataset: { directories: [{ path: images }] } },
      },
      gpus: { count: 1 },
    });
    jobIds.push(job.id);
    return job.id;
  };
  const close = () => {
    supervisor.close();
    gpus.close();
  };
  return { queue, supervisor, enqueue, close };
}

async function until(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the supervisor and diffusion-pipe', () => {
  it('makes the later of two jobs sharing a dataset cache wait, saying why, and ends a stop-and-save canceled', async () => {
    const h = harness();
    const first = h.enqueue('cats v1', '/data/cats');
    const second = h.enqueue('cats v2', '/data/cats');
    const status = (id: string) => h.queue.get(id).status;
    try {
      await h.supervisor.start();
      await until(() => status(first) === 'running', 15_000);
      await h.supervisor.idle();
      // Two GPUs are free, yet the second waits: the cache.
      expect(status(second)).toBe('queued');
      expect(h.supervisor.waitReasons()).toEqual([
        {
          jobId: second,
          reason:
            'It shares the dataset cache of /data/cats (model type sdxl) with "cats v1", which is running; ' +
            "diffusion-pipe's cache cannot be written by two jobs at once.",
        },
      ]);

      h.queue.pause();
      expect(h.supervisor.waitReasons()).toEqual([
        { jobId: second, reason: 'The queue is paused: no job starts until it is resumed.' },
      ]);
      h.queue.resume();
      await h.supervisor.idle();
      expect(h.supervisor.waitReasons().map((item) => item.reason)).toEqual([
        expect.stringMatching(/^It shares the dataset cache/),
      ]);

      // "Stop and save" once diffusion-pipe has its run folder.
      const runFolder = join(diffusionPipeOutputOf(h.queue.get(first)) ?? '', '20260101_12-00-00');
      await until(() => h.queue.get(first).lastProgress !== null, 15_000);
      expect(requestSave(h.queue, first, true)).toMatchObject({
        requested: true,
        file: join(runFolder, 'save_quit'),
      });
      await until(() => status(first) === 'canceled', 15_000);
      const stopped = h.queue.get(first);
      expect(stopped.exitCode).toBe(0);
      expect(stopped.errorReason).toMatch(
        new RegExp(
          `^Stopped and saved as asked\\. Its checkpoint global_step\\d+ \\(step \\d+\\) is in ${runFolder}`,
        ),
      );
      // The cache is free: the second starts, and nothing waits any more.
      await until(() => status(second) === 'running', 15_000);
      expect(h.supervisor.waitReasons()).toEqual([]);
      h.queue.cancel(second);
      await until(() => status(second) === 'canceled', 15_000);
      // Without a stop-and-save, a stop stays a plain cancel.
      expect(h.queue.get(second).errorReason ?? '').not.toMatch(/saved as asked/);
    } finally {
      h.close();
    }
  }, 60_000);
});
