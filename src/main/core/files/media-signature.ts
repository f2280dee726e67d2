/**
 * What a file is by its first bytes, not its name: the image and video containers the file route
 * serves. A name says what the user meant; the bytes say what a browser (or a thief) would get, so the
 * route serves a file only when they agree on the kind, and labels it by its bytes.
 */
import type { MediaKind } from '../datasets/scan/media-kinds';

export interface MediaSignature {
  kind: MediaKind;
  contentType: string;
}

/** How many leading bytes `sniffMedia` looks at (all it needs for every signature below). */
export const signatureBytes = 64;

const ascii = (head: Uint8Array, at: number, text: string): boolean =>
  head.length >= at + text.length &&
  Buffer.from(head.subarray(at, at + text.length)).toString('latin1') === text;

const bytes = (head: Uint8Array, at: number, expected: readonly number[]): boolean =>
  head.length >= at + expected.length && expected.every((b, i) => head[at + i] === b);

const uint32BE = (head: Uint8Array, at: number): number =>
  (head[at] ?? 0) * 2 ** 24 + ((head[at + 1] ?? 0) << 16) + ((head[at + 2] ?? 0) << 8) + (head[at + 3] ?? 0);

const uint32LE = (head: Uint8Array, at: number): number =>
  (head[at] ?? 0) + ((head[at + 1] ?? 0) << 8) + ((head[at + 2] ?? 0) << 16) + (head[at + 3] ?? 0) * 2 ** 24;

/** BMP's DIB header sizes (BITMAPCOREHEADER … BITMAPV5HEADER): "BM" alone is too common in text. */
const bmpHeaderSizes = new Set([12, 16, 40, 52, 56, 64, 108, 124]);

/** QuickTime files from before `ftyp` may open with one of these atoms. */
const quickTimeFirstAtoms = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

function isoMedia(head: Uint8Array): MediaSignature | null {
  if (head.length < 12) return null;
  const boxType = Buffer.from(head.subarray(4, 8)).toString('latin1');
  const boxSize = uint32BE(head, 0);
  if (boxType === 'ftyp' && boxSize >= 12) {
    const brand = Buffer.from(head.subarray(8, 12)).toString('latin1');
    return { kind: 'video', contentType: brand === 'qt  ' ? 'video/quicktime' : 'video/mp4' };
  }
  // Size 0 (to end of file), 1 (64-bit size follows) or a whole box header at least.
  if (quickTimeFirstAtoms.has(boxType) && (boxSize === 0 || boxSize === 1 || boxSize >= 8)) {
    return { kind: 'video', contentType: 'video/quicktime' };
  }
  return null;
}

function matroska(head: Uint8Array): MediaSignature | null {
  if (!bytes(head, 0, [0x1a, 0x45, 0xdf, 0xa3])) return null;
  // The EBML header names its DocType within the first few dozen bytes.
  const text = Buffer.from(head.subarray(0, signatureBytes)).toString('latin1');
  return { kind: 'video', contentType: text.includes('webm') ? 'video/webm' : 'video/x-matroska' };
}

/** The media `head` (a file's first bytes) begins, or null when it is none the route serves. */
export function sniffMedia(head: Uint8Array): MediaSignature | null {
  if (bytes(head, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { kind: 'image', contentType: 'image/png' };
  if (bytes(head, 0, [0xff, 0xd8, 0xff])) return { kind: 'image', contentType: 'image/jpeg' };
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return { kind: 'image', contentType: 'image/webp' };
  if (ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a'))
    return { kind: 'image', contentType: 'image/gif' };
  if (ascii(head, 0, 'BM') && head.length >= 18 && bmpHeaderSizes.has(uint32LE(head, 14)))
    return { kind: 'image', contentType: 'image/bmp' };
  return isoMedia(head) ?? matroska(head);
}

/** Text a viewer can show: valid UTF-8 (a character cut at the end of `bytes` allowed) and no NUL. */
export function isPlainText(bytes: Uint8Array, complete = true): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}
