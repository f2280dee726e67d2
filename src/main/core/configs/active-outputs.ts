/**
 * The outputs of jobs that are queued, held or running, for the same-output check. The queue keeps
 * them indexed by folder (it reads each job's config once, through `outputsOfConfig`); a check asks it
 * only for the outputs that clash with the config being checked.
 */
import { getTrainer } from '../../../shared/trainers';
import type { TrainerConfig, TrainerKind } from '../../../shared/trainers/common';
import type { JobQueue } from '../queue/job-queue';
import type { JobOutput } from '../queue/output-index';
import type { ActiveOutput } from './validate-config';

export interface ActiveJob {
  id: string;
  name: string;
  status: string;
  trainer: TrainerKind;
  config: TrainerConfig;
}

export const activeJobStatuses = ['queued', 'held', 'starting', 'running', 'stopping'] as const;

/** Where a job's config writes, as its trainer says (the job's trainer, whatever the config says). */
export function outputsOfConfig(trainer: TrainerKind, config: TrainerConfig): JobOutput[] {
  const definition = getTrainer(trainer);
  return definition ? definition.outputsOf({ ...config, trainer }) : [];
}

export function outputsOfJobs(jobs: readonly ActiveJob[]): ActiveOutput[] {
  return jobs.flatMap((job) =>
    outputsOfConfig(job.trainer, job.config).map((target) => ({
      jobId: job.id,
      label: `Job "${job.name}" (${job.status})`,
      ...target,
    })),
  );
}

/**
 * The outputs of unfinished jobs (but `exceptJobId`, the job an edit replaces) that clash with the
 * config's: what the validator's same-output check needs, found through the queue's index.
 */
export function clashingActiveOutputs(
  queue: Pick<JobQueue, 'outputClashes'>,
  trainer: TrainerKind,
  config: TrainerConfig,
  exceptJobId?: string,
): ActiveOutput[] {
  return queue.outputClashes(outputsOfConfig(trainer, config), exceptJobId).map((output) => ({
    jobId: output.jobId,
    label: `Job "${output.jobName}" (${output.status})`,
    dir: output.dir,
    ...(output.name === undefined ? {} : { name: output.name }),
  }));
}
