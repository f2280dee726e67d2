// Opening the data folder's SQLite files on a full disk writes nothing: no -shm file (exclusive
// locking), no first write, a file of an older format brought up to date in a copy in memory, and a
// missing file opened in memory, so the host can start read-only and show the jobs.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { openDatabase, type OpenDatabaseOptions } from './open-database';

const tempDir = useTempDirs();
const v1 = 'CREATE TABLE jobs (id TEXT PRIMARY KEY, status TEXT NOT NULL);';
const v2 = 'CREATE INDEX jobs_by_status ON jobs(status);';
const options = (migrations: string[], fullDisk = false): OpenDatabaseOptions => ({
  what: 'job database',
  synchronous: 'FULL',
  migrations,
  quickCheck: true,
  ...(fullDisk ? { fullDisk } : {}),
});
const digest = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('opening a database on a full disk', () => {
  it('reads the jobs without writing a byte, an older format brought up to date in memory', () => {
    const dir = tempDir();
    const file = join(dir, 'queue.db');
    const made = openDatabase(file, options([v1]));
    made.prepare("INSERT INTO jobs VALUES ('a', 'running')").run();
    made.close();
    const before = digest(file);

    for (const migrations of [[v1], [v1, v2]]) {
      const db = openDatabase(file, options(migrations, true));
      expect(db.prepare('SELECT id, status FROM jobs').all()).toEqual([{ id: 'a', status: 'running' }]);
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
      db.close();
      expect(digest(file)).toBe(before);
      expect(readdirSync(dir).filter((name) => name.endsWith('-shm'))).toEqual([]);
    }
  });

  it('opens a missing file in memory and makes none', () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'queue.db'), options([v1], true));
    expect(db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 0 });
    db.close();
    expect(existsSync(join(dir, 'queue.db'))).toBe(false);
  });
});
