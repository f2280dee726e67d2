/**
 * Folders that are never a dataset: walking them is slow at best (`/`), endless at worst (`/proc`, `/sys`,
 * `/dev`), and none holds a user's images and captions. Pure: the caller passes the real path (links
 * resolved) and the home folder.
 *
 * - Virtual and system trees are refused with everything inside them: /proc, /sys, /dev (but /dev/shm,
 *   a RAM disk people use for fast data), /boot, /etc, /usr, /bin, /sbin, /lib*.
 * - Folders that hold other people's or other programs' folders are refused themselves, and a folder
 *   inside them is fine: /, /home, /root, /run (/run/media/<user>/<disk>), /var, /tmp, /mnt, /media, /srv,
 *   /opt, /snap, /lost+found, /dev/shm, every file-system root (C:\), and the user's home folder itself
 *   (/home/me/data works; /home/me is a whole life, not a dataset).
 */
import { parse, posix } from 'node:path';

const virtualTrees = ['/proc', '/sys', '/dev'];
const systemTrees = ['/boot', '/etc', '/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];
/** Inside a refused tree, yet a place users keep data. */
const allowedInside = ['/dev/shm'];
const folderHolders = [
  '/home',
  '/root',
  '/run',
  '/var',
  '/tmp',
  '/mnt',
  '/media',
  '/srv',
  '/opt',
  '/snap',
  '/lost+found',
  '/dev/shm',
];

const within = (path: string, tree: string): boolean => path === tree || path.startsWith(`${tree}/`);

/** Why `realPath` cannot be a dataset ("is a virtual folder of the system …"), or null when it can. */
export function systemFolderReason(realPath: string, home: string): string | null {
  const path = realPath.length > 1 ? realPath.replace(/[\\/]+$/, '') : realPath;
  if (parse(path).root === path) return `${path} is the root of the file system, not a dataset`;
  if (folderHolders.includes(path)) return `${path} holds other folders, not a dataset`;
  if (allowedInside.some((tree) => within(path, tree))) return null;
  const virtual = virtualTrees.find((tree) => within(path, tree));
  if (virtual) return `${virtual} is a virtual folder of the system (it holds no files of yours)`;
  const system = systemTrees.find((tree) => within(path, tree));
  if (system) return `${system} holds the system's own software and settings`;
  if (home !== '' && posix.normalize(home) === path) return `${path} is your home folder, not a dataset`;
  return null;
}

/** The refusal of `datasets.register`: what was asked, why not, and what to do instead. */
export function systemFolderRefusal(asked: string, realPath: string, reason: string): string {
  const through = asked === realPath ? '' : ` (it leads to ${realPath})`;
  return `${asked}${through} cannot be a dataset: ${reason}. Register the folder that holds your images and captions instead (for example /home/you/datasets/cats).`;
}
