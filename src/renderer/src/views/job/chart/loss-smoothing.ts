/**
 * The smoothed loss: an exponential moving average of the raw loss, debiased at the start as
 * TensorBoard's smoothing is. Its weight counts per step, not per point, so a downsampled curve (one
 * point per bucket of steps) and the same range read again step by step smooth alike.
 */
export const defaultSmoothing = 0.9;
export const maxSmoothing = 0.999;

/** A weight within 0 … 0.999; anything else (a stored value from elsewhere) is the default. */
export function clampSmoothing(value: number): number {
  if (!Number.isFinite(value)) return defaultSmoothing;
  return Math.min(Math.max(value, 0), maxSmoothing);
}

/**
 * One smoothed value per point (null where the loss is missing or not finite; the average skips it).
 * `steps` ascend; `weight` 0 gives the raw loss back.
 */
export function smoothLoss(
  steps: readonly number[],
  losses: readonly (number | null)[],
  weight: number,
): (number | null)[] {
  const w = clampSmoothing(weight);
  let average = 0;
  // The share of the average that real values make up: dividing by it removes the bias toward 0.
  let filled = 0;
  let previousStep: number | null = null;
  return losses.map((loss, i) => {
    const step = steps[i] ?? 0;
    if (loss === null || !Number.isFinite(loss)) return null;
    const span = previousStep === null ? 1 : Math.max(step - previousStep, 1);
    previousStep = step;
    const keep = w ** span;
    average = average * keep + (1 - keep) * loss;
    filled = filled * keep + (1 - keep);
    return filled > 0 ? average / filled : loss;
  });
}
