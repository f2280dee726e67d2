/**
 * One browser's WebSocket at /api/events: it carries the events the client subscribed to, and may carry
 * requests too (same channels, same checks as HTTP).
 */
import type { RawData, WebSocket } from 'ws';
import { contractError, isEventName, type EventName } from '../../../shared/contract';
import type { ClientMessage, HostMessage } from '../../../shared/contract/wire';
import type { AppCore } from '../../core/app-core';

export function attachEventSocket(socket: WebSocket, core: AppCore): void {
  const subscribed = new Set<EventName>();
  const send = (message: HostMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const unsubscribe = core.events.subscribeAll((event, payload) => {
    if (subscribed.has(event)) send({ type: 'event', event, payload });
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
  socket.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
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
      case 'subscribe':
      case 'unsubscribe':
        if (!isEventName(message.event)) {
          send({
            type: 'error',
            error: contractError('unknown_channel', `There is no event named "${message.event}".`),
          });
          return;
        }
        if (message.type === 'subscribe') subscribed.add(message.event);
        else subscribed.delete(message.event);
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
  if ((m.type === 'subscribe' || m.type === 'unsubscribe') && typeof m.event === 'string') {
    return { type: m.type, event: m.event };
  }
  return null;
}

function rawDataToText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Buffer.from(new Uint8Array(data)).toString('utf8');
}
