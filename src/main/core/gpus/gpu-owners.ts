/**
 * Whose each GPU process is: the DPGui job whose tree it belongs to (found by the job's tag on the
 * process, so a rank or a data-loader worker counts as its job however it was started), or a stranger,
 * with its command line either way. Applied to a sample when it is shown (gpus.list, gpu.stats).
 */
import type { GpuInventory } from '../../../shared/contract/gpus';
import type { ProcessTags } from '../platform/process-tags';

export interface GpuOwners {
  tags: ProcessTags;
  /** The name of a job in the queue; null when there is no such job (deleted). */
  jobName: (jobId: string) => string | null;
}

export function withOwners<T extends GpuInventory>(sample: T, owners: GpuOwners): T {
  const names = new Map<string, string | null>();
  const nameOf = (jobId: string): string | null => {
    if (!names.has(jobId)) names.set(jobId, owners.jobName(jobId));
    return names.get(jobId) ?? null;
  };
  return {
    ...sample,
    gpus: sample.gpus.map((gpu) => ({
      ...gpu,
      processes: gpu.processes.map((process) => {
        const jobId = owners.tags.jobOf(process.pid);
        return {
          ...process,
          jobId,
          jobName: jobId === null ? null : nameOf(jobId),
          command: owners.tags.commandOf(process.pid),
        };
      }),
    })),
  };
}
