// How promptly a running job's new lines are read: every 50 ms while someone watches the job, once a
// second while nobody does, and at once when someone starts watching. The trainer is this test writing
// into the run folder (a stand-in executor "starts" it); the clock is vitest's, so the timings are exact.
import { appendFileSync, watch } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { defaultSettings, type EventName, type JobLogEvent } from '../../../shared/contract';
import { createEventBus } from '../events/event-bus';
import { jobWatchersOf } from '../events/job-watchers';
import { createSubscriptionRegistry, type SubscriptionId } from '../events/subscriptions';
import { createGpuSampler } from '../gpus/gpu-sampler';
import { createLogsHandlers, runDirOfJob } from '../logs/logs-handlers';
import { openJobQueue } from '../queue/job-queue';
import type { JobExecutor } from './executor/local-executor';
import type { LaunchRecord } from './executor/run-records';
import { createSupervisor } from './supervisor';

const tempDir = useTempDirs();

beforeEach(() => {
  // Real file-change notices and real I/O; fake time.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Starts nothing: the test plays the trainer by appending to the run folder's stdout.log. */
const standInExecutor: JobExecutor = {
  start(spec) {
    const identity = { pid: 1, startTime: null, bootId: null };
    const launch: LaunchRecord = {
      jobId: spec.jobId,
      runDir: spec.runDir,
      cwd: spec.cwd,
      argv: [...spec.argv],
      startedAt: new Date().toISOString(),
      graceSeconds: spec.graceSeconds,
      watch: [...spec.watch],
      wrapper: identity,
      trainer: { ...identity, pgid: 1 },
    };
    return Promise.resolve({ ok: true, launch });
  },
  watchExit: () => () => {},
  stop: () => Promise.resolve({ by: 'backstop', killed: 0 }),
  treeAlive: () => false,
  adopt: () => ({ kind: 'gone', launch: null }),
};

async function runningJob() {
  const dataDir = tempDir();
  const { queue } = openJobQueue({ dataDir, isJob: () => true });
  const events = createEventBus((error) => {
    throw error;
  });
  const logs = createLogsHandlers(runDirOfJob(dataDir));
  const registry = createSubscriptionRegistry({
    events,
    readLog: (jobId, fromLine, count) => logs['logs.read']({ jobId, fromLine, count }),
  });
  const watchers = jobWatchersOf(registry);
  const gpus = createGpuSampler({
    probe: () => Promise.resolve({ state: 'ok', message: '', sampledAt: new Date().toISOString(), gpus: [] }),
  });
  const supervisor = createSupervisor({
    queue,
    executor: standInExecutor,
    gpus,
    events,
    settings: () => defaultSettings,
    prepareRun: (_job, launch) => ({
      python: 'python3',
      cwd: launch.runDir,
      argv: ['train.py'],
      installEnv: {},
      watch: [],
    }),
    hookDir: '',
    watchers,
  });
  const jobId = queue.enqueue({
    name: 'j',
    config: { trainer: 'generic', family: 'hydra', values: {} },
    gpus: { count: 0 },
  }).id;
  await supervisor.start();
  await supervisor.idle();
  expect(queue.get(jobId).status).toBe('running');
  const runDir = queue.runDir(jobId);
  // The follower's first read (of nothing yet) starts the clock the cadence counts from.
  await vi.advanceTimersByTimeAsync(0);

  /** Every job.log batch, as the core emits it (the bus is not a subscriber: nobody "watches" through it). */
  const batches: string[][] = [];
  events.subscribe('job.log', (event) => batches.push(event.lines.map((line) => line.text)));

  /** The trainer prints a line; returns once the run folder's watchers (the follower's too) were told. */
  const print = async (text: string): Promise<void> => {
    const told = new Promise<void>((resolve) => {
      const watcher = watch(runDir, (_event, name) => {
        if (name !== 'stdout.log') return;
        watcher.close();
        resolve();
      });
    });
    appendFileSync(join(runDir, 'stdout.log'), `${text}\n`);
    await told;
    // Every watcher of the folder is called in the same turn of the event loop; the next one is after all.
    await new Promise((resolve) => setImmediate(resolve));
  };

  /** A client of the registry (a browser tab, a window), as the transports connect them. */
  const client = () => {
    const received: { id: SubscriptionId; event: EventName; payload: unknown }[] = [];
    const link = registry.connect({
      send: (id, event, payload) => received.push({ id, event, payload }),
      queuedBytes: () => 0,
    });
    const lines = () =>
      received
        .filter((r) => r.event === 'job.log')
        .flatMap((r) => (r.payload as JobLogEvent).lines.map((line) => line.text));
    return { link, lines };
  };

  const close = () => {
    supervisor.close();
    registry.close();
    gpus.close();
    queue.close();
  };
  return { jobId, batches, print, client, close, advance: (ms: number) => vi.advanceTimersByTimeAsync(ms) };
}

describe('how soon a running job’s new lines are read', () => {
  it('reads a job nobody watches once a second: what it printed meanwhile comes in one batch', async () => {
    const job = await runningJob();
    try {
      await job.print('step 1');
      await job.advance(300);
      await job.print('step 2');
      await job.advance(699);
      expect(job.batches).toEqual([]);
      await job.advance(1);
      expect(job.batches).toEqual([['step 1', 'step 2']]);
    } finally {
      job.close();
    }
  });

  it('brings a new job.log subscriber the lines so far and the unread ones at once, then a batch within 50 ms of each line', async () => {
    const job = await runningJob();
    try {
      await job.print('step 1');
      await job.advance(1000);
      await job.print('step 2');
      await job.advance(200);
      expect(job.batches).toEqual([['step 1']]);

      // The user opens the job's log: its lines from the start, and the unread one without waiting the second out.
      const tab = job.client();
      tab.link.subscribe(1, 'job.log', { jobId: job.jobId, fromLine: 0 });
      expect(tab.lines()).toEqual(['step 1']);
      await job.advance(0);
      expect(tab.lines()).toEqual(['step 1', 'step 2']);

      // While it is watched, each line is read within 50 ms.
      await job.print('step 3');
      await job.advance(49);
      expect(tab.lines()).toEqual(['step 1', 'step 2']);
      await job.advance(1);
      expect(tab.lines()).toEqual(['step 1', 'step 2', 'step 3']);

      // The user leaves: back to once a second.
      tab.link.close();
      await job.print('step 4');
      await job.advance(999);
      expect(job.batches.flat()).not.toContain('step 4');
      await job.advance(1);
      expect(job.batches.at(-1)).toEqual(['step 4']);
    } finally {
      job.close();
    }
  });

  it('counts a job.progress or job.artifact subscriber reaching the job as watching it, not one for another job', async () => {
    const job = await runningJob();
    try {
      const other = job.client();
      other.link.subscribe(1, 'job.progress', { jobId: 'another-job' });
      await job.print('step 1');
      await job.advance(999);
      expect(job.batches).toEqual([]);

      // The queue view follows every job's progress: this job's next batch comes at the 50 ms cadence.
      const queueView = job.client();
      queueView.link.subscribe(1, 'job.progress');
      await job.advance(0);
      expect(job.batches).toEqual([['step 1']]);
      queueView.link.close();

      const artifacts = job.client();
      artifacts.link.subscribe(1, 'job.artifact');
      await job.print('step 2');
      await job.advance(50);
      expect(job.batches).toEqual([['step 1'], ['step 2']]);
    } finally {
      job.close();
    }
  });
});
