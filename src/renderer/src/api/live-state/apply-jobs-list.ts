/**
 * A paged jobs.list kept current: job.updated replaces, places, adds or drops a row of the loaded
 * pages (by the list's filter and sort); queue.changed moves rows between their new neighbours and
 * drops deleted ones. Rows past the loaded pages are left to the page that loads them; where a change
 * cannot be placed from what is held, the list is read again.
 */
import {
  jobStatuses,
  type JobListPage,
  type JobListQuery,
  type JobSummary,
  type QueueChanged,
} from '../../../../shared/contract';
import type { Applied } from './live-spec';

/** What a list shows: its filter and sort (no cursor, no page size). */
export type JobsFilter = Omit<JobListQuery, 'cursor' | 'limit'>;

export interface JobsPages {
  filter: JobsFilter;
  /** The loaded rows, in the list's order. */
  items: JobSummary[];
  /** How many jobs match the filter, over all pages. */
  total: number;
  /** Where the next page starts; null: every page is loaded. */
  nextCursor: string | null;
}

export function pagesFromFirst(filter: JobsFilter, page: JobListPage): JobsPages {
  return { filter, items: page.items, total: page.total, nextCursor: page.nextCursor };
}

/** A further page joined to the held ones (a row the events already placed is not added twice). */
export function appendPage(current: JobsPages, page: JobListPage): JobsPages {
  const held = new Set(current.items.map((job) => job.id));
  return {
    ...current,
    items: [...current.items, ...page.items.filter((job) => !held.has(job.id))],
    total: page.total,
    nextCursor: page.nextCursor,
  };
}

export function matchesFilter(filter: JobsFilter, job: JobSummary): boolean {
  if (filter.statuses && !filter.statuses.includes(job.status)) return false;
  if (filter.search && !job.name.toLowerCase().includes(filter.search.toLowerCase())) return false;
  return true;
}

/** The list's order (as core/queue/job-list-query.ts sorts): negative when `a` comes first. */
export function compareJobs(sort: JobsFilter['sort'], a: JobSummary, b: JobSummary): number {
  const newest = (): number => (a.createdAt === b.createdAt ? 0 : a.createdAt > b.createdAt ? -1 : 1);
  if (sort === 'newest') return newest();
  if (sort === 'status') {
    const byStatus = jobStatuses.indexOf(a.status) - jobStatuses.indexOf(b.status);
    return byStatus !== 0 ? byStatus : newest();
  }
  return a.position - b.position;
}

/** Where `job` goes among `items`, or null when its place lies past the loaded pages. */
function placeOf(current: JobsPages, items: JobSummary[], job: JobSummary): number | null {
  const at = items.findIndex((other) => compareJobs(current.filter.sort, job, other) < 0);
  if (at >= 0) return at;
  return current.nextCursor === null ? items.length : null;
}

export function applyJobUpdatedToPages(current: JobsPages, job: JobSummary): JobsPages {
  const index = current.items.findIndex((row) => row.id === job.id);
  const heldRow = index >= 0 ? current.items[index] : undefined;
  // An older summary than the one held (a snapshot newer than the event): nothing to do.
  if (heldRow && heldRow.updatedAt > job.updatedAt) return current;
  const matches = matchesFilter(current.filter, job);
  const others = index >= 0 ? current.items.filter((row) => row.id !== job.id) : current.items;
  if (!matches) {
    return heldRow ? { ...current, items: others, total: Math.max(0, current.total - 1) } : current;
  }
  const at = placeOf(current, others, job);
  if (at === null) {
    // Its place is on a page not loaded yet: that page will bring it.
    return heldRow ? { ...current, items: others } : current;
  }
  const items = [...others.slice(0, at), job, ...others.slice(at)];
  return { ...current, items, total: heldRow ? current.total : current.total + 1 };
}

export function applyQueueChangedToPages(current: JobsPages, change: QueueChanged): Applied<JobsPages> {
  let { items, total } = current;
  if (change.removed && change.removed.length > 0) {
    const removed = new Set(change.removed);
    const kept = items.filter((row) => !removed.has(row.id));
    total = Math.max(0, total - (items.length - kept.length));
    items = kept;
  }
  for (const move of change.moved ?? []) {
    const index = items.findIndex((row) => row.id === move.id);
    const row = index >= 0 ? items[index] : undefined;
    if (current.filter.sort !== undefined && current.filter.sort !== 'queue') {
      // Another order: a move changes only the row's sort key.
      if (row) items = items.map((r) => (r.id === move.id ? { ...r, position: move.to } : r));
      continue;
    }
    const others = items.filter((r) => r.id !== move.id);
    const afterAt = move.after === null ? -1 : others.findIndex((r) => r.id === move.after);
    const beforeAt = move.before === null ? others.length : others.findIndex((r) => r.id === move.before);
    let at: number | null;
    if (move.after === null) at = 0;
    else if (afterAt >= 0) at = afterAt + 1;
    else if (move.before === null) at = current.nextCursor === null ? others.length : null;
    else if (beforeAt >= 0) at = beforeAt;
    // Its neighbours are not held (filtered out, or on pages not loaded): its place is unknown here.
    else return row ? 'refetch' : { ...current, items, total };
    if (!row) {
      // A job not held moved in among held rows: its summary (and whether it matches) is not here.
      if (at !== null && (at < others.length || current.nextCursor === null)) return 'refetch';
      continue;
    }
    const moved = { ...row, position: move.to };
    items = at === null ? others : [...others.slice(0, at), moved, ...others.slice(at)];
  }
  return items === current.items && total === current.total ? current : { ...current, items, total };
}
