/**
 * One browser's WebSocket at /api/events: it carries the events the client subscribed to, and may carry
 * requests too (same channels, same checks as HTTP). Its subscriptions (`{event, params}`) live in the
 * core's registry, which checks the params, filters, resumes job.log and holds back what a socket that
 * does not keep up cannot take (its queue: ws.bufferedAmount).
 */
import type { RawData, WebSocket } from 'ws';
import { contractError } from '../../../shared/contract';
import type { ClientMessage, HostMessage } from '../../../shared/contract/wire';
import type { AppCore } from '../../core/app-core';

/** What the event socket uses of a ws WebSocket (the one @fastify/websocket hands over). */
export type EventSocketPeer = Pick<
  WebSocket,
  'readyState' | 'OPEN' | 'send' | 'terminate' | 'ping' | 'on' | 'bufferedAmount'
>;

export function attachEventSocket(
  socket: EventSocketPeer,
  core: Pick<AppCore, 'dispatch' | 'subscriptions'>,
): void {
  const send = (message: HostMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  // The registry holds this socket's subscriptions; what ws has not written yet is its queue.
  const client = core.subscriptions.connect({
    // A subscription named by its event (no `subscription` number) is sent without one, as it came.
    send: (subscription, event, payload) =>
      send(
        typeof subscription === 'number'
          ? { type: 'event', event, payload, subscription }
          : { type: 'event', event, payload },
      ),
    queuedBytes: () => socket.bufferedAmount,
  });
  let alive = true;
  const heartbeat = setInterval(() => {
    // A tunnel that died without a close frame: end the socket instead of sending into the void.
    if (!alive) {
      socket.terminate();
      return;
    }
    alive = false;
    socket.ping();
  }, 30_000);
  socket.on('pong', () => {
    alive = true;
  });
  // A socket failure (a malformed frame, a reset) ends this socket only.
  socket.on('error', () => socket.terminate());
  socket.on('close', () => {
    clearInterval(heartbeat);
    client.close();
  });

  socket.on('message', (data) => {
    const message = parseClientMessage(rawDataToText(data));
    if (message === null) {
      send({
        type: 'error',
        error: contractError(
          'invalid_payload',
          'A WebSocket message must be a JSON object with a "type" of request, subscribe or unsubscribe.',
        ),
      });
      return;
    }
    switch (message.type) {
      case 'request':
        void core.dispatch(message.channel, message.payload).then((result) => {
          send({ type: 'response', id: message.id, result });
        });
        return;
      case 'subscribe': {
        const subscription = message.subscription;
        const result = client.subscribe(
          subscription ?? `event:${message.event}`,
          message.event,
          message.params,
        );
        if (!result.ok)
          send(
            subscription === undefined
              ? { type: 'error', error: result.error }
              : { type: 'error', error: result.error, subscription },
          );
        return;
      }
      case 'unsubscribe':
        client.unsubscribe(message.subscription ?? `event:${message.event}`);
    }
  });
}

export function parseClientMessage(text: string): ClientMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  if (m.type === 'request' && typeof m.id === 'number' && typeof m.channel === 'string') {
    return { type: 'request', id: m.id, channel: m.channel, payload: m.payload ?? {} };
  }
  const subscription = typeof m.subscription === 'number' ? { subscription: m.subscription } : {};
  if (m.type === 'subscribe' && typeof m.event === 'string') {
    return {
      type: 'subscribe',
      event: m.event,
      ...(m.params === undefined ? {} : { params: m.params }),
      ...subscription,
    };
  }
  if (m.type === 'unsubscribe' && typeof m.event === 'string') {
    return { type: 'unsubscribe', event: m.event, ...subscription };
  }
  return null;
}

function rawDataToText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Buffer.from(new Uint8Array(data)).toString('utf8');
}
