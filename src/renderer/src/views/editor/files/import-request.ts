/**
 * Turning what the user gave (browsed host paths, uploaded or dropped files) into configs.import
 * requests, and choosing the trainer whose importer read them: the editor's own trainer first, the
 * others only when it could not read the files as its own.
 */
import type { RequestOf, ResponseOf } from '../../../../../shared/contract';
import { trainerKinds, type TrainerKind } from '../../../../../shared/contract/trainer-kinds';

export type ImportAnswer = ResponseOf<'configs.import'>;

/** The files of one import: paths on the host, or the text of files from the browser's machine. */
export type ImportSource = { paths: string[] } | { files: { name: string; content: string }[] };

/** The file extensions the importers read (config and dataset TOML, kohya_ss JSON, generic YAML). */
export const importExtensions = ['toml', 'json', 'yaml', 'yml', 'txt'] as const;

export function isImportableName(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && (importExtensions as readonly string[]).includes(name.slice(dot + 1).toLowerCase());
}

/** The name shown for an import ("train.toml + dataset.toml"). */
export function importSourceName(source: ImportSource): string {
  const names =
    'paths' in source
      ? source.paths.map((p) => p.split(/[\\/]/).at(-1) ?? p)
      : source.files.map((f) => f.name);
  return names.join(' + ');
}

export function importRequest(
  trainer: TrainerKind,
  source: ImportSource,
  family?: string,
): RequestOf<'configs.import'> {
  return {
    trainer,
    ...('paths' in source ? { paths: source.paths } : { files: source.files }),
    ...(family === undefined ? {} : { family }),
  };
}

/** Generic configs are YAML; sd-scripts and diffusion-pipe read TOML (and kohya_ss JSON). */
function trainerCouldRead(trainer: TrainerKind, source: ImportSource): boolean {
  const names = 'paths' in source ? source.paths : source.files.map((f) => f.name);
  const yaml = names.some((n) => /\.ya?ml$/i.test(n));
  return trainer === 'generic' ? yaml : !yaml || names.some((n) => /\.(toml|json)$/i.test(n));
}

/** The order to try the trainers in: the editor's own first, then the others that could read the files. */
export function trainersToTry(current: TrainerKind, source: ImportSource): TrainerKind[] {
  return [current, ...trainerKinds.filter((t) => t !== current && trainerCouldRead(t, source))];
}

export interface TrainerAnswer {
  trainer: TrainerKind;
  answer: ImportAnswer;
}

/**
 * Which answer to show: the first that is a config; else the first that only needs the family,
 * preferring the editor's own trainer; else the editor's own refusal (its message names the files).
 */
export function pickAnswer(answers: readonly TrainerAnswer[]): TrainerAnswer | undefined {
  return answers.find((a) => a.answer.ok) ?? answers.find((a) => a.answer.needsFamily === true) ?? answers[0];
}

/**
 * configs.import with the editor's trainer, then the others in turn until one reads the files as a
 * config. With a family given (the user chose it) only that trainer is asked.
 */
export async function importAcrossTrainers(
  ask: (request: RequestOf<'configs.import'>) => Promise<ImportAnswer>,
  current: TrainerKind,
  source: ImportSource,
  family?: string,
): Promise<TrainerAnswer> {
  const answers: TrainerAnswer[] = [];
  const order = family === undefined ? trainersToTry(current, source) : [current];
  for (const trainer of order) {
    const answer = await ask(importRequest(trainer, source, family));
    answers.push({ trainer, answer });
    if (answer.ok) break;
  }
  const picked = pickAnswer(answers);
  if (!picked) throw new Error('No trainer was asked to import the files.');
  return picked;
}

/** Reads browser files as import inputs (a config TOML with its dataset TOML, a kohya_ss JSON…). */
export async function readImportFiles(
  files: readonly Pick<File, 'name' | 'text'>[],
): Promise<{ name: string; content: string }[]> {
  return Promise.all(files.map(async (file) => ({ name: file.name, content: await file.text() })));
}
