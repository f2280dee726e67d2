/**
 * Presets as files in the data folder (<dataDir>/presets/<id>.json, written atomically), beside the
 * read-only built-in starters. A preset file is also the export format, so an exported preset imports
 * on another machine as it is.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { contractError } from '../../../shared/contract';
import { trainerKinds, type BuiltInPreset, type TrainerConfig } from '../../../shared/trainers/common';
import { HandlerError } from '../contract/dispatcher';
import { writeFileAtomic } from '../fs/write-file-atomic';

export interface Preset {
  id: string;
  name: string;
  description?: string;
  trainer: TrainerConfig['trainer'];
  family: string;
  builtIn: boolean;
  updatedAt: string;
  config: TrainerConfig;
}

export type PresetSummary = Omit<Preset, 'config'>;

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

export function parsePresetFile(text: string): PresetFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
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

export function openPresetsStore(
  dataDir: string,
  builtIns: readonly BuiltInPreset[],
  now: () => Date = () => new Date(),
): PresetsStore {
  const dir = join(dataDir, 'presets');
  const fileOf = (id: string): string => join(dir, `${id}.json`);
  const builtInById = new Map(builtIns.map((p) => [p.id, p]));

  const readSaved = (id: string): Preset | null => {
    if (!idPattern.test(id) || !existsSync(fileOf(id))) return null;
    try {
      return presetOfFile(id, parsePresetFile(readFileSync(fileOf(id), 'utf8')));
    } catch {
      return null; // a damaged file is skipped, not fatal
    }
  };
  const freeId = (name: string): string => {
    const base = slugOf(name);
    let id = base;
    for (let n = 2; existsSync(fileOf(id)); n++) id = `${base}-${n}`;
    return id;
  };
  const write = (id: string, file: PresetFile): Preset => {
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(fileOf(id), `${JSON.stringify(file, null, 2)}\n`);
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
      rmSync(fileOf(id), { force: true });
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
