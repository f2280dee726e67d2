import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { createSchemaValidators } from '../contract/schema-validators';
import { HandlerError } from '../contract/dispatcher';
import { createAppCore } from '../app-core';
import { jsonEqual, openSettingsStore } from './settings-store';

const tempDir = useTempDirs();
const validators = createSchemaValidators();
const isValid = (value: unknown): boolean => validators.settings(value);

describe('the settings file', () => {
  it('starts from defaults and writes only on change', () => {
    const dir = tempDir();
    const file = join(dir, 'settings.json');
    const { store, notices } = openSettingsStore(dir, isValid);
    expect(store.get()).toMatchObject({ colorScheme: 'auto' });
    expect(notices).toEqual([]);
    expect(store.update({ colorScheme: 'dark' }).changed).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ colorScheme: 'dark' });
    // Every write replaces the file (a new inode, by rename): the same inode means nothing was written.
    const written = statSync(file);
    expect(store.update({ colorScheme: 'dark' })).toMatchObject({
      changed: false,
      settings: { colorScheme: 'dark' },
    });
    expect(store.update(store.get())).toMatchObject({ changed: false });
    const after = statSync(file);
    expect([after.ino, after.mtimeMs]).toEqual([written.ino, written.mtimeMs]);
    expect(store.update({ colorScheme: 'light' }).changed).toBe(true);
    expect(statSync(file).ino).not.toBe(written.ino);
  });

  it('sends settings.changed only when a value changed (finding 6)', async () => {
    const dir = tempDir();
    const core = createAppCore({ dataDir: dir, host: 'headless' });
    try {
      const seen: unknown[] = [];
      core.events.subscribeAll((event, payload) => seen.push([event, payload]));
      for (let i = 0; i < 5; i++) await core.dispatch('settings.set', { colorScheme: 'dark' });
      expect(seen).toHaveLength(1);
      const same = await core.dispatch('settings.set', { colorScheme: 'dark' });
      expect(same).toMatchObject({ ok: true, value: { colorScheme: 'dark' } });
      await core.dispatch('settings.set', { colorScheme: 'auto' });
      expect(seen).toHaveLength(2);
    } finally {
      core.close();
    }
  });

  it('compares values deeply, whatever the key order', () => {
    expect(jsonEqual({ a: [1, { b: 2, c: 3 }] }, { a: [1, { c: 3, b: 2 }] })).toBe(true);
    expect(jsonEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(jsonEqual({ a: {} }, { a: [] })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  });

  it('keeps the previous settings when the disk refuses the write, and says why', () => {
    const dir = tempDir();
    const { store } = openSettingsStore(dir, isValid);
    store.update({ colorScheme: 'light' });
    // A folder where the file should go makes the final rename fail, as a full or broken disk would.
    rmSync(join(dir, 'settings.json'));
    mkdirSync(join(dir, 'settings.json', 'blocker'), { recursive: true });

    let thrown: unknown;
    try {
      store.update({ colorScheme: 'dark' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HandlerError);
    const { error } = thrown as HandlerError;
    expect(error.code).toBe('io_error');
    expect(error.message).toContain(join(dir, 'settings.json'));
    expect(error.message).toContain('The previous settings are unchanged');
    expect(store.get()).toMatchObject({ colorScheme: 'light' });
  });
});
