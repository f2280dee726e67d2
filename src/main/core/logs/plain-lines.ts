/**
 * The fast paths of the display log, on the raw bytes, where the terminal emulation would only copy:
 * - plain runs: most of a trainer's output is complete lines that need no cursor movement (rich log
 *   lines, epoch and step lines). The byte scanner finds where a run of them stops (the next `\r`, ESC
 *   or `\b`) and counts its newlines on the way; the run is passed on whole, as a range of the raw
 *   bytes. The controls a terminal drops and the trailing blanks it does not show are removed when the
 *   lines are read (display-text.ts), never here.
 * - redraws: a line of tqdm redraws (`\r`-separated segments, each as long as the one before, no
 *   bracket that could end a bar before more text) is whatever its last segment says; the segments
 *   it overwrote are measured by the byte scanner, never decoded.
 * Plain runs are valid only where the cursor is at the start of an empty line with nothing pending,
 * redraws also at the start of the one line left holding text (the caller knows).
 */
import { isUtf8 } from 'node:buffer';
import { measureRedraws, newlinesBeforeSpecial, nextSpecial, type RedrawMeasure } from './scan/byte-scanner';

// Controls the emulation drops, and anything that shows, in decoded text.
const controls = /\p{Cc}/gu;
const shows = /\S/;

/**
 * Whether bytes [start, end), which hold no printable ASCII but some bytes >= 0x80, show nothing
 * decoded: non-ASCII blanks (U+3000, NBSP) are blanks to the emulation too.
 */
function showsNothing(data: Buffer, start: number, end: number): boolean {
  return !shows.test(data.toString('utf8', start, end).replace(controls, ''));
}

/** The position after the last newline in bytes [from, end) (`from` if none); lines are short. */
function afterLastNewline(data: Buffer, from: number, end: number): number {
  for (let i = end - 1; i >= from; i--) {
    if (data[i] === 0x0a) return i + 1;
    if (end - i > 512) return Math.max(from, data.lastIndexOf(0x0a, i) + 1);
  }
  return from;
}

/** A run of complete plain lines: bytes [start, end), `lines` of them. */
export interface PlainRun {
  end: number;
  lines: number;
}

const found: PlainRun = { end: 0, lines: 0 };

/**
 * The run of complete plain lines from `from` on: it ends at the start of the first line that is not
 * plain (or not complete, or a blank line that ends the run); at `from` where there is none. Its lines
 * are counted by the search for its end. The answer is one object, overwritten by the next call.
 */
export function plainRun(data: Buffer, from: number): PlainRun {
  const stop = nextSpecial(data, from, data.length);
  // The newlines before the stop end the run's lines (the line the stop is in has none before it).
  let lines = newlinesBeforeSpecial();
  let end = afterLastNewline(data, from, stop);
  // Blank lines at the end (blanks and the controls a terminal drops) wait for what follows them: the
  // emulation holds them back, as tqdm moves through such lines. Read from the end, a line that shows
  // something usually says so at its last byte.
  found.lines = 0;
  found.end = from;
  while (end > from) {
    let at = end - 2;
    let high = false;
    for (; at >= from; at--) {
      const b = data[at] as number;
      if (b === 0x0a) break;
      if (b > 0x20 && b < 0x7f) break;
      if (b >= 0x80) high = true;
    }
    const shows = at >= from && data[at] !== 0x0a;
    if (shows || (high && !showsNothing(data, at + 1, end - 1))) {
      found.end = end;
      found.lines = lines;
      return found;
    }
    end = at + 1;
    lines--;
  }
  return found;
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

/**
 * Whether the scanner's columns for bytes [start, end) are the emulation's: they are counted right only
 * in valid UTF-8 (a `\r` never splits a character). `validUtf8`: the caller knows the bytes are.
 */
function countedRight(
  m: RedrawMeasure,
  data: Buffer,
  start: number,
  end: number,
  validUtf8: boolean,
): boolean {
  return !m.high || validUtf8 || isUtf8(data.subarray(start, end));
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
  columns: number,
  validUtf8: boolean,
): RedrawSkip | null {
  const m = measureRedraws(data, from, newline, columns);
  if (!m || !countedRight(m, data, from, newline, validUtf8)) return null;
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
  return endsLikeTqdmBar(data, m.lastStart, bracket + 1) ? { barEnd: bracket + 1, restStart } : null;
}

/** Whether `byte` is an ASCII digit. */
function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

/**
 * What `tqdmBarEnd.test` answers for bytes [start, end) read as latin1, without making the string
 * (several times a step on every bar): a `[` after the last `]` but the final one, then
 * `\d+:\d{2}(:\d{2})?`, then `, ` at once or somewhere after a `<`, before the final `]`. The `[` is
 * looked for from the end, where tqdm puts it.
 */
export function endsLikeTqdmBar(data: Buffer, start: number, end: number): boolean {
  if (end - start < 8 || data[end - 1] !== 0x5d) return false;
  // The last place a `, ` can begin (the final `]` is not a space).
  const last = end - 3;
  for (let open = end - 2; open >= start; open--) {
    const byte = data[open];
    if (byte === 0x5d) return false;
    if (byte !== 0x5b) continue;
    let at = open + 1;
    while (isDigit(data[at])) at++;
    if (at === open + 1 || data[at] !== 0x3a || !isDigit(data[at + 1]) || !isDigit(data[at + 2])) continue;
    at += 3;
    if (data[at] === 0x3a && isDigit(data[at + 1]) && isDigit(data[at + 2])) at += 3;
    if (data[at] === 0x2c && data[at + 1] === 0x20) return true;
    if (data[at] !== 0x3c) continue;
    for (let comma = at + 1; comma <= last; comma++)
      if (data[comma] === 0x2c && data[comma + 1] === 0x20) return true;
  }
  return false;
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
  return countedRight(m, data, start, end, validUtf8) ? m : null;
}
