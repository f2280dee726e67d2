/** A job's loss curve: jobs.metrics, then each new step's point from job.metrics. */
import type { JobMetrics } from '../../../../shared/contract';
import { applyJobMetrics } from './apply-job-metrics';
import { liveRequest, on, type LiveSpec } from './live-spec';
import { useLive, type Live } from './use-live';

/** As many points as a chart draws well at once; zooming in reads a step range with jobs.metrics. */
export const metricsMaxPoints = 2000;

export function jobMetricsSpec(jobId: string): LiveSpec<JobMetrics> {
  return liveRequest('jobs.metrics', { id: jobId, maxPoints: metricsMaxPoints }, [
    on('job.metrics', applyJobMetrics, { jobId }),
  ]);
}

export function useJobMetrics(jobId: string | null): Live<JobMetrics> {
  return useLive({ ...jobMetricsSpec(jobId ?? '-'), enabled: jobId !== null });
}
