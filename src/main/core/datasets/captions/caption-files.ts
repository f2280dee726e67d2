/** Reading and writing caption files: bytes kept exact, every write atomic (temp file + fsync + rename). */
import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { decodeCaption } from '../scan/caption-text';

export type CaptionRead = { exists: false } | { exists: true; bytes: Buffer; text: string; utf8: boolean };

export function readCaptionFile(file: string): CaptionRead {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false };
    throw error;
  }
  const decoded = decodeCaption(bytes);
  return { exists: true, bytes, text: decoded.text, utf8: decoded.utf8 };
}

export function writeCaptionFileAtomic(file: string, content: Buffer | string): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.dpgui-tmp`);
  let mode = 0o644;
  try {
    mode = statSync(file).mode & 0o777;
  } catch {
    // a new caption file
  }
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'w', mode);
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    writeSync(fd, bytes, 0, bytes.length);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, file);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
}
