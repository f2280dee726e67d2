/**
 * The compared jobs themselves (names, states, configs for the prompts' words), each read with
 * jobs.get and kept current by job.updated; one that is gone is null with the host's words.
 */
import type { Job, JobSummary } from '../../../../shared/contract';
import { on, useLive, type Live, type LiveSpec } from '../../api/live-state';

export type ComparedJob = { id: string; job: Job; error: null } | { id: string; job: null; error: string };

export function applyComparedSummary(current: ComparedJob[], summary: JobSummary): ComparedJob[] {
  const at = current.findIndex((entry) => entry.job?.id === summary.id);
  const held = current[at];
  if (!held?.job || held.job.updatedAt === summary.updatedAt) return current;
  const next = [...current];
  next[at] = { id: held.id, job: { ...held.job, ...summary }, error: null };
  return next;
}

function comparedJobsSpec(ids: readonly string[]): LiveSpec<ComparedJob[]> {
  return {
    channel: 'jobs.get',
    payload: { ids, compared: true },
    load: (client) =>
      Promise.all(
        ids.map((id) =>
          client.request('jobs.get', { id }).then(
            (job): ComparedJob => ({ id, job, error: null }),
            (error: unknown): ComparedJob => ({
              id,
              job: null,
              error: error instanceof Error ? error.message : String(error),
            }),
          ),
        ),
      ),
    events: [on('job.updated', applyComparedSummary)],
  };
}

export function useComparedJobs(ids: readonly string[]): Live<ComparedJob[]> {
  return useLive({ ...comparedJobsSpec(ids), enabled: ids.length > 0 });
}
