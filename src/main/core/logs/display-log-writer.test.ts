import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeDecimal } from './display-log-writer';

describe('the numbers of display-log records', () => {
  it('are written in decimal as String() writes them, at any length, past 2^31 too', () => {
    const values = fc.oneof(
      fc.nat(),
      fc.integer({ min: 0, max: 1_000_000_000_000 }),
      fc.constantFrom(0, 9, 10, 99, 100, 999_999_999, 1_000_000_000, 0x7fffffff, 0x80000000),
    );
    fc.assert(
      fc.property(values, fc.nat(8), (value, at) => {
        const target = Buffer.alloc(32, 0x2e);
        const end = writeDecimal(target, at, value);
        expect(target.toString('latin1', at, end)).toBe(String(value));
        // Nothing around it was touched.
        expect(target.toString('latin1', 0, at) + target.toString('latin1', end)).toBe(
          '.'.repeat(32 - end + at),
        );
      }),
      { numRuns: 5000 },
    );
  });
});
