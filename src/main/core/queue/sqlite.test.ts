import { describe, expect, it } from 'vitest';
import { openSqlite, SqliteUnavailableError } from './sqlite';

describe('the SQLite module', () => {
  it('loads and answers a query (npm test fails here if the native build is missing)', () => {
    const db = openSqlite(':memory:');
    const row = db.prepare('SELECT sqlite_version() AS version').get() as { version: string };
    expect(row.version).toMatch(/^3\.\d+\.\d+$/);
    db.close();
  });

  it('says how to repair a native build that cannot be loaded', () => {
    let thrown: unknown;
    try {
      openSqlite(':memory:', { nativeBinding: '/nonexistent/better_sqlite3.node' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SqliteUnavailableError);
    expect((thrown as Error).message).toMatch(/could not be loaded: .*npm rebuild better-sqlite3/s);
  });
});
