/**
 * A job's display log on disk, in its run folder:
 * - `display.log`: records, each a header line and the display lines it holds. A text record
 *   (`\x01<unix ms>\t<o|e>\n`) is followed by its lines (text never holds a newline or a control
 *   character). A run record (`\x02<unix ms>\t<o|e>\t<offset>\t<bytes>\t<lines>\n`) holds `lines`
 *   plain lines that stay where they are, in bytes [offset, offset + bytes) of that stream's raw log
 *   (which is only ever appended to), shown as `displayText` makes them.
 * - `display.idx`: for every 1024th line, the byte offset of the record it begins (8-byte little-endian),
 *   so any line range is read without scanning the file;
 * - `follow.json`: how far the raw streams were read (byte offsets), the assemblers' open state and
 *   how many lines and bytes the display log holds at that point — so a restart truncates what came
 *   after it and resumes from exactly there.
 *
 * Most of a trainer's output is plain lines: ingest records where they are instead of copying them
 * (display-log-writer.ts writes the records).
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { DisplayAssemblerState, DisplayLine, LogStream } from './display-assembler';
import { displayText } from './display-text';

export const displayLogFile = 'display.log';
export const displayIndexFile = 'display.idx';
export const followStateFile = 'follow.json';
export const indexEvery = 1024;

/** The raw streams, as python-bridge's wrapper appends to them in the run folder. */
export const rawLogFiles: Record<LogStream, string> = { stdout: 'stdout.log', stderr: 'stderr.log' };

/** The kinds of display.log's records: the first byte of each header line. */
export const textRecord = 0x01;
export const runRecord = 0x02;

/**
 * The display log's format. It is internal until the first release: a log of any other format is
 * rebuilt from the raw streams when it is first read (the same lines and numbers), nothing more.
 */
export const displayLogFormat = 4;

export interface FollowState {
  format: typeof displayLogFormat;
  offsets: Record<LogStream, number>;
  assembler: DisplayAssemblerState | null;
  lines: number;
  bytes: number;
  /** The streams ended and every open line was made final. */
  ended: boolean;
}

export type FollowProgress = Omit<FollowState, 'lines' | 'bytes' | 'format'>;

export function freshFollowState(): FollowState {
  return {
    format: displayLogFormat,
    offsets: { stdout: 0, stderr: 0 },
    assembler: null,
    lines: 0,
    bytes: 0,
    ended: false,
  };
}

/**
 * The state of every display log a writer in this process has open, newer than its file (which is
 * written at most every 5 s): readers in this process see every committed line at once.
 */
const liveStates = new Map<string, FollowState>();

export function readFollowState(runDir: string): FollowState | null {
  return liveStates.get(resolve(runDir)) ?? readFollowStateFile(runDir);
}

/** What the file says: where a new writer (after a restart or a crash) goes on from. */
export function readFollowStateFile(runDir: string): FollowState | null {
  try {
    const value = JSON.parse(readFileSync(join(runDir, followStateFile), 'utf8')) as {
      format?: unknown;
    } & Omit<Partial<FollowState>, 'format'>;
    // Checked field by field: a damaged file (or one of another format) means "start over", never a crash.
    return value.format === displayLogFormat &&
      Number.isInteger(value.lines) &&
      Number.isInteger(value.bytes) &&
      value.offsets
      ? (value as FollowState)
      : null;
  } catch {
    return null;
  }
}

/**
 * A display log of another format (an earlier DPGui's, or a later one's after going back to this
 * version), not being followed in this process: it must be rebuilt from the raw streams before it is read.
 */
export function hasOtherFormat(runDir: string): boolean {
  if (liveStates.has(resolve(runDir))) return false;
  try {
    const value = JSON.parse(readFileSync(join(runDir, followStateFile), 'utf8')) as { format?: unknown };
    return typeof value.format === 'number' && value.format !== displayLogFormat;
  } catch {
    return false;
  }
}

/** A writer in this process committed `state`: readers here see it before the file says so. */
export function publishFollowState(runDir: string, state: FollowState): void {
  liveStates.set(resolve(runDir), state);
}

/** The writer closed: the file is up to date again. */
export function retractFollowState(runDir: string): void {
  liveStates.delete(resolve(runDir));
}

export function writeFollowState(runDir: string, state: FollowState): void {
  const file = join(runDir, followStateFile);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(state));
  renameSync(temp, file);
}

/** How many lines the log holds, as its last recorded state says (lines after it are not final). */
export function displayLineCount(runDir: string): number {
  return readFollowState(runDir)?.lines ?? 0;
}

export type NumberedLine = DisplayLine & { line: number };

/** Where line `from`'s checkpoint record begins in display.log, with the number of its first line. */
function checkpointOf(runDir: string, from: number): { offset: number; lineNo: number } | null {
  const checkpoint = Math.floor(from / indexEvery);
  let fd: number;
  try {
    fd = openSync(join(runDir, displayIndexFile), 'r');
  } catch {
    return null;
  }
  try {
    const entry = Buffer.alloc(8);
    if (readSync(fd, entry, 0, 8, checkpoint * 8) < 8) return null;
    return { offset: Number(entry.readBigUInt64LE(0)), lineNo: checkpoint * indexEvery };
  } finally {
    closeSync(fd);
  }
}

/** Reads one file from an offset a line at a time, a block at a time. */
function createLineReader(fd: number, position: number): () => Buffer | null {
  const block = Buffer.alloc(256 * 1024);
  let data = block.subarray(0, 0);
  let at = 0;
  return () => {
    for (;;) {
      const newline = data.indexOf(0x0a, at);
      if (newline >= 0) {
        const line = data.subarray(at, newline);
        at = newline + 1;
        return line;
      }
      // Keep the unfinished rest (it may be bigger than a block) and read on.
      const rest = Buffer.from(data.subarray(at));
      const read = readSync(fd, block, 0, block.length, position);
      if (read === 0) return null;
      position += read;
      data = rest.length > 0 ? Buffer.concat([rest, block.subarray(0, read)]) : block.subarray(0, read);
      at = 0;
    }
  };
}

/**
 * Lines [from, to) of the display log (fewer at its end), one at a time: the reads follow the records,
 * so memory holds one block and one run record, never the log.
 */
export function* iterateDisplayLines(runDir: string, from: number, to: number): Generator<NumberedLine> {
  const end = Math.min(displayLineCount(runDir), to);
  if (from >= end) return;
  const start = checkpointOf(runDir, from);
  const logPath = join(runDir, displayLogFile);
  if (start === null || !existsSync(logPath)) return;
  const fd = openSync(logPath, 'r');
  const raw: Partial<Record<LogStream, number>> = {};
  try {
    const next = createLineReader(fd, start.offset);
    let lineNo = start.lineNo;
    let stream: LogStream = 'stdout';
    let time = 0;
    while (lineNo < end) {
      const record = next();
      if (record === null) return;
      const kind = record[0];
      if (kind === textRecord || kind === runRecord) {
        const fields = record.toString('latin1', 1).split('\t');
        time = Number(fields[0]);
        stream = fields[1] === 'o' ? 'stdout' : 'stderr';
        if (kind === textRecord) continue;
        const [offset, bytes, count] = fields.slice(2).map(Number) as [number, number, number];
        if (lineNo + count <= from) {
          lineNo += count;
          continue;
        }
        const text = readRaw(runDir, raw, stream, offset, bytes);
        const texts = text?.toString('utf8', 0, Math.max(0, bytes - 1)).split('\n') ?? [];
        for (let i = 0; i < count && lineNo < end; i++, lineNo++) {
          // The raw log was removed or cut short by hand: the line says so instead of the read failing.
          const shown = texts[i] ?? missing(stream);
          if (lineNo >= from) yield { line: lineNo, stream, time, text: displayText(shown) };
        }
        continue;
      }
      if (lineNo >= from) yield { line: lineNo, stream, time, text: record.toString('utf8') };
      lineNo++;
    }
  } finally {
    closeSync(fd);
    for (const rawFd of Object.values(raw)) closeSync(rawFd);
  }
}

/** What a line shows whose raw log was removed or cut short by hand. */
function missing(stream: LogStream): string {
  return `(this line is missing from ${rawLogFiles[stream]})`;
}

/** Bytes [offset, offset + bytes) of a raw log (its descriptor kept in `open`); null if it is gone or short. */
function readRaw(
  runDir: string,
  open: Partial<Record<LogStream, number>>,
  stream: LogStream,
  offset: number,
  bytes: number,
): Buffer | null {
  try {
    const fd = (open[stream] ??= openSync(join(runDir, rawLogFiles[stream]), 'r'));
    const text = Buffer.alloc(bytes);
    return readSync(fd, text, 0, bytes, offset) === bytes ? text : null;
  } catch {
    return null;
  }
}

/** Lines [from, from + count) of the display log; fewer at its end. */
export function readDisplayLines(runDir: string, from: number, count: number): DisplayLine[] {
  const out: DisplayLine[] = [];
  for (const { stream, time, text } of iterateDisplayLines(runDir, from, from + count))
    out.push({ stream, time, text });
  return out;
}

export interface SearchOptions {
  test: (text: string) => boolean;
  fromLine: number;
  limit: number;
}

export interface SearchResult {
  matches: NumberedLine[];
  truncated: boolean;
  totalLines: number;
}

/**
 * Scans the display log record by record, never holding it whole: a million-line log costs one pass
 * over it and memory for one block plus the matches; it yields to other work every few thousand lines.
 */
export async function searchDisplayLog(runDir: string, options: SearchOptions): Promise<SearchResult> {
  const totalLines = displayLineCount(runDir);
  const matches: NumberedLine[] = [];
  let truncated = false;
  let seen = 0;
  for (const line of iterateDisplayLines(runDir, options.fromLine, totalLines)) {
    if (options.test(line.text)) {
      if (matches.length === options.limit) {
        truncated = true;
        break;
      }
      matches.push(line);
    }
    if (++seen % 20_000 === 0) await yieldToEventLoop();
  }
  return { matches, truncated, totalLines };
}
