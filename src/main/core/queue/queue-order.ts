/**
 * The order of the queue in the jobs table: keys for new jobs and moved jobs, found with index lookups
 * near the place, with the keys nearby spread out when a gap is used up (the maths: queue-positions.ts).
 * Every function here runs inside the caller's transaction.
 */
import type { Job, ReorderTarget } from '../../../shared/contract';
import { waitingStatuses } from './job-states';
import {
  maxRangeLevel,
  positionBetween,
  positionGap,
  rangeAround,
  roomInRange,
  spreadPositions,
} from './queue-positions';
import type { PreparedSql } from './statement-cache';

export interface QueueOrder {
  /** A key after every job (a new job goes last). */
  endPosition: () => number;
  /** A key before every waiting job, for a new job `newId` (a retry when retries go first); else last. */
  firstWaitingPosition: (newId: string) => number;
  /** A key just before (or after) the anchor job, skipping the job being moved; spreads keys if needed. */
  positionNextTo: (anchorId: string, side: 'before' | 'after', movingId: string) => number;
  /**
   * Moves a waiting job among the waiting jobs (`before` names an existing job other than it) and
   * returns it with its new key (stamped with `now`), or the same object where it is already there.
   */
  move: (job: Job, to: ReorderTarget, now: () => string) => Job;
}

type Anchor = { id: string; position: number };

export function createQueueOrder(sql: PreparedSql): QueueOrder {
  const positionOf = (id: string): number =>
    (sql('SELECT position FROM jobs WHERE id = ?').get(id) as Anchor).position;
  const maxPosition = (): number | null =>
    (sql('SELECT MAX(position) AS position FROM jobs').get() as { position: number | null }).position;
  const neighbour = (position: number, side: 'before' | 'after', excludeId: string): Anchor | undefined =>
    sql(
      side === 'before'
        ? 'SELECT id, position FROM jobs WHERE position < ? AND id != ? ORDER BY position DESC LIMIT 1'
        : 'SELECT id, position FROM jobs WHERE position > ? AND id != ? ORDER BY position LIMIT 1',
    ).get(position, excludeId) as Anchor | undefined;
  /** The nearest waiting job on one side (each lookup walks the (status, position) index). */
  const waitingNeighbour = (position: number, side: 'before' | 'after'): Anchor | undefined => {
    const found = waitingStatuses
      .map(
        (status) =>
          sql(
            side === 'before'
              ? 'SELECT id, position FROM jobs WHERE status = ? AND position < ? ORDER BY position DESC LIMIT 1'
              : 'SELECT id, position FROM jobs WHERE status = ? AND position > ? ORDER BY position LIMIT 1',
          ).get(status, position) as Anchor | undefined,
      )
      .filter((a): a is Anchor => a !== undefined);
    found.sort((a, b) => (side === 'before' ? b.position - a.position : a.position - b.position));
    return found[0];
  };
  /**
   * No key is left just after `key`: spreads out the keys of the smallest aligned range around it that
   * is sparse enough, leaving an empty slot after `key` for the job being moved (which is set aside).
   * Rows are rewritten through keys above every key in use (the column is unique).
   */
  const respreadAfter = (key: number, movingId: string): void => {
    for (let level = 1; level <= maxRangeLevel; level++) {
      const { low, high } = rangeAround(key, level);
      const { n } = sql(
        'SELECT COUNT(*) AS n FROM jobs WHERE position >= ? AND position < ? AND id != ?',
      ).get(low, high, movingId) as { n: number };
      if (!roomInRange(n + 1, level)) continue;
      const rows = sql(
        'SELECT id, position FROM jobs WHERE position >= ? AND position < ? AND id != ? ORDER BY position',
      ).all(low, high, movingId) as Anchor[];
      const emptySlot = rows.filter((row) => row.position <= key).length;
      const fresh = spreadPositions(low, high, rows.length, emptySlot);
      const set = sql('UPDATE jobs SET position = ? WHERE id = ?');
      let spare = (maxPosition() ?? 0) + 1;
      set.run(spare++, movingId);
      for (const row of rows) set.run(spare++, row.id);
      rows.forEach((row, i) => set.run(fresh[i], row.id));
      return;
    }
    throw new Error('no queue position left after spreading the keys out');
  };
  const positionNextTo = (anchorId: string, side: 'before' | 'after', movingId: string): number => {
    for (let round = 0; round < 2; round++) {
      const anchor = positionOf(anchorId);
      const other = neighbour(anchor, side, movingId)?.position ?? null;
      const key = side === 'before' ? positionBetween(other, anchor) : positionBetween(anchor, other);
      if (key !== null) return key;
      // Both neighbours exist here (an open side always has room): the lower one is the gap's start.
      respreadAfter(side === 'before' ? (other ?? anchor) : anchor, movingId);
    }
    throw new Error('no queue position left after spreading the keys out');
  };
  const endPosition = (): number => positionBetween(maxPosition(), null) ?? positionGap;

  /** The key the job moves to, or null where it stays. */
  const targetKey = (job: Job, to: ReorderTarget): number | null => {
    if (to === 'top') {
      const first = waitingNeighbour(Number.MIN_SAFE_INTEGER, 'after');
      return first && first.id !== job.id ? positionNextTo(first.id, 'before', job.id) : null;
    }
    if (to === 'bottom') {
      const max = maxPosition();
      return max !== null && max > job.position ? endPosition() : null;
    }
    if (to === 'up') {
      const previous = waitingNeighbour(job.position, 'before');
      return previous ? positionNextTo(previous.id, 'before', job.id) : null;
    }
    if (to === 'down') {
      const next = waitingNeighbour(job.position, 'after');
      return next ? positionNextTo(next.id, 'after', job.id) : null;
    }
    return positionNextTo(to.before, 'before', job.id);
  };

  const firstWaitingPosition = (newId: string): number => {
    const first = waitingNeighbour(Number.MIN_SAFE_INTEGER, 'after');
    return first ? positionNextTo(first.id, 'before', newId) : endPosition();
  };

  return {
    endPosition,
    firstWaitingPosition,
    positionNextTo,
    move: (job, to, now) => {
      const key = targetKey(job, to);
      if (key === null) return job;
      const updatedAt = now();
      sql('UPDATE jobs SET position = ?, updated_at = ? WHERE id = ?').run(key, updatedAt, job.id);
      return { ...job, position: key, updatedAt };
    },
  };
}
