/** The renderer's live server state: one cache, one hook, and the first views' hooks built on it. */
export { LiveStateProvider, createLiveQueryClient } from './LiveStateProvider';
export { useLive, type Live } from './use-live';
export { liveRequest, on, type Applied, type LiveEvent, type LiveSpec } from './live-spec';
export { useConnection, type ConnectionInfo } from './use-connection';
export { useQueueState } from './use-queue-state';
export { useGpus } from './use-gpus';
export { useJobs, jobsPageSize, type LiveJobs } from './use-jobs';
export type { JobsFilter, JobsPages } from './apply-jobs-list';
export { useJobLog, logTailLines, type LiveJobLog } from './use-job-log';
export {
  allRows,
  indexOfLine,
  isGapRow,
  placePage,
  rowAt,
  rowLine,
  type JobLog,
  type LogRow,
  type LogGapRow,
  type LogLineRow,
} from './apply-job-log';
export { useJobMetrics } from './use-job-metrics';
export { useWaitReasons } from './use-wait-reasons';
export { useJob, type LiveJob, type WatchedJob } from './use-job';
export { useJobArtifacts, useJobsArtifacts } from './use-job-artifacts';
