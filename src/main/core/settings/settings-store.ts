/**
 * The settings file in the data folder: read once at start, written atomically on every change. A file
 * that cannot be read is kept aside under a new name (never overwritten) and the user is told.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { contractError, defaultSettings, type Settings, type SettingsPatch } from '../../../shared/contract';
import { HandlerError } from '../contract/dispatcher';
import { writeFileAtomic } from '../fs/write-file-atomic';
import { describeIoError } from '../fs/describe-io-error';

export const settingsFileName = 'settings.json';

export interface SettingsUpdate {
  settings: Settings;
  /** False when the patch held only values already saved: then nothing was written. */
  changed: boolean;
}

export interface SettingsStore {
  get(): Settings;
  /**
   * Saves the merged settings and returns them; a patch that changes nothing writes nothing. Throws
   * HandlerError(io_error) if the disk refuses.
   */
  update(patch: SettingsPatch): SettingsUpdate;
}

export interface OpenedSettings {
  store: SettingsStore;
  /** Sentences for the user about what happened while reading (e.g. a file kept aside). */
  notices: string[];
}

export type SettingsCheck = (value: unknown) => boolean;

export function openSettingsStore(
  dataDir: string,
  isValid: SettingsCheck,
  now: () => Date = () => new Date(),
): OpenedSettings {
  const file = join(dataDir, settingsFileName);
  const notices: string[] = [];
  let current: Settings = { ...defaultSettings };

  if (existsSync(file)) {
    const loaded = readSettingsFile(file, isValid);
    if (loaded.ok) {
      current = loaded.settings;
    } else {
      const aside = `${file}.unreadable-${now().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(file, aside);
      notices.push(
        `The settings file could not be used (${loaded.reason}). It was kept as ${aside}; default settings are in use.`,
      );
    }
  }

  return {
    notices,
    store: {
      get: () => ({ ...current }),
      update(patch) {
        const next: Settings = { ...current, ...patch };
        // Same values: no write, no fsync, and (in the handler) no event for every listener.
        if (jsonEqual(next, current)) return { settings: { ...current }, changed: false };
        try {
          writeFileAtomic(file, `${JSON.stringify(next, null, 2)}\n`);
        } catch (error) {
          throw new HandlerError(
            contractError(
              'io_error',
              `Could not save the settings to ${file}: ${describeIoError(error)}. The previous settings are unchanged.`,
            ),
          );
        }
        current = next;
        return { settings: { ...current }, changed: true };
      },
    },
  };
}

type ReadResult = { ok: true; settings: Settings } | { ok: false; reason: string };

function readSettingsFile(file: string, isValid: SettingsCheck): ReadResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { ok: false, reason: `not valid JSON: ${describeIoError(error)}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, reason: 'it does not hold a JSON object' };
  }
  // Keys missing from an older file take their defaults.
  const merged: unknown = { ...defaultSettings, ...parsed };
  if (!isValid(merged)) return { ok: false, reason: 'it holds values this version does not accept' };
  return { ok: true, settings: merged as Settings };
}

/** Deep equality of JSON values (settings hold nothing else); key order does not matter. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && jsonEqual(ra[k], rb[k]));
}
