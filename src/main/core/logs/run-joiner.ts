/**
 * Joins the byte ranges of complete lines that the display log's fast paths find into as few runs as
 * there are stretches of them that touch: a trainer's plain lines and the redraw lines between them
 * reach the sink as one run instead of a sink call and a record merge for every plain stretch and
 * every redrawn bar. A run waits only until something else is
 * passed on (a line as text) or the bytes fed end, so the order of lines never changes.
 */
/** Where runs go: complete lines, bytes [start, end) of `source`, `lines` of them, each ending in `\n`. */
export interface RunTarget {
  run(source: Buffer, start: number, end: number, lines: number): void;
}

export class RunJoiner {
  private data: Buffer | null = null;
  private target: RunTarget | null = null;
  private start = -1;
  private end = -1;
  private lines = 0;

  /** Runs from now on are ranges of `data`, passed on to `target`. */
  begin(data: Buffer, target: RunTarget): void {
    this.data = data;
    this.target = target;
    this.start = this.end = -1;
    this.lines = 0;
  }

  /** `lines` complete lines in bytes [start, end) of the data, next after everything passed on before. */
  add(start: number, end: number, lines: number): void {
    if (start !== this.end) {
      this.flush();
      this.start = start;
    }
    this.end = end;
    this.lines += lines;
  }

  /** Passes the waiting run on: before any other line is, and when the bytes fed end. */
  flush(): void {
    if (this.start < 0 || this.data === null || this.target === null) return;
    const { data, start, end, lines } = this;
    this.start = this.end = -1;
    this.lines = 0;
    this.target.run(data, start, end, lines);
  }
}
