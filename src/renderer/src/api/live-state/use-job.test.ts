import { describe, expect, it } from 'vitest';
import type { Job, JobProgress, QueueChanged } from '../../../../shared/contract';
import {
  applyJobProgress,
  applyJobRemoved,
  applyJobStalled,
  applyJobSummary,
  type WatchedJob,
} from './use-job';

const job = {
  id: 'j',
  name: 'a',
  status: 'running',
  updatedAt: 't1',
  lastProgress: null,
  config: {},
} as unknown as Job;
const watched: WatchedJob = { job, stalled: null };
const stalled = { jobId: 'j', silentSeconds: 900, message: 'Job "a" (j) has printed nothing for 15 min.' };
const progress = { jobId: 'j', phase: 'training', step: 5 } as JobProgress;

describe('one job kept current', () => {
  it('takes a newer summary of the same job, keeping its config; ignores other jobs and repeats', () => {
    const next = applyJobSummary(watched, { ...job, status: 'succeeded', updatedAt: 't2' });
    expect(next.job).toMatchObject({ status: 'succeeded', config: {} });
    expect(applyJobSummary(next, { ...next.job })).toBe(next);
    expect(applyJobSummary(watched, { ...job, id: 'other', updatedAt: 't3' })).toBe(watched);
  });

  it('holds a stall warning until progress comes again or the job ends', () => {
    const quiet = applyJobStalled(watched, stalled);
    expect(quiet.stalled).toEqual(stalled);
    expect(applyJobStalled(quiet, stalled)).toBe(quiet);
    const moving = applyJobProgress(quiet, progress);
    expect(moving.stalled).toBeNull();
    expect(moving.job.lastProgress).toEqual(progress);
    expect(applyJobProgress(moving, progress)).toBe(moving);
    const ended = applyJobSummary(quiet, { ...job, status: 'failed', updatedAt: 't2' });
    expect(ended.stalled).toBeNull();
  });

  it('reads the job again when it is deleted (it then answers "not found")', () => {
    const change = { removed: ['j'] } as QueueChanged;
    expect(applyJobRemoved(watched, change)).toBe('refetch');
    expect(applyJobRemoved(watched, { removed: ['x'] } as QueueChanged)).toBe(watched);
  });
});
