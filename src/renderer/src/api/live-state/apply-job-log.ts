/**
 * A job's display log as the renderer holds it: numbered rows from `firstLine` to `nextLine`, where a
 * stretch of lines that did not come (a gap marker from a client that read too slowly, or a resume
 * that started past the held end) is one placeholder row the view expands with logs.read. Lines are
 * placed by their number, so a line sent twice is held once and a missing one is always a gap row.
 *
 * Rows are kept in chunks so that appending a batch to a million-line log copies one chunk, not the log.
 */
import type { DisplayLogLine, JobLogEvent, LogsReadResponse, OpenLogLine } from '../../../../shared/contract';

export interface LogLineRow extends DisplayLogLine {
  line: number;
}
export interface LogGapRow {
  /** Lines [fromLine, toLine) are not held: read them with logs.read (expandGap). */
  gap: { fromLine: number; toLine: number };
}
export type LogRow = LogLineRow | LogGapRow;

export interface JobLog {
  jobId: string;
  chunks: readonly (readonly LogRow[])[];
  rowCount: number;
  /** Number of the first line held; older ones are read on demand (loadOlder). */
  firstLine: number;
  /** The line after the last held: where the live lines go on, and where a resume asks from. */
  nextLine: number;
  /** Lines still being written (a progress bar), not numbered yet. */
  partial: OpenLogLine[];
}

const chunkSize = 1000;

export function isGapRow(row: LogRow): row is LogGapRow {
  return 'gap' in row;
}

export function emptyJobLog(jobId: string, fromLine = 0): JobLog {
  return { jobId, chunks: [], rowCount: 0, firstLine: fromLine, nextLine: fromLine, partial: [] };
}

/** The log from a logs.read answer (its last lines, usually). */
export function jobLogFromRead(read: LogsReadResponse): JobLog {
  const log = emptyJobLog(read.jobId, read.fromLine);
  return {
    ...appendRows(log, numbered(read.fromLine, read.lines)),
    nextLine: read.fromLine + read.lines.length,
    partial: read.partial,
  };
}

/** job.log: lines placed by number (held ones skipped), a hole or a gap marker kept as a gap row. */
export function applyJobLog(current: JobLog, event: JobLogEvent): JobLog {
  if (event.jobId !== current.jobId) return current;
  let log = current;
  const gapStart = event.gap ? Math.min(event.gap.fromLine, event.fromLine) : event.fromLine;
  if (gapStart > log.nextLine || (event.gap && event.gap.toLine > log.nextLine)) {
    const toLine = Math.max(event.fromLine, event.gap?.toLine ?? 0);
    log = { ...appendRows(log, [{ gap: { fromLine: log.nextLine, toLine } }]), nextLine: toLine };
  }
  const skip = Math.max(0, log.nextLine - event.fromLine);
  if (skip < event.lines.length) {
    const fresh = numbered(event.fromLine + skip, event.lines.slice(skip));
    log = { ...appendRows(log, fresh), nextLine: event.fromLine + event.lines.length };
  }
  // A resent batch that ends before the held end carries an old open line: keep the newer one.
  const reachesEnd = event.fromLine + event.lines.length >= log.nextLine;
  if (reachesEnd && !samePartial(log.partial, event.partial)) log = { ...log, partial: event.partial };
  return log;
}

/** Older lines (a logs.read page just before `firstLine`) put in front. */
export function prependLines(current: JobLog, page: LogsReadResponse): JobLog {
  if (page.jobId !== current.jobId) return current;
  const lines = numbered(page.fromLine, page.lines).filter((row) => row.line < current.firstLine);
  if (lines.length === 0) return current;
  return {
    ...current,
    chunks: [...toChunks(lines), ...current.chunks],
    rowCount: current.rowCount + lines.length,
    firstLine: Math.min(current.firstLine, page.fromLine),
  };
}

/** A gap's lines (a logs.read page from inside it) put in its place; what the page did not cover stays a gap. */
export function fillGap(current: JobLog, page: LogsReadResponse): JobLog {
  if (page.jobId !== current.jobId || page.lines.length === 0) return current;
  const pageEnd = page.fromLine + page.lines.length;
  const chunkIndex = current.chunks.findIndex((chunk) =>
    chunk.some((row) => isGapRow(row) && row.gap.fromLine < pageEnd && row.gap.toLine > page.fromLine),
  );
  const chunk = current.chunks[chunkIndex];
  if (!chunk) return current;
  const rows: LogRow[] = [];
  for (const row of chunk) {
    if (!isGapRow(row) || row.gap.fromLine >= pageEnd || row.gap.toLine <= page.fromLine) {
      rows.push(row);
      continue;
    }
    const { fromLine, toLine } = row.gap;
    if (fromLine < page.fromLine) rows.push({ gap: { fromLine, toLine: page.fromLine } });
    const from = Math.max(fromLine, page.fromLine);
    const to = Math.min(toLine, pageEnd);
    rows.push(...numbered(from, page.lines.slice(from - page.fromLine, to - page.fromLine)));
    if (toLine > pageEnd) rows.push({ gap: { fromLine: pageEnd, toLine } });
  }
  const chunks = [
    ...current.chunks.slice(0, chunkIndex),
    ...toChunks(rows),
    ...current.chunks.slice(chunkIndex + 1),
  ];
  return { ...current, chunks, rowCount: current.rowCount - chunk.length + rows.length };
}

const offsetsOf = new WeakMap<JobLog, number[]>();

/** The row at `index` (0 = the first held), for a virtual list. */
export function rowAt(log: JobLog, index: number): LogRow | undefined {
  let offsets = offsetsOf.get(log);
  if (!offsets) {
    offsets = [];
    let sum = 0;
    for (const chunk of log.chunks) {
      offsets.push(sum);
      sum += chunk.length;
    }
    offsetsOf.set(log, offsets);
  }
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((offsets[mid] ?? 0) <= index) lo = mid;
    else hi = mid - 1;
  }
  return log.chunks[lo]?.[index - (offsets[lo] ?? 0)];
}

/** Every row in order (tests, small logs). */
export function allRows(log: JobLog): LogRow[] {
  return log.chunks.flat();
}

function numbered(fromLine: number, lines: readonly DisplayLogLine[]): LogLineRow[] {
  return lines.map((line, i) => ({ ...line, line: fromLine + i }));
}

function appendRows(log: JobLog, rows: readonly LogRow[]): JobLog {
  if (rows.length === 0) return log;
  const chunks = [...log.chunks];
  const last = chunks[chunks.length - 1];
  let rest = rows;
  if (last && last.length < chunkSize) {
    const room = chunkSize - last.length;
    chunks[chunks.length - 1] = [...last, ...rest.slice(0, room)];
    rest = rest.slice(room);
  }
  chunks.push(...toChunks(rest));
  return { ...log, chunks, rowCount: log.rowCount + rows.length };
}

function toChunks(rows: readonly LogRow[]): LogRow[][] {
  const chunks: LogRow[][] = [];
  for (let i = 0; i < rows.length; i += chunkSize) chunks.push(rows.slice(i, i + chunkSize));
  return chunks;
}

function samePartial(a: readonly OpenLogLine[], b: readonly OpenLogLine[]): boolean {
  return (
    a.length === b.length && a.every((line, i) => line.stream === b[i]?.stream && line.text === b[i].text)
  );
}
