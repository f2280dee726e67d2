/**
 * Walks a trainer schema together with a config: which fields are greyed (and why), what a path's
 * label is. Shared by the form, the validator and the writers so the three never disagree.
 */
import type { GreyedField } from '../../contract/configs';
import { evaluateRule, readPath, type RuleContext } from './rules';
import type { FieldMeta, FieldSchema, ObjectSchema, TrainerConfig } from './types';

export type { GreyedField };

/** Why a field is greyed now, or null; `families` outside the config's family greys too. */
export function greyReason(
  meta: FieldMeta | undefined,
  context: RuleContext,
  familyLabel: (id: string) => string = (id) => id,
): string | null {
  if (!meta) return null;
  if (meta.families && !meta.families.includes(context.family)) {
    return `Does not apply to ${familyLabel(context.family)}.`;
  }
  for (const rule of meta.greyedWhen ?? []) {
    if (evaluateRule(rule.when, context)) return rule.reason;
  }
  return null;
}

/**
 * Every greyed field of a config, array items expanded ("subsets.0.keep_tokens"). A greyed object
 * greys all it holds, so only the outermost greyed path is listed. Paths are inside `values`, as the
 * rules and writers use them; configs.validate answers them from the config root ("values.…").
 */
export function greyedFields(
  schema: ObjectSchema,
  config: TrainerConfig,
  familyLabel?: (id: string) => string,
): GreyedField[] {
  const out: GreyedField[] = [];
  const base: RuleContext = { values: config.values, family: config.family };
  const visit = (properties: Record<string, FieldSchema>, prefix: string, context: RuleContext): void => {
    for (const [key, child] of Object.entries(properties)) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      const reason = greyReason(child['x-dpgui'], context, familyLabel);
      if (reason !== null) {
        out.push({ path, reason });
        continue;
      }
      if (child.type === 'object' && child.properties) {
        visit(child.properties, path, context);
      } else if (child.type === 'array' && child.items?.type === 'object' && child.items.properties) {
        const items = readPath(config.values, path);
        if (!Array.isArray(items)) continue;
        items.forEach((item: unknown, index) => {
          const itemRecord =
            typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
          visit(child.items?.properties ?? {}, `${path}.${index}`, { ...base, item: itemRecord });
        });
      }
    }
  };
  visit(schema.properties, '', base);
  return out;
}

/** The schema of a dotted values path (array indexes step into `items`), or undefined. */
export function schemaAt(schema: FieldSchema, path: string): FieldSchema | undefined {
  let current: FieldSchema | undefined = schema;
  for (const part of path.split('.')) {
    if (!current || part === '') continue;
    if (current.type === 'array') {
      current = /^\d+$/.test(part) ? current.items : undefined;
    } else {
      current = current.properties?.[part];
    }
  }
  return current;
}

/** A person's name for a values path: the field's label, with the item number where there is one. */
export function labelAt(schema: FieldSchema, path: string): string {
  const parts = path.split('.');
  const labels: string[] = [];
  let current: FieldSchema | undefined = schema;
  for (const part of parts) {
    if (!current) break;
    if (current.type === 'array' && /^\d+$/.test(part)) {
      labels.push(`#${Number(part) + 1}`);
      current = current.items;
      continue;
    }
    current = current.properties?.[part];
    const label = current?.['x-dpgui']?.label;
    if (label) labels.push(label);
  }
  if (labels.length > 0) return labels.join(' › ');
  return path === '' ? 'Training config' : path;
}

/** A fast membership test for many paths: the path or any object/array above it is greyed. */
export function greyedLookup(greyed: readonly GreyedField[]): (path: string) => boolean {
  const set = new Set(greyed.map((g) => g.path));
  return (path) => {
    if (set.size === 0) return false;
    if (set.has(path)) return true;
    for (let cut = path.lastIndexOf('.'); cut > 0; cut = path.lastIndexOf('.', cut - 1)) {
      if (set.has(path.slice(0, cut))) return true;
    }
    return false;
  };
}

/** Why a path is greyed (it, or an object/array above it, is in the greyed list), or null. */
export function greyedReasonAt(greyed: readonly GreyedField[], path: string): string | null {
  return greyed.find((g) => path === g.path || path.startsWith(`${g.path}.`))?.reason ?? null;
}

/** Whether a path, or an object/array above it, is in the greyed list. */
export function isGreyedPath(greyed: readonly GreyedField[], path: string): boolean {
  return greyedReasonAt(greyed, path) !== null;
}
