import { describe, expect, it } from 'vitest';
import type { JobLogEvent } from '../../../../shared/contract';
import {
  allRows,
  applyJobLog,
  emptyJobLog,
  fillGap,
  indexOfLine,
  isGapRow,
  jobLogFromRead,
  placePage,
  prependLines,
  rowAt,
  trimFront,
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

describe('placing a page of a long log anywhere', () => {
  const tail = () => jobLogFromRead(read(998_000, 998_005, 998_005));

  it('puts the head of the log in front of its tail, with a gap row for the lines between', () => {
    const log = placePage(tail(), read(0, 3, 998_005));
    expect(shown(log)).toEqual([0, 1, 2, 'gap 3-998000', 998_000, 998_001, 998_002, 998_003, 998_004]);
    expect(log.firstLine).toBe(0);
    expect(log.rowCount).toBe(9);
  });

  it('splits a gap row around a page read from its middle (a search hit far away)', () => {
    const log = placePage(placePage(tail(), read(0, 2)), read(500_000, 500_002));
    expect(shown(log)).toEqual([
      0,
      1,
      'gap 2-500000',
      500_000,
      500_001,
      'gap 500002-998000',
      998_000,
      998_001,
      998_002,
      998_003,
      998_004,
    ]);
  });

  it('joins a page that reaches the held lines without a gap, and ignores lines already held', () => {
    const log = placePage(tail(), read(997_998, 998_003));
    expect(shown(log)).toEqual([997_998, 997_999, 998_000, 998_001, 998_002, 998_003, 998_004]);
    expect(placePage(log, read(997_998, 998_005))).toBe(log);
  });

  it('closes a gap completely when a page covers it, across chunks', () => {
    const start = jobLogFromRead(read(12_000, 12_005));
    const log = placePage(placePage(start, read(0, 10)), read(10, 5010));
    expect(shown(log).slice(0, 12)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(shown(log)).toContain('gap 5010-12000');
    const whole = placePage(placePage(log, read(5010, 10_010)), read(10_010, 12_000));
    expect(whole.rowCount).toBe(12_005);
    expect(allRows(whole).some(isGapRow)).toBe(false);
    expect(rowAt(whole, 7_000)).toMatchObject({ line: 7_000 });
    expect(indexOfLine(whole, 11_999)).toBe(11_999);
  });

  it('finds the row that holds a line, a line row or the gap it is missing in', () => {
    const log = placePage(tail(), read(0, 3));
    expect(indexOfLine(log, 2)).toBe(2);
    expect(indexOfLine(log, 3)).toBe(3);
    expect(indexOfLine(log, 700_000)).toBe(3);
    expect(indexOfLine(log, 998_001)).toBe(5);
    expect(indexOfLine(log, 998_005)).toBe(-1);
    expect(indexOfLine(tail(), 10)).toBe(-1);
  });

  it('drops the oldest whole chunks of a followed log, keeping at least the rows asked for', () => {
    let log = emptyJobLog('j');
    for (let from = 0; from < 25_000; from += 2500) log = applyJobLog(log, batch(from, from + 2500));
    const kept = trimFront(log, 10_000);
    expect(kept.rowCount).toBe(10_000);
    expect(kept.firstLine).toBe(15_000);
    expect(rowAt(kept, 0)).toMatchObject({ line: 15_000 });
    expect(kept.nextLine).toBe(25_000);
    expect(trimFront(kept, 10_000)).toBe(kept);
    // The dropped lines come back as older lines when read again.
    expect(shown(prependLines(kept, read(14_998, 15_000)))[0]).toBe(14_998);
  });
});
