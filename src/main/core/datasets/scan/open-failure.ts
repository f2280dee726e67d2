/** Why a dataset file could not be opened, as the end of "This file …" (the scan's `problem`). */
import { UserFileError } from '../../fs/read-user-file';

export function openFailure(error: unknown): string {
  if (error instanceof UserFileError) return `cannot be opened (${error.message})`;
  return `cannot be opened (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
}
