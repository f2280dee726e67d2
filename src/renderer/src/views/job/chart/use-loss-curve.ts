/**
 * The curve the Loss tab draws: the job's own (live) joined to the runs it resumed, with the zoomed
 * range read again where a run's curve is downsampled, and how its points stand for the stored steps.
 */
import { useMemo } from 'react';
import type { Job, JobMetrics } from '../../../../../shared/contract';
import { useJobMetrics } from '../../../api/live-state';
import { joinAttempts, type AttemptCurve, type JoinedCurve } from './loss-lineage';
import { withDetail, type DrawnState, type StepRange } from './loss-series';
import { useEarlierAttempts, useFirstStep } from './use-earlier-attempts';
import { useZoomDetail } from './use-zoom-detail';
import { detailRange } from './zoom-range';

interface Attempt {
  jobId: string;
  metrics: JobMetrics;
  firstStep: number | null;
}

/** Before a next attempt's first step: where each attempt's own steps end. */
function endsBefore(attempts: readonly Attempt[], index: number): number {
  const later = attempts.slice(index + 1).map((a) => a.firstStep ?? Number.MAX_SAFE_INTEGER);
  return Math.min(Number.MAX_SAFE_INTEGER, ...later);
}

export interface LossCurve {
  /** The job's own curve could not be read: the host's words. */
  error: string | null;
  /** The job's own curve is in (it may be empty). */
  loaded: boolean;
  /** An earlier run that could not be read, in a sentence. */
  missing: string | null;
  joined: JoinedCurve;
  /** Steps stored over the runs drawn, each up to where the next began. */
  stored: number;
  drawnState: DrawnState;
}

export function useLossCurve(job: Job, zoom: StepRange | null): LossCurve {
  const metrics = useJobMetrics(job.id);
  const resumed = job.resume && job.retriedFrom !== null;
  const ownFirst = useFirstStep(metrics.data, resumed);
  const earlier = useEarlierAttempts(job, ownFirst);

  const attempts: Attempt[] = useMemo(
    () => [
      ...earlier.attempts,
      ...(metrics.data ? [{ jobId: job.id, metrics: metrics.data, firstStep: ownFirst }] : []),
    ],
    [earlier.attempts, metrics.data, job.id, ownFirst],
  );
  const wanted = useMemo(
    () =>
      attempts.map((a, i) => ({
        jobId: a.jobId,
        downsampled: a.metrics.downsampled,
        before: endsBefore(attempts, i),
      })),
    [attempts],
  );
  const details = useZoomDetail(wanted, zoom);
  const detailKey = details.map((d) => (d ? `${d.range.from}-${d.range.to}-${d.points.length}` : '-')).join();
  const joined = useMemo(() => {
    const curves: AttemptCurve[] = attempts.map((a, i) => ({
      jobId: a.jobId,
      resumeLabel: `Resumed (run ${i + 1})`,
      points: withDetail(a.metrics.points, details[i] ?? null),
      firstStep: a.firstStep,
    }));
    return joinAttempts(curves);
    // The details are compared by what they hold (useQueries gives a new array each render).
  }, [attempts, detailKey]); // eslint-disable-line react-hooks/exhaustive-deps

  // Averaged points in view: a downsampled run not zoomed into, or whose zoomed range is not read yet.
  const averaged = attempts.some((a, i) => {
    const attempt = wanted[i];
    if (!a.metrics.downsampled || !attempt) return false;
    if (zoom === null) return true;
    const detail = details[i];
    return detailRange(attempt, zoom) !== null && !(detail && !detail.downsampled);
  });
  return {
    error: metrics.error,
    loaded: metrics.data !== undefined,
    missing: earlier.missing,
    joined,
    stored: attempts.reduce((sum, a) => sum + a.metrics.stored, 0),
    drawnState: !attempts.some((a) => a.metrics.downsampled)
      ? 'every-step'
      : averaged
        ? 'averaged'
        : 'every-step-in-zoom',
  };
}
