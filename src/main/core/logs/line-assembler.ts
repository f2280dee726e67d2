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
 * Where the cursor stands at the start of an empty line with nothing pending, runs of plain lines and
 * lines of tqdm redraws that show their last segment skip the emulation and pass through as byte
 * ranges (plain-lines.ts); the emulation takes one line at a time from the first line that needs it
 * until the cursor is back there.
 */
import { displayText } from './display-text';
import { plainRun, readBarLine, SpecialFinder, tqdmBarEnd } from './plain-lines';

/**
 * Where final lines go, in order: as text from the emulation, as ranges of the bytes fed from the
 * fast paths (each line of a run is shown as `displayText` makes it).
 */
export interface LineSink {
  text(line: string): void;
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

  const feedText = (input: string): void => {
    const text = s.pendingEscape + input;
    s.pendingEscape = '';
    let at = 0;
    while (at < text.length) {
      controlPattern.lastIndex = at;
      const found = controlPattern.exec(text)?.index ?? -1;
      const stop = found < 0 ? text.length : found;
      const char = found < 0 ? -1 : text.charCodeAt(found);
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
    feedText(data.toString('utf8', from, cut));
  };

  /** The cursor at the start of an empty line, the only one, nothing owed or pending. */
  const atCleanLineStart = (): boolean =>
    s.rows.length === 1 &&
    s.row === 0 &&
    s.rows[0] === '' &&
    s.col === 0 &&
    s.pendingUp === 0 &&
    !s.redrawn &&
    s.pendingBytes === '' &&
    s.pendingEscape === '';

  const specials = new SpecialFinder();

  const feed = (bytes: Uint8Array, sink: LineSink): void => {
    const data = Buffer.isBuffer(bytes)
      ? bytes
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    specials.reset(data);
    let at = 0;
    while (at < data.length) {
      let newline = -1;
      if (atCleanLineStart()) {
        const run = plainRun(data, at, specials);
        if (run.lines > 0) sink.run(data, at, run.end, run.lines);
        at = run.end;
        if (at >= data.length) break;
        // A line of redraws (tqdm's bar: a `\r` before its end, no ESC or `\b`).
        newline = data.indexOf(0x0a, at);
        const end = newline < 0 ? data.length : newline;
        if (specials.find(at) < end && specials.find(at, false) >= end) {
          const bar = readBarLine(data, at, end, newline >= 0);
          if (bar.kind === 'last') {
            // Recorded as its last segment: what it overwrote is never read again.
            sink.run(data, bar.lastStart, end + 1, 1);
            at = end + 1;
            continue;
          }
          if (bar.kind === 'glued') {
            sink.text(data.toString('utf8', bar.lastStart, bar.barEnd));
            sink.run(data, bar.restStart, end + 1, 1);
            at = end + 1;
            continue;
          }
          at = bar.emulateFrom;
        }
      }
      if (newline < 0) newline = data.indexOf(0x0a, at);
      const end = newline < 0 ? data.length : newline + 1;
      emulate(data, at, end);
      for (const line of take()) sink.text(line);
      at = end;
    }
  };

  return {
    push(bytes) {
      const lines: string[] = [];
      feed(bytes, {
        text: (line) => lines.push(line),
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
