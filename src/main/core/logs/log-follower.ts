/**
 * Follows one job's raw `stdout.log` and `stderr.log` by byte offset, turns the new bytes into display
 * lines, appends them to the display log and announces them as one `job.log` batch per read — reads are
 * at least `batchMs` apart, so a trainer printing thousands of lines a second costs a batch every 50 ms.
 * The offsets and open lines are stored with every append, so a new host resumes exactly where the
 * last one stopped: no line lost, none twice, the same numbers. Reads go straight from one reused
 * buffer through the assemblers into the display log, where runs of plain lines are recorded as
 * ranges of the raw log; line objects are made only for a listener.
 */
import { closeSync, existsSync, openSync, readSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { JobLogEvent } from '../../../shared/contract/logs';
import {
  createDisplayAssembler,
  type DisplayAssembler,
  type DisplayLine,
  type LogStream,
  type OpenLine,
} from './display-assembler';
import { rawLogFiles } from './display-log-store';
import { openDisplayLogWriter, type DisplayLogWriter } from './display-log-writer';
import { DisplayLogSink, FollowBatch } from './display-log-sink';
import type { LineSink } from './line-assembler';

export interface LogFollowerOptions {
  runDir: string;
  jobId: string;
  /** Each batch of new lines (and every change of the open progress line). */
  onLog?: (event: JobLogEvent) => void;
  /** Every line as it becomes final, for the progress parsers. */
  onLines?: (lines: readonly DisplayLine[], open: readonly OpenLine[]) => void;
  now?: () => number;
  /** Least time between two reads; a function is asked at each read (e.g. slower while nobody watches the job). */
  batchMs?: number | (() => number);
  /** Most bytes read per stream per pass, so one huge burst does not block the host. */
  maxReadBytes?: number;
  /** A read every this often even without a file-change notice (watchers miss events on some file systems). */
  fallbackPollMs?: number;
  /** The job runs again in the same folder (a relaunch): the log goes on after its earlier end. */
  reopen?: boolean;
}

export interface LogFollower {
  /** Reads what is new now (the caller drives it; `start` drives it from file changes); answers the bytes read. */
  poll(): number;
  /** Watch the run folder and read when the logs change. */
  start(): void;
  /** `batchMs` may have changed (someone began watching): a read already planned is planned again. */
  wake(): void;
  /** The trainer is gone: read the rest, make every open line final, stop watching. */
  finish(): void;
  /** Stop watching; the state on disk lets the next follower resume. */
  close(): void;
  readonly lineCount: number;
}

// One read buffer for every follower: each read is fed through at once, nothing keeps it after.
let sharedBuffer: Buffer | null = null;
const readBuffer = (): Buffer => (sharedBuffer ??= Buffer.allocUnsafe(1024 * 1024));

export function createLogFollower(options: LogFollowerOptions): LogFollower {
  const now = options.now ?? Date.now;
  const batchOption = options.batchMs ?? 50;
  const batchMs = typeof batchOption === 'number' ? () => batchOption : batchOption;
  const maxRead = options.maxReadBytes ?? 4 * 1024 * 1024;
  const writer: DisplayLogWriter = openDisplayLogWriter(options.runDir);
  const assembler: DisplayAssembler = createDisplayAssembler(writer.state.assembler ?? undefined);
  const offsets = { ...writer.state.offsets };
  let ended = writer.state.ended && options.reopen !== true;
  let lastOpen = '[]';
  let watcher: FSWatcher | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let fallback: ReturnType<typeof setInterval> | null = null;
  let lastPollAt = -Infinity;
  let closed = false;
  const batch = new FollowBatch(options.onLog !== undefined || options.onLines !== undefined);
  const sinks: Record<LogStream, LineSink> = {
    stdout: new DisplayLogSink(writer, 'stdout', batch),
    stderr: new DisplayLogSink(writer, 'stderr', batch),
  };

  /** Reads what is new in one stream into the display log; answers the bytes read. */
  const readNew = (stream: LogStream): number => {
    const path = join(options.runDir, rawLogFiles[stream]);
    if (!existsSync(path)) return 0;
    const fd = openSync(path, 'r');
    let total = 0;
    try {
      while (total < maxRead) {
        const buffer = readBuffer();
        const read = readSync(fd, buffer, 0, Math.min(buffer.length, maxRead), offsets[stream]);
        if (read === 0) break;
        batch.readBase = offsets[stream];
        offsets[stream] += read;
        total += read;
        assembler.feed(stream, buffer.subarray(0, read), sinks[stream]);
      }
    } finally {
      closeSync(fd);
    }
    return total;
  };

  const record = (): void => {
    const fromLine = writer.state.lines;
    const added = writer.pendingLines;
    const open = ended ? [] : assembler.openLines();
    const openKey = JSON.stringify(open);
    if (added > 0 || openKey !== lastOpen || ended) {
      writer.commit({ offsets: { ...offsets }, assembler: assembler.state(), ended });
    }
    const lines = batch.take();
    if (added === 0 && openKey === lastOpen) return;
    lastOpen = openKey;
    options.onLines?.(lines, open);
    options.onLog?.({ jobId: options.jobId, fromLine, lines, partial: open });
  };

  const poll = (): number => {
    if (closed || ended) return 0;
    lastPollAt = batch.time = now();
    // stdout first: in one pass the order between the two files is unknowable, and stdout's lines
    // (epoch, saving checkpoint) are the ones progress hangs on.
    const bytes = readNew('stdout') + readNew('stderr');
    record();
    // More than one pass holds (a log followed again after a restart, a huge burst): the rest follows
    // at once, a pass at a time, not a batch time apart (a second apart for an unwatched job, which
    // would leave its progress minutes behind); other work gets its turn between passes.
    if (bytes >= maxRead && watcher) schedule(0);
    return bytes;
  };

  const schedule = (waitMs?: number): void => {
    if (closed || timer !== null) return;
    const wait = waitMs ?? Math.max(0, lastPollAt + batchMs() - now());
    timer = setTimeout(() => {
      timer = null;
      poll();
    }, wait);
  };

  const stopWatching = (): void => {
    watcher?.close();
    watcher = null;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (fallback !== null) clearInterval(fallback);
    fallback = null;
  };

  return {
    poll,
    wake() {
      if (timer === null) return;
      clearTimeout(timer);
      timer = null;
      schedule();
    },
    start() {
      if (closed || ended || watcher) return;
      try {
        watcher = watch(options.runDir, (_event, name) => {
          if (name === null || name === rawLogFiles.stdout || name === rawLogFiles.stderr) schedule();
        });
      } catch {
        watcher = null;
      }
      fallback = setInterval(schedule, options.fallbackPollMs ?? 1000);
      schedule();
    },
    finish() {
      if (closed || ended) return;
      stopWatching();
      while (poll() > 0) {
        // Read until the files are drained (each pass is bounded by maxReadBytes).
      }
      ended = true;
      batch.time = now();
      for (const line of assembler.end(batch.time)) sinks[line.stream].text(line.text);
      record();
    },
    close() {
      if (closed) return;
      stopWatching();
      closed = true;
      writer.close();
    },
    get lineCount() {
      return writer.state.lines;
    },
  };
}
