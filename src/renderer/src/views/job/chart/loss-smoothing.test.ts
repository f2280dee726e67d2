import { describe, expect, it } from 'vitest';
import { clampSmoothing, smoothLoss } from './loss-smoothing';

describe('smoothLoss', () => {
  it('gives the raw loss back at weight 0', () => {
    expect(smoothLoss([1, 2, 3], [3, 1, 2], 0)).toEqual([3, 1, 2]);
  });

  it('starts at the first loss (debiased) and moves toward later ones by the weight', () => {
    const [a, b, c] = smoothLoss([1, 2, 3], [1, 0, 0], 0.5);
    expect(a).toBe(1);
    // average 0.25 + 0 over filled 0.75: a third.
    expect(b).toBeCloseTo(1 / 3, 10);
    // average 0.125 over filled 0.875.
    expect(c).toBeCloseTo(1 / 7, 10);
  });

  it('weighs a point by the steps since the one before, so a downsampled curve smooths as its steps do', () => {
    // Steps 2 … 4 averaged into one point at step 4 (as jobs.metrics downsamples).
    const everyStep = smoothLoss([1, 2, 3, 4], [2, 1, 1, 1], 0.9);
    const sparse = smoothLoss([1, 4], [2, 1], 0.9);
    expect(sparse[1]).toBeCloseTo(everyStep[3] ?? NaN, 10);
  });

  it('skips missing and non-finite losses without breaking the average', () => {
    expect(smoothLoss([1, 2, 3], [1, null, 1], 0.9)).toEqual([1, null, 1]);
    expect(smoothLoss([1, 2], [Number.NaN, 4], 0.9)).toEqual([null, 4]);
  });

  it('keeps the weight within 0 … 0.999', () => {
    expect(clampSmoothing(1)).toBe(0.999);
    expect(clampSmoothing(-1)).toBe(0);
    expect(clampSmoothing(Number.NaN)).toBe(0.9);
  });
});
