/**
 * A job's display log on disk, in its run folder:
 * - `display.log`: one line per display line, `<unix ms>\t<o|e>\t<text>\n` (text never holds a newline);
 * - `display.idx`: the byte offset of every 1024th line (8-byte little-endian), so any line range is
 *   read without scanning the file;
 * - `follow.json`: how far the raw streams were read (byte offsets), the assemblers' open state and
 *   how many lines and bytes the display log holds at that point — written after each append, so a
 *   restart truncates what came after it and resumes from exactly there.
 *
 * Lines are encoded into one reused buffer and written in large blocks: ingest costs a copy of each
 * line's bytes, not an object or a string per line.
 */
import {
  closeSync,
  existsSync,
  ftruncateSync,
  fstatSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DisplayAssemblerState, DisplayLine, LogStream } from './display-assembler';

export const displayLogFile = 'display.log';
export const displayIndexFile = 'display.idx';
export const followStateFile = 'follow.json';
export const indexEvery = 1024;

export interface FollowState {
  format: 1;
  offsets: Record<LogStream, number>;
  assembler: DisplayAssemblerState | null;
  lines: number;
  bytes: number;
  /** The streams ended and every open line was made final. */
  ended: boolean;
}

export type FollowProgress = Omit<FollowState, 'lines' | 'bytes' | 'format'>;

export interface DisplayLogWriter {
  /** The state as last committed. */
  readonly state: FollowState;
  /** Lines added since the last commit. */
  readonly pendingLines: number;
  /** Adds a line. */
  text(stream: LogStream, time: number, text: string): void;
  /** Adds a line given as UTF-8 bytes without a newline in them. */
  bytes(stream: LogStream, time: number, source: Buffer, start: number, end: number): void;
  /** Writes out the lines added, then records the new follow state; both or (after a crash) the old state. */
  commit(next: FollowProgress): void;
  /** Adds lines and commits. */
  append(lines: readonly DisplayLine[], next: FollowProgress): void;
  close(): void;
}

const blockBytes = 1024 * 1024;

export function freshFollowState(): FollowState {
  return { format: 1, offsets: { stdout: 0, stderr: 0 }, assembler: null, lines: 0, bytes: 0, ended: false };
}

export function decodeDisplayLine(raw: string): DisplayLine | null {
  const first = raw.indexOf('\t');
  const second = raw.indexOf('\t', first + 1);
  if (first < 0 || second < 0) return null;
  return {
    time: Number(raw.slice(0, first)),
    stream: raw.slice(first + 1, second) === 'o' ? 'stdout' : 'stderr',
    text: raw.slice(second + 1),
  };
}

/**
 * The state of every display log a writer in this process has open, newer than its file (which is
 * written at most once a second): readers in this process see every committed line at once.
 */
const liveStates = new Map<string, FollowState>();

export function readFollowState(runDir: string): FollowState | null {
  return liveStates.get(resolve(runDir)) ?? readFollowStateFile(runDir);
}

/** What the file says: where a new writer (after a restart or a crash) goes on from. */
function readFollowStateFile(runDir: string): FollowState | null {
  try {
    const value = JSON.parse(readFileSync(join(runDir, followStateFile), 'utf8')) as Partial<FollowState>;
    // Checked field by field: a damaged file means "start over", never a crash.
    return value.format === 1 &&
      Number.isInteger(value.lines) &&
      Number.isInteger(value.bytes) &&
      value.offsets
      ? (value as FollowState)
      : null;
  } catch {
    return null;
  }
}

const stateWriteEveryMs = 1000;

function writeFollowState(runDir: string, state: FollowState): void {
  const file = join(runDir, followStateFile);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(state));
  renameSync(temp, file);
}

/**
 * Opens the display log for appending. What was written after the last recorded state (the host died
 * between the two writes) is cut off; a log shorter than its state (a power cut lost the tail) is
 * rebuilt from the raw streams' start.
 */
export function openDisplayLogWriter(runDir: string): DisplayLogWriter {
  let state = readFollowStateFile(runDir) ?? freshFollowState();
  const logPath = join(runDir, displayLogFile);
  const indexPath = join(runDir, displayIndexFile);
  const logFd = openSync(logPath, 'a+');
  const indexFd = openSync(indexPath, 'a+');
  const checkpoints = (lines: number): number => Math.ceil(lines / indexEvery);
  if (fstatSync(logFd).size < state.bytes || fstatSync(indexFd).size < checkpoints(state.lines) * 8) {
    state = freshFollowState();
  }
  ftruncateSync(logFd, state.bytes);
  ftruncateSync(indexFd, checkpoints(state.lines) * 8);
  let closed = false;
  let stateWrittenAt = 0;
  let stateDirty = false;
  const liveKey = resolve(runDir);

  const block = Buffer.allocUnsafe(blockBytes);
  let used = 0;
  /** Bytes and lines added since the last commit (`flushed` of those bytes are in the file already). */
  let flushed = 0;
  let lines = 0;
  let index = Buffer.allocUnsafe(64 * 8);
  let indexUsed = 0;
  // `<time>\t<o|e>\t` for the time of the current batch, one per stream.
  let headerTime = Number.NaN;
  let headers: Record<LogStream, Buffer> = { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) };

  const header = (stream: LogStream, time: number): Buffer => {
    if (time !== headerTime) {
      headerTime = time;
      headers = { stdout: Buffer.from(`${time}\to\t`), stderr: Buffer.from(`${time}\te\t`) };
    }
    return headers[stream];
  };
  const flush = (): void => {
    if (used === 0) return;
    writeSync(logFd, block, 0, used);
    flushed += used;
    used = 0;
  };
  /** Room for `bytes` more in the block (a line bigger than the block is written past it). */
  const reserve = (bytes: number): void => {
    if (used + bytes > block.length) flush();
  };
  const lineStarts = (): void => {
    const lineNo = state.lines + lines;
    if (lineNo % indexEvery === 0) {
      if (indexUsed + 8 > index.length) {
        const bigger = Buffer.allocUnsafe(index.length * 2);
        index.copy(bigger, 0, 0, indexUsed);
        index = bigger;
      }
      index.writeBigUInt64LE(BigInt(state.bytes + flushed + used), indexUsed);
      indexUsed += 8;
    }
    lines++;
  };

  const writer: DisplayLogWriter = {
    get state() {
      return state;
    },
    get pendingLines() {
      return lines;
    },
    bytes(stream, time, source, start, end) {
      const head = header(stream, time);
      const length = end - start;
      reserve(head.length + length + 1);
      lineStarts();
      // A few bytes: stored one by one, cheaper than a native copy's call.
      for (let i = 0; i < head.length; i++) block[used++] = head[i] as number;
      if (used + length + 1 <= block.length) {
        source.copy(block, used, start, end);
        used += length;
      } else {
        flush();
        writeSync(logFd, source, start, length);
        flushed += length;
      }
      block[used++] = 0x0a;
    },
    text(stream, time, text) {
      const head = header(stream, time);
      // At most 3 bytes per UTF-16 unit.
      const most = head.length + text.length * 3 + 1;
      if (most > block.length) {
        const encoded = Buffer.from(text, 'utf8');
        writer.bytes(stream, time, encoded, 0, encoded.length);
        return;
      }
      reserve(most);
      lineStarts();
      head.copy(block, used);
      used += head.length;
      used += block.write(text, used, 'utf8');
      block[used++] = 0x0a;
    },
    commit(next) {
      flush();
      if (indexUsed > 0) writeSync(indexFd, index, 0, indexUsed);
      state = { format: 1, ...next, lines: state.lines + lines, bytes: state.bytes + flushed };
      flushed = 0;
      lines = 0;
      indexUsed = 0;
      liveStates.set(liveKey, state);
      // The state file is written at most once a second (and at the end): renaming it over the old one
      // costs ext4 a flush, which at 10 lines/s was most of an idle host's CPU. A crash in between only
      // re-reads the raw streams from the last state written, which gives the same lines again.
      const at = Date.now();
      if (next.ended || at - stateWrittenAt >= stateWriteEveryMs) {
        writeFollowState(runDir, state);
        stateWrittenAt = at;
        stateDirty = false;
      } else {
        stateDirty = true;
      }
    },
    append(added, next) {
      for (const line of added) writer.text(line.stream, line.time, line.text);
      writer.commit(next);
    },
    close() {
      if (closed) return;
      closed = true;
      if (stateDirty) writeFollowState(runDir, state);
      liveStates.delete(liveKey);
      closeSync(logFd);
      closeSync(indexFd);
    },
  };
  return writer;
}

/** Starts over: the display log is derived data, the raw streams are the truth. */
export function removeDisplayLog(runDir: string): void {
  for (const file of [displayLogFile, displayIndexFile, followStateFile])
    rmSync(join(runDir, file), { force: true });
}

function readIndex(runDir: string): number[] {
  try {
    const buffer = readFileSync(join(runDir, displayIndexFile));
    const offsets: number[] = [];
    for (let at = 0; at + 8 <= buffer.length; at += 8) offsets.push(Number(buffer.readBigUInt64LE(at)));
    return offsets;
  } catch {
    return [];
  }
}

/** How many lines the log holds, as its last recorded state says (lines after it are not final). */
export function displayLineCount(runDir: string): number {
  return readFollowState(runDir)?.lines ?? 0;
}

/** Lines [from, from + count) of the display log; fewer at its end. */
export function readDisplayLines(runDir: string, from: number, count: number): DisplayLine[] {
  const total = displayLineCount(runDir);
  const end = Math.min(total, from + count);
  if (from >= end) return [];
  const checkpoint = Math.floor(from / indexEvery);
  const start = readIndex(runDir)[checkpoint];
  if (start === undefined) return [];
  const logPath = join(runDir, displayLogFile);
  if (!existsSync(logPath)) return [];
  const fd = openSync(logPath, 'r');
  const out: DisplayLine[] = [];
  try {
    let lineNo = checkpoint * indexEvery;
    let position = start;
    let carry = Buffer.alloc(0);
    const block = Buffer.alloc(256 * 1024);
    while (lineNo < end) {
      const read = readSync(fd, block, 0, block.length, position);
      if (read === 0) break;
      position += read;
      let data = carry.length > 0 ? Buffer.concat([carry, block.subarray(0, read)]) : block.subarray(0, read);
      let at = 0;
      for (;;) {
        const newline = data.indexOf(10, at);
        if (newline < 0 || lineNo >= end) break;
        if (lineNo >= from) {
          const line = decodeDisplayLine(data.toString('utf8', at, newline));
          if (line) out.push(line);
        }
        lineNo++;
        at = newline + 1;
      }
      data = data.subarray(at);
      carry = Buffer.from(data);
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

export interface SearchOptions {
  test: (text: string) => boolean;
  fromLine: number;
  limit: number;
}

export interface SearchResult {
  matches: (DisplayLine & { line: number })[];
  truncated: boolean;
  totalLines: number;
}

/**
 * Scans the display log in blocks, never holding it whole: a million-line log costs one pass over the
 * file and memory for one block plus the matches.
 */
export async function searchDisplayLog(runDir: string, options: SearchOptions): Promise<SearchResult> {
  const totalLines = displayLineCount(runDir);
  const matches: SearchResult['matches'] = [];
  if (options.fromLine >= totalLines) return { matches, truncated: false, totalLines };
  const checkpoint = Math.floor(options.fromLine / indexEvery);
  const start = readIndex(runDir)[checkpoint];
  if (start === undefined) return { matches, truncated: false, totalLines };
  const handle = await open(join(runDir, displayLogFile), 'r');
  let truncated = false;
  try {
    let lineNo = checkpoint * indexEvery;
    let position = start;
    let carry = Buffer.alloc(0);
    const block = Buffer.alloc(1024 * 1024);
    scan: while (lineNo < totalLines) {
      const { bytesRead } = await handle.read(block, 0, block.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const data =
        carry.length > 0
          ? Buffer.concat([carry, block.subarray(0, bytesRead)])
          : block.subarray(0, bytesRead);
      let at = 0;
      for (;;) {
        const newline = data.indexOf(10, at);
        if (newline < 0) break;
        if (lineNo >= totalLines) break scan;
        if (lineNo >= options.fromLine) {
          const raw = data.toString('utf8', at, newline);
          const line = decodeDisplayLine(raw);
          if (line && options.test(line.text)) {
            if (matches.length === options.limit) {
              truncated = true;
              break scan;
            }
            matches.push({ line: lineNo, ...line });
          }
        }
        lineNo++;
        at = newline + 1;
      }
      carry = Buffer.from(data.subarray(at));
    }
  } finally {
    await handle.close();
  }
  return { matches, truncated, totalLines };
}
