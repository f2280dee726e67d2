/**
 * One live query's plumbing, outside React: its subscriptions (opened while a view uses it), the
 * events that arrived while a read was in flight, and the reads themselves. The cache (TanStack Query)
 * holds the state; this module decides in which order snapshots and events reach it.
 *
 * The rule: subscribe first, then read. Every event is applied to the held state at once (if there is
 * one) and, while any read is in flight, also logged; a read's answer gets every event logged since it
 * started applied on top, in order, before it reaches the cache. So an event is never applied before
 * its snapshot and never lost under it; applies are idempotent, so one the answer already counted
 * changes nothing.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { DpguiClient, EventName } from '../../../../shared/contract';
import type { Applied, LiveEvent, LiveSpec } from './live-spec';

interface Logged<T> {
  seq: number;
  event: LiveEvent<T>;
  payload: unknown;
}

type Subscribe = (event: EventName, listener: (payload: unknown) => void, params?: unknown) => () => void;

export interface LiveEntry<T> {
  /** A view uses the query: subscribe (the first user). Returns the release. */
  retain: (spec: LiveSpec<T>) => () => void;
  /** The query function: the snapshot with every event since it was asked for applied. */
  load: () => Promise<T>;
  /** A read that adds to the held state (a next page, a gap's lines), under the same ordering rule. */
  extend: (read: (client: DpguiClient) => Promise<(held: T) => Applied<T>>) => Promise<void>;
  /** Replace the held state (what a request answered); the events go on from there. */
  set: (next: T) => void;
  /** After a reconnect: subscriptions whose params follow the state open again from where it got to. */
  resume: () => void;
}

export function createLiveEntry<T>(
  key: readonly unknown[],
  client: DpguiClient,
  queryClient: QueryClient,
  initialSpec: LiveSpec<T>,
): LiveEntry<T> {
  let spec = initialSpec;
  let seq = 0;
  let log: Logged<T>[] = [];
  /** The `seq` each read in flight started at. */
  const reads: number[] = [];
  let users = 0;
  /** One closer per event of the spec (null: not subscribed yet, its params wait for the snapshot). */
  let closers: ((() => void) | null)[] = [];

  const held = (): T | undefined => queryClient.getQueryData<T>(key);
  // A read in flight is kept (not cancelled): it replays the event that asked for this and reads again.
  const refetch = (): void =>
    void queryClient.invalidateQueries({ queryKey: key, exact: true }, { cancelRefetch: false });

  const onEvent = (event: LiveEvent<T>, payload: unknown): void => {
    seq++;
    if (reads.length > 0) log.push({ seq, event, payload });
    const current = held();
    if (current === undefined) return;
    const next = event.apply(current, payload);
    if (next === 'refetch') refetch();
    else if (next !== current) queryClient.setQueryData(key, next);
  };

  const subscribe: Subscribe = (event, listener, params) =>
    (client.subscribe as unknown as Subscribe)(event, listener, params);

  /** Opens the subscriptions not open yet whose params can be known from `state`. */
  const open = (state: T | undefined): void => {
    if (users === 0) return;
    spec.events.forEach((event, i) => {
      if (closers[i]) return;
      const params = event.params ? event.params(state) : undefined;
      if (params === null) return;
      closers[i] = subscribe(event.event, (payload) => onEvent(event, payload), params);
    });
  };
  const closeAll = (): void => {
    for (const close of closers) close?.();
    closers = [];
  };

  const begin = (): number => {
    reads.push(seq);
    return seq;
  };
  const end = (start: number): void => {
    reads.splice(reads.indexOf(start), 1);
    const oldest = Math.min(...reads);
    log = reads.length === 0 ? [] : log.filter((entry) => entry.seq > oldest);
  };
  const replay = (value: T, start: number): Applied<T> => {
    let state = value;
    for (const entry of log) {
      if (entry.seq <= start) continue;
      const next = entry.event.apply(state, entry.payload);
      if (next === 'refetch') return 'refetch';
      state = next;
    }
    return state;
  };

  return {
    retain(nextSpec) {
      spec = nextSpec;
      users++;
      if (users === 1) {
        open(held());
        // Events were not followed while nobody used it: what is cached may be stale.
        if (held() !== undefined) refetch();
      }
      return () => {
        users--;
        if (users === 0) closeAll();
      };
    },
    async load() {
      for (;;) {
        const start = begin();
        try {
          const value = await spec.load(client, held());
          // Subscriptions whose params come from the snapshot open now; what they send at once is
          // logged (the read is still counted as in flight) and replayed below.
          open(value);
          const next = replay(value, start);
          if (next !== 'refetch') return next;
        } finally {
          end(start);
        }
      }
    },
    async extend(read) {
      const start = begin();
      try {
        const merge = await read(client);
        const current = held();
        if (current === undefined) return;
        const merged = merge(current);
        const next = merged === 'refetch' ? 'refetch' : replay(merged, start);
        if (next === 'refetch') refetch();
        else queryClient.setQueryData(key, next);
      } finally {
        end(start);
      }
    },
    set(next) {
      queryClient.setQueryData(key, next);
    },
    resume() {
      if (users === 0) return;
      spec.events.forEach((event, i) => {
        if (!event.resumes) return;
        closers[i]?.();
        closers[i] = null;
      });
      open(held());
    },
  };
}
