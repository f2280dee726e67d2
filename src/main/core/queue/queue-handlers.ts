import type { Handlers } from '../contract/dispatcher';
import type { EventBus } from '../events/event-bus';
import type { JobQueue } from './job-queue';

// jobs.artifacts, jobs.save, jobs.stopAndSave and jobs.waitReasons are the supervisor's.
type QueueChannels = Exclude<
  Extract<keyof Handlers, `jobs.${string}` | `queue.${string}`>,
  'jobs.artifacts' | 'jobs.save' | 'jobs.stopAndSave' | 'jobs.waitReasons'
>;

/** The jobs.* and queue.* channels; the queue's changes reach every client as job.updated / queue.changed. */
export function createQueueHandlers(queue: JobQueue, events: EventBus): Pick<Handlers, QueueChannels> {
  queue.onChange((change) => {
    if (change.kind === 'job') events.emit('job.updated', change.job);
    else events.emit('queue.changed', change.state);
  });
  return {
    'jobs.enqueue': (request) => queue.enqueue(request),
    'jobs.replace': (request) => queue.replace(request),
    'jobs.list': (request) => queue.list(request),
    'jobs.get': ({ id }) => queue.get(id),
    'jobs.metrics': (request) => queue.metrics(request),
    'jobs.reorder': ({ id, to }) => queue.reorder(id, to),
    'jobs.cancel': ({ id }) => queue.cancel(id),
    'jobs.retry': ({ id, resume }) => queue.retry(id, resume ?? false),
    'jobs.hold': ({ id }) => queue.hold(id),
    'jobs.release': ({ id }) => queue.release(id),
    'jobs.delete': ({ id, removeRunFolder }) => queue.delete(id, removeRunFolder ?? false),
    'queue.pause': () => queue.pause(),
    'queue.resume': () => queue.resume(),
    'queue.state': () => queue.state(),
  };
}
