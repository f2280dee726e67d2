/**
 * For the generated form test: a non-default value each field can take (valid for its type and range),
 * and whether a value shows in the files a writer produced. Plain functions of the schema.
 */
import type { FieldSchema, Rule } from '../../../../../shared/trainers/common/types';
import type { FieldModel } from './form-model';
import { choicesOf, scalarText } from './value-text';

function numberIn(field: FieldSchema, fallback: unknown, integer: boolean, seed: number): number {
  const low =
    field.minimum ??
    (field.exclusiveMinimum !== undefined ? field.exclusiveMinimum + (integer ? 1 : 0.05) : 0);
  const high =
    field.maximum ?? (field.exclusiveMaximum !== undefined ? field.exclusiveMaximum - 0.05 : low + 1000);
  const span = high - low;
  // A value away from the ends and from the default, a fraction for floats (written as it is typed).
  const candidates = integer
    ? [low + 3 + (seed % 5), low + 2, low + 1, high]
    : span <= 1
      ? [low + span * 0.37, low + span * 0.63]
      : [low + 0.37 + (seed % 5) / 10, low + 0.25, low + 0.5];
  const fits = (v: number): boolean =>
    v >= low && v <= high && v !== fallback && (!integer || Number.isInteger(v));
  const found = candidates.map((v) => (integer ? Math.round(v) : Number(v.toFixed(4)))).find(fits);
  if (found === undefined) throw new Error(`no value for a number field in ${low}..${high}`);
  return found;
}

/** A value for `field` that differs from `fallback`; `seed` keeps numbers of neighbouring fields apart. */
export function valueFor(field: FieldModel, fallback: unknown, seed: number): unknown {
  const schema = field.schema;
  switch (field.control) {
    case 'switch':
      return !fallback;
    case 'select': {
      // The last other choice: the first is often the trainer's own default, which writers leave out.
      const other = choicesOf(schema)
        .reverse()
        .find((c) => c.key !== scalarText(fallback));
      if (!other) throw new Error(`${field.template}: a choice without a second value`);
      return other.value;
    }
    case 'integer':
      return numberIn(schema, fallback, true, seed);
    case 'number':
      return numberIn(schema, fallback, false, seed);
    case 'path': {
      const ext = field.meta.path?.extensions?.[0];
      const kind = field.meta.path?.kind;
      return kind === 'folder' || !ext ? `/data/dir_${field.key}` : `/data/file_${field.key}${ext}`;
    }
    case 'suggest': {
      const other = (field.meta.suggestions ?? []).find((s) => s !== fallback);
      return other ?? `v_${field.key}`;
    }
    case 'number-list': {
      const items = schema.items ?? {};
      const count = schema.minItems ?? 2;
      const integer = items.type === 'integer';
      return Array.from({ length: count }, (_, i) => numberIn(items, undefined, integer, seed + i));
    }
    case 'text-list':
      return [`v_${field.key}`];
    case 'key-values':
      return { [`k_${field.key}`]: `v_${field.key}` };
    case 'json':
      if (schema.type === 'array') {
        const inner = schema.items ?? {};
        if (inner.type === 'array') {
          const count = inner.minItems ?? 2;
          return [
            Array.from({ length: count }, (_, i) => numberIn(inner.items ?? {}, undefined, true, seed + i)),
          ];
        }
        return [`v_${field.key}`];
      }
      return { [`k_${field.key}`]: 7 };
    default:
      return `v_${field.key}`;
  }
}

/** What a value looks like in a written file: each of these must appear on the field's line. */
export function writtenForms(value: unknown): string[][] {
  if (typeof value === 'boolean') return [[String(value)], [value ? 'True' : 'False']];
  if (typeof value === 'number') {
    const plain = String(value);
    return Number.isInteger(value) ? [[plain], [`${plain}.0`]] : [[plain]];
  }
  if (typeof value === 'string') return [[value]];
  if (Array.isArray(value)) return [value.flatMap((item) => writtenForms(item)[0] ?? [])];
  if (typeof value === 'object' && value !== null) {
    return [Object.entries(value).flatMap(([k, v]) => [k, ...(writtenForms(v)[0] ?? [])])];
  }
  return [[String(value)]];
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const indentOf = (line: string): number => line.length - line.trimStart().length;

/** Each line with the lines under it (a YAML list or table below its key). */
function logicalLines(text: string): string[] {
  const lines = text.split('\n');
  return lines.map((line, index) => {
    const own = indentOf(line);
    const block = [line];
    for (const next of lines.slice(index + 1)) {
      const deeper = indentOf(next) > own || (indentOf(next) === own && next.trimStart().startsWith('- '));
      if (!deeper || next.trim() === '') break;
      block.push(next);
    }
    return block.join(' ');
  });
}

/**
 * Whether some line of the text names one of `keys` (none: any line) and holds every part of one of
 * the value's forms.
 */
export function lineHolds(text: string, keys: string[], value: unknown): boolean {
  const forms = writtenForms(value);
  const keyRes = keys.map((k) => new RegExp(`(^|[^A-Za-z0-9_])${escapeRegExp(k)}([^A-Za-z0-9_]|$)`));
  return logicalLines(text).some((line) => {
    if (keyRes.length > 0 && !keyRes.some((re) => re.test(line))) return false;
    return forms.some((parts) =>
      parts.every((part) =>
        new RegExp(`(^|[^A-Za-z0-9_.])${escapeRegExp(part)}([^A-Za-z0-9_]|$)`).test(line),
      ),
    );
  });
}

type Steps = { field: string; value: unknown }[];

/** Values of the fields a rule reads that make it hold, where that is simple. */
function holdingSteps(rule: Rule, enumOf: (field: string) => unknown[] | undefined): Steps {
  if ('all' in rule) return rule.all.flatMap((part) => holdingSteps(part, enumOf));
  if ('any' in rule) return rule.any[0] ? holdingSteps(rule.any[0], enumOf) : [];
  if ('not' in rule) return ungreyingSteps(rule.not, enumOf);
  if ('family' in rule || 'some' in rule || rule.field.startsWith('.')) return [];
  if ('truthy' in rule) return [{ field: rule.field, value: true }];
  if ('falsy' in rule) return [{ field: rule.field, value: false }];
  if ('equals' in rule) return [{ field: rule.field, value: rule.equals }];
  if ('in' in rule) return rule.in[0] === undefined ? [] : [{ field: rule.field, value: rule.in[0] }];
  const avoid = 'notEquals' in rule ? [rule.notEquals] : rule.notIn;
  const other = enumOf(rule.field)?.find((v) => !avoid.includes(v as never));
  return other === undefined ? [] : [{ field: rule.field, value: other }];
}

/** The simple fields a greying rule reads, with a value that turns the rule off (un-greys), if one exists. */
export function ungreyingSteps(rule: Rule, enumOf: (field: string) => unknown[] | undefined): Steps {
  if ('all' in rule) {
    // Any one part false turns the whole rule off.
    for (const part of rule.all) {
      const steps = ungreyingSteps(part, enumOf);
      if (steps.length > 0) return steps;
    }
    return [];
  }
  if ('any' in rule) return rule.any.flatMap((part) => ungreyingSteps(part, enumOf));
  if ('not' in rule) return holdingSteps(rule.not, enumOf);
  if ('family' in rule || 'some' in rule) return [];
  if (rule.field.startsWith('.')) return [];
  if ('falsy' in rule) return [{ field: rule.field, value: true }];
  if ('truthy' in rule) return [{ field: rule.field, value: false }];
  if ('notEquals' in rule) return [{ field: rule.field, value: rule.notEquals }];
  if ('notIn' in rule)
    return rule.notIn[0] === undefined ? [] : [{ field: rule.field, value: rule.notIn[0] }];
  const avoid = 'equals' in rule ? [rule.equals] : rule.in;
  const other = enumOf(rule.field)?.find((v) => !avoid.includes(v as never));
  return other === undefined ? [] : [{ field: rule.field, value: other }];
}
