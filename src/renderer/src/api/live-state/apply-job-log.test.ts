import { describe, expect, it } from 'vitest';
import type { JobLogEvent } from '../../../../shared/contract';
import {
  allRows,
  applyJobLog,
  emptyJobLog,
  fillGap,
  isGapRow,
  jobLogFromRead,
  prependLines,
  rowAt,
  type JobLog,
  type LogRow,
} from './apply-job-log';

const line = (n: number) => ({ stream: 'stdout' as const, time: 1000 + n, text: `line ${n}` });
const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => line(from + i));
const batch = (fromLine: number, to: number, partial: JobLogEvent['partial'] = []): JobLogEvent => ({
  jobId: 'j',
  fromLine,
  lines: lines(fromLine, to),
  partial,
});
/** What a user sees: each line's number, a gap as "gap a-b". */
const shown = (log: JobLog) =>
  allRows(log).map((row: LogRow) => (isGapRow(row) ? `gap ${row.gap.fromLine}-${row.gap.toLine}` : row.line));
const read = (fromLine: number, to: number, totalLines = to) => ({
  jobId: 'j',
  fromLine,
  lines: lines(fromLine, to),
  partial: [],
  totalLines,
});

describe('a job log held by line number', () => {
  it('appends live lines after the tail it started from', () => {
    const log = applyJobLog(jobLogFromRead(read(10, 13)), batch(13, 15));
    expect(shown(log)).toEqual([10, 11, 12, 13, 14]);
    expect(log.nextLine).toBe(15);
    expect(log.firstLine).toBe(10);
  });

  it('holds a line sent twice once (a resume from before the held end)', () => {
    const once = applyJobLog(emptyJobLog('j'), batch(0, 5));
    const again = applyJobLog(once, batch(3, 8));
    expect(shown(again)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(applyJobLog(again, batch(3, 8))).toBe(again);
  });

  it('keeps lines that did not come as a gap row, never closing over them', () => {
    const log = applyJobLog(applyJobLog(emptyJobLog('j'), batch(0, 2)), batch(5, 7));
    expect(shown(log)).toEqual([0, 1, 'gap 2-5', 5, 6]);
  });

  it("keeps the host's gap marker as a row the view can expand, and goes on after it", () => {
    const marker: JobLogEvent = {
      jobId: 'j',
      fromLine: 900,
      lines: [],
      partial: [],
      gap: { fromLine: 3, toLine: 900 },
    };
    const log = applyJobLog(applyJobLog(applyJobLog(emptyJobLog('j'), batch(0, 3)), marker), batch(900, 902));
    expect(shown(log)).toEqual([0, 1, 2, 'gap 3-900', 900, 901]);
    // The same marker again (replayed after a snapshot) changes nothing.
    expect(applyJobLog(log, marker)).toBe(log);
  });

  it('fills a gap with the lines read for it, leaving what the page did not cover', () => {
    const marker: JobLogEvent = {
      jobId: 'j',
      fromLine: 20,
      lines: [],
      partial: [],
      gap: { fromLine: 2, toLine: 20 },
    };
    const log = applyJobLog(applyJobLog(emptyJobLog('j'), batch(0, 2)), marker);
    const filled = fillGap(log, read(2, 7, 20));
    expect(shown(filled)).toEqual([0, 1, 2, 3, 4, 5, 6, 'gap 7-20']);
    expect(shown(fillGap(filled, read(7, 20)))).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('puts older lines in front', () => {
    const log = prependLines(jobLogFromRead(read(5, 8)), read(0, 6));
    expect(shown(log)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(log.firstLine).toBe(0);
  });

  it('ignores another job and keeps the newest open line', () => {
    const log = applyJobLog(emptyJobLog('j'), batch(0, 2, [{ stream: 'stderr', text: '50%' }]));
    expect(applyJobLog(log, { ...batch(2, 3), jobId: 'other' })).toBe(log);
    // A resent old batch carries an old open line: the held one stays.
    expect(applyJobLog(log, batch(0, 1, [{ stream: 'stderr', text: '10%' }])).partial[0]?.text).toBe('50%');
  });

  it('finds any row of a long log by index, across chunks', () => {
    let log = emptyJobLog('j');
    for (let from = 0; from < 5000; from += 700)
      log = applyJobLog(log, batch(from, Math.min(5000, from + 700)));
    expect(log.rowCount).toBe(5000);
    expect(rowAt(log, 0)).toMatchObject({ line: 0 });
    expect(rowAt(log, 4321)).toMatchObject({ line: 4321 });
    expect(rowAt(log, 5000)).toBeUndefined();
  });
});
