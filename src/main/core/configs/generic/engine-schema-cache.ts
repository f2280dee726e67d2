/**
 * The generic install's engine schema, read once per install and engine and kept until either changes:
 * an answer is reused while the interpreter and every file the bridge read the classes from keep
 * their path, mtime and size. Reading runs python-bridge in a child process (async, under a time
 * limit); requests that arrive meanwhile share that one read. Failures are answered, not kept, so a
 * fixed engine is read again on the next request.
 */
import { stat } from 'node:fs/promises';
import type { EngineSchemaNode } from '../../../../shared/trainers/generic/engine-schema';
import {
  readEngineSchema,
  type EngineSchemaAnswer,
  type ReadEngineSchemaOptions,
} from './read-engine-schema';

/** What settings hold for the generic install (trainers.generic). */
export interface GenericInstall {
  python: string;
  folder: string;
  /** "package.module:Class" of the engine's structured config; absent or '' when it declares none. */
  configClass?: string;
}

export type EngineSchemaLookup =
  { state: 'none' } | { state: 'read'; schema: EngineSchemaNode } | { state: 'failed'; message: string };

export interface EngineSchemaCacheOptions {
  /** python-bridge's folder (null: not found beside the app). */
  bridgeDir: () => string | null;
  timeoutMs?: number;
  /** The reader (tests count its calls). */
  read?: (options: ReadEngineSchemaOptions) => Promise<EngineSchemaAnswer>;
}

export interface EngineSchemaCache {
  lookup(install: GenericInstall): Promise<EngineSchemaLookup>;
}

interface Entry {
  /** path → "mtime:size" of the interpreter and of every file the schema was read from. */
  stamps: Map<string, string>;
  schema: EngineSchemaNode;
}

/** Installs differ rarely (one in settings; a few while the user edits it): keep a handful. */
const maxEntries = 8;

async function stampOf(path: string): Promise<string> {
  try {
    const info = await stat(path);
    return `${info.mtimeMs}:${info.size}`;
  } catch {
    return 'missing';
  }
}

async function unchanged(stamps: Map<string, string>): Promise<boolean> {
  const now = await Promise.all([...stamps].map(async ([path, stamp]) => (await stampOf(path)) === stamp));
  return now.every(Boolean);
}

/** The files the bridge says it read the classes from, taken out of the schema the form and jobs keep. */
function splitFiles(schema: EngineSchemaNode): { schema: EngineSchemaNode; files: string[] } {
  const meta = schema['x-dpgui'];
  if (!meta || !('files' in meta)) return { schema, files: [] };
  const { files, ...rest } = meta;
  const list = Array.isArray(files) ? files.filter((f): f is string => typeof f === 'string') : [];
  return { schema: { ...schema, 'x-dpgui': rest }, files: list };
}

export function createEngineSchemaCache(options: EngineSchemaCacheOptions): EngineSchemaCache {
  const read = options.read ?? readEngineSchema;
  const entries = new Map<string, Entry>();
  const reading = new Map<string, Promise<EngineSchemaLookup>>();

  const readFresh = async (
    key: string,
    install: GenericInstall,
    target: string,
  ): Promise<EngineSchemaLookup> => {
    const bridgeDir = options.bridgeDir();
    if (!bridgeDir)
      return { state: 'failed', message: 'python-bridge, which reads it, was not found beside the app.' };
    const pythonStamp = await stampOf(install.python);
    const answer = await read({
      python: install.python,
      bridgeDir,
      engineDir: install.folder,
      target,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    if (!answer.ok) return { state: 'failed', message: answer.message };
    const { schema, files } = splitFiles(answer.schema);
    const stamps = new Map([[install.python, pythonStamp]]);
    for (const file of files) stamps.set(file, await stampOf(file));
    entries.delete(key);
    entries.set(key, { stamps, schema });
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value ?? key);
    return { state: 'read', schema };
  };

  return {
    async lookup(install) {
      const target = install.configClass?.trim() ?? '';
      if (target === '') return { state: 'none' };
      const key = JSON.stringify([install.python, install.folder, target]);
      const pending = reading.get(key);
      if (pending) return pending;
      const entry = entries.get(key);
      if (entry && (await unchanged(entry.stamps))) return { state: 'read', schema: entry.schema };
      const again = reading.get(key); // another request may have started a read while this one stat'ed
      if (again) return again;
      const fresh = readFresh(key, install, target).finally(() => reading.delete(key));
      reading.set(key, fresh);
      return fresh;
    },
  };
}
