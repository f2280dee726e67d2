/**
 * `jobs.list`: one page of job summaries, filtered by state and by a name search, in one of three
 * orders. Each page costs an index range whatever the offset, because the cursor is where the page
 * before ended, in the order's own key:
 * - `queue`: the position (sort key) — the position index;
 * - `newest`: the rowid, which only grows (creation order: a rebuild inserts jobs in order of creation
 *   too) — the table itself, read backwards; filtered by state, each state's newest from the
 *   jobs_by_status_newest index (the state, then the rowid), merged;
 * - `status`: the state's place in the lifecycle, then the rowid, read one state at a time from the
 *   same index.
 * So a page never sorts a whole state's jobs.
 */
import {
  contractError,
  jobStatuses,
  type JobListPage,
  type JobListQuery,
  type JobStatus,
} from '../../../shared/contract';
import { HandlerError } from '../contract/dispatcher';
import { rowToSummary, summaryColumns, type JobRow } from './job-rows';
import type { PreparedSql } from './statement-cache';

type Sort = NonNullable<JobListQuery['sort']>;
type OrderedRow = JobRow & { list_key: number };

interface Filter {
  where: string;
  params: unknown[];
}

/** Where a page starts: after this key (and, by state, in this state's place). */
interface Cursor {
  stateIndex: number;
  key: number;
}

export function createJobListQuery(sql: PreparedSql): (query: JobListQuery) => JobListPage {
  return (query) => {
    const limit = query.limit ?? 50;
    const sort: Sort = query.sort ?? 'queue';
    const filter = filterOf(query);
    const total = (
      sql(`SELECT COUNT(*) AS n FROM jobs WHERE ${filter.where}`).get(...filter.params) as { n: number }
    ).n;
    const cursor = query.cursor === undefined ? null : readCursor(sort, query.cursor);
    // One row more than the page: whether there is a next page, without a second count.
    const rows =
      sort === 'status'
        ? byStatus(sql, filter, query.statuses, cursor, limit + 1)
        : sort === 'newest' && query.statuses
          ? newestOfStates(sql, filter, query.statuses, cursor, limit + 1)
          : ordered(sql, filter, sort, cursor, limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(rowToSummary),
      total,
      nextCursor: rows.length > limit && last ? writeCursor(sort, last) : null,
    };
  };
}

function filterOf(query: JobListQuery): Filter {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.statuses) {
    where.push(`status IN (${query.statuses.map(() => '?').join(', ')})`);
    params.push(...query.statuses);
  }
  if (query.search !== undefined && query.search !== '') {
    where.push("name LIKE ? ESCAPE '\\'");
    params.push(`%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  return { where: where.length > 0 ? where.join(' AND ') : '1', params };
}

function ordered(
  sql: PreparedSql,
  filter: Filter,
  sort: 'queue' | 'newest',
  cursor: Cursor | null,
  count: number,
): OrderedRow[] {
  const key = sort === 'queue' ? 'position' : 'rowid';
  const direction = sort === 'queue' ? 'ASC' : 'DESC';
  const after = cursor === null ? '' : ` AND ${key} ${sort === 'queue' ? '>' : '<'} ?`;
  const params = cursor === null ? filter.params : [...filter.params, cursor.key];
  return sql(
    `SELECT ${key} AS list_key, ${summaryColumns} FROM jobs WHERE ${filter.where}${after} ` +
      `ORDER BY ${key} ${direction} LIMIT ?`,
  ).all(...params, count) as OrderedRow[];
}

/** One state's newest jobs after the cursor's key (an index range of jobs_by_status_newest). */
function newestIn(
  sql: PreparedSql,
  filter: Filter,
  status: JobStatus,
  beforeKey: number | null,
  count: number,
): OrderedRow[] {
  const after = beforeKey === null ? '' : ' AND rowid < ?';
  const params = beforeKey === null ? [status] : [status, beforeKey];
  return sql(
    `SELECT rowid AS list_key, ${summaryColumns} FROM jobs ` +
      `WHERE status = ?${after} AND ${filter.where} ORDER BY rowid DESC LIMIT ?`,
  ).all(...params, ...filter.params, count) as OrderedRow[];
}

/** Newest first among some states: each state's newest, merged. */
function newestOfStates(
  sql: PreparedSql,
  filter: Filter,
  statuses: readonly JobStatus[],
  cursor: Cursor | null,
  count: number,
): OrderedRow[] {
  return statuses
    .flatMap((status) => newestIn(sql, filter, status, cursor?.key ?? null, count))
    .sort((a, b) => b.list_key - a.list_key)
    .slice(0, count);
}

/** State after state in lifecycle order, newest first within each, until the page is full. */
function byStatus(
  sql: PreparedSql,
  filter: Filter,
  statuses: readonly JobStatus[] | undefined,
  cursor: Cursor | null,
  count: number,
): OrderedRow[] {
  const rows: OrderedRow[] = [];
  for (let index = cursor?.stateIndex ?? 0; index < jobStatuses.length && rows.length < count; index++) {
    const status = jobStatuses[index] as JobStatus;
    if (statuses && !statuses.includes(status)) continue;
    const beforeKey = cursor !== null && index === cursor.stateIndex ? cursor.key : null;
    rows.push(...newestIn(sql, filter, status, beforeKey, count - rows.length));
  }
  return rows;
}

const cursorPatterns: Record<Sort, RegExp> = {
  queue: /^(-?\d{1,17})$/,
  newest: /^n(\d{1,17})$/,
  status: /^s(\d):(\d{1,17})$/,
};

function readCursor(sort: Sort, text: string): Cursor {
  const match = cursorPatterns[sort].exec(text);
  const stateIndex = sort === 'status' ? Number(match?.[1]) : 0;
  if (!match || stateIndex >= jobStatuses.length) {
    throw new HandlerError(
      contractError(
        'invalid_payload',
        `The cursor is not one this host gave out for the "${sort}" order; start from the first page.`,
        [{ path: 'cursor', message: `is not a cursor of jobs.list sorted by ${sort}` }],
      ),
    );
  }
  return { stateIndex, key: Number(match[sort === 'status' ? 2 : 1]) };
}

function writeCursor(sort: Sort, row: OrderedRow): string {
  if (sort === 'queue') return String(row.list_key);
  if (sort === 'newest') return `n${row.list_key}`;
  return `s${jobStatuses.indexOf(row.status as JobStatus)}:${row.list_key}`;
}
