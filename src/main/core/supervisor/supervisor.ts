/**
 * The supervisor: owns the step from "queued" to a finished job. Dispatch is driven by events —
 * any queue change, a settings change, a GPU sample, a job's end — never by a polling loop, and it
 * reads the last GPU sample only. Each start: GPUs and a port recorded first, the run folder and
 * command.txt written, the trainer launched under python-bridge's wrapper, its files followed. Each
 * end: exit.json (or the supervisor's own check that nothing tagged with the job is alive) before the
 * GPUs are free again; a port clash relaunches once on a new port. At start-up, jobs left starting,
 * running or stopping are re-adopted or judged.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  finishedJobStatuses,
  jobStatuses,
  type Job,
  type JobStatus,
  type JobSummary,
  type Settings,
} from '../../../shared/contract';
import { HandlerError } from '../contract/dispatcher';
import type { EventBus } from '../events/event-bus';
import type { JobWatchers } from '../events/job-watchers';
import type { GpuSampler } from '../gpus/gpu-sampler';
import type { JobQueue, TransitionFields } from '../queue/job-queue';
import type { JobExecutor, StartResult } from './executor/local-executor';
import type { LaunchRecord } from './executor/run-records';
import { saveQuitNote } from './control/save-control';
import { watchJob, type JobOutcome, type JobWatch } from './job-watch';
import { buildChildEnvironment } from './launch/child-environment';
import { formatCommandFile } from './launch/command-file';
import {
  createDispatchPlanner,
  type DispatchPlanner,
  type PoolGpu,
  type WaitingJob,
} from './launch/plan-dispatch';
import { PrepareRunError, scheduleOf, sharedCacheKeysOf } from './launch/prepare-run';
import { allocatePort } from './launch/port-allocation';
import type { Schedule } from './progress/progress-tracker';

/** What the configs' writers make of a job for one launch (they write its files into the run folder). */
export interface PreparedRun {
  python: string;
  cwd: string;
  argv: string[];
  installEnv: Record<string, string>;
  /** The trainer's output folders (watched for checkpoints and samples). */
  watch: string[];
  schedule?: Schedule;
  sharedCacheKeys?: string[];
}

export type PrepareRun = (
  job: Job,
  launch: { runDir: string; gpuIndices: number[]; port: number },
) => PreparedRun | Promise<PreparedRun>;

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

const activeStatuses: JobStatus[] = ['starting', 'running', 'stopping'];
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
  const active = new Map<string, Active>();
  /** Jobs being launched right now (between the plan and the wrapper's answer), with their GPUs. */
  const launching = new Map<string, string[]>();
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
    const fields: TransitionFields = {
      exitCode: outcome.exit?.exitCode ?? null,
      exitSignal: outcome.exit?.signal ?? null,
    };
    if (outcome.status === 'failed') {
      fields.errorReason = outcome.reason.reason;
      fields.errorHint = outcome.reason.hint;
      // The one relaunch on a new port that a lost race for the port deserves.
      if (outcome.reason.code === 'port-in-use' && job.attempt === 1 && job.status === 'running') {
        log(`Job ${jobId}: its port was taken (${outcome.reason.reason}); relaunching once on a new port.`);
        queue.transition(jobId, 'starting', { masterPort: null });
        track(launchJob(jobId, job.assignedGpus ?? []));
        return;
      }
    }
    if (outcome.status === 'succeeded' && outcome.note) fields.errorReason = outcome.note;
    let target: JobStatus = outcome.status;
    // diffusion-pipe exits 0 after a save_quit the user asked for: a stop, not a finished training.
    const saveQuit =
      job.trainer === 'diffusion-pipe' &&
      outcome.status === 'succeeded' &&
      (outcome.exit?.exitCode ?? 0) === 0
        ? saveQuitNote(queue.runDir(jobId))
        : null;
    if (saveQuit) {
      target = 'canceled';
      fields.errorReason = saveQuit;
      // The state table ends a started job's cancel through `stopping`.
      if (job.status === 'running') queue.transition(jobId, 'stopping');
    }
    if (job.status !== target) queue.transition(jobId, target, fields);
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
      onMetrics: (rows) => queue.appendMetrics(job.id, rows),
      onArtifact: (artifact) => events.emit('job.artifact', { jobId: job.id, artifact }),
      onStalled: (ms) => log(`Job ${job.id} has printed nothing for ${Math.round(ms / 60_000)} min.`),
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

  const launchJob = async (jobId: string, gpuUuids: string[]): Promise<void> => {
    launching.set(jobId, gpuUuids);
    try {
      const sample = options.gpus.latest();
      const gpuIndices = gpuUuids.map((uuid) => sample?.gpus.find((gpu) => gpu.uuid === uuid)?.index ?? -1);
      const port = await findPort(queue.unfinishedPorts());
      // While the port was found the host may have closed, or the user canceled or deleted the job.
      if (isClosed() || !launchGoesOn(jobId)) return;
      let job = queue.get(jobId);
      // GPUs and port are on record before anything starts (a relaunch records its new port with the launch).
      if (job.status === 'queued')
        job = queue.transition(jobId, 'starting', { assignedGpus: gpuUuids, masterPort: port });
      const runDir = queue.runDir(jobId);
      mkdirSync(runDir, { recursive: true });
      let prepared: PreparedRun;
      let started: StartResult;
      try {
        prepared = await options.prepareRun(job, { runDir, gpuIndices, port });
        // Canceled while its files were written: nothing runs yet, so the launch ends here.
        if (isClosed() || !launchGoesOn(jobId)) return;
        const settings = options.settings();
        const child = buildChildEnvironment({
          base: process.env,
          installEnv: prepared.installEnv,
          gpuIndices,
          port,
          jobId,
          runDir,
          hookDir: options.hookDir,
        });
        writeFileSync(
          join(runDir, 'command.txt'),
          formatCommandFile({ jobId, cwd: prepared.cwd, set: child.set, argv: prepared.argv }),
        );
        started = await executor.start({
          jobId,
          runDir,
          python: prepared.python,
          cwd: prepared.cwd,
          argv: prepared.argv,
          env: child,
          graceSeconds: settings.stopGraceSeconds,
          watch: prepared.watch,
        });
      } catch (error) {
        if (isClosed()) return;
        // Canceled while it was being prepared: nothing started, so the cancel is what happened.
        if (queue.get(jobId).status === 'stopping') {
          queue.transition(jobId, 'canceled');
          return;
        }
        // A missing install or an unwritable config fails this job, never the supervisor.
        queue.transition(
          jobId,
          'failed',
          error instanceof PrepareRunError
            ? { errorReason: error.reason, errorHint: error.hint }
            : {
                errorReason: `It could not be prepared: ${error instanceof Error ? error.message : String(error)}`,
                errorHint: 'Check the job config and the trainer install in the settings.',
              },
        );
        return;
      }
      // Closed while the wrapper started: the training runs on; its launch.json lets the next start adopt it.
      if (isClosed()) return;
      if (!started.ok) {
        // Canceled while the wrapper started, and nothing started: the cancel is what happened.
        if (queue.get(jobId).status === 'stopping') {
          queue.transition(jobId, 'canceled');
          return;
        }
        queue.transition(jobId, 'failed', {
          errorReason: `The trainer did not start (${started.code}): ${started.message}`,
          errorHint: 'Check the trainer install in the settings (interpreter and folder).',
        });
        return;
      }
      const launch = started.launch;
      // Canceled while the wrapper started (the job is `stopping`): the tree exists now, and follow
      // stops it at once; its launch is not recorded, since the queue keeps one only while it starts or runs.
      if (queue.get(jobId).status === 'starting') {
        try {
          queue.recordLaunch(jobId, {
            wrapper: launch.wrapper,
            trainer: {
              pid: launch.trainer.pid,
              startTime: launch.trainer.startTime,
              pgid: launch.trainer.pgid,
            },
            masterPort: port,
            gpus: gpuUuids,
          });
          queue.transition(jobId, 'running');
        } catch (error) {
          // A full disk must not leave a started tree unfollowed: followed, it still ends and frees its GPUs.
          log(`Job ${jobId}: its start could not be recorded (${String(error)}); following it all the same.`);
        }
      }
      follow(queue.get(jobId), launch, prepared, job.attempt > 1);
    } finally {
      launching.delete(jobId);
      scheduleDispatch();
    }
  };

  /** The job, or null once it was deleted. */
  const findJob = (jobId: string): Job | null => {
    try {
      return queue.get(jobId);
    } catch (error) {
      if (error instanceof HandlerError && error.error.code === 'not_found') return null;
      throw error;
    }
  };

  /**
   * The job still exists and still waits to be launched (queued, or starting, again after a port clash).
   * Canceled meanwhile (`stopping`) before anything of it runs: the cancel is complete, it ends `canceled`.
   */
  const launchGoesOn = (jobId: string): boolean => {
    const status = findJob(jobId)?.status;
    if (status === 'stopping') queue.transition(jobId, 'canceled');
    return status === 'queued' || status === 'starting';
  };

  /** Only diffusion-pipe shares caches: its config is read for them once per job, nobody else's. */
  const cacheKeysOf = (job: Pick<Job, 'id' | 'trainer'>): string[] => {
    if (job.trainer !== 'diffusion-pipe') return [];
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

  const reconcile = (): void => {
    for (const job of queue.jobsIn(activeStatuses)) {
      const runDir = queue.runDir(job.id);
      const adoption = executor.adopt(runDir);
      if (
        adoption.kind === 'exited' ||
        adoption.kind === 'wrapper-alive' ||
        adoption.kind === 'trainer-alive'
      ) {
        if (job.status === 'starting' && adoption.kind !== 'exited') queue.transition(job.id, 'running');
        follow(queue.get(job.id), adoption.launch, {});
        if (adoption.kind === 'exited') {
          const entry = active.get(job.id);
          if (entry) finishJob(job.id, entry.watch.finish(adoption.exit, entry.stopRequested));
        }
        continue;
      }
      // Canceled, and nothing of it runs now: the stop is complete (never re-queued against the cancel).
      if (job.status === 'stopping') {
        queue.transition(job.id, 'canceled');
        continue;
      }
      queue.transition(job.id, 'interrupted', {
        errorReason:
          'Its trainer was gone when DPGui started again (the machine restarted or the tree was killed).',
        errorHint: 'Retry it; with resume, it continues from its last saved state.',
      });
      if (options.settings().requeueInterrupted) queue.transition(job.id, 'queued');
    }
  };

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
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
      for (const entry of active.values()) {
        entry.unwatchExit();
        entry.watch.close();
      }
      active.clear();
    },
    waitReasons() {
      if (queue.state().paused) {
        const reason = 'The queue is paused: no job starts until it is resumed.';
        return queue.jobsIn(['queued']).map((job) => ({ jobId: job.id, reason }));
      }
      // Planned now for every waiting job (a dispatch plans only as far as a job may start).
      const planner = newPlanner();
      for (const job of queue.waitingToStart()) if (!launching.has(job.id)) planner.offer(waitingJob(job));
      return planner.plan().waiting;
    },
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
