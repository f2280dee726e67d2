/**
 * What a trainer will read from a config: the files its writer writes, parsed back. The bucket preview
 * of a config reads these rather than the form's values, so that greyed fields, pass-through keys and
 * the writer's own choices count exactly as the trainer will see them.
 */
import { parse } from 'smol-toml';
import type { TrainerConfig } from '../../../../shared/contract';
import { getTrainer, withShownDefaults } from '../../../../shared/trainers';

export type Table = Record<string, unknown>;

/** Where the preview pretends the files lie (paths inside them are not read). */
const previewRunDir = '/dpgui-bucket-preview';

/**
 * The written files of `config` (its shown defaults filled in, as a launch fills them) by name, parsed.
 * Throws where the writer or the TOML fails.
 */
export function writtenTomls(config: TrainerConfig): Map<string, Table> {
  const definition = getTrainer(config.trainer);
  if (!definition) throw new Error(`the ${config.trainer} trainer is not available`);
  const { files } = definition.writeFiles(withShownDefaults(config), { runDir: previewRunDir });
  return new Map(files.filter((f) => f.name.endsWith('.toml')).map((f) => [f.name, parse(f.content)]));
}

export function tableOf(value: unknown): Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Table) : {};
}

export function tablesOf(value: unknown): Table[] {
  return Array.isArray(value) ? value.map(tableOf) : [];
}

/** The first of `tables` that holds `key`, as its value (the trainer's lookup order). */
export function lookup(tables: readonly Table[], key: string): unknown {
  for (const table of tables) if (table[key] !== undefined) return table[key];
  return undefined;
}

export function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export function booleanOr(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}
