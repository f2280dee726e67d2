/**
 * What a third-party HTTP fuzzer does not send: broken request lines, hostile upgrade requests, invalid
 * WebSocket frames and clients that never finish. The host answers or closes, and always survives: a
 * crash here would end this test process with an uncaught error.
 */
import { connect, type Socket } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  closesWithin,
  frame,
  openRawWebSocket,
  rawExchange,
  statusOf,
} from '../../../../tests/support/raw-http';
import { answersAppInfo, httpCall, useInProcessHosts } from '../../../../tests/support/in-process-host';
import { jsonBodyLimitBytes } from './limits';

const startHost = useInProcessHosts();

const upgradeHeaders =
  'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n';

describe('the headless host under malformed requests', () => {
  it('survives "GET //[" with an Upgrade header, without a token (finding 1)', async () => {
    const host = await startHost();
    const answer = await rawExchange(
      host.port,
      `GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n${upgradeHeaders}\r\n`,
    );
    expect(statusOf(answer)).toBe(400);
    expect(await answersAppInfo(host)).toBe(true);
  });

  it('refuses upgrades to other paths, without the token, or with broken targets', async () => {
    const host = await startHost();
    const hostLine = `Host: 127.0.0.1:${host.port}\r\n`;
    const cases: [string, number][] = [
      [`GET /api/events HTTP/1.1\r\n${hostLine}${upgradeHeaders}\r\n`, 401],
      [`GET /nothing HTTP/1.1\r\n${hostLine}${upgradeHeaders}\r\n`, 404],
      [
        `GET http://evil.example/api/events?token=${host.token} HTTP/1.1\r\n${hostLine}${upgradeHeaders}\r\n`,
        400,
      ],
      [`GET /api/events?token=${host.token} HTTP/1.1\r\nHost: evil.example\r\n${upgradeHeaders}\r\n`, 403],
      [`GET /api/%zz HTTP/1.1\r\n${hostLine}${upgradeHeaders}\r\n`, 400],
    ];
    for (const [request, status] of cases) {
      expect(statusOf(await rawExchange(host.port, request)), request).toBe(status);
    }
    expect(await answersAppInfo(host)).toBe(true);
  });

  it('answers or closes on broken request lines and headers', async () => {
    const host = await startHost();
    const h = `Host: 127.0.0.1:${host.port}\r\n`;
    const inputs = [
      '\x00\x01\x02\r\n\r\n',
      'GET\r\n\r\n',
      `GET / HTTP/9.9\r\n${h}\r\n`,
      `GET /${'a'.repeat(20_000)} HTTP/1.1\r\n${h}\r\n`,
      `GET / HTTP/1.1\r\n${h}X-Big: ${'b'.repeat(40_000)}\r\n\r\n`,
      `GET / HTTP/1.1\r\n${h}no colon here\r\n\r\n`,
      `POST /api/app.info HTTP/1.1\r\n${h}Content-Length: -5\r\n\r\n`,
      `POST /api/app.info HTTP/1.1\r\n${h}Transfer-Encoding: chunked\r\n\r\nzz\r\n`,
      `POST /api/app.info HTTP/1.1\r\n${h}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      `GET /%E0%A4%A HTTP/1.1\r\n${h}\r\n`,
      `GET /\u00ff\u00fe HTTP/1.1\r\n${h}\r\n`,
      `OPTIONS * HTTP/1.1\r\n${h}\r\n`,
      `CONNECT 127.0.0.1:22 HTTP/1.1\r\n${h}\r\n`,
      `BREW /api/app.info HTTP/1.1\r\n${h}\r\n`,
    ];
    for (const input of inputs) {
      const answer = await rawExchange(host.port, Buffer.from(input, 'latin1'), 1000);
      const status = statusOf(answer);
      expect(answer.closed || (status !== null && status >= 400 && status < 500), input.slice(0, 60)).toBe(
        true,
      );
      expect(status === null || status < 500, input.slice(0, 60)).toBe(true);
    }
    expect(await answersAppInfo(host)).toBe(true);
  });

  it('reads "//x/…" and absolute targets as bad requests, never as another host (finding 3)', async () => {
    const host = await startHost();
    const auth = `Authorization: Bearer ${host.token}\r\nHost: 127.0.0.1:${host.port}\r\nContent-Length: 2\r\n`;
    for (const target of ['//x/api/app.info', 'http://evil.example/api/app.info', '//[']) {
      const answer = await rawExchange(host.port, `POST ${target} HTTP/1.1\r\n${auth}\r\n{}`);
      expect(statusOf(answer), target).toBe(400);
      expect(answer.text).toContain('"code":"invalid_payload"');
    }
  });

  it('survives random bytes', async () => {
    const host = await startHost();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 600 }), async (bytes) => {
        const answer = await rawExchange(host.port, Buffer.from(bytes), 300);
        const status = statusOf(answer);
        return status === null || status < 500;
      }),
      { numRuns: 60 },
    );
    expect(await answersAppInfo(host)).toBe(true);
  });
});

describe('the event socket under malformed frames (finding 2)', () => {
  const payloadOver = Buffer.alloc(jsonBodyLimitBytes + 1, 0x20);
  const cases: [string, Buffer][] = [
    ['an invalid UTF-8 text frame', frame({ opcode: 1, payload: Buffer.from([0xff, 0xfe, 0xfd]) })],
    ['a message over the size limit', frame({ opcode: 1, payload: payloadOver })],
    ['a header claiming 2^40 bytes', frame({ opcode: 2, declaredLength: 2 ** 40 })],
    ['a reserved opcode', frame({ opcode: 3, payload: Buffer.from('x') })],
    ['a reserved control opcode', frame({ opcode: 0xb })],
    ['RSV bits without an extension', frame({ opcode: 1, rsv: 4, payload: Buffer.from('{}') })],
    ['an unmasked client frame', frame({ opcode: 1, masked: false, payload: Buffer.from('{}') })],
    ['a fragmented ping', frame({ opcode: 9, fin: false })],
    ['a ping over 125 bytes', frame({ opcode: 9, payload: Buffer.alloc(200) })],
    ['a continuation with nothing to continue', frame({ opcode: 0, payload: Buffer.from('x') })],
    ['a close frame with an invalid code', frame({ opcode: 8, payload: Buffer.from([0x03, 0xe7]) })],
  ];
  for (const [name, bytes] of cases) {
    it(`closes the socket on ${name} and keeps serving`, async () => {
      const host = await startHost();
      const { socket } = await openRawWebSocket(host.port, `dpgui.v1, token.${host.token}`);
      socket.on('error', () => undefined);
      socket.write(bytes);
      expect(await closesWithin(socket, 3000)).toBe(true);
      expect(await answersAppInfo(host)).toBe(true);
    });
  }

  it('answers text that is not a message with an error, on the same socket', async () => {
    const host = await startHost();
    const { socket } = await openRawWebSocket(host.port, `dpgui.v1, token.${host.token}`);
    const reply = new Promise<string>((resolve) =>
      socket.once('data', (d: Buffer) => resolve(d.toString('latin1'))),
    );
    socket.write(frame({ opcode: 1, payload: Buffer.from('[[[[') }));
    expect(await reply).toContain('"type":"error"');
    socket.destroy();
  });
});

describe('slow clients', () => {
  it('do not keep the host from answering others', async () => {
    const host = await startHost();
    const slow: Socket[] = [];
    for (let i = 0; i < 40; i++) {
      const socket = connect(host.port, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.write(
        i % 2 ? 'GET / HT' : `POST /api/app.info HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{`,
      );
      slow.push(socket);
    }
    const drip = setInterval(() => {
      for (const socket of slow) socket.write(' ');
    }, 50);
    try {
      const started = performance.now();
      const answer = await httpCall(host.port, '/api/app.info', {
        headers: { Authorization: `Bearer ${host.token}` },
      });
      expect(answer.status).toBe(200);
      expect(performance.now() - started).toBeLessThan(2000);
    } finally {
      clearInterval(drip);
      for (const socket of slow) socket.destroy();
    }
  });
});
