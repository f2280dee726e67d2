/**
 * Presets as files in the data folder (<dataDir>/presets/<id>.json, written atomically), beside the
 * read-only built-in starters. A preset file is also the export format, so an exported preset imports
 * on another machine as it is.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { contractError } from '../../../shared/contract';
import type { Preset, PresetSummary } from '../../../shared/contract/presets';
import { trainerKinds, type BuiltInPreset, type TrainerConfig } from '../../../shared/trainers/common';
import {
  checkParsedValue,
  configLimits,
  ParseLimitError,
  parseJsonWithin,
  type ParseLimits,
} from '../../../shared/trainers/common/parse-limits';
import { HandlerError } from '../contract/dispatcher';
import { describeIoError } from '../fs/describe-io-error';
import { readUserFileSync } from '../fs/read-user-file';
import { writeFileAtomic } from '../fs/write-file-atomic';

export type { Preset, PresetSummary };

interface PresetFile {
  format: 'dpgui-preset';
  version: 1;
  name: string;
  description?: string;
  updatedAt: string;
  config: TrainerConfig;
}

export interface PresetsStore {
  list(): PresetSummary[];
  get(id: string): Preset;
  save(input: { id?: string; name: string; description?: string; config: TrainerConfig }): Preset;
  rename(id: string, name: string): Preset;
  delete(id: string): boolean;
  /** A preset file's text (an export) added as a new preset. */
  importText(text: string): Preset;
  exportText(id: string): { fileName: string; content: string };
}

const idPattern = /^[A-Za-z0-9_-]{1,80}$/;

/** A preset file is one config and a few lines more; a larger one in the presets folder is skipped. */
export const maxPresetBytes = 4 * 1024 * 1024;

/** A preset wraps a config three levels down (file → config → values), so it may nest that much deeper. */
export const presetLimits: ParseLimits = { ...configLimits, maxDepth: configLimits.maxDepth + 3 };

/** How the store writes and removes its files: the real file system, or a failing one in tests (a full disk). */
export interface PresetFiles {
  writeFile(file: string, content: string): void;
  remove(file: string): void;
}

const realFiles: PresetFiles = {
  writeFile: writeFileAtomic,
  remove: (file) => rmSync(file, { force: true }),
};

/** A readable id (and file name) from the name: "SDXL Portrait v2" → "sdxl-portrait-v2". */
export function slugOf(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug === '' ? 'preset' : slug;
}

function notFound(id: string): HandlerError {
  return new HandlerError(
    contractError('not_found', `There is no preset "${id}".`, [{ path: 'id', message: 'no such preset' }]),
  );
}

function readOnly(id: string): HandlerError {
  return new HandlerError(
    contractError('conflict', 'Built-in presets are read-only: save a copy under a new name to change it.', [
      { path: 'id', message: `${id} is built in` },
    ]),
  );
}

function isTrainerConfig(value: unknown): value is TrainerConfig {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.trainer === 'string' &&
    (trainerKinds as readonly string[]).includes(v.trainer) &&
    typeof v.family === 'string' &&
    typeof v.values === 'object' &&
    v.values !== null &&
    !Array.isArray(v.values) &&
    (v.passThrough === undefined || (typeof v.passThrough === 'object' && v.passThrough !== null))
  );
}

function tooDeep(error: ParseLimitError): HandlerError {
  return new HandlerError(
    contractError('invalid_payload', error.message, [{ path: '', message: error.message }]),
  );
}

export function parsePresetFile(text: string): PresetFile {
  let value: unknown;
  try {
    value = parseJsonWithin(text, 'The preset file', presetLimits);
  } catch (error) {
    if (error instanceof ParseLimitError) throw tooDeep(error);
    throw new HandlerError(
      contractError('invalid_payload', 'This is not a DPGui preset file (it is not JSON).'),
    );
  }
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (v.format !== 'dpgui-preset' || typeof v.name !== 'string' || !isTrainerConfig(v.config)) {
    throw new HandlerError(
      contractError(
        'invalid_payload',
        'This is not a DPGui preset file (it lacks format, name or a training config).',
      ),
    );
  }
  return {
    format: 'dpgui-preset',
    version: 1,
    name: v.name,
    ...(typeof v.description === 'string' ? { description: v.description } : {}),
    updatedAt: typeof v.updatedAt === 'string' ? v.updatedAt : '',
    config: v.config,
  };
}

function presetOfFile(id: string, file: PresetFile): Preset {
  return {
    id,
    name: file.name,
    ...(file.description !== undefined ? { description: file.description } : {}),
    trainer: file.config.trainer,
    family: file.config.family,
    builtIn: false,
    updatedAt: file.updatedAt,
    config: file.config,
  };
}

function presetOfBuiltIn(p: BuiltInPreset): Preset {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    trainer: p.config.trainer,
    family: p.config.family,
    builtIn: true,
    updatedAt: '',
    config: structuredClone(p.config),
  };
}

const summary = (p: Preset): PresetSummary => ({
  id: p.id,
  name: p.name,
  ...(p.description !== undefined ? { description: p.description } : {}),
  trainer: p.trainer,
  family: p.family,
  builtIn: p.builtIn,
  updatedAt: p.updatedAt,
});

/** The store could not change its folder (a full disk, a folder it may not write): nothing was changed. */
function ioError(what: string, file: string, error: unknown): HandlerError {
  return new HandlerError(
    contractError(
      'io_error',
      `Could not ${what} ${file}: ${describeIoError(error)}. The presets stored before are unchanged.`,
    ),
  );
}

export function openPresetsStore(
  dataDir: string,
  builtIns: readonly BuiltInPreset[],
  now: () => Date = () => new Date(),
  files: PresetFiles = realFiles,
): PresetsStore {
  const dir = join(dataDir, 'presets');
  const fileOf = (id: string): string => join(dir, `${id}.json`);
  const builtInById = new Map(builtIns.map((p) => [p.id, p]));

  const readSaved = (id: string): Preset | null => {
    if (!idPattern.test(id) || !existsSync(fileOf(id))) return null;
    try {
      // Bounded and non-blocking: a FIFO or a link to /dev/zero placed here must not hold the host.
      return presetOfFile(id, parsePresetFile(readUserFileSync(fileOf(id), maxPresetBytes).toString('utf8')));
    } catch {
      return null; // a damaged file (or no file at all) is skipped, not fatal
    }
  };
  const freeId = (name: string): string => {
    const base = slugOf(name);
    let id = base;
    for (let n = 2; existsSync(fileOf(id)); n++) id = `${base}-${n}`;
    return id;
  };
  const write = (id: string, file: PresetFile): Preset => {
    // A config from a request may nest deeper than JSON.stringify can follow.
    try {
      checkParsedValue(file, 'The preset', presetLimits);
    } catch (error) {
      if (error instanceof ParseLimitError) throw tooDeep(error);
      throw error;
    }
    const content = `${JSON.stringify(file, null, 2)}\n`;
    if (content.length > maxPresetBytes) {
      const reason = `it would be larger than ${maxPresetBytes / (1024 * 1024)} MiB, the limit for a preset`;
      throw new HandlerError(
        contractError('invalid_payload', `Cannot save the preset "${file.name}": ${reason}.`, [
          { path: 'config', message: reason },
        ]),
      );
    }
    try {
      mkdirSync(dir, { recursive: true });
      files.writeFile(fileOf(id), content);
    } catch (error) {
      throw ioError(`save the preset "${file.name}" to`, fileOf(id), error);
    }
    return presetOfFile(id, file);
  };
  const get = (id: string): Preset => {
    const builtIn = builtInById.get(id);
    if (builtIn) return presetOfBuiltIn(builtIn);
    const saved = readSaved(id);
    if (!saved) throw notFound(id);
    return saved;
  };
  const toFile = (p: { name: string; description?: string; config: TrainerConfig }): PresetFile => ({
    format: 'dpgui-preset',
    version: 1,
    name: p.name,
    ...(p.description !== undefined ? { description: p.description } : {}),
    updatedAt: now().toISOString(),
    config: p.config,
  });

  return {
    list() {
      const saved: Preset[] = [];
      if (existsSync(dir)) {
        for (const name of readdirSync(dir)) {
          if (!name.endsWith('.json')) continue;
          const preset = readSaved(name.slice(0, -5));
          if (preset) saved.push(preset);
        }
      }
      saved.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
      return [...builtIns.map(presetOfBuiltIn), ...saved].map(summary);
    },
    get,
    save(input) {
      if (input.id !== undefined) {
        if (builtInById.has(input.id)) throw readOnly(input.id);
        if (!readSaved(input.id)) throw notFound(input.id);
      }
      return write(input.id ?? freeId(input.name), toFile(input));
    },
    rename(id, name) {
      if (builtInById.has(id)) throw readOnly(id);
      const preset = get(id);
      return write(id, toFile({ ...preset, name }));
    },
    delete(id) {
      if (builtInById.has(id)) throw readOnly(id);
      if (!readSaved(id)) return false;
      try {
        files.remove(fileOf(id));
      } catch (error) {
        throw ioError('delete', fileOf(id), error);
      }
      return true;
    },
    importText(text) {
      const file = parsePresetFile(text);
      return write(freeId(file.name), { ...file, updatedAt: now().toISOString() });
    },
    exportText(id) {
      const preset = get(id);
      const file = toFile(preset);
      const fileName = `${preset.name.replace(/[^A-Za-z0-9._ -]+/g, '_').trim() || 'preset'}.dpgui-preset.json`;
      return { fileName, content: `${JSON.stringify({ ...file, updatedAt: preset.updatedAt }, null, 2)}\n` };
    },
  };
}
