import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endsLikeTqdmBar, tqdmBarEnd } from './plain-lines';

describe('the end of a tqdm bar, found in bytes', () => {
  it('finds the real bars tqdm ends with, and nothing that only looks close', () => {
    const ends = (text: string): boolean => {
      const bytes = Buffer.from(text, 'latin1');
      return endsLikeTqdmBar(bytes, 0, bytes.length);
    };
    expect(ends('steps:  10%|#         | 1/10 [00:01<00:09,  1.06s/it, avr_loss=1.18]')).toBe(true);
    expect(ends('100%|##########| 5/5 [00:00, 3.2it/s]')).toBe(true);
    expect(ends('x [1:02:03<4:05:06, 7.8it/s]')).toBe(true);
    expect(ends('x [1:02<?, ?it/s]')).toBe(true);
    expect(ends('x [1:2<?, ?it/s]')).toBe(false);
    expect(ends('x [1:02<?, ?it/s] ')).toBe(false);
    expect(ends('x [1:02, ]] ')).toBe(false);
    expect(ends('x [1:02] [3:04<,]')).toBe(false);
    expect(ends('[Dataset 0]')).toBe(false);
  });

  it('answers exactly what the pattern answers, for any bytes', () => {
    // The parts of a bar's right end, each right or wrong in the ways that matter, after any text.
    const one = (...options: string[]): fc.Arbitrary<string> => fc.constantFrom(...options);
    const text = fc.array(one('[', ']', '1', ':', '<', ', ', 'x', ' ', '\u00e2'), { maxLength: 4 });
    const end = fc.tuple(
      text,
      one('[', '', ']', '[['),
      one('1', '12', '', 'x'),
      one(':', ''),
      one('02', '2', '023'),
      one('', ':03', ':3'),
      one('', '<', '<?', '<1:00', '<]'),
      text,
      one(', ', ',', '', ' ,'),
      one('', '?it/s', ']', ' x'),
      one(']', '', '] '),
    );
    fc.assert(
      fc.property(end, fc.nat(4), (parts, cut) => {
        const text = parts.flat().join('');
        const bytes = Buffer.from(`pad${text}`, 'latin1');
        const start = Math.min(cut, 3);
        expect(endsLikeTqdmBar(bytes, start, bytes.length)).toBe(
          tqdmBarEnd.test(bytes.toString('latin1', start)),
        );
      }),
      { numRuns: 20000 },
    );
  });
});
