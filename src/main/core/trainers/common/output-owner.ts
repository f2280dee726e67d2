/**
 * Whose output folder a job uses: its own, or for a resumed retry its source's — and for a resumed
 * retry of a resumed retry, the first one's, so each resume continues in one folder.
 */
import type { Job } from '../../../../shared/contract';
import type { JobLookup } from '../runtime';

export function outputOwnerOf(job: Pick<Job, 'id' | 'resume' | 'retriedFrom'>, lookup?: JobLookup): string {
  let owner = job;
  for (let depth = 0; depth < 100 && owner.resume && owner.retriedFrom; depth++) {
    const source = lookup?.(owner.retriedFrom) ?? null;
    if (!source) return owner.retriedFrom;
    owner = source;
  }
  return owner.id;
}
