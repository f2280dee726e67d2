/**
 * `host.listFolder`: one folder of the host, as the picker shows it. It reads what the host process can
 * read and nothing else (an unreadable folder is refused with its name), never a file's contents, and
 * stays prompt on a huge folder: it reads at most `scanLimit` names, stats only links (at most 10,000),
 * sorts names, and looks up sizes and times of the `limit` entries it answers only.
 */
import type { Dirent } from 'node:fs';
import { opendir, realpath, stat } from 'node:fs/promises';
import { dirname, join, parse, resolve } from 'node:path';
import {
  contractError,
  type FolderEntry,
  type FolderEntryKind,
  type FolderListing,
  type ListFolderRequest,
} from '../../../shared/contract';
import { HandlerError } from '../contract/dispatcher';
import { absolutePathError, userPathError } from '../fs/user-path-error';
import { expandHome } from './expand-home';
import { refusedFolderError, refusedTreeOf } from './picker-guard';
import { isHiddenName, passesNameFilter, selectEntries, type NamedEntry } from './select-entries';

export const defaultListLimit = 2000;

export interface ListFolderOptions {
  /** The home folder of the user the host runs as. */
  home: string;
  /** Names read from one folder at most (more: the answer is `truncated`). Default 200,000. */
  scanLimit?: number;
  /** Who the host runs as, for the refusal of an unreadable folder ("user nobody"). */
  user?: string;
}

const field = 'path';
/** Stats at a time: enough to keep the disk busy, few enough not to flood libuv's pool. */
const statBatch = 64;
/** Links are followed one stat each, so a folder of links is cut here (by name), like a huge folder. */
const maxFollowedLinks = 10_000;

export async function listFolder(
  request: ListFolderRequest,
  options: ListFolderOptions,
): Promise<FolderListing> {
  const folder = await folderToList(request.path ?? options.home, options);
  const scanLimit = options.scanLimit ?? 200_000;
  const limit = request.limit ?? defaultListLimit;

  const named: NamedEntry[] = [];
  const links: string[] = [];
  let scanned = 0;
  let cut = false;
  let dir;
  try {
    dir = await opendir(folder, { bufferSize: 512 });
  } catch (error) {
    throw new HandlerError(unreadable(folder, error, options.user));
  }
  try {
    for await (const dirent of dir) {
      if (++scanned > scanLimit) {
        cut = true;
        break;
      }
      if (!passesNameFilter(dirent.name, request.filter)) continue;
      const kind = kindOfDirent(dirent);
      if (kind === 'link') links.push(dirent.name);
      else if (kind !== null) named.push({ name: dirent.name, kind });
    }
  } catch (error) {
    throw new HandlerError(unreadable(folder, error, options.user));
  } finally {
    // `break` has closed the handle already; closing it again only says so.
    await Promise.resolve()
      .then(() => dir.close())
      .catch(() => undefined);
  }
  if (links.length > maxFollowedLinks) {
    links.sort();
    links.length = maxFollowedLinks;
    cut = true;
  }
  for (const entry of await followLinks(folder, links)) named.push(entry);

  const chosen = selectEntries(named, request.filter, limit);
  const entries = await describeEntries(folder, chosen.entries);
  return {
    path: folder,
    parent: parse(folder).root === folder ? null : dirname(folder),
    home: options.home,
    entries,
    truncated: chosen.truncated || cut,
  };
}

/** The absolute folder a request names (a file names its folder), refused where the picker may not go. */
async function folderToList(asked: string, options: ListFolderOptions): Promise<string> {
  const expanded = expandHome(asked, options.home);
  const notAbsolute = absolutePathError(expanded, field);
  if (notAbsolute) throw new HandlerError(notAbsolute);
  const target = resolve(expanded);
  let folder: string;
  try {
    folder = (await stat(target)).isDirectory() ? target : dirname(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new HandlerError(
        contractError(
          'not_found',
          `The folder "${target}" does not exist on the host. Check the path, or choose a folder from its parent.`,
          [{ path: field, message: 'does not exist' }],
        ),
      );
    }
    if ((error as NodeJS.ErrnoException).code === 'EACCES')
      throw new HandlerError(unreadable(target, error, options.user));
    throw new HandlerError(userPathError('list', target, field, error));
  }
  const real = await realpath(folder).catch((error: unknown) => {
    throw new HandlerError(unreadable(folder, error, options.user));
  });
  const tree = refusedTreeOf(real);
  if (tree !== null) throw new HandlerError(refusedFolderError(folder, real, tree, field));
  return folder;
}

function unreadable(folder: string, error: unknown, user: string | undefined) {
  const errno = (error as NodeJS.ErrnoException).code;
  if (errno === 'EACCES' || errno === 'EPERM') {
    const who = user ? `the user ${user}, whom DPGui runs as,` : 'the user DPGui runs as';
    return contractError(
      'forbidden',
      `The folder "${folder}" cannot be read: ${who} has no permission to list it. Choose another folder, or give that user read access.`,
      [{ path: field, message: 'permission denied' }],
    );
  }
  return userPathError('list', folder, field, error);
}

type DirentKind = FolderEntryKind | 'link' | null;

function kindOfDirent(dirent: Dirent): DirentKind {
  if (dirent.isDirectory()) return 'folder';
  if (dirent.isFile()) return 'file';
  if (dirent.isSymbolicLink()) return 'link';
  // Pipes, sockets and devices are nothing a picker should offer.
  return null;
}

/** Links, as what they point at; dangling ones, ones into /proc and the like, and odd kinds are left out. */
async function followLinks(folder: string, names: string[]): Promise<NamedEntry[]> {
  const found: NamedEntry[] = [];
  for (let start = 0; start < names.length; start += statBatch) {
    const batch = names.slice(start, start + statBatch);
    const kinds = await Promise.all(
      batch.map(async (name) => {
        const path = join(folder, name);
        try {
          const [stats, real] = await Promise.all([stat(path), realpath(path)]);
          if (refusedTreeOf(real) !== null) return null;
          return stats.isDirectory() ? 'folder' : stats.isFile() ? 'file' : null;
        } catch {
          return null;
        }
      }),
    );
    batch.forEach((name, i) => {
      const kind = kinds[i];
      if (kind) found.push({ name, kind });
    });
  }
  return found;
}

/** Size and time of each chosen entry; one that vanished (or cannot be stat'ed) meanwhile is left out. */
async function describeEntries(folder: string, chosen: readonly NamedEntry[]): Promise<FolderEntry[]> {
  const entries: FolderEntry[] = [];
  for (let start = 0; start < chosen.length; start += statBatch) {
    const batch = chosen.slice(start, start + statBatch);
    const described = await Promise.all(
      batch.map(async ({ name, kind }): Promise<FolderEntry | null> => {
        const path = join(folder, name);
        // A virtual tree is shown nowhere, so the picker never offers a folder it would then refuse.
        if (kind === 'folder' && refusedTreeOf(path) !== null) return null;
        try {
          const stats = await stat(path);
          return {
            name,
            path,
            kind,
            size: kind === 'file' ? stats.size : null,
            modifiedAt: stats.mtime.toISOString(),
            hidden: isHiddenName(name),
          };
        } catch {
          return null;
        }
      }),
    );
    for (const entry of described) if (entry) entries.push(entry);
  }
  return entries;
}
