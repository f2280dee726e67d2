/** Why each waiting job has not started (jobs.waitReasons), kept current by queue.waitReasons. */
import { useMemo } from 'react';
import type { WaitReasons } from '../../../../shared/contract';
import { liveRequest, on } from './live-spec';
import { useLive } from './use-live';

// Each event carries the whole answer again, so it simply replaces what is held.
export const waitReasonsSpec = liveRequest('jobs.waitReasons', {}, [
  on('queue.waitReasons', (_held: WaitReasons, next) => next),
]);

/** Job id → the sentence why it waits; empty until the first answer is in. */
export function useWaitReasons(): ReadonlyMap<string, string> {
  const { data } = useLive(waitReasonsSpec);
  return useMemo(() => new Map((data?.items ?? []).map((item) => [item.jobId, item.reason])), [data]);
}
