import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteScanWasm } from './byte-scan-wasm';
import { adopt, afterNth, countByte, measureRedraws, readBuffer } from './byte-scanner';

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

  it('counts a byte in any range, wherever the bytes are', () => {
    const bytes = fc.uint8Array({ maxLength: 20_000 }).chain((data) =>
      fc.record({
        data: fc.constant(Buffer.from(data)),
        start: fc.integer({ min: 0, max: data.length }),
        length: fc.integer({ min: 0, max: data.length }),
        byte: fc.constantFrom(0x0a, 0x00, 0xff, data[0] ?? 0x41),
      }),
    );
    fc.assert(
      fc.property(bytes, ({ data, start, length, byte }) => {
        const end = Math.min(data.length, start + length);
        let expected = 0;
        for (let i = start; i < end; i++) if (data[i] === byte) expected++;
        // Outside its memory (copied in) and inside it (the follower's reads).
        expect(countByte(data, start, end, byte)).toBe(expected);
        const inside = readBuffer().subarray(0, data.length);
        data.copy(inside);
        expect(countByte(inside, start, end, byte)).toBe(expected);
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

  it('never counts the bytes just past a range', () => {
    const inside = readBuffer();
    inside.fill(0x0a, 0, 64);
    for (let length = 0; length < 40; length++) expect(countByte(inside, 3, 3 + length, 0x0a)).toBe(length);
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
