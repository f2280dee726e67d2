/** A job as a test enqueues it straight on a queue (no HTTP, no preset). */
import type { NewJob, TrainerKind } from '../../src/shared/contract';

/** `trainer`'s config of `family` with these values, asking for `gpuCount` GPUs. */
export function newJob(
  name: string,
  trainer: TrainerKind,
  family: string,
  values: Record<string, unknown>,
  gpuCount = 1,
): NewJob {
  return { name, config: { trainer, family, values }, gpus: { count: gpuCount } };
}
