/**
 * What the jobs.* handlers ask the supervisor's side for, on one queue: where a resumed retry would
 * continue from, a save request to a running trainer, the files a job saved. (Why jobs wait comes from
 * the running supervisor itself.)
 */
import type { JobQueue } from '../../queue/job-queue';
import type { JobsHandlerDeps } from '../../queue/jobs-handlers';
import { readJobArtifacts } from '../artifacts/job-artifacts';
import { raisedTotalForRetry, resumePointForRetry } from './resume-state';
import { requestSave } from './save-control';

export function jobControlsOf(queue: JobQueue): Omit<JobsHandlerDeps, 'queue' | 'waitReasons'> {
  return {
    resumePoint: (id, from) => resumePointForRetry(queue, id, from),
    raisedTotal: (id, total) => raisedTotalForRetry(queue, id, total),
    requestSave: (id, quit) => requestSave(queue, id, quit),
    artifacts: (id) => readJobArtifacts(queue, id),
  };
}
