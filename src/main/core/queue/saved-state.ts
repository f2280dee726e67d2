/**
 * Whether a resumed retry of a finished job would find a saved state to continue from, asked of its
 * trainer's runtime (which knows where it saves): looked for when the job ends, so its abilities can
 * say so, and again by jobs.retry with resume.
 */
import type { Job, JobAbility } from '../../../shared/contract';
import { trainerRuntime } from '../trainers';
import type { JobLookup } from '../trainers/runtime';
import { resumeAbility } from './job-abilities';

export function savedStateOfJob(job: Job, lookup: JobLookup): JobAbility {
  // The retry resumes in the source's output folder (diffusion-pipe: the source's own one).
  return resumeAbility(
    trainerRuntime(job.trainer).resumePoint(
      { ...job, resume: true, retriedFrom: job.id, resumeFrom: null },
      lookup,
    ),
  );
}
