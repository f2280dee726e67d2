/**
 * What queue.changed says of a move: the job, its sort key before and after, and the jobs it now stands
 * between (two lookups on the position index), so a client moves one row instead of listing again.
 */
import type { QueueMove } from '../../../shared/contract';
import type { PreparedSql } from './statement-cache';

export function describeMove(sql: PreparedSql, id: string, from: number, to: number): QueueMove {
  const after = sql('SELECT id FROM jobs WHERE position < ? ORDER BY position DESC LIMIT 1').get(to) as
    { id: string } | undefined;
  const before = sql('SELECT id FROM jobs WHERE position > ? ORDER BY position LIMIT 1').get(to) as
    { id: string } | undefined;
  return { id, from, to, after: after?.id ?? null, before: before?.id ?? null };
}
