/**
 * trainers.list: each trainer kind with its label, families and whether its install is set up (its
 * interpreter and folder set in the settings and present on disk). A pure function of the settings
 * and an `exists` probe, so a test gives plain values; nothing is run (env.doctor checks deeper).
 */
import { existsSync } from 'node:fs';
import {
  trainerKinds,
  type TrainerEntry,
  type TrainerInstallPath,
  type TrainerInstalls,
  type TrainerKind,
  type TrainersList,
} from '../../../shared/contract';
import { getTrainer } from '../../../shared/trainers';
import { trainerRuntime } from './index';

function pathState(setting: string, value: string, required: boolean, exists: (path: string) => boolean) {
  const set = value.trim() !== '';
  return { setting, path: value, required, set, exists: set && exists(value) } satisfies TrainerInstallPath;
}

export function describeTrainer(
  kind: TrainerKind,
  installs: TrainerInstalls,
  exists: (path: string) => boolean,
): TrainerEntry {
  const runtime = trainerRuntime(kind);
  const definition = getTrainer(kind);
  const { key, label } = runtime.install;
  const install = installs[key];
  const setting = `trainers.${key}`;
  const python = pathState(`${setting}.python`, install.python, true, exists);
  const folder = pathState(`${setting}.folder`, install.folder, runtime.needsInstallFolder, exists);
  const where = `Settings → Trainers → ${label}`;
  // The first thing to fix, in the order a person sets an install up.
  const problem =
    problemOf(python, label, `set the Python interpreter of its venv in ${where}`, where) ??
    problemOf(folder, label, `set the folder of its ${label} checkout in ${where}`, where);
  return {
    kind,
    label: definition?.label ?? label,
    families: definition?.families.map(({ id, label: name }) => ({ id, label: name })) ?? [],
    setting,
    setUp: problem === null,
    python,
    folder,
    message:
      problem ??
      `${capitalize(label)} is set up (interpreter ${install.python}${folder.set ? `, folder ${install.folder}` : ''}).`,
  };
}

function problemOf(path: TrainerInstallPath, label: string, toSet: string, where: string): string | null {
  if (!path.set)
    return path.required ? `The install of ${label} is not set up: ${toSet} (${path.setting}).` : null;
  return path.exists ? null : `${path.path} does not exist: fix it in ${where} (${path.setting}).`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function createTrainersHandlers(installs: () => TrainerInstalls, exists = existsSync) {
  return {
    'trainers.list': (): TrainersList => ({
      trainers: trainerKinds.map((kind) => describeTrainer(kind, installs(), exists)),
    }),
  };
}
