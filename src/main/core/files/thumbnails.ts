/**
 * Thumbnails made on first request with sharp and kept on disk under <dataDir>/cache/thumbnails, keyed
 * by the real path, the file's size and mtime and the thumbnail size: an edited image gets a new one.
 * They show the stored pixels without EXIF rotation, as the trainers train them. Videos: a frame through
 * ffmpeg where it is on PATH, else a placeholder.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { mediaKindOf } from '../datasets/scan/media-kinds';
import { hasFfprobe } from '../datasets/scan/read-video-header';

export interface Thumbnail {
  body: Buffer;
  contentType: string;
}

export const thumbnailSizes = [64, 128, 256, 512] as const;

const videoPlaceholder = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="90" viewBox="0 0 160 90"><rect width="160" height="90" fill="#333"/><path d="M65 25v40l35-20z" fill="#bbb"/></svg>',
);

export function createThumbnailMaker(dataDir: string) {
  const root = join(dataDir, 'cache', 'thumbnails');
  const inFlight = new Map<string, Promise<Thumbnail>>();

  async function make(file: string, size: number): Promise<Thumbnail> {
    const info = await stat(file);
    const key = createHash('sha256').update(`${file}\0${info.size}\0${info.mtimeMs}\0${size}`).digest('hex');
    const cached = join(root, key.slice(0, 2), `${key}.webp`);
    try {
      return { body: await readFile(cached), contentType: 'image/webp' };
    } catch {
      // not made yet
    }
    let input: Buffer | string = file;
    if (mediaKindOf(file) === 'video') {
      const frame = hasFfprobe() ? await videoFrame(file) : null;
      if (!frame) return { body: videoPlaceholder, contentType: 'image/svg+xml' };
      input = frame;
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

  return {
    /** One thumbnail; two requests for the same one at once share the work. */
    thumbnail(file: string, size: number): Promise<Thumbnail> {
      const id = `${file}\0${size}`;
      const running = inFlight.get(id);
      if (running) return running;
      const promise = make(file, size).finally(() => inFlight.delete(id));
      inFlight.set(id, promise);
      return promise;
    },
  };
}

function videoFrame(file: string): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const child = spawn(
      'ffmpeg',
      ['-v', 'error', '-i', file, '-frames:v', '1', '-f', 'image2pipe', '-vcodec', 'png', '-'],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', () => resolve(null));
    child.on('close', (code) => resolve(code === 0 && chunks.length > 0 ? Buffer.concat(chunks) : null));
  });
}
