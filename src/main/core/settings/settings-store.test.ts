import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { createSchemaValidators } from '../contract/schema-validators';
import { HandlerError } from '../contract/dispatcher';
import { openSettingsStore } from './settings-store';

const tempDir = useTempDirs();
const validators = createSchemaValidators();
const isValid = (value: unknown): boolean => validators.settings(value);

describe('the settings file', () => {
  it('starts from defaults and writes only on change', () => {
    const dir = tempDir();
    const { store, notices } = openSettingsStore(dir, isValid);
    expect(store.get()).toEqual({ colorScheme: 'auto' });
    expect(notices).toEqual([]);
    store.update({ colorScheme: 'dark' });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({ colorScheme: 'dark' });
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
    expect(store.get()).toEqual({ colorScheme: 'light' });
  });
});
