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

/** Older lines (a logs.read page before `firstLine`) put in front; see placePage. */
export function prependLines(current: JobLog, page: LogsReadResponse): JobLog {
  return placePage(current, page);
}

/** A gap's lines (a logs.read page from inside it) put in its place; see placePage. */
export function fillGap(current: JobLog, page: LogsReadResponse): JobLog {
  return placePage(current, page);
}

/**
 * A logs.read page placed where its lines belong, wherever that is: lines before the first held one go
 * in front (with a gap row between them and the held ones when the page ends short of them: "jump to
 * the first line" reads the head of a long log this way), lines inside a gap row split it, and lines
 * already held or past the held end (the live lines bring those) are left alone.
 */
export function placePage(current: JobLog, page: LogsReadResponse): JobLog {
  if (page.jobId !== current.jobId || page.lines.length === 0) return current;
  const pageEnd = page.fromLine + page.lines.length;
  const slice = (from: number, to: number): LogLineRow[] =>
    numbered(from, page.lines.slice(from - page.fromLine, to - page.fromLine));
  let log = current;
  // The part inside the held range: only gap rows can take lines.
  if (pageEnd > log.firstLine && page.fromLine < log.nextLine) {
    const chunks = log.chunks.map((chunk) => {
      const first = chunk[0];
      const last = chunk[chunk.length - 1];
      if (!first || !last || rowLine(first) >= pageEnd || rowEnd(last) <= page.fromLine) return [chunk];
      if (!chunk.some((row) => isGapRow(row) && row.gap.fromLine < pageEnd && row.gap.toLine > page.fromLine))
        return [chunk];
      const rows: LogRow[] = [];
      for (const row of chunk) {
        if (!isGapRow(row) || row.gap.fromLine >= pageEnd || row.gap.toLine <= page.fromLine) {
          rows.push(row);
          continue;
        }
        const { fromLine, toLine } = row.gap;
        if (fromLine < page.fromLine) rows.push({ gap: { fromLine, toLine: page.fromLine } });
        for (const filled of slice(Math.max(fromLine, page.fromLine), Math.min(toLine, pageEnd)))
          rows.push(filled);
        if (toLine > pageEnd) rows.push({ gap: { fromLine: pageEnd, toLine } });
      }
      return toChunks(rows);
    });
    const flat = chunks.flat();
    if (flat.length !== log.chunks.length || flat.some((chunk, i) => chunk !== log.chunks[i]))
      log = { ...log, chunks: flat, rowCount: flat.reduce((sum, chunk) => sum + chunk.length, 0) };
  }
  // The part before the held range.
  if (page.fromLine < log.firstLine) {
    const front: LogRow[] = slice(page.fromLine, Math.min(pageEnd, log.firstLine));
    if (pageEnd < log.firstLine) front.push({ gap: { fromLine: pageEnd, toLine: log.firstLine } });
    log = {
      ...log,
      chunks: [...toChunks(front), ...log.chunks],
      rowCount: log.rowCount + front.length,
      firstLine: page.fromLine,
    };
  }
  return log;
}

/** The first line number a row stands for. */
export function rowLine(row: LogRow): number {
  return isGapRow(row) ? row.gap.fromLine : row.line;
}

/** The line after the last one a row stands for. */
function rowEnd(row: LogRow): number {
  return isGapRow(row) ? row.gap.toLine : row.line + 1;
}

/** The index of the row that holds line `line` (a line row, or the gap row it is missing in); -1 outside the held range. */
export function indexOfLine(log: JobLog, line: number): number {
  if (line < log.firstLine || line >= log.nextLine || log.rowCount === 0) return -1;
  let lo = 0;
  let hi = log.rowCount - 1;
  // The last row that starts at or before `line`.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const row = rowAt(log, mid);
    if (row && rowLine(row) <= line) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The log without its oldest rows, keeping whole chunks so that at least `keepRows` stay: a view that
 * follows a long log holds a bounded window of it (the rest is read again on demand).
 */
export function trimFront(current: JobLog, keepRows: number): JobLog {
  let drop = 0;
  let dropped = 0;
  for (const chunk of current.chunks) {
    if (current.rowCount - dropped - chunk.length < keepRows) break;
    dropped += chunk.length;
    drop++;
  }
  const first = current.chunks[drop]?.[0];
  if (drop === 0 || !first) return current;
  return {
    ...current,
    chunks: current.chunks.slice(drop),
    rowCount: current.rowCount - dropped,
    firstLine: rowLine(first),
  };
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
