/**
 * JobQueue: the one owner of the jobs. Every change is one SQLite transaction at synchronous=FULL that
 * also rewrites the job's job.json, and is announced to `onChange` listeners after it committed. The
 * handlers (queue-handlers.ts) serve the contract with it; the supervisor drives launches with
 * `transition`, `recordLaunch`, `recordProgress`, `appendMetrics` and reads `waitingToStart`,
 * `unfinishedPorts`, `jobsIn`, `hasJobsIn` and `needsReconciliation`.
 *
 * Nothing a single request or a dispatch does grows with the number of jobs: the checks at enqueue
 * read an in-memory index of the unfinished jobs' outputs (`outputClashes`), a dispatch pages through
 * the queued jobs only as far as a job can still start, and a move respreads only the keys near it.
 *
 * Errors a caller should see are HandlerErrors: `not_found`, `conflict` (an illegal move, naming both
 * states), `invalid_payload` (config refused by the validator) and `io_error` (disk full, read-only).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import {
  contractError,
  finishedJobStatuses,
  jobStatuses,
  type ErrorDetail,
  type Job,
  type JobAbility,
  type JobListPage,
  type JobListQuery,
  type JobMetrics,
  type JobMetricsQuery,
  type JobProgress,
  type JobReplacement,
  type JobStatus,
  type JobSummary,
  type MetricPoint,
  type NewJob,
  type QueueChanged,
  type QueueState,
  type ReorderTarget,
  type TrainerConfig,
  type TrainerKind,
  type Unsubscribe,
} from '../../../shared/contract';
import { HandlerError } from '../contract/dispatcher';
import { describeIoError } from '../fs/describe-io-error';
import type { JobLookup } from '../trainers/runtime';
import { createJobFile, runsDirOf, writeJobFile } from './job-files';
import { createJobListQuery } from './job-list-query';
import {
  insertJobSql,
  jobToRow,
  jobToSummary,
  jobToUpdate,
  rowToJob,
  rowToSummary,
  summaryColumns,
  updateJobSql,
  type JobRow,
} from './job-rows';
import { abilitiesOf } from './job-abilities';
import { activeStatuses, isFinished, movedJob, waitingStatuses, type TransitionFields } from './job-states';
import { openMetricsStore, type MetricsStore } from './metrics-store';
import { createOutputIndex, type IndexedOutput, type JobOutput } from './output-index';
import { openQueueDatabase } from './queue-database';
import { savedStateOfJob } from './saved-state';
import { parseStoredConfig, readStoredConfig } from './stored-config';
import { describeMove } from './queue-moves';
import { createQueueOrder } from './queue-order';
import { describeStorageFailure, type SqliteDatabase } from './sqlite';
import { statementCache } from './statement-cache';

/**
 * Checks a config for a trainer at enqueue; an empty list accepts it. Paths are relative to the config.
 * `replacing` names the job an edit takes the place of, so checks against other jobs (two jobs writing
 * the same output) do not count the job being replaced.
 */
export type ConfigValidator = (
  trainer: TrainerKind,
  config: TrainerConfig,
  context: { replacing?: string },
) => ErrorDetail[];

/** Accepts every config the contract's schema accepts (tests of the queue apart from the trainers). */
export const acceptAnyObjectConfig: ConfigValidator = () => [];

export interface JobQueueOptions {
  dataDir: string;
  /** Checks a job.json record against the contract's Job schema (used when rebuilding the queue). */
  isJob: (value: unknown) => boolean;
  validateConfig?: ConfigValidator;
  /**
   * Where a job's config writes (its trainer's output folders and names), for `outputClashes`; read
   * once per unfinished job. None by default.
   */
  outputsOf?: OutputsOf;
  now?: () => Date;
  /** Cap queue.db at this many pages (tests of a full disk). */
  maxPageCount?: number;
  /** The disk is full: open both files without writing (see OpenDatabaseOptions.fullDisk). */
  fullDisk?: boolean;
  /** Ids for new jobs (tests that need to know them); `newJobId` by default. */
  newId?: () => string;
  /**
   * Whether a resumed retry of a job that just ended would find a saved state; by default its trainer's
   * runtime looks (tests of the queue alone may say "not looked").
   */
  savedStateOf?: (job: Job, lookup: JobLookup) => JobAbility | null;
  /** Where a failing onChange listener is reported (the host's log). */
  log?: (line: string) => void;
  /** A sentence for the user about something found after start-up (a damaged metrics file replaced). */
  onNotice?: (sentence: string) => void;
}

/** What a retry changes besides resume (jobs.retry's `from`, a raised total, retries first). */
export interface RetryOptions {
  /** The saved state a resumed retry continues from (checked by the caller); absent: the newest. */
  resumeFrom?: string;
  /** The config values of the new job (a raised total); absent: the source's. */
  values?: Record<string, unknown>;
  /** First among the waiting jobs instead of at the end of the queue. */
  first?: boolean;
}

export type OutputsOf = (trainer: TrainerKind, config: TrainerConfig) => readonly JobOutput[];

/** Fields a transition may set besides the state (the supervisor's knowledge of the launch and exit). */
export type { TransitionFields } from './job-states';

export interface LaunchRecord {
  wrapper: { pid: number; startTime: string | null; bootId: string | null };
  trainer: { pid: number | null; startTime: string | null; pgid: number | null };
  /** Where the launch keeps its files, if not the job's run folder. */
  runDir?: string;
  masterPort: number | null;
  /** GPU uuids given to the job. */
  gpus: string[];
}

export type QueueChange = { kind: 'job'; job: JobSummary } | { kind: 'queue'; state: QueueChanged };

export interface JobQueue {
  enqueue(input: NewJob): Job;
  replace(input: JobReplacement): Job;
  list(query: JobListQuery): JobListPage;
  get(id: string): Job;
  metrics(query: JobMetricsQuery): JobMetrics;
  reorder(id: string, to: ReorderTarget): JobSummary;
  /** Canceled by the user through jobs.cancel (who and when are recorded on the job). */
  cancel(id: string): JobSummary;
  /**
   * What a look for a finished job's saved state found (jobs.retry with resume looks each time): its
   * abilities change, and a job.updated says so, when it differs from what they said.
   */
  recordSavedState(id: string, savedState: JobAbility): Job;
  retry(id: string, resume?: boolean, options?: RetryOptions): Job;
  hold(id: string): JobSummary;
  release(id: string): JobSummary;
  delete(id: string, removeRunFolder?: boolean): { id: string; runFolderRemoved: boolean };
  pause(): QueueState;
  resume(): QueueState;
  state(): QueueState;

  /** Moves a job to another state if the table allows it (else a `conflict` error naming both). */
  transition(id: string, to: JobStatus, fields?: TransitionFields): Job;
  /** The process tree, port and GPUs of a job that is starting or running. */
  recordLaunch(id: string, launch: LaunchRecord): Job;
  /** Keeps the last progress of an active job (no event: the supervisor pushes job.progress itself). */
  recordProgress(id: string, progress: JobProgress): boolean;
  appendMetrics(id: string, points: readonly MetricPoint[]): void;
  /** Queued jobs in the order they should start; empty while the queue is paused. */
  dispatchOrder(): JobSummary[];
  /**
   * The same, read a page at a time as the caller goes on (a dispatch stops as soon as no other job
   * can start): after the job at position `after`, only the ones that ask for no GPU if asked.
   */
  waitingToStart(options?: { after?: number; withoutGpus?: boolean }): Iterable<JobSummary>;
  /**
   * Outputs of unfinished jobs (queued, held, starting, running, stopping) that clash with these:
   * the same folder and name, or nested folders where either has no name. At most one per output.
   */
  outputClashes(outputs: readonly JobOutput[], exceptJobId?: string): IndexedOutput[];
  /** Master ports recorded on jobs that are not finished: never hand them out again. */
  unfinishedPorts(): number[];
  jobsIn(statuses: readonly JobStatus[]): Job[];
  /** Whether any job is in one of these states (an index lookup). */
  hasJobsIn(statuses: readonly JobStatus[]): boolean;
  /** Jobs were left starting, running or stopping: the supervisor must reconcile before dispatching. */
  needsReconciliation(): boolean;
  runDir(id: string): string;
  onChange(listener: (change: QueueChange) => void): Unsubscribe;
  close(): void;
}

export interface OpenedJobQueue {
  queue: JobQueue;
  /** Sentences for the user (a database kept aside and rebuilt, …). */
  notices: string[];
}

/** `20261125-145300-3f9a2c1b7d4e`: sorts by creation time, unique without coordination. */
export function newJobId(now: Date): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return `${stamp}-${randomBytes(6).toString('hex')}`;
}

function notFound(id: string): HandlerError {
  return new HandlerError(
    contractError('not_found', `There is no job ${id}.`, [{ path: 'id', message: 'no such job' }]),
  );
}

function conflict(message: string): HandlerError {
  return new HandlerError(contractError('conflict', message));
}

/** A cancel the user asked through jobs.cancel (the move records when). */
export const cancelFields: TransitionFields = { canceledBy: { actor: 'user', via: 'jobs.cancel' } };

const sameAbility = (a: JobAbility, b: JobAbility): boolean =>
  a.allowed === b.allowed && a.reason === b.reason;

/** Queued jobs read per page by `waitingToStart`. */
const waitingPageSize = 64;

const quoted = (statuses: readonly string[]): string => statuses.map((s) => `'${s}'`).join(', ');

export function openJobQueue(options: JobQueueOptions): OpenedJobQueue {
  const now = options.now ?? (() => new Date());
  const validateConfig = options.validateConfig ?? acceptAnyObjectConfig;
  const runsDir = runsDirOf(options.dataDir);
  const opened = openQueueDatabase({
    dataDir: options.dataDir,
    runsDir,
    isJob: options.isJob,
    now,
    ...(options.maxPageCount === undefined ? {} : { maxPageCount: options.maxPageCount }),
    ...(options.fullDisk ? { fullDisk: true } : {}),
  });
  let metrics: MetricsStore;
  let metricsNotices: string[];
  try {
    ({ store: metrics, notices: metricsNotices } = openMetricsStore(
      options.dataDir,
      now,
      options.onNotice,
      options.fullDisk ?? false,
    ));
  } catch (error) {
    opened.db.close();
    throw error;
  }
  const newId = options.newId ?? (() => newJobId(now()));
  const savedStateOf = options.savedStateOf ?? savedStateOfJob;
  const log = options.log ?? ((line: string) => console.error(line));
  const outputsOf = options.outputsOf ?? (() => []);
  const queue = createJobQueue(opened.db, metrics, {
    runsDir,
    now,
    validateConfig,
    outputsOf,
    newId,
    log,
    savedStateOf,
  });
  return { queue, notices: [...opened.notices, ...metricsNotices] };
}

interface QueueContext {
  savedStateOf: (job: Job, lookup: JobLookup) => JobAbility | null;
  runsDir: string;
  now: () => Date;
  validateConfig: ConfigValidator;
  outputsOf: OutputsOf;
  newId: () => string;
  log: (line: string) => void;
}

/** Jobs that are not finished: their outputs are in use. */
const unfinishedStatuses: readonly JobStatus[] = jobStatuses.filter((status) => !isFinished(status));

function createJobQueue(db: SqliteDatabase, metrics: MetricsStore, ctx: QueueContext): JobQueue {
  const listeners = new Set<(change: QueueChange) => void>();
  const sql = statementCache(db);
  const stamp = (): string => ctx.now().toISOString();
  // Creation times are unique and increasing (a burst creates several jobs per millisecond), so that a
  // queue rebuilt from job.json files in order of creation comes back in exactly that order.
  let lastCreated = Date.parse(
    (db.prepare('SELECT MAX(created_at) AS at FROM jobs').get() as { at: string | null }).at ??
      '1970-01-01T00:00:00Z',
  );
  const creationStamp = (): string => {
    lastCreated = Math.max(ctx.now().getTime(), lastCreated + 1);
    return new Date(lastCreated).toISOString();
  };

  const findRow = (id: string): JobRow | undefined =>
    sql('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
  const lookup: JobLookup = (id) => {
    const row = findRow(id);
    return row ? rowToJob(row) : null;
  };
  const mustGet = (id: string): Job => {
    const row = findRow(id);
    if (!row) throw notFound(id);
    return rowToJob(row);
  };
  const insertJob = (job: Job): void => {
    sql(insertJobSql).run(jobToRow(job));
  };
  const updateJob = (job: Job): void => {
    sql(updateJobSql).run(jobToUpdate(job));
  };

  const emit = (change: QueueChange): void => {
    for (const listener of [...listeners]) {
      try {
        listener(change);
      } catch (error) {
        // A listener's failure is its own: the change is stored and the others are told.
        ctx.log(
          `A job queue listener failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      }
    }
  };
  // The outputs of the unfinished jobs, each config read once: at start-up, then as jobs are created
  // or come back from "interrupted". Kept with every announced change, before the listeners hear it.
  const outputs = createOutputIndex();
  const indexJob = (job: Pick<Job, 'id' | 'name' | 'status' | 'trainer' | 'config'>): void => {
    if (isFinished(job.status)) outputs.remove(job.id);
    else outputs.put(job, () => ctx.outputsOf(job.trainer, job.config));
  };
  for (const row of db
    .prepare(
      `SELECT id, name, status, trainer, config FROM jobs WHERE status IN (${quoted(unfinishedStatuses)})`,
    )
    .all() as JobRow[]) {
    outputs.put({ id: row.id, name: row.name, status: row.status }, () =>
      ctx.outputsOf(
        row.trainer as TrainerKind,
        parseStoredConfig(row.trainer as TrainerKind, row.config).config,
      ),
    );
  }
  const emitJob = (job: Job): void => {
    indexJob(job);
    emit({ kind: 'job', job: jobToSummary(job) });
  };

  /**
   * Runs a change as one transaction; storage failures become io_error that say what failed and that
   * nothing stored was lost. job.json files written by a transaction that then failed are restored.
   */
  const write = <T>(what: string, touched: string[], change: () => T): T => {
    try {
      return db.transaction(change)();
    } catch (error) {
      // A refusal (HandlerError) comes before any file is written; anything else may come after.
      if (error instanceof HandlerError) throw error;
      restoreJobFiles(touched);
      const storage = describeStorageFailure(error);
      const errno = (error as NodeJS.ErrnoException).code;
      // File-system errors (ENOSPC, EACCES… from job.json) are io too; SQLite's others are bugs.
      const io =
        storage ?? (typeof errno === 'string' && /^E[A-Z]+$/.test(errno) ? describeIoError(error) : null);
      if (io === null) throw error;
      throw new HandlerError(
        contractError('io_error', `Could not ${what}: ${io}. Nothing that was already stored was lost.`),
      );
    }
  };
  const restoreJobFiles = (ids: readonly string[]): void => {
    for (const id of ids) {
      try {
        const row = findRow(id);
        if (row) writeJobFile(rowToJob(row));
        else rmSync(join(ctx.runsDir, id), { recursive: true, force: true });
      } catch {
        // Best effort: the database is the durable copy.
      }
    }
  };

  const order = createQueueOrder(sql);
  const { endPosition, firstWaitingPosition, positionNextTo } = order;

  // Creating jobs -------------------------------------------------------------------------------------
  interface NewJobFields {
    name: string;
    trainer: TrainerKind;
    config: TrainerConfig;
    gpus: Job['gpus'];
    status: 'queued' | 'held';
    retriedFrom?: string | null;
    clonedFrom?: string | null;
    resume?: boolean;
    resumeFrom?: string | null;
  }
  const checkConfig = (
    trainer: TrainerKind,
    config: TrainerConfig,
    name: string,
    replacing?: string,
  ): void => {
    const details = ctx
      .validateConfig(trainer, config, replacing === undefined ? {} : { replacing })
      .map((d) => ({
        // The path of the field as issues and greyed fields name it ("values.x", "family").
        path: d.path === '' ? 'config' : d.path,
        message: d.message,
      }));
    if (details.length > 0) {
      throw new HandlerError(
        contractError(
          'invalid_payload',
          `The config of "${name}" is not valid for ${trainer}: ${details.map((d) => `${d.path} ${d.message.replace(/\.+$/, '')}`).join('; ')}. Fix these fields and enqueue it again.`,
          details,
        ),
      );
    }
  };
  /** Inside a transaction: inserts the job and writes its job.json. */
  const createJob = (fields: NewJobFields, position: number, id: string): Job => {
    const created = creationStamp();
    const job: Job = {
      id,
      name: fields.name,
      trainer: fields.trainer,
      config: fields.config,
      // Only a retry of a job stored before configs were typed can carry a config that is not one.
      configProblem: readStoredConfig(fields.trainer, fields.config).problem ?? null,
      gpus: fields.gpus,
      status: fields.status,
      position,
      assignedGpus: null,
      masterPort: null,
      process: null,
      runDir: join(ctx.runsDir, id),
      createdAt: created,
      updatedAt: created,
      startedAt: null,
      finishedAt: null,
      exitCode: null,
      exitSignal: null,
      errorReason: null,
      errorHint: null,
      lastProgress: null,
      attempt: 1,
      retriedFrom: fields.retriedFrom ?? null,
      clonedFrom: fields.clonedFrom ?? null,
      resume: fields.resume ?? false,
      resumeFrom: fields.resumeFrom ?? null,
      reasonCode: null,
      canceledBy: null,
      canceledAt: null,
      abilities: abilitiesOf({ id, status: fields.status, trainer: fields.trainer, savedState: null }),
    };
    insertJob(job);
    createJobFile(job);
    return job;
  };

  /** Inside a transaction: checks the move against the table, stores it and rewrites job.json. */
  const applyTransition = (job: Job, to: JobStatus, fields: TransitionFields = {}): Job => {
    // Into a finished state: whether a resumed retry would find its saved state is looked for now,
    // so that its abilities say so (jobs.retry looks again and corrects it when the disk changed).
    const savedState =
      fields.savedState !== undefined || !isFinished(to) ? fields.savedState : ctx.savedStateOf(job, lookup);
    const next = movedJob(job, to, { ...fields, savedState }, stamp());
    updateJob(next);
    writeJobFile(next);
    return next;
  };
  const transitionById = (id: string, to: JobStatus, fields?: TransitionFields): Job => {
    const job = write(`change job ${id} to "${to}"`, [id], () => applyTransition(mustGet(id), to, fields));
    emitJob(job);
    return job;
  };

  // Queue state ---------------------------------------------------------------------------------------
  const pausedAt = (): string | null =>
    (sql("SELECT value FROM queue_meta WHERE key = 'pausedAt'").get() as { value: string } | undefined)
      ?.value ?? null;
  const state = (): QueueState => {
    const counts = Object.fromEntries(jobStatuses.map((s) => [s, 0])) as QueueState['counts'];
    for (const row of sql('SELECT status, COUNT(*) AS n FROM jobs GROUP BY status').all() as {
      status: JobStatus;
      n: number;
    }[])
      counts[row.status] = row.n;
    const at = pausedAt();
    return { paused: at !== null, pausedAt: at, counts };
  };
  const emitQueue = (
    reason: QueueChanged['reason'],
    what: Pick<QueueChanged, 'moved' | 'removed'> = {},
  ): QueueState => {
    const current = state();
    emit({ kind: 'queue', state: { ...current, reason, ...what } });
    return current;
  };

  const summariesWhere = (where: string, params: unknown[] = []): JobSummary[] =>
    (
      sql(`SELECT ${summaryColumns} FROM jobs WHERE ${where} ORDER BY position`).all(...params) as JobRow[]
    ).map(rowToSummary);

  return {
    enqueue(input) {
      checkConfig(input.config.trainer, input.config, input.name);
      if (input.clonedFrom !== undefined && !findRow(input.clonedFrom)) throw notFound(input.clonedFrom);
      const id = ctx.newId();
      const job = write(`queue "${input.name}"`, [id], () =>
        createJob(
          { ...input, trainer: input.config.trainer, status: 'queued', clonedFrom: input.clonedFrom ?? null },
          endPosition(),
          id,
        ),
      );
      emitJob(job);
      return job;
    },

    replace(input) {
      const old = mustGet(input.id);
      if (!waitingStatuses.includes(old.status)) {
        throw conflict(
          `Job ${old.id} is "${old.status}": only a waiting (queued or held) job can be edited. Retry it to run it again with changes.`,
        );
      }
      checkConfig(input.config.trainer, input.config, input.name, old.id);
      const id = ctx.newId();
      const [fresh, canceled] = write(`replace job ${old.id}`, [id, old.id], () => {
        const created = createJob(
          {
            name: input.name,
            trainer: input.config.trainer,
            config: input.config,
            gpus: input.gpus,
            status: old.status === 'held' ? 'held' : 'queued',
            clonedFrom: old.clonedFrom,
          },
          positionNextTo(old.id, 'before', id),
          id,
        );
        const ended = applyTransition(old, 'canceled', {
          errorReason: `Replaced by the edited job ${created.id}.`,
          reasonCode: 'replaced',
          canceledBy: { actor: 'user', via: 'jobs.replace' },
        });
        return [created, ended] as const;
      });
      emitJob(canceled);
      emitJob(fresh);
      return fresh;
    },

    list: createJobListQuery(sql),

    get: mustGet,

    metrics(query) {
      mustGet(query.id);
      return metrics.read(query.id, {
        maxPoints: query.maxPoints ?? 500,
        ...(query.fromStep === undefined ? {} : { fromStep: query.fromStep }),
        ...(query.toStep === undefined ? {} : { toStep: query.toStep }),
      });
    },

    reorder(id, to) {
      const job = mustGet(id);
      if (!waitingStatuses.includes(job.status)) {
        throw conflict(`Job ${id} is "${job.status}": only waiting (queued or held) jobs can be moved.`);
      }
      if (typeof to === 'object') {
        if (to.before === id) return jobToSummary(job);
        if (!findRow(to.before)) throw notFound(to.before);
      }
      const moved = write(`move job ${id}`, [], () => order.move(job, to, stamp));
      if (moved !== job) {
        emitJob(moved);
        emitQueue('order', { moved: [describeMove(sql, id, job.position, moved.position)] });
      }
      return jobToSummary(moved);
    },

    cancel(id) {
      const job = mustGet(id);
      if (job.status === 'stopping') return jobToSummary(job);
      const target: JobStatus =
        job.status === 'starting' || job.status === 'running' ? 'stopping' : 'canceled';
      return jobToSummary(transitionById(id, target, cancelFields));
    },

    recordSavedState(id, savedState) {
      const job = mustGet(id);
      if (!isFinished(job.status) || sameAbility(job.abilities.resume, savedState)) return job;
      const next = write(`record what job ${id} saved`, [id], () => {
        const updated: Job = {
          ...job,
          abilities: abilitiesOf({ ...job, savedState }),
          updatedAt: stamp(),
        };
        updateJob(updated);
        writeJobFile(updated);
        return updated;
      });
      emitJob(next);
      return next;
    },

    retry(id, resume = false, options = {}) {
      const source = mustGet(id);
      if (!isFinished(source.status)) {
        throw conflict(`Job ${id} is "${source.status}": only a finished job can be retried.`);
      }
      const newId = ctx.newId();
      const job = write(`retry job ${id}`, [newId], () =>
        createJob(
          {
            name: source.name,
            trainer: source.trainer,
            config: options.values ? { ...source.config, values: options.values } : source.config,
            gpus: source.gpus,
            status: 'queued',
            retriedFrom: source.id,
            clonedFrom: source.clonedFrom,
            resume,
            resumeFrom: resume ? (options.resumeFrom ?? null) : null,
          },
          options.first ? firstWaitingPosition(newId) : endPosition(),
          newId,
        ),
      );
      emitJob(job);
      return job;
    },

    hold: (id) => jobToSummary(transitionById(id, 'held')),
    release: (id) => jobToSummary(transitionById(id, 'queued')),

    delete(id, removeRunFolder = false) {
      const job = mustGet(id);
      if (!isFinished(job.status)) {
        throw conflict(
          `Job ${id} is "${job.status}": only finished jobs (${finishedJobStatuses.join(', ')}) can be deleted.`,
        );
      }
      write(`delete job ${id}`, [], () => {
        sql('DELETE FROM jobs WHERE id = ?').run(id);
        // Marked in its folder, so that a rebuild of the queue does not bring it back.
        writeJobFile(job, stamp());
      });
      metrics.remove(id);
      let runFolderRemoved = false;
      const folder = resolve(job.runDir);
      // Only DPGui's own run folder, never anything outside runs/ (the trainer's outputs live elsewhere).
      if (removeRunFolder && folder.startsWith(resolve(ctx.runsDir) + sep)) {
        rmSync(folder, { recursive: true, force: true });
        runFolderRemoved = true;
      }
      emitQueue('order', { removed: [id] });
      return { id, runFolderRemoved };
    },

    pause() {
      if (pausedAt() !== null) return state();
      write('pause the queue', [], () =>
        sql("INSERT OR REPLACE INTO queue_meta (key, value) VALUES ('pausedAt', ?)").run(stamp()),
      );
      return emitQueue('pause');
    },

    resume() {
      if (pausedAt() === null) return state();
      write('resume the queue', [], () => sql("DELETE FROM queue_meta WHERE key = 'pausedAt'").run());
      return emitQueue('pause');
    },

    state,

    transition: transitionById,

    recordLaunch(id, launch) {
      const job = write(`record the launch of job ${id}`, [id], () => {
        const current = mustGet(id);
        if (current.status !== 'starting' && current.status !== 'running') {
          throw conflict(
            `Job ${id} is "${current.status}": a launch is recorded only while it starts or runs.`,
          );
        }
        const next: Job = {
          ...current,
          process: {
            wrapperPid: launch.wrapper.pid,
            wrapperStartTime: launch.wrapper.startTime,
            bootId: launch.wrapper.bootId,
            trainerPid: launch.trainer.pid,
            trainerStartTime: launch.trainer.startTime,
            trainerPgid: launch.trainer.pgid,
          },
          masterPort: launch.masterPort,
          assignedGpus: launch.gpus,
          runDir: launch.runDir ?? current.runDir,
          updatedAt: stamp(),
        };
        updateJob(next);
        writeJobFile(next);
        return next;
      });
      emitJob(job);
      return job;
    },

    recordProgress(id, progress) {
      // Progress comes several times a second and is not precious: committed without waiting for the
      // disk (WAL keeps it ordered; the next FULL commit makes it durable with everything before it).
      db.pragma('synchronous = NORMAL');
      try {
        const result = write(`record the progress of job ${id}`, [], () =>
          sql(`UPDATE jobs SET last_progress = ? WHERE id = ? AND status IN (${quoted(activeStatuses)})`).run(
            JSON.stringify({ ...progress, jobId: id }),
            id,
          ),
        );
        return result.changes > 0;
      } finally {
        db.pragma('synchronous = FULL');
      }
    },

    appendMetrics(id, points) {
      metrics.append(id, points);
    },

    dispatchOrder: () => (pausedAt() !== null ? [] : summariesWhere("status = 'queued'")),

    *waitingToStart(options = {}) {
      if (pausedAt() !== null) return;
      // The partial index's own terms, and named: SQLite would otherwise walk every queued job.
      const filter = options.withoutGpus
        ? "INDEXED BY jobs_queued_without_gpus WHERE status = 'queued' AND json_extract(gpu_request, '$.count') = 0"
        : "WHERE status = 'queued'";
      const page = sql(
        `SELECT ${summaryColumns} FROM jobs ${filter} AND position > ? ORDER BY position LIMIT ${waitingPageSize}`,
      );
      for (let after = options.after ?? Number.MIN_SAFE_INTEGER; ;) {
        const rows = page.all(after) as JobRow[];
        for (const row of rows) yield rowToSummary(row);
        const last = rows[rows.length - 1];
        if (rows.length < waitingPageSize || !last) return;
        after = last.position;
      }
    },

    outputClashes: (wanted, exceptJobId) => outputs.clashes(wanted, exceptJobId),

    unfinishedPorts: () =>
      (
        sql(
          `SELECT DISTINCT master_port AS port FROM jobs WHERE master_port IS NOT NULL AND status NOT IN (${quoted(finishedJobStatuses)})`,
        ).all() as { port: number }[]
      ).map((r) => r.port),

    jobsIn: (statuses) =>
      statuses.length === 0
        ? []
        : (
            sql(
              `SELECT * FROM jobs WHERE status IN (${statuses.map(() => '?').join(', ')}) ORDER BY position`,
            ).all(...statuses) as JobRow[]
          ).map(rowToJob),

    hasJobsIn: (statuses) =>
      statuses.length > 0 &&
      sql(`SELECT 1 FROM jobs WHERE status IN (${statuses.map(() => '?').join(', ')}) LIMIT 1`).get(
        ...statuses,
      ) !== undefined,

    needsReconciliation: () =>
      sql(`SELECT 1 FROM jobs WHERE status IN (${quoted(activeStatuses)}) LIMIT 1`).get() !== undefined,

    runDir: (id) => mustGet(id).runDir,

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    close() {
      listeners.clear();
      metrics.close();
      db.close();
    },
  };
}
