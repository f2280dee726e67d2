/** queue.state kept current: queue.changed carries the whole state; job.updated moves a count. */
import type { QueueChanged, QueueState } from '../../../../shared/contract';
import type { Applied } from './live-spec';

export function applyQueueChanged(current: QueueState, change: QueueChanged): QueueState {
  const next = { paused: change.paused, pausedAt: change.pausedAt, counts: change.counts };
  return JSON.stringify(next) === JSON.stringify(current) ? current : next;
}

/** A job changed state, and the event does not say which it left: the counts are read again. */
export function applyJobUpdatedToQueueState(): Applied<QueueState> {
  return 'refetch';
}
