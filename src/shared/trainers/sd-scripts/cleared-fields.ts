/**
 * A field the user cleared (`null`) is shown empty and not written, so sd-scripts uses its own default
 * for it. Where that default is nothing (None, a toggle off) the two agree; where it is a value
 * (learning_rate 2e-6, a folder's caption extension ".caption", a store_false option's on) the
 * trainer would get what the form does not show, so such a field cannot be left empty.
 */
import { greyedFields, greyedLookup, labelAt } from '../common/schema-walk';
import type { ConfigIssue, FieldSchema, TrainerConfig } from '../common/types';
import { familyLabel, isSdFamily } from './families';
import { sdScriptsOwnValue } from './own-defaults';
import { sdScriptsSchema } from './schema';

/** Form fields the writer turns into other options; their schema makes them required instead. */
const writtenAsOtherOptions = new Set([
  'network_algo',
  'train_on',
  'sample_prompts_list',
  'resolution',
  'resolution_height',
  'subsets',
]);

/** What sd-scripts does with nothing set: None, an empty text or list, a toggle off. */
const isNothing = (value: unknown): boolean =>
  value === null ||
  value === undefined ||
  value === false ||
  value === '' ||
  (Array.isArray(value) && value.length === 0);

function describe(value: unknown): string {
  if (value === true) return 'on';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return value.map((v) => String(v)).join(', ');
  return String(value);
}

const appliesTo = (field: FieldSchema, family: string): boolean => {
  const families = field['x-dpgui']?.families;
  return !families || families.includes(family);
};

/** An error for each cleared field whose emptiness sd-scripts would fill with a value of its own. */
export function clearedFieldIssues(config: TrainerConfig): ConfigIssue[] {
  if (!isSdFamily(config.family)) return [];
  const family = config.family;
  const values = config.values;
  const isGreyed = greyedLookup(greyedFields(sdScriptsSchema, config, familyLabel));
  const issues: ConfigIssue[] = [];
  const check = (path: string, own: unknown): void => {
    if (isNothing(own)) return;
    issues.push({
      path: `values.${path}`,
      label: labelAt(sdScriptsSchema, path),
      severity: 'error',
      message: `is empty, but sd-scripts would then use its own default (${describe(own)}): enter the value to train with.`,
    });
  };

  for (const [key, field] of Object.entries(sdScriptsSchema.properties)) {
    const target = field['x-dpgui']?.target ?? 'config';
    if (values[key] !== null || writtenAsOtherOptions.has(key) || isGreyed(key)) continue;
    if (target === 'ui' || target === 'network_args' || !appliesTo(field, family)) continue;
    check(key, sdScriptsOwnValue(family, key, target === 'dataset' ? 'dataset' : 'config'));
  }

  const itemFields = sdScriptsSchema.properties.subsets?.items?.properties ?? {};
  const subsets = Array.isArray(values.subsets) ? (values.subsets as unknown[]) : [];
  subsets.forEach((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return;
    for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
      const field = itemFields[key];
      const path = `subsets.${index}.${key}`;
      if (value !== null || !field || field['x-dpgui']?.target === 'ui' || isGreyed(path)) continue;
      check(path, sdScriptsOwnValue(family, key, 'dataset'));
    }
  });
  return issues;
}
