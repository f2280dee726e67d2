/**
 * A browser talking to the headless host: requests as HTTP POSTs with the token, events on one
 * WebSocket that reconnects by itself (an SSH tunnel drops; a laptop sleeps) and re-subscribes.
 */
import {
  contractError,
  ContractCallError,
  isContractError,
  type DpguiClient,
  type EventName,
  type EventPayloadOf,
  type RequestName,
  type ResponseOf,
} from '../../../shared/contract';
import {
  eventsPath,
  httpApiPrefix,
  type ClientMessage,
  type HostMessage,
} from '../../../shared/contract/wire';
import type { Connection, ConnectionState, Transport } from './transport';

export interface WebTransportOptions {
  /** e.g. "http://127.0.0.1:7433" */
  origin: string;
  token: string;
}

export function createWebTransport({ origin, token }: WebTransportOptions): Transport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let socket: WebSocket | null = null;
  let retryDelay = 250;

  const setState = (next: ConnectionState): void => {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener(state);
  };
  const sendMessage = (message: ClientMessage): void => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };

  const connect = (): void => {
    const url = new URL(eventsPath, origin);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', token);
    const ws = new WebSocket(url);
    socket = ws;
    setState('connecting');
    ws.onopen = () => {
      retryDelay = 250;
      setState('open');
      for (const event of listeners.keys()) sendMessage({ type: 'subscribe', event });
    };
    ws.onmessage = (message) => {
      const data = JSON.parse(String(message.data)) as HostMessage;
      if (data.type === 'event')
        for (const listener of listeners.get(data.event) ?? []) listener(data.payload);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      void tokenStillValid().then((valid) => {
        if (valid === false) {
          // Retrying cannot help: only the new link the host printed can.
          setState('unauthorized');
          return;
        }
        setState('closed');
        setTimeout(connect, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 5000);
      });
    };
  };

  /** One channel call over HTTP: `POST /api/<channel>` with the token. */
  const post = (channel: string, payload: unknown): Promise<Response> =>
    fetch(new URL(`${httpApiPrefix}${channel}`, origin), {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
    });

  /** A browser hides why a WebSocket was refused; one plain request tells a dead host from a new token. */
  const tokenStillValid = async (): Promise<boolean | null> => {
    try {
      const response = await post('app.info', {});
      return response.status !== 401;
    } catch {
      return null; // unreachable: keep retrying
    }
  };
  connect();

  const client: DpguiClient = {
    async request<C extends RequestName>(channel: C, payload: unknown) {
      let response: Response;
      try {
        response = await post(channel, payload);
      } catch {
        throw new ContractCallError(
          contractError(
            'internal',
            'The DPGui host cannot be reached. Is `dpgui serve` (or its SSH tunnel) still running?',
          ),
        );
      }
      const body: unknown = await response.json().catch(() => null);
      if (response.ok) return body as ResponseOf<C>;
      throw new ContractCallError(
        isContractError(body)
          ? body
          : contractError('internal', `The host answered HTTP ${response.status}.`),
      );
    },
    subscribe<E extends EventName>(event: E, listener: (payload: EventPayloadOf<E>) => void) {
      const wrapped = listener as (payload: unknown) => void;
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
        sendMessage({ type: 'subscribe', event });
      }
      set.add(wrapped);
      return () => {
        const current = listeners.get(event);
        current?.delete(wrapped);
        if (current?.size === 0) {
          listeners.delete(event);
          sendMessage({ type: 'unsubscribe', event });
        }
      };
    },
  };

  const connection: Connection = {
    get: () => state,
    subscribe: (listener) => {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
  };
  return { kind: 'web', client, connection };
}
