/**
 * Lists a dataset folder as the trainers list it: every folder below it (kohya subsets are folders),
 * symlinks followed as glob and Path.is_dir follow them, hidden names skipped as glob's "*" skips them.
 * A link back to a folder above it (a loop) is reported and not entered; an unreadable folder or a
 * broken link is reported and the walk goes on. A link into a system folder (/proc, /, …) is not
 * followed, and the walk is bounded: past `maxEntries` folder entries it stops and says so.
 */
import { opendirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { DatasetIssue } from '../../../../shared/contract';
import { systemFolderReason } from '../registry/system-folders';
import { mediaKindOf, type MediaKind } from './media-kinds';
import { defaultScanLimits, type ScanLimits } from './scan-record';

export interface ListedFile {
  path: string;
  absolutePath: string;
  realPath: string;
  kind: MediaKind;
  subset: string;
}

export interface ListedFolder {
  /** Relative path of the folder. */
  path: string;
  absolutePath: string;
  /** Every name in it (caption files are looked up here without another system call). */
  names: Set<string>;
}

export interface DatasetListing {
  files: ListedFile[];
  folders: ListedFolder[];
  issues: DatasetIssue[];
  /** Folder entries seen (files, folders, links, hidden names too). */
  entries: number;
  /** True where the walk stopped at `maxEntries`: the listing is incomplete. */
  stopped: boolean;
}

export interface WalkOptions {
  limits?: ScanLimits;
  /** The user's home folder (a link to it is not followed, as registering it is refused). */
  home?: string;
  /** Called after each folder with the media files listed and the entries seen so far. */
  onFolder?: (filesSoFar: number, entries: number) => void;
}

const maxDepth = 32;
const maxFiles = 500_000;

export function walkDataset(root: string, options: WalkOptions = {}): DatasetListing {
  const { limits = defaultScanLimits, home = '', onFolder = () => {} } = options;
  const listing: DatasetListing = { files: [], folders: [], issues: [], entries: 0, stopped: false };
  const rootReal = realpathSync(root);
  const stack: {
    absolute: string;
    real: string;
    rel: string;
    ancestors: ReadonlySet<string>;
    depth: number;
  }[] = [{ absolute: root, real: rootReal, rel: '', ancestors: new Set([rootReal]), depth: 0 }];
  while (stack.length > 0) {
    if (listing.entries >= limits.maxEntries) {
      listing.stopped = true;
      break;
    }
    const folder = stack.pop();
    if (!folder) break;
    let entries: Dirent[];
    try {
      const read = readEntries(folder.absolute, limits.maxEntries - listing.entries);
      entries = read.entries;
      if (read.cut) listing.stopped = true;
    } catch (error) {
      listing.issues.push({
        kind: 'unreadable',
        path: folder.rel || '.',
        message: `The folder cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); its files are left out.`,
      });
      continue;
    }
    listing.entries += entries.length;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const names = new Set<string>();
    const subfolders: typeof stack = [];
    for (const entry of entries) {
      const name = entry.name;
      if (name.startsWith('.')) continue;
      names.add(name);
      const rel = folder.rel === '' ? name : `${folder.rel}/${name}`;
      const absolute = join(folder.absolute, name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      let real = join(folder.real, name);
      if (entry.isSymbolicLink()) {
        try {
          const target = statSync(absolute);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
          real = realpathSync(absolute);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          listing.issues.push(
            code === 'ELOOP'
              ? {
                  kind: 'symlink_loop',
                  path: rel,
                  message: 'This link points back to itself (a loop); it is not followed.',
                }
              : {
                  kind: 'broken_link',
                  path: rel,
                  message: `This link leads nowhere (${code ?? String(error)}).`,
                },
          );
          continue;
        }
      }
      if (isDirectory) {
        const systemReason = entry.isSymbolicLink() ? systemFolderReason(real, home) : null;
        if (systemReason) {
          listing.issues.push({
            kind: 'unreadable',
            path: rel,
            message: `This link leads to ${real}, which is not followed: ${systemReason}.`,
          });
          continue;
        }
        if (folder.ancestors.has(real)) {
          listing.issues.push({
            kind: 'symlink_loop',
            path: rel,
            message: 'This link leads back to a folder above it (a loop); it is not followed again.',
          });
          continue;
        }
        if (folder.depth + 1 > maxDepth) continue;
        subfolders.push({
          absolute,
          real,
          rel,
          ancestors: new Set([...folder.ancestors, real]),
          depth: folder.depth + 1,
        });
        continue;
      }
      if (!isFile) continue;
      const kind = mediaKindOf(name);
      if (kind === null || listing.files.length >= maxFiles) continue;
      listing.files.push({ path: rel, absolutePath: absolute, realPath: real, kind, subset: folder.rel });
    }
    listing.folders.push({ path: folder.rel, absolutePath: folder.absolute, names });
    // Reversed so that folders pop in name order.
    stack.push(...subfolders.reverse());
    onFolder(listing.files.length, listing.entries);
  }
  return listing;
}

/** At most `budget` entries of a folder (one of ten million names is read no further); `cut`: more were there. */
function readEntries(folder: string, budget: number): { entries: Dirent[]; cut: boolean } {
  const dir = opendirSync(folder);
  const entries: Dirent[] = [];
  try {
    for (let entry = dir.readSync(); entry !== null; entry = dir.readSync()) {
      if (entries.length >= budget) return { entries, cut: true };
      entries.push(entry);
    }
    return { entries, cut: false };
  } finally {
    dir.closeSync();
  }
}
