/**
 * The first step a job recorded. A downsampled curve's first point is its first bucket's last step, so
 * that bucket is read again step by step (a bucket holds far fewer steps than one read may return).
 */
import type { DpguiClient, JobMetrics } from '../../../../../shared/contract';

export async function readFirstStep(client: DpguiClient, metrics: JobMetrics): Promise<number | null> {
  const first = metrics.points[0];
  if (!first || !metrics.downsampled) return first?.step ?? null;
  const bucket = await client.request('jobs.metrics', {
    id: metrics.jobId,
    toStep: first.step,
    maxPoints: 10000,
  });
  return bucket.points[0]?.step ?? first.step;
}
