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
  type RequestOf,
  type ResponseOf,
  type SubscribeParamsArg,
} from '../../../shared/contract';
import { filesPrefix, fileRouteQuery, type FileRouteRequest } from '../../../shared/contract/file-route';
import {
  eventSocketProtocol,
  eventsPath,
  httpApiPrefix,
  tokenProtocolPrefix,
  subscriptionKey,
  type ClientMessage,
  type HostMessage,
} from '../../../shared/contract/wire';
import { blobOfFileAnswer } from './file-answer';
import { nextLineAfter, resumeParams } from './resume-params';
import type { Connection, ConnectionState, Transport } from './transport';

/** One subscription on the socket per event and params; listeners with the same ones share it. */
interface Subscription {
  number: number;
  key: string;
  event: string;
  params: unknown;
  listeners: Set<(payload: unknown) => void>;
  /** job.log: the next line to ask for when the socket comes back. */
  nextLine: number | null;
}

export interface WebTransportOptions {
  /** e.g. "http://127.0.0.1:7433" */
  origin: string;
  token: string;
}

export function createWebTransport({ origin, token }: WebTransportOptions): Transport {
  const byKey = new Map<string, Subscription>();
  const byNumber = new Map<number, Subscription>();
  let lastNumber = 0;
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let socket: WebSocket | null = null;
  let retryDelay = 250;
  let opened = 0;
  /** Requests sent on the socket (orderedRequest), by id, until their response comes. */
  const replies = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let lastRequestId = 0;
  /** orderedRequests made while the socket was connecting: sent once it opened, after the subscriptions. */
  let afterOpen: (() => void)[] = [];

  const setState = (next: ConnectionState): void => {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener(state);
  };
  const sendMessage = (message: ClientMessage): void => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };
  const sendSubscribe = (sub: Subscription): void => {
    const params = resumeParams(sub.params, sub.nextLine);
    sendMessage({
      type: 'subscribe',
      subscription: sub.number,
      event: sub.event,
      ...(params === undefined ? {} : { params }),
    });
  };
  const forget = (sub: Subscription): void => {
    byKey.delete(sub.key);
    byNumber.delete(sub.number);
  };

  const connect = (): void => {
    const url = new URL(eventsPath, origin);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    // The token only as a subprotocol, never in the URL (where console errors would show it); the host
    // answers the fixed name.
    const ws = new WebSocket(url, [eventSocketProtocol, `${tokenProtocolPrefix}${token}`]);
    socket = ws;
    setState('connecting');
    ws.onopen = () => {
      retryDelay = 250;
      opened++;
      setState('open');
      // Again after a reconnect; job.log subscriptions resume after their last line.
      for (const sub of byKey.values()) sendSubscribe(sub);
      const waiting = afterOpen;
      afterOpen = [];
      for (const send of waiting) send();
    };
    ws.onmessage = (message) => {
      const data = JSON.parse(String(message.data)) as HostMessage;
      if (data.type === 'response') {
        const reply = replies.get(data.id);
        replies.delete(data.id);
        if (data.result.ok) reply?.resolve(data.result.value);
        else reply?.reject(new ContractCallError(data.result.error));
        return;
      }
      const sub = data.subscription === undefined ? undefined : byNumber.get(data.subscription);
      if (!sub) return;
      if (data.type === 'event') {
        sub.nextLine = nextLineAfter(data.event, data.payload) ?? sub.nextLine;
        for (const listener of [...sub.listeners]) listener(data.payload);
      } else {
        // A refused subscription (params that fail their schema): it never fires.
        console.error(`DPGui refused a subscription to ${sub.event}: ${data.error.message}`);
        forget(sub);
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      // Their answers went with the socket; the live views read again after the reconnect.
      for (const reply of replies.values()) reply.reject(unreachable());
      replies.clear();
      void tokenStillValid().then((valid) => {
        if (valid === false) {
          // Retrying cannot help: only the link the host printed can. A key that worked before was
          // replaced by a restart; one that never worked was wrong from the start.
          setState(opened > 0 ? 'unauthorized' : 'rejected');
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

  const unreachable = (): ContractCallError =>
    new ContractCallError(
      contractError(
        'internal',
        'The DPGui host cannot be reached. Is `dpgui serve` (or its SSH tunnel) still running?',
      ),
    );

  const client: DpguiClient = {
    async request<C extends RequestName>(channel: C, payload: unknown) {
      let response: Response;
      try {
        response = await post(channel, payload);
      } catch {
        throw unreachable();
      }
      const body: unknown = await response.json().catch(() => null);
      if (response.ok) return body as ResponseOf<C>;
      throw new ContractCallError(
        isContractError(body)
          ? body
          : contractError('internal', `The host answered HTTP ${response.status}.`),
      );
    },
    subscribe<E extends EventName>(
      event: E,
      listener: (payload: EventPayloadOf<E>) => void,
      ...[params]: SubscribeParamsArg<E>
    ) {
      const key = subscriptionKey(event, params);
      let sub = byKey.get(key);
      if (!sub) {
        const fromLine = (params as { fromLine?: unknown } | undefined)?.fromLine;
        sub = {
          number: ++lastNumber,
          key,
          event,
          params,
          listeners: new Set(),
          nextLine: typeof fromLine === 'number' ? fromLine : null,
        };
        byKey.set(key, sub);
        byNumber.set(sub.number, sub);
        sendSubscribe(sub);
      }
      const mine = sub;
      const wrapped = (payload: unknown): void => listener(payload as EventPayloadOf<E>);
      mine.listeners.add(wrapped);
      return () => {
        mine.listeners.delete(wrapped);
        if (mine.listeners.size === 0 && byNumber.get(mine.number) === mine) {
          forget(mine);
          sendMessage({ type: 'unsubscribe', event, subscription: mine.number });
        }
      };
    },
    /** GET /api/files/<route> with the token header: never a token in a URL (decisions.md). */
    async file(request: FileRouteRequest) {
      let response: Response;
      try {
        response = await fetch(new URL(`${filesPrefix}/${fileRouteQuery(request)}`, origin), {
          headers: { Authorization: `Bearer ${token}` },
        });
      } catch {
        throw unreachable();
      }
      return blobOfFileAnswer(response);
    },
  };

  const connection: Connection = {
    get: () => state,
    reconnects: () => Math.max(0, opened - 1),
    subscribe: (listener) => {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
  };
  // On the socket behind the subscriptions sent before it (the host handles its messages in order).
  const orderedRequest = (<C extends RequestName>(
    channel: C,
    payload: RequestOf<C>,
  ): Promise<ResponseOf<C>> => {
    if (socket?.readyState === WebSocket.CONNECTING) {
      return new Promise<void>((opened) => afterOpen.push(opened)).then(() =>
        orderedRequest(channel, payload),
      );
    }
    if (socket?.readyState !== WebSocket.OPEN) return client.request(channel, payload);
    const id = ++lastRequestId;
    const answer = new Promise<unknown>((resolve, reject) => replies.set(id, { resolve, reject }));
    sendMessage({ type: 'request', id, channel, payload });
    return answer as Promise<ResponseOf<C>>;
  }) as DpguiClient['request'];

  return { kind: 'web', client, connection, orderedRequest, resubscribes: true };
}
