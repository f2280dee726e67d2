/**
 * What a job's end makes of it, decided from plain values (no I/O): the status it ends in, with its
 * exit code, signal, reason and hint, or the one relaunch on a new port that a lost race for the
 * port deserves. The supervisor applies the transitions in order and, for a relaunch, launches again.
 */
import type { Job, JobStatus } from '../../../shared/contract';
import type { TransitionFields } from '../queue/job-queue';
import type { JobOutcome } from './job-watch';

export interface JobTransition {
  to: JobStatus;
  fields?: TransitionFields;
}

export interface EndOfJobFacts {
  /** The job as the queue holds it when its end is seen. */
  job: Pick<Job, 'status' | 'attempt'>;
  outcome: JobOutcome;
  /**
   * The note of a stop-and-save the user asked for, when the trainer has one and its marker exists
   * (read by the caller only where `mayBeStopAndSave(outcome)`); null otherwise.
   */
  stopAndSaveNote: string | null;
}

export type EndOfJob =
  /** Relaunch on a new port: the job goes back to `starting` with no port; `why` is the clash. */
  | { kind: 'relaunch'; transitions: JobTransition[]; why: string }
  | { kind: 'end'; transitions: JobTransition[] };

/** A trainer that stops and saves on request exits 0 afterwards: only such an end may be that stop. */
export const mayBeStopAndSave = (outcome: JobOutcome): boolean =>
  outcome.status === 'succeeded' && (outcome.exit?.exitCode ?? 0) === 0;

export function endOfJob({ job, outcome, stopAndSaveNote }: EndOfJobFacts): EndOfJob {
  const fields: TransitionFields = {
    exitCode: outcome.exit?.exitCode ?? null,
    exitSignal: outcome.exit?.signal ?? null,
  };
  if (outcome.status === 'failed') {
    fields.errorReason = outcome.reason.reason;
    fields.errorHint = outcome.reason.hint;
    fields.reasonCode = outcome.reason.code;
    // Once only: a second clash (attempt 2) fails the job like any other error.
    if (outcome.reason.code === 'port-clash' && job.attempt === 1 && job.status === 'running') {
      return {
        kind: 'relaunch',
        transitions: [{ to: 'starting', fields: { masterPort: null } }],
        why: outcome.reason.reason,
      };
    }
  }
  if (outcome.status === 'succeeded' && outcome.note) fields.errorReason = outcome.note;
  const transitions: JobTransition[] = [];
  let target: JobStatus = outcome.status;
  // An exit 0 after a stop-and-save the user asked for is a stop, not a finished training.
  const stopAndSave = mayBeStopAndSave(outcome) ? stopAndSaveNote : null;
  if (stopAndSave) {
    target = 'canceled';
    fields.errorReason = stopAndSave;
    fields.reasonCode = 'stopped-and-saved';
    // The user's jobs.stopAndSave ended it (the state table records when: now).
    fields.canceledBy = { actor: 'user', via: 'jobs.stopAndSave' };
    // The state table ends a started job's cancel through `stopping`.
    if (job.status === 'running')
      transitions.push({ to: 'stopping', fields: { canceledBy: fields.canceledBy } });
  }
  if (job.status !== target) transitions.push({ to: target, fields });
  return { kind: 'end', transitions };
}
