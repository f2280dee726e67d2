/** A filtered, sorted list of jobs, one page at a time (jobs.list's cursor), kept current by events. */
import { useCallback } from 'react';
import {
  appendPage,
  applyJobUpdatedToPages,
  applyQueueChangedToPages,
  pagesFromFirst,
  type JobsFilter,
  type JobsPages,
} from './apply-jobs-list';
import { on, type LiveSpec } from './live-spec';
import { useLive, type Live } from './use-live';

export const jobsPageSize = 200;

export function jobsSpec(filter: JobsFilter): LiveSpec<JobsPages> {
  return {
    channel: 'jobs.list',
    payload: filter,
    // Read again (after a reconnect) as far as the user had scrolled, in one request.
    load: async (client, held) => {
      const limit = Math.min(500, Math.max(jobsPageSize, held?.items.length ?? 0));
      return pagesFromFirst(filter, await client.request('jobs.list', { ...filter, limit }));
    },
    events: [on('job.updated', applyJobUpdatedToPages), on('queue.changed', applyQueueChangedToPages)],
  };
}

export interface LiveJobs extends Live<JobsPages> {
  /** Reads the next page (no-op when all are loaded). */
  loadMore: () => Promise<void>;
}

export function useJobs(filter: JobsFilter = {}): LiveJobs {
  const live = useLive(jobsSpec(filter));
  const cursor = live.data?.nextCursor ?? null;
  const { extend } = live;
  const filterKey = JSON.stringify(filter);
  const loadMore = useCallback(async () => {
    if (cursor === null) return;
    const query = { ...(JSON.parse(filterKey) as JobsFilter), cursor, limit: jobsPageSize };
    await extend(async (client) => {
      const page = await client.request('jobs.list', query);
      return (held) => (held.nextCursor === cursor ? appendPage(held, page) : held);
    });
  }, [cursor, extend, filterKey]);
  return { ...live, loadMore };
}
