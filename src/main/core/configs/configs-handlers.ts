/**
 * configs.* and presets.*: thin handlers over the trainer registry, the validation engine, the
 * presets store and the file system (import reads host paths, export writes a folder).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { contractError, type RequestOf, type ResponseOf } from '../../../shared/contract';
import { getTrainer, importWithDefaults, withShownDefaults } from '../../../shared/trainers';
import type {
  ImportInput,
  TrainerConfig,
  TrainerDefinition,
  TrainerKind,
  WorldProbe,
} from '../../../shared/trainers/common';
import { ParseLimitError } from '../../../shared/trainers/common/parse-limits';
import { HandlerError } from '../contract/dispatcher';
import { formatBytes, readUserFile } from '../fs/read-user-file';
import { absolutePathError, userPathError } from '../fs/user-path-error';
import { writeFileAtomic } from '../fs/write-file-atomic';
import type { PresetsStore } from './presets-store';
import { builtInForm, type TrainerFormSources } from './trainer-form';
import { configDepthProblem, validateConfig, type ActiveOutput } from './validate-config';

export interface ConfigsHandlerDeps {
  probe: WorldProbe;
  presets: PresetsStore;
  /** The outputs of queued and running jobs (the queue provides them; none until it exists). */
  /** Outputs of unfinished jobs (but `jobId`) that may clash with the config's. */
  activeOutputs?: (config: TrainerConfig, jobId?: string) => readonly ActiveOutput[];
  /** Forms built per request (the generic trainer's, from its engine); the others' are their own. */
  forms?: TrainerFormSources;
}

/** Import files larger than this are not training configs. */
export const maxImportBytes = 4 * 1024 * 1024;
/** All the files of one import together (a config, its dataset file, prompts: a few KiB in practice). */
export const maxImportTotalBytes = 16 * 1024 * 1024;
const previewRunDir = '<run folder>';

function trainerOf(kind: TrainerKind): TrainerDefinition {
  const definition = getTrainer(kind);
  if (!definition) {
    throw new HandlerError(
      contractError('not_found', `The ${kind} trainer is not available in this version of DPGui.`, [
        { path: 'trainer', message: 'not available' },
      ]),
    );
  }
  return definition;
}

/** The writers recurse through the config: one nested past the bound is refused before they run. */
function requireBoundedConfig(config: unknown, field = 'config.values'): void {
  const problem = configDepthProblem(config);
  if (problem)
    throw new HandlerError(contractError('invalid_payload', problem, [{ path: field, message: problem }]));
}

function requireAbsolute(path: string, field: string): void {
  const error = absolutePathError(path, field);
  if (error) throw new HandlerError(error);
}

/** A file on the host, read off the main thread: a regular file of at most maxImportBytes, or a 4xx. */
async function readImportPath(path: string, field: string): Promise<ImportInput> {
  requireAbsolute(path, field);
  try {
    return { name: basename(path), content: (await readUserFile(path, maxImportBytes)).toString('utf8') };
  } catch (error) {
    throw new HandlerError(userPathError('read', path, field, error));
  }
}

function tooLarge(subject: string, field: string, reason: string): HandlerError {
  return new HandlerError(
    contractError('invalid_payload', `Cannot import ${subject}: ${reason}.`, [
      { path: field, message: reason },
    ]),
  );
}

/** The host paths (read one after the other, so the total bound holds) and the uploaded files. */
async function importInputs(request: RequestOf<'configs.import'>): Promise<ImportInput[]> {
  const inputs: ImportInput[] = [];
  let total = 0;
  const add = (input: ImportInput, field: string): void => {
    // A string's length in UTF-16 units is at most its UTF-8 size, and is what the parsers walk.
    if (input.content.length > maxImportBytes)
      throw tooLarge(
        `"${input.name}"`,
        field,
        `it is larger than ${formatBytes(maxImportBytes)}, the limit for a config file`,
      );
    total += input.content.length;
    if (total > maxImportTotalBytes)
      throw tooLarge(
        `"${input.name}"`,
        field,
        `the files of one import together may be at most ${formatBytes(maxImportTotalBytes)}`,
      );
    inputs.push(input);
  };
  for (const [index, path] of (request.paths ?? []).entries())
    add(await readImportPath(path, `paths.${index}`), `paths.${index}`);
  for (const [index, f] of (request.files ?? []).entries())
    add({ name: f.name, content: f.content }, `files.${index}`);
  return inputs;
}

/** A file over a parser's bound (depth, aliases, expanded size) is the user's to fix: 400 naming it. */
function parseLimitError(error: ParseLimitError, request: RequestOf<'configs.import'>): HandlerError {
  const pathIndex = (request.paths ?? []).findIndex((p) => basename(p) === error.file);
  const fileIndex = (request.files ?? []).findIndex((f) => f.name === error.file);
  const field = pathIndex >= 0 ? `paths.${pathIndex}` : fileIndex >= 0 ? `files.${fileIndex}` : '';
  return new HandlerError(
    contractError('invalid_payload', error.message, [{ path: field, message: error.message }]),
  );
}

export function createConfigsHandlers(deps: ConfigsHandlerDeps) {
  return {
    'configs.schema': async (request: RequestOf<'configs.schema'>): Promise<ResponseOf<'configs.schema'>> => {
      const d = trainerOf(request.trainer);
      // A form is built from the YAML's keys by recursion: bounded like a config.
      if (request.yaml !== undefined) requireBoundedConfig(request.yaml, 'yaml');
      const formSource = deps.forms?.[d.kind];
      return {
        trainer: d.kind,
        label: d.label,
        families: d.families.map((f) => ({ ...f })),
        conflicts: d.conflicts.map((c) => ({ ...c })),
        ...(formSource ? await formSource(request) : builtInForm(d)),
      };
    },
    'configs.validate': ({ config, jobId }: RequestOf<'configs.validate'>): ResponseOf<'configs.validate'> =>
      validateConfig(config, {
        probe: deps.probe,
        ...(deps.activeOutputs ? { activeOutputs: () => deps.activeOutputs?.(config, jobId) ?? [] } : {}),
        ...(jobId !== undefined ? { jobId } : {}),
      }),
    'configs.preview': ({ config, runDir }: RequestOf<'configs.preview'>): ResponseOf<'configs.preview'> => {
      requireBoundedConfig(config);
      return trainerOf(config.trainer).writeFiles(withShownDefaults(config), {
        runDir: runDir ?? previewRunDir,
      });
    },
    'configs.import': async (request: RequestOf<'configs.import'>): Promise<ResponseOf<'configs.import'>> => {
      const d = trainerOf(request.trainer);
      const inputs = await importInputs(request);
      if (inputs.length === 0) {
        throw new HandlerError(
          contractError('invalid_payload', 'Give the files to import: paths on the host or uploaded files.', [
            { path: 'paths', message: 'is required when no files are uploaded' },
          ]),
        );
      }
      let result: ReturnType<TrainerDefinition['importFiles']>;
      try {
        result = importWithDefaults(d, inputs, {
          probe: deps.probe,
          ...(request.family !== undefined ? { family: request.family } : {}),
        });
      } catch (error) {
        if (error instanceof ParseLimitError) throw parseLimitError(error, request);
        throw error;
      }
      if (result.ok) return { ...result, needsFamily: false };
      if (result.needsFamily)
        return {
          ok: false,
          format: result.format,
          needsFamily: true,
          families: result.families,
          notes: result.notes,
        };
      return { ok: false, format: result.format, needsFamily: false, message: result.message };
    },
    'configs.export': ({
      config,
      folder,
      overwrite,
    }: RequestOf<'configs.export'>): ResponseOf<'configs.export'> => {
      requireAbsolute(folder, 'folder');
      requireBoundedConfig(config);
      const { files } = trainerOf(config.trainer).writeFiles(withShownDefaults(config), { runDir: folder });
      const targets = files.map((f) => join(folder, f.name));
      const existing = targets.filter((t) => existsSync(t));
      if (existing.length > 0 && overwrite !== true) {
        throw new HandlerError(
          contractError(
            'conflict',
            `${existing.join(', ')} already exist; export again with overwrite to replace them.`,
            [{ path: 'folder', message: 'holds files of the same names' }],
          ),
        );
      }
      try {
        mkdirSync(folder, { recursive: true });
        files.forEach((f, i) => writeFileAtomic(targets[i] ?? join(folder, f.name), f.content));
      } catch (error) {
        throw new HandlerError(userPathError('write into', folder, 'folder', error));
      }
      return { written: targets };
    },
    'presets.list': (): ResponseOf<'presets.list'> => deps.presets.list(),
    'presets.get': ({ id }: RequestOf<'presets.get'>): ResponseOf<'presets.get'> => deps.presets.get(id),
    'presets.save': (request: RequestOf<'presets.save'>): ResponseOf<'presets.save'> =>
      deps.presets.save({ ...request, config: withShownDefaults(request.config) }),
    'presets.rename': ({ id, name }: RequestOf<'presets.rename'>): ResponseOf<'presets.rename'> =>
      deps.presets.rename(id, name),
    'presets.delete': ({ id }: RequestOf<'presets.delete'>): ResponseOf<'presets.delete'> => ({
      deleted: deps.presets.delete(id),
    }),
    'presets.import': async ({
      path,
      content,
    }: RequestOf<'presets.import'>): Promise<ResponseOf<'presets.import'>> => {
      if (content !== undefined && content.length > maxImportBytes)
        throw tooLarge(
          'the preset',
          'content',
          `it is larger than ${formatBytes(maxImportBytes)}, the limit for a preset file`,
        );
      const text = content ?? (path !== undefined ? (await readImportPath(path, 'path')).content : '');
      return deps.presets.importText(text);
    },
    'presets.export': ({ id, path }: RequestOf<'presets.export'>): ResponseOf<'presets.export'> => {
      const file = deps.presets.exportText(id);
      if (path === undefined) return file;
      requireAbsolute(path, 'path');
      try {
        writeFileAtomic(path, file.content);
      } catch (error) {
        throw new HandlerError(userPathError('write', path, 'path', error));
      }
      return { ...file, path };
    },
  };
}
