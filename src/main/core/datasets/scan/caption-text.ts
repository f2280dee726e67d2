/** A caption file's bytes as text: strict UTF-8 where it is, lossy (U+FFFD) and marked where it is not. */
const strict = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8');

export function decodeCaption(bytes: Uint8Array): { text: string; utf8: boolean } {
  try {
    return { text: strict.decode(bytes), utf8: true };
  } catch {
    return { text: lossy.decode(bytes), utf8: false };
  }
}
