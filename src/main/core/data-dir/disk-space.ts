/**
 * Is the data folder's disk full? Asked at start-up (a host that cannot write must still start, to
 * show the jobs and stop a training that filled the disk) and then every few seconds while it is, to
 * tell the user when space is back. The probe is a seam: tests say "full" without filling a disk.
 */
import { statfsSync } from 'node:fs';
import { sqliteCode } from '../queue/sqlite';

/** Bytes this process may still write on the folder's disk; null when the system cannot say. */
export type FreeSpaceProbe = (dir: string) => number | null;

/** Below this the start writes nothing (a lock, the databases' first pages, python-bridge's copy). */
export const fullDiskBelowBytes = 1024 * 1024;

export const statfsFreeSpace: FreeSpaceProbe = (dir) => {
  try {
    const stats = statfsSync(dir);
    // root may write into the blocks reserved for it; anyone else only what is available.
    const blocks = process.getuid?.() === 0 ? stats.bfree : stats.bavail;
    return blocks * stats.bsize;
  } catch {
    return null;
  }
};

export function isDiskFull(probe: FreeSpaceProbe, dir: string): boolean {
  const free = probe(dir);
  return free !== null && free < fullDiskBelowBytes;
}

/** The failure (or one of its causes) is the disk being full. */
export function isFullDiskError(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 8; depth++) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT' || sqliteCode(cause) === 'SQLITE_FULL') return true;
    cause = cause.cause;
  }
  return false;
}
