/**
 * The bytes of an open file, exactly as many as were declared in Content-Length. A file that grows
 * while it is sent is cut at the declared length (the rest would be read as the next response on a
 * keep-alive connection); one that shrinks ends the stream with an error, and the host closes the
 * connection (the client sees a short body, never a hang or someone else's bytes). Reads are
 * positional, so nothing else moving the file offset matters, and each may go through a gate that
 * bounds concurrent file work.
 */
import { Readable } from 'node:stream';
import type { FileHandle } from 'node:fs/promises';

/** The file held fewer bytes than declared when it was read. */
export class ShortReadError extends Error {
  constructor(
    readonly declared: number,
    readonly sent: number,
  ) {
    super(`The file shrank while it was sent: ${sent} of ${declared} bytes were there.`);
    this.name = 'ShortReadError';
  }
}

export interface ExactLengthOptions {
  /** Bytes already read from the start of the file (the content check's look), sent first. */
  head?: Buffer;
  /** Runs each read (e.g. through a WorkLimiter). */
  gate?: <T>(read: () => Promise<T>) => Promise<T>;
  chunkBytes?: number;
}

/** A stream of exactly `length` bytes of `handle` from its start; it closes the handle when done. */
export function exactLengthStream(
  handle: FileHandle,
  length: number,
  options: ExactLengthOptions = {},
): Readable {
  const gate = options.gate ?? (<T>(read: () => Promise<T>) => read());
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  const head = options.head?.subarray(0, length) ?? Buffer.alloc(0);
  let position = 0;
  let closed: Promise<void> | null = null;
  const close = (): Promise<void> => (closed ??= handle.close().catch(() => undefined));

  return new Readable({
    highWaterMark: chunkBytes,
    read() {
      if (position === 0 && head.length > 0) {
        position = head.length;
        this.push(head);
        if (position === length) this.push(null);
        return;
      }
      if (position >= length) {
        this.push(null);
        return;
      }
      const want = Math.min(chunkBytes, length - position);
      gate(() => handle.read(Buffer.allocUnsafe(want), 0, want, position)).then(
        ({ bytesRead, buffer }) => {
          if (bytesRead === 0) {
            this.destroy(new ShortReadError(length, position));
            return;
          }
          position += bytesRead;
          this.push(buffer.subarray(0, bytesRead));
          if (position >= length) this.push(null);
        },
        (error: unknown) => this.destroy(error instanceof Error ? error : new Error(String(error))),
      );
    },
    destroy(error, callback) {
      void close().then(() => callback(error));
    },
  });
}
