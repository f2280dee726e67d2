/**
 * One keep-alive HTTP/1.1 connection driven by hand: send a GET, read its head, then read exactly the
 * declared body, then the next request on the same socket. A response that sends more than it
 * declared shows up as bytes that do not start the next head ("HTTP/1.1 …"); one that sends less shows
 * up as the host closing the socket. The reader can be paused after the head so a test can change the
 * file while the host is still sending it (the host's writes wait on the socket).
 */
import { connect, type Socket } from 'node:net';

export interface ResponseHead {
  status: number;
  headers: Record<string, string>;
  contentLength: number;
}

export class KeepAliveConnection {
  private held: Buffer = Buffer.alloc(0);
  // Chunks are joined only when read (joining on every chunk is quadratic for a 32 MiB body).
  private chunks: Buffer[] = [];
  private closed = false;
  private wake: (() => void) | null = null;

  private constructor(
    private readonly socket: Socket,
    private readonly port: number,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.notify();
    });
    socket.on('close', () => {
      this.closed = true;
      this.notify();
    });
    socket.on('error', () => undefined);
  }

  static open(port: number): Promise<KeepAliveConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new KeepAliveConnection(socket, port)));
      socket.once('error', reject);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(path: string, headers: Record<string, string> = {}): void {
    const lines = [`GET ${path} HTTP/1.1`, `Host: 127.0.0.1:${this.port}`];
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    this.socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  }

  /** The next response's head; throws if the bytes there do not start one (a previous body overran). */
  async head(): Promise<ResponseHead> {
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (this.buffer.length >= 9 && !this.buffer.subarray(0, 9).equals(Buffer.from('HTTP/1.1 ')))
        throw new Error(
          `not a response head: ${JSON.stringify(this.buffer.subarray(0, 40).toString('latin1'))}`,
        );
      if (end >= 0) {
        const text = this.buffer.subarray(0, end).toString('latin1');
        this.buffer = this.buffer.subarray(end + 4);
        const [statusLine = '', ...lines] = text.split('\r\n');
        const headers: Record<string, string> = {};
        for (const line of lines) {
          const colon = line.indexOf(':');
          headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        }
        return {
          status: Number(statusLine.split(' ')[1]),
          headers,
          contentLength: Number(headers['content-length'] ?? 'NaN'),
        };
      }
      if (this.closed) throw new Error('the host closed the connection before a response head');
      await this.changed();
    }
  }

  /** Up to `length` body bytes: all of them, or fewer when the host closed the socket first. */
  async body(length: number): Promise<{ bytes: Buffer; complete: boolean }> {
    while (this.available < length && !this.closed) await this.changed();
    const bytes = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(bytes.length);
    return { bytes, complete: bytes.length === length };
  }

  /** A GET answered in full on this connection. */
  async get(path: string, headers: Record<string, string> = {}): Promise<ResponseHead & { body: Buffer }> {
    this.send(path, headers);
    const head = await this.head();
    const { bytes, complete } = await this.body(head.contentLength);
    if (!complete) throw new Error(`short body: ${bytes.length} of ${head.contentLength} bytes`);
    return { ...head, body: bytes };
  }

  /** Stop reading from the socket (the host's writes back up), and start again. */
  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  /** Resolves once the host has closed the connection. */
  async untilClosed(): Promise<void> {
    this.socket.resume();
    while (!this.closed) await this.changed();
  }

  close(): void {
    this.socket.destroy();
  }

  /** Everything received and not yet read. */
  private get buffer(): Buffer {
    if (this.chunks.length > 0) {
      this.held = Buffer.concat([this.held, ...this.chunks]);
      this.chunks = [];
    }
    return this.held;
  }

  private set buffer(rest: Buffer) {
    this.held = rest;
  }

  private get available(): number {
    return this.held.length + this.chunks.reduce((n, chunk) => n + chunk.length, 0);
  }

  private changed(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
