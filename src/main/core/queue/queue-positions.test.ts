import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { positionBetween, positionGap, rebalancedPositions } from './queue-positions';

describe('queue positions', () => {
  it('finds a key strictly between two neighbours, or says that none is left', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 1, max: 1e6 }), (low, width) => {
        const key = positionBetween(low, low + width);
        if (width < 2) expect(key).toBeNull();
        else expect(key !== null && key > low && key < low + width).toBe(true);
      }),
    );
  });

  it('puts a key a gap before the first or after the last', () => {
    expect(positionBetween(null, null)).toBe(positionGap);
    expect(positionBetween(null, 10)).toBe(10 - positionGap);
    expect(positionBetween(10, null)).toBe(10 + positionGap);
  });

  it('allows many moves into the same gap before the keys must be spread out', () => {
    let low = 0;
    const high = positionGap;
    let moves = 0;
    for (;;) {
      const key = positionBetween(low, high);
      if (key === null) break;
      low = key;
      moves++;
    }
    expect(moves).toBeGreaterThanOrEqual(15);
  });

  it('spreads keys out above every key in use, in order, a gap apart', () => {
    expect(rebalancedPositions(3, 100)).toEqual([
      100 + positionGap,
      100 + 2 * positionGap,
      100 + 3 * positionGap,
    ]);
  });
});
