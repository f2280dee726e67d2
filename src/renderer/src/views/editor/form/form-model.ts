/**
 * The form as data: a trainer schema (with its `x-dpgui` metadata) turned into sections of rows — the
 * control each field gets, its toggle group, nested groups and lists of item cards — and a flat index
 * of every field for the search box and the section index. Pure: built once per schema, no React.
 */
import type {
  FieldMeta,
  FieldSchema,
  ObjectSchema,
  SectionDef,
} from '../../../../../shared/trainers/common/types';

/** Which control a field gets: decided by the metadata (widget, path, enum) and the type, never by the key. */
export type ControlKind =
  | 'integer'
  | 'number'
  | 'switch'
  | 'select'
  | 'text'
  | 'suggest'
  | 'textarea'
  | 'password'
  | 'path'
  | 'number-list'
  | 'text-list'
  | 'key-values'
  | 'json';

export interface FieldModel {
  kind: 'field';
  key: string;
  /** Relative to the row's base: the values root, or the list item it sits in ("image_dir"). */
  rel: string;
  /** From the values root, `*` for each list item ("subsets.*.image_dir"), as `enables` names fields. */
  template: string;
  label: string;
  tooltip: string;
  unit?: string;
  advanced: boolean;
  control: ControlKind;
  schema: FieldSchema;
  meta: FieldMeta;
}

/** A toggle drawn together with the fields it switches on. */
export interface ToggleGroupModel {
  kind: 'toggle-group';
  toggle: FieldModel;
  fields: FieldModel[];
  advanced: boolean;
}

/** A plain object inside a section: a titled group of its own fields. */
export interface ObjectGroupModel {
  kind: 'group';
  rel: string;
  template: string;
  label: string;
  tooltip: string;
  advanced: boolean;
  meta?: FieldMeta;
  rows: FormRow[];
}

/** A list of objects (image folders, dataset directories, sample prompts): one card per item. */
export interface ItemListModel {
  kind: 'items';
  rel: string;
  template: string;
  label: string;
  itemLabel: string;
  tooltip: string;
  advanced: boolean;
  prompts: boolean;
  schema: FieldSchema;
  meta: FieldMeta;
  /** Each item's rows, relative to the item. */
  rows: FormRow[];
}

export type FormRow = FieldModel | ToggleGroupModel | ObjectGroupModel | ItemListModel;

export interface SectionModel {
  id: string;
  label: string;
  description?: string;
  /** An advanced section starts collapsed and renders its rows once opened. */
  advanced: boolean;
  rows: FormRow[];
}

/** One field for the search box and the index: where it lies and what finds it. */
export interface FieldEntry {
  template: string;
  key: string;
  label: string;
  tooltip: string;
  sectionId: string;
  /** The field sits in its section's collapsed "More options" part. */
  advanced: boolean;
  /** A field of a list item: the list's template ("subsets"). */
  listTemplate?: string;
}

export interface FormModel {
  sections: SectionModel[];
  entries: FieldEntry[];
}

/** The id of the collapsible "More options" part of a section (the nav keeps it open or closed). */
export const moreKey = (sectionId: string): string => `${sectionId}#more`;

const isScalarType = (type: FieldSchema['type']): boolean =>
  type === 'string' || type === 'integer' || type === 'number' || type === 'boolean';

function isItemList(field: FieldSchema): boolean {
  return field.type === 'array' && field.items?.type === 'object' && field.items.properties !== undefined;
}

function isGroup(field: FieldSchema): boolean {
  return (
    field.type === 'object' &&
    field.properties !== undefined &&
    Object.keys(field.properties).length > 0 &&
    field['x-dpgui']?.widget === undefined
  );
}

export function controlKindOf(field: FieldSchema): ControlKind {
  const meta = field['x-dpgui'];
  const widget = meta?.widget;
  if (widget === 'textarea' || widget === 'password') return widget;
  if (widget === 'key-values') return 'key-values';
  if (field.type === 'array') {
    const itemType = field.items?.type;
    if (itemType === 'integer' || itemType === 'number') return 'number-list';
    if (itemType === 'string' || itemType === undefined) return 'text-list';
    return 'json';
  }
  if (field.type === 'object') {
    const extra = field.additionalProperties;
    if (typeof extra === 'object' && isScalarType(extra.type)) return 'key-values';
    return 'json';
  }
  if (field.type === 'boolean') return 'switch';
  if (field.enum && field.enum.length > 0) return 'select';
  if (field.type === 'integer') return 'integer';
  if (field.type === 'number') return 'number';
  if (field.type === 'string') {
    if (meta?.path) return 'path';
    if (meta?.suggestions && meta.suggestions.length > 0) return 'suggest';
    return 'text';
  }
  return 'textarea';
}

const join = (base: string, key: string): string => (base === '' ? key : `${base}.${key}`);

function fieldOf(key: string, rel: string, template: string, field: FieldSchema): FieldModel {
  const meta = field['x-dpgui'] ?? { section: '', label: key };
  return {
    kind: 'field',
    key,
    rel,
    template,
    label: meta.label,
    tooltip: meta.tooltip ?? '',
    ...(meta.unit ? { unit: meta.unit } : {}),
    advanced: meta.advanced === true,
    control: controlKindOf(field),
    schema: field,
    meta,
  };
}

interface Placed {
  section: string;
  row: FormRow;
}

/**
 * Rows for the properties of one object. `flatten`: the object is the top of its section(s), so a
 * child object in another section is spread into that section rather than drawn as a group.
 */
function rowsOf(
  properties: Record<string, FieldSchema>,
  relBase: string,
  templateBase: string,
  parentSection: string | null,
  flatten: boolean,
): Placed[] {
  const placed: Placed[] = [];
  for (const [key, field] of Object.entries(properties)) {
    const meta = field['x-dpgui'];
    const section = meta?.section ?? parentSection ?? 'general';
    const rel = join(relBase, key);
    const template = join(templateBase, key);
    if (isItemList(field)) {
      const itemSchema = field.items as FieldSchema;
      const itemRows = rowsOf(itemSchema.properties ?? {}, '', `${template}.*`, section, false).map(
        (p) => p.row,
      );
      placed.push({
        section,
        row: {
          kind: 'items',
          rel,
          template,
          label: meta?.label ?? key,
          itemLabel: itemSchema['x-dpgui']?.label ?? meta?.label ?? key,
          tooltip: meta?.tooltip ?? '',
          advanced: meta?.advanced === true,
          prompts: meta?.widget === 'prompts',
          schema: field,
          meta: meta ?? { section, label: key },
          rows: groupToggles(itemRows),
        },
      });
    } else if (isGroup(field)) {
      const spread = flatten && (parentSection === null || section !== parentSection);
      const children = rowsOf(field.properties ?? {}, rel, template, section, spread);
      if (spread) {
        placed.push(...children);
      } else {
        placed.push({
          section,
          row: {
            kind: 'group',
            rel,
            template,
            label: meta?.label ?? key,
            tooltip: meta?.tooltip ?? '',
            advanced: meta?.advanced === true,
            ...(meta ? { meta } : {}),
            rows: groupToggles(children.map((c) => c.row)),
          },
        });
      }
    } else {
      placed.push({ section, row: fieldOf(key, rel, template, field) });
    }
  }
  return placed;
}

/** Pulls the fields a toggle enables (in the same list of rows) right after it, as one group. */
export function groupToggles(rows: FormRow[]): FormRow[] {
  const byTemplate = new Map<string, FieldModel>();
  for (const row of rows) if (row.kind === 'field') byTemplate.set(row.template, row);
  const taken = new Set<string>();
  const groups = new Map<string, ToggleGroupModel>();
  for (const row of rows) {
    if (row.kind !== 'field' || row.control !== 'switch' || !row.meta.enables) continue;
    const fields = row.meta.enables
      .map((template) => byTemplate.get(template))
      .filter((f): f is FieldModel => f !== undefined && f !== row && !taken.has(f.template));
    if (fields.length === 0) continue;
    for (const f of fields) taken.add(f.template);
    groups.set(row.template, { kind: 'toggle-group', toggle: row, fields, advanced: row.advanced });
  }
  const out: FormRow[] = [];
  for (const row of rows) {
    if (row.kind === 'field' && taken.has(row.template) && !groups.has(row.template)) continue;
    out.push(row.kind === 'field' ? (groups.get(row.template) ?? row) : row);
  }
  return out;
}

function entriesOf(rows: FormRow[], sectionId: string, more: boolean, listTemplate?: string): FieldEntry[] {
  const list = listTemplate === undefined ? {} : { listTemplate };
  return rows.flatMap((row): FieldEntry[] => {
    const inMore = more || (listTemplate === undefined && row.advanced);
    const entry = (f: FieldModel): FieldEntry => ({
      template: f.template,
      key: f.key,
      label: f.label,
      tooltip: f.tooltip,
      sectionId,
      advanced: inMore,
      ...list,
    });
    switch (row.kind) {
      case 'field':
        return [entry(row)];
      case 'toggle-group':
        return [entry(row.toggle), ...row.fields.map(entry)];
      case 'group':
        return entriesOf(row.rows, sectionId, inMore, listTemplate);
      case 'items':
        return [
          {
            template: row.template,
            key: row.rel.split('.').at(-1) ?? row.rel,
            label: row.label,
            tooltip: row.tooltip,
            sectionId,
            advanced: inMore,
            ...list,
          },
          ...entriesOf(row.rows, sectionId, inMore, row.template),
        ];
    }
  });
}

/** The form of a schema: its sections in the schema's order (unknown ones after), with their rows. */
export function buildFormModel(schema: ObjectSchema, sectionDefs: readonly SectionDef[]): FormModel {
  const placed = rowsOf(schema.properties, '', '', null, true);
  const bySection = new Map<string, FormRow[]>();
  for (const { section, row } of placed) bySection.set(section, [...(bySection.get(section) ?? []), row]);
  const defs = [...sectionDefs];
  for (const id of bySection.keys()) {
    if (!defs.some((d) => d.id === id)) defs.push({ id, label: id });
  }
  const sections = defs
    .filter((def) => bySection.has(def.id))
    .map((def): SectionModel => ({
      id: def.id,
      label: def.label,
      ...(def.description ? { description: def.description } : {}),
      advanced: def.advanced === true,
      rows: groupToggles(bySection.get(def.id) ?? []),
    }));
  // In an advanced section every row is advanced already; "More options" is for the basic sections.
  const entries = sections.flatMap((s) =>
    s.advanced
      ? entriesOf(s.rows, s.id, false).map((e) => ({ ...e, advanced: false }))
      : entriesOf(s.rows, s.id, false),
  );
  return { sections, entries };
}

/** The template of a concrete values path: list indexes become `*` ("subsets.0.x" → "subsets.*.x"). */
export function templateOf(path: string): string {
  return path
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? '*' : part))
    .join('.');
}

/** The entry a values path belongs to: the field itself, else the nearest field or list above it. */
export function entryOfPath(model: FormModel, path: string): FieldEntry | undefined {
  const byTemplate = new Map(model.entries.map((e) => [e.template, e]));
  let template = templateOf(path);
  for (;;) {
    const found = byTemplate.get(template);
    if (found) return found;
    const cut = template.lastIndexOf('.');
    if (cut < 0) return undefined;
    template = template.slice(0, cut);
  }
}

const folded = (text: string): string => text.toLowerCase().normalize('NFKD');

/** Fields whose label, key or tooltip holds the query; label matches first, then key, then tooltip. */
export function searchFields(model: FormModel, query: string, limit = 20): FieldEntry[] {
  const q = folded(query.trim());
  if (q === '') return [];
  const scored: { entry: FieldEntry; score: number; index: number }[] = [];
  model.entries.forEach((entry, index) => {
    const label = folded(entry.label);
    const key = folded(entry.key);
    let score = -1;
    if (label.startsWith(q)) score = 0;
    else if (label.includes(q)) score = 1;
    else if (key.includes(q) || key.replace(/_/g, ' ').includes(q)) score = 2;
    else if (folded(entry.tooltip).includes(q)) score = 3;
    if (score >= 0) scored.push({ entry, score, index });
  });
  scored.sort((a, b) => a.score - b.score || a.index - b.index);
  return scored.slice(0, limit).map((s) => s.entry);
}

/** Every field of a section as concrete paths of the config now (list items expanded). */
export function fieldPathsOf(rows: FormRow[], base: string, values: unknown, read: ReadPath): string[] {
  return rows.flatMap((row): string[] => {
    switch (row.kind) {
      case 'field':
        return [join(base, row.rel)];
      case 'toggle-group':
        return [row.toggle, ...row.fields].map((f) => join(base, f.rel));
      case 'group':
        return fieldPathsOf(row.rows, base, values, read);
      case 'items': {
        const listPath = join(base, row.rel);
        const items = read(values, listPath);
        if (!Array.isArray(items)) return [];
        return items.flatMap((_, index) => fieldPathsOf(row.rows, `${listPath}.${index}`, values, read));
      }
    }
  });
}

export type ReadPath = (root: unknown, path: string) => unknown;
