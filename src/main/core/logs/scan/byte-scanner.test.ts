import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteScanWasm } from './byte-scan-wasm';
import {
  adopt,
  afterNth,
  lineMarks,
  lineMarksFound,
  measureRedraws,
  newlinesBeforeSpecial,
  nextSpecial,
  readBuffer,
} from './byte-scanner';

/** scripts/wasm-modules.js is plain JavaScript (the assembler is a dev tool): its shape, declared here. */
interface WasmModules {
  assembleWat: (text: string, file: string) => Promise<Uint8Array>;
}
const modulesFile = new URL('../../../../../scripts/wasm-modules.js', import.meta.url).href;

describe('the byte scanner', () => {
  it('carries exactly the bytes its WebAssembly text assembles to', async () => {
    const { assembleWat } = (await import(modulesFile)) as WasmModules;
    const wat = join(import.meta.dirname, 'byte-scan.wat');
    const bytes = await assembleWat(readFileSync(wat, 'utf8'), wat);
    expect(Buffer.from(byteScanWasm, 'base64').equals(Buffer.from(bytes))).toBe(true);
  });

  it('finds the stop of a plain run and counts its newlines in any bytes, wherever they are', () => {
    // Mostly newlines and plain bytes, so runs are long; any byte now and then.
    const byte = fc.oneof(
      { arbitrary: fc.constantFrom(0x0a, 0x41, 0x20), weight: 200 },
      { arbitrary: fc.integer({ min: 0, max: 255 }), weight: 1 },
    );
    const bytes = fc.array(byte, { maxLength: 20_000 }).chain((data) =>
      fc.record({
        data: fc.constant(Buffer.from(data)),
        start: fc.integer({ min: 0, max: data.length }),
        length: fc.integer({ min: 0, max: data.length }),
      }),
    );
    fc.assert(
      fc.property(bytes, ({ data, start, length }) => {
        const end = Math.min(data.length, start + length);
        let stop = start;
        while (stop < end && ![0x0d, 0x1b, 0x08].includes(data[stop] as number)) stop++;
        let newlines = 0;
        for (let i = start; i < stop; i++) if (data[i] === 0x0a) newlines++;
        // Outside its memory (copied in) and inside it (the follower's reads).
        expect([nextSpecial(data, start, end), newlinesBeforeSpecial()]).toEqual([stop, newlines]);
        const inside = readBuffer().subarray(0, data.length);
        data.copy(inside);
        expect([nextSpecial(inside, start, end), newlinesBeforeSpecial()]).toEqual([stop, newlines]);
      }),
      { numRuns: 300 },
    );
  });

  it('finds where the k-th newline of a range ends, as a record split at an index checkpoint needs', () => {
    const lines = fc.array(fc.constantFrom('', 'a', 'steps: 10%', '学習', 'x'.repeat(40)), {
      maxLength: 200,
    });
    fc.assert(
      fc.property(lines, fc.integer({ min: 0, max: 210 }), (texts, k) => {
        const data = Buffer.from(texts.map((t) => `${t}\n`).join(''), 'utf8');
        let expected = k === 0 ? 0 : -1;
        for (let at = 0, seen = 0; k > 0 && seen < k; seen++) {
          const newline = data.indexOf(0x0a, at);
          if (newline < 0) break;
          at = newline + 1;
          if (seen + 1 === k) expected = at;
        }
        expect(afterNth(data, 0, data.length, 0x0a, k)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("finds the next \\r, ESC or \\b, and a line's newline with the first of each before it, as plain searches do", () => {
    // Long stretches without them (the 64-byte steps) and short ones, at any offset.
    const piece = fc.constantFrom('a', 'x'.repeat(70), '\n', '\n'.repeat(300), '\r', '\x1b', '\b', '学', ' ');
    const input = fc.record({
      text: fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join('')),
      start: fc.nat(80),
      cut: fc.nat(80),
    });
    const first = (data: Buffer, from: number, to: number, bytes: number[]): number => {
      for (let i = from; i < to; i++) if (bytes.includes(data[i] as number)) return i;
      return -1;
    };
    fc.assert(
      fc.property(input, ({ text, start, cut }) => {
        const data = adopt(Buffer.from(text, 'utf8'));
        const from = Math.min(start, data.length);
        const to = Math.max(from, data.length - cut);
        const special = first(data, from, to, [0x0d, 0x1b, 0x08]);
        expect(nextSpecial(data, from, to)).toBe(special < 0 ? to : special);
        let newlines = 0;
        for (let i = from; i < (special < 0 ? to : special); i++) if (data[i] === 0x0a) newlines++;
        expect(newlinesBeforeSpecial()).toBe(newlines);
        const newline = first(data, from, to, [0x0a]);
        expect(lineMarks(data, from, to)).toBe(newline);
        const lineEnd = newline < 0 ? to : newline;
        expect({ ...lineMarksFound }).toEqual({
          cr: first(data, from, lineEnd, [0x0d]),
          special: first(data, from, lineEnd, [0x1b, 0x08]),
        });
      }),
      { numRuns: 3000 },
    );
  });

  it('counts the newlines of a long run of nothing but newlines', () => {
    const data = adopt(Buffer.from(`${'\n'.repeat(20_000)}\r\n`));
    expect(nextSpecial(data, 0, data.length)).toBe(20_000);
    expect(newlinesBeforeSpecial()).toBe(20_000);
  });

  it('never counts the bytes just past a range', () => {
    const inside = readBuffer();
    inside.fill(0x0a, 0, 64);
    inside[80] = 0x0d;
    for (let length = 0; length < 40; length++) {
      expect(nextSpecial(inside, 3, 3 + length)).toBe(3 + length);
      expect(newlinesBeforeSpecial()).toBe(length);
    }
  });

  it('measures redraws in columns as the emulation counts them (UTF-16 units)', () => {
    const line = Buffer.from('a]b\r学習 𝛼 x\rsteps: 50%|█████| 5/10 [00:01<00:01]  INFO\n', 'utf8');
    const m = measureRedraws(adopt(line), 0, line.length - 1, 0);
    expect(m).not.toBeNull();
    const segments = line.toString('utf8', 0, line.length - 1).split('\r');
    const last = segments[2] as string;
    // The first segment may hold a bracket; the second covers it (6 columns: 𝛼 is a surrogate pair).
    expect(m?.columnsBefore).toBe((segments[1] as string).length);
    expect(m?.coverStart).toBe(4);
    expect(m?.lastStart).toBe(line.indexOf('steps'));
    expect(m?.lastColumns).toBe(last.length);
    expect(m?.columnsToBracket).toBe(last.indexOf(']') + 1);
    expect(m?.lastBracket).toBe(line.indexOf(']', m?.lastStart));
    expect(m?.high).toBe(true);
    expect(m?.lastHasText).toBe(true);
  });

  it('measures any line of redraws as a plain reading of its segments does', () => {
    /** The rules of `measureRedraws`, segment by segment on the decoded text. */
    const reference = (text: string, columns: number): ReturnType<typeof measureRedraws> => {
      // eslint-disable-next-line no-control-regex
      if (/[\x00-\x08\x0a-\x0c\x0e-\x1f\x7f]/.test(text)) return null;
      const offset = (chars: number): number => Buffer.byteLength(text.slice(0, chars));
      const segments = text.split('\r');
      let at = 0;
      let before = columns;
      let cover: [number, number] = [0, 0];
      for (const [i, segment] of segments.slice(0, -1).entries()) {
        if (segment !== '') {
          const bracket = segment.indexOf(']');
          if (segment.length < before || (i > 0 && bracket >= 0 && bracket < segment.length - 1)) return null;
          before = segment.length;
          cover = [offset(at), offset(at + segment.length)];
        }
        at += segment.length + 1;
      }
      const last = segments.at(-1) ?? '';
      const bracket = last.indexOf(']');
      return {
        coverStart: cover[0],
        coverEnd: cover[1],
        lastStart: offset(at),
        high: Buffer.byteLength(text) !== text.length,
        lastColumns: last.length,
        lastBracket: bracket < 0 ? -1 : offset(at + bracket),
        columnsToBracket: bracket < 0 ? 0 : bracket + 1,
        lastHasText: /[\x21-\x7e]/.test(last),
        columnsBefore: before,
      };
    };
    // Mostly what bars are made of; now and then a control the emulation must see.
    const piece = fc.oneof(
      {
        arbitrary: fc.constantFrom('a', ' ', ']', '\r', '█', '𝛼', '学', '\t', '50%|', ' [00:01<00:09]'),
        weight: 60,
      },
      { arbitrary: fc.constantFrom('\x07', '\x7f', '\x1b'), weight: 1 },
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.nat(30), (pieces, columns) => {
        const text = pieces.join('');
        const line = adopt(Buffer.from(text, 'utf8'));
        const expected = reference(text, columns);
        const measured = measureRedraws(line, 0, line.length, columns);
        // Where the last segment has no bracket, the columns up to one are not looked at.
        if (measured && expected && expected.lastBracket < 0)
          expected.columnsToBracket = measured.columnsToBracket;
        expect(measured === null ? null : { ...measured }).toEqual(expected);
      }),
      { numRuns: 5000 },
    );
  });

  it('leaves to the emulation a control, a segment that does not cover, a bracket inside a redraw', () => {
    const measure = (text: string, columns = 0): ReturnType<typeof measureRedraws> => {
      const line = adopt(Buffer.from(text, 'utf8'));
      return measureRedraws(line, 0, line.length, columns);
    };
    expect(measure('abc\rab\x07c')).toBeNull();
    expect(measure('abc\x7f\rabcd')).toBeNull();
    expect(measure('abcd\rab\rabcde')).toBeNull();
    expect(measure('abcd\rab]cd\rabcde')).toBeNull();
    expect(measure('ab]cd\rabcde')).not.toBeNull();
    // Over a line of 5 columns, the first segment must cover it too.
    expect(measure('abcd\rabcdef', 5)).toBeNull();
    expect(measure('\tab')?.lastHasText).toBe(true);
    expect(measure('  \u3000 ')?.lastHasText).toBe(false);
  });
});
