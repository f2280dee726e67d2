/**
 * Every sd-scripts option the form does not show, as an "advanced" field, built from the facts that
 * scripts/generate-sd-scripts-options.py read from sd-scripts' argparse definitions (names, types,
 * nargs, choices, defaults — no help texts). Regenerate the JSON to follow a new sd-scripts.
 */
import { defineField } from '../common/define-field';
import type { FieldSchema, JsonValue } from '../common/types';
import generated from './generated-options.json';

export interface GeneratedOption {
  name: string;
  aliases: string[];
  type: string | null;
  action: string | null;
  nargs: JsonValue;
  choices: JsonValue;
  default: JsonValue;
  hasDefault: boolean;
  definedAt: string;
  scripts: string[];
}

export const generatedOptions = generated.options as GeneratedOption[];
export const generatedFrom = generated.source;

const familyOfScript: Record<string, string> = {
  'train_network.py': 'sd',
  'sdxl_train_network.py': 'sdxl',
  'sd3_train_network.py': 'sd3',
  'flux_train_network.py': 'flux',
};

function scalarType(option: GeneratedOption): 'integer' | 'number' | 'string' {
  if (option.type === 'int') return 'integer';
  if (option.type === 'float') return 'number';
  return 'string';
}

function fitsType(value: JsonValue, type: FieldSchema['type']): boolean {
  if (type === 'integer') return typeof value === 'number' && Number.isInteger(value);
  if (type === 'number') return typeof value === 'number';
  if (type === 'string') return typeof value === 'string';
  if (type === 'boolean') return typeof value === 'boolean';
  return false;
}

/** One generated option as a schema property. */
export function fieldOfOption(option: GeneratedOption): FieldSchema {
  const families =
    option.scripts.length === 4 ? undefined : option.scripts.map((s) => familyOfScript[s] ?? s);
  const meta = {
    section: 'advanced',
    label: option.name.replace(/_/g, ' '),
    tooltip: `sd-scripts option --${option.name} (${option.definedAt}); written as it is.`,
    advanced: true,
    ...(families ? { families } : {}),
  };
  if (option.action === 'store_true' || option.action === 'store_false') {
    return defineField({ type: 'boolean', default: option.action === 'store_false' }, meta);
  }
  const type = scalarType(option);
  const item: FieldSchema = { type };
  if (Array.isArray(option.choices) && option.choices.every((c) => fitsType(c, type))) {
    item.enum = option.choices;
  }
  const isList = option.nargs !== null;
  const schema: FieldSchema = isList ? { type: 'array', items: item } : { ...item };
  if (option.default !== null && (isList ? Array.isArray(option.default) : fitsType(option.default, type))) {
    schema.default = option.default;
  }
  return defineField(schema, meta);
}

export function advancedFields(exclude: ReadonlySet<string>): Record<string, FieldSchema> {
  const out: Record<string, FieldSchema> = {};
  for (const option of generatedOptions) {
    if (exclude.has(option.name)) continue;
    out[option.name] = fieldOfOption(option);
  }
  return out;
}
