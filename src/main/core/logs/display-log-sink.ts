/**
 * Where a followed log's display lines go, one sink per stream: into the display log (runs as places
 * in the raw log) and, where someone listens, into the batch of lines the next `job.log`
 * event carries. A class, so every follower calls the same methods: code compiled for the first job
 * followed stays valid for the next.
 */
import type { DisplayLine, LogStream } from './display-assembler';
import type { DisplayLogWriter } from './display-log-writer';
import { runLines, type LineSink } from './line-assembler';

/** What the sinks of one follower share: the read being fed, and the lines for the listeners. */
export class FollowBatch {
  /** The time the lines of this read get. */
  time = 0;
  /** Where in its raw log the bytes being fed begin. */
  readBase = 0;
  /** The lines since the last event, oldest first (null: nobody listens, none are made). */
  lines: DisplayLine[] | null;

  constructor(listened: boolean) {
    this.lines = listened ? [] : null;
  }

  /** The lines so far; the batch starts empty again. */
  take(): DisplayLine[] {
    const lines = this.lines ?? [];
    if (this.lines !== null) this.lines = [];
    return lines;
  }
}

export class DisplayLogSink implements LineSink {
  constructor(
    private readonly writer: DisplayLogWriter,
    private readonly stream: LogStream,
    private readonly batch: FollowBatch,
  ) {}

  text(text: string): void {
    this.writer.text(this.stream, this.batch.time, text);
    this.batch.lines?.push({ stream: this.stream, time: this.batch.time, text });
  }

  run(source: Buffer, start: number, end: number, lines: number): void {
    const { batch, stream } = this;
    this.writer.run(stream, batch.time, source, start, end, lines, batch.readBase + start);
    if (batch.lines !== null)
      for (const text of runLines(source, start, end)) batch.lines.push({ stream, time: batch.time, text });
  }
}
