import { describe, expect, it } from 'vitest';
import type { JobStatus } from '../../../shared/contract';
import { endOfJob, mayBeStopAndSave, type EndOfJob, type EndOfJobFacts } from './end-of-job-policy';
import type { ExitRecord } from './executor/run-records';
import type { JobOutcome } from './job-watch';

const exit = (exitCode: number | null, signal: string | null = null): ExitRecord => ({
  jobId: 'j1',
  exitCode,
  signal,
  startedAt: '2026-01-01T00:00:00Z',
  endedAt: '2026-01-01T01:00:00Z',
  stopRequestedBy: null,
  escalatedToSigkill: false,
  descendantsKilled: 0,
});
const portClash: JobOutcome = {
  status: 'failed',
  exit: exit(1),
  reason: { code: 'port-clash', reason: 'Port 29500 was taken.', hint: 'Retry it.' },
};
const oom: JobOutcome = {
  status: 'failed',
  exit: exit(1),
  reason: { code: 'oom', reason: 'CUDA ran out of memory.', hint: 'Use a smaller batch.' },
};
const finished: JobOutcome = { status: 'succeeded', exit: exit(0) };
const judgedWithoutExit: JobOutcome = { status: 'succeeded', exit: null, note: 'The wrapper was gone.' };
const canceled: JobOutcome = { status: 'canceled', exit: exit(null, 'SIGTERM'), reason: 'Stopped.' };
const stopNote = 'Stopped and saved at your request.';
const byStopAndSave = { canceledBy: { actor: 'user', via: 'jobs.stopAndSave' } } as const;
/** Canceled by the user's stop-and-save, with its note, exit code and no signal. */
const stopped = (exitCode: number | null): Transition => ({
  to: 'canceled',
  fields: {
    exitCode,
    exitSignal: null,
    errorReason: stopNote,
    reasonCode: 'stopped-and-saved',
    ...byStopAndSave,
  },
});

const facts = (
  status: JobStatus,
  attempt: number,
  outcome: JobOutcome,
  stopAndSaveNote: string | null = null,
): EndOfJobFacts => ({ job: { status, attempt }, outcome, stopAndSaveNote });

type Transition = Extract<EndOfJob, { kind: 'end' }>['transitions'][number];
/** The job ends through these transitions. */
const ends = (...transitions: Transition[]): EndOfJob => ({ kind: 'end', transitions });
/** The job fails with exit code 1 and this outcome's reason and hint. */
const failsWith = (outcome: JobOutcome): EndOfJob => {
  if (outcome.status !== 'failed') throw new Error('not a failure');
  const { reason, hint, code } = outcome.reason;
  return ends({
    to: 'failed',
    fields: { exitCode: 1, exitSignal: null, errorReason: reason, errorHint: hint, reasonCode: code },
  });
};

const rows: [string, EndOfJobFacts, EndOfJob][] = [
  [
    'a first attempt that lost its port while running relaunches once, with no port',
    facts('running', 1, portClash),
    {
      kind: 'relaunch',
      transitions: [{ to: 'starting', fields: { masterPort: null } }],
      why: 'Port 29500 was taken.',
    },
  ],
  ['a second port clash fails the job', facts('running', 2, portClash), failsWith(portClash)],
  [
    'a port clash of a job being stopped is not relaunched',
    facts('stopping', 1, portClash),
    failsWith(portClash),
  ],
  ['another failure fails the job with its reason and hint', facts('running', 1, oom), failsWith(oom)],
  [
    'a finished training succeeds with its exit code',
    facts('running', 1, finished),
    ends({ to: 'succeeded', fields: { exitCode: 0, exitSignal: null } }),
  ],
  [
    'an end judged without exit.json succeeds with its note as the reason',
    facts('running', 1, judgedWithoutExit),
    ends({
      to: 'succeeded',
      fields: { exitCode: null, exitSignal: null, errorReason: 'The wrapper was gone.' },
    }),
  ],
  [
    'an exit 0 after a stop-and-save of a running job is a cancel through stopping',
    facts('running', 1, finished, stopNote),
    ends({ to: 'stopping', fields: byStopAndSave }, stopped(0)),
  ],
  [
    'an exit 0 after a stop-and-save of a job already stopping is canceled',
    facts('stopping', 1, finished, stopNote),
    ends(stopped(0)),
  ],
  [
    "a stop-and-save judged without exit.json is canceled, the stop's note replacing the judge's",
    facts('running', 1, judgedWithoutExit, stopNote),
    ends({ to: 'stopping', fields: byStopAndSave }, stopped(null)),
  ],
  [
    'a failure after a stop-and-save was asked stays a failure',
    facts('running', 1, oom, stopNote),
    failsWith(oom),
  ],
  [
    'a job stopped on request is canceled with its signal',
    facts('stopping', 1, canceled),
    ends({ to: 'canceled', fields: { exitCode: null, exitSignal: 'SIGTERM' } }),
  ],
  ['a job already in the status its end gives is left as it is', facts('canceled', 1, canceled), ends()],
];

describe("a job's end", () => {
  it.each(rows)('%s', (_, input, expected) => {
    expect(endOfJob(input)).toEqual(expected);
  });

  it('asks whether the end may be a stop-and-save only for an exit 0 (or no exit code)', () => {
    expect(mayBeStopAndSave(finished)).toBe(true);
    expect(mayBeStopAndSave(judgedWithoutExit)).toBe(true);
    expect(mayBeStopAndSave({ status: 'succeeded', exit: exit(3) })).toBe(false);
    expect(mayBeStopAndSave(oom)).toBe(false);
    expect(mayBeStopAndSave(canceled)).toBe(false);
  });
});
