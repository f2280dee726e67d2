/**
 * Opening one of the data folder's SQLite files the same way every time: WAL, foreign keys, a busy
 * timeout, the durability asked for, an optional integrity check, the numbered migrations, and a first
 * write, so that a file the host cannot write fails now with a clear message instead of at the first
 * job. A damaged file is moved aside under a timestamped name, never deleted or overwritten.
 */
import { existsSync, renameSync } from 'node:fs';
import { describeIoError } from '../fs/describe-io-error';
import { describeStorageFailure, isCorruption, migrate, openSqlite, type SqliteDatabase } from './sqlite';

export interface OpenDatabaseOptions {
  /** What the file is, for messages ("job database"). */
  what: string;
  synchronous: 'FULL' | 'NORMAL';
  migrations: readonly string[];
  /** Run PRAGMA quick_check (the queue's file; the metrics file is not precious enough to pay for it). */
  quickCheck: boolean;
  /** Cap the file at this many pages (tests of a full disk). */
  maxPageCount?: number;
  /**
   * The disk is full: open without writing anything. Exclusive locking keeps SQLite from making its
   * shared-memory file (which needs space), the first write is left out, and a file that is not there
   * is opened in memory (nothing to read, nothing could be written). Changes then fail until space
   * returns, as they would anyway.
   */
  fullDisk?: boolean;
}

/** The file is damaged: `reason` says how. Whoever opens it decides what to rebuild. */
export class DatabaseDamagedError extends Error {
  readonly reason: string;
  constructor(file: string, reason: string) {
    super(`${file} is damaged: ${reason}`);
    this.name = 'DatabaseDamagedError';
    this.reason = reason;
  }
}

/** Opens and checks the file; throws DatabaseDamagedError for damage, an Error with a clear message else. */
export function openDatabase(file: string, options: OpenDatabaseOptions): SqliteDatabase {
  const inMemory = options.fullDisk === true && !existsSync(file);
  let db: SqliteDatabase;
  try {
    db = openSqlite(inMemory ? ':memory:' : file);
  } catch (error) {
    throw openFailure(file, options.what, error);
  }
  try {
    // Before the first read: in exclusive mode SQLite never makes the -shm file.
    if (options.fullDisk) db.pragma('locking_mode = EXCLUSIVE');
    const mode = inMemory ? 'wal' : db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal')
      throw new Error(`SQLite would not use write-ahead logging (journal_mode is ${String(mode)})`);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma(`synchronous = ${options.synchronous}`);
    if (options.maxPageCount !== undefined) db.pragma(`max_page_count = ${options.maxPageCount}`);
    if (options.quickCheck) {
      const rows = db.pragma('quick_check') as { quick_check: string }[];
      const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
      if (problems.length > 0) throw new DatabaseDamagedError(file, problems.slice(0, 3).join('; '));
    }
    if (options.fullDisk) return migrateWithoutSpace(db, options);
    migrate(db, options.migrations, options.what);
    // A first write: proves now that the file (and its folder, for the WAL) can be written.
    db.exec('CREATE TABLE IF NOT EXISTS opened (at TEXT NOT NULL); DELETE FROM opened;');
    db.prepare('INSERT INTO opened (at) VALUES (?)').run(new Date().toISOString());
    return db;
  } catch (error) {
    db.close();
    if (error instanceof DatabaseDamagedError) throw error;
    throw openFailure(file, options.what, error);
  }
}

/**
 * On a full disk a file written by an earlier DPGui cannot be brought up to date in place: it is
 * brought up to date in a copy in memory instead (the file stays as it was, for the next start). Its
 * changes then live in memory and the jobs' job.json files until the next start.
 */
function migrateWithoutSpace(db: SqliteDatabase, options: OpenDatabaseOptions): SqliteDatabase {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version >= options.migrations.length) {
    migrate(db, options.migrations, options.what);
    return db;
  }
  const image = db.serialize();
  db.close();
  // The file's header says WAL (bytes 18 and 19 are 2), which a copy in memory cannot use: 1 is the
  // rollback journal, which it can.
  image[18] = 1;
  image[19] = 1;
  const copy = openSqlite(image);
  migrate(copy, options.migrations, options.what);
  return copy;
}

function openFailure(file: string, what: string, error: unknown): Error {
  if (isCorruption(error)) {
    return new DatabaseDamagedError(file, error instanceof Error ? error.message : String(error));
  }
  const reason =
    describeStorageFailure(error) ??
    (error instanceof Error && 'code' in error ? describeIoError(error) : null);
  return new Error(
    `The ${what} ${file} cannot be used: ${reason ?? (error instanceof Error ? error.message : String(error))}.`,
    { cause: error },
  );
}

/** Renames the file and its WAL companions to `<file>.<label>-<time>`; answers the new name. */
export function moveAside(file: string, label: string, now: Date): string {
  const aside = `${file}.${label}-${now.toISOString().replace(/[:.]/g, '-')}`;
  renameSync(file, aside);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
  }
  return aside;
}
