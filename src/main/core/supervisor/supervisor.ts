/**
 * The supervisor: owns the step from "queued" to a finished job. Dispatch is driven by events —
 * any queue change, a settings change, a GPU sample, a job's end — never by a polling loop, and it
 * reads the last GPU sample only. Each start: GPUs and a port recorded first, the run folder and
 * command.txt written, the trainer launched under python-bridge's wrapper, its files followed. Each
 * end: exit.json (or the supervisor's own check that nothing tagged with the job is alive) before the
 * GPUs are free again; a port clash relaunches once on a new port. At start-up, jobs left starting,
 * running or stopping are re-adopted or judged. It composes the launcher (one launch), the end-of-job
 * policy (what an end makes of a job, pure) and the reconciler (start-up), and keeps dispatch and following.
 */
import {
  activeJobStatuses as activeStatuses,
  finishedJobStatuses,
  jobStatuses,
  type Job,
  type JobStatus,
  type JobSummary,
  type Settings,
} from '../../../shared/contract';
import type { EventBus } from '../events/event-bus';
import type { JobWatchers } from '../events/job-watchers';
import { createWaitReasonsFeed } from '../events/wait-reasons-feed';
import { stalledEvent } from './progress/stalled-event';
import type { GpuSampler } from '../gpus/gpu-sampler';
import type { JobQueue } from '../queue/job-queue';
import { trainerRuntime } from '../trainers';
import type { JobExecutor } from './executor/local-executor';
import type { LaunchRecord } from './executor/run-records';
import { endOfJob, mayBeStopAndSave } from './end-of-job-policy';
import { watchJob, type JobOutcome, type JobWatch } from './job-watch';
import { createLauncher, findJob as findJobIn, type PrepareRun } from './launcher';
import {
  createDispatchPlanner,
  type DispatchPlanner,
  type PoolGpu,
  type WaitingJob,
} from './launch/plan-dispatch';
import { scheduleOf, sharedCacheKeysOf } from './launch/prepare-run';
import { allocatePort } from './launch/port-allocation';
import type { Schedule } from './progress/progress-tracker';
import { reconcileJobs } from './reconciler';

export type { PreparedRun, PrepareRun } from './launcher';

export interface SupervisorOptions {
  queue: JobQueue;
  executor: JobExecutor;
  gpus: GpuSampler;
  events: EventBus;
  settings: () => Settings;
  prepareRun: PrepareRun;
  /** python-bridge's hook folder (first on the trainer's PYTHONPATH). */
  hookDir: string;
  /** A free rendezvous port, never one of `reserved` (default: allocatePort; tests pause it). */
  findPort?: (reserved: number[]) => Promise<number>;
  /** Whether a pid holding GPU memory is one of ours (tagged); strangers keep jobs off a full GPU. */
  isOurProcess?: (pid: number) => boolean;
  /**
   * Who watches which job (a subscriber that its job.log, job.progress or job.artifact events reach).
   * While nobody watches a job, its logs are read once a second instead of every 50 ms. Default: every
   * job is watched.
   */
  watchers?: JobWatchers;
  log?: (line: string) => void;
}

export interface Supervisor {
  /** Reconcile what an earlier host left, then dispatch. */
  start(): Promise<void>;
  /** Stop following (trainings go on; the next start re-adopts them). */
  close(): void;
  /** Why each waiting job has not started, as the last dispatch planned it. */
  waitReasons(): { jobId: string; reason: string }[];
  /** Resolves when no dispatch or launch is under way (tests). */
  idle(): Promise<void>;
}

interface Active {
  jobId: string;
  launch: LaunchRecord | null;
  watch: JobWatch;
  stopRequested: boolean;
  sharedCacheKeys: string[];
  unwatchExit: () => void;
}

const isFinished = (status: JobStatus): boolean =>
  (finishedJobStatuses as readonly JobStatus[]).includes(status);
const unfinishedStatuses: JobStatus[] = jobStatuses.filter((status) => !isFinished(status));

const scheduleOfConfig = (job: Job): Schedule => scheduleOf(job.trainer, job.config.values);

/** job.log batches reach a watcher at most this long after the lines were written. */
const watchedBatchMs = 50;
/** A job nobody watches is read once a second: progress, artifacts and the display log stay current. */
const unwatchedBatchMs = 1000;

export function createSupervisor(options: SupervisorOptions): Supervisor {
  const { queue, executor, events } = options;
  const log = options.log ?? (() => {});
  const findPort = options.findPort ?? ((reserved: number[]) => allocatePort({ reserved }));
  const isWatched = (jobId: string): boolean => options.watchers?.isWatched(jobId) ?? true;
  const wantsMetrics = (jobId: string): boolean => options.watchers?.wantsMetrics(jobId) ?? true;
  const active = new Map<string, Active>();
  let closed = false;
  // Read through a function: after an await the compiler would otherwise still see the value it narrowed.
  const isClosed = (): boolean => closed;
  let dispatchQueued = false;
  /** The shared cache keys of waiting and launching diffusion-pipe jobs (a job's config never changes). */
  const cacheKeys = new Map<string, string[]>();
  let pending: Promise<void> = Promise.resolve();
  const unsubscribers: (() => void)[] = [];

  const track = (work: Promise<void>): void => {
    pending = pending.then(() => work).catch((error: unknown) => log(`Supervisor: ${String(error)}`));
  };

  const poolGpus = (): PoolGpu[] => {
    const sample = options.gpus.latest();
    if (sample?.state !== 'ok') return [];
    const excluded = new Set(options.settings().excludedGpus);
    const busy = new Set(queue.jobsIn(activeStatuses).flatMap((job) => job.assignedGpus ?? []));
    for (const uuids of launching.values()) for (const uuid of uuids) busy.add(uuid);
    const ours = options.isOurProcess ?? (() => false);
    return sample.gpus.map((gpu) => ({
      uuid: gpu.uuid,
      index: gpu.index,
      freeMemoryMiB: gpu.memoryFreeMiB,
      excluded: excluded.has(gpu.uuid),
      busy: busy.has(gpu.uuid),
      strangers: gpu.processes.filter((p) => !ours(p.pid)).length,
    }));
  };

  const finishJob = (jobId: string, outcome: JobOutcome): void => {
    const entry = active.get(jobId);
    if (!entry) return;
    entry.unwatchExit();
    entry.watch.close();
    active.delete(jobId);
    const job = queue.get(jobId);
    // diffusion-pipe exits 0 after a save_quit the user asked for: a stop, not a finished training.
    const saveQuit = mayBeStopAndSave(outcome)
      ? trainerRuntime(job.trainer).stopAndSaveNote(queue.runDir(jobId))
      : null;
    const end = endOfJob({ job, outcome, stopAndSaveNote: saveQuit });
    for (const { to, fields } of end.transitions) queue.transition(jobId, to, fields);
    if (end.kind === 'relaunch') {
      log(`Job ${jobId}: its port was taken (${end.why}); relaunching once on a new port.`);
      track(launchJob(jobId, job.assignedGpus ?? []));
      return;
    }
    scheduleDispatch();
  };

  const follow = (
    job: Job,
    launch: LaunchRecord | null,
    prepared: { schedule?: Schedule; sharedCacheKeys?: string[] },
    newAttempt = false,
  ): void => {
    const runDir = queue.runDir(job.id);
    const watch = watchJob({
      jobId: job.id,
      runDir,
      trainer: job.trainer,
      // A re-adopted job has no prepared run: its config snapshot says the same.
      schedule: prepared.schedule ?? scheduleOfConfig(job),
      stalledAfterMs: options.settings().stalledAfterMinutes * 60_000,
      // Asked at each read: nobody watching means a batch a second instead of one every 50 ms.
      batchMs: () => (isWatched(job.id) ? watchedBatchMs : unwatchedBatchMs),
      newAttempt,
      onLog: (event) => events.emit('job.log', event),
      onProgress: (progress) => {
        queue.recordProgress(job.id, progress);
        events.emit('job.progress', progress);
      },
      onMetrics: (rows) => {
        queue.appendMetrics(job.id, rows);
        // Built only for a subscriber; the rows are stored either way (jobs.metrics reads them).
        if (wantsMetrics(job.id)) {
          const time = Date.now();
          events.emit('job.metrics', { jobId: job.id, points: rows.map((row) => ({ ...row, time })) });
        }
      },
      onArtifact: (artifact) => events.emit('job.artifact', { jobId: job.id, artifact }),
      onStalled: (ms) => {
        const stalled = stalledEvent(job, ms);
        log(stalled.message);
        events.emit('job.stalled', stalled);
      },
    });
    const entry: Active = {
      jobId: job.id,
      launch,
      watch,
      stopRequested: job.status === 'stopping',
      sharedCacheKeys: prepared.sharedCacheKeys ?? sharedCacheKeysOf(job.trainer, job.config),
      unwatchExit: () => {},
    };
    active.set(job.id, entry);
    watch.start();
    entry.unwatchExit = executor.watchExit(runDir, (exit) => {
      finishJob(job.id, watch.finish(exit, entry.stopRequested));
    });
    if (entry.stopRequested && launch) requestStop(entry, launch);
  };

  const requestStop = (entry: Active, launch: LaunchRecord): void => {
    entry.stopRequested = true;
    void executor.stop(launch, 'user').then((result) => {
      // With exit.json the exit watch ends the job; without one, nothing of the tree is left now.
      if (result.by === 'backstop' && active.has(entry.jobId)) {
        finishJob(entry.jobId, entry.watch.finish(null, true));
      }
    });
  };

  const { launching, launchJob } = createLauncher({
    queue,
    executor,
    gpus: options.gpus,
    settings: options.settings,
    prepareRun: options.prepareRun,
    hookDir: options.hookDir,
    findPort,
    isClosed,
    follow,
    onSettled: () => scheduleDispatch(),
    log,
  });

  /** The job, or null once it was deleted. */
  const findJob = (jobId: string): Job | null => findJobIn(queue, jobId);

  /** Only diffusion-pipe shares caches: its config is read for them once per job, nobody else's. */
  const cacheKeysOf = (job: Pick<Job, 'id' | 'trainer'>): string[] => {
    if (!trainerRuntime(job.trainer).sharesCaches) return [];
    let keys = cacheKeys.get(job.id);
    if (!keys) {
      keys = sharedCacheKeysOf(job.trainer, queue.get(job.id).config);
      cacheKeys.set(job.id, keys);
    }
    return keys;
  };

  /** A planner fed with what runs now; the waiting jobs are offered to it in queue order. */
  const newPlanner = (): DispatchPlanner => {
    const settings = options.settings();
    const launchingJobs: Job[] = [];
    for (const id of launching.keys()) {
      const job = findJob(id);
      if (job && (job.status === 'queued' || job.status === 'starting')) launchingJobs.push(job);
    }
    return createDispatchPlanner({
      gpus: poolGpus(),
      running: [
        ...[...active.values()].map((entry) => ({
          id: entry.jobId,
          name: queue.get(entry.jobId).name,
          sharedCacheKeys: entry.sharedCacheKeys,
        })),
        // A job being launched holds its caches too (it is not active until the wrapper answered).
        ...launchingJobs.map((job) => ({ id: job.id, name: job.name, sharedCacheKeys: cacheKeysOf(job) })),
      ],
      letSmallerJobsPass: settings.letSmallerJobsPass,
      minFreeGpuMemoryMiB: settings.minFreeGpuMemoryMiB,
    });
  };
  const waitingJob = (job: JobSummary): WaitingJob => ({
    id: job.id,
    name: job.name,
    gpus: job.gpus,
    sharedCacheKeys: cacheKeysOf(job),
  });

  const waitReasons = (): { jobId: string; reason: string }[] => {
    if (queue.state().paused) {
      const reason = 'The queue is paused: no job starts until it is resumed.';
      return queue.jobsIn(['queued']).map((job) => ({ jobId: job.id, reason }));
    }
    // Planned now for every waiting job (a dispatch plans only as far as a job may start).
    const planner = newPlanner();
    for (const job of queue.waitingToStart()) if (!launching.has(job.id)) planner.offer(waitingJob(job));
    return planner.plan().waiting;
  };
  // queue.waitReasons: planned after a dispatch, only while subscribed, sent when it changed.
  const waitReasonsFeed = createWaitReasonsFeed({
    compute: waitReasons,
    emit: (payload) => events.emit('queue.waitReasons', payload),
    isWatched: () => options.watchers?.wantsWaitReasons() ?? false,
    onError: (error) => log(`Supervisor: ${String(error)}`),
  });

  /**
   * Reads the queue only as far as a job that asks for GPUs may still start, then only the jobs
   * behind that ask for none: a long queue with every GPU taken costs a dispatch a page or two.
   */
  const dispatch = (): void => {
    if (closed) return;
    const planner = newPlanner();
    let last: number | undefined;
    if (planner.gpuJobsMayStart()) {
      for (const job of queue.waitingToStart()) {
        if (!planner.gpuJobsMayStart()) break;
        last = job.position;
        if (!launching.has(job.id)) planner.offer(waitingJob(job));
      }
    }
    if (!planner.gpuJobsMayStart()) {
      const after = last === undefined ? {} : { after: last };
      for (const job of queue.waitingToStart({ withoutGpus: true, ...after }))
        if (!launching.has(job.id)) planner.offer(waitingJob(job));
    }
    for (const start of planner.plan().start) track(launchJob(start.jobId, start.gpuUuids));
    waitReasonsFeed.refresh();
  };

  /** Many events in one tick make one dispatch. */
  const scheduleDispatch = (): void => {
    if (dispatchQueued || closed) return;
    dispatchQueued = true;
    queueMicrotask(() => {
      dispatchQueued = false;
      dispatch();
    });
  };

  const reconcile = (): void =>
    reconcileJobs({
      jobs: queue.jobsIn(activeStatuses),
      queue,
      executor,
      requeueInterrupted: () => options.settings().requeueInterrupted,
      adopt: (jobId, launch, exit) => {
        follow(queue.get(jobId), launch, {});
        const entry = active.get(jobId);
        if (exit && entry) finishJob(jobId, entry.watch.finish(exit, entry.stopRequested));
      },
    });

  return {
    start() {
      reconcile();
      unsubscribers.push(
        queue.onChange((change) => {
          if (change.kind === 'job' && change.job.status === 'stopping') {
            const entry = active.get(change.job.id);
            if (entry?.launch && !entry.stopRequested) requestStop(entry, entry.launch);
          }
          if (change.kind === 'job' && change.job.status === 'queued' && !options.gpus.latest())
            void options.gpus.sampleNow();
          if (change.kind === 'job' && isFinished(change.job.status)) cacheKeys.delete(change.job.id);
          options.gpus.setBusy(queue.hasJobsIn(unfinishedStatuses));
          scheduleDispatch();
        }),
        options.gpus.onSample(() => scheduleDispatch()),
        events.subscribe('settings.changed', () => scheduleDispatch()),
      );
      // Someone began watching a job: its next read comes within the watched cadence, not a second later.
      if (options.watchers) {
        unsubscribers.push(
          options.watchers.onChange(() => {
            for (const entry of active.values()) if (isWatched(entry.jobId)) entry.watch.wake();
            waitReasonsFeed.watchersChanged();
          }),
        );
      }
      options.gpus.setBusy(queue.hasJobsIn(unfinishedStatuses));
      // Idle and unwatched means no nvidia-smi call: a first sample only when a job waits for GPUs.
      const waiting = queue.waitingToStart()[Symbol.iterator]().next().done !== true;
      if (!options.gpus.latest() && waiting) void options.gpus.sampleNow();
      scheduleDispatch();
      return pending;
    },
    close() {
      closed = true;
      waitReasonsFeed.close();
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
      for (const entry of active.values()) {
        entry.unwatchExit();
        entry.watch.close();
      }
      active.clear();
    },
    waitReasons,
    async idle() {
      for (;;) {
        const before = pending;
        await before;
        await new Promise((resolve) => setImmediate(resolve));
        if (before === pending && launching.size === 0) return;
      }
    },
  };
}
