import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  maxRangeLevel,
  positionBetween,
  positionGap,
  rangeAround,
  roomInRange,
  spreadPositions,
} from './queue-positions';

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

  it('spreads keys over their range in order, leaving room for one key in the empty slot', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: 1, max: 24 }),
        fc.nat(),
        fc.nat(),
        (key, level, countSeed, slotSeed) => {
          const { low, high } = rangeAround(key, level);
          expect(low <= key && key < high).toBe(true);
          // As many jobs as the range may hold, the moved one included.
          const count = countSeed % Math.floor((4 / 3) ** level);
          fc.pre(roomInRange(count + 1, level));
          const emptySlot = slotSeed % (count + 1);
          const keys = spreadPositions(low, high, count, emptySlot);
          expect(keys).toHaveLength(count);
          const inOrder = keys.every((k, i) => k >= low && k < high && (i === 0 || k > (keys[i - 1] ?? k)));
          expect(inOrder).toBe(true);
          // Neighbours of the empty slot (or the range's bounds beyond it) leave a key between them.
          const before = emptySlot === 0 ? low - 1 : (keys[emptySlot - 1] ?? Number.NaN);
          const after = emptySlot === count ? high : (keys[emptySlot] ?? Number.NaN);
          expect(positionBetween(before, after)).not.toBeNull();
        },
      ),
    );
  });

  it('finds a range sparse enough for any queue it could hold', () => {
    // A million jobs fit in the largest range tried.
    expect(roomInRange(1_000_000, maxRangeLevel)).toBe(true);
    expect(roomInRange(2, 1)).toBe(false);
  });
});
