import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../../../../shared/contract';
import { joinAttempts, type AttemptCurve } from './loss-lineage';

const at = (step: number, loss = step): MetricPoint => ({
  step,
  loss,
  smoothedLoss: null,
  lr: null,
  epoch: null,
});
const attempt = (jobId: string, steps: number[], firstStep = steps[0] ?? null): AttemptCurve => ({
  jobId,
  resumeLabel: `Resumed (${jobId})`,
  points: steps.map((s) => at(s, s * 10)),
  firstStep,
});

describe('joinAttempts', () => {
  it('cuts each earlier attempt where the next one began and marks the resume point', () => {
    // a ran to 60 but saved its state at 40; b resumed from 40 and ran to 80; c resumed b's state at 70.
    const joined = joinAttempts([
      attempt('a', [10, 20, 30, 40, 50, 60]),
      attempt('b', [41, 50, 60, 70, 80]),
      attempt('c', [71, 80, 90]),
    ]);
    expect(joined.points.map((p) => p.step)).toEqual([10, 20, 30, 40, 41, 50, 60, 70, 71, 80, 90]);
    // The later attempt's values win where the steps overlap.
    expect(joined.points.find((p) => p.step === 80)?.loss).toBe(800);
    expect(joined.resumes).toEqual([
      { step: 41, label: 'Resumed (b)' },
      { step: 71, label: 'Resumed (c)' },
    ]);
  });

  it('uses the first step recorded, which a downsampled curve does not show as a point', () => {
    const joined = joinAttempts([attempt('a', [10, 20, 30]), attempt('b', [40, 80], 25)]);
    expect(joined.points.map((p) => p.step)).toEqual([10, 20, 40, 80]);
    expect(joined.resumes).toEqual([{ step: 25, label: 'Resumed (b)' }]);
  });

  it('shows the whole earlier curve, unmarked, while the resumed attempt has no step yet', () => {
    const joined = joinAttempts([attempt('a', [1, 2, 3]), attempt('b', [])]);
    expect(joined.points.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(joined.resumes).toEqual([]);
  });

  it('drops all of an earlier attempt when the resumed one started over from step 1', () => {
    const joined = joinAttempts([attempt('a', [5, 6, 7]), attempt('b', [1, 2])]);
    expect(joined.points.map((p) => p.step)).toEqual([1, 2]);
    expect(joined.resumes).toEqual([{ step: 1, label: 'Resumed (b)' }]);
  });

  it('is the job itself when it resumed nothing', () => {
    expect(joinAttempts([attempt('a', [1, 2])])).toEqual({ points: [at(1, 10), at(2, 20)], resumes: [] });
  });
});
