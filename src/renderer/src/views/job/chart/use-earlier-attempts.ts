/**
 * The curves a resumed retry continues: walk `retriedFrom` back while the job was a resume, reading each
 * earlier attempt's curve once (finished jobs do not change). Oldest first.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Job, JobMetrics } from '../../../../../shared/contract';
import { useClient } from '../../../api/client-context';
import { metricsMaxPoints } from '../../../api/live-state/use-job-metrics';
import { readFirstStep } from './first-step';

export interface EarlierAttempt {
  jobId: string;
  name: string;
  metrics: JobMetrics;
  firstStep: number | null;
}

export interface EarlierAttempts {
  attempts: EarlierAttempt[];
  /** An attempt that could not be read (deleted, say): the curve starts after it. */
  missing: string | null;
}

/** Enough for any real chain; a longer one (or a loop in damaged data) stops here. */
const maxAttempts = 50;

/**
 * `ownFirstStep`: where the job on screen began (null: no step yet). Each earlier attempt is read up to
 * the step before the next one began, so its count and its points are those drawn.
 */
export function useEarlierAttempts(
  job: Pick<Job, 'id' | 'resume' | 'retriedFrom'>,
  ownFirstStep: number | null,
): EarlierAttempts {
  const client = useClient();
  const resumes = job.resume && job.retriedFrom !== null;
  const query = useQuery({
    queryKey: ['loss-chart', 'earlier-attempts', job.id, job.retriedFrom, ownFirstStep],
    enabled: resumes,
    staleTime: Number.POSITIVE_INFINITY,
    placeholderData: keepPreviousData,
    queryFn: async (): Promise<EarlierAttempts> => {
      const attempts: EarlierAttempt[] = [];
      let from: string | null = job.retriedFrom;
      let before = ownFirstStep ?? Number.POSITIVE_INFINITY;
      while (from !== null && attempts.length < maxAttempts) {
        let earlier: Job;
        try {
          earlier = await client.request('jobs.get', { id: from });
        } catch (error) {
          const why = (error instanceof Error ? error.message : String(error)).replace(/[.\s]+$/, '');
          return {
            attempts,
            missing:
              `The run this one resumed (job ${from}) could not be read (${why}), so the curve starts where ` +
              'this run began. If that job was deleted this stays so; otherwise reload the page to read it again.',
          };
        }
        const metrics: JobMetrics =
          before <= 0
            ? { jobId: earlier.id, points: [], stored: 0, downsampled: false }
            : await client.request('jobs.metrics', {
                id: earlier.id,
                maxPoints: metricsMaxPoints,
                ...(Number.isFinite(before) ? { toStep: before - 1 } : {}),
              });
        const firstStep = await readFirstStep(client, metrics);
        attempts.unshift({ jobId: earlier.id, name: earlier.name, metrics, firstStep });
        if (firstStep !== null) before = Math.min(before, firstStep);
        from = earlier.resume ? earlier.retriedFrom : null;
      }
      return { attempts, missing: null };
    },
  });
  return query.data ?? { attempts: [], missing: null };
}

/** The job's own first step, read once its curve is downsampled (else its first point says it). */
export function useFirstStep(metrics: JobMetrics | undefined, wanted: boolean): number | null {
  const client = useClient();
  const first = metrics?.points[0]?.step ?? null;
  const query = useQuery({
    queryKey: ['loss-chart', 'first-step', metrics?.jobId, first],
    enabled: wanted && metrics !== undefined && metrics.downsampled,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: () => (metrics ? readFirstStep(client, metrics) : Promise.resolve(null)),
  });
  if (!metrics?.downsampled) return first;
  return query.data ?? first;
}
