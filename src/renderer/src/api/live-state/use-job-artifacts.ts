/** A job's checkpoints and samples: jobs.artifacts, then each new one from job.artifact (one job's only). */
import type { JobArtifacts } from '../../../../shared/contract';
import { applyJobArtifact, applyJobsArtifact } from './apply-job-artifacts';
import { liveRequest, on, type LiveSpec } from './live-spec';
import { useLive, type Live } from './use-live';

export function jobArtifactsSpec(jobId: string): LiveSpec<JobArtifacts> {
  return liveRequest('jobs.artifacts', { id: jobId }, [on('job.artifact', applyJobArtifact, { jobId })]);
}

export function useJobArtifacts(jobId: string | null): Live<JobArtifacts> {
  return useLive({ ...jobArtifactsSpec(jobId ?? '-'), enabled: jobId !== null });
}

/** Several jobs' artifacts in the order of `jobIds`, read together and kept current together. */
export function jobsArtifactsSpec(jobIds: readonly string[]): LiveSpec<JobArtifacts[]> {
  return {
    channel: 'jobs.artifacts',
    payload: { ids: jobIds },
    // A job that is gone lists nothing here; the view says why from jobs.get.
    load: (client) =>
      Promise.all(
        jobIds.map((id) =>
          client.request('jobs.artifacts', { id }).catch((): JobArtifacts => ({ jobId: id, items: [] })),
        ),
      ),
    events: jobIds.map((jobId) => on('job.artifact', applyJobsArtifact, { jobId })),
  };
}

export function useJobsArtifacts(jobIds: readonly string[]): Live<JobArtifacts[]> {
  return useLive({ ...jobsArtifactsSpec(jobIds), enabled: jobIds.length > 0 });
}
