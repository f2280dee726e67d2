/**
 * An image's size from its header only (image-size on the first bytes; never a decode), as sd-scripts
 * reads it with `imagesize`: without EXIF rotation. The EXIF orientation is reported beside it.
 */
import { closeSync, readSync } from 'node:fs';
import { imageSize } from 'image-size';
import { openRegularFileSync } from '../../fs/read-user-file';
import { openFailure } from './open-failure';

export type ImageHeader =
  { ok: true; width: number; height: number; orientation: number | null } | { ok: false; reason: string };

// Most headers fit in the first 4 KiB; a JPEG with a large EXIF block needs more.
const readSizes = [4096, 65536, 524288];

export function readImageHeader(file: string, fileSize: number): ImageHeader {
  let fd: number;
  try {
    // Never a blocking open: a FIFO put in the file's place since the walk must not hold the scan.
    fd = openRegularFileSync(file).fd;
  } catch (error) {
    return { ok: false, reason: openFailure(error) };
  }
  try {
    let lastError = 'empty file';
    for (const want of readSizes) {
      const length = Math.min(want, fileSize);
      if (length === 0) break;
      const buffer = Buffer.allocUnsafe(length);
      const read = readSync(fd, buffer, 0, length, 0);
      try {
        const size = imageSize(buffer.subarray(0, read));
        if (!(size.width > 0 && size.height > 0)) throw new Error('the header gives no size');
        return { ok: true, width: size.width, height: size.height, orientation: size.orientation ?? null };
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
      }
      if (length >= fileSize) break;
    }
    return { ok: false, reason: `is not a readable image (${headerError(lastError)})` };
  } catch (error) {
    return {
      ok: false,
      reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    };
  } finally {
    closeSync(fd);
  }
}

/**
 * image-size's complaint in words: it says "unsupported file type: undefined" where no format matched,
 * which is a hole to a reader.
 */
function headerError(message: string): string {
  if (/^unsupported file type/i.test(message)) return 'its first bytes match no image format';
  return message.replace(/[.\s]+$/, '') || 'its header gives no size';
}

/** Orientations 2–8 show the image rotated or mirrored; the trainers train the stored pixels. */
export function orientationWarning(orientation: number | null): string | null {
  if (orientation === null || orientation === 1) return null;
  const turned =
    orientation >= 5
      ? 'rotated by 90° (width and height swap)'
      : orientation === 3
        ? 'rotated by 180°'
        : 'mirrored';
  return `EXIF orientation ${orientation}: viewers show it ${turned}, but the trainers read the stored pixels without rotating them`;
}
