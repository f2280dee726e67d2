/**
 * Appends to a job's display log (the format is in display-log-store.ts): records go into one reused
 * block, written out at each commit; runs of plain lines are references to the raw log's bytes, never
 * copies, and touching runs become one record.
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
  textRecord,
  writeFollowState,
  type FollowProgress,
  type FollowState,
} from './display-log-store';

export interface DisplayLogWriter {
  /** The state as last committed. */
  readonly state: FollowState;
  /** Lines added since the last commit. */
  readonly pendingLines: number;
  /** Adds a line. */
  text(stream: LogStream, time: number, text: string): void;
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

// The state file is written at most this often (and at the end and on close): renaming it over the
// old one costs ext4 a flush, the largest cost of following an unwatched job. A crash in between only
// re-reads the raw streams from the last state written, which gives the same lines again — in the same
// order only while no stdout line came after a stderr line since (a re-read takes all of stdout first),
// so such a commit writes the state at once: lines already sent keep their numbers after a crash.
const stateWriteEveryMs = 5000;

const checkpointsOf = (lines: number): number => Math.ceil(lines / indexEvery);

/** A run record still growing: written once the next record begins or at the commit. */
interface OpenRun {
  stream: LogStream;
  time: number;
  offset: number;
  bytes: number;
  lines: number;
}

class BlockWriter implements DisplayLogWriter {
  private current: FollowState;
  private readonly logFd: number;
  private readonly indexFd: number;
  private closed = false;
  private stateWrittenAt = 0;
  private stateDirty = false;
  /** Lines of each stream added since the last commit, and whether stderr lines wait unwritten in the state. */
  private readonly added: Record<LogStream, boolean> = { stdout: false, stderr: false };
  private stderrSinceStateWritten = false;

  private block = Buffer.allocUnsafe(64 * 1024);
  private used = 0;
  /** Lines added since the last commit. */
  private lines = 0;
  /** Index entries (display.log offsets of checkpoint records) since the last commit. */
  private readonly checkpoints: number[] = [];
  /** The text record lines are being added to: its stream and time (null: the next line starts one). */
  private textOf: { stream: LogStream; time: number } | null = null;
  private openRun: OpenRun | null = null;

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
  }

  get state(): FollowState {
    return this.current;
  }

  get pendingLines(): number {
    return this.lines + (this.openRun?.lines ?? 0);
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
      const take = Math.min(left, indexEvery - this.sinceCheckpoint());
      let cut = end;
      if (take < left) {
        cut = at;
        for (let i = 0; i < take; i++) cut = source.indexOf(0x0a, cut) + 1;
      }
      this.addRun(stream, time, rawOffset + (at - start), cut - at, take);
      left -= take;
      at = cut;
    }
  }

  text(stream: LogStream, time: number, text: string): void {
    this.closeRun();
    const checkpoint = this.sinceCheckpoint() === 0;
    if (checkpoint || this.textOf?.stream !== stream || this.textOf.time !== time) {
      this.put(`${String.fromCharCode(textRecord)}${time}\t${streamCode(stream)}\n`, checkpoint);
      this.textOf = { stream, time };
    }
    this.put(`${text}\n`, false, 'utf8');
    this.lines++;
    this.added[stream] = true;
  }

  commit(next: FollowProgress): void {
    this.closeRun();
    if (this.used > 0) writeSync(this.logFd, this.block, 0, this.used);
    if (this.checkpoints.length > 0) {
      const index = Buffer.alloc(this.checkpoints.length * 8);
      this.checkpoints.forEach((offset, i) => index.writeBigUInt64LE(BigInt(offset), i * 8));
      writeSync(this.indexFd, index);
    }
    const state: FollowState = {
      format: displayLogFormat,
      ...next,
      lines: this.current.lines + this.lines,
      bytes: this.current.bytes + this.used,
    };
    this.current = state;
    this.used = 0;
    // A burst of emulated lines grew the block: it is not kept for the hours after.
    if (this.block.length > 1024 * 1024) this.block = Buffer.allocUnsafe(64 * 1024);
    this.lines = 0;
    this.checkpoints.length = 0;
    publishFollowState(this.runDir, state);
    const now = Date.now();
    const reordered = this.added.stdout && this.stderrSinceStateWritten;
    this.stderrSinceStateWritten ||= this.added.stderr;
    this.added.stdout = this.added.stderr = false;
    if (next.ended || reordered || now - this.stateWrittenAt >= stateWriteEveryMs) {
      writeFollowState(this.runDir, state);
      this.stateWrittenAt = now;
      this.stateDirty = false;
      this.stderrSinceStateWritten = false;
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

  /** Lines since the last index checkpoint, counting those of the run still open. */
  private sinceCheckpoint(): number {
    return (this.current.lines + this.lines + (this.openRun?.lines ?? 0)) % indexEvery;
  }

  /** Appends to the block (grown as needed); a record that begins a checkpoint is indexed first. */
  private put(text: string, checkpoint: boolean, encoding: 'latin1' | 'utf8' = 'latin1'): void {
    const most = encoding === 'utf8' ? text.length * 3 : text.length;
    if (this.used + most > this.block.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.block.length * 2, this.used + most));
      this.block.copy(bigger, 0, 0, this.used);
      this.block = bigger;
    }
    if (checkpoint) this.checkpoints.push(this.current.bytes + this.used);
    this.used += this.block.write(text, this.used, encoding);
  }

  private closeRun(): void {
    const run = this.openRun;
    if (run === null) return;
    this.openRun = null;
    const checkpoint = this.sinceCheckpoint() === 0;
    const header = `${String.fromCharCode(runRecord)}${run.time}\t${streamCode(run.stream)}`;
    this.put(`${header}\t${run.offset}\t${run.bytes}\t${run.lines}\n`, checkpoint);
    this.lines += run.lines;
  }

  /** Adds one run record's worth of lines (none of them after the first a checkpoint). */
  private addRun(stream: LogStream, time: number, offset: number, bytes: number, count: number): void {
    const run = this.openRun;
    if (
      run !== null &&
      this.sinceCheckpoint() !== 0 &&
      run.stream === stream &&
      run.time === time &&
      run.offset + run.bytes === offset
    ) {
      run.bytes += bytes;
      run.lines += count;
      return;
    }
    this.closeRun();
    this.textOf = null;
    this.openRun = { stream, time, offset, bytes, lines: count };
    this.added[stream] = true;
  }
}

const streamCode = (stream: LogStream): string => (stream === 'stdout' ? 'o' : 'e');
