/**
 * Opening a file the guard let through, for sending: its type checked before any open (a FIFO, a
 * device or a folder is refused without touching it), opened non-blocking, its bytes checked against
 * what the route may send (serve-policy.ts), and its length taken from the open descriptor. Media is
 * streamed from that descriptor, exactly that many bytes; text is read whole (bounded), checked, and
 * sent as one buffer. Each refusal is a sentence the route answers with 422 (404 for a file gone).
 */
import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { openRegularFile, UserFileError, formatBytes } from '../fs/read-user-file';
import { describeIoError } from '../fs/describe-io-error';
import { exactLengthStream } from './exact-length-stream';
import { signatureBytes } from './media-signature';
import { checkMedia, checkText, maxServedTextBytes, type ServePlan } from './serve-policy';

export type FileRefusal = {
  ok: false;
  status: 400 | 403 | 404 | 422 | 503;
  reason: string;
  retryAfterSeconds?: number;
};

export type FileAnswer =
  | { ok: true; contentType: string; length: number; body: Buffer }
  | { ok: true; contentType: string; length: number; stream: Readable }
  | FileRefusal;

export const refusal = (status: FileRefusal['status'], reason: string): FileRefusal => ({
  ok: false,
  status,
  reason,
});

/** The first bytes sent come from the content check's read; this much is read for it. */
const headBytes = 64 * 1024;

type Gate = <T>(read: () => Promise<T>) => Promise<T>;

/** A failure opening or reading `file` as the answer a client should see. */
export function refusalOfOpenError(error: unknown): FileRefusal {
  if (error instanceof UserFileError) return refusal(422, `The file cannot be sent: ${error.message}.`);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return refusal(404, 'The file is gone.');
  return refusal(422, `The file cannot be read: ${describeIoError(error)}.`);
}

/** Up to `max` bytes of `handle` from `position` (fewer only at the end of the file). */
export async function readAt(handle: FileHandle, position: number, max: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(max);
  let length = 0;
  while (length < max) {
    const { bytesRead } = await handle.read(buffer, length, max - length, position + length);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  return buffer.subarray(0, length);
}

/**
 * Opens `file` for sending as `plan` says. The open itself runs inside `open` (a slot of the route's
 * bound); the stream's later reads go through `read`.
 */
export async function openServedFile(
  file: string,
  plan: ServePlan,
  gates: { open: Gate; read: Gate },
): Promise<FileAnswer> {
  if (plan.as === 'refused') return refusal(422, plan.reason);
  return gates.open(async (): Promise<FileAnswer> => {
    let opened: Awaited<ReturnType<typeof openRegularFile>>;
    try {
      opened = await openRegularFile(file);
    } catch (error) {
      return refusalOfOpenError(error);
    }
    const { handle, stats } = opened;
    let handedOver = false;
    try {
      if (plan.as === 'text') {
        // Read whole whatever fstat said (procfs says 0), one byte past the limit to notice "more".
        const body = await readAt(handle, 0, maxServedTextBytes + 1);
        if (body.length > maxServedTextBytes)
          return refusal(
            422,
            `The file is larger than ${formatBytes(maxServedTextBytes)}, the limit for text.`,
          );
        const text = checkText(body);
        if (!text.ok) return refusal(422, text.reason);
        return { ok: true, contentType: plan.contentType, length: body.length, body };
      }
      // Media: what is declared is what fstat says, and the look at the content stays inside it.
      const length = stats.size;
      const head = await readAt(handle, 0, Math.min(length, headBytes));
      if (head.length < Math.min(length, headBytes))
        return refusal(422, 'The file shrank while it was read; try again.');
      const media = checkMedia(head.subarray(0, signatureBytes), plan.expected);
      if (!media.ok) return refusal(422, media.reason);
      handedOver = true;
      return {
        ok: true,
        contentType: media.contentType,
        length,
        stream: exactLengthStream(handle, length, { head, gate: gates.read }),
      };
    } catch (error) {
      return refusalOfOpenError(error);
    } finally {
      if (!handedOver) await handle.close().catch(() => undefined);
    }
  });
}
