/**
 * Events pushed from the core to every listener: each window, each WebSocket, later the tray. A
 * listener that throws is reported and skipped; it never stops the others.
 */
import type { EventName, EventPayloadOf, Unsubscribe } from '../../../shared/contract';

export type AnyEventListener = (event: EventName, payload: unknown) => void;

export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventPayloadOf<E>): void;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayloadOf<E>) => void): Unsubscribe;
  /** Every event, for transports that forward what their clients asked for. */
  subscribeAll(listener: AnyEventListener): Unsubscribe;
}

export function createEventBus(onListenerError: (error: unknown) => void = () => {}): EventBus {
  const byEvent = new Map<EventName, Set<(payload: unknown) => void>>();
  const all = new Set<AnyEventListener>();
  const guarded = (call: () => void): void => {
    try {
      call();
    } catch (error) {
      onListenerError(error);
    }
  };
  return {
    emit(event, payload) {
      // Copies, so listeners may unsubscribe while being called.
      for (const listener of [...(byEvent.get(event) ?? [])]) guarded(() => listener(payload));
      for (const listener of [...all]) guarded(() => listener(event, payload));
    },
    subscribe(event, listener) {
      // The bus only carries payloads emitted under their own event's type.
      const untyped = listener as (payload: unknown) => void;
      const set = byEvent.get(event) ?? new Set();
      byEvent.set(event, set);
      set.add(untyped);
      return () => set.delete(untyped);
    },
    subscribeAll(listener) {
      all.add(listener);
      return () => all.delete(listener);
    },
  };
}
