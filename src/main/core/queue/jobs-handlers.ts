/**
 * Every jobs.* channel, in one map: the queue answers most of them; what only the supervisor knows
 * (where a resumed retry would continue from, asking a trainer to save, the saved files, why a job
 * waits) comes in as functions, so this module needs nothing above the queue.
 */
import {
  contractError,
  type JobArtifacts,
  type SaveAnswer,
  type WaitReasons,
} from '../../../shared/contract';
import { HandlerError, type Handlers } from '../contract/dispatcher';
import type { JobQueue } from './job-queue';

type JobsChannels = Extract<keyof Handlers, `jobs.${string}`>;

/** Where a resumed retry of a job would continue from, or why it cannot. */
export type ResumeCheck = { ok: true; from: string } | { ok: false; reason: string };

export interface JobsHandlerDeps {
  queue: JobQueue;
  /** What a resumed retry of job `id` would continue from (its trainer's saved state on disk). */
  resumePoint: (id: string) => ResumeCheck;
  /** "Save now" (`quit` false) and "stop and save" (`quit` true). */
  requestSave: (id: string, quit: boolean) => SaveAnswer;
  /** The checkpoints and samples job `id` has saved. */
  artifacts: (id: string) => Promise<JobArtifacts>;
  /** Why each waiting job has not started (the supervisor's view; empty without one). */
  waitReasons: () => WaitReasons['items'];
}

export function createJobsHandlers(deps: JobsHandlerDeps): Pick<Handlers, JobsChannels> {
  const { queue } = deps;
  return {
    'jobs.enqueue': (request) => queue.enqueue(request),
    'jobs.replace': (request) => queue.replace(request),
    'jobs.list': (request) => queue.list(request),
    'jobs.get': ({ id }) => queue.get(id),
    'jobs.metrics': (request) => queue.metrics(request),
    'jobs.reorder': ({ id, to }) => queue.reorder(id, to),
    'jobs.cancel': ({ id }) => queue.cancel(id),
    // A resumed retry with nothing saved to resume from is refused now, saying why, not queued to fail.
    'jobs.retry': ({ id, resume }) => {
      if (resume) {
        const point = deps.resumePoint(id);
        if (!point.ok)
          throw new HandlerError(contractError('conflict', `It cannot be resumed. ${point.reason}`));
      }
      return queue.retry(id, resume ?? false);
    },
    'jobs.hold': ({ id }) => queue.hold(id),
    'jobs.release': ({ id }) => queue.release(id),
    'jobs.delete': ({ id, removeRunFolder }) => queue.delete(id, removeRunFolder ?? false),
    'jobs.save': ({ id }) => deps.requestSave(id, false),
    'jobs.stopAndSave': ({ id }) => deps.requestSave(id, true),
    'jobs.artifacts': ({ id }) => deps.artifacts(id),
    'jobs.waitReasons': () => ({ items: deps.waitReasons() }),
  };
}
