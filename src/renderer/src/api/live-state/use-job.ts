/**
 * One job with its config (jobs.get), kept current: job.updated replaces its summary, job.progress its
 * last progress, and a deletion (queue.changed's `removed`) reads it again, which answers "not found".
 * A job.stalled warning is held beside it until the trainer reports progress again or the job ends.
 */
import type {
  Job,
  JobProgress,
  JobStalledEvent,
  JobSummary,
  QueueChanged,
} from '../../../../shared/contract';
import { on, type Applied, type LiveSpec } from './live-spec';
import { useLive, type Live } from './use-live';

export interface WatchedJob {
  job: Job;
  /** The last "printed nothing for a while" warning, or null once it printed progress again. */
  stalled: JobStalledEvent | null;
}

export function applyJobSummary(current: WatchedJob, summary: JobSummary): WatchedJob {
  if (summary.id !== current.job.id) return current;
  if (summary.updatedAt === current.job.updatedAt && summary.status === current.job.status) return current;
  const stalled = summary.status === 'running' ? current.stalled : null;
  return { job: { ...current.job, ...summary }, stalled };
}

export function applyJobProgress(current: WatchedJob, progress: JobProgress): WatchedJob {
  if (progress.jobId !== current.job.id) return current;
  const same = JSON.stringify(progress) === JSON.stringify(current.job.lastProgress);
  if (same && current.stalled === null) return current;
  return { job: same ? current.job : { ...current.job, lastProgress: progress }, stalled: null };
}

export function applyJobStalled(current: WatchedJob, stalled: JobStalledEvent): WatchedJob {
  if (stalled.jobId !== current.job.id || current.job.status !== 'running') return current;
  return current.stalled?.silentSeconds === stalled.silentSeconds ? current : { ...current, stalled };
}

export function applyJobRemoved(current: WatchedJob, change: QueueChanged): Applied<WatchedJob> {
  return change.removed?.includes(current.job.id) ? 'refetch' : current;
}

export function jobSpec(jobId: string): LiveSpec<WatchedJob> {
  return {
    channel: 'jobs.get',
    // Its own key: useRequest('jobs.get', { id }) caches the bare Job under { id }.
    payload: { id: jobId, watched: true },
    load: async (client) => ({ job: await client.request('jobs.get', { id: jobId }), stalled: null }),
    events: [
      on('job.updated', applyJobSummary),
      on('job.progress', applyJobProgress, { jobId }),
      on('job.stalled', applyJobStalled, { jobId }),
      on('queue.changed', applyJobRemoved),
    ],
  };
}

export interface LiveJob extends Omit<Live<WatchedJob>, 'data'> {
  job: Job | undefined;
  stalled: JobStalledEvent | null;
}

export function useJob(jobId: string): LiveJob {
  const { data, ...live } = useLive(jobSpec(jobId));
  return { ...live, job: data?.job, stalled: data?.stalled ?? null };
}
