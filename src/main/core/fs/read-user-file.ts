/**
 * Reading a file DPGui did not make (an import, a preset, a caption, a dataset file): it must be a
 * regular file once links are followed, and at most `maxBytes` are read whatever `stat` says (procfs
 * reports 0 for files that never end). The open is non-blocking, so a FIFO swapped in between the check
 * and the open cannot hold a thread; the type is checked again on the open descriptor. The async form
 * reads through libuv's pool, off the main thread; the sync form is for worker threads and start-up.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';

export type UserFileProblem = 'not-a-file' | 'too-large';

/** A file the user named that DPGui will not read: not a regular file, or larger than the limit. */
export class UserFileError extends Error {
  constructor(
    readonly problem: UserFileProblem,
    readonly file: string,
    readonly limitBytes: number,
    message: string,
  ) {
    super(message);
    this.name = 'UserFileError';
  }
}

/** `O_NONBLOCK`: opening a FIFO that no one writes returns at once instead of waiting for a writer. */
export const nonBlockingReadFlags = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

function describeFileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

export function notAFileError(file: string, stats: Stats, limitBytes = 0): UserFileError {
  return new UserFileError(
    'not-a-file',
    file,
    limitBytes,
    `it is ${describeFileKind(stats)}, not a regular file`,
  );
}

export function tooLargeError(file: string, limitBytes: number): UserFileError {
  return new UserFileError(
    'too-large',
    file,
    limitBytes,
    `it is larger than ${formatBytes(limitBytes)}, the limit for this file`,
  );
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** Opens a regular file without ever blocking on it; the caller closes the handle. */
export async function openRegularFile(file: string): Promise<{ handle: FileHandle; stats: Stats }> {
  const before = await stat(file);
  if (!before.isFile()) throw notAFileError(file, before);
  const handle = await open(file, nonBlockingReadFlags);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw notAFileError(file, stats);
    return { handle, stats };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Reads go in whole chunks of a power of two (64 KiB to 4 MiB, by the size stat gave): some procfs files
 * (/proc/self/pagemap) refuse a read whose size is not a multiple of 8 (EINVAL), so the count is never
 * "what is left of the limit".
 */
function readChunkBytes(statSize: number): number {
  let bytes = 64 * 1024;
  while (bytes <= statSize && bytes < 4 * 1024 * 1024) bytes *= 2;
  return bytes;
}

/**
 * What the async and sync readers share: one reused chunk to read into, the pieces kept (each a copy),
 * and the limit checked after every read, so a file that never ends stops at `maxBytes`.
 */
class BoundedPieces {
  readonly chunk: Buffer;
  private readonly pieces: Buffer[] = [];
  private length = 0;

  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
    statSize: number,
  ) {
    if (statSize > maxBytes) throw tooLargeError(file, maxBytes);
    this.chunk = Buffer.allocUnsafe(readChunkBytes(statSize));
  }

  /** Keeps what the last read put in the chunk; false at the end of the file. */
  add(bytesRead: number): boolean {
    if (bytesRead === 0) return false;
    this.length += bytesRead;
    if (this.length > this.maxBytes) throw tooLargeError(this.file, this.maxBytes);
    this.pieces.push(Buffer.from(this.chunk.subarray(0, bytesRead)));
    return true;
  }

  joined(): Buffer {
    const [only] = this.pieces;
    return this.pieces.length === 1 && only ? only : Buffer.concat(this.pieces, this.length);
  }
}

/** The whole file, at most `maxBytes`; past it a UserFileError('too-large'), whatever stat said. */
export async function readUserFile(file: string, maxBytes: number): Promise<Buffer> {
  const { handle, stats } = await openRegularFile(file);
  try {
    const read = new BoundedPieces(file, maxBytes, stats.size);
    while (read.add((await handle.read(read.chunk, 0, read.chunk.length, null)).bytesRead));
    return read.joined();
  } finally {
    await handle.close();
  }
}

/** The sync twin of `openRegularFile` (worker threads): a descriptor of a regular file; the caller closes it. */
export function openRegularFileSync(file: string): { fd: number; stats: Stats } {
  const before = statSync(file);
  if (!before.isFile()) throw notAFileError(file, before);
  const fd = openSync(file, nonBlockingReadFlags);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw notAFileError(file, stats);
    return { fd, stats };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** The sync twin of `readUserFile`, for worker threads and code that must stay synchronous. */
export function readUserFileSync(file: string, maxBytes: number): Buffer {
  const { fd, stats } = openRegularFileSync(file);
  try {
    const read = new BoundedPieces(file, maxBytes, stats.size);
    while (read.add(readSync(fd, read.chunk, 0, read.chunk.length, null)));
    return read.joined();
  } finally {
    closeSync(fd);
  }
}
