/**
 * `jobs.retry` with `resume: true`: where the source job's last saved state is (each trainer's runtime
 * knows where it saves). A retry with nothing to resume from is refused, saying why, rather than
 * queued to fail later.
 */
import type { JobQueue } from '../../queue/job-queue';
import { trainerRuntime } from '../../trainers';
import { withShownDefaults } from '../../../../shared/trainers';
import type {
  JobLookup,
  RaisedTotal,
  RaisedTotalResult,
  ResumeJob,
  ResumePoint,
} from '../../trainers/runtime';
import { jobLookupOf } from './save-control';

export type { ResumePoint } from '../../trainers/runtime';

/** What a job's resumed retry would continue from (from its config snapshot and what is on disk). */
export function resumePointOf(job: ResumeJob, lookup?: JobLookup): ResumePoint {
  return trainerRuntime(job.trainer).resumePoint(job, lookup);
}

/**
 * What a resumed retry of job `id` would continue from (jobs.retry refuses the retry when nothing):
 * `from` where the request chose a saved state (checked to be one of the job's), else the newest.
 */
export function resumePointForRetry(queue: JobQueue, id: string, from?: string): ResumePoint {
  const source = queue.get(id);
  // The retry resumes in the source's output folder (diffusion-pipe: the source's own one).
  return resumePointOf(
    { ...source, resume: true, retriedFrom: source.id, resumeFrom: from ?? null },
    jobLookupOf(queue),
  );
}

/** A resumed retry's config values with the raised total, or why not (its trainer knows the key). */
export function raisedTotalForRetry(queue: JobQueue, id: string, total: RaisedTotal): RaisedTotalResult {
  const source = queue.get(id);
  return trainerRuntime(source.trainer).raiseTotal(withShownDefaults(source.config).values, total);
}
