/**
 * For tests: a transport whose host is the test. Requests wait until the test answers them; events are
 * sent when the test says; a reconnect is one call. It records what was sent in order, so a test can
 * check that a subscription was open before the snapshot was asked for.
 */
import type { DpguiClient, EventName, RequestName } from '../../../../shared/contract';
import type { ConnectionState, Transport } from '../transport';

interface PendingRequest {
  channel: RequestName;
  payload: unknown;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export interface FakeSubscription {
  event: EventName;
  params: unknown;
  open: boolean;
  send: (payload: unknown) => void;
}

/** `resubscribes`: the fake says it subscribes again by itself after a reconnect, as the web transport does. */
export function createFakeTransport({ resubscribes = false }: { resubscribes?: boolean } = {}) {
  const requests: PendingRequest[] = [];
  const subscriptions: FakeSubscription[] = [];
  const sent: string[] = [];
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'open';
  let reconnects = 0;

  const client = {
    request(channel: RequestName, payload: unknown) {
      sent.push(`request ${channel}`);
      return new Promise((resolve, reject) => requests.push({ channel, payload, resolve, reject }));
    },
    subscribe(event: EventName, listener: (payload: unknown) => void, params?: unknown) {
      sent.push(`subscribe ${event}`);
      const sub: FakeSubscription = {
        event,
        params,
        open: true,
        send: (payload) => sub.open && listener(payload),
      };
      subscriptions.push(sub);
      return () => {
        sub.open = false;
      };
    },
    file: () => Promise.reject(new Error('no files here')),
  } as unknown as DpguiClient;

  const setState = (next: ConnectionState): void => {
    state = next;
    for (const listener of stateListeners) listener(state);
  };

  const transport: Transport = {
    kind: 'web',
    resubscribes,
    client,
    connection: {
      get: () => state,
      reconnects: () => reconnects,
      subscribe: (listener) => {
        stateListeners.add(listener);
        return () => stateListeners.delete(listener);
      },
    },
  };

  return {
    transport,
    sent,
    /** Requests not answered yet, oldest first. */
    pending: (channel?: RequestName) =>
      requests.filter((r) => channel === undefined || r.channel === channel),
    /** Answers the oldest open request on `channel`. */
    answer(channel: RequestName, value: unknown): unknown {
      const at = requests.findIndex((r) => r.channel === channel);
      const request = requests.splice(at, 1)[0];
      if (!request) throw new Error(`no ${channel} request is waiting`);
      request.resolve(value);
      return request.payload;
    },
    fail(channel: RequestName, message: string): void {
      const at = requests.findIndex((r) => r.channel === channel);
      requests.splice(at, 1)[0]?.reject(new Error(message));
    },
    /** The open subscriptions to `event`, oldest first. */
    open: (event: EventName) => subscriptions.filter((s) => s.open && s.event === event),
    all: (event: EventName) => subscriptions.filter((s) => s.event === event),
    /** Sends an event to every open subscription of it. */
    emit(event: EventName, payload: unknown): void {
      for (const sub of subscriptions.filter((s) => s.open && s.event === event)) sub.send(payload);
    },
    drop: () => setState('closed'),
    reconnect(): void {
      reconnects++;
      setState('open');
    },
  };
}
