import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readChunks } from '../../../../tests/fixtures/fake-trainers/real-fixtures';
import { createStreamAssembler, runLines, type StreamAssembler } from './line-assembler';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

function feedAll(
  parts: readonly Uint8Array[],
  assembler: StreamAssembler = createStreamAssembler(),
): string[] {
  const lines: string[] = [];
  for (const part of parts) lines.push(...assembler.push(part));
  lines.push(...assembler.end());
  return lines;
}

/** The real 10-step sd-scripts run, its stderr and stdout each as one byte string. */
const realRun = readChunks('plain_split_unbuf');
const realStderr = Buffer.concat(realRun.filter((c) => c.stream === 'stderr').map((c) => c.bytes));
const realStdout = Buffer.concat(realRun.filter((c) => c.stream === 'stdout').map((c) => c.bytes));

describe('display lines of one stream', () => {
  it('collapses the real sd-scripts step bar to its last state at each interruption, with the real avr_loss', () => {
    const lines = feedAll(realRun.filter((c) => c.stream === 'stderr').map((c) => c.bytes));
    const bars = lines.filter((line) => line.startsWith('steps:'));
    // Each bar line is the state the bar was in when a log line interrupted it, ending at step 10.
    expect(bars).toEqual([
      'steps:   0%|          | 0/10 [00:00<?, ?it/s]',
      'steps:  50%|█████     | 5/10 [00:04<00:04,  1.13it/s, avr_loss=1.11]',
      'steps:  50%|█████     | 5/10 [00:04<00:04,  1.12it/s, avr_loss=1.13]',
      'steps: 100%|██████████| 10/10 [00:08<00:00,  1.15it/s, avr_loss=1.07]',
      'steps: 100%|██████████| 10/10 [00:08<00:00,  1.14it/s, avr_loss=1.05]',
      'steps: 100%|██████████| 10/10 [00:08<00:00,  1.14it/s, avr_loss=1.05]',
    ]);
    // The rich log line printed right after a bar is a line of its own, not glued to the bar.
    expect(lines).toContain(
      '                    INFO     epoch is incremented.             train_util.py:784',
    );
    expect(lines.some((line) => line.includes('\r') || line.includes('\u001b'))).toBe(false);
  });

  it('collapses the sampling bar that moves with ESC[A to one line per sample run', () => {
    const lines = feedAll([realStderr]);
    const sampleBars = lines.filter((line) => /^ *\d+%\|.*\| \d\/2 \[/.test(line));
    expect(sampleBars).toEqual([
      '100%|██████████| 2/2 [00:00<00:00,  3.55it/s]',
      '100%|██████████| 2/2 [00:00<00:00,  3.03it/s]',
    ]);
  });

  it('keeps the stdout lines of the real run, Japanese included, in order', () => {
    const lines = feedAll([realStdout]).filter((line) => line !== '');
    expect(lines).toContain('running training / 学習開始');
    expect(lines.filter((line) => /^(epoch|saving checkpoint)/.test(line))).toEqual([
      'epoch 1/2',
      'saving checkpoint: /home/user/out_plain_split/cpu_lora-step00000005.safetensors',
      'epoch 2/2',
      'saving checkpoint: /home/user/out_plain_split/cpu_lora-step00000010.safetensors',
      'saving checkpoint: /home/user/out_plain_split/cpu_lora.safetensors',
    ]);
  });

  it('gives the same lines however the reads were cut (UTF-8 and escapes split across reads)', () => {
    const whole = feedAll([realStderr]);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: realStderr.length - 1 }), { maxLength: 400 }),
        (cuts) => {
          const points = [0, ...cuts.sort((a, b) => a - b), realStderr.length];
          const parts = points.slice(1).map((end, i) => realStderr.subarray(points[i], end));
          expect(feedAll(parts)).toEqual(whole);
        },
      ),
      { numRuns: 30 },
    );
    // One byte per read: the hardest cut of all.
    const oneByOne = Array.from(realStderr, (b) => Uint8Array.of(b));
    expect(feedAll(oneByOne)).toEqual(whole);
  });

  it('gives the same lines on the plain-line fast path as through the terminal emulation', () => {
    // Reads of one byte never hold a whole line, so they always take the emulation.
    // Mostly plain lines, as in a real log, with every kind of exception now and then.
    const text = fc.constantFrom('plain text', '  ', '\t', '\n', '\n', '█', '学習', ']');
    const odd = fc.constantFrom(
      '\r',
      '\x1b[A',
      '\x1b[K',
      '\x1b[1;31m',
      '\b',
      '\x00',
      '\x7f',
      '\u3000',
      '\u00a0',
      '\ufeff',
      'steps:  10%|█         | 1/10 [00:01<00:09,  1.00s/it]',
    );
    const piece = fc.oneof(
      { arbitrary: text.map((t) => Buffer.from(t, 'utf8')), weight: 12 },
      { arbitrary: odd.map((t) => Buffer.from(t, 'utf8')), weight: 2 },
      // Invalid UTF-8: a lone continuation byte, a lead byte without its continuation.
      { arbitrary: fc.constantFrom(Buffer.of(0x80), Buffer.of(0xe5, 0x41), Buffer.of(0xff)), weight: 1 },
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }), (parts) => {
        const whole = Buffer.concat(parts);
        const emulated = feedAll(Array.from(whole, (b) => Uint8Array.of(b)));
        expect(feedAll([whole])).toEqual(emulated);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same lines when a line of tqdm redraws skips what it overwrites as when every segment is emulated', () => {
    // Bars that grow, shrink, pad with spaces, glue a log line after their "]", hold wide characters.
    const segment = fc.constantFrom(
      'steps:  10%|█         | 1/10 [00:01<00:09,  1.06s/it]',
      'steps:  10%|█         | 1/10 [00:01<00:09,  1.06s/it, avr_loss=1.18]',
      // Shorter than the bar before, padded with spaces as tqdm pads it.
      'steps:  10%|█         | 1/10 [00:01<00:09,  1.06s/it]                ',
      'short]    ',
      'steps: 100%|██████████| 10/10 [00:08<00:00,  1.15it/s, avr_loss=1.07]',
      'steps:  20%|██        | 2/10 [00:01<00:07,  1.02it/s]INFO  epoch is incremented.',
      'steps:  50%|█████     | 5/10 [00:04<00:04,  1.13it/s, avr_loss=1.1]       INFO  epoch 2',
      'steps:  50%|█████     | 5/10 [00:04<00:04,  1.13it/s, avr_loss=1.1]   x  INFO  epoch 2',
      'WARNING  Failed to get git commit                                             utils.py:12',
      'short]',
      ']',
      'a]b',
      '   ',
      '',
      '学習 𝛼',
      '\u3000',
      'x\ty',
      'bell\x07',
    );
    const line = fc
      .tuple(segment, fc.array(segment, { minLength: 1, maxLength: 6 }))
      .map(([first, rest]) => `${first}\r${rest.join('\r')}\n`);
    const plain = fc.constantFrom('loading\n', '\n', 'INFO done   \n', 'a]b\n', '学習\n', '   \n');
    // tqdm's nested bar (sd-scripts' sampling): a blank line, redraws that move up into it, and the
    // line it leaves behind, which the next line overwrites.
    const nested = fc
      .tuple(fc.array(segment, { maxLength: 3 }), fc.option(fc.tuple(segment, segment)))
      .map(
        ([bars, last]) =>
          `\n${bars.map((bar) => `\r${bar}\x1b[A\n`).join('')}` +
          (last ? `\r${last[0]}\x1b[A\r${last[1]}\n` : ''),
      );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(line, plain, nested), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        (pieces, cut) => {
          const whole = bytes(pieces.join(''));
          const emulated = feedAll(Array.from(whole, (b) => Uint8Array.of(b)));
          expect(feedAll([whole])).toEqual(emulated);
          // A line still being written when a read ends (an epoch's bar) skips what it overwrote too.
          const at = cut % (whole.length + 1);
          expect(feedAll([whole.subarray(0, at), whole.subarray(at)])).toEqual(emulated);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('passes plain runs on as ranges of the bytes fed, shown without the controls and blanks a terminal hides', () => {
    const assembler = createStreamAssembler();
    const runs: [number, number, number][] = [];
    const texts: string[] = [];
    const data = bytes('one\ntwo \x07 \n\rbar 50%]\rbar 100%]\nthree\n\n');
    assembler.feed(data, {
      run: (_source, start, end, lines) => runs.push([start, end, lines]),
      text: (t) => texts.push(t),
    });
    // The two plain lines, the bar's line (read as its last segment) and the third line, as ranges of
    // the bytes; the blank last line waits.
    expect(runs).toEqual([
      [0, 11, 2],
      [21, 31, 1],
      [31, 37, 1],
    ]);
    expect(runLines(data, 0, 37)).toEqual(['one', 'two', 'bar 100%]', 'three']);
    expect(texts).toEqual([]);
    // A blank line still waiting when the stream ends shows nothing.
    expect(feedAll([data])).toEqual(['one', 'two', 'bar 100%]', 'three']);
  });

  it('overwrites like a terminal: \\r rewrites from the start, ESC[K erases, colours are dropped', () => {
    expect(feedAll([bytes('abcdef\rXY\n')])).toEqual(['XYcdef']);
    expect(feedAll([bytes('abcdef\rXY\x1b[K\n')])).toEqual(['XY']);
    expect(feedAll([bytes('\x1b[1;31mred\x1b[0m plain\n')])).toEqual(['red plain']);
    expect(feedAll([bytes('\x1b]8;id=1;file:///x\x1b\\link\x1b]8;;\x1b\\ text\n')])).toEqual(['link text']);
    expect(feedAll([bytes('a\n\n\nb\n')])).toEqual(['a', '', '', 'b']);
    // Backspace moves back; other controls (NUL, BEL, DEL) are dropped.
    expect(feedAll([bytes('abc\bX\n')])).toEqual(['abX']);
    expect(feedAll([bytes('a\x00b\x07c\x7f\n')])).toEqual(['abc']);
  });

  it('shows the line being redrawn as open, and makes it final when the stream ends', () => {
    const assembler = createStreamAssembler();
    expect(assembler.push(bytes('loading\n\rcaching:  10%|#'))).toEqual(['loading']);
    expect(assembler.openLine()).toBe('caching:  10%|#');
    expect(assembler.push(bytes('\rcaching:  90%|#########'))).toEqual([]);
    expect(assembler.openLine()).toBe('caching:  90%|#########');
    expect(assembler.end()).toEqual(['caching:  90%|#########']);
    expect(assembler.openLine()).toBeNull();
  });

  it('resumes from its stored state exactly as if it had never stopped', () => {
    const half = Math.floor(realStderr.length / 2) + 1;
    const first = createStreamAssembler();
    const before = first.push(realStderr.subarray(0, half));
    const stored = JSON.parse(JSON.stringify(first.state())) as ReturnType<StreamAssembler['state']>;
    const after = feedAll([realStderr.subarray(half)], createStreamAssembler(stored));
    expect([...before, ...after]).toEqual(feedAll([realStderr]));
  });
});
