/**
 * An artifact's size on disk, for the Checkpoints list: a file's size, or the sum of the files in a
 * state folder (sd-scripts' `*-state`, DeepSpeed's `global_stepN`); null when it is gone. Links are
 * not followed: a folder's size is what it holds itself.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Artifact } from '../../../../shared/contract';

/** At the moment the watch announces it (in the follower's synchronous read; a state folder holds a few files). */
export function bytesOnDiskSync(path: string): number | null {
  try {
    const stat = lstatSync(path);
    if (!stat.isDirectory()) return stat.size;
    let total = 0;
    for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile()) continue;
      try {
        total += lstatSync(join(entry.parentPath, entry.name)).size;
      } catch {
        // Removed while we counted: it no longer takes room.
      }
    }
    return total;
  } catch {
    return null;
  }
}

export async function bytesOnDisk(path: string): Promise<number | null> {
  try {
    const stat = await lstat(path);
    if (!stat.isDirectory()) return stat.size;
    const entries = await readdir(path, { withFileTypes: true, recursive: true });
    const sizes = await Promise.all(
      entries
        .filter((entry) => entry.isFile())
        .map((entry) =>
          lstat(join(entry.parentPath, entry.name)).then(
            (s) => s.size,
            () => 0,
          ),
        ),
    );
    return sizes.reduce((sum, size) => sum + size, 0);
  } catch {
    return null;
  }
}

/** Each artifact with its size as it is now (jobs.artifacts). */
export function withBytes(items: readonly Artifact[]): Promise<Artifact[]> {
  return Promise.all(items.map(async (item) => ({ ...item, bytes: await bytesOnDisk(item.path) })));
}
