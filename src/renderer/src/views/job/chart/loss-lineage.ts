/**
 * A resumed retry continues an earlier attempt's curve. The attempts are joined oldest first, each one
 * cut where the next one began, so an earlier attempt's points are never drawn over a later one's, and
 * each resume point is marked.
 */
import type { MetricPoint } from '../../../../../shared/contract';
import type { ChartMarker } from './epoch-boundaries';

export interface AttemptCurve {
  jobId: string;
  /** The marker's text where this attempt resumed the one before it. */
  resumeLabel: string;
  /** Ascending by step. */
  points: readonly MetricPoint[];
  /** The first step this attempt recorded (null: none yet); may lie before `points[0]` when downsampled. */
  firstStep: number | null;
}

export interface JoinedCurve {
  points: MetricPoint[];
  /** One per later attempt that has recorded a step, at that step. */
  resumes: ChartMarker[];
}

/** `attempts` oldest first; the last one is the job on screen. */
export function joinAttempts(attempts: readonly AttemptCurve[]): JoinedCurve {
  const kept: MetricPoint[][] = [];
  const resumes: ChartMarker[] = [];
  let limit = Number.POSITIVE_INFINITY;
  for (let i = attempts.length - 1; i >= 0; i--) {
    const attempt = attempts[i];
    if (!attempt) continue;
    const points = attempt.points.filter((point) => point.step < limit);
    kept.unshift(points);
    const start = attempt.firstStep ?? points[0]?.step ?? null;
    if (start === null) continue;
    if (i > 0) resumes.unshift({ step: start, label: attempt.resumeLabel });
    limit = Math.min(limit, start);
  }
  return { points: kept.flat(), resumes };
}
