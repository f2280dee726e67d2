/**
 * What a job can be asked now, each allowed or with the reason it cannot, so the UI shows or explains
 * a button before it is pressed. Pure: from the job's state, its trainer's abilities (its runtime) and
 * what was found of its saved state when it ended. The jobs.* handlers refuse with these very reasons
 * (jobs-handlers.ts), so an ability that says no and a request answered 409 never disagree.
 */
import {
  finishedJobStatuses,
  type JobAbilities,
  type JobAbility,
  type JobStatus,
  type TrainerKind,
} from '../../../shared/contract';
import { trainerRuntime } from '../trainers';
import type { ResumePoint, TrainerAbilities } from '../trainers/runtime';

export interface AbilityFacts {
  id: string;
  status: JobStatus;
  /**
   * Whether a resumed retry would find a saved state, as looked for when the job ended; null where
   * nobody looked (a job ended before DPGui recorded it): allowed, and the request looks.
   */
  savedState: JobAbility | null;
}

const allowed: JobAbility = { allowed: true, reason: null };
const refused = (reason: string): JobAbility => ({ allowed: false, reason });
const unless = (ok: boolean, reason: () => string): JobAbility => (ok ? allowed : refused(reason()));
const ofTrainer = (ability: true | string, then: () => JobAbility): JobAbility =>
  ability === true ? then() : refused(ability);

/** The resume ability a saved-state check gives (the words jobs.retry answers with). */
export function resumeAbility(point: ResumePoint): JobAbility {
  return point.ok ? allowed : refused(`It cannot be resumed. ${point.reason}`);
}

export function jobAbilities(job: AbilityFacts, trainer: TrainerAbilities): JobAbilities {
  const { id, status } = job;
  const finished = (finishedJobStatuses as readonly JobStatus[]).includes(status);
  const waiting = status === 'queued' || status === 'held';
  const running = (): JobAbility =>
    unless(status === 'running', () => `Job ${id} is ${status}: only a running job can be asked to save.`);
  const retry = unless(finished, () => `Job ${id} is "${status}": only a finished job can be retried.`);
  return {
    saveNow: ofTrainer(trainer.saveNow, running),
    stopAndSave: ofTrainer(trainer.stopAndSave, running),
    // A stopping job may be canceled again: nothing more happens, and the answer says it is stopping.
    cancel: unless(
      !finished,
      () => `Job ${id} is "${status}": it has already ended, so there is nothing to cancel.`,
    ),
    hold: unless(status === 'queued', () =>
      status === 'held'
        ? `Job ${id} is already held.`
        : `Job ${id} is "${status}": only a queued job can be held.`,
    ),
    release: unless(status === 'held', () => `Job ${id} is "${status}": only a held job can be released.`),
    edit: unless(
      waiting,
      () =>
        `Job ${id} is "${status}": only a waiting (queued or held) job can be edited. Retry it to run it again with changes.`,
    ),
    reorder: unless(
      waiting,
      () => `Job ${id} is "${status}": only waiting (queued or held) jobs can be moved.`,
    ),
    retry,
    resume: !retry.allowed
      ? retry
      : ofTrainer(
          trainer.resume === true ? true : `It cannot be resumed. ${trainer.resume}`,
          () => job.savedState ?? allowed,
        ),
    delete: unless(
      finished,
      () =>
        `Job ${id} is "${status}": only finished jobs (${finishedJobStatuses.join(', ')}) can be deleted.`,
    ),
  };
}

/** The same, with the trainer's abilities asked of its runtime. */
export function abilitiesOf(job: AbilityFacts & { trainer: TrainerKind }): JobAbilities {
  return jobAbilities(job, trainerRuntime(job.trainer).abilities);
}
