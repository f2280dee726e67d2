/** Which files a dataset scan counts: the image and video extensions the trainers read. */
import { extname } from 'node:path';

/** sd-scripts' IMAGE_EXTENSIONS (without the optional avif/jxl plugins). */
export const imageExtensions = ['.png', '.jpg', '.jpeg', '.webp', '.bmp'] as const;
/** The containers diffusion-pipe's video loader opens that users bring. */
export const videoExtensions = ['.mp4', '.webm', '.mov', '.mkv'] as const;

export type MediaKind = 'image' | 'video';

export function mediaKindOf(name: string): MediaKind | null {
  const ext = extname(name).toLowerCase();
  if ((imageExtensions as readonly string[]).includes(ext)) return 'image';
  if ((videoExtensions as readonly string[]).includes(ext)) return 'video';
  return null;
}

/** os.path.splitext(name)[0] + extension: where the trainers look for a file's caption. */
export function captionNameFor(name: string, captionExtension: string): string {
  const ext = extname(name);
  return (ext === '' ? name : name.slice(0, -ext.length)) + captionExtension;
}
