/**
 * Thumbnails made on first request with sharp and kept on disk under <dataDir>/cache/thumbnails, keyed
 * by the real path, the file's size and mtime and the thumbnail size: an edited image gets a new one.
 * They show the stored pixels without EXIF rotation, as the trainers train them. Videos: a frame through
 * ffmpeg where it is on PATH, else a placeholder.
 *
 * The file is opened once, non-blocking and after a type check (openRegularFile), and its content is
 * checked like an original's: sharp gets the bytes read from that descriptor (bounded), ffmpeg reads
 * that descriptor, so nothing here opens the path a second time (a FIFO swapped in meanwhile is never
 * opened by a thread of the pool or a child).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { MediaKind } from '../datasets/scan/media-kinds';
import { hasFfprobe } from '../datasets/scan/read-video-header';
import { formatBytes, openRegularFile, UserFileError } from '../fs/read-user-file';
import { signatureBytes } from './media-signature';
import { readAt } from './open-served-file';
import { checkMedia } from './serve-policy';

export interface Thumbnail {
  body: Buffer;
  contentType: string;
}

/** The file is not media a thumbnail can be made of (the route answers 422 with the message). */
export class NoThumbnailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoThumbnailError';
  }
}

export const thumbnailSizes = [64, 128, 256, 512] as const;

/** Largest image read into memory for a thumbnail (a 100-megapixel PNG is well under it). */
export const maxThumbnailInputBytes = 256 * 1024 * 1024;
/** A video frame that takes longer than this is not coming (a damaged or hostile file). */
const ffmpegTimeoutMs = 20_000;

const videoPlaceholder = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="90" viewBox="0 0 160 90"><rect width="160" height="90" fill="#333"/><path d="M65 25v40l35-20z" fill="#bbb"/></svg>',
);

export function createThumbnailMaker(dataDir: string) {
  const root = join(dataDir, 'cache', 'thumbnails');
  const inFlight = new Map<string, Promise<Thumbnail>>();

  async function fromOpenFile(
    file: string,
    handle: FileHandle,
    fileSize: number,
    mtimeMs: number,
    expected: MediaKind | null,
    size: number,
  ): Promise<Thumbnail> {
    const key = createHash('sha256').update(`${file}\0${fileSize}\0${mtimeMs}\0${size}`).digest('hex');
    const cached = join(root, key.slice(0, 2), `${key}.webp`);
    try {
      return { body: await readFile(cached), contentType: 'image/webp' };
    } catch {
      // not made yet
    }
    const media = checkMedia(await readAt(handle, 0, Math.min(fileSize, signatureBytes)), expected);
    if (!media.ok) throw new NoThumbnailError(media.reason);
    let input: Buffer;
    if (media.contentType.startsWith('video/')) {
      const frame = hasFfprobe() ? await videoFrame(handle) : null;
      if (!frame) return { body: videoPlaceholder, contentType: 'image/svg+xml' };
      input = frame;
    } else {
      if (fileSize > maxThumbnailInputBytes)
        throw new NoThumbnailError(`The image is larger than ${formatBytes(maxThumbnailInputBytes)}.`);
      input = await readAt(handle, 0, fileSize);
    }
    const body = await sharp(input, { failOn: 'none' })
      .resize(size, size, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
    await mkdir(join(root, key.slice(0, 2)), { recursive: true });
    const temp = `${cached}.${process.pid}.tmp`;
    await writeFile(temp, body);
    await rename(temp, cached);
    return { body, contentType: 'image/webp' };
  }

  async function make(file: string, expected: MediaKind | null, size: number): Promise<Thumbnail> {
    let opened: Awaited<ReturnType<typeof openRegularFile>>;
    try {
      opened = await openRegularFile(file);
    } catch (error) {
      if (error instanceof UserFileError)
        throw new NoThumbnailError(`No thumbnail can be made of this file: ${error.message}.`);
      throw error;
    }
    const { handle, stats } = opened;
    try {
      return await fromOpenFile(file, handle, stats.size, stats.mtimeMs, expected, size);
    } finally {
      await handle.close();
    }
  }

  return {
    /**
     * One thumbnail of `file`, whose content must be media of `expected` (any media when null); two
     * requests for the same one at once share the work.
     */
    thumbnail(file: string, expected: MediaKind | null, size: number): Promise<Thumbnail> {
      const id = `${file}\0${expected ?? ''}\0${size}`;
      const running = inFlight.get(id);
      if (running) return running;
      const promise = make(file, expected, size).finally(() => inFlight.delete(id));
      inFlight.set(id, promise);
      return promise;
    },
  };
}

/** The first frame as PNG, ffmpeg reading the descriptor already opened (fd 3 of the child). */
function videoFrame(handle: FileHandle): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const child = spawn(
      'ffmpeg',
      ['-v', 'error', '-i', '/dev/fd/3', '-frames:v', '1', '-f', 'image2pipe', '-vcodec', 'png', '-'],
      { stdio: ['ignore', 'pipe', 'ignore', handle.fd] },
    );
    const timer = setTimeout(() => child.kill('SIGKILL'), ffmpegTimeoutMs);
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', () => {
      clearTimeout(timer);
      resolve(null);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0 && chunks.length > 0 ? Buffer.concat(chunks) : null);
    });
  });
}
