/**
 * Turns the raw bytes of one stream into the lines a person would see in a terminal, incrementally:
 * `\n` ends a line, `\r` returns to its start (the next text overwrites it), `ESC[A` moves up a line,
 * `ESC[K` erases; colours and other escapes are dropped. A progress bar redrawn a hundred times becomes
 * one line in its last state; tqdm's nested bars (`\n`, bar, `ESC[A`, as sd-scripts' sampling bar
 * writes even into a pipe) collapse the same way. UTF-8 split across reads is put back together.
 *
 * Lines are final once the cursor has left them downwards with text on them; an empty line is held
 * back, because tqdm moves down into it and comes back up. The state is plain data, so a follower can
 * store it beside its byte offsets and resume exactly after a restart.
 *
 * Where the cursor stands at the start of an empty line with nothing pending, runs of plain lines
 * skip the emulation and pass through as byte ranges, and a line of tqdm redraws skips the segments
 * it overwrites (plain-lines.ts); so do the lines of tqdm's nested bar and the line that overwrites
 * the one it leaves. The emulation takes one line at a time from the first line that needs it until
 * the cursor is back there.
 */
import { isUtf8 } from 'node:buffer';
import { displayText } from './display-text';
import { coveringSegment, plainRun, skipRedraws, tqdmBarEnd } from './plain-lines';
import { RunJoiner } from './run-joiner';
import { adopt, lineMarks, lineMarksFound } from './scan/byte-scanner';

/**
 * Where final lines go, in order: as text from the emulation, as ranges of the bytes fed from the
 * fast paths (each line of a run is shown as `displayText` makes it).
 */
export interface LineSink {
  text(line: string): void;
  /** A line shown exactly as bytes [start, end) of `source` (valid UTF-8 without controls). */
  textBytes(source: Buffer, start: number, end: number): void;
  /**
   * Complete lines shown as `displayText` makes them: bytes [start, end) of `source`, `lines` of them,
   * each ending in `\n`.
   */
  run(source: Buffer, start: number, end: number, lines: number): void;
}

/** The lines of a run as they are shown. */
export function runLines(source: Buffer, start: number, end: number): string[] {
  const lines = source.toString('utf8', start, end - 1).split('\n');
  for (let i = 0; i < lines.length; i++) lines[i] = displayText(lines[i] as string);
  return lines;
}

export interface AssemblerState {
  /** Undecoded bytes of a UTF-8 character split across reads (hex). */
  pendingBytes: string;
  /** An escape sequence split across reads. */
  pendingEscape: string;
  /** Lines not final yet: held empty lines, the cursor's line, lines below it. */
  rows: string[];
  row: number;
  col: number;
  /** Cursor-up moves that reached a final line; the next `\n`s cancel them instead of moving down. */
  pendingUp: number;
  /** The cursor's line was redrawn with `\r` (a progress bar). */
  redrawn: boolean;
}

export interface StreamAssembler {
  /** Feeds bytes; answers the lines that became final, oldest first. */
  push(bytes: Uint8Array): string[];
  /** Feeds bytes; the lines that became final go to `sink`, oldest first. */
  feed(bytes: Uint8Array, sink: LineSink): void;
  /** The line the cursor is on, if it holds text (a progress bar being redrawn, a line without `\n` yet). */
  openLine(): string | null;
  /** The stream ended: everything that holds text is final. */
  end(): string[];
  state(): AssemblerState;
}

export function emptyAssemblerState(): AssemblerState {
  return { pendingBytes: '', pendingEscape: '', rows: [''], row: 0, col: 0, pendingUp: 0, redrawn: false };
}

/** Where an incomplete UTF-8 character at the end of `bytes` begins (bytes.length when there is none). */
export function incompleteUtf8Tail(bytes: Uint8Array): number {
  let i = bytes.length - 1;
  let continuation = 0;
  while (i >= 0 && continuation < 3 && ((bytes[i] ?? 0) & 0xc0) === 0x80) {
    i--;
    continuation++;
  }
  if (i < 0) return bytes.length;
  const lead = bytes[i] ?? 0;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return bytes.length - i < need ? i : bytes.length;
}

/** Whether a line holds anything but whitespace (what `trim() !== ''` says, without a copy). */
function hasText(line: string): boolean {
  return /\S/.test(line);
}

// Control characters that change the cursor; other C0 controls are dropped, tab is kept as text.
// eslint-disable-next-line no-control-regex
const controlPattern = /[\x00-\x08\x0a-\x1f\x7f]/g;
// The ones a log hardly ever holds: without them, the next control is found with indexOf.
// eslint-disable-next-line no-control-regex
const rareControlPattern = /[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]/;

/** Whether bytes [from, to) hold a control byte other than \n, \r, ESC and tab (checked before decoding). */
function hasRareControl(bytes: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const b = bytes[i] as number;
    // One test for the common case (printable ASCII).
    if ((b - 0x20) >>> 0 >= 0x5f && b < 0x80 && b !== 0x0a && b !== 0x0d && b !== 0x1b && b !== 0x09) {
      return true;
    }
  }
  return false;
}

/**
 * Where the next control character of one text is, from `from` on (-1: none). Text with only `\n`,
 * `\r` and ESC (all of a real trainer's) is searched with indexOf, each character's position kept until
 * passed, so a bar redrawn thousands of times in one read costs one pass. One object per assembler,
 * reset for each text: the emulation runs for a few lines at a time, thousands of times a second.
 */
class ControlFinder {
  private text = '';
  private rare = false;
  private nextNewline = -2;
  private nextReturn = -2;
  private nextEscape = -2;

  reset(text: string, rareControls: boolean): void {
    this.text = text;
    this.rare = rareControls;
    this.nextNewline = this.nextReturn = this.nextEscape = -2;
  }

  next(from: number): number {
    if (this.rare) {
      controlPattern.lastIndex = from;
      return controlPattern.exec(this.text)?.index ?? -1;
    }
    if (this.nextNewline !== -1 && this.nextNewline < from) this.nextNewline = this.text.indexOf('\n', from);
    if (this.nextReturn !== -1 && this.nextReturn < from) this.nextReturn = this.text.indexOf('\r', from);
    if (this.nextEscape !== -1 && this.nextEscape < from) this.nextEscape = this.text.indexOf('\x1b', from);
    let found = this.nextNewline;
    if (this.nextReturn !== -1 && (found === -1 || this.nextReturn < found)) found = this.nextReturn;
    if (this.nextEscape !== -1 && (found === -1 || this.nextEscape < found)) found = this.nextEscape;
    return found;
  }
}
// Sticky: matched where the ESC stands in the text, without a copy of what follows.
// eslint-disable-next-line no-control-regex
const csiPattern = /\x1b\[([0-9;?]*)([\x20-\x2f]*)([\x40-\x7e])/y;
// eslint-disable-next-line no-control-regex
const csiPrefixPattern = /^\x1b\[[0-9;?\x20-\x2f]*$/;
// eslint-disable-next-line no-control-regex
const oscPattern = /^\x1b\][^\x07\x1b]*(\x07|\x1b\\)/;

export function createStreamAssembler(initial: AssemblerState = emptyAssemblerState()): StreamAssembler {
  // Field by field, in one order: every assembler's state has the same shape (a spread of a state read
  // back from follow.json would give each its own, and the code that reads it would be compiled again).
  const s: AssemblerState = {
    pendingBytes: initial.pendingBytes,
    pendingEscape: initial.pendingEscape,
    rows: [...initial.rows],
    row: initial.row,
    col: initial.col,
    pendingUp: initial.pendingUp,
    redrawn: initial.redrawn,
  };
  let finals: string[] = [];
  const finder = new ControlFinder();

  const put = (text: string): void => {
    const line = s.rows[s.row] ?? '';
    // The two common cases without slicing: appending, and a redraw covering the whole line.
    if (s.col === line.length) s.rows[s.row] = line + text;
    else if (s.col === 0 && text.length >= line.length) s.rows[s.row] = text;
    else {
      const padded = line.length < s.col ? line.padEnd(s.col, ' ') : line;
      s.rows[s.row] = padded.slice(0, s.col) + text + padded.slice(s.col + text.length);
    }
    s.col += text.length;
  };

  // Text printed after a tqdm bar drawn with \r (it ends with "[elapsed<remaining, rate…]") on the
  // same line starts a new line: the bar has no newline of its own, and rich's next log line would
  // otherwise be glued to it. Checked at every "]" appended, so how the reads were cut never matters.
  const write = (text: string): void => {
    let at = 0;
    while (s.redrawn && at < text.length) {
      const line = s.rows[s.row] ?? '';
      if (s.col < line.length) {
        const overwrite = Math.min(text.length - at, line.length - s.col);
        put(text.slice(at, at + overwrite));
        at += overwrite;
        continue;
      }
      if (tqdmBarEnd.test(line.trimEnd())) {
        breakLine();
        break;
      }
      const close = text.indexOf(']', at);
      const end = close < 0 ? text.length : close + 1;
      put(text.slice(at, end));
      at = end;
    }
    if (at < text.length) put(text.slice(at));
  };

  /** Lines 0..upTo become final; the rows list starts after them. */
  const finish = (upTo: number): void => {
    for (let i = 0; i <= upTo; i++) finals.push((s.rows[i] ?? '').trimEnd());
    s.rows.splice(0, upTo + 1);
    s.row -= upTo + 1;
    if (s.rows.length === 0) s.rows.push('');
  };

  const newline = (): void => {
    if (s.pendingUp > 0) {
      s.pendingUp--;
      s.col = 0;
      s.redrawn = false;
      return;
    }
    breakLine();
  };

  function breakLine(): void {
    s.redrawn = false;
    const left = s.row;
    s.row++;
    s.col = 0;
    if (s.rows.length <= s.row) s.rows.push('');
    if (hasText(s.rows[left] ?? '')) finish(left);
    // A long run of blank lines is not a tqdm redraw: let it go.
    else if (s.row > 64) finish(s.row - 1);
  }

  const cursorUp = (count: number): void => {
    for (let i = 0; i < count; i++) {
      if (s.row > 0) s.row--;
      else s.pendingUp++;
      s.redrawn = false;
    }
  };

  /** What a CSI sequence does: colours (m) and everything else not handled here change nothing. */
  const csi = (params: string, final: string): void => {
    const count = Math.max(1, Number(params.split(';')[0] || '1'));
    switch (final) {
      case 'A':
        cursorUp(count);
        break;
      case 'K': {
        const line = s.rows[s.row] ?? '';
        const mode = params || '0';
        s.rows[s.row] =
          mode === '0' ? line.slice(0, s.col) : mode === '2' ? '' : ' '.repeat(s.col) + line.slice(s.col);
        break;
      }
      case 'G':
        s.col = count - 1;
        break;
      default:
        break;
    }
  };

  /**
   * Applies the escape sequence that begins (with ESC) at `at` of `text`; answers its length, or -1
   * if the read ends inside it. A malformed one drops just its first two characters.
   */
  const takeEscape = (text: string, at: number): number => {
    const left = text.length - at;
    if (left < 2) return -1;
    const kind = text.charCodeAt(at + 1);
    if (kind === 0x5b) {
      // tqdm's nested bars move up a line after every redraw: that one without the pattern.
      if (text.charCodeAt(at + 2) === 0x41) {
        cursorUp(1);
        return 3;
      }
      csiPattern.lastIndex = at;
      const match = csiPattern.exec(text);
      if (match) {
        csi(match[1] ?? '', match[3] ?? '');
        return match[0].length;
      }
      // Parameters still arriving, or a malformed sequence.
      return left < 64 && csiPrefixPattern.test(text.slice(at)) ? -1 : 2;
    }
    if (kind === 0x5d) {
      const match = oscPattern.exec(text.slice(at, at + 4096));
      if (match) return match[0].length;
      return left < 4096 ? -1 : 2;
    }
    return 2;
  };

  /** `rareControls`: whether `input` may hold controls other than \n, \r and ESC. */
  const feedText = (input: string, rareControls = true): void => {
    const text = s.pendingEscape + input;
    const rare = rareControls || (s.pendingEscape !== '' && rareControlPattern.test(s.pendingEscape));
    s.pendingEscape = '';
    let at = 0;
    finder.reset(text, rare);
    while (at < text.length) {
      const found = finder.next(at);
      const stop = found < 0 ? text.length : found;
      const char = found < 0 ? -1 : text.charCodeAt(found);
      // Fast path for plain lines (most of any log): nothing open above, nothing redrawn.
      if (char === 0x0a && s.rows.length === 1 && s.row === 0 && s.pendingUp === 0 && !s.redrawn) {
        const line = s.col === (s.rows[0] ?? '').length ? (s.rows[0] ?? '') + text.slice(at, stop) : null;
        if (line !== null && line.trim() !== '') {
          finals.push(line.trimEnd());
          s.rows[0] = '';
          s.col = 0;
          at = stop + 1;
          continue;
        }
      }
      if (stop > at) write(text.slice(at, stop));
      if (found < 0) break;
      at = stop + 1;
      if (char === 0x0a) newline();
      else if (char === 0x0d) {
        s.redrawn = true;
        s.col = 0;
      } else if (char === 0x08) s.col = Math.max(0, s.col - 1);
      else if (char === 0x1b) {
        const length = takeEscape(text, stop);
        if (length < 0) {
          s.pendingEscape = text.slice(stop);
          break;
        }
        at = stop + length;
      }
    }
  };

  const take = (): string[] => {
    const out = finals;
    finals = [];
    return out;
  };

  /** Runs bytes [start, end) of `bytes` through the emulation. */
  const emulate = (bytes: Buffer, start: number, end: number): void => {
    let data = bytes;
    let from = start;
    let to = end;
    if (s.pendingBytes) {
      const pending = Buffer.from(s.pendingBytes, 'hex');
      data = Buffer.concat([pending, bytes.subarray(start, end)]);
      from = 0;
      to = data.length;
      s.pendingBytes = '';
    }
    // A line ending in a newline never ends inside a character.
    const cut = data[to - 1] === 0x0a ? to : from + incompleteUtf8Tail(data.subarray(from, to));
    if (cut < to) s.pendingBytes = data.toString('hex', cut, to);
    // Invalid UTF-8 becomes U+FFFD as the WHATWG decoder makes it; a BOM stays text, wherever the cut.
    feedText(data.toString('utf8', from, cut), hasRareControl(data, from, cut));
  };

  // A line below the cursor's that tqdm's nested bar drew and that has not been needed as text yet:
  // bytes [lazyStart, lazyEnd) of the data being fed, `lazyColumns` wide. Nested bars redraw it many
  // times over and the next log line overwrites it, so it is decoded only when the emulation runs,
  // or when the feed ends (the bytes are gone after it).
  let lazyRow = -1;
  let lazyStart = 0;
  let lazyEnd = 0;
  let lazyColumns = 0;

  const rowColumns = (row: number): number => (row === lazyRow ? lazyColumns : (s.rows[row] ?? '').length);
  /** Row `row` becomes bytes [start, end) of the data fed, `columns` wide. */
  const setRow = (row: number, start: number, end: number, columns: number): void => {
    s.rows[row] = '';
    if (columns === 0) {
      if (lazyRow === row) lazyRow = -1;
      return;
    }
    lazyRow = row;
    lazyStart = start;
    lazyEnd = end;
    lazyColumns = columns;
  };
  const materialize = (data: Buffer): void => {
    if (lazyRow < 0) return;
    s.rows[lazyRow] = data.toString('utf8', lazyStart, lazyEnd);
    lazyRow = -1;
  };

  /** The cursor at the start of its line, no move up owed, nothing redrawn, nothing pending. */
  const cursorAtRest = (): boolean =>
    s.col === 0 && s.pendingUp === 0 && !s.redrawn && s.pendingBytes === '' && s.pendingEscape === '';

  /** The cursor at the start of the only line, which may hold text. */
  const atOpenLineStart = (): boolean => s.rows.length === 1 && s.row === 0 && cursorAtRest();

  /** The cursor at the start of an empty line, the only one. */
  const atCleanLineStart = (): boolean => atOpenLineStart() && lazyRow < 0 && s.rows[0] === '';

  /** tqdm's nested bar is being drawn: the cursor at the start of the line below a blank one. */
  const inNestedBar = (): boolean => s.rows.length === 2 && s.rows[0] === '' && s.row === 1 && cursorAtRest();

  /**
   * A line of tqdm's nested bar (sd-scripts' sampling bar) at `inNestedBar`, bytes [at, newline)
   * beginning with `\r`, `lineMarksFound` holding the marks after that `\r`: `\r<bar>ESC[A` redraws
   * the line below the blank one and moves back up into it; `\r<bar>ESC[A\r<bar>` then draws the last
   * bar on the blank line, which becomes final, the line below staying as the only open one. Answers
   * whether the line was taken this way.
   */
  const nestedBarLine = (data: Buffer, at: number, newline: number, validUtf8: boolean): boolean => {
    const up = lineMarksFound.special;
    const cr = lineMarksFound.cr;
    if (up < 0 || (cr >= 0 && cr < up) || up + 3 > newline) return false;
    if (data[up] !== 0x1b || data[up + 1] !== 0x5b || data[up + 2] !== 0x41) return false;
    const below = coveringSegment(data, at + 1, up, rowColumns(1), validUtf8);
    if (!below) return false;
    const belowColumns = below.lastColumns;
    if (up + 3 === newline) {
      setRow(1, at + 1, up, belowColumns);
      return true;
    }
    if (data[up + 3] !== 0x0d) return false;
    // Nothing but the last bar after that `\r`.
    lineMarks(data, up + 4, newline);
    if (lineMarksFound.cr >= 0 || lineMarksFound.special >= 0) return false;
    const last = coveringSegment(data, up + 4, newline, 0, validUtf8);
    if (!last?.lastHasText) return false;
    // The blank line, now the last bar, is final; the line below is the only one left.
    s.rows.pop();
    s.row = 0;
    setRow(0, at + 1, up, belowColumns);
    runs.add(at, newline + 1, 1);
    return true;
  };

  // Lines the fast paths pass on as bytes wait here for the lines next to them.
  const runs = new RunJoiner();

  const feed = (bytes: Uint8Array, sink: LineSink): void => {
    // Where the byte scanner reads (the follower's reads are there already).
    const data = adopt(
      Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    );
    runs.begin(data, sink);
    // Whether the complete lines fed are valid UTF-8, looked up once the first fast path needs it.
    let valid: boolean | null = null;
    const validUtf8 = (): boolean => (valid ??= isUtf8(data.subarray(0, data.lastIndexOf(0x0a) + 1)));
    let at = 0;
    while (at < data.length) {
      let newline = -1;
      if (data[at] === 0x0d && inNestedBar()) {
        newline = lineMarks(data, at + 1, data.length);
        if (newline >= 0 && nestedBarLine(data, at, newline, validUtf8())) {
          at = newline + 1;
          continue;
        }
      }
      const clean = atCleanLineStart();
      if (clean) {
        const run = plainRun(data, at);
        if (run.end > at) runs.add(at, run.end, run.lines);
        at = run.end;
        if (at >= data.length) break;
        // A blank line held back, as tqdm's nested bars print one before moving up into it.
        if (data[at] === 0x0a) {
          s.rows.push('');
          s.row = 1;
          at++;
          continue;
        }
      }
      if (clean || atOpenLineStart()) {
        newline = lineMarks(data, at, data.length);
        const hasReturn = lineMarksFound.cr >= 0;
        // A complete line whose only specials are `\r`: skip what its redraws overwrite. From a line
        // that holds text (left by a nested bar), only where the line ends up all new.
        if (newline >= 0 && lineMarksFound.special < 0 && (hasReturn || !clean)) {
          const skip = skipRedraws(data, at, newline, clean ? 0 : rowColumns(0), validUtf8());
          if (skip?.lastIsLine) {
            setRow(0, 0, 0, 0);
            // The whole line: shown as its last segment (displayText), it joins the run before it.
            runs.add(at, newline + 1, 1);
            at = newline + 1;
            continue;
          }
          if (skip?.glued) {
            setRow(0, 0, 0, 0);
            runs.flush();
            sink.textBytes(data, skip.lastStart, skip.glued.barEnd);
            runs.add(skip.glued.restStart, newline + 1, 1);
            at = newline + 1;
            continue;
          }
          if (skip && clean) {
            s.rows[0] = data.toString('utf8', skip.coverStart, skip.coverEnd);
            s.redrawn = true;
            at = skip.lastStart;
          }
        }
      }
      if (newline < 0) newline = data.indexOf(0x0a, at);
      const end = newline < 0 ? data.length : newline + 1;
      materialize(data);
      emulate(data, at, end);
      if (finals.length > 0) {
        runs.flush();
        for (const line of take()) sink.text(line);
      }
      at = end;
    }
    runs.flush();
    materialize(data);
  };

  return {
    push(bytes) {
      const lines: string[] = [];
      feed(bytes, {
        text: (line) => lines.push(line),
        textBytes: (source, start, end) => lines.push(source.toString('utf8', start, end)),
        run: (source, start, end) => {
          // A loop, not a spread: one read can hold hundreds of thousands of short lines.
          for (const line of runLines(source, start, end)) lines.push(line);
        },
      });
      return lines;
    },
    feed,
    openLine() {
      const line = (s.rows[s.row] ?? '').trimEnd();
      return line === '' ? null : line;
    },
    end() {
      if (s.pendingBytes) {
        write(Buffer.from(s.pendingBytes, 'hex').toString('utf8'));
        s.pendingBytes = '';
      }
      s.pendingEscape = '';
      let last = -1;
      s.rows.forEach((line, i) => {
        if (line.trim() !== '') last = i;
      });
      if (last >= 0) finish(last);
      s.rows = [''];
      s.row = 0;
      s.col = 0;
      s.pendingUp = 0;
      s.redrawn = false;
      return take();
    },
    state: () => ({ ...s, rows: [...s.rows] }),
  };
}
