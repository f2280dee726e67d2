/**
 * The queue's filter and search as they live in the address (`#/queue?state=failed&q=lora`): parsed
 * from whatever the address holds, and turned into the jobs.list query the list reads.
 */
import { activeJobStatuses, type JobStatus } from '../../../../shared/contract';
import type { JobsFilter } from '../../api/live-state';

/** The state groups a user filters by, in the order the filter shows them. */
export const stateGroups = ['all', 'active', 'waiting', 'succeeded', 'ended', 'canceled'] as const;
export type StateGroup = (typeof stateGroups)[number];

export const stateGroupLabels: Record<StateGroup, string> = {
  all: 'All',
  active: 'Active',
  waiting: 'Waiting',
  succeeded: 'Succeeded',
  ended: 'Failed or interrupted',
  canceled: 'Canceled',
};

const groupStatuses: Record<Exclude<StateGroup, 'all'>, JobStatus[]> = {
  active: [...activeJobStatuses],
  waiting: ['queued', 'held'],
  succeeded: ['succeeded'],
  ended: ['failed', 'interrupted'],
  canceled: ['canceled'],
};

/** What the address says; absent fields are the defaults (all states, no search), kept out of the URL. */
export interface QueueSearch {
  state?: Exclude<StateGroup, 'all'>;
  q?: string;
  /** The selected job's id. */
  job?: string;
}

const maxSearch = 200;

/** The route's validateSearch: anything unknown or malformed in the address falls back to the default. */
export function validateQueueSearch(raw: Record<string, unknown>): QueueSearch {
  const search: QueueSearch = {};
  const state = raw.state;
  if (typeof state === 'string' && state !== 'all' && (stateGroups as readonly string[]).includes(state)) {
    search.state = state as Exclude<StateGroup, 'all'>;
  }
  // A number-looking search ("?q=42") arrives parsed as a number.
  const q = typeof raw.q === 'number' ? String(raw.q) : raw.q;
  if (typeof q === 'string' && q.trim() !== '') search.q = q.slice(0, maxSearch);
  if (typeof raw.job === 'string' && raw.job !== '') search.job = raw.job;
  return search;
}

/** The jobs.list query for what the address says: always in queue order. */
export function jobsFilterOf(search: QueueSearch): JobsFilter {
  const filter: JobsFilter = { sort: 'queue' };
  if (search.state) filter.statuses = groupStatuses[search.state];
  const q = search.q?.trim();
  if (q) filter.search = q;
  return filter;
}
