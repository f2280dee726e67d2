/**
 * Values as the form shows and reads them: a default as "default: x", a typed number or list of
 * numbers parsed (empty = cleared, which the config holds as null), a number's step, and whether a
 * field differs from its default. Pure.
 */
import type { FieldSchema, JsonValue } from '../../../../../shared/trainers/common/types';
import { sameJson } from '../state/value-path';

/** The value a field shows: its own, else its default; null (cleared) shows as empty. */
export function shownValue(value: unknown, fallback: unknown): unknown {
  return value === undefined ? fallback : value;
}

/** Changed from default: what the field shows differs from what it shows when left out. */
export function isChanged(value: unknown, fallback: unknown): boolean {
  if (value === undefined) return false;
  if (value === null) return fallback !== undefined && fallback !== null && fallback !== '';
  return !sameJson(value, fallback);
}

/** A scalar as text (objects as JSON, never "[object Object]"). */
export function scalarText(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function choiceText(value: unknown, labels: Record<string, string> | undefined): string {
  return labels?.[scalarText(value)] ?? scalarText(value);
}

/** The default in words, or null when there is none to show. */
export function defaultText(fallback: unknown, field: FieldSchema): string | null {
  if (fallback === undefined || fallback === null || fallback === '') return null;
  const labels = field['x-dpgui']?.choiceLabels;
  if (typeof fallback === 'boolean') return fallback ? 'on' : 'off';
  if (Array.isArray(fallback)) return fallback.length === 0 ? null : fallback.map(scalarText).join(', ');
  if (typeof fallback === 'object') {
    const entries = Object.entries(fallback as Record<string, unknown>);
    return entries.length === 0 ? null : entries.map(([k, v]) => `${k}=${scalarText(v)}`).join(' ');
  }
  return field.enum ? choiceText(fallback, labels) : scalarText(fallback);
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** A typed number: empty is null (cleared); integers must be whole. */
export function parseNumberText(text: string, integer: boolean): Parsed<number | null> {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return { ok: true, value: null };
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(trimmed)) {
    return {
      ok: false,
      message: `“${text.trim()}” is not a number; type digits, e.g. ${integer ? '8' : '0.5'}.`,
    };
  }
  const value = Number(trimmed);
  if (integer && !Number.isInteger(value)) {
    return { ok: false, message: `Type a whole number; ${trimmed} has a fraction.` };
  }
  return { ok: true, value };
}

/** A typed list of numbers, separated by commas or spaces: empty is null (cleared). */
export function parseNumberListText(text: string, integer: boolean): Parsed<number[] | null> {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return { ok: true, value: null };
  const out: number[] = [];
  for (const part of parts) {
    const parsed = parseNumberText(part, integer);
    if (!parsed.ok) return parsed;
    if (parsed.value !== null) out.push(parsed.value);
  }
  return { ok: true, value: out };
}

export function numberText(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
}

export function numberListText(value: unknown): string {
  return Array.isArray(value) ? value.map(scalarText).join(', ') : '';
}

/** The step of the arrow keys: 1 for integers, else a tenth of the default's order of magnitude. */
export function stepOf(field: FieldSchema, fallback: unknown): number {
  if (field.type === 'integer') return 1;
  const span =
    field.maximum !== undefined && field.minimum !== undefined ? field.maximum - field.minimum : undefined;
  if (typeof fallback === 'number' && fallback !== 0) {
    return Number(`1e${Math.floor(Math.log10(Math.abs(fallback)))}`);
  }
  if (span !== undefined && span <= 1) return 0.01;
  return 0.1;
}

/** `value` moved by `steps` steps, kept inside the field's range, without float noise. */
export function stepped(value: number, step: number, steps: number, field: FieldSchema): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  let next = Number((value + step * steps).toFixed(Math.min(decimals + 2, 12)));
  if (field.minimum !== undefined) next = Math.max(field.minimum, next);
  if (field.maximum !== undefined) next = Math.min(field.maximum, next);
  return next;
}

/** The range in words ("1–1024"), or null. */
export function rangeText(field: FieldSchema): string | null {
  const low = field.minimum ?? field.exclusiveMinimum;
  const high = field.maximum ?? field.exclusiveMaximum;
  if (low === undefined && high === undefined) return null;
  if (low !== undefined && high !== undefined) return `${low}–${high}`;
  if (low !== undefined) return field.exclusiveMinimum !== undefined ? `> ${low}` : `≥ ${low}`;
  return field.exclusiveMaximum !== undefined ? `< ${high}` : `≤ ${high}`;
}

/** The choices of a select, with the value as the option's text key. */
export function choicesOf(field: FieldSchema): { key: string; value: JsonValue; label: string }[] {
  const labels = field['x-dpgui']?.choiceLabels;
  return (field.enum ?? []).map((value) => ({
    key: scalarText(value),
    value,
    label: choiceText(value, labels),
  }));
}

/** The folder a path lies in, for a dialog to open there. */
export function folderOf(path: string): string | undefined {
  const trimmed = path.trim();
  if (trimmed === '') return undefined;
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (cut <= 0) return cut === 0 ? trimmed.slice(0, 1) : undefined;
  return trimmed.slice(0, cut);
}
