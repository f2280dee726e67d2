import type { Handlers } from '../contract/dispatcher';
import type { EventBus } from '../events/event-bus';
import type { JobQueue } from './job-queue';

type QueueChannels = Extract<keyof Handlers, `queue.${string}`>;

/** The queue.* channels (the jobs.* ones are in jobs-handlers.ts). */
export function createQueueHandlers(queue: JobQueue): Pick<Handlers, QueueChannels> {
  return {
    'queue.pause': () => queue.pause(),
    'queue.resume': () => queue.resume(),
    'queue.state': () => queue.state(),
  };
}

/** The queue's changes reach every client as job.updated and queue.changed. */
export function publishQueueChanges(queue: JobQueue, events: EventBus): void {
  queue.onChange((change) => {
    if (change.kind === 'job') events.emit('job.updated', change.job);
    else events.emit('queue.changed', change.state);
  });
}
