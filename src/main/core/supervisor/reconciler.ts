/**
 * Start-up reconciliation: each job an earlier host left starting, running or stopping is re-adopted
 * (followed again, and ended at once if it exited meanwhile) or judged (canceled or interrupted).
 * `reconcileStep` decides from plain values; `reconcileJobs` asks the executor and applies it.
 */
import type { Job, JobStatus } from '../../../shared/contract';
import type { JobQueue } from '../queue/job-queue';
import type { JobTransition } from './end-of-job-policy';
import type { Adoption, JobExecutor } from './executor/local-executor';
import type { ExitRecord, LaunchRecord } from './executor/run-records';

export type ReconcileStep =
  /** Follow it again (after `transitions`); `exited`: its exit.json is there, so it ends at once. */
  | { kind: 'adopt'; transitions: JobTransition[]; exited: boolean }
  /** Nothing of it runs: these transitions are its end. */
  | { kind: 'judge'; transitions: JobTransition[] };

const interrupted: JobTransition = {
  to: 'interrupted',
  fields: {
    errorReason:
      'Its trainer was gone when DPGui started again (the machine restarted or the tree was killed).',
    errorHint: 'Retry it; with resume, it continues from its last saved state.',
  },
};

export function reconcileStep(
  status: JobStatus,
  adoption: Adoption['kind'],
  requeueInterrupted: boolean,
): ReconcileStep {
  if (adoption !== 'gone') {
    const exited = adoption === 'exited';
    // Alive, so its start is over; an exited one ends from `starting` as the state table allows.
    const transitions: JobTransition[] = status === 'starting' && !exited ? [{ to: 'running' }] : [];
    return { kind: 'adopt', transitions, exited };
  }
  // Canceled, and nothing of it runs now: the stop is complete (never re-queued against the cancel).
  if (status === 'stopping') return { kind: 'judge', transitions: [{ to: 'canceled' }] };
  return {
    kind: 'judge',
    transitions: requeueInterrupted ? [interrupted, { to: 'queued' }] : [interrupted],
  };
}

export interface ReconcileOptions {
  /** The jobs left starting, running or stopping. */
  jobs: Iterable<Job>;
  queue: Pick<JobQueue, 'runDir' | 'transition'>;
  executor: Pick<JobExecutor, 'adopt'>;
  requeueInterrupted: () => boolean;
  /** Follow the job again; `exit`: it already ended, judge that end now. */
  adopt: (jobId: string, launch: LaunchRecord | null, exit: ExitRecord | null) => void;
}

export function reconcileJobs(options: ReconcileOptions): void {
  for (const job of options.jobs) {
    const adoption = options.executor.adopt(options.queue.runDir(job.id));
    const step = reconcileStep(job.status, adoption.kind, options.requeueInterrupted());
    for (const { to, fields } of step.transitions) options.queue.transition(job.id, to, fields);
    if (step.kind === 'adopt')
      options.adopt(job.id, adoption.launch, adoption.kind === 'exited' ? adoption.exit : null);
  }
}
