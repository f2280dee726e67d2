/**
 * One process owns a data folder at a time (its database, settings and run folders). The lock file names
 * its holder by pid, start time and boot, so a lock left by a crashed process is recognised as stale
 * and taken over, while a live holder is refused with a message naming it.
 */
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { HostKind } from '../../../shared/contract';
import type { ProcessIdentity, ProcessTable } from '../platform/process-identity';

export const lockFileName = 'dpgui.lock';

export interface LockRecord extends ProcessIdentity {
  host: HostKind;
  since: string;
}

export class DataDirBusyError extends Error {
  readonly holder: LockRecord;
  constructor(dataDir: string, holder: LockRecord) {
    const what = holder.host === 'electron' ? 'the DPGui desktop app' : 'a DPGui headless host (dpgui serve)';
    super(
      `The data folder ${dataDir} is in use by ${what}, pid ${holder.pid}, since ${holder.since}. ` +
        'Close that one first, or choose another data folder (--data-dir or DPGUI_DATA_DIR).',
    );
    this.name = 'DataDirBusyError';
    this.holder = holder;
  }
}

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

export function acquireDataDirLock(
  dataDir: string,
  host: HostKind,
  processes: ProcessTable,
  now: () => Date = () => new Date(),
): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, lockFileName);
  const me: LockRecord = { ...processes.self(), host, since: now().toISOString() };

  // A few rounds: another process may take or drop the lock between our steps.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(file, me)) {
      return { file, release: () => releaseIfOurs(file, me) };
    }
    const holder = readLock(file);
    if (holder && processes.isAlive(holder)) throw new DataDirBusyError(dataDir, holder);
    // Stale (its process is gone) or unreadable (a crash mid-write): remove it and try again.
    rmSync(file, { force: true });
  }
  throw new Error(`Could not take the lock ${file}: other processes keep taking it.`);
}

function tryCreate(file: string, record: LockRecord): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(record)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

export function readLock(file: string): LockRecord | null {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockRecord>;
    if (typeof value.pid !== 'number') return null;
    return {
      pid: value.pid,
      startTime: typeof value.startTime === 'string' ? value.startTime : null,
      bootId: typeof value.bootId === 'string' ? value.bootId : null,
      host: value.host === 'electron' ? 'electron' : 'headless',
      since: typeof value.since === 'string' ? value.since : 'an unknown time',
    };
  } catch {
    return null;
  }
}

function releaseIfOurs(file: string, me: LockRecord): void {
  const holder = readLock(file);
  if (holder && holder.pid === me.pid && holder.startTime === me.startTime) rmSync(file, { force: true });
}
