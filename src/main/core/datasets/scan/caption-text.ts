/** A caption file's bytes as text: strict UTF-8 where it is, lossy (U+FFFD) and marked where it is not. */
import { describeIoError } from '../../fs/describe-io-error';
import { UserFileError } from '../../fs/read-user-file';

const strict = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8');

export function decodeCaption(bytes: Uint8Array): { text: string; utf8: boolean } {
  try {
    return { text: strict.decode(bytes), utf8: true };
  } catch {
    return { text: lossy.decode(bytes), utf8: false };
  }
}

/** The most of a caption file DPGui reads: far beyond any caption a trainer's tokenizer keeps. */
export const maxCaptionBytes = 1024 * 1024;

/** Why a caption cannot be read, as the end of "The caption file cannot be read: …". */
export function captionProblemOf(error: unknown): string {
  return error instanceof UserFileError ? error.message : describeIoError(error);
}
