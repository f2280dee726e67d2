import { isUtf8 } from 'node:buffer';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readChunks } from '../../../../tests/fixtures/fake-trainers/real-fixtures';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import type { JobLogEvent } from '../../../shared/contract/logs';
import { displayLogFile, readDisplayLines, searchDisplayLog, displayLineCount } from './display-log-store';
import { createLogFollower } from './log-follower';

const tempDir = useTempDirs();
const realRun = readChunks('plain_split_unbuf');

/** Writes the real run's reads into stdout.log / stderr.log as the wrapper would, polling as it goes. */
function replay(runDir: string, from: number, to: number, poll: () => void, every = 7): void {
  realRun.slice(from, to).forEach((chunk, i) => {
    appendFileSync(join(runDir, `${chunk.stream}.log`), chunk.bytes);
    if (i % every === 0) poll();
  });
  poll();
}

function followWhole(runDir: string): { events: JobLogEvent[]; lines: string[] } {
  const events: JobLogEvent[] = [];
  const follower = createLogFollower({ runDir, jobId: 'j1', onLog: (e) => events.push(e), now: () => 1000 });
  replay(runDir, 0, realRun.length, () => follower.poll());
  follower.finish();
  follower.close();
  return { events, lines: readDisplayLines(runDir, 0, 100_000).map((l) => `${l.stream}|${l.text}`) };
}

/** One follower reads what the run folder holds now, then stops (as a host that ends). */
function followOnce(runDir: string, time: number): void {
  const follower = createLogFollower({ runDir, jobId: 'j1', now: () => time });
  follower.poll();
  follower.close();
}

describe('following a job log', () => {
  it('numbers the real run in job.log batches without gaps or repeats, the open bar as partial', () => {
    const runDir = tempDir();
    const { events, lines } = followWhole(runDir);
    let next = 0;
    for (const event of events) {
      expect(event.fromLine).toBe(next);
      next += event.lines.length;
    }
    expect(next).toBe(lines.length);
    expect(events.map((e) => e.lines.map((l) => `${l.stream}|${l.text}`)).flat()).toEqual(lines);
    expect(
      events.some((e) => e.partial.some((p) => p.stream === 'stderr' && p.text.startsWith('steps:'))),
    ).toBe(true);
    expect(events.at(-1)?.partial).toEqual([]);
    expect(lines).toContain('stdout|epoch 2/2');
    expect(lines).toContain('stdout|saving checkpoint: /home/user/out_plain_split/cpu_lora.safetensors');
  });

  it('gives two jobs followed side by side the lines each has alone (their reads share one buffer)', () => {
    const reference = followWhole(tempDir()).lines;
    // The second job prints other bytes: its stderr with the bytes of the first run's stdout mixed in,
    // ending on a nested bar whose line below stays open until the stream ends.
    const nestedTail = Buffer.from(
      '\n\r 50%|█████     | 1/2 [00:00<00:00,  3.55it/s]\x1b[A\n' +
        '\r100%|██████████| 2/2 [00:00<00:00,  3.56it/s]\x1b[A\r100%|██████████| 2/2 [00:00<00:00,  3.50it/s]\n',
    );
    const other = tempDir();
    const otherReference = (() => {
      const runDir = tempDir();
      writeFileSync(join(runDir, 'stderr.log'), Buffer.concat([...realRun.map((c) => c.bytes), nestedTail]));
      const follower = createLogFollower({ runDir, jobId: 'j2', now: () => 1000 });
      while (follower.poll() > 0);
      follower.finish();
      follower.close();
      return readDisplayLines(runDir, 0, 100_000).map((l) => `${l.stream}|${l.text}`);
    })();
    const first = tempDir();
    // Small reads, taken in turns, so every read of one job lands where the other's last read was.
    const a = createLogFollower({ runDir: first, jobId: 'j1', now: () => 1000, maxReadBytes: 777 });
    const b = createLogFollower({ runDir: other, jobId: 'j2', now: () => 1000, maxReadBytes: 501 });
    realRun.forEach((chunk, i) => {
      appendFileSync(join(first, `${chunk.stream}.log`), chunk.bytes);
      appendFileSync(join(other, 'stderr.log'), chunk.bytes);
      if (i % 5 === 0) {
        a.poll();
        b.poll();
      }
    });
    appendFileSync(join(other, 'stderr.log'), nestedTail);
    while (a.poll() + b.poll() > 0);
    a.finish();
    b.finish();
    a.close();
    b.close();
    // Each stream's lines (the order between a job's two streams depends on when it was polled).
    const byStream = (lines: string[], stream: string): string[] => lines.filter((l) => l.startsWith(stream));
    const firstLines = readDisplayLines(first, 0, 100_000).map((l) => `${l.stream}|${l.text}`);
    for (const stream of ['stdout|', 'stderr|']) {
      expect(byStream(firstLines, stream)).toEqual(byStream(reference, stream));
    }
    expect(readDisplayLines(other, 0, 100_000).map((l) => `${l.stream}|${l.text}`)).toEqual(otherReference);
    expect(otherReference.slice(-2)).toEqual([
      'stderr|100%|██████████| 2/2 [00:00<00:00,  3.50it/s]',
      'stderr|100%|██████████| 2/2 [00:00<00:00,  3.56it/s]',
    ]);
  });

  it('resumes after a host crash exactly: same lines, same numbers, nothing twice', () => {
    const reference = followWhole(tempDir()).lines;

    const runDir = tempDir();
    const half = Math.floor(realRun.length / 2);
    const first = createLogFollower({ runDir, jobId: 'j1', now: () => 1000 });
    replay(runDir, 0, half, () => first.poll());
    first.close();
    // The host died between appending lines and recording that it had: those lines are cut off and read again.
    appendFileSync(join(runDir, displayLogFile), '1000\to\tHALF-WRITTEN LINE\n');
    // The trainer went on printing while no host was there.
    replay(runDir, half, half + 40, () => {});

    const numbered = first.lineCount;
    const second = createLogFollower({ runDir, jobId: 'j1', now: () => 1000 });
    replay(runDir, half + 40, realRun.length, () => second.poll());
    second.finish();
    second.close();
    const resumed = readDisplayLines(runDir, 0, 100_000).map((l) => `${l.stream}|${l.text}`);
    // Lines numbered before the crash keep their numbers; after it, each stream's lines are all there,
    // once, in order (how two files written while nobody watched interleave cannot be known).
    expect(resumed.slice(0, numbered)).toEqual(reference.slice(0, numbered));
    for (const stream of ['stdout|', 'stderr|']) {
      expect(resumed.filter((l) => l.startsWith(stream))).toEqual(
        reference.filter((l) => l.startsWith(stream)),
      );
    }
  });

  it('keeps the numbers it sent when the host is killed (SIGKILL: no close) where stderr and stdout interleave', () => {
    const runDir = tempDir();
    const sent: string[] = [];
    // Never closed: what it last wrote of its state is all the next host finds.
    const killed = createLogFollower({
      runDir,
      jobId: 'j1',
      now: () => 1000,
      onLog: (event) => sent.push(...event.lines.map((l) => `${l.stream}|${l.text}`)),
    });
    replay(runDir, 0, realRun.length, () => killed.poll(), 3);
    const streams = new Set(sent.map((line) => line.split('|')[0]));
    expect(streams).toEqual(new Set(['stdout', 'stderr']));

    const next = createLogFollower({ runDir, jobId: 'j1', now: () => 2000 });
    next.finish();
    next.close();
    const resumed = readDisplayLines(runDir, 0, 100_000).map((l) => `${l.stream}|${l.text}`);
    expect(resumed.slice(0, sent.length)).toEqual(sent);
  });

  it('keeps the display log valid UTF-8 when the trainer prints broken bytes', () => {
    const runDir = tempDir();
    writeFileSync(
      join(runDir, 'stdout.log'),
      Buffer.concat([
        Buffer.from('ok\nbroken '),
        Buffer.of(0xe5, 0x41, 0xff),
        Buffer.from(' end   \nlast\n'),
      ]),
    );
    followOnce(runDir, 3);
    expect(isUtf8(readFileSync(join(runDir, displayLogFile)))).toBe(true);
    expect(readDisplayLines(runDir, 0, 10).map((l) => l.text)).toEqual([
      'ok',
      'broken \ufffdA\ufffd end',
      'last',
    ]);
  });

  it('keeps plain lines where the trainer wrote them: the display log holds records, not a copy', () => {
    const runDir = tempDir();
    const raw = Array.from({ length: 3000 }, (_, i) => `epoch ${i} done \x07   \n`).join('');
    writeFileSync(join(runDir, 'stderr.log'), `${raw}\rbar 1/2]\rbar 2/2]\n${raw}`);
    followOnce(runDir, 5);
    expect(displayLineCount(runDir)).toBe(6001);
    expect(readFileSync(join(runDir, displayLogFile)).length).toBeLessThan(raw.length / 50);
    expect(readDisplayLines(runDir, 2999, 3).map((l) => l.text)).toEqual([
      'epoch 2999 done',
      'bar 2/2]',
      'epoch 0 done',
    ]);
    expect(readDisplayLines(runDir, 6000, 5)).toEqual([
      { stream: 'stderr', time: 5, text: 'epoch 2999 done' },
    ]);
  });

  it('says which lines are missing when a raw log was removed by hand, instead of failing the read', () => {
    const runDir = tempDir();
    writeFileSync(join(runDir, 'stdout.log'), 'kept\n');
    writeFileSync(join(runDir, 'stderr.log'), 'gone 1\ngone 2\n');
    followOnce(runDir, 5);
    rmSync(join(runDir, 'stderr.log'));
    expect(readDisplayLines(runDir, 0, 10).map((l) => l.text)).toEqual([
      'kept',
      '(this line is missing from stderr.log)',
      '(this line is missing from stderr.log)',
    ]);
  });

  it.each([
    // One line per line, `<time>\t<o|e>\t<text>`.
    [1, '1\to\tfirst\n1\to\tsecond\n'],
    // Slice records: the second line as bytes of the raw log.
    [3, '\x021\to\t0\t6\t1\n\x031\to\t6\t6\n'],
  ])(
    'rebuilds a display log of an earlier format (%i) from the raw streams, with the same numbers',
    (format, log) => {
      const runDir = tempDir();
      writeFileSync(join(runDir, 'stdout.log'), 'first\nsecond\n');
      writeFileSync(join(runDir, displayLogFile), log);
      writeFileSync(
        join(runDir, 'follow.json'),
        JSON.stringify({
          format,
          offsets: { stdout: 14, stderr: 0 },
          assembler: null,
          lines: 2,
          bytes: log.length,
          ended: false,
        }),
      );
      followOnce(runDir, 9);
      expect(readDisplayLines(runDir, 0, 10).map((l) => l.text)).toEqual(['first', 'second']);
    },
  );

  it('catches up on a log longer than one pass at once, not a batch time apart (a restart, an unwatched job)', async () => {
    const runDir = tempDir();
    writeFileSync(join(runDir, 'stdout.log'), Array.from({ length: 2000 }, (_, i) => `line ${i}\n`).join(''));
    // A pass reads 1 KB; a minute between batches would take hours for these 16 KB.
    const follower = createLogFollower({ runDir, jobId: 'j1', maxReadBytes: 1024, batchMs: 60_000 });
    follower.start();
    try {
      const started = Date.now();
      while (follower.lineCount < 2000 && Date.now() - started < 5000) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(follower.lineCount).toBe(2000);
      expect(readDisplayLines(runDir, 1999, 1).map((l) => l.text)).toEqual(['line 1999']);
    } finally {
      follower.close();
    }
  });

  it('reads any line range through the index, across its checkpoints', () => {
    const runDir = tempDir();
    writeFileSync(join(runDir, 'stdout.log'), Array.from({ length: 5000 }, (_, i) => `line ${i}\n`).join(''));
    followOnce(runDir, 7);
    expect(displayLineCount(runDir)).toBe(5000);
    expect(readDisplayLines(runDir, 1020, 10).map((l) => l.text)).toEqual(
      Array.from({ length: 10 }, (_, i) => `line ${1020 + i}`),
    );
    expect(readDisplayLines(runDir, 4998, 10).map((l) => l.text)).toEqual(['line 4998', 'line 4999']);
    expect(readDisplayLines(runDir, 5000, 10)).toEqual([]);
    expect(readDisplayLines(runDir, 0, 1)[0]).toEqual({ stream: 'stdout', time: 7, text: 'line 0' });
  });

  it('searches a million-line log without loading it whole, and caps the matches', async () => {
    const runDir = tempDir();
    const block = Array.from({ length: 100_000 }, (_, i) =>
      i % 25_000 === 7 ? `needle ${i}\n` : `step ${i} loss 0.1\n`,
    ).join('');
    for (let i = 0; i < 10; i++) appendFileSync(join(runDir, 'stdout.log'), block);
    const follower = createLogFollower({ runDir, jobId: 'j1', now: () => 1 });
    while (follower.poll() > 0) {
      // drain
    }
    follower.finish();
    follower.close();
    expect(displayLineCount(runDir)).toBe(1_000_000);

    const heapBefore = process.memoryUsage().heapUsed;
    const found = await searchDisplayLog(runDir, {
      test: (t) => t.includes('needle'),
      fromLine: 0,
      limit: 1000,
    });
    expect(found.matches).toHaveLength(40);
    expect(found.matches[0]).toMatchObject({ line: 7, text: 'needle 7' });
    expect(found.matches[39]).toMatchObject({ line: 975_007, text: 'needle 75007' });
    expect(found.truncated).toBe(false);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);

    const capped = await searchDisplayLog(runDir, {
      test: (t) => t.startsWith('step'),
      fromLine: 500_000,
      limit: 3,
    });
    expect(capped.matches.map((m) => m.line)).toEqual([500_000, 500_001, 500_002]);
    expect(capped.truncated).toBe(true);
  });
});
