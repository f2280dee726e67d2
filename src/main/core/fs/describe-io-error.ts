/** A file-system error as a short sentence, with the advice that fits its code. */
const adviceByCode: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  EROFS: 'the file system is read-only',
  ENOENT: 'the file or folder does not exist',
  EISDIR: 'a folder is in the way',
  EMFILE: 'too many files are open',
};

export function describeIoError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code && adviceByCode[code]) return `${adviceByCode[code]} (${code})`;
    return withoutFinalDot(error.message);
  }
  return withoutFinalDot(String(error));
}

/** Callers end the sentence themselves: a message that already ends in a dot would end in two. */
function withoutFinalDot(text: string): string {
  return text.replace(/[.\s]+$/, '');
}
