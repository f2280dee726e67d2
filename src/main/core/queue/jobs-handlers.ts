/**
 * Every jobs.* channel, in one map: the queue answers most of them; what only the supervisor knows
 * (where a resumed retry would continue from, asking a trainer to save, the saved files, why a job
 * waits) comes in as functions, so this module needs nothing above the queue.
 */
import {
  contractError,
  type JobAbilityName,
  type JobArtifacts,
  type NewJob,
  type SaveAnswer,
  type WaitReasons,
} from '../../../shared/contract';
import { withShownDefaults } from '../../../shared/trainers';
import { HandlerError, type Handlers } from '../contract/dispatcher';
import type { RaisedTotal, RaisedTotalResult } from '../trainers/runtime';
import { resumeAbility } from './job-abilities';
import type { JobQueue } from './job-queue';

type JobsChannels = Extract<keyof Handlers, `jobs.${string}`>;

/** Where a resumed retry of a job would continue from, or why it cannot. */
export type ResumeCheck = { ok: true; from: string } | { ok: false; reason: string };

export interface JobsHandlerDeps {
  queue: JobQueue;
  /**
   * What a resumed retry of job `id` would continue from (its trainer's saved state on disk): `from`
   * where the request chose one (refused unless it is one of the job's saved states), else the newest.
   */
  resumePoint: (id: string, from?: string) => ResumeCheck;
  /** The config values of a resumed retry of job `id` that trains to a higher total. */
  raisedTotal: (id: string, total: RaisedTotal) => RaisedTotalResult;
  /** Retries go first among the waiting jobs (the retriesFirst setting); at the end when absent. */
  retriesFirst?: () => boolean;
  /** "Save now" (`quit` false) and "stop and save" (`quit` true). */
  requestSave: (id: string, quit: boolean) => SaveAnswer;
  /** The checkpoints and samples job `id` has saved. */
  artifacts: (id: string) => Promise<JobArtifacts>;
  /** Why each waiting job has not started (the supervisor's view; empty without one). */
  waitReasons: () => WaitReasons['items'];
  /**
   * Why a new job (or an edit) could never run here — more GPUs than the machine has, its trainer's
   * install not set up — in a sentence; null to queue it (see enqueue-checks.ts).
   */
  refuseNewJob?: (job: Pick<NewJob, 'name' | 'config' | 'gpus'>) => Promise<string | null>;
}

export function createJobsHandlers(deps: JobsHandlerDeps): Pick<Handlers, JobsChannels> {
  const { queue } = deps;
  const admit = async (job: Pick<NewJob, 'name' | 'config' | 'gpus'>): Promise<void> => {
    const refusal = (await deps.refuseNewJob?.(job)) ?? null;
    if (refusal !== null) throw new HandlerError(contractError('conflict', refusal));
  };
  const invalidField = (field: string, message: string): HandlerError =>
    new HandlerError(contractError('invalid_payload', message, [{ path: field, message }]));
  /** Refused (409) with the job's own reason where its abilities say no: the two never disagree. */
  const able = (id: string, ability: JobAbilityName): void => {
    const { allowed, reason } = queue.get(id).abilities[ability];
    if (!allowed)
      throw new HandlerError(contractError('conflict', reason ?? `Job ${id} cannot do that now.`));
  };
  return {
    // The job keeps what the form showed: the keys its config leaves out take the shown defaults.
    'jobs.enqueue': async (request) => {
      await admit(request);
      return queue.enqueue({ ...request, config: withShownDefaults(request.config) });
    },
    'jobs.replace': async (request) => {
      able(request.id, 'edit');
      await admit(request);
      return queue.replace({ ...request, config: withShownDefaults(request.config) });
    },
    'jobs.list': (request) => queue.list(request),
    'jobs.get': ({ id }) => queue.get(id),
    'jobs.metrics': (request) => queue.metrics(request),
    'jobs.reorder': ({ id, to }) => {
      able(id, 'reorder');
      return queue.reorder(id, to);
    },
    'jobs.cancel': ({ id }) => {
      able(id, 'cancel');
      return queue.cancel(id);
    },
    // A resumed retry with nothing saved to resume from is refused now, saying why, not queued to fail.
    // The disk is looked at again: what the job's abilities say is corrected (and announced) first.
    'jobs.retry': ({ id, resume, from, totalSteps, totalEpochs }) => {
      able(id, 'retry');
      const onlyWithResume = (['from', 'totalSteps', 'totalEpochs'] as const).find(
        (field) => ({ from, totalSteps, totalEpochs })[field] !== undefined,
      );
      if (!resume && onlyWithResume) {
        throw invalidField(
          onlyWithResume,
          `${onlyWithResume} is only for a resumed retry: send resume: true with it, or leave it out.`,
        );
      }
      if (totalSteps !== undefined && totalEpochs !== undefined) {
        throw invalidField('totalEpochs', 'Give totalSteps or totalEpochs, not both.');
      }
      if (!resume) return queue.retry(id, false, { first: deps.retriesFirst?.() ?? false });
      let values: Record<string, unknown> | undefined;
      if (totalSteps !== undefined || totalEpochs !== undefined) {
        const raised = deps.raisedTotal(id, { totalSteps, totalEpochs });
        if (!raised.ok) throw invalidField(raised.field, raised.reason);
        values = raised.values;
      }
      // A chosen state is checked itself (an older run's may be there when the newest run saved none).
      let resumeFrom: string | undefined;
      if (from === undefined) {
        queue.recordSavedState(id, resumeAbility(deps.resumePoint(id)));
        able(id, 'resume');
      } else {
        const chosen = deps.resumePoint(id, from);
        if (!chosen.ok) {
          throw new HandlerError(
            contractError('conflict', `It cannot be resumed from the chosen state. ${chosen.reason}`, [
              { path: 'from', message: 'not a saved state this job can resume from' },
            ]),
          );
        }
        resumeFrom = chosen.from;
      }
      return queue.retry(id, true, {
        ...(resumeFrom !== undefined ? { resumeFrom } : {}),
        ...(values ? { values } : {}),
        first: deps.retriesFirst?.() ?? false,
      });
    },
    'jobs.hold': ({ id }) => {
      able(id, 'hold');
      return queue.hold(id);
    },
    'jobs.release': ({ id }) => {
      able(id, 'release');
      return queue.release(id);
    },
    'jobs.delete': ({ id, removeRunFolder }) => {
      able(id, 'delete');
      return queue.delete(id, removeRunFolder ?? false);
    },
    'jobs.save': ({ id }) => {
      able(id, 'saveNow');
      return deps.requestSave(id, false);
    },
    'jobs.stopAndSave': ({ id }) => {
      able(id, 'stopAndSave');
      return deps.requestSave(id, true);
    },
    'jobs.artifacts': ({ id }) => deps.artifacts(id),
    'jobs.waitReasons': () => ({ items: deps.waitReasons() }),
  };
}
