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
 * Most of a trainer's output is plain lines: ingest records where they are instead of copying them,
 * and emulated lines are encoded into one reused buffer and written in large blocks.
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
import { join, resolve } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { DisplayAssemblerState, DisplayLine, LogStream } from './display-assembler';
import { displayText } from './display-text';
import { afterNth } from './scan/byte-scanner';

export const displayLogFile = 'display.log';
export const displayIndexFile = 'display.idx';
export const followStateFile = 'follow.json';
export const indexEvery = 1024;

/** The raw streams, as python-bridge's wrapper appends to them in the run folder. */
export const rawLogFiles: Record<LogStream, string> = { stdout: 'stdout.log', stderr: 'stderr.log' };

const textRecord = 0x01;
const runRecord = 0x02;

export interface FollowState {
  format: 2;
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
  /** Adds a line whose text is bytes [start, end) of `source` (valid UTF-8, no newline). */
  textBytes(stream: LogStream, time: number, source: Buffer, start: number, end: number): void;
  /**
   * Adds the `lines` plain lines in bytes [start, end) of `source`, which are bytes [rawOffset, …) of
   * the stream's raw log; only where that record is split (at an index checkpoint) is `source` read.
   */
  run(
    stream: LogStream,
    time: number,
    source: Buffer,
    start: number,
    end: number,
    lines: number,
    rawOffset: number,
  ): void;
  /** Writes out the lines added, then records the new follow state; both or (after a crash) the old state. */
  commit(next: FollowProgress): void;
  /** Adds lines and commits. */
  append(lines: readonly DisplayLine[], next: FollowProgress): void;
  close(): void;
}

const blockBytes = 1024 * 1024;

export function freshFollowState(): FollowState {
  return { format: 2, offsets: { stdout: 0, stderr: 0 }, assembler: null, lines: 0, bytes: 0, ended: false };
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
function readFollowStateFile(runDir: string): FollowState | null {
  try {
    const value = JSON.parse(readFileSync(join(runDir, followStateFile), 'utf8')) as Partial<FollowState>;
    // Checked field by field: a damaged file (or one of an older format) means "start over", never a crash.
    return value.format === 2 &&
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
 * A display log an earlier DPGui wrote in another format, not being followed in this process: it
 * must be rebuilt from the raw streams (which give the same lines and numbers) before it is read.
 */
export function hasEarlierFormat(runDir: string): boolean {
  if (liveStates.has(resolve(runDir))) return false;
  try {
    const value = JSON.parse(readFileSync(join(runDir, followStateFile), 'utf8')) as { format?: unknown };
    return typeof value.format === 'number' && value.format < 2;
  } catch {
    return false;
  }
}

const stateWriteEveryMs = 5000;

function writeFollowState(runDir: string, state: FollowState): void {
  const file = join(runDir, followStateFile);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(state));
  renameSync(temp, file);
}

interface PendingRun {
  stream: LogStream;
  time: number;
  offset: number;
  bytes: number;
  lines: number;
  /** Its first line is an index checkpoint. */
  checkpoint: boolean;
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
  /** The text record lines are being added to (`textOpen` false: the next text line starts one). */
  let textOpen = false;
  let textStream: LogStream = 'stdout';
  let textTime = 0;
  /** A run record still growing (its header is written once it is complete); one object, reused. */
  const pending: PendingRun = { stream: 'stdout', time: 0, offset: 0, bytes: 0, lines: 0, checkpoint: false };
  let runOpen = false;

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
  const lineNo = (): number => state.lines + lines;
  /** The record about to be written begins an index checkpoint. */
  const indexHere = (): void => {
    if (indexUsed + 8 > index.length) {
      const bigger = Buffer.allocUnsafe(index.length * 2);
      index.copy(bigger, 0, 0, indexUsed);
      index = bigger;
    }
    index.writeBigUInt64LE(BigInt(state.bytes + flushed + used), indexUsed);
    indexUsed += 8;
  };
  // Headers are written digit by digit (thousands a second, no string for each), and the part that
  // stays the same for a whole read (`<time>\t<o|e>`) is kept encoded.
  const putInt = (value: number): void => {
    // Past 2^31 (a raw log over 2 GB) as a string: the digit loop below is integer arithmetic only
    // (a remainder of a double is a call into C).
    if (value > 0x7fffffff) {
      used += block.write(String(value), used, 'latin1');
      return;
    }
    let digits = 1;
    for (let power = 10; power <= value; power *= 10) digits++;
    let n = value | 0;
    for (let at = used + digits - 1; at >= used; at--) {
      const tenth = (n / 10) | 0;
      block[at] = 0x30 + n - tenth * 10;
      n = tenth;
    }
    used += digits;
  };
  let prefixTime = Number.NaN;
  const prefixes: Record<LogStream, Buffer> = { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) };
  const putHeader = (kind: number, time: number, stream: LogStream): void => {
    if (time !== prefixTime) {
      prefixTime = time;
      prefixes.stdout = Buffer.from(`${time}\to`, 'latin1');
      prefixes.stderr = Buffer.from(`${time}\te`, 'latin1');
    }
    block[used++] = kind;
    const prefix = prefixes[stream];
    for (let i = 0; i < prefix.length; i++) block[used++] = prefix[i] as number;
  };
  const closeRun = (): void => {
    if (!runOpen) return;
    runOpen = false;
    reserve(96);
    if (pending.checkpoint) indexHere();
    putHeader(runRecord, pending.time, pending.stream);
    block[used++] = 0x09;
    putInt(pending.offset);
    block[used++] = 0x09;
    putInt(pending.bytes);
    block[used++] = 0x09;
    putInt(pending.lines);
    block[used++] = 0x0a;
  };
  /** Adds one run record's worth of lines (none of them after the first a checkpoint). */
  const addRun = (stream: LogStream, time: number, offset: number, bytes: number, count: number): void => {
    const checkpoint = lineNo() % indexEvery === 0;
    if (
      runOpen &&
      !checkpoint &&
      pending.stream === stream &&
      pending.time === time &&
      pending.offset + pending.bytes === offset
    ) {
      pending.bytes += bytes;
      pending.lines += count;
    } else {
      closeRun();
      textOpen = false;
      runOpen = true;
      pending.stream = stream;
      pending.time = time;
      pending.offset = offset;
      pending.bytes = bytes;
      pending.lines = count;
      pending.checkpoint = checkpoint;
    }
    lines += count;
  };

  /** Starts a text line of up to `bytes` bytes: a text record's header first where one must begin. */
  const openTextLine = (stream: LogStream, time: number, bytes: number): void => {
    closeRun();
    const checkpoint = lineNo() % indexEvery === 0;
    reserve(bytes + 40);
    if (checkpoint || !textOpen || textStream !== stream || textTime !== time) {
      if (checkpoint) indexHere();
      putHeader(textRecord, time, stream);
      block[used++] = 0x0a;
      textOpen = true;
      textStream = stream;
      textTime = time;
    }
  };

  /** The text line's bytes and its newline (a line bigger than the block is written past it). */
  const putTextLine = (source: Buffer, start: number, end: number): void => {
    if (used + end - start + 1 > block.length) {
      flush();
      writeSync(logFd, source, start, end - start);
      flushed += end - start;
    } else {
      used += source.copy(block, used, start, end);
    }
    block[used++] = 0x0a;
    lines++;
  };

  const writer: DisplayLogWriter = {
    get state() {
      return state;
    },
    get pendingLines() {
      return lines;
    },
    run(stream, time, source, start, end, count, rawOffset) {
      let at = start;
      let left = count;
      while (left > 0) {
        // Split where an index checkpoint falls inside: a checkpoint always begins a record.
        const toCheckpoint = indexEvery - (lineNo() % indexEvery);
        const take = Math.min(left, toCheckpoint);
        let cut = end;
        if (take < left) cut = afterNth(source, at, end, 0x0a, take);
        addRun(stream, time, rawOffset + (at - start), cut - at, take);
        left -= take;
        at = cut;
      }
    },
    text(stream, time, text) {
      // At most 3 bytes per UTF-16 unit.
      openTextLine(stream, time, text.length * 3);
      if (used + text.length * 3 + 1 > block.length) {
        const encoded = Buffer.from(text, 'utf8');
        putTextLine(encoded, 0, encoded.length);
        return;
      }
      used += block.write(text, used, 'utf8');
      block[used++] = 0x0a;
      lines++;
    },
    textBytes(stream, time, source, start, end) {
      openTextLine(stream, time, end - start);
      putTextLine(source, start, end);
    },
    commit(next) {
      closeRun();
      flush();
      if (indexUsed > 0) writeSync(indexFd, index, 0, indexUsed);
      state = { format: 2, ...next, lines: state.lines + lines, bytes: state.bytes + flushed };
      flushed = 0;
      lines = 0;
      indexUsed = 0;
      liveStates.set(liveKey, state);
      // The state file is written at most every 5 s (and at the end and on close): renaming it over the
      // old one costs ext4 a flush, the largest cost of following an unwatched job. A crash in between
      // only re-reads the raw streams from the last state written, which gives the same lines again.
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
          const shown = texts[i] ?? `(this line is missing from ${rawLogFiles[stream]})`;
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
