/**
 * What the file route may send of a file the guard let through, decided by its name first and its
 * bytes second. Dataset files: only the media the scan recognised, and only if the bytes are media of
 * that kind (a `key.png` link to a private key is text, so it stays home). Job outputs: sample media
 * by their bytes, and the trainers' small text files (.txt, .json) when they are UTF-8 text; checkpoints
 * and anything else are refused, since the UI shows samples and a file route is not a download server.
 * Pure: the bytes come in as values.
 */
import { extname } from 'node:path';
import type { MediaKind } from '../datasets/scan/media-kinds';
import { isPlainText, sniffMedia } from './media-signature';

/** Largest text file the route sends (it is read whole and checked before the first byte leaves). */
export const maxServedTextBytes = 4 * 1024 * 1024;

export type ServePlan =
  | { as: 'media'; expected: MediaKind | null }
  | { as: 'text'; contentType: string }
  | { as: 'refused'; reason: string };

export type ContentVerdict = { ok: true; contentType: string } | { ok: false; reason: string };

const textTypes: Record<string, string> = {
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

const checkpointExtensions = new Set(['.safetensors', '.ckpt', '.pt', '.pth', '.bin', '.gguf']);

/** Dataset files come with the kind the scan gave them; job outputs are known by name only. */
export function servePlanOf(
  file: { source: 'dataset'; kind: MediaKind } | { source: 'job-output'; name: string },
): ServePlan {
  if (file.source === 'dataset') return { as: 'media', expected: file.kind };
  const ext = extname(file.name).toLowerCase();
  const text = textTypes[ext];
  if (text) return { as: 'text', contentType: text };
  if (checkpointExtensions.has(ext)) {
    return {
      as: 'refused',
      reason: 'Checkpoints are not sent through the file route; open the job’s output folder on the host.',
    };
  }
  return { as: 'media', expected: null };
}

const named = (kind: MediaKind): string => (kind === 'image' ? 'an image' : 'a video');

/** Whether the file's first bytes are the media the plan expects; its Content-Type if so. */
export function checkMedia(head: Uint8Array, expected: MediaKind | null): ContentVerdict {
  const found = sniffMedia(head);
  if (found === null) {
    return {
      ok: false,
      reason:
        head.length === 0
          ? 'The file is empty (or its size is not known), so it is not an image or a video.'
          : 'The file’s content is not an image or a video the app shows, whatever its name says.',
    };
  }
  if (expected !== null && found.kind !== expected) {
    return {
      ok: false,
      reason: `The file’s content is ${named(found.kind)}, but the scan found ${named(expected)}.`,
    };
  }
  return { ok: true, contentType: found.contentType };
}

/** Whether a whole text file may be sent as the plan's text type. */
export function checkText(body: Uint8Array): { ok: true } | { ok: false; reason: string } {
  return isPlainText(body)
    ? { ok: true }
    : { ok: false, reason: 'The file is not UTF-8 text (it has a NUL byte or an invalid sequence).' };
}
