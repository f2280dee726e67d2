/**
 * Everything the supervisor follows for one running job, from its run folder: the display log
 * (job.log batches), python-bridge's events.jsonl and the trainer's lines (job.progress, metric
 * rows), silence (a "stalled" warning), and the end — exit.json, judged into an outcome with a
 * reason and a hint. events.jsonl is read on its own clock, at the logs' cadence, so a checkpoint
 * saved while the trainer prints nothing is announced all the same. It works the same for a job
 * just started and for one re-adopted after a restart (the offsets on disk say where to resume).
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { JobProgress, MetricPoint, TrainerKind } from '../../../shared/contract/jobs';
import type { Artifact } from '../../../shared/contract/artifacts';
import type { JobLogEvent } from '../../../shared/contract/logs';
import { readDisplayLines } from '../logs/display-log-store';
import { createLogFollower, type LogFollower } from '../logs/log-follower';
import { artifactOfEvent, indexArtifacts } from './artifacts/artifact-index';
import { bytesOnDiskSync } from './artifacts/artifact-size';
import { classifyExit, type ExitReason } from './exit-reasons';
import { parseBridgeEvent, type ExitRecord } from './executor/run-records';
import { createProgressTracker, type Schedule } from './progress/progress-tracker';

export type JobOutcome =
  /** `note`: said when the end was judged without an exit code (the wrapper was gone). */
  | { status: 'succeeded'; exit: ExitRecord | null; note?: string }
  | { status: 'canceled'; exit: ExitRecord | null; reason: string }
  | { status: 'failed'; exit: ExitRecord | null; reason: ExitReason };

export interface JobWatchOptions {
  jobId: string;
  runDir: string;
  trainer: TrainerKind;
  schedule?: Schedule;
  onLog?: (event: JobLogEvent) => void;
  onProgress?: (progress: JobProgress) => void;
  onMetrics?: (rows: MetricPoint[]) => void;
  /** No output for `stalledAfterMs` (0: never). */
  onStalled?: (silentMs: number) => void;
  /** A checkpoint or sample python-bridge saw saved (job.artifact). */
  onArtifact?: (artifact: Artifact) => void;
  stalledAfterMs?: number;
  /**
   * Least time between two reads of the logs, and the time between two looks at events.jsonl
   * (default 50 ms); a function is asked at each read, so a job nobody watches can be read less
   * often. After it changed, `wake()` applies it at once.
   */
  batchMs?: number | (() => number);
  now?: () => number;
  /** A relaunch in the same run folder: the display log goes on, the end is judged on this attempt's lines. */
  newAttempt?: boolean;
}

export interface JobWatch {
  start(): void;
  /** Read what is new now (tests, and the exit path). */
  poll(): void;
  /** `batchMs` may have changed (someone began watching the job): a read already planned is planned again. */
  wake(): void;
  /** The tree is gone: read the rest and judge the end. `stopRequested`: we asked it to stop. */
  finish(exit: ExitRecord | null, stopRequested: boolean): JobOutcome;
  close(): void;
  progress(): JobProgress;
}

/**
 * Reads events.jsonl from a byte offset, one whole line at a time. The file's size is looked at
 * first, so a read with nothing new (most of them: python-bridge writes an event per step bar
 * update or save, the trainer prints lines far more often) opens nothing.
 */
function createEventsReader(file: string): () => unknown[] {
  let offset = 0;
  let carry = '';
  let block: Buffer | null = null;
  return () => {
    const size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
    if (size <= offset) return [];
    block ??= Buffer.alloc(256 * 1024);
    const fd = openSync(file, 'r');
    const events: unknown[] = [];
    try {
      for (;;) {
        const read = readSync(fd, block, 0, block.length, offset);
        if (read === 0) break;
        offset += read;
        const lines = (carry + block.toString('utf8', 0, read)).split('\n');
        carry = lines.pop() ?? '';
        for (const line of lines) {
          // A damaged or foreign line is skipped; the text parsers still see the same progress.
          const event = parseBridgeEvent(line);
          if (event) events.push(event);
        }
      }
    } finally {
      closeSync(fd);
    }
    return events;
  };
}

export function watchJob(options: JobWatchOptions): JobWatch {
  const now = options.now ?? Date.now;
  const batchOption = options.batchMs ?? 50;
  const batchMs = typeof batchOption === 'number' ? () => batchOption : batchOption;
  const tracker = createProgressTracker(options.trainer, options.schedule);
  const readEvents = createEventsReader(join(options.runDir, 'events.jsonl'));
  let savedSomething = false;
  let lastOutputAt = now();
  let stalledSaid = false;
  let stallTimer: ReturnType<typeof setInterval> | null = null;
  let eventsTimer: ReturnType<typeof setTimeout> | null = null;
  let eventsReadAt = now();
  let closed = false;
  // The tracker says when a line or event changed the progress: no copy of it is compared per batch.
  // True at first, so the first batch announces where the job stands (also after a re-adoption).
  let progressChanged = true;

  const saves: unknown[] = [];
  const savedPaths = new Set<string>();
  const bridgeEvent = (event: unknown): void => {
    const artifact = artifactOfEvent(event);
    if (artifact) savedSomething = true;
    if (artifact && !savedPaths.has(artifact.path)) {
      savedPaths.add(artifact.path);
      saves.push(event);
      // Indexed with the earlier saves, so a sample names the checkpoint of its step.
      const indexed = indexArtifacts(saves).find((item) => item.path === artifact.path);
      if (indexed && options.onArtifact)
        options.onArtifact({ ...indexed, bytes: bytesOnDiskSync(indexed.path) });
    }
    if (tracker.bridgeEvent(event)) progressChanged = true;
  };

  const publish = (): void => {
    if (progressChanged) {
      progressChanged = false;
      options.onProgress?.({ jobId: options.jobId, ...tracker.progress() });
    }
    const rows = tracker.takeMetrics();
    if (rows.length > 0) options.onMetrics?.(rows);
  };

  const follower: LogFollower = createLogFollower({
    runDir: options.runDir,
    jobId: options.jobId,
    now,
    reopen: options.newAttempt,
    batchMs,
    onLog: (event) => {
      lastOutputAt = now();
      stalledSaid = false;
      options.onLog?.(event);
    },
    onLines: (lines, open) => {
      for (const line of lines) {
        if (tracker.line(line.text)) progressChanged = true;
        if (/^saving checkpoint: |Saving model to directory /.test(line.text)) savedSomething = true;
      }
      if (tracker.openLines(open.map((line) => line.text))) progressChanged = true;
      for (const event of readEvents()) bridgeEvent(event);
      publish();
    },
  });

  // Only this attempt's lines judge its end (an earlier attempt's port clash is history).
  const firstLine = follower.lineCount;

  /** What python-bridge appended since the last look (a stat when nothing was: most looks). */
  const readNewEvents = (): void => {
    eventsReadAt = now();
    const events = readEvents();
    if (events.length === 0) return;
    for (const event of events) bridgeEvent(event);
    publish();
  };
  const scheduleEvents = (): void => {
    if (closed || eventsTimer !== null) return;
    eventsTimer = setTimeout(
      () => {
        eventsTimer = null;
        readNewEvents();
        scheduleEvents();
      },
      Math.max(0, eventsReadAt + batchMs() - now()),
    );
  };
  const stopEvents = (): void => {
    if (eventsTimer !== null) clearTimeout(eventsTimer);
    eventsTimer = null;
  };

  return {
    start() {
      follower.start();
      scheduleEvents();
      const stalledAfter = options.stalledAfterMs ?? 0;
      if (stalledAfter > 0 && options.onStalled) {
        stallTimer = setInterval(
          () => {
            const silent = now() - lastOutputAt;
            if (!stalledSaid && silent >= stalledAfter) {
              stalledSaid = true;
              options.onStalled?.(silent);
            }
          },
          Math.min(stalledAfter, 30_000),
        );
      }
    },
    poll() {
      follower.poll();
    },
    wake() {
      follower.wake();
      if (eventsTimer === null) return;
      stopEvents();
      scheduleEvents();
    },
    finish(exit, stopRequested) {
      stopEvents();
      follower.finish();
      for (const event of readEvents()) bridgeEvent(event);
      publish();
      const total = follower.lineCount;
      const from = Math.max(firstLine, total - 200);
      const tail = readDisplayLines(options.runDir, from, total - from).map((line) => line.text);
      const reason = classifyExit({
        trainer: options.trainer,
        exitCode: exit?.exitCode ?? null,
        signal: exit?.signal ?? null,
        stopRequested: stopRequested || (exit?.stopRequestedBy ?? null) !== null,
        logTail: tail,
        lastStep: tracker.progress().step,
        savedSomething,
      });
      if (reason === null) return { status: 'succeeded', exit };
      if (reason.code === 'canceled') return { status: 'canceled', exit, reason: reason.reason };
      if (exit === null && reason.code === 'failed') {
        // Re-adopted without its wrapper: no exit code; the log and outputs decide.
        const progress = tracker.progress();
        const unknown = 'exit code unknown: it ended while its wrapper was gone';
        if (
          progress.phase === 'finished' ||
          (progress.step !== null && progress.step === progress.total && savedSomething)
        ) {
          return { status: 'succeeded', exit, note: `It finished training (${unknown}).` };
        }
        return {
          status: 'failed',
          exit,
          reason: { ...reason, reason: `The trainer ended before finishing (${unknown}).` },
        };
      }
      return { status: 'failed', exit, reason };
    },
    close() {
      closed = true;
      stopEvents();
      if (stallTimer !== null) clearInterval(stallTimer);
      stallTimer = null;
      follower.close();
    },
    progress: () => ({ jobId: options.jobId, ...tracker.progress() }),
  };
}
