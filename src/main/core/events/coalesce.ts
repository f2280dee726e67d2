/**
 * What a client too slow to take everything still gets. Every event but job.log is a snapshot of
 * something (a job's summary, its progress, the queue, the settings, a GPU sample, a dataset), so
 * only the newest one per thing is kept while the client catches up; job.log lines are never held —
 * they become one gap marker and the client reads them back with logs.read.
 */
import type { EventName } from '../../../shared/contract';

/** The thing an event is a snapshot of: a later event with the same key replaces an earlier one. */
export function coalesceKey(event: EventName, payload: unknown): string {
  const fields = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  // A string switch: events another domain adds later (job.artifact) are named before they are merged.
  switch (event as string) {
    case 'queue.changed':
      // The reason matters to the client (an order change means: fetch the list again).
      return `${event}:${part(fields.reason)}`;
    case 'job.updated':
    case 'dataset.scanned':
    case 'dataset.scanProgress':
      return `${event}:${part(fields.id)}`;
    case 'job.progress':
      return `${event}:${part(fields.jobId)}`;
    case 'job.artifact': {
      // Not a snapshot: each artifact is news, so one per file (a job saves tens, not thousands).
      const artifact = (fields.artifact ?? {}) as Record<string, unknown>;
      return `${event}:${part(fields.jobId)}:${part(artifact.path)}`;
    }
    default: {
      // An event added later: one per job or item it names, else the newest of its kind.
      const id = fields.jobId ?? fields.id;
      return id === undefined ? event : `${event}:${part(id)}`;
    }
  }
}

function part(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}
