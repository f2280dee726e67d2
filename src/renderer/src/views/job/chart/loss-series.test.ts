import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../../../../shared/contract';
import { lossSeries, lossSummary, readoutAt, storedText, withDetail } from './loss-series';

const point = (step: number, loss: number | null, extra: Partial<MetricPoint> = {}): MetricPoint => ({
  step,
  loss,
  smoothedLoss: null,
  lr: null,
  epoch: null,
  ...extra,
});

describe('lossSeries', () => {
  it('gives one column per line, the smoothed one from the raw loss', () => {
    const series = lossSeries(
      [point(1, 2, { lr: 1e-4, epoch: 1, smoothedLoss: 2 }), point(2, Number.NaN), point(3, 1)],
      0,
    );
    expect(series).toEqual({
      steps: [1, 2, 3],
      loss: [2, null, 1],
      smoothed: [2, null, 1],
      trainerAverage: [2, null, null],
      lr: [1e-4, null, null],
      epoch: [1, null, null],
    });
  });
});

describe('withDetail', () => {
  const overview = [point(100, 1), point(200, 2), point(300, 3), point(400, 4)];

  it('replaces the coarse points of the range with the steps read again', () => {
    const detail = { range: { from: 150, to: 300 }, points: [point(150, 9), point(151, 9), point(300, 9)] };
    expect(withDetail(overview, detail).map((p) => p.step)).toEqual([100, 150, 151, 300, 400]);
  });

  it('keeps points that came live after the detail was read', () => {
    const live = [...overview, point(401, 5), point(402, 5)];
    const detail = { range: { from: 350, to: 1000 }, points: [point(350, 9), point(400, 9)] };
    expect(withDetail(live, detail).map((p) => p.step)).toEqual([100, 200, 300, 350, 400, 401, 402]);
  });

  it('is the overview without a detail', () => {
    expect(withDetail(overview, null)).toEqual(overview);
  });
});

describe('the words', () => {
  it('summarises the last point for screen readers', () => {
    const series = lossSeries([point(1234, 0.1234567, { lr: 0.0001, epoch: 3 })], 0.9);
    expect(lossSummary(readoutAt(series, 0))).toBe(
      'Last step 1,234: loss 0.1235, smoothed loss 0.1235, learning rate 1.0e-4, epoch 3.',
    );
    expect(lossSummary(null)).toBe('No loss recorded yet.');
  });

  it('says how many steps are stored and whether they were averaged', () => {
    expect(storedText(1, 1, 'every-step')).toBe('1 step stored, every step drawn');
    expect(storedText(12000, 2100, 'every-step-in-zoom')).toBe(
      '12,000 steps stored, every step of the zoomed range drawn',
    );
    expect(storedText(12000, 2000, 'averaged')).toBe(
      '12,000 steps stored, averaged into 2,000 points (zoom in to see every step)',
    );
  });
});
