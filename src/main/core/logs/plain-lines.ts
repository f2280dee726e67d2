/**
 * The fast path of the display log: most of a trainer's output is plain lines (rich log lines, epoch
 * and step lines) that a terminal shows exactly as written, minus trailing blanks. Those are found on
 * the raw bytes and passed through as byte ranges, never decoded; anything a terminal would treat
 * differently (`\r`, escapes, other controls, a blank line, invalid UTF-8, a line ending in a non-ASCII
 * space that `trimEnd` would cut) is left to the terminal emulation in line-assembler.ts.
 */
import { isUtf8 } from 'node:buffer';

export interface PlainLineSink {
  /** A final line: valid UTF-8, no control character but tab, no trailing whitespace. */
  bytes(source: Buffer, start: number, end: number): void;
}

/** What is known of one read's bytes; a fresh one for each read. */
export interface ReadScan {
  /** Bytes [validFrom, validTo) are valid UTF-8: checked once per read, not per line. */
  validFrom: number;
  validTo: number;
  checked: boolean;
}

export function newReadScan(): ReadScan {
  return { validFrom: 0, validTo: 0, checked: false };
}

/**
 * Passes the plain, complete lines from `from` on to `sink`; answers where the first line that is not
 * plain (or not complete) begins. Only valid where the cursor is at the start of an empty line with
 * nothing pending (the caller knows).
 */
export function passPlainLines(data: Buffer, from: number, scan: ReadScan, sink: PlainLineSink): number {
  const n = data.length;
  let at = from;
  while (at < n) {
    let i = at;
    let high = false;
    let b = 0;
    // One test per byte for the common case (printable ASCII); the rest is sorted out inside.
    for (; i < n; i++) {
      b = data[i] as number;
      if ((b - 0x20) >>> 0 >= 0x5f) {
        if (b >= 0x80) high = true;
        else if (b !== 0x09) break;
      }
    }
    if (i >= n || b !== 0x0a) return at;
    // Trailing blanks are cut, as trimEnd cuts them; a line of blanks is not plain (tqdm moves through those).
    let last = i - 1;
    while (last >= at && (data[last] === 0x20 || data[last] === 0x09)) last--;
    if (last < at) return at;
    if (high) {
      if (!scan.checked) {
        // From the first line that needs it to the read's last newline, which ends a character.
        scan.checked = true;
        const end = data.lastIndexOf(0x0a) + 1;
        if (isUtf8(data.subarray(at, end))) {
          scan.validFrom = at;
          scan.validTo = end;
        }
      }
      if ((at < scan.validFrom || i >= scan.validTo) && !isUtf8(data.subarray(at, i))) return at;
      if ((data[last] as number) >= 0x80 && endsWithUnicodeSpace(data, at, last)) return at;
    }
    sink.bytes(data, at, last + 1);
    at = i + 1;
  }
  return at;
}

/** Whether the UTF-8 character ending at `last` is one that String.prototype.trimEnd removes. */
function endsWithUnicodeSpace(data: Buffer, lineStart: number, last: number): boolean {
  let start = last;
  while (start > lineStart && ((data[start] as number) & 0xc0) === 0x80) start--;
  const code = data.toString('utf8', start, last + 1).codePointAt(0) ?? 0;
  return /\s/u.test(String.fromCodePoint(code));
}
