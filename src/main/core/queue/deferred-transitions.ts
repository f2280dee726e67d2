/**
 * A job's end must be recorded even when the disk is full. The queue stores every state change in
 * queue.db and the job's job.json; when the disk refuses (io_error), a change that records what
 * happened to a training (stopping, canceled, failed, succeeded, interrupted; and every change while the
 * host started read-only on a full disk) is kept in memory instead: reads show it, listeners hear it
 * (the supervisor stops the tree on "stopping" as usual), and it is written, in order, once the disk
 * takes writes again (`flush`, tried every few seconds while anything waits).
 *
 * Without a deferred change this is the queue itself: nothing is read twice.
 */
import { type Job, type JobStatus, type JobSummary, type Unsubscribe } from '../../../shared/contract';
import { HandlerError } from '../contract/dispatcher';
import { jobToSummary } from './job-rows';
import { movedJob } from './job-states';
import { cancelFields, type JobQueue, type QueueChange, type TransitionFields } from './job-queue';
import { describeStorageFailure } from './sqlite';

/** States that record what happened to a training: never lost because the disk is full. */
const endingStatuses: readonly JobStatus[] = ['stopping', 'canceled', 'failed', 'succeeded', 'interrupted'];

export interface DeferredTransitionsOptions {
  /** The host started read-only on a full disk: any change may wait, and nothing is dispatched. */
  readOnly: () => boolean;
  now?: () => Date;
  log?: (line: string) => void;
  /** How often waiting changes are tried again (default 5 s). */
  retryMs?: number;
}

export interface DeferredTransitions {
  queue: JobQueue;
  /** Writes the waiting changes in order; true when none is left. */
  flush(): boolean;
  /** How many jobs have changes waiting to be written. */
  waiting(): number;
}

interface Waiting {
  /** The job as the user sees it (every waiting change applied). */
  job: Job;
  /** Its state in queue.db. */
  stored: JobStatus;
  steps: { to: JobStatus; fields: TransitionFields }[];
}

const isIoError = (error: unknown): boolean =>
  error instanceof HandlerError && error.error.code === 'io_error';

export function withDeferredTransitions(
  inner: JobQueue,
  options: DeferredTransitionsOptions,
): DeferredTransitions {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => {});
  const waiting = new Map<string, Waiting>();
  const listeners = new Set<(change: QueueChange) => void>();
  let retry: NodeJS.Timeout | null = null;
  let metricsDropped = false;

  const shown = (job: Job): Job => waiting.get(job.id)?.job ?? job;
  const shownSummary = (job: JobSummary): JobSummary => {
    const entry = waiting.get(job.id);
    return entry ? jobToSummary(entry.job) : job;
  };

  /** The same move the queue makes (the state table, its effects), kept in memory. */
  const defer = (current: Job, stored: JobStatus, to: JobStatus, fields: TransitionFields = {}): Job => {
    const next = movedJob(current, to, fields, now().toISOString());
    const entry = waiting.get(current.id) ?? { job: next, stored, steps: [] };
    entry.job = next;
    entry.steps.push({ to, fields });
    waiting.set(current.id, entry);
    scheduleRetry();
    const change: QueueChange = { kind: 'job', job: jobToSummary(next) };
    for (const listener of [...listeners]) {
      try {
        listener(change);
      } catch (error) {
        log(`A job queue listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return next;
  };

  const mayWait = (to: JobStatus): boolean => options.readOnly() || endingStatuses.includes(to);

  const transition = (id: string, to: JobStatus, fields?: TransitionFields): Job => {
    const entry = waiting.get(id);
    // Behind a waiting change, in order: written together later.
    if (entry) return defer(entry.job, entry.stored, to, fields);
    try {
      return inner.transition(id, to, fields);
    } catch (error) {
      if (!isIoError(error) || !mayWait(to)) throw error;
      const current = inner.get(id);
      log(
        `Job ${id}: "${to}" could not be written (${(error as HandlerError).error.message}); ` +
          'it is kept in memory and written once the disk takes writes again.',
      );
      return defer(current, current.status, to, fields);
    }
  };

  const flush = (): boolean => {
    for (const [id, entry] of [...waiting]) {
      while (entry.steps.length > 0) {
        const step = entry.steps[0];
        if (!step) break;
        try {
          inner.transition(id, step.to, step.fields);
        } catch (error) {
          if (isIoError(error)) return false;
          // The job moved meanwhile (or is gone): what is stored stands.
          log(`Job ${id}: a waiting change to "${step.to}" was dropped: ${String(error)}`);
          entry.steps.length = 0;
          break;
        }
        entry.steps.shift();
        entry.stored = step.to;
      }
      waiting.delete(id);
    }
    if (retry) clearInterval(retry);
    retry = null;
    return true;
  };

  const scheduleRetry = (): void => {
    if (retry) return;
    retry = setInterval(() => {
      if (flush()) log('The state changes that waited for disk space are written.');
    }, options.retryMs ?? 5000);
    retry.unref();
  };

  const inStatuses = (statuses: readonly JobStatus[]): Job[] => {
    const found = inner
      .jobsIn(statuses)
      .map(shown)
      .filter((job) => statuses.includes(job.status));
    const seen = new Set(found.map((job) => job.id));
    for (const entry of waiting.values())
      if (!seen.has(entry.job.id) && statuses.includes(entry.job.status)) found.push(entry.job);
    return found.sort((a, b) => a.position - b.position);
  };

  // Lazily, as the queue pages it: a dispatch stops reading as soon as no other job can start.
  function* skipWaiting(jobs: Iterable<JobSummary>): Iterable<JobSummary> {
    for (const job of jobs) if (!waiting.has(job.id)) yield job;
  }

  const queue: JobQueue = {
    ...inner,
    get: (id) => shown(inner.get(id)),
    list(query) {
      const page = inner.list(query);
      if (waiting.size === 0) return page;
      const wanted = (job: JobSummary): boolean =>
        (!query.statuses || query.statuses.includes(job.status)) &&
        (!query.search || job.name.toLowerCase().includes(query.search.toLowerCase()));
      const items = page.items.map(shownSummary).filter(wanted);
      let total = page.total - (page.items.length - items.length);
      // Jobs the filter finds only by their waiting state: counted, and shown on the first page.
      const listed = new Set(page.items.map((job) => job.id));
      const extra = [...waiting.values()]
        .map((entry) => jobToSummary(entry.job))
        .filter((job) => !listed.has(job.id) && wanted(job));
      total += extra.length;
      if (query.cursor === undefined && extra.length > 0) {
        items.push(...extra);
        items.sort((a, b) => a.position - b.position);
      }
      return { ...page, items, total };
    },
    cancel(id) {
      const entry = waiting.get(id);
      const current = entry?.job ?? inner.get(id);
      if (current.status === 'stopping') return jobToSummary(current);
      const target: JobStatus =
        current.status === 'starting' || current.status === 'running' ? 'stopping' : 'canceled';
      if (entry) return jobToSummary(defer(current, entry.stored, target, cancelFields));
      try {
        return inner.cancel(id);
      } catch (error) {
        if (!isIoError(error)) throw error;
        log(`Job ${id}: its cancel could not be written; the stop goes ahead and is written later.`);
        return jobToSummary(defer(current, current.status, target, cancelFields));
      }
    },
    transition,
    state() {
      const state = inner.state();
      if (waiting.size === 0) return state;
      const counts = { ...state.counts };
      for (const entry of waiting.values()) {
        counts[entry.stored] -= 1;
        counts[entry.job.status] += 1;
      }
      return { ...state, counts };
    },
    recordProgress(id, progress) {
      try {
        return inner.recordProgress(id, progress);
      } catch (error) {
        // The last progress is not precious: the next one replaces it.
        if (isIoError(error)) return false;
        throw error;
      }
    },
    appendMetrics(id, points) {
      try {
        inner.appendMetrics(id, points);
      } catch (error) {
        if (describeStorageFailure(error) === null) throw error;
        if (!metricsDropped) log(`Training curve points were not stored: ${String(error)}`);
        metricsDropped = true;
      }
    },
    dispatchOrder: () =>
      options.readOnly() ? [] : inner.dispatchOrder().filter((job) => !waiting.has(job.id)),
    waitingToStart(start) {
      if (options.readOnly()) return [];
      if (waiting.size === 0) return inner.waitingToStart(start);
      return skipWaiting(inner.waitingToStart(start));
    },
    jobsIn: (statuses) => (waiting.size === 0 ? inner.jobsIn(statuses) : inStatuses(statuses)),
    hasJobsIn: (statuses) =>
      waiting.size === 0 ? inner.hasJobsIn(statuses) : inStatuses(statuses).length > 0,
    onChange(listener): Unsubscribe {
      listeners.add(listener);
      const off = inner.onChange(listener);
      return () => {
        listeners.delete(listener);
        off();
      };
    },
    close() {
      if (retry) clearInterval(retry);
      retry = null;
      listeners.clear();
      inner.close();
    },
  };
  return { queue, flush, waiting: () => waiting.size };
}
