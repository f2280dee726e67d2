/**
 * Zoomed into part of a downsampled curve, that part is read again (jobs.metrics with the step range)
 * so the zoomed-in view shows real steps. One read per attempt whose curve is downsampled.
 */
import { keepPreviousData, useQueries } from '@tanstack/react-query';
import type { MetricPoint } from '../../../../../shared/contract';
import { useClient } from '../../../api/client-context';
import { metricsMaxPoints } from '../../../api/live-state/use-job-metrics';
import type { StepRange } from './loss-series';
import { detailRange, type DetailWanted } from './zoom-range';

export interface Detail {
  range: StepRange;
  points: MetricPoint[];
  downsampled: boolean;
}

/** Per attempt (same order as `wanted`), the detail of `range`, or null where none is needed. */
export function useZoomDetail(wanted: readonly DetailWanted[], range: StepRange | null): (Detail | null)[] {
  const client = useClient();
  return useQueries({
    queries: wanted.map((attempt) => {
      const steps = detailRange(attempt, range);
      const from = steps?.from ?? 0;
      const to = steps?.to ?? 0;
      return {
        queryKey: ['loss-chart', 'detail', attempt.jobId, from, to],
        enabled: steps !== null,
        staleTime: Number.POSITIVE_INFINITY,
        placeholderData: keepPreviousData,
        queryFn: async (): Promise<Detail> => {
          const read = await client.request('jobs.metrics', {
            id: attempt.jobId,
            fromStep: from,
            toStep: to,
            maxPoints: metricsMaxPoints,
          });
          return { range: { from, to }, points: read.points, downsampled: read.downsampled };
        },
      };
    }),
    combine: (results) =>
      results.map((result, i) => {
        const attempt = wanted[i];
        return attempt && detailRange(attempt, range) ? (result.data ?? null) : null;
      }),
  });
}
