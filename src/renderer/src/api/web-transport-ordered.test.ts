/**
 * The web transport's orderedRequest: a live view's snapshot goes on the event socket behind the
 * subscriptions sent before it, so the host registers them before it reads the snapshot.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClientMessage } from '../../../shared/contract/wire';
import { createWebTransport } from './web-transport';

class FakeSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static last: FakeSocket | null = null;
  readyState = FakeSocket.CONNECTING;
  sent: ClientMessage[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor() {
    FakeSocket.last = this;
  }
  send(text: string) {
    this.sent.push(JSON.parse(text) as ClientMessage);
  }
  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  reply(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

afterEach(() => vi.unstubAllGlobals());

function start() {
  vi.stubGlobal('WebSocket', FakeSocket);
  // The close handler asks whether the key still works: it does (the host is only away).
  vi.stubGlobal('fetch', () => new Promise(() => {}));
  const transport = createWebTransport({ origin: 'http://127.0.0.1:7433', token: 't' });
  const socket = FakeSocket.last;
  if (!socket || !transport.orderedRequest) throw new Error('no socket or no orderedRequest');
  return { transport, socket, orderedRequest: transport.orderedRequest };
}

describe('orderedRequest on the event socket', () => {
  it('is sent after the subscriptions made before it, even when asked before the socket opened', async () => {
    const { transport, socket, orderedRequest } = start();
    transport.client.subscribe('queue.changed', () => {});
    const answer = orderedRequest('queue.state', {});
    socket.open();
    await vi.waitFor(() => expect(socket.sent).toHaveLength(2));
    expect(socket.sent.map((m) => m.type)).toEqual(['subscribe', 'request']);
    const request = socket.sent[1] as Extract<ClientMessage, { type: 'request' }>;
    expect(request.channel).toBe('queue.state');
    socket.reply({ type: 'response', id: request.id, result: { ok: true, value: { paused: true } } });
    await expect(answer).resolves.toEqual({ paused: true });
  });

  it("rejects with the host's error, and with a sentence saying the host is away when the socket drops", async () => {
    const { socket, orderedRequest } = start();
    socket.open();
    const refused = orderedRequest('jobs.get', { id: 'nope' });
    const lost = orderedRequest('queue.state', {});
    const [first] = socket.sent as Extract<ClientMessage, { type: 'request' }>[];
    socket.reply({
      type: 'response',
      id: first?.id,
      result: { ok: false, error: { code: 'not_found', message: 'No job "nope".', details: [] } },
    });
    await expect(refused).rejects.toThrow('No job "nope".');
    socket.onclose?.();
    await expect(lost).rejects.toThrow('cannot be reached');
  });
});
