/**
 * The display log's two fast paths, on the raw bytes, where the terminal emulation would only copy.
 * They are what lets a restarted host catch up on a day of a trainer's output in seconds:
 * - plain runs: most of a trainer's output is complete lines that need no cursor movement (rich log
 *   lines, epoch and step lines). A run of them is passed on whole, as a range of the raw bytes, and
 *   is never decoded at ingest: the controls a terminal drops and the trailing blanks it does not show
 *   are removed when the lines are read (display-text.ts).
 * - bar lines: a line of tqdm redraws (`\r`-separated segments, each covering the one before, no
 *   bracket that could end a bar before more text) shows only its last segment, which is what
 *   `displayText` reads back from the raw bytes.
 * Both are valid only where the cursor is at the start of an empty line with nothing pending (the
 * caller knows). Everything else goes through the emulation, and the property tests compare the two.
 */

import { isUtf8 } from 'node:buffer';

/**
 * Finds the next `\r`, ESC and `\b` in one buffer, each position kept until it is passed, so a feed
 * searches for each byte once however many lines it is asked about.
 */
export class SpecialFinder {
  private static readonly bytes = [0x0d, 0x1b, 0x08];
  private data: Buffer = Buffer.alloc(0);
  private readonly next = [-2, -2, -2];

  reset(data: Buffer): void {
    this.data = data;
    this.next.fill(-2);
  }

  /** The first `\r`, ESC or `\b` (`\r` left out where `withReturn` is false) at or after `from`; data.length if none. */
  find(from: number, withReturn = true): number {
    let found = this.data.length;
    for (let i = withReturn ? 0 : 1; i < 3; i++) {
      let at = this.next[i] as number;
      if (at !== -1 && at < from) {
        at = this.data.indexOf(SpecialFinder.bytes[i] as number, from);
        this.next[i] = at;
      }
      if (at >= 0 && at < found) found = at;
    }
    return found;
  }
}

/** A run of complete plain lines: bytes [start, end), `lines` of them. */
export interface PlainRun {
  end: number;
  lines: number;
}

// Anything that shows, decoded (controls are dropped first).
const controls = /\p{Cc}/gu;
const shows = /\S/;

/** Whether bytes [start, end) of a line show nothing: blanks and controls only. */
function isBlank(data: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = data[i] as number;
    if (b > 0x20 && b < 0x7f) return false;
    // Non-ASCII: decoded (U+3000 and NBSP are blanks to the emulation too).
    if (b >= 0x80) return !shows.test(data.toString('utf8', start, end).replace(controls, ''));
  }
  return true;
}

/**
 * The run of complete plain lines from `from` on (the next `\r`, ESC or `\b` ends it, as `specials`
 * finds): it ends at the start of the first line that is not plain or not complete; blank lines at
 * its end are left out, as the emulation holds them back while tqdm may move through them.
 */
export function plainRun(data: Buffer, from: number, specials: SpecialFinder): PlainRun {
  const stop = specials.find(from);
  const ends: number[] = [];
  for (let newline = data.indexOf(0x0a, from); newline >= 0 && newline < stop;) {
    ends.push(newline + 1);
    newline = data.indexOf(0x0a, newline + 1);
  }
  let lines = ends.length;
  while (
    lines > 0 &&
    isBlank(data, lines > 1 ? (ends[lines - 2] as number) : from, (ends[lines - 1] as number) - 1)
  )
    lines--;
  return { end: lines > 0 ? (ends[lines - 1] as number) : from, lines };
}

/**
 * What a line of tqdm redraws, bytes [from, end) holding a `\r` but no ESC or `\b` and written from a
 * clean line start, shows (`end` is its newline where `complete`):
 * - `last`: only its last segment, bytes [lastStart, end);
 * - `glued`: two lines, the bar (bytes [lastStart, barEnd)) and what was printed right after it
 *   (bytes [restStart, end)), as rich's log lines follow a bar;
 * - `emulate`: the emulation must take it, from `emulateFrom` on: the segments before it only drew
 *   what the segment there draws over (so a bar redrawn for a whole epoch is emulated from its last
 *   state, also while its line is still being written).
 * Every segment must cover what the ones before left showing (as many columns or more: UTF-16 units,
 * as the emulation counts them; tqdm pads a shorter bar with spaces), none may hold a control, and
 * none but the last may write past the row's end with a `]` before its own end (there the emulation
 * looks for a glued bar); else the whole line is emulated.
 */
export type BarLine =
  | { kind: 'last'; lastStart: number }
  | { kind: 'glued'; lastStart: number; barEnd: number; restStart: number }
  | { kind: 'emulate'; emulateFrom: number };

/** What one segment, bytes [start, end), holds. */
interface Segment {
  columns: number;
  /** The columns up to its last character that is not a space. */
  visible: number;
  /** Its first `]` (-1: none), and the columns up to and including it. */
  bracket: number;
  bracketColumns: number;
  /** Printable ASCII other than space. */
  text: boolean;
  /** A control the emulation drops (tab is text). */
  control: boolean;
}

function readSegment(data: Buffer, start: number, end: number): Segment {
  const s: Segment = { columns: 0, visible: 0, bracket: -1, bracketColumns: 0, text: false, control: false };
  for (let i = start; i < end; i++) {
    const b = data[i] as number;
    if (b < 0x80) {
      s.columns++;
      if (b !== 0x20) s.visible = s.columns;
      if (b > 0x20 && b < 0x7f) {
        s.text = true;
        if (b === 0x5d && s.bracket < 0) {
          s.bracket = i;
          s.bracketColumns = s.columns;
        }
      } else if ((b < 0x20 && b !== 0x09) || b === 0x7f) s.control = true;
    } else if (b >= 0xc0) {
      // A lead byte: one column, two for a character beyond the BMP (a surrogate pair).
      s.columns += b >= 0xf0 ? 2 : 1;
      s.visible = s.columns;
    }
  }
  return s;
}

/** Whether bytes [start, end) hold printable ASCII other than space. */
function hasAsciiText(data: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = data[i] as number;
    if (b > 0x20 && b < 0x7f) return true;
  }
  return false;
}

export function readBarLine(data: Buffer, from: number, end: number, complete: boolean): BarLine {
  const lastReturn = data.lastIndexOf(0x0d, end - 1);
  // Columns are counted on valid UTF-8 only (the last segment of a line still being written may end
  // inside a character).
  if (lastReturn < from || !isUtf8(data.subarray(from, complete ? end : lastReturn)))
    return { kind: 'emulate', emulateFrom: from };
  // The row as the segments leave it: as long as the longest, what lies past the last one blank.
  let columns = 0;
  let visible = 0;
  // The last segment that covered the whole row: emulated from there, the row is the same.
  let cover = from;
  let start = from;
  for (let index = 0; start < lastReturn; index++) {
    const stop = data.indexOf(0x0d, start);
    if (stop > start) {
      const s = readSegment(data, start, stop);
      // A redraw is checked for a glued bar only where it writes past the row's end.
      const glueCheck = index > 0 && s.columns > columns && s.bracket >= 0 && s.bracket < stop - 1;
      if (s.control || s.columns < visible || glueCheck) return { kind: 'emulate', emulateFrom: from };
      if (s.columns >= columns) {
        columns = s.columns;
        cover = start;
      }
      visible = s.visible;
    }
    start = stop + 1;
  }
  const lastStart = lastReturn + 1;
  if (!complete) return { kind: 'emulate', emulateFrom: cover };
  const last = readSegment(data, lastStart, end);
  const glueCheck = last.columns > columns && last.bracket >= 0 && last.bracket < end - 1;
  if (last.control) return { kind: 'emulate', emulateFrom: cover };
  if (!glueCheck)
    return last.text && last.columns >= visible
      ? { kind: 'last', lastStart }
      : { kind: 'emulate', emulateFrom: cover };
  // The emulation overwrites the line's columns, then appends up to each `]` and starts a new line
  // where the line (less trailing blanks) then ends like a tqdm bar: at the first `]` where it lies
  // beyond the columns drawn before, or where only spaces stand between it and them.
  const barEnd = last.bracket + 1;
  let restStart = barEnd;
  if (last.bracketColumns < columns) {
    // Spaces are one byte and one column each.
    restStart += columns - last.bracketColumns;
    if (restStart >= end) return { kind: 'emulate', emulateFrom: cover };
    for (let i = barEnd; i < restStart; i++)
      if (data[i] !== 0x20) return { kind: 'emulate', emulateFrom: cover };
  }
  return hasAsciiText(data, restStart, end) && tqdmBarEnd.test(data.toString('utf8', lastStart, barEnd))
    ? { kind: 'glued', lastStart, barEnd, restStart }
    : { kind: 'emulate', emulateFrom: cover };
}

/** The end of tqdm's right part: `[00:01<00:09,  1.06s/it, avr_loss=1.18]` or `[00:01, 3.2it/s]`. */
export const tqdmBarEnd = /\[\d+:\d{2}(:\d{2})?(<[^\]]*)?, [^\]]*\]$/;
