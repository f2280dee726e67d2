/**
 * configs.* and presets.*: thin handlers over the trainer registry, the validation engine, the
 * presets store and the file system (import reads host paths, export writes a folder).
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { contractError, type RequestOf, type ResponseOf } from '../../../shared/contract';
import { getTrainer } from '../../../shared/trainers';
import type {
  ImportInput,
  TrainerDefinition,
  TrainerKind,
  WorldProbe,
} from '../../../shared/trainers/common';
import { HandlerError } from '../contract/dispatcher';
import { absolutePathError, userPathError } from '../fs/user-path-error';
import { writeFileAtomic } from '../fs/write-file-atomic';
import type { PresetsStore } from './presets-store';
import { validateConfig, type ActiveOutput } from './validate-config';

export interface ConfigsHandlerDeps {
  probe: WorldProbe;
  presets: PresetsStore;
  /** The outputs of queued and running jobs (the queue provides them; none until it exists). */
  activeOutputs?: () => readonly ActiveOutput[];
}

/** Import files larger than this are not training configs. */
const maxImportBytes = 4 * 1024 * 1024;
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

function requireAbsolute(path: string, field: string): void {
  const error = absolutePathError(path, field);
  if (error) throw new HandlerError(error);
}

function readImportPath(path: string, field: string): ImportInput {
  requireAbsolute(path, field);
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw new Error('it is not a file');
    if (stats.size > maxImportBytes) throw new Error('it is too large to be a training config');
    return { name: basename(path), content: readFileSync(path, 'utf8') };
  } catch (error) {
    throw new HandlerError(userPathError('read', path, field, error));
  }
}

export function createConfigsHandlers(deps: ConfigsHandlerDeps) {
  return {
    'configs.schema': ({ trainer }: RequestOf<'configs.schema'>): ResponseOf<'configs.schema'> => {
      const d = trainerOf(trainer);
      return {
        trainer: d.kind,
        label: d.label,
        families: d.families.map((f) => ({ ...f })),
        sections: d.sections.map((s) => ({ ...s })),
        schema: { ...d.schema },
        conflicts: d.conflicts.map((c) => ({ ...c })),
        defaults: Object.fromEntries(d.families.map((f) => [f.id, d.defaults(f.id)])),
      };
    },
    'configs.validate': ({ config, jobId }: RequestOf<'configs.validate'>): ResponseOf<'configs.validate'> =>
      validateConfig(config, {
        probe: deps.probe,
        ...(deps.activeOutputs ? { activeOutputs: deps.activeOutputs } : {}),
        ...(jobId !== undefined ? { jobId } : {}),
      }),
    'configs.preview': ({ config, runDir }: RequestOf<'configs.preview'>): ResponseOf<'configs.preview'> =>
      trainerOf(config.trainer).writeFiles(config, { runDir: runDir ?? previewRunDir }),
    'configs.import': (request: RequestOf<'configs.import'>): ResponseOf<'configs.import'> => {
      const d = trainerOf(request.trainer);
      const inputs: ImportInput[] = [
        ...(request.paths ?? []).map((path, index) => readImportPath(path, `paths.${index}`)),
        ...(request.files ?? []).map((f) => ({ name: f.name, content: f.content })),
      ];
      if (inputs.length === 0) {
        throw new HandlerError(
          contractError('invalid_payload', 'Give the files to import: paths on the host or uploaded files.', [
            { path: 'paths', message: 'is required when no files are uploaded' },
          ]),
        );
      }
      const result = d.importFiles(inputs, {
        probe: deps.probe,
        ...(request.family !== undefined ? { family: request.family } : {}),
      });
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
      const { files } = trainerOf(config.trainer).writeFiles(config, { runDir: folder });
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
      deps.presets.save({ ...request, config: request.config }),
    'presets.rename': ({ id, name }: RequestOf<'presets.rename'>): ResponseOf<'presets.rename'> =>
      deps.presets.rename(id, name),
    'presets.delete': ({ id }: RequestOf<'presets.delete'>): ResponseOf<'presets.delete'> => ({
      deleted: deps.presets.delete(id),
    }),
    'presets.import': ({ path, content }: RequestOf<'presets.import'>): ResponseOf<'presets.import'> => {
      const text = content ?? (path !== undefined ? readImportPath(path, 'path').content : '');
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
