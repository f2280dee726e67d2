/**
 * The one door to better-sqlite3: it loads the native module with an error a person can act on when
 * the build is missing or made for another Node, and turns SQLite's error codes into sentences.
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

export type SqliteDatabase = BetterSqlite3.Database;
type SqliteConstructor = typeof BetterSqlite3;

export class SqliteUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      `The SQLite module (better-sqlite3) could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        'It is a native module built for one Node version: run `npm rebuild better-sqlite3` in the DPGui ' +
        'folder (it needs a C++ compiler and python3), then start DPGui again.',
      { cause },
    );
    this.name = 'SqliteUnavailableError';
  }
}

let constructor: SqliteConstructor | undefined;

function loadConstructor(): SqliteConstructor {
  if (!constructor) {
    try {
      constructor = createRequire(import.meta.url)('better-sqlite3') as SqliteConstructor;
    } catch (error) {
      throw new SqliteUnavailableError(error);
    }
  }
  return constructor;
}

export interface OpenSqliteOptions {
  /** Where the native addon is (tests of a missing build); better-sqlite3's own default otherwise. */
  nativeBinding?: string;
}

/** Opens (or creates) a database file, or ':memory:', or an in-memory copy of a serialized one. */
export function openSqlite(file: string | Buffer, options: OpenSqliteOptions = {}): SqliteDatabase {
  const Database = loadConstructor();
  try {
    return new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  } catch (error) {
    // The addon itself is loaded on the first open: a failure there is a broken install, not a bad file.
    if (isAddonLoadFailure(error)) throw new SqliteUnavailableError(error);
    throw error;
  }
}

function isAddonLoadFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return (
    code === 'ERR_DLOPEN_FAILED' ||
    code === 'MODULE_NOT_FOUND' ||
    /bindings file|NODE_MODULE_VERSION|\.node\b/.test(error.message)
  );
}

/** SQLite's result code of an error thrown by better-sqlite3 ("SQLITE_FULL", …), or null. */
export function sqliteCode(error: unknown): string | null {
  if (error instanceof Error && error.name === 'SqliteError') {
    const code = (error as Error & { code?: unknown }).code;
    return typeof code === 'string' ? code : null;
  }
  return null;
}

/** The file is not a database or is damaged: keep it aside and rebuild. */
export function isCorruption(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== null && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/** A sentence for a failed write, with what the user can do; null when it is not a storage problem. */
export function describeStorageFailure(error: unknown): string | null {
  const code = sqliteCode(error);
  if (code === null) return null;
  if (code === 'SQLITE_FULL') return 'the disk is full (SQLITE_FULL); free some space and try again';
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH')
    return `the database cannot be written (${code}): check the permissions of the data folder`;
  if (code.startsWith('SQLITE_CANTOPEN'))
    return `the database file cannot be opened (${code}): check that the data folder exists and is writable`;
  if (code.startsWith('SQLITE_IOERR')) return `the disk reported an error (${code})`;
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_'))
    return `the database is locked by another program (${code})`;
  return null;
}

/** Numbered migrations: migration i brings the file to version i + 1 (PRAGMA user_version). */
export function migrate(db: SqliteDatabase, migrations: readonly string[], what: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > migrations.length) {
    throw new Error(
      `The ${what} was written by a newer version of DPGui (format ${version}, this one knows up to ` +
        `${migrations.length}). Start that version, or use another data folder.`,
    );
  }
  for (let v = version; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v] ?? '');
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
