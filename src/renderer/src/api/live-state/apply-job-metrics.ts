/**
 * A job's loss curve: jobs.metrics (maybe downsampled) kept current by job.metrics points, one per step
 * in step order (a step sent again keeps its later values). A `gap` (this client fell too far behind)
 * means points are missing: the curve is read again.
 */
import type { JobMetrics, JobMetricsEvent, MetricPoint } from '../../../../shared/contract';
import type { Applied } from './live-spec';

export function applyJobMetrics(current: JobMetrics, event: JobMetricsEvent): Applied<JobMetrics> {
  if (event.jobId !== current.jobId) return current;
  if (event.gap) return 'refetch';
  if (event.points.length === 0) return current;
  const points = mergePointsByStep(current.points, event.points);
  const added = points.length - current.points.length;
  return { ...current, points, stored: current.stored + added };
}

/** Points in step order, one per step; a step in `incoming` replaces the held one. */
export function mergePointsByStep(
  held: readonly MetricPoint[],
  incoming: readonly MetricPoint[],
): MetricPoint[] {
  const strip = ({ step, loss, smoothedLoss, lr, epoch }: MetricPoint): MetricPoint => ({
    step,
    loss,
    smoothedLoss,
    lr,
    epoch,
  });
  const first = incoming[0];
  const last = held[held.length - 1];
  // The common case: new steps after the held ones (no copy of the search below).
  if (first && (!last || first.step > last.step) && isAscending(incoming)) {
    return [...held, ...incoming.map(strip)];
  }
  const byStep = new Map<number, MetricPoint>();
  for (const point of held) byStep.set(point.step, point);
  for (const point of incoming) byStep.set(point.step, strip(point));
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

function isAscending(points: readonly MetricPoint[]): boolean {
  for (let i = 1; i < points.length; i++)
    if ((points[i]?.step ?? 0) <= (points[i - 1]?.step ?? 0)) return false;
  return true;
}
