import { describe, expect, it } from 'vitest';
import type { Job, JobStatus } from '../../../shared/contract';
import type { JobTransition } from './end-of-job-policy';
import type { Adoption } from './executor/local-executor';
import type { ExitRecord, LaunchRecord } from './executor/run-records';
import { reconcileJobs, reconcileStep, type ReconcileStep } from './reconciler';

const interrupted: JobTransition = {
  to: 'interrupted',
  fields: {
    errorReason:
      'Its trainer was gone when DPGui started again (the machine restarted or the tree was killed).',
    errorHint: 'Retry it; with resume, it continues from its last saved state.',
  },
};
const follow = (exited: boolean, markRunning = false): ReconcileStep => ({
  kind: 'adopt',
  transitions: markRunning ? [{ to: 'running' }] : [],
  exited,
});

// status at start-up, the executor's answer, requeueInterrupted → what becomes of the job
const rows: [JobStatus, Adoption['kind'], boolean, ReconcileStep][] = [
  ['starting', 'wrapper-alive', false, follow(false, true)],
  ['starting', 'trainer-alive', false, follow(false, true)],
  ['starting', 'exited', false, follow(true)],
  ['running', 'wrapper-alive', false, follow(false)],
  ['running', 'trainer-alive', false, follow(false)],
  ['running', 'exited', false, follow(true)],
  ['stopping', 'wrapper-alive', false, follow(false)],
  ['stopping', 'trainer-alive', true, follow(false)],
  ['stopping', 'exited', false, follow(true)],
  ['stopping', 'gone', false, { kind: 'judge', transitions: [{ to: 'canceled' }] }],
  // A canceled job is never re-queued against the cancel.
  ['stopping', 'gone', true, { kind: 'judge', transitions: [{ to: 'canceled' }] }],
  ['starting', 'gone', false, { kind: 'judge', transitions: [interrupted] }],
  ['running', 'gone', false, { kind: 'judge', transitions: [interrupted] }],
  ['running', 'gone', true, { kind: 'judge', transitions: [interrupted, { to: 'queued' }] }],
  ['starting', 'gone', true, { kind: 'judge', transitions: [interrupted, { to: 'queued' }] }],
];

describe('start-up reconciliation', () => {
  it.each(rows)('a job left %s whose tree is %s (requeue %s)', (status, adoption, requeue, expected) => {
    expect(reconcileStep(status, adoption, requeue)).toEqual(expected);
  });

  it('applies the transitions before following, and hands an exited job its exit record', () => {
    const launch: LaunchRecord = {
      jobId: 'a',
      runDir: '/runs/a',
      cwd: '/trainer',
      argv: [],
      startedAt: '2026-01-01T00:00:00Z',
      graceSeconds: 30,
      watch: [],
      wrapper: { pid: 10, startTime: null, bootId: null },
      trainer: { pid: 11, startTime: null, bootId: null, pgid: 11 },
    };
    const exit = { jobId: 'b', exitCode: 0 } as ExitRecord;
    const adoptions: Record<string, Adoption> = {
      a: { kind: 'wrapper-alive', launch },
      b: { kind: 'exited', launch, exit },
      c: { kind: 'gone', launch: null },
    };
    const calls: string[] = [];
    const jobs = [
      { id: 'a', status: 'starting' },
      { id: 'b', status: 'running' },
      { id: 'c', status: 'stopping' },
    ] as Job[];
    reconcileJobs({
      jobs,
      queue: {
        runDir: (id) => `/runs/${id}`,
        transition: (id, to) => {
          calls.push(`${id} → ${to}`);
          return { id, status: to } as Job;
        },
      },
      executor: {
        adopt: (runDir) => adoptions[runDir.slice('/runs/'.length)] ?? { kind: 'gone', launch: null },
      },
      requeueInterrupted: () => false,
      adopt: (id, adopted, exited) =>
        calls.push(
          `follow ${id} (${adopted === launch ? 'launch' : 'none'}, exit ${exited?.exitCode ?? 'none'})`,
        ),
    });
    expect(calls).toEqual([
      'a → running',
      'follow a (launch, exit none)',
      'follow b (launch, exit 0)',
      'c → canceled',
    ]);
  });
});
