/**
 * `jobs.list`: one page of job summaries in queue order, filtered by state and by a name search. The
 * cursor is the last position of the page before, so a page costs an index range whatever the offset.
 */
import { contractError, type JobListPage, type JobListQuery } from '../../../shared/contract';
import { HandlerError } from '../contract/dispatcher';
import { rowToSummary, summaryColumns, type JobRow } from './job-rows';
import type { PreparedSql } from './statement-cache';

export function createJobListQuery(sql: PreparedSql): (query: JobListQuery) => JobListPage {
  return (query) => {
    const limit = query.limit ?? 50;
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
    const filter = where.length > 0 ? where.join(' AND ') : '1';
    const total = (sql(`SELECT COUNT(*) AS n FROM jobs WHERE ${filter}`).get(...params) as { n: number }).n;
    let paged = filter;
    const pageParams = [...params];
    if (query.cursor !== undefined) {
      if (!/^-?\d{1,17}$/.test(query.cursor)) {
        throw new HandlerError(
          contractError(
            'invalid_payload',
            'The cursor is not one this host gave out; start from the first page.',
            [{ path: 'cursor', message: 'is not a cursor of jobs.list' }],
          ),
        );
      }
      paged = `${filter} AND position > ?`;
      pageParams.push(Number(query.cursor));
    }
    // One row more than the page: whether there is a next page, without a second count.
    const rows = sql(`SELECT ${summaryColumns} FROM jobs WHERE ${paged} ORDER BY position LIMIT ?`).all(
      ...pageParams,
      limit + 1,
    ) as JobRow[];
    const items = rows.slice(0, limit).map(rowToSummary);
    const last = items[items.length - 1];
    return { items, total, nextCursor: rows.length > limit && last ? String(last.position) : null };
  };
}
