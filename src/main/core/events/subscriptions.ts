/**
 * The one registry of who watches what. Every transport (the event socket, the Electron IPC router,
 * through it the preload) forwards its clients' `{event, params}` here, so:
 * - delivery is filtered by params (job.log reaches only the clients following that job);
 * - the core knows how many watch each event (`onWatchersChanged`: the GPU sampler samples every 2 s
 *   only while someone watches `gpu.stats`);
 * - a job.log subscription with `fromLine` first gets the lines from there (read from the display log),
 *   then the live ones, with no gap and none twice: a reconnecting client resumes from its last line;
 * - a slow client never makes the host buffer without bound: past `maxQueuedBytes` queued towards it,
 *   its job.log lines are dropped for one gap marker (it reads them back with logs.read) and its other
 *   events are coalesced to the newest per thing, or merged where each is news (job.metrics points,
 *   queue moves; see coalesce.ts), until it has caught up.
 */
import type { ContractError, EventName, JobLogEvent, Unsubscribe } from '../../../shared/contract';
import { coalesceKey, mergeHeld } from './coalesce';
import type { EventBus } from './event-bus';
import { createSubscriptionChecker, filterOf, passesFilter } from './subscription-params';

/** The client's own name for one of its subscriptions (echoed on each of its events). */
export type SubscriptionId = number | string;

/** What the registry needs of one client's transport. */
export interface ClientLink {
  /** Frame and send one event of one subscription. */
  send(subscription: SubscriptionId, event: EventName, payload: unknown): void;
  /** Bytes handed to the transport that the client has not taken yet (ws.bufferedAmount; IPC: sent − acknowledged). */
  queuedBytes(): number;
}

export interface LogPage {
  lines: JobLogEvent['lines'];
  partial: JobLogEvent['partial'];
  totalLines: number;
}

/** Lines [fromLine, fromLine + count) of a job's display log (logs.read without its schema check). */
export type ReadLog = (jobId: string, fromLine: number, count: number) => LogPage;

export interface IntervalTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface SubscriptionRegistryOptions {
  events: EventBus;
  /** Where job.log resumes read from; without it a job.log subscription is live only. */
  readLog?: ReadLog;
  /** Per client: past this many queued bytes, the client is "behind" (default 2 MiB). */
  maxQueuedBytes?: number;
  /** A behind client gets what was held back once its queue is down to a quarter of the bound. */
  drainCheckMs?: number;
  /** Most lines per job.log event when resuming. */
  replayPageLines?: number;
  timers?: IntervalTimers;
  onError?: (error: unknown) => void;
}

export type SubscribeResult = { ok: true } | { ok: false; error: ContractError };

export interface RegistryClient {
  /** Checks `{event, params}`; a subscription with the same id is replaced. */
  subscribe(id: SubscriptionId, event: unknown, params?: unknown): SubscribeResult;
  unsubscribe(id: SubscriptionId): void;
  /** The client went away: all its subscriptions end. */
  close(): void;
}

export interface SubscriptionRegistry {
  connect(link: ClientLink): RegistryClient;
  /** Subscriptions to `event`; with a sample payload, only those it would reach (`{jobId}` for job.log). */
  watchers(event: EventName, payload?: unknown): number;
  /**
   * Called with the number of subscriptions to an event whenever it changes, and when one of them is
   * replaced (same id, other params: it may now reach another job).
   */
  onWatchersChanged(listener: (event: EventName, count: number) => void): Unsubscribe;
  close(): void;
}

export const defaultMaxQueuedBytes = 2 * 1024 * 1024;

interface LogCursor {
  jobId: string;
  /** The next line this client should get; null until the first batch of a live-only subscription. */
  next: number | null;
  /** First line the client missed while behind (null: no gap open). */
  gapFrom: number | null;
  partial: JobLogEvent['partial'];
}

interface Subscription {
  id: SubscriptionId;
  event: EventName;
  filter: [string, unknown][];
  client: Client;
  log: LogCursor | null;
}

interface Client {
  link: ClientLink;
  subs: Map<SubscriptionId, Subscription>;
  /** Behind: everything waits (job.log as a gap, the rest coalesced) until the queue drains. */
  behind: boolean;
  held: Map<string, { sub: Subscription; event: EventName; payload: unknown }>;
}

const realTimers: IntervalTimers = {
  setInterval: (callback, ms) => setInterval(callback, ms).unref(),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

export function createSubscriptionRegistry(options: SubscriptionRegistryOptions): SubscriptionRegistry {
  const maxQueued = options.maxQueuedBytes ?? defaultMaxQueuedBytes;
  const drainedAt = maxQueued / 4;
  const pageLines = options.replayPageLines ?? 2000;
  const timers = options.timers ?? realTimers;
  const onError = options.onError ?? (() => {});
  const check = createSubscriptionChecker();
  const byEvent = new Map<EventName, Set<Subscription>>();
  const counts = new Map<EventName, number>();
  const watcherListeners = new Set<(event: EventName, count: number) => void>();
  const behind = new Set<Client>();
  let drainTimer: unknown = null;

  const notify = (event: EventName, replaced = false): void => {
    const count = byEvent.get(event)?.size ?? 0;
    if ((counts.get(event) ?? 0) === count && !replaced) return;
    counts.set(event, count);
    for (const listener of [...watcherListeners]) {
      try {
        listener(event, count);
      } catch (error) {
        onError(error);
      }
    }
  };

  const over = (client: Client): boolean => client.link.queuedBytes() >= maxQueued;

  const fallBehind = (client: Client): void => {
    client.behind = true;
    behind.add(client);
    drainTimer ??= timers.setInterval(checkDrained, options.drainCheckMs ?? 100);
  };

  const sendLog = (sub: Subscription, event: JobLogEvent): void =>
    sub.client.link.send(sub.id, 'job.log', event);

  /** Sends the lines [cursor.next, upTo) from the display log, page by page, while the client keeps up. */
  const catchUp = (sub: Subscription, cursor: LogCursor, upTo: number, withPartial: boolean): void => {
    const read = options.readLog;
    if (!read || cursor.next === null) return;
    for (;;) {
      const from: number = cursor.next;
      if (over(sub.client)) {
        fallBehind(sub.client);
        cursor.gapFrom ??= from;
        // The gap's end is settled when the client has caught up (the log may grow meanwhile).
        if (Number.isFinite(upTo)) cursor.next = Math.max(from, upTo);
        return;
      }
      const page = read(cursor.jobId, from, Math.max(0, Math.min(pageLines, upTo - from)));
      // A client that claims more lines than the log has starts at its end.
      const start = Math.min(from, page.totalLines);
      const end = start + page.lines.length;
      const last = end >= Math.min(upTo, page.totalLines) || page.lines.length === 0;
      if (page.lines.length > 0 || (last && withPartial)) {
        sendLog(sub, {
          jobId: cursor.jobId,
          fromLine: start,
          lines: page.lines,
          partial: last && withPartial ? page.partial : [],
        });
      }
      cursor.next = end;
      if (last) return;
    }
  };

  const deliverLog = (sub: Subscription, cursor: LogCursor, batch: JobLogEvent): void => {
    const end = batch.fromLine + batch.lines.length;
    if (sub.client.behind || over(sub.client)) {
      fallBehind(sub.client);
      cursor.gapFrom ??= cursor.next ?? batch.fromLine;
      cursor.next = Math.max(cursor.next ?? end, end);
      cursor.partial = batch.partial;
      return;
    }
    cursor.next ??= batch.fromLine;
    // Lines this client has not had yet between what it got and this batch: read them first.
    if (batch.fromLine > cursor.next) catchUp(sub, cursor, batch.fromLine, false);
    if (cursor.gapFrom !== null) {
      cursor.next = Math.max(cursor.next, end);
      cursor.partial = batch.partial;
      return;
    }
    const skip = Math.min(Math.max(0, cursor.next - batch.fromLine), batch.lines.length);
    cursor.next = Math.max(cursor.next, end);
    cursor.partial = batch.partial;
    // Every line of it was sent already (by the resume): nothing new.
    if (skip > 0 && skip === batch.lines.length) return;
    sendLog(
      sub,
      skip === 0 ? batch : { ...batch, fromLine: batch.fromLine + skip, lines: batch.lines.slice(skip) },
    );
  };

  const deliver = (sub: Subscription, event: EventName, payload: unknown): void => {
    if (sub.log) {
      deliverLog(sub, sub.log, payload as JobLogEvent);
      return;
    }
    const client = sub.client;
    if (client.behind || over(client)) {
      fallBehind(client);
      // Newest per thing (or news merged, coalesce.ts); a re-set key keeps its first place, so the
      // order of things is kept.
      const key = `${String(sub.id)}\u0000${coalesceKey(event, payload)}`;
      const earlier = client.held.get(key);
      client.held.set(key, {
        sub,
        event,
        payload: earlier ? mergeHeld(event, earlier.payload, payload) : payload,
      });
      return;
    }
    client.link.send(sub.id, event, payload);
  };

  /** The client has caught up: one gap marker per job.log subscription that missed lines, then what was held. */
  const release = (client: Client): void => {
    client.behind = false;
    behind.delete(client);
    for (const sub of client.subs.values()) {
      const cursor = sub.log;
      if (!cursor || cursor.gapFrom === null) continue;
      const gapFrom = cursor.gapFrom;
      cursor.gapFrom = null;
      // Lines written while the client was behind but never announced to it are part of the gap too.
      const total = options.readLog?.(cursor.jobId, cursor.next ?? gapFrom, 0).totalLines ?? 0;
      const toLine = Math.max(cursor.next ?? gapFrom, total, gapFrom);
      cursor.next = toLine;
      if (toLine > gapFrom) {
        sendLog(sub, {
          jobId: cursor.jobId,
          fromLine: toLine,
          lines: [],
          partial: cursor.partial,
          gap: { fromLine: gapFrom, toLine },
        });
      }
    }
    const held = [...client.held.values()];
    client.held.clear();
    for (const { sub, event, payload } of held) {
      if (client.subs.get(sub.id) === sub) client.link.send(sub.id, event, payload);
    }
  };

  function checkDrained(): void {
    for (const client of [...behind]) {
      try {
        if (client.link.queuedBytes() <= drainedAt) release(client);
      } catch (error) {
        onError(error);
      }
    }
    if (behind.size === 0 && drainTimer !== null) {
      timers.clearInterval(drainTimer);
      drainTimer = null;
    }
  }

  const stopListening = options.events.subscribeAll((event, payload) => {
    const subs = byEvent.get(event);
    if (!subs || subs.size === 0) return;
    for (const sub of [...subs]) {
      if (!passesFilter(sub.filter, payload)) continue;
      // One client's failing transport never stops the others.
      try {
        deliver(sub, event, payload);
      } catch (error) {
        onError(error);
      }
    }
  });

  const remove = (sub: Subscription): void => {
    sub.client.subs.delete(sub.id);
    byEvent.get(sub.event)?.delete(sub);
  };

  return {
    connect(link) {
      const client: Client = { link, subs: new Map(), behind: false, held: new Map() };
      let closed = false;
      return {
        subscribe(id, event, params) {
          if (closed) return { ok: true };
          const checked = check(event, params);
          if (!checked.ok) return checked;
          const previous = client.subs.get(id);
          if (previous) remove(previous);
          const fromLine = checked.params.fromLine;
          const sub: Subscription = {
            id,
            event: checked.event,
            filter: filterOf(checked.params),
            client,
            log:
              checked.event === 'job.log'
                ? {
                    jobId: String(checked.params.jobId),
                    next: typeof fromLine === 'number' ? fromLine : null,
                    gapFrom: null,
                    partial: [],
                  }
                : null,
          };
          client.subs.set(id, sub);
          const set = byEvent.get(sub.event) ?? new Set();
          byEvent.set(sub.event, set);
          set.add(sub);
          if (sub.log && sub.log.next !== null) catchUp(sub, sub.log, Infinity, true);
          if (previous && previous.event !== sub.event) notify(previous.event);
          notify(sub.event, previous?.event === sub.event);
          return { ok: true };
        },
        unsubscribe(id) {
          const sub = client.subs.get(id);
          if (!sub) return;
          remove(sub);
          notify(sub.event);
        },
        close() {
          if (closed) return;
          closed = true;
          const events = new Set([...client.subs.values()].map((sub) => sub.event));
          for (const sub of [...client.subs.values()]) remove(sub);
          client.held.clear();
          behind.delete(client);
          for (const event of events) notify(event);
        },
      };
    },
    watchers(event, payload) {
      const subs = [...(byEvent.get(event) ?? [])];
      return payload === undefined
        ? subs.length
        : subs.filter((sub) => passesFilter(sub.filter, payload)).length;
    },
    onWatchersChanged(listener) {
      watcherListeners.add(listener);
      return () => watcherListeners.delete(listener);
    },
    close() {
      stopListening();
      if (drainTimer !== null) timers.clearInterval(drainTimer);
      drainTimer = null;
      behind.clear();
    },
  };
}
