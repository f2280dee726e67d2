/**
 * What the path picker may list. It lists what the host process can read, names only, so the only
 * trees it refuses are the virtual ones (/proc, /sys, /dev, but /dev/shm, a RAM disk people keep data
 * on): they hold no files of the user's, and /proc names every process of the machine. /etc or /usr
 * are listed (a python under /usr/bin is a fair pick); their contents still come only through the
 * guarded file route, which serves none of them. Pure: the caller passes paths with links resolved.
 */
import { contractError, type ContractError } from '../../../shared/contract';

const virtualTrees = ['/proc', '/sys', '/dev'];
const allowedInside = ['/dev/shm'];

const within = (path: string, tree: string): boolean => path === tree || path.startsWith(`${tree}/`);

/** The virtual tree `realPath` lies in, or null where the picker may go. */
export function refusedTreeOf(realPath: string): string | null {
  if (allowedInside.some((tree) => within(realPath, tree))) return null;
  return virtualTrees.find((tree) => within(realPath, tree)) ?? null;
}

/** The refusal of a folder the picker does not list: what was asked, and where to go instead. */
export function refusedFolderError(
  asked: string,
  realPath: string,
  tree: string,
  field: string,
): ContractError {
  const through = asked === realPath ? '' : ` (it leads to ${realPath})`;
  const message = `${asked}${through} is not listed: ${tree} is a virtual folder of the system and holds no files of yours. Choose a folder in your home or on a data disk instead.`;
  return contractError('forbidden', message, [{ path: field, message: `lies in ${tree}` }]);
}
