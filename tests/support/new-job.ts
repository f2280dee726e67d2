/** A job as a test enqueues it straight on a queue (no HTTP, no preset). */
import type { NewJob } from '../../src/shared/contract';

/** `trainer`'s config of `family` with these values, asking for `gpuCount` GPUs. */
export function newJob(
  name: string,
  trainer: NewJob['trainer'],
  family: string,
  values: Record<string, unknown>,
  gpuCount = 1,
): NewJob {
  return { name, trainer, config: { trainer, family, values }, gpus: { count: gpuCount } };
}
