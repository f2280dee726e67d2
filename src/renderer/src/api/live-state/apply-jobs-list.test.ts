import { describe, expect, it } from 'vitest';
import type { JobSummary, QueueChanged } from '../../../../shared/contract';
import {
  appendPage,
  applyJobUpdatedToPages,
  applyQueueChangedToPages,
  type JobsFilter,
  type JobsPages,
} from './apply-jobs-list';

const job = (id: string, position: number, extra: Partial<JobSummary> = {}): JobSummary =>
  ({
    id,
    name: `train ${id}`,
    status: 'queued',
    position,
    createdAt: `2026-01-01T00:00:0${position}.000Z`,
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  }) as JobSummary;
const pages = (
  items: JobSummary[],
  filter: JobsFilter = {},
  nextCursor: string | null = null,
): JobsPages => ({
  filter,
  items,
  total: items.length,
  nextCursor,
});
const ids = (p: JobsPages | 'refetch') => (p === 'refetch' ? p : p.items.map((j) => j.id));
const changed = (extra: Partial<QueueChanged>): QueueChanged =>
  ({ paused: false, pausedAt: null, counts: {}, reason: 'order', ...extra }) as QueueChanged;

describe('a paged job list kept current', () => {
  it('replaces a loaded row with its newer summary, and keeps a newer one against an older event', () => {
    const held = pages([job('a', 1), job('b', 2, { updatedAt: '2026-01-02T00:00:00.000Z' })]);
    const next = applyJobUpdatedToPages(
      held,
      job('a', 1, { status: 'running', updatedAt: '2026-01-01T00:00:01.000Z' }),
    );
    expect(next.items[0]?.status).toBe('running');
    expect(applyJobUpdatedToPages(held, job('b', 2, { status: 'failed' }))).toBe(held);
  });

  it('adds a new job in its place and counts it, once', () => {
    const held = pages([job('a', 1), job('c', 3)]);
    const once = applyJobUpdatedToPages(held, job('b', 2));
    expect(ids(once)).toEqual(['a', 'b', 'c']);
    expect(once.total).toBe(3);
    expect(applyJobUpdatedToPages(once, job('b', 2))).toEqual(once);
  });

  it('drops a row that no longer matches the filter, and leaves rows past the loaded pages alone', () => {
    const held = pages([job('a', 1), job('b', 2)], { statuses: ['queued'] }, 'cursor-2');
    const left = applyJobUpdatedToPages(
      held,
      job('a', 1, { status: 'running', updatedAt: '2026-01-01T00:00:01.000Z' }),
    );
    expect(ids(left)).toEqual(['b']);
    expect(left.total).toBe(1);
    expect(applyJobUpdatedToPages(held, job('z', 9))).toBe(held);
  });

  it('moves rows between their new neighbours, in order, and drops deleted ones', () => {
    const held = pages([job('a', 1), job('b', 2), job('c', 3), job('d', 4)]);
    const next = applyQueueChangedToPages(
      held,
      changed({
        moved: [
          { id: 'd', from: 4, to: 0, after: null, before: 'a' },
          { id: 'a', from: 1, to: 5, after: 'c', before: null },
        ],
        removed: ['b'],
      }),
    );
    expect(ids(next)).toEqual(['d', 'c', 'a']);
    // The same change again (replayed on a snapshot that had it) changes nothing.
    expect(
      ids(
        applyQueueChangedToPages(
          next as JobsPages,
          changed({ moved: [{ id: 'd', from: 4, to: 0, after: null, before: 'a' }] }),
        ),
      ),
    ).toEqual(['d', 'c', 'a']);
  });

  it('reads the list again when a job it does not hold moves in among its rows', () => {
    const held = pages([job('a', 1), job('b', 2)]);
    expect(
      applyQueueChangedToPages(
        held,
        changed({ moved: [{ id: 'x', from: 9, to: 1, after: 'a', before: 'b' }] }),
      ),
    ).toBe('refetch');
  });

  it('joins a next page without doubling a row an event already placed', () => {
    const held = pages([job('a', 1), job('b', 2)], {}, 'c1');
    const next = appendPage(held, { items: [job('b', 2), job('c', 3)], total: 3, nextCursor: null });
    expect(ids(next)).toEqual(['a', 'b', 'c']);
    expect(next.nextCursor).toBeNull();
  });
});
