/**
 * Who watches a job: a subscriber that its job.log, job.progress or job.artifact events would reach.
 * The supervisor reads the logs of a job nobody watches at a slow cadence, and goes back to the
 * 50 ms batches the moment someone subscribes.
 */
import type { EventName, Unsubscribe } from '../../../shared/contract';
import type { SubscriptionRegistry } from './subscriptions';

/** The events a running job's follower produces. */
export const jobEvents: readonly EventName[] = ['job.log', 'job.progress', 'job.artifact'];

export interface JobWatchers {
  isWatched(jobId: string): boolean;
  /** Called when a subscription to one of the job events came, went or was replaced. */
  onChange(listener: () => void): Unsubscribe;
}

export function jobWatchersOf(
  registry: Pick<SubscriptionRegistry, 'watchers' | 'onWatchersChanged'>,
): JobWatchers {
  return {
    isWatched(jobId) {
      const sample = { jobId };
      return jobEvents.some((event) => registry.watchers(event, sample) > 0);
    },
    onChange(listener) {
      return registry.onWatchersChanged((event) => {
        if (jobEvents.includes(event)) listener();
      });
    },
  };
}
