import { describe, expect, it } from 'vitest';
import { epochBoundaries } from './epoch-boundaries';

describe('epochBoundaries', () => {
  it('marks the first step of each epoch after the first', () => {
    const points = [
      { step: 1, epoch: 1 },
      { step: 2, epoch: 1 },
      { step: 3, epoch: 2 },
      { step: 4, epoch: 2 },
      { step: 5, epoch: 3 },
    ];
    expect(epochBoundaries(points)).toEqual([
      { step: 3, label: 'Epoch 2' },
      { step: 5, label: 'Epoch 3' },
    ]);
  });

  it('counts whole epochs of a fractional epoch and skips points without one', () => {
    const points = [
      { step: 10, epoch: 0.5 },
      { step: 20, epoch: null },
      { step: 30, epoch: 0.9 },
      { step: 40, epoch: 1.1 },
    ];
    expect(epochBoundaries(points)).toEqual([{ step: 40, label: 'Epoch 1' }]);
  });

  it('marks nothing for a single epoch or no epochs', () => {
    expect(
      epochBoundaries([
        { step: 1, epoch: 1 },
        { step: 2, epoch: 1 },
      ]),
    ).toEqual([]);
    expect(epochBoundaries([])).toEqual([]);
  });
});
