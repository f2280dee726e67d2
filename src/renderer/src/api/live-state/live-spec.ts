/**
 * What a live view asks for: a snapshot (the request that is also its cache key) and the events that
 * keep it current, each with a pure `apply`. Applies must be idempotent (applying an event the snapshot
 * already reflects, or the same event twice, changes nothing): an event that arrives while a snapshot
 * is in flight is applied again on top of that snapshot, whatever the host had already counted in it.
 */
import type {
  DpguiClient,
  EventName,
  EventParamsOf,
  EventPayloadOf,
  RequestName,
  RequestOf,
  ResponseOf,
} from '../../../../shared/contract';

/** The next state, or 'refetch' when the event cannot be applied (the snapshot is read again). */
export type Applied<T> = T | 'refetch';

export interface LiveEvent<T> {
  event: EventName;
  /** null from the function: not yet (subscribed once the snapshot is in). */
  params: ((held: T | undefined) => unknown) | undefined;
  /** Params computed from the held state: reopened after a reconnect, from where the state got to. */
  resumes: boolean;
  apply: (current: T, payload: unknown) => Applied<T>;
}

/** One event of a spec, typed by its name; `params` as a function makes it resume (see LiveEvent). */
export function on<T, E extends EventName>(
  event: E,
  apply: (current: T, payload: EventPayloadOf<E>) => Applied<T>,
  params?: EventParamsOf<E> | ((held: T | undefined) => EventParamsOf<E> | null),
): LiveEvent<T> {
  return {
    event,
    params: typeof params === 'function' ? params : params === undefined ? undefined : () => params,
    resumes: typeof params === 'function',
    apply: apply as (current: T, payload: unknown) => Applied<T>,
  };
}

export interface LiveSpec<T> {
  /** The snapshot request; with `payload` it is the cache key. */
  channel: RequestName;
  payload: unknown;
  /** Reads the snapshot; `held` is what the cache has (a refetch after a reconnect). */
  load: (client: DpguiClient, held: T | undefined) => Promise<T>;
  events: readonly LiveEvent<T>[];
  /** Set to false to hold off (no request, no subscription), e.g. without a job id yet. */
  enabled?: boolean;
}

/** The common case: the snapshot is the answer of one request, kept current by `events`. */
export function liveRequest<C extends RequestName>(
  channel: C,
  payload: RequestOf<C>,
  events: readonly LiveEvent<ResponseOf<C>>[] = [],
): LiveSpec<ResponseOf<C>> {
  return { channel, payload, load: (client) => client.request(channel, payload), events };
}

/** Every live query's key starts with this, so a reconnect can refetch them all. */
export const liveKeyRoot = 'live';

export function liveKey(spec: Pick<LiveSpec<unknown>, 'channel' | 'payload'>): readonly unknown[] {
  return [liveKeyRoot, spec.channel, spec.payload];
}
