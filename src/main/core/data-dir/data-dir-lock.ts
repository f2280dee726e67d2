/**
 * One process owns a data folder at a time (its database, settings and run folders). The lock file names
 * its holder by pid, start time and boot, so a lock left by a crashed process is recognised as stale
 * and taken over, while a live holder is refused with a message naming it. Taking over is atomic: only
 * the very file judged stale is moved away, so a lock another process has just written survives.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
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

/** An unreadable lock younger than this is being written by a starting process, not left by a crash. */
export const lockWriteGraceMs = 2000;

export function acquireDataDirLock(
  dataDir: string,
  host: HostKind,
  processes: ProcessTable,
  now: () => Date = () => new Date(),
): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, lockFileName);
  const me: LockRecord = { ...processes.self(), host, since: now().toISOString() };

  // Rounds: another process may take or drop the lock between our steps; a lock being written is
  // waited for (at most the grace period).
  const giveUpAt = Date.now() + lockWriteGraceMs + 3000;
  while (Date.now() < giveUpAt) {
    if (tryCreate(file, me)) {
      return { file, release: () => releaseIfOurs(file, me) };
    }
    const seen = inspectLock(file);
    if (seen === null) continue; // released between our two steps
    if (seen.holder && processes.isAlive(seen.holder)) throw new DataDirBusyError(dataDir, seen.holder);
    if (!seen.holder && seen.ageMs < lockWriteGraceMs) {
      sleepSync(50);
      continue;
    }
    // Stale (its process is gone) or unreadable long after it was made (a crash mid-write).
    moveAsideIfUnchanged(file, seen.identity);
  }
  throw new Error(`Could not take the lock ${file}: other processes keep taking it.`);
}

interface SeenLock {
  holder: LockRecord | null;
  /** Inode, modification time and content: inodes are reused at once, so the three together. */
  identity: string;
  ageMs: number;
}

function inspectLock(file: string): SeenLock | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    // Content and inode from the same open file, so the judgement belongs to exactly this file.
    const stat = fstatSync(fd, { bigint: true });
    const text = readFileSync(fd, 'utf8');
    return {
      holder: parseLock(text),
      identity: `${stat.ino}:${stat.mtimeNs}:${text}`,
      ageMs: Date.now() - Number(stat.mtimeMs),
    };
  } finally {
    closeSync(fd);
  }
}

/**
 * Compare-and-swap: rename the lock aside (atomic), then check it is the very file judged stale. If a
 * starting process replaced it in between, its lock is linked back, never deleted.
 */
function moveAsideIfUnchanged(file: string, staleIdentity: string): void {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    if (inspectLock(aside)?.identity === staleIdentity) return;
    linkSync(aside, file);
  } catch (error) {
    // EEXIST: yet another process took the free name meanwhile; that one now holds the folder.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(aside, { force: true });
  }
}

/**
 * The lock appears with its whole content at once: written to a private file, then hard-linked to the
 * lock's name (fails if the name exists). Where a file system has no hard links, an exclusive create.
 */
function tryCreate(file: string, record: LockRecord): boolean {
  const content = `${JSON.stringify(record)}\n`;
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, content, { mode: 0o600, flag: 'wx' });
    linkSync(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
  } finally {
    rmSync(temp, { force: true });
  }
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function readLock(file: string): LockRecord | null {
  try {
    return parseLock(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function parseLock(text: string): LockRecord | null {
  try {
    const value = JSON.parse(text) as Partial<LockRecord>;
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
