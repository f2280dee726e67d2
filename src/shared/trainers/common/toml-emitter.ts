/**
 * A TOML writer that keeps integers and floats apart (JavaScript numbers cannot): a value is typed by
 * the schema that declared it (`typedBySchema`), so a float field is written `16.0` and an integer `16`,
 * as sd-scripts' type-strict dataset schema and Python's `toml` 0.10 need. Output is stable: keys in
 * insertion order, one layout, same input → same bytes.
 */
import type { FieldSchema } from './types';

export interface TomlInt {
  readonly toml: 'int';
  readonly value: number;
}
export interface TomlFloat {
  readonly toml: 'float';
  readonly value: number;
}
export type TomlValue = string | boolean | TomlInt | TomlFloat | TomlValue[] | TomlTable;
/** Keys whose value is undefined are left out. */
export interface TomlTable {
  [key: string]: TomlValue | undefined;
}

export const tomlInt = (value: number): TomlInt => ({ toml: 'int', value });
export const tomlFloat = (value: number): TomlFloat => ({ toml: 'float', value });

function isNumberTag(value: unknown): value is TomlInt | TomlFloat {
  return typeof value === 'object' && value !== null && 'toml' in value;
}

function isTable(value: TomlValue | undefined): value is TomlTable {
  return typeof value === 'object' && !Array.isArray(value) && !isNumberTag(value);
}

function isArrayOfTables(value: TomlValue | undefined): value is TomlTable[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => isTable(v));
}

/**
 * A plain value as TOML, typed by its schema: `number` → float, `integer` → int; arrays by their
 * items; objects by their properties. Numbers without a schema are ints when whole, else floats.
 * null/undefined → undefined (left out: TOML has no null).
 */
export function typedBySchema(value: unknown, schema: FieldSchema | undefined): TomlValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') {
    if (schema?.type === 'integer') return tomlInt(value);
    if (schema?.type === 'number') return tomlFloat(value);
    return Number.isInteger(value) ? tomlInt(value) : tomlFloat(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    const items: TomlValue[] = [];
    for (const item of value) {
      const typed = typedBySchema(item, schema?.items);
      if (typed !== undefined) items.push(typed);
    }
    return items;
  }
  if (typeof value === 'object') {
    const table: TomlTable = {};
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      table[key] = typedBySchema(child, schema?.properties?.[key]);
    }
    return table;
  }
  if (typeof value === 'bigint') return tomlInt(Number(value));
  return undefined; // functions and symbols have no TOML form
}

export function formatTomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : formatTomlString(key);
}

/** A basic string with every character TOML requires escaped (and control characters as \uXXXX). */
export function formatTomlString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function formatFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const text = String(value);
  // "16" → "16.0"; "1e-7" and "1.5" are floats already.
  return /[.eE]/.test(text) ? text.replace('e+', 'e') : `${text}.0`;
}

function formatInt(value: number): string {
  // A fraction here is a validation error reported elsewhere; the file must still be valid TOML.
  return String(Number.isFinite(value) ? Math.round(value) : 0);
}

function formatInline(value: TomlValue): string {
  if (typeof value === 'string') return formatTomlString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(formatInline).join(', ')}]`;
  if (isNumberTag(value)) return value.toml === 'int' ? formatInt(value.value) : formatFloat(value.value);
  const entries = Object.entries(value).filter(([, v]) => v !== undefined) as [string, TomlValue][];
  return `{ ${entries.map(([k, v]) => `${formatTomlKey(k)} = ${formatInline(v)}`).join(', ')} }`;
}

/** A table header after one blank line (none at the top, never two). */
function pushHeader(lines: string[], header: string): void {
  if (lines.length > 0 && lines[lines.length - 1] !== '') lines.push('');
  lines.push(header);
}

function emitBody(table: TomlTable, path: string[], lines: string[]): void {
  const entries = Object.entries(table).filter(([, v]) => v !== undefined) as [string, TomlValue][];
  for (const [key, value] of entries) {
    if (isTable(value) || isArrayOfTables(value)) continue;
    lines.push(`${formatTomlKey(key)} = ${formatInline(value)}`);
  }
  for (const [key, value] of entries) {
    if (!isTable(value)) continue;
    const childPath = [...path, key];
    const hasScalars = Object.values(value).some(
      (v) => v !== undefined && !isTable(v) && !isArrayOfTables(v),
    );
    const hasChildren = Object.values(value).some((v) => isTable(v) || isArrayOfTables(v));
    if (hasScalars || !hasChildren) {
      pushHeader(lines, `[${childPath.map(formatTomlKey).join('.')}]`);
    }
    emitBody(value, childPath, lines);
  }
  for (const [key, value] of entries) {
    if (!isArrayOfTables(value)) continue;
    const childPath = [...path, key];
    for (const item of value) {
      pushHeader(lines, `[[${childPath.map(formatTomlKey).join('.')}]]`);
      emitBody(item, childPath, lines);
    }
  }
}

/** The whole document: `# ` comment lines first, then the root table. Ends with one newline. */
export function emitToml(root: TomlTable, header: readonly string[] = []): string {
  const lines: string[] = header.map((line) => `# ${line.replace(/[\r\n]+/g, ' ')}`);
  if (lines.length > 0) lines.push('');
  emitBody(root, [], lines);
  while (lines.length > 0 && lines[0] === '') lines.shift();
  return `${lines.join('\n')}\n`;
}
