/**
 * A new config of a family, and the same config moved to another family: the values the user set
 * that still apply are kept, everything else takes the new family's default (one undoable step).
 */
import type { TrainerConfig } from '../../../../../shared/contract/configs';
import type { EditorSchema } from '../state/editor-schema';
import { defaultAt } from '../state/defaults';
import { sameJson } from '../state/value-path';

/** SDXL is what most LoRAs are trained on today: the family a new sd-scripts config starts with. */
const preferredFamilies = ['sdxl'];

export function startingFamily(schema: EditorSchema): string {
  const ids = schema.families.map((family) => family.id);
  return preferredFamilies.find((id) => ids.includes(id)) ?? ids[0] ?? '';
}

export function newConfig(schema: EditorSchema, family = startingFamily(schema)): TrainerConfig {
  return { trainer: schema.trainer, family, values: structuredClone(schema.defaults[family] ?? {}) };
}

/** Whether the schema's field at the top-level `key` applies to `family` (absent: all). */
function appliesTo(schema: EditorSchema, key: string, family: string): boolean {
  const field = schema.schema.properties[key];
  if (!field) return true; // not the form's: kept as it is
  const families = field['x-dpgui']?.families;
  return families === undefined || families.includes(family);
}

/**
 * The config in another family: the new family's defaults, with each value the user changed from
 * the old family's default laid over them where the field still applies.
 */
export function withFamily(schema: EditorSchema, config: TrainerConfig, family: string): TrainerConfig {
  const values: Record<string, unknown> = structuredClone(schema.defaults[family] ?? {});
  for (const [key, value] of Object.entries(config.values)) {
    const untouched = sameJson(value, defaultAt(schema, config.family, key));
    if (untouched || !appliesTo(schema, key, family)) continue;
    values[key] = structuredClone(value);
  }
  return { ...config, family, values };
}
