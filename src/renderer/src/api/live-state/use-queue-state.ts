/** Whether the queue is paused and how many jobs are in each state, kept current. */
import type { QueueState } from '../../../../shared/contract';
import { applyJobUpdatedToQueueState, applyQueueChanged } from './apply-queue-state';
import { liveRequest, on } from './live-spec';
import { useLive, type Live } from './use-live';

export const queueStateSpec = liveRequest('queue.state', {}, [
  on('queue.changed', applyQueueChanged),
  on('job.updated', applyJobUpdatedToQueueState),
]);

export function useQueueState(): Live<QueueState> {
  return useLive(queueStateSpec);
}
