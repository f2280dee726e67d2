/**
 * The fast paths of the display log, on the raw bytes, where the terminal emulation would only copy:
 * - plain runs: most of a trainer's output is complete lines that need no cursor movement (rich log
 *   lines, epoch and step lines). A run of them is found with native byte searches (`\r`, ESC and `\b`
 *   once per read), its newlines counted by the byte scanner, and passed on whole, as a range of the
 *   raw bytes; the controls a terminal drops and the trailing blanks it does not show are removed when
 *   the lines are read (display-text.ts), never here.
 * - redraws: a line of tqdm redraws (`\r`-separated segments, each as long as the one before, no
 *   bracket that could end a bar before more text) is whatever its last segment says; the segments
 *   it overwrote are measured by the byte scanner, never decoded.
 * Plain runs are valid only where the cursor is at the start of an empty line with nothing pending,
 * redraws also at the start of the one line left holding text (the caller knows).
 */
import { isUtf8 } from 'node:buffer';
import { countByte, measureRedraws, type RedrawMeasure } from './scan/byte-scanner';

export interface RunSink {
  /** Complete lines: bytes [start, end) of `source`, `lines` of them, each ending in `\n`. */
  run(source: Buffer, start: number, end: number, lines: number): void;
}

/** Where the next `\r`, ESC and `\b` of one read are (-1: none; -2: not looked for yet). */
export interface ReadMarks {
  cr: number;
  esc: number;
  bs: number;
}

export function newReadMarks(): ReadMarks {
  return { cr: -2, esc: -2, bs: -2 };
}

/** The next position ≥ `from` of `byte`, looked up once and kept until passed. */
function nextOf(data: Buffer, byte: number, from: number, known: number): number {
  return known === -1 || known >= from ? known : data.indexOf(byte, from);
}

/** The first `\r`, ESC or `\b` at or after `from` (data.length if none); updates `marks`. */
export function nextSpecial(data: Buffer, from: number, marks: ReadMarks): number {
  marks.cr = nextOf(data, 0x0d, from, marks.cr);
  marks.esc = nextOf(data, 0x1b, from, marks.esc);
  marks.bs = nextOf(data, 0x08, from, marks.bs);
  let stop = data.length;
  if (marks.cr >= 0 && marks.cr < stop) stop = marks.cr;
  if (marks.esc >= 0 && marks.esc < stop) stop = marks.esc;
  if (marks.bs >= 0 && marks.bs < stop) stop = marks.bs;
  return stop;
}

/**
 * Whether bytes [start, end) show nothing: blanks and the controls a terminal drops. A line of only
 * those is held back by the emulation (tqdm moves through such lines), so a run never ends in one.
 */
function isBlank(data: Buffer, start: number, end: number): boolean {
  if (hasAsciiText(data, start, end)) return false;
  // Non-ASCII blanks (U+3000, NBSP) are blanks to the emulation too; only a run's last line gets here.
  return !/\S/.test(data.toString('utf8', start, end).replace(/\p{Cc}/gu, ''));
}

/**
 * Passes the run of complete plain lines from `from` on to `sink`; answers where the first line that
 * is not plain (or not complete, or a blank line that ends the run) begins.
 */
export function passPlainRun(data: Buffer, from: number, marks: ReadMarks, sink: RunSink): number {
  const stop = nextSpecial(data, from, marks);
  let end = stop > from ? data.lastIndexOf(0x0a, stop - 1) + 1 : 0;
  if (end <= from) return from;
  let lines = countByte(data, from, end, 0x0a);
  // Blank lines at the end wait for what follows them.
  while (lines > 0) {
    // (lastIndexOf counts a negative offset from the end, so the first line is found apart.)
    const start = end - 2 < from ? from : Math.max(from, data.lastIndexOf(0x0a, end - 2) + 1);
    if (!isBlank(data, start, end - 1)) break;
    end = start;
    lines--;
  }
  if (lines > 0) sink.run(data, from, end, lines);
  return end;
}

/** The end of tqdm's right part: `[00:01<00:09,  1.06s/it, avr_loss=1.18]` or `[00:01, 3.2it/s]`. */
export const tqdmBarEnd = /\[\d+:\d{2}(:\d{2})?(<[^\]]*)?, [^\]]*\]$/;

/** A line of redraws seen without the emulation (see `skipRedraws`). */
export interface RedrawSkip {
  /** The line as it stands before the last segment is written: bytes [coverStart, coverEnd). */
  coverStart: number;
  coverEnd: number;
  /** The last segment, bytes [lastStart, newline). */
  lastStart: number;
  /** The last segment covers the line, cannot end a bar before more text, and shows text: it is the line. */
  lastIsLine: boolean;
  /**
   * The last segment is a bar that covers the line and ends (at its first `]`) before more text, as
   * rich's log lines follow the bar: two lines, the bar (bytes [lastStart, barEnd)) and the rest (bytes
   * [restStart, newline)).
   */
  glued: { barEnd: number; restStart: number } | null;
}

/** Whether bytes [start, end) hold a printable ASCII character other than space. */
function hasAsciiText(data: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = data[i] as number;
    if (b > 0x20 && b < 0x7f) return true;
  }
  return false;
}

/**
 * A complete line [from, newline) holding no ESC or `\b`, written from the start of a line that shows
 * `columns` columns of text (0: a clean line start; more: the line tqdm's nested bar leaves behind);
 * `validUtf8`: the caller knows the bytes are valid UTF-8. Answers how far the emulation can be
 * skipped: every segment before the last must cover the line so far (as many columns or more) without
 * a bracket inside (measured by the byte scanner); null where the line needs the emulation whole.
 */
export function skipRedraws(
  data: Buffer,
  from: number,
  newline: number,
  columns = 0,
  validUtf8 = false,
): RedrawSkip | null {
  const m = measureRedraws(data, from, newline, columns);
  if (!m) return null;
  // Columns are counted right only in valid UTF-8 (a `\r` never splits a character).
  if (m.high && !validUtf8 && !isUtf8(data.subarray(from, newline))) return null;
  // Only a segment after a `\r` is a redraw, which a bracket can end before more text.
  const redrawn = m.lastStart !== from;
  const innerBracket = m.lastBracket >= 0 && m.lastBracket < newline - 1;
  // Text it must show (non-ASCII blanks exist: a segment without ASCII text is left to the emulation).
  const lastIsLine = m.lastColumns >= m.columnsBefore && !(redrawn && innerBracket) && m.lastHasText;
  const glued = !lastIsLine && redrawn && innerBracket ? gluedBar(data, m, newline) : null;
  return { coverStart: m.coverStart, coverEnd: m.coverEnd, lastStart: m.lastStart, lastIsLine, glued };
}

/**
 * The emulation overwrites the line's columns with a redrawn segment, then appends up to each `]` and,
 * where the line (less trailing blanks) then ends like a tqdm bar and more text follows, starts a new
 * line. So the segment's first `]` splits it where it lies beyond the columns already drawn, or where
 * only spaces stand between it and them (the rest then goes on after those columns).
 */
function gluedBar(data: Buffer, m: RedrawMeasure, end: number): { barEnd: number; restStart: number } | null {
  const bracket = m.lastBracket;
  let restStart = bracket + 1;
  if (m.columnsToBracket < m.columnsBefore) {
    // Spaces are one byte and one column each.
    restStart += m.columnsBefore - m.columnsToBracket;
    if (restStart >= end) return null;
    for (let i = bracket + 1; i < restStart; i++) if (data[i] !== 0x20) return null;
  }
  if (!hasAsciiText(data, restStart, end)) return null;
  // Tested as bytes (latin1): the pattern's characters are ASCII and no byte of a UTF-8 character is
  // one of them, so it matches where the text does, without decoding it.
  return tqdmBarEnd.test(data.toString('latin1', m.lastStart, bracket + 1))
    ? { barEnd: bracket + 1, restStart }
    : null;
}

/**
 * A segment of tqdm's nested bar, bytes [start, end) (no `\r`, ESC or `\b`), redrawn over a line of
 * `columns` columns: measured where it replaces that line whole (it covers it, holds no control, is
 * valid UTF-8, and has no `]` before its end after which the emulation would look for a glued bar);
 * else null. The answer is the scanner's one object, overwritten by its next call.
 */
export function coveringSegment(
  data: Buffer,
  start: number,
  end: number,
  columns: number,
  validUtf8: boolean,
): RedrawMeasure | null {
  const m = measureRedraws(data, start, end, columns);
  if (!m || m.lastColumns < columns) return null;
  if (m.lastBracket >= 0 && m.lastBracket < end - 1) return null;
  if (m.high && !validUtf8 && !isUtf8(data.subarray(start, end))) return null;
  return m;
}
