/**
 * Appends to a job's display log (the format is in display-log-store.ts): records are encoded into
 * one reused block and written in large blocks, runs of plain lines and slices of the raw log as
 * references to its bytes, never copies. Thousands of records a second while a log is followed
 * again after a restart: a class (shared methods, fields instead of closure variables) so every
 * follower runs the same optimized code.
 */
import { closeSync, fstatSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { DisplayLine, LogStream } from './display-assembler';
import {
  displayIndexFile,
  displayLogFile,
  displayLogFormat,
  freshFollowState,
  indexEvery,
  publishFollowState,
  readFollowStateFile,
  retractFollowState,
  runRecord,
  sliceRecord,
  textRecord,
  writeFollowState,
  type FollowProgress,
  type FollowState,
} from './display-log-store';
import { afterNth } from './scan/byte-scanner';

export interface DisplayLogWriter {
  /** The state as last committed. */
  readonly state: FollowState;
  /** Lines added since the last commit. */
  readonly pendingLines: number;
  /** Adds a line. */
  text(stream: LogStream, time: number, text: string): void;
  /** Adds a line that is bytes [rawOffset, rawOffset + bytes) of the stream's raw log as they are. */
  slice(stream: LogStream, time: number, rawOffset: number, bytes: number): void;
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

/**
 * Opens the display log for appending. What was written after the last recorded state (the host died
 * between the two writes) is cut off; a log shorter than its state (a power cut lost the tail) is
 * rebuilt from the raw streams' start.
 */
export function openDisplayLogWriter(runDir: string): DisplayLogWriter {
  return new BlockWriter(runDir);
}

const blockBytes = 1024 * 1024;
// The state file is written at most this often (and at the end and on close): renaming it over the
// old one costs ext4 a flush, the largest cost of following an unwatched job. A crash in between only
// re-reads the raw streams from the last state written, which gives the same lines again.
const stateWriteEveryMs = 5000;

// "00" to "99": decimals are written two digits a step.
const digitPairs = Buffer.from(
  Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0')).join(''),
  'latin1',
);

/** How many decimal digits a whole number below 2^31 has. */
function decimalDigits(value: number): number {
  if (value < 100_000) return value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : value < 10_000 ? 4 : 5;
  return value < 1_000_000
    ? 6
    : value < 10_000_000
      ? 7
      : value < 100_000_000
        ? 8
        : value < 1_000_000_000
          ? 9
          : 10;
}

/** Writes `value` (a whole number, not negative) in decimal at `at` of `target`; answers the position after it. */
export function writeDecimal(target: Buffer, at: number, value: number): number {
  // Past 2^31 (a raw log over 2 GB) as a string: the loop is integer arithmetic only (a remainder of a
  // double is a call into C).
  if (value > 0x7fffffff) return at + target.write(String(value), at, 'latin1');
  const end = at + decimalDigits(value);
  let i = end;
  let n = value | 0;
  while (n >= 100) {
    const hundredth = (n / 100) | 0;
    const pair = (n - hundredth * 100) * 2;
    target[--i] = digitPairs[pair + 1] as number;
    target[--i] = digitPairs[pair] as number;
    n = hundredth;
  }
  if (n >= 10) {
    target[i - 1] = digitPairs[n * 2 + 1] as number;
    target[i - 2] = digitPairs[n * 2] as number;
  } else {
    target[i - 1] = 0x30 + n;
  }
  return end;
}

const checkpointsOf = (lines: number): number => Math.ceil(lines / indexEvery);

class BlockWriter implements DisplayLogWriter {
  private current: FollowState;
  private readonly logFd: number;
  private readonly indexFd: number;
  private closed = false;
  private stateWrittenAt = 0;
  private stateDirty = false;

  private readonly block = Buffer.allocUnsafe(blockBytes);
  private used = 0;
  /** Bytes and lines added since the last commit (`flushed` of those bytes are in the file already). */
  private flushed = 0;
  private lines = 0;
  /** Lines since the last index checkpoint (the log's line count modulo `indexEvery`). */
  private sinceCheckpoint: number;
  private index = Buffer.allocUnsafe(64 * 8);
  private indexUsed = 0;

  /** The text record lines are being added to (`textOpen` false: the next text line starts one). */
  private textOpen = false;
  private textStream: LogStream = 'stdout';
  private textTime = 0;

  /** A run record still growing: its header is written once it is complete. */
  private runOpen = false;
  private runStream: LogStream = 'stdout';
  private runTime = 0;
  private runOffset = 0;
  private runBytes = 0;
  private runLines = 0;
  /** Its first line is an index checkpoint. */
  private runCheckpoint = false;

  // The part of a header that stays the same for a whole read (`<time>\t<o|e>`), kept encoded.
  private prefixTime = Number.NaN;
  private stdoutPrefix = Buffer.alloc(0);
  private stderrPrefix = Buffer.alloc(0);

  constructor(private readonly runDir: string) {
    let state = readFollowStateFile(runDir) ?? freshFollowState();
    this.logFd = openSync(join(runDir, displayLogFile), 'a+');
    this.indexFd = openSync(join(runDir, displayIndexFile), 'a+');
    if (
      fstatSync(this.logFd).size < state.bytes ||
      fstatSync(this.indexFd).size < checkpointsOf(state.lines) * 8
    ) {
      state = freshFollowState();
    }
    ftruncateSync(this.logFd, state.bytes);
    ftruncateSync(this.indexFd, checkpointsOf(state.lines) * 8);
    this.current = state;
    this.sinceCheckpoint = state.lines % indexEvery;
  }

  get state(): FollowState {
    return this.current;
  }

  get pendingLines(): number {
    return this.lines;
  }

  run(
    stream: LogStream,
    time: number,
    source: Buffer,
    start: number,
    end: number,
    count: number,
    rawOffset: number,
  ): void {
    let at = start;
    let left = count;
    while (left > 0) {
      // Split where an index checkpoint falls inside: a checkpoint always begins a record.
      const toCheckpoint = indexEvery - this.sinceCheckpoint;
      const take = left < toCheckpoint ? left : toCheckpoint;
      const cut = take < left ? afterNth(source, at, end, 0x0a, take) : end;
      this.addRun(stream, time, rawOffset + (at - start), cut - at, take);
      left -= take;
      at = cut;
    }
  }

  slice(stream: LogStream, time: number, rawOffset: number, bytes: number): void {
    this.closeRun();
    this.textOpen = false;
    this.putRangeRecord(sliceRecord, time, stream, this.sinceCheckpoint === 0, rawOffset, bytes, -1);
    this.added(1);
  }

  text(stream: LogStream, time: number, text: string): void {
    // At most 3 bytes per UTF-16 unit.
    this.openTextLine(stream, time, text.length * 3);
    if (this.used + text.length * 3 + 1 > this.block.length) {
      // Bigger than the block: written past it.
      this.flush();
      const encoded = Buffer.from(`${text}\n`, 'utf8');
      writeSync(this.logFd, encoded);
      this.flushed += encoded.length;
    } else {
      this.used += this.block.write(text, this.used, 'utf8');
      this.block[this.used++] = 0x0a;
    }
    this.added(1);
  }

  commit(next: FollowProgress): void {
    this.closeRun();
    this.flush();
    if (this.indexUsed > 0) writeSync(this.indexFd, this.index, 0, this.indexUsed);
    const state: FollowState = {
      format: displayLogFormat,
      ...next,
      lines: this.current.lines + this.lines,
      bytes: this.current.bytes + this.flushed,
    };
    this.current = state;
    this.flushed = 0;
    this.lines = 0;
    this.indexUsed = 0;
    publishFollowState(this.runDir, state);
    const now = Date.now();
    if (next.ended || now - this.stateWrittenAt >= stateWriteEveryMs) {
      writeFollowState(this.runDir, state);
      this.stateWrittenAt = now;
      this.stateDirty = false;
    } else {
      this.stateDirty = true;
    }
  }

  append(added: readonly DisplayLine[], next: FollowProgress): void {
    for (const line of added) this.text(line.stream, line.time, line.text);
    this.commit(next);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.stateDirty) writeFollowState(this.runDir, this.current);
    retractFollowState(this.runDir);
    closeSync(this.logFd);
    closeSync(this.indexFd);
  }

  /** `count` lines were added (never past the next checkpoint). */
  private added(count: number): void {
    this.lines += count;
    this.sinceCheckpoint += count;
    if (this.sinceCheckpoint >= indexEvery) this.sinceCheckpoint -= indexEvery;
  }

  private flush(): void {
    if (this.used === 0) return;
    writeSync(this.logFd, this.block, 0, this.used);
    this.flushed += this.used;
    this.used = 0;
  }

  /** Room for `bytes` more in the block. */
  private reserve(bytes: number): void {
    if (this.used + bytes > this.block.length) this.flush();
  }

  /** The record about to be written begins an index checkpoint. */
  private indexHere(): void {
    if (this.indexUsed + 8 > this.index.length) {
      const bigger = Buffer.allocUnsafe(this.index.length * 2);
      this.index.copy(bigger, 0, 0, this.indexUsed);
      this.index = bigger;
    }
    this.index.writeBigUInt64LE(BigInt(this.current.bytes + this.flushed + this.used), this.indexUsed);
    this.indexUsed += 8;
  }

  /** Writes a record's kind and `<time>\t<o|e>` at `at`; answers the position after them. */
  private putHeader(at: number, kind: number, time: number, stream: LogStream): number {
    if (time !== this.prefixTime) {
      this.prefixTime = time;
      this.stdoutPrefix = Buffer.from(`${time}\to`, 'latin1');
      this.stderrPrefix = Buffer.from(`${time}\te`, 'latin1');
    }
    this.block[at] = kind;
    const prefix = stream === 'stdout' ? this.stdoutPrefix : this.stderrPrefix;
    this.block.set(prefix, at + 1);
    return at + 1 + prefix.length;
  }

  /**
   * Writes a record of bytes [offset, offset + bytes) of a raw log: `\t<offset>\t<bytes>` after the
   * header, then `\t<lines>` where `lines` is not negative (a run record; a slice record has none).
   */
  private putRangeRecord(
    kind: number,
    time: number,
    stream: LogStream,
    checkpoint: boolean,
    offset: number,
    bytes: number,
    lines: number,
  ): void {
    this.reserve(96);
    if (checkpoint) this.indexHere();
    const block = this.block;
    let at = this.putHeader(this.used, kind, time, stream);
    block[at++] = 0x09;
    at = writeDecimal(block, at, offset);
    block[at++] = 0x09;
    at = writeDecimal(block, at, bytes);
    if (lines >= 0) {
      block[at++] = 0x09;
      at = writeDecimal(block, at, lines);
    }
    block[at++] = 0x0a;
    this.used = at;
  }

  private closeRun(): void {
    if (!this.runOpen) return;
    this.runOpen = false;
    const { runTime, runStream, runCheckpoint, runOffset, runBytes, runLines } = this;
    this.putRangeRecord(runRecord, runTime, runStream, runCheckpoint, runOffset, runBytes, runLines);
  }

  /** Adds one run record's worth of lines (none of them after the first a checkpoint). */
  private addRun(stream: LogStream, time: number, offset: number, bytes: number, count: number): void {
    const checkpoint = this.sinceCheckpoint === 0;
    if (
      this.runOpen &&
      !checkpoint &&
      this.runStream === stream &&
      this.runTime === time &&
      this.runOffset + this.runBytes === offset
    ) {
      this.runBytes += bytes;
      this.runLines += count;
    } else {
      this.closeRun();
      this.textOpen = false;
      this.runOpen = true;
      this.runStream = stream;
      this.runTime = time;
      this.runOffset = offset;
      this.runBytes = bytes;
      this.runLines = count;
      this.runCheckpoint = checkpoint;
    }
    this.added(count);
  }

  /** Starts a text line of up to `bytes` bytes: a text record's header first where one must begin. */
  private openTextLine(stream: LogStream, time: number, bytes: number): void {
    this.closeRun();
    const checkpoint = this.sinceCheckpoint === 0;
    this.reserve(bytes + 40);
    if (checkpoint || !this.textOpen || this.textStream !== stream || this.textTime !== time) {
      if (checkpoint) this.indexHere();
      const at = this.putHeader(this.used, textRecord, time, stream);
      this.block[at] = 0x0a;
      this.used = at + 1;
      this.textOpen = true;
      this.textStream = stream;
      this.textTime = time;
    }
  }
}
