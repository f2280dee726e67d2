/** Talking to a host below HTTP clients: raw bytes on a TCP socket, and hand-built WebSocket frames. */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  /** Everything the host wrote before it closed or the wait ran out. */
  text: string;
  bytes: Buffer;
  /** The host closed (or reset) the connection. */
  closed: boolean;
}

/** Sends `data`, then collects what comes back until the host closes or `waitMs` pass. */
export function rawExchange(port: number, data: string | Buffer, waitMs = 1500): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (closed: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const bytes = Buffer.concat(chunks);
      resolve({ text: bytes.toString('latin1'), bytes, closed });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.write(data);
  });
}

export function statusOf(answer: RawAnswer): number | null {
  const match = /^HTTP\/1\.1 (\d{3})/.exec(answer.text);
  return match ? Number(match[1]) : null;
}

/** A WebSocket handshake by hand; resolves with the socket once the host answered 101. */
export function openRawWebSocket(
  port: number,
  protocols: string,
): Promise<{ socket: Socket; handshake: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      if (!head.startsWith('HTTP/1.1 101')) reject(new Error(`no upgrade: ${head}`));
      else resolve({ socket, handshake: head.slice(0, end) });
    };
    socket.on('data', onData);
    socket.on('error', reject);
    socket.write(
      'GET /api/events HTTP/1.1\r\n' +
        `Host: 127.0.0.1:${port}\r\n` +
        'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
        'Sec-WebSocket-Version: 13\r\n' +
        `Sec-WebSocket-Protocol: ${protocols}\r\n\r\n`,
    );
  });
}

export interface FrameOptions {
  opcode: number;
  payload?: Buffer;
  fin?: boolean;
  rsv?: number;
  masked?: boolean;
  /** Claim this length in the header instead of the payload's own (for oversized frames). */
  declaredLength?: number;
}

/** One client-to-host frame (RFC 6455 §5.2), masked as clients must unless told otherwise. */
export function frame({
  opcode,
  payload = Buffer.alloc(0),
  fin = true,
  rsv = 0,
  masked = true,
  declaredLength,
}: FrameOptions): Buffer {
  const length = declaredLength ?? payload.length;
  const header: number[] = [(fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0f)];
  const maskBit = masked ? 0x80 : 0;
  if (length < 126) header.push(maskBit | length);
  else if (length < 65536) header.push(maskBit | 126, length >> 8, length & 0xff);
  else {
    const big = Buffer.alloc(8);
    big.writeBigUInt64BE(BigInt(length));
    header.push(maskBit | 127, ...big);
  }
  if (!masked) return Buffer.concat([Buffer.from(header), payload]);
  const mask = randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] ?? 0)));
  return Buffer.concat([Buffer.from(header), mask, body]);
}

/** Resolves true when the host closes the socket within `waitMs`. */
export function closesWithin(socket: Socket, waitMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (socket.destroyed) {
      resolve(true);
      return;
    }
    const timer = setTimeout(() => resolve(false), waitMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
    socket.on('error', () => undefined);
    socket.resume();
  });
}
