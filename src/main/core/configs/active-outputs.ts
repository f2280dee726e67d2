/** The outputs of jobs that are queued, held or running, for the same-output check. */
import { getTrainer } from '../../../shared/trainers';
import type { TrainerConfig, TrainerKind } from '../../../shared/trainers/common';
import type { ActiveOutput } from './validate-config';

export interface ActiveJob {
  id: string;
  name: string;
  status: string;
  trainer: TrainerKind;
  config: Record<string, unknown>;
}

export const activeJobStatuses = ['queued', 'held', 'starting', 'running', 'stopping'] as const;

export function outputsOfJobs(jobs: readonly ActiveJob[]): ActiveOutput[] {
  const out: ActiveOutput[] = [];
  for (const job of jobs) {
    const definition = getTrainer(job.trainer);
    const config = job.config;
    if (
      !definition ||
      typeof config.family !== 'string' ||
      typeof config.values !== 'object' ||
      config.values === null
    ) {
      continue;
    }
    const full: TrainerConfig = {
      trainer: job.trainer,
      family: config.family,
      values: config.values as Record<string, unknown>,
    };
    for (const target of definition.outputsOf(full)) {
      out.push({ jobId: job.id, label: `Job "${job.name}" (${job.status})`, ...target });
    }
  }
  return out;
}
