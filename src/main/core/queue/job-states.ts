/**
 * The job lifecycle as data: which state may follow which, and what a move does besides. Pure; the
 * store checks every change against this table, tests are generated from it and the README prints it
 * (`renderTransitionTable`, checked by a test to match).
 */
import {
  contractError,
  activeJobStatuses,
  finishedJobStatuses,
  jobStatuses,
  type ContractError,
  type FinishedJobStatus,
  type Job,
  type JobAbility,
  type JobReasonCode,
  type JobStatus,
} from '../../../shared/contract';
import { HandlerError } from '../contract/dispatcher';
import { abilitiesOf } from './job-abilities';

export interface TransitionRule {
  from: JobStatus;
  to: JobStatus;
  /** The same job is launched again (port clash, automatic re-queue): attempt + 1. */
  countsAttempt: boolean;
  /** Why the move exists, for people reading the table. */
  when: string;
}

const rule = (from: JobStatus, to: JobStatus, when: string, countsAttempt = false): TransitionRule => ({
  from,
  to,
  countsAttempt,
  when,
});

export const transitionTable: readonly TransitionRule[] = [
  rule('queued', 'starting', 'dispatched: GPUs and a port were given, the launch began'),
  rule('queued', 'held', 'the user holds it (it keeps its place)'),
  rule('queued', 'canceled', 'the user cancels it before it started'),
  rule('held', 'queued', 'the user releases it'),
  rule('held', 'canceled', 'the user cancels it'),
  rule('starting', 'running', 'the launch answered that the trainer started (launch.json is on disk)'),
  rule('starting', 'stopping', 'the user cancels it while it starts'),
  rule('starting', 'failed', 'the launch failed'),
  rule('starting', 'succeeded', 'the trainer ended successfully before the launch was confirmed'),
  rule('starting', 'interrupted', 'the app or the machine went away during the launch'),
  rule('running', 'stopping', 'the user cancels it, or asks to stop and save'),
  rule('running', 'succeeded', 'the trainer ended and saved its result'),
  rule('running', 'failed', 'the trainer ended with an error, or without training'),
  rule('running', 'interrupted', 'its process tree vanished without an exit record'),
  rule('running', 'starting', 'relaunch once after a port clash', true),
  rule('stopping', 'canceled', 'the stop completed'),
  rule('stopping', 'succeeded', 'it finished on its own before the stop took effect'),
  rule('stopping', 'failed', 'it failed before the stop took effect'),
  rule('stopping', 'interrupted', 'its process tree vanished during the stop'),
  rule('interrupted', 'queued', 'automatic re-queue of an interrupted job', true),
];

/** Queued or held: jobs that may still be moved, edited, held or released. */
export const waitingStatuses: readonly JobStatus[] = ['queued', 'held'];
/** Jobs with a process tree (or one being set up or torn down): reconciled at start-up. */
export const activeStatuses: readonly JobStatus[] = activeJobStatuses;

export function isFinished(status: JobStatus): boolean {
  return (finishedJobStatuses as readonly JobStatus[]).includes(status);
}

export function findTransition(from: JobStatus, to: JobStatus): TransitionRule | undefined {
  return transitionTable.find((r) => r.from === from && r.to === to);
}

/** Every (from, to) pair the table does not allow, itself included. */
export function illegalTransitions(): { from: JobStatus; to: JobStatus }[] {
  return jobStatuses.flatMap((from) =>
    jobStatuses.filter((to) => !findTransition(from, to)).map((to) => ({ from, to })),
  );
}

export function illegalTransitionError(jobId: string, from: JobStatus, to: JobStatus): ContractError {
  const allowed = transitionTable.filter((r) => r.from === from).map((r) => r.to);
  return contractError(
    'conflict',
    `Job ${jobId} cannot go from "${from}" to "${to}". ` +
      (allowed.length > 0
        ? `From "${from}" it can only go to: ${allowed.map((s) => `"${s}"`).join(', ')}.`
        : `"${from}" is final.`),
    [{ path: 'status', message: `is "${from}"` }],
  );
}

/** What a legal move changes besides the state; times are set by the store (it knows the clock). */
export interface TransitionEffects {
  attemptDelta: 0 | 1;
  setsStartedAt: boolean;
  setsFinishedAt: boolean;
  /** Back in the queue: the launch's GPUs, port, process and exit fields no longer apply. */
  clearsLaunch: boolean;
}

export function transitionEffects(r: TransitionRule): TransitionEffects {
  return {
    attemptDelta: r.countsAttempt ? 1 : 0,
    setsStartedAt: r.to === 'starting',
    setsFinishedAt: isFinished(r.to),
    clearsLaunch: r.to === 'queued',
  };
}

/** What a move changes besides the status (the launch's fields, timestamps, attempt). */
export type TransitionFields = Partial<
  Pick<
    Job,
    | 'assignedGpus'
    | 'masterPort'
    | 'process'
    | 'exitCode'
    | 'exitSignal'
    | 'errorReason'
    | 'errorHint'
    | 'reasonCode'
    | 'canceledBy'
    | 'canceledAt'
  >
> & {
  /** Into a finished state: whether a resumed retry would find a saved state (see AbilityFacts). */
  savedState?: JobAbility | null;
};

/** The reason code of a move into a finished state that names none. */
const defaultReasonCodes: Record<FinishedJobStatus, JobReasonCode> = {
  succeeded: 'completed',
  failed: 'failed',
  canceled: 'canceled',
  interrupted: 'interrupted',
};

/**
 * The job after a move to `to` at time `at`, checked against the table (a conflict error otherwise):
 * the one place that says what a move does, for the store and for moves kept in memory on a full disk.
 */
export function movedJob(job: Job, to: JobStatus, fields: TransitionFields, at: string): Job {
  const rule = findTransition(job.status, to);
  if (!rule) throw new HandlerError(illegalTransitionError(job.id, job.status, to));
  const effects = transitionEffects(rule);
  const { savedState, ...changed } = fields;
  let next: Job = {
    ...job,
    ...changed,
    status: to,
    updatedAt: at,
    attempt: job.attempt + effects.attemptDelta,
  };
  if (effects.clearsLaunch) {
    next = {
      ...next,
      assignedGpus: null,
      masterPort: null,
      process: null,
      startedAt: null,
      finishedAt: null,
      exitCode: null,
      exitSignal: null,
    };
  }
  if (effects.setsStartedAt) next.startedAt = at;
  if (effects.setsFinishedAt) next.finishedAt = at;
  // A finished job always says why; an unfinished one has no reason code yet.
  next.reasonCode = isFinished(to)
    ? (fields.reasonCode ?? defaultReasonCodes[to as FinishedJobStatus])
    : null;
  // Who canceled it stays while it stops and once it is canceled; a job that ended otherwise was not.
  if (to !== 'stopping' && to !== 'canceled') {
    next.canceledBy = null;
    next.canceledAt = null;
  } else if (next.canceledBy !== null && next.canceledAt === null) {
    next.canceledAt = at;
  }
  const kept = isFinished(job.status) ? job.abilities.resume : null;
  next.abilities = abilitiesOf({ ...next, savedState: savedState === undefined ? kept : savedState });
  return next;
}

/** The table as Markdown, as the README prints it. */
export function renderTransitionTable(): string {
  const lines = ['| from | to | when |', '| --- | --- | --- |'];
  for (const r of transitionTable) {
    lines.push(`| ${r.from} | ${r.to} | ${r.when}${r.countsAttempt ? ' (attempt + 1)' : ''} |`);
  }
  return lines.join('\n');
}
