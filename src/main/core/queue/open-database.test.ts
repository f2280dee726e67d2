import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { DatabaseDamagedError, moveAside, openDatabase } from './open-database';

const tempDir = useTempDirs();
const migrations = [
  'CREATE TABLE a (id INTEGER PRIMARY KEY)',
  'CREATE TABLE b (a_id INTEGER REFERENCES a(id))',
];

describe('opening a data-folder database', () => {
  it('uses WAL, foreign keys, a busy timeout and the durability asked for, at the latest format', () => {
    const dir = tempDir();
    for (const [synchronous, level] of [
      ['FULL', 2],
      ['NORMAL', 1],
    ] as const) {
      const db = openDatabase(join(dir, `${synchronous}.db`), {
        what: 'test database',
        synchronous,
        migrations,
        quickCheck: true,
      });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(db.pragma('synchronous', { simple: true })).toBe(level);
      expect(db.pragma('user_version', { simple: true })).toBe(2);
      expect(() => db.prepare('INSERT INTO b (a_id) VALUES (42)').run()).toThrow(/FOREIGN KEY/);
      db.close();
    }
  });

  it('runs only the migrations a file lacks, each in its own transaction', () => {
    const file = join(tempDir(), 'x.db');
    openDatabase(file, {
      what: 'test database',
      synchronous: 'FULL',
      migrations: migrations.slice(0, 1),
      quickCheck: false,
    }).close();
    const broken = [...migrations, 'CREATE TABLE c (x); THIS IS NOT SQL'];
    expect(() =>
      openDatabase(file, {
        what: 'test database',
        synchronous: 'FULL',
        migrations: broken,
        quickCheck: false,
      }),
    ).toThrow(/test database .* cannot be used/);
    const db = openDatabase(file, {
      what: 'test database',
      synchronous: 'FULL',
      migrations,
      quickCheck: false,
    });
    // Migration 2 was kept (it succeeded); the failed third left nothing behind.
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'c'").get()).toBeUndefined();
    db.close();
  });

  it('calls a file that is not a database damaged, and moves it aside with its WAL companions', () => {
    const dir = tempDir();
    const file = join(dir, 'queue.db');
    writeFileSync(file, 'x'.repeat(5000));
    expect(() =>
      openDatabase(file, { what: 'test database', synchronous: 'FULL', migrations, quickCheck: true }),
    ).toThrow(DatabaseDamagedError);
    writeFileSync(`${file}-wal`, 'wal');
    const aside = moveAside(file, 'damaged', new Date('2026-11-25T15:00:00.000Z'));
    expect(aside).toBe(`${file}.damaged-2026-11-25T15-00-00-000Z`);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual([
      'queue.db.damaged-2026-11-25T15-00-00-000Z',
      'queue.db.damaged-2026-11-25T15-00-00-000Z-wal',
    ]);
  });
});
