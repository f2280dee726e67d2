/**
 * One process owns a data folder at a time (its database, settings and run folders). The lock file names
 * its holder by pid, start time and boot, so a lock left by a crashed process is recognised as stale
 * and taken over, while a live holder is refused with a message naming it. Taking over is atomic: only
 * the very file judged stale is moved away, so a lock another process has just written survives.
 * On a full disk, where no file content can be written, the lock is a short symbolic link whose target
 * names the holder (a short link needs no data block), so a host can still start to stop a training.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
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

export interface LockSeams {
  /** Writes the lock's private file (tests make it fail as a full disk does). */
  writeFile?: (path: string, content: string) => void;
}

export function acquireDataDirLock(
  dataDir: string,
  host: HostKind,
  processes: ProcessTable,
  now: () => Date = () => new Date(),
  seams: LockSeams = {},
): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, lockFileName);
  const me: LockRecord = { ...processes.self(), host, since: now().toISOString() };
  const bootId = me.bootId;
  const inspectLock = (path: string): SeenLock | null => inspectLockFile(path, bootId);
  const moveAsideIfUnchanged = (path: string, identity: string): void =>
    moveAsideIfUnchangedWith(path, identity, inspectLock);
  const writeFile =
    seams.writeFile ??
    ((path: string, content: string) => writeFileSync(path, content, { mode: 0o600, flag: 'wx' }));

  // Rounds: another process may take or drop the lock between our steps; a lock being written is
  // waited for (at most the grace period).
  const giveUpAt = Date.now() + lockWriteGraceMs + 3000;
  while (Date.now() < giveUpAt) {
    if (tryCreate(file, me, writeFile)) {
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

function inspectLockFile(file: string, bootId: string | null): SeenLock | null {
  let link: { target: string; ino: bigint; mtimeNs: bigint; mtimeMs: bigint } | null = null;
  try {
    const stat = lstatSync(file, { bigint: true });
    if (stat.isSymbolicLink())
      link = { target: readlinkSync(file), ino: stat.ino, mtimeNs: stat.mtimeNs, mtimeMs: stat.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (link) {
    return {
      holder: parseLinkLock(link.target, bootId, new Date(Number(link.mtimeMs)).toISOString()),
      identity: `${link.ino}:${link.mtimeNs}:link:${link.target}`,
      ageMs: Date.now() - Number(link.mtimeMs),
    };
  }
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
function moveAsideIfUnchangedWith(
  file: string,
  staleIdentity: string,
  inspectLock: (path: string) => SeenLock | null,
): void {
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
function tryCreate(
  file: string,
  record: LockRecord,
  writeFile: (path: string, content: string) => void,
): boolean {
  const content = `${JSON.stringify(record)}\n`;
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFile(temp, content);
    linkSync(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'ENOSPC' || code === 'EDQUOT') return tryCreateLink(file, record);
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

/**
 * The full-disk lock: a symbolic link made in one step (fails if the name exists), its target the
 * holder in under 60 bytes, which file systems keep in the inode itself ("fast" links, no data block).
 * The boot id is cut to 16 hex digits; `parseLinkLock` gives back the full one when it is this boot's.
 */
function tryCreateLink(file: string, record: LockRecord): boolean {
  try {
    symlinkSync(linkTarget(record), file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

const linkPrefix = 'dpgui-lock:';
const shortBoot = (bootId: string): string => bootId.replace(/-/g, '').slice(0, 16);

export function linkTarget(record: LockRecord): string {
  const boot = record.bootId === null ? '-' : shortBoot(record.bootId);
  return `${linkPrefix}${record.pid}:${record.startTime ?? '-'}:${boot}:${record.host === 'electron' ? 'e' : 'h'}`;
}

export function parseLinkLock(target: string, bootId: string | null, since: string): LockRecord | null {
  const match = /^dpgui-lock:(\d+):(\d+|-):([0-9a-f]+|-):([eh])$/.exec(target);
  if (!match) return null;
  const [, pid = '', startTime = '-', boot = '-', host = 'h'] = match;
  return {
    pid: Number(pid),
    startTime: startTime === '-' ? null : startTime,
    bootId: boot === '-' ? null : bootId !== null && shortBoot(bootId) === boot ? bootId : boot,
    host: host === 'e' ? 'electron' : 'headless',
    since,
  };
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function readLock(file: string, bootId: string | null = null): LockRecord | null {
  try {
    return inspectLockFile(file, bootId)?.holder ?? null;
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
  const holder = readLock(file, me.bootId);
  if (holder && holder.pid === me.pid && holder.startTime === me.startTime) rmSync(file, { force: true });
}
