/**
 * Reading and writing caption files: bytes kept exact, every write atomic (temp file + fsync + rename).
 * Both are asynchronous (libuv's pool, off the main thread). A caption is read as any file DPGui did not
 * make: a regular file once links are followed, at most `maxCaptionBytes`, opened without blocking.
 */
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { notAFileError, readUserFile } from '../../fs/read-user-file';
import { decodeCaption, maxCaptionBytes } from '../scan/caption-text';

export type CaptionRead = { exists: false } | { exists: true; bytes: Buffer; text: string; utf8: boolean };

/** The caption, or `exists: false`; a UserFileError where it is not a regular file or too large. */
export async function readCaptionFile(file: string): Promise<CaptionRead> {
  let bytes: Buffer;
  try {
    bytes = await readUserFile(file, maxCaptionBytes);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false };
    throw error;
  }
  const decoded = decodeCaption(bytes);
  return { exists: true, bytes, text: decoded.text, utf8: decoded.utf8 };
}

/**
 * Replaces the caption with `content`. What stands at its place must be a regular file or nothing (a
 * FIFO, a device or a folder named like a caption is the user's, not DPGui's to replace): a UserFileError.
 */
export async function writeCaptionFileAtomic(file: string, content: Buffer | string): Promise<void> {
  let mode = 0o644;
  try {
    const existing = await stat(file);
    if (!existing.isFile()) throw notAFileError(file, existing, maxCaptionBytes);
    mode = existing.mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.dpgui-tmp`);
  // A leftover of a crash (or anything else by that name) goes first: the open below creates it anew.
  await rm(temp, { force: true });
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    await handle.sync();
    await handle.close();
    await rename(temp, file);
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(temp, { force: true });
    throw error;
  }
}
