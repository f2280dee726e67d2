/**
 * What a client too slow to take everything still gets. Most events are a snapshot of something (a
 * job's summary, its progress, the queue, the settings, a GPU sample, a dataset), so only the newest
 * one per thing is kept while the client catches up. Events that are news rather than snapshots are
 * merged instead, so nothing is lost: job.metrics points are joined into one batch (bounded: the
 * oldest become a gap the client reads back with jobs.metrics), queue.changed keeps every move and
 * deletion. job.log lines are never held — they become one gap marker and the client reads them back
 * with logs.read (subscriptions.ts).
 */
import type { EventName, JobMetricsEvent, QueueChanged } from '../../../shared/contract';

/** Most metric points held for one behind client's subscription before the oldest become a gap. */
export const maxHeldMetricPoints = 20_000;

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
    case 'job.metrics':
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

/** What is held for a key once a later event with it comes: the later one, or both merged. */
export function mergeHeld(
  event: EventName,
  earlier: unknown,
  later: unknown,
  maxPoints = maxHeldMetricPoints,
): unknown {
  switch (event as string) {
    case 'job.metrics':
      return mergeMetrics(earlier as JobMetricsEvent, later as JobMetricsEvent, maxPoints);
    case 'queue.changed':
      return mergeQueueChanges(earlier as QueueChanged, later as QueueChanged);
    default:
      return later;
  }
}

/** Two batches of one job's points as one, in order; a step sent again keeps only its later values. */
export function mergeMetrics(
  earlier: JobMetricsEvent,
  later: JobMetricsEvent,
  maxPoints = maxHeldMetricPoints,
): JobMetricsEvent {
  const points = [...earlier.points];
  for (const point of later.points) {
    if (points.at(-1)?.step === point.step) points.pop();
    points.push(point);
  }
  let gap = joinGaps(earlier.gap, later.gap);
  if (points.length > maxPoints) {
    const dropped = points.splice(0, points.length - maxPoints);
    const first = dropped[0];
    const last = dropped.at(-1);
    if (first && last) gap = joinGaps(gap, { fromStep: first.step, toStep: last.step });
  }
  return { jobId: later.jobId, points, ...(gap ? { gap } : {}) };
}

type Gap = NonNullable<JobMetricsEvent['gap']>;

function joinGaps(a: Gap | undefined, b: Gap | undefined): Gap | undefined {
  if (!a || !b) return a ?? b;
  return { fromStep: Math.min(a.fromStep, b.fromStep), toStep: Math.max(a.toStep, b.toStep) };
}

/** The newest queue state, with every move and deletion of both, in the order they were made. */
function mergeQueueChanges(earlier: QueueChanged, later: QueueChanged): QueueChanged {
  const moved = [...(earlier.moved ?? []), ...(later.moved ?? [])];
  const removed = [...(earlier.removed ?? []), ...(later.removed ?? [])];
  const state: QueueChanged = { ...later };
  delete state.moved;
  delete state.removed;
  return {
    ...state,
    ...(moved.length > 0 ? { moved } : {}),
    ...(removed.length > 0 ? { removed } : {}),
  };
}

function part(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}
