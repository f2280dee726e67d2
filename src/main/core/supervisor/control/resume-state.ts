/**
 * `jobs.retry` with `resume: true`: where the source job's last saved state is (each trainer's runtime
 * knows where it saves). A retry with nothing to resume from is refused, saying why, rather than
 * queued to fail later.
 */
import type { JobQueue } from '../../queue/job-queue';
import { trainerRuntime } from '../../trainers';
import type { JobLookup, ResumeJob, ResumePoint } from '../../trainers/runtime';
import { jobLookupOf } from './save-control';

export type { ResumePoint } from '../../trainers/runtime';

/** What a job's resumed retry would continue from (from its config snapshot and what is on disk). */
export function resumePointOf(job: ResumeJob, lookup?: JobLookup): ResumePoint {
  return trainerRuntime(job.trainer).resumePoint(job, lookup);
}

/** What a resumed retry of job `id` would continue from (jobs.retry refuses the retry when nothing). */
export function resumePointForRetry(queue: JobQueue, id: string): ResumePoint {
  const source = queue.get(id);
  // The retry resumes in the source's output folder (diffusion-pipe: the source's own one).
  return resumePointOf({ ...source, resume: true, retriedFrom: source.id }, jobLookupOf(queue));
}
