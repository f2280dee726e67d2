/**
 * How an import combines what the files say with the family's defaults, the same way for every
 * format of every trainer: the config starts as a new config of the family starts
 * (`trainer.defaults(family)`) and each value the files set replaces the default at its place. A
 * group of fields (an object the schema gives properties: diffusion-pipe's [model], [optimizer],
 * the dataset) is combined key by key; anything else the files set (a list of image folders, a map
 * of optimizer arguments) replaces the default whole. The answer lists the values that came from
 * the files (`fromFile`, paths written `values.x`) and says so in a note.
 */
import { isJsonObject } from './json-object';
import type { FieldSchema, ImportInput, ImportOptions, ImportResult, TrainerDefinition } from './types';

export interface Overlaid {
  values: Record<string, unknown>;
  /** `values.x` paths of the values the files set, in the files' order. */
  fromFile: string[];
}

/** The defaults with the file's values laid over them (both left as they are). */
export function overlayOnDefaults(
  defaults: Record<string, unknown>,
  fromFiles: Record<string, unknown>,
  properties: Record<string, FieldSchema>,
  at = 'values',
): Overlaid {
  const values: Record<string, unknown> = structuredClone(defaults);
  const fromFile: string[] = [];
  for (const [key, value] of Object.entries(fromFiles)) {
    if (value === undefined) continue;
    const group = properties[key]?.type === 'object' ? properties[key].properties : undefined;
    const base = values[key];
    if (group && isJsonObject(value) && isJsonObject(base)) {
      const inner = overlayOnDefaults(base, value, group, `${at}.${key}`);
      values[key] = inner.values;
      fromFile.push(...inner.fromFile);
      continue;
    }
    values[key] = structuredClone(value);
    fromFile.push(`${at}.${key}`);
  }
  return { values, fromFile };
}

function sayWhatCameFromFiles(count: number, familyLabel: string): string {
  const from =
    count === 0
      ? 'The files set no value of the form'
      : count === 1
        ? '1 value comes from the files'
        : `${count} values come from the files`;
  return `${from}; every other value is the ${familyLabel} default, as a new config starts.`;
}

/** A trainer's import answer with the family's defaults under the files' values. */
export function withFamilyDefaults(definition: TrainerDefinition, result: ImportResult): ImportResult {
  if (!result.ok) return result;
  const { family } = result.config;
  const { values, fromFile } = overlayOnDefaults(
    definition.defaults(family),
    result.config.values,
    definition.schema.properties,
  );
  const label = definition.families.find((f) => f.id === family)?.label ?? family;
  return {
    ...result,
    config: { ...result.config, values },
    fromFile,
    notes: [...result.notes, sayWhatCameFromFiles(fromFile.length, label)],
  };
}

/** What configs.import answers: the trainer's reading of the files over the family's defaults. */
export function importWithDefaults(
  definition: TrainerDefinition,
  inputs: ImportInput[],
  options?: ImportOptions,
): ImportResult {
  return withFamilyDefaults(definition, definition.importFiles(inputs, options));
}
