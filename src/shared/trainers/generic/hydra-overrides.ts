/**
 * Hydra-style command-line overrides for the generic trainer: parsed, checked and applied to a YAML
 * object with Hydra's rules (`key=v` changes a key that exists, `+key=v` adds one that does not,
 * `++key=v` sets either way, `~key` / `~key=v` deletes). One job is one config, so sweeps (`a=1,2`,
 * `glob(…)`, `range(…)`) are refused, naming the override.
 */
import { isJsonObject } from '../common/json-object';

export type OverrideValue =
  null | boolean | number | string | OverrideValue[] | { [key: string]: OverrideValue };

export interface ParsedOverride {
  /** The override as the user wrote it. */
  text: string;
  kind: 'change' | 'add' | 'force' | 'delete';
  /** The dotted key, e.g. "optimizer.lr". */
  key: string;
  path: string[];
  /** Absent only for a plain `~key`. */
  value?: OverrideValue;
  /** Its place in the list it came from (errors point at it). */
  index?: number;
}

export type ParseResult = { ok: true; override: ParsedOverride } | { ok: false; message: string };

const KEY = /^[A-Za-z_][\w-]*(?:\.[\w-]+)*$/;
// Hydra's sweep and cast functions: a job runs one config, so none of them is taken.
const FUNCTION_CALL = /^([A-Za-z_]\w*)\s*\(/;
const SWEEP_FUNCTIONS = new Set(['glob', 'range', 'choice', 'interval', 'tag', 'sort', 'shuffle']);

class ValueSyntaxError extends Error {}

/** A recursive-descent reader of one override value (Hydra's grammar, without sweeps). */
class ValueReader {
  private pos = 0;
  constructor(private readonly text: string) {}

  readTopLevel(): OverrideValue {
    const value = this.readElement(true);
    this.skipSpace();
    if (this.pos < this.text.length) {
      if (this.text[this.pos] === ',') throw new SweepError();
      throw new ValueSyntaxError(`unexpected "${this.text.slice(this.pos)}"`);
    }
    return value;
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] ?? '')) this.pos += 1;
  }

  private readElement(topLevel: boolean): OverrideValue {
    this.skipSpace();
    const ch = this.text[this.pos];
    if (ch === '[') return this.readList();
    if (ch === '{') return this.readDict();
    if (ch === "'" || ch === '"') return this.readQuoted(ch);
    return this.readPrimitive(topLevel);
  }

  private readList(): OverrideValue[] {
    this.pos += 1;
    const items: OverrideValue[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos += 1;
      return items;
    }
    for (;;) {
      items.push(this.readElement(false));
      this.skipSpace();
      const ch = this.text[this.pos];
      this.pos += 1;
      if (ch === ']') return items;
      if (ch !== ',') throw new ValueSyntaxError('a list needs "," between items and a closing "]"');
    }
  }

  private readDict(): { [key: string]: OverrideValue } {
    this.pos += 1;
    const dict: { [key: string]: OverrideValue } = {};
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos += 1;
      return dict;
    }
    for (;;) {
      this.skipSpace();
      const match = /^[A-Za-z_][\w-]*/.exec(this.text.slice(this.pos));
      if (!match) throw new ValueSyntaxError('a dictionary key must be a name');
      this.pos += match[0].length;
      this.skipSpace();
      if (this.text[this.pos] !== ':') throw new ValueSyntaxError(`a dictionary needs "${match[0]}: value"`);
      this.pos += 1;
      dict[match[0]] = this.readElement(false);
      this.skipSpace();
      const ch = this.text[this.pos];
      this.pos += 1;
      if (ch === '}') return dict;
      if (ch !== ',') throw new ValueSyntaxError('a dictionary needs "," between items and a closing "}"');
    }
  }

  private readQuoted(quote: string): string {
    this.pos += 1;
    let out = '';
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos] ?? '';
      if (ch === '\\' && this.pos + 1 < this.text.length) {
        const next = this.text[this.pos + 1] ?? '';
        // Hydra unescapes only the quote and the backslash; anything else keeps its backslash.
        out += next === quote || next === '\\' ? next : ch + next;
        this.pos += 2;
        continue;
      }
      if (ch === quote) {
        this.pos += 1;
        return out;
      }
      out += ch;
      this.pos += 1;
    }
    throw new ValueSyntaxError(`the string has no closing ${quote}`);
  }

  private readPrimitive(topLevel: boolean): OverrideValue {
    const start = this.pos;
    const call = FUNCTION_CALL.exec(this.text.slice(this.pos));
    if (call?.[1]) {
      if (SWEEP_FUNCTIONS.has(call[1])) throw new SweepError(call[1]);
      throw new ValueSyntaxError(`functions such as ${call[1]}(…) are not supported; write the value itself`);
    }
    let depth = 0;
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos] ?? '';
      if (ch === '$' && this.text[this.pos + 1] === '{') depth += 1;
      else if (ch === '}' && depth > 0) depth -= 1;
      else if (depth === 0 && (ch === ',' || (!topLevel && (ch === ']' || ch === '}')))) break;
      else if (depth === 0 && (ch === '[' || ch === '{' || ch === "'" || ch === '"')) {
        throw new ValueSyntaxError(`quote a value that holds ${ch}`);
      }
      this.pos += 1;
    }
    return primitive(this.text.slice(start, this.pos).trim());
  }
}

class SweepError extends Error {
  constructor(readonly fn?: string) {
    super('sweep');
  }
}

/** An unquoted word as Hydra reads it: null, booleans, numbers, else the text itself. */
function primitive(word: string): OverrideValue {
  const lower = word.toLowerCase();
  if (lower === 'null') return null;
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (/^[+-]?\d(?:_?\d)*$/.test(word)) return Number(word.replace(/_/g, ''));
  if (/^[+-]?(?:\d(?:_?\d)*)?(?:\.\d(?:_?\d)*)?(?:[eE][+-]?\d+)?$/.test(word) && /\d/.test(word)) {
    return Number(word.replace(/_/g, ''));
  }
  if (/^[+-]?inf$/.test(lower)) return lower.startsWith('-') ? -Infinity : Infinity;
  if (lower === 'nan') return Number.NaN;
  return word;
}

/** One override, parsed; errors name the override and say what to write instead. */
export function parseOverride(text: string): ParseResult {
  const trimmed = text.trim();
  const fail = (why: string): ParseResult => ({ ok: false, message: `Override "${text}": ${why}` });
  if (trimmed === '') return fail('it is empty.');
  let kind: ParsedOverride['kind'] = 'change';
  let rest = trimmed;
  if (rest.startsWith('++')) {
    kind = 'force';
    rest = rest.slice(2);
  } else if (rest.startsWith('+')) {
    kind = 'add';
    rest = rest.slice(1);
  } else if (rest.startsWith('~')) {
    kind = 'delete';
    rest = rest.slice(1);
  }
  const eq = rest.indexOf('=');
  const key = (eq === -1 ? rest : rest.slice(0, eq)).trim();
  if (!KEY.test(key)) {
    return fail(`"${key}" is not a key; write dotted names such as optimizer.lr.`);
  }
  if (eq === -1) {
    if (kind !== 'delete')
      return fail('it needs "=" and a value (key=value), or "~" in front to delete the key.');
    return { ok: true, override: { text, kind, key, path: key.split('.') } };
  }
  const raw = rest.slice(eq + 1);
  if (kind === 'delete' && raw.trim() === '')
    return fail('write ~key to delete a key, or ~key=value to delete it only when it has that value.');
  try {
    const value = new ValueReader(raw).readTopLevel();
    return { ok: true, override: { text, kind, key, path: key.split('.'), value } };
  } catch (error) {
    if (error instanceof SweepError) {
      return fail(
        error.fn
          ? `${error.fn}(…) is a sweep; DPGui runs one config per job: queue one job per value instead.`
          : 'several values separated by "," are a sweep; DPGui runs one config per job: queue one job per value, or write a list as [a,b].',
      );
    }
    return fail(`${error instanceof Error ? error.message : String(error)}.`);
  }
}

type Doc = Record<string, unknown>;

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export interface OverrideError {
  /** Index of the override in the list. */
  index: number;
  message: string;
}

/**
 * Applies overrides in order to a copy of `doc`, as Hydra would to the composed config. The input is
 * not changed. Every override that cannot apply yields an error; the others still apply.
 */
export function applyOverrides(
  doc: Doc,
  overrides: readonly ParsedOverride[],
): { doc: Doc; errors: OverrideError[] } {
  const out = structuredClone(doc);
  const errors: OverrideError[] = [];
  overrides.forEach((override, index) => {
    const message = applyOne(out, override);
    if (message)
      errors.push({ index: override.index ?? index, message: `Override "${override.text}": ${message}` });
  });
  return { doc: out, errors };
}

function applyOne(doc: Doc, override: ParsedOverride): string | null {
  const parents = override.path.slice(0, -1);
  const last = override.path[override.path.length - 1] ?? '';
  let node: Doc = doc;
  for (const [depth, part] of parents.entries()) {
    const next = node[part];
    if (isJsonObject(next)) {
      node = next;
      continue;
    }
    const where = override.path.slice(0, depth + 1).join('.');
    if (next !== undefined) return `${where} is a value, not a section, so it has no ${override.key}.`;
    if (override.kind === 'add' || override.kind === 'force') {
      const created: Doc = {};
      node[part] = created;
      node = created;
      continue;
    }
    return override.kind === 'delete'
      ? `${override.key} does not exist, so it cannot be deleted.`
      : `${override.key} does not exist in the config; write +${override.text.trim()} to add it.`;
  }
  const exists = Object.prototype.hasOwnProperty.call(node, last);
  switch (override.kind) {
    case 'change':
      if (!exists)
        return `${override.key} does not exist in the config; write +${override.text.trim()} to add it.`;
      node[last] = override.value;
      return null;
    case 'add':
      if (exists)
        return `${override.key} is already in the config; write ${override.text.trim().slice(1)} to change it (or ++ to set it either way).`;
      node[last] = override.value;
      return null;
    case 'force':
      node[last] = override.value;
      return null;
    case 'delete':
      if (!exists) return `${override.key} does not exist, so it cannot be deleted.`;
      if (override.value !== undefined && !sameValue(node[last], override.value)) {
        return `${override.key} is ${JSON.stringify(node[last])}, not ${JSON.stringify(override.value)}, so it is not deleted.`;
      }
      Reflect.deleteProperty(node, last);
      return null;
  }
}

/** Parses every override; the parsed ones and the errors, each error with the override's index. */
export function parseOverrides(texts: readonly string[]): {
  overrides: ParsedOverride[];
  errors: OverrideError[];
} {
  const overrides: ParsedOverride[] = [];
  const errors: OverrideError[] = [];
  texts.forEach((text, index) => {
    const result = parseOverride(text);
    if (result.ok) overrides.push({ ...result.override, index });
    else errors.push({ index, message: result.message });
  });
  return { overrides, errors };
}
