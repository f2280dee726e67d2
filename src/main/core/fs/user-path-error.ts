/**
 * A file-system failure on a path the user named is the user's to fix, not the host's failure: it is
 * answered as not_found / forbidden / invalid_payload (4xx), and only a failure of the machine itself
 * (a full disk, too many open files) as io_error (500).
 */
import { isAbsolute } from 'node:path';
import { contractError, type ContractError, type ContractErrorCode } from '../../../shared/contract';
import { describeIoError } from './describe-io-error';

const codeByErrno: Record<string, ContractErrorCode> = {
  ENOENT: 'not_found',
  ENOTDIR: 'not_found',
  EACCES: 'forbidden',
  EPERM: 'forbidden',
  EROFS: 'forbidden',
  EISDIR: 'invalid_payload',
  EEXIST: 'invalid_payload',
  ENAMETOOLONG: 'invalid_payload',
  ELOOP: 'invalid_payload',
  EINVAL: 'invalid_payload',
};

/** `error` happened on `path` (named by the request field `field`): the answer the caller should see. */
export function userPathError(action: string, path: string, field: string, error: unknown): ContractError {
  // Node refuses such a path before any system call (ERR_INVALID_ARG_VALUE): the request's to fix.
  if (path.includes('\0')) {
    return contractError('invalid_payload', `Cannot ${action} that path: it contains a NUL character.`, [
      { path: field, message: 'must not contain a NUL character' },
    ]);
  }
  const errno = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  // A plain Error (no errno) is our own sentence about the path ("it is not a file"): the user's to fix.
  const code = errno === undefined ? 'invalid_payload' : (codeByErrno[errno] ?? 'io_error');
  const reason = describeIoError(error);
  return contractError(code, `Cannot ${action} "${path}": ${reason}.`, [{ path: field, message: reason }]);
}

/** Host paths in requests must be absolute: a relative one would resolve against the host's own folder. */
export function absolutePathError(path: string, field: string): ContractError | null {
  return isAbsolute(path)
    ? null
    : contractError('invalid_payload', `"${path}" is not an absolute path; name the full path on the host.`, [
        { path: field, message: 'must be an absolute path' },
      ]);
}
