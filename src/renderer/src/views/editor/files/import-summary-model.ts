/**
 * What the import summary says, from configs.import's answer and the trainer's schema: the values
 * the files set grouped by the form's sections (section label › field label), and the unknown keys
 * the user may pass through to the trainer's files.
 */
import type { TrainerConfig } from '../../../../../shared/contract/configs';
import { labelAt, schemaAt } from '../../../../../shared/trainers/common/schema-walk';
import type { ObjectSchema, SectionDef } from '../../../../../shared/trainers/common/types';
import type { ImportAnswer } from './import-request';
import { valuesPathOf } from '../state/value-path';

export type UnknownKey = NonNullable<ImportAnswer['unknownKeys']>[number];

export interface LandedField {
  /** Path inside `values` ("subsets.0.image_dir"). */
  path: string;
  label: string;
}

export interface LandedSection {
  id: string;
  label: string;
  fields: LandedField[];
}

const otherSection = { id: '', label: 'Other' } as const;

/** The section of a values path: its own field's, else the nearest field above it that names one. */
function sectionOf(schema: ObjectSchema, path: string): string | undefined {
  const parts = path.split('.');
  for (let end = parts.length; end > 0; end -= 1) {
    const section = schemaAt(schema, parts.slice(0, end).join('.'))?.['x-dpgui']?.section;
    if (section) return section;
  }
  return undefined;
}

/** The values the files set ("values.x" paths), by section in the form's order, fields in file order. */
export function groupLanded(
  schema: ObjectSchema,
  sections: readonly SectionDef[],
  fromFile: readonly string[],
): LandedSection[] {
  const byId = new Map<string, LandedField[]>();
  for (const raw of fromFile) {
    const path = valuesPathOf(raw);
    const id = sectionOf(schema, path) ?? otherSection.id;
    const known = id === otherSection.id || sections.some((s) => s.id === id) ? id : otherSection.id;
    byId.set(known, [...(byId.get(known) ?? []), { path, label: labelAt(schema, path) }]);
  }
  const ordered: LandedSection[] = [];
  for (const section of sections) {
    const fields = byId.get(section.id);
    if (fields) ordered.push({ id: section.id, label: section.label, fields });
  }
  const other = byId.get(otherSection.id);
  if (other) ordered.push({ ...otherSection, fields: other });
  return ordered;
}

/** Why an unknown key cannot be passed through, when it cannot. */
export function passThroughBlocked(key: UnknownKey): string | null {
  return key.passThroughKey === undefined
    ? 'Cannot be written back at the same place in the trainer’s files; the notes say why.'
    : null;
}

/** The config with the chosen unknown keys (by their `path`) added to its pass-through keys. */
export function applyPassThrough(
  config: TrainerConfig,
  unknownKeys: readonly UnknownKey[],
  chosen: ReadonlySet<string>,
): TrainerConfig {
  const added: Record<string, unknown> = {};
  for (const key of unknownKeys) {
    if (chosen.has(key.path) && key.passThroughKey !== undefined) added[key.passThroughKey] = key.value;
  }
  if (Object.keys(added).length === 0) return config;
  return { ...config, passThrough: { ...(config.passThrough ?? {}), ...added } };
}

/** The config with one pass-through key set (a value) or taken out (undefined). */
export function setPassThrough(config: TrainerConfig, key: string, value: unknown): TrainerConfig {
  const others = Object.entries(config.passThrough ?? {}).filter(([held]) => held !== key);
  const passThrough = Object.fromEntries(value === undefined ? others : [...others, [key, value]]);
  if (Object.keys(passThrough).length > 0) return { ...config, passThrough };
  return { trainer: config.trainer, family: config.family, values: config.values };
}

export interface PassThroughRow {
  /** The config.passThrough key, or the unknown key's path where it has none. */
  key: string;
  /** Where it was in the files, when it came from the last import. */
  from?: string;
  value: unknown;
  passed: boolean;
  /** Why it cannot be passed through, when it cannot. */
  blocked: string | null;
}

/** The unknown keys panel: the config's pass-through keys, then the last import's keys not passed. */
export function passThroughRows(config: TrainerConfig, lastUnknown: readonly UnknownKey[]): PassThroughRow[] {
  const passed = config.passThrough ?? {};
  const rows: PassThroughRow[] = Object.entries(passed).map(([key, value]) => {
    const from = lastUnknown.find((u) => u.passThroughKey === key)?.path;
    return { key, value, passed: true, blocked: null, ...(from === undefined ? {} : { from }) };
  });
  for (const unknown of lastUnknown) {
    if (unknown.passThroughKey !== undefined && unknown.passThroughKey in passed) continue;
    rows.push({
      key: unknown.passThroughKey ?? unknown.path,
      from: unknown.path,
      value: unknown.value,
      passed: false,
      blocked: passThroughBlocked(unknown),
    });
  }
  return rows;
}

/** A value as one line of TOML-ish text for the lists ("0.1", "\"x\"", "[1, 2]"). */
export function shortValue(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
