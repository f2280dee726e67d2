/**
 * The rule language's evaluator: plain data in, a boolean out, no code generation — the renderer runs
 * it under a CSP without `unsafe-eval`, the validator and the writers run the same function.
 */
import type { JsonValue, Rule } from './types';

export interface RuleContext {
  values: Record<string, unknown>;
  family: string;
  /** The array item a relative field (".is_reg") refers to. */
  item?: Record<string, unknown>;
}

/** A dotted path ("subsets.0.image_dir") read from an object; undefined where it leads nowhere. */
export function readPath(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const part of path.split('.')) {
    if (part === '') continue;
    if (Array.isArray(current)) current = current[Number(part)];
    else if (typeof current === 'object' && current !== null)
      current = (current as Record<string, unknown>)[part];
    else return undefined;
  }
  return current;
}

function fieldValue(field: string, context: RuleContext): unknown {
  if (field.startsWith('.')) return readPath(context.item ?? {}, field.slice(1));
  return readPath(context.values, field);
}

/** Truthy as users read a form: false, 0, "", empty lists, null and absent are "off". */
export function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

function sameValue(a: unknown, b: JsonValue): boolean {
  return a === b || (a === undefined && b === null);
}

export function evaluateRule(rule: Rule, context: RuleContext): boolean {
  if ('all' in rule) return rule.all.every((r) => evaluateRule(r, context));
  if ('any' in rule) return rule.any.some((r) => evaluateRule(r, context));
  if ('not' in rule) return !evaluateRule(rule.not, context);
  if ('family' in rule) return rule.family.includes(context.family);
  if ('some' in rule) {
    const items = readPath(context.values, rule.some);
    if (!Array.isArray(items)) return false;
    return items.some((item: unknown) =>
      evaluateRule(rule.where, {
        ...context,
        item: typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {},
      }),
    );
  }
  const value = fieldValue(rule.field, context);
  if ('equals' in rule) return sameValue(value, rule.equals);
  if ('notEquals' in rule) return !sameValue(value, rule.notEquals);
  if ('in' in rule) return rule.in.some((v) => sameValue(value, v));
  if ('notIn' in rule) return !rule.notIn.some((v) => sameValue(value, v));
  if ('truthy' in rule) return isTruthy(value);
  return !isTruthy(value);
}

/** Every field a rule reads (for the form: which fields to watch). */
export function fieldsOfRule(rule: Rule): string[] {
  if ('all' in rule) return rule.all.flatMap(fieldsOfRule);
  if ('any' in rule) return rule.any.flatMap(fieldsOfRule);
  if ('not' in rule) return fieldsOfRule(rule.not);
  if ('family' in rule) return [];
  if ('some' in rule) return [rule.some];
  return [rule.field];
}
