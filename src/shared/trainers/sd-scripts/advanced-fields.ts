/**
 * Every sd-scripts option the form does not show, as an "advanced" field, built from the facts that
 * scripts/generate-sd-scripts-options.py read from sd-scripts' argparse definitions (names, types,
 * nargs, choices, defaults, help texts). The label is read from the option's name, the tooltip is a
 * summary of its help. Regenerate the JSON to follow a new sd-scripts.
 */
import { defineField } from '../common/define-field';
import { summariseHelp } from '../common/help-summary';
import { choiceLabelsOf, labelFromKey } from '../common/key-labels';
import type { FieldMeta, FieldSchema, JsonValue } from '../common/types';
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
  /** sd-scripts' help text as written (English / Japanese); null where it has none. */
  help: string | null;
  scripts: string[];
  /** Where another entry script defines the option again with another default. */
  defaultByScript?: Record<string, JsonValue>;
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
  // train_util's int_or_float: an int is steps, a float below 1 a share of them.
  if (option.type === 'float' || option.type === 'int_or_float') return 'number';
  return 'string';
}

function fitsType(value: JsonValue, type: FieldSchema['type']): boolean {
  if (type === 'integer') return typeof value === 'number' && Number.isInteger(value);
  if (type === 'number') return typeof value === 'number';
  if (type === 'string') return typeof value === 'string';
  if (type === 'boolean') return typeof value === 'boolean';
  return false;
}

function words(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * The tooltip of an option: its help, summarised. A help that only repeats the option's name
 * ("learning rate", "debiased estimation loss") gets what kind of value it takes, so the tooltip still
 * tells more than the label.
 */
export function tooltipOfOption(option: GeneratedOption, label = labelFromKey(option.name)): string {
  const summary = summariseHelp(option.help ?? '');
  const saysMore = summary !== '' && words(summary) !== words(label) && summary.split(' ').length > 2;
  if (saysMore) return summary;
  const isSwitch = option.action === 'store_true' || option.action === 'store_false';
  const what = summary === '' ? label : summary.replace(/\.$/, '');
  return isSwitch
    ? `${what}: an sd-scripts switch, off unless you turn it on.`
    : `${what}: an sd-scripts setting; left empty, sd-scripts uses its own default.`;
}

/** One generated option as a schema property. */
export function fieldOfOption(option: GeneratedOption): FieldSchema {
  const families =
    option.scripts.length === 4 ? undefined : option.scripts.map((s) => familyOfScript[s] ?? s);
  const label = labelFromKey(option.name);
  const meta: FieldMeta = {
    section: 'advanced',
    label,
    tooltip: tooltipOfOption(option, label),
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
    meta.choiceLabels = choiceLabelsOf(option.choices);
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
