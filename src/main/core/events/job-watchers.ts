/**
 * Who watches a job: a subscriber that its job.log, job.progress, job.artifact, job.metrics or
 * job.stalled events would reach.
 * The supervisor reads the logs of a job nobody watches at a slow cadence, and goes back to the
 * 50 ms batches the moment someone subscribes.
 */
import type { EventName, Unsubscribe } from '../../../shared/contract';
import type { SubscriptionRegistry } from './subscriptions';

/** The events a running job's follower produces. */
export const jobEvents: readonly EventName[] = [
  'job.log',
  'job.progress',
  'job.artifact',
  'job.metrics',
  'job.stalled',
];

export interface JobWatchers {
  isWatched(jobId: string): boolean;
  /** Whether someone would get this job's job.metrics events (they are built only then). */
  wantsMetrics(jobId: string): boolean;
  /** Whether someone subscribes to queue.waitReasons (the whole queue is planned only then). */
  wantsWaitReasons(): boolean;
  /** Called when a subscription to one of the job events or to queue.waitReasons came, went or was replaced. */
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
    wantsMetrics: (jobId) => registry.watchers('job.metrics', { jobId }) > 0,
    wantsWaitReasons: () => registry.watchers('queue.waitReasons') > 0,
    onChange(listener) {
      return registry.onWatchersChanged((event) => {
        if (jobEvents.includes(event) || event === 'queue.waitReasons') listener();
      });
    },
  };
}
