/**
 * What the form shows is what the trainer gets: a key a config leaves out (an API client's partial
 * config, an imported partial file) takes the value the form shows for it, before anything is
 * validated, stored or written. The shown value of a key is the family's default
 * (`trainer.defaults(family)`, which `configs.schema` answers per family); inside a list of objects
 * (image folders, dataset directories) it is the item schema's `default`. Blank defaults (model
 * paths, the placeholder image folder of a new config) are not values and are never filled in, so a
 * missing required field is still reported as missing. A field the user cleared is held as `null`:
 * kept, never filled, not written, and checked as if absent (`withoutCleared`).
 */
import { isJsonObject } from './json-object';
import type { FieldSchema, TrainerConfig, TrainerDefinition } from './types';

/** A default the form shows as a value (not an empty path, list or group to fill in). */
function isShownValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (typeof value === 'number') return !Number.isNaN(value);
  // Lists of objects are the user's own entries (folders, prompts); a new config's placeholder is not a value.
  if (Array.isArray(value)) return value.length > 0 && !value.some((item) => isJsonObject(item));
  if (isJsonObject(value)) return Object.keys(value).length > 0;
  return true;
}

const appliesTo = (field: FieldSchema, family: string): boolean => {
  const families = field['x-dpgui']?.families;
  return !families || families.includes(family);
};

/** The schema defaults of an object's properties that apply to the family (an item of a list). */
export function itemDefaults(
  properties: Record<string, FieldSchema>,
  family: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(properties)) {
    if (!appliesTo(field, family)) continue;
    if (field.type === 'object' && field.properties) out[key] = itemDefaults(field.properties, family);
    else if (field.default !== undefined) out[key] = field.default;
  }
  return out;
}

function fillObject(
  values: Record<string, unknown>,
  shown: Record<string, unknown>,
  properties: Record<string, FieldSchema>,
  family: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  for (const [key, field] of Object.entries(properties)) {
    const current = out[key];
    const dflt = shown[key];
    const group = field.type === 'object' && field.properties ? field.properties : undefined;
    if (current === undefined) {
      if (!isShownValue(dflt)) continue;
      out[key] = group && isJsonObject(dflt) ? fillObject({}, dflt, group, family) : structuredClone(dflt);
      continue;
    }
    if (group && isJsonObject(current)) {
      out[key] = fillObject(current, isJsonObject(dflt) ? dflt : {}, group, family);
      continue;
    }
    const itemProperties = field.type === 'array' ? field.items?.properties : undefined;
    if (itemProperties && Array.isArray(current)) {
      const itemShown = itemDefaults(itemProperties, family);
      out[key] = current.map((item: unknown) =>
        isJsonObject(item) ? fillObject(item, itemShown, itemProperties, family) : item,
      );
    }
  }
  return out;
}

/**
 * The config with every key it leaves out set to the value the form shows for it (see above). Keys it
 * holds are kept as they are, null and empty included (the user cleared them). Pure; a config of an
 * unknown family, or without an object of values, is returned as it is (validation reports it).
 */
export function fillDefaults(definition: TrainerDefinition, config: TrainerConfig): TrainerConfig {
  if (!isJsonObject(config.values) || !definition.families.some((f) => f.id === config.family)) return config;
  const shown = definition.defaults(config.family);
  return {
    ...config,
    values: fillObject(config.values, shown, definition.schema.properties, config.family),
  };
}

/**
 * The values without the fields the user cleared (`null`), for the schema check: a cleared field is
 * as if absent there (an error only where it is required), while fillDefaults keeps it cleared.
 */
export function withoutCleared(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutCleared);
  if (!isJsonObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== null) out[key] = withoutCleared(item);
  return out;
}
