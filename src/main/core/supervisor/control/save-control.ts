/**
 * "Save now" and "stop and save" on a job of the queue: each trainer's runtime says what it can do
 * (diffusion-pipe reads a control file; sd-scripts and the generic trainer save nothing on request,
 * and the answer says so).
 */
import type { SaveAnswer } from '../../../../shared/contract';
import type { JobQueue } from '../../queue/job-queue';
import { trainerRuntime } from '../../trainers';
import type { JobLookup } from '../../trainers/runtime';

/** The queue as a JobLookup (a deleted job is null). */
export const jobLookupOf =
  (queue: JobQueue): JobLookup =>
  (id) => {
    try {
      return queue.get(id);
    } catch {
      return null;
    }
  };

/**
 * jobs.save (`quit` false) and jobs.stopAndSave (`quit` true). What a trainer cannot do is said whatever
 * the job's state; diffusion-pipe is asked only while it runs.
 */
export function requestSave(queue: JobQueue, id: string, quit: boolean): SaveAnswer {
  const job = queue.get(id);
  return trainerRuntime(job.trainer).requestSave(job, quit, {
    runDir: () => queue.runDir(id),
    lookup: jobLookupOf(queue),
  });
}
