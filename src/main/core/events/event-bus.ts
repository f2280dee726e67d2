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
  const listeners = new Set<AnyEventListener>();
  const deliver = (listener: AnyEventListener, event: EventName, payload: unknown): void => {
    try {
      listener(event, payload);
    } catch (error) {
      onListenerError(error);
    }
  };
  return {
    emit(event, payload) {
      // A copy, so listeners may unsubscribe while being called.
      for (const listener of [...listeners]) deliver(listener, event, payload);
    },
    subscribe(event, listener) {
      // The bus only carries payloads emitted under their own event's type.
      const deliverPayload = listener as (payload: unknown) => void;
      const wrapped: AnyEventListener = (name, payload) => {
        if (name === event) deliverPayload(payload);
      };
      listeners.add(wrapped);
      return () => listeners.delete(wrapped);
    },
    subscribeAll(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
