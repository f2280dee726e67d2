/**
 * The generic trainer's form and checks come from the engine's own schema: the JSON Schema that
 * python-bridge's `config-schema` answers for its structured config, or, without one, the keys and
 * types of the YAML itself (`yamlToSchema`). Both become our form schema (one section per top-level
 * object), and `validateEngineConfig` checks a config against the engine's schema without ajv, so
 * the renderer can run it too.
 */
import type { FieldMeta, FieldSchema, JsonValue, ObjectSchema, SectionDef } from '../common/types';
import { summariseHelp } from '../common/help-summary';
import { isJsonObject } from '../common/json-object';
import { choiceLabelsOf, labelFromKey } from '../common/key-labels';

/** A JSON Schema node as config-schema answers it (draft-07/2020-12 common keywords). */
export interface EngineSchemaNode {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  anyOf?: EngineSchemaNode[];
  properties?: Record<string, EngineSchemaNode>;
  required?: string[];
  additionalProperties?: boolean | EngineSchemaNode;
  items?: EngineSchemaNode;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  'x-dpgui'?: Record<string, unknown>;
}

export interface EngineForm {
  schema: ObjectSchema;
  sections: SectionDef[];
}

const generalSection: SectionDef = { id: 'general', label: 'General' };

const humanize = labelFromKey;

const formTypes = new Set(['string', 'integer', 'number', 'boolean', 'array', 'object']);

/** The one non-null type of a node ("integer" from ["integer", "null"]), or undefined. */
function mainType(node: EngineSchemaNode): FieldSchema['type'] {
  const types = (Array.isArray(node.type) ? node.type : node.type ? [node.type] : []).filter(
    (t) => t !== 'null',
  );
  const first = types[0];
  return types.length === 1 && first && formTypes.has(first) ? (first as FieldSchema['type']) : undefined;
}

/**
 * A field's tooltip: the engine's docstring, summarised; without one, what the key is and the value it
 * takes, so a field never shows an empty tooltip.
 */
function tooltipOf(source: EngineSchemaNode, path: string, type: FieldSchema['type']): string {
  const summary = source.description ? summariseHelp(source.description, 240) : '';
  if (summary !== '') return summary;
  const takes = type ? (typeWords[type] ?? type) : 'a value of more than one type, edited as text';
  const choices = source.enum?.filter((v) => v !== null);
  const oneOf =
    choices && choices.length > 0
      ? `one of ${choices.map((c) => (typeof c === 'string' ? c : JSON.stringify(c))).join(', ')}`
      : takes;
  return `The engine's \`${path}\` setting, with no description in its config; it takes ${oneOf}.`;
}

function toFormField(node: EngineSchemaNode, key: string, section: string, path = key): FieldSchema {
  const branches = (node.anyOf ?? []).filter((b) => !(b.type === 'null'));
  // Optional[Section] arrives as anyOf [section, null]: the form shows the section.
  const source =
    branches.length === 1 && branches[0]
      ? { ...branches[0], ...node, anyOf: undefined, type: branches[0].type }
      : node;
  const type = mainType(source);
  const meta: FieldMeta = {
    section,
    label: source.title ?? humanize(key),
    tooltip: tooltipOf(source, path, type),
  };
  const field: FieldSchema = { 'x-dpgui': meta };
  if (type) field.type = type;
  else meta.widget = 'textarea'; // a union or an unknown type: edited as text
  if (source.default !== undefined && source.default !== null) field.default = source.default;
  const choices = source.enum?.filter((v) => v !== null) as JsonValue[] | undefined;
  if (choices && choices.length > 0) {
    field.enum = choices;
    meta.choiceLabels = choiceLabelsOf(choices);
  }
  for (const bound of [
    'minItems',
    'maxItems',
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'exclusiveMaximum',
  ] as const) {
    if (typeof source[bound] === 'number') field[bound] = source[bound];
  }
  if (type === 'array' && source.items) field.items = toFormField(source.items, key, section, `${path}.*`);
  if (type === 'object' && source.properties) {
    field.properties = Object.fromEntries(
      Object.entries(source.properties).map(([child, childNode]) => [
        child,
        toFormField(childNode, child, section, `${path}.${child}`),
      ]),
    );
    field.additionalProperties = source.additionalProperties === false ? false : true;
  }
  return field;
}

function sectionsOf(properties: Record<string, EngineSchemaNode>): SectionDef[] {
  const sections = [generalSection];
  for (const [key, node] of Object.entries(properties)) {
    // A nested config is a section; a free dictionary (no declared keys) is one field.
    if (
      (mainType(node) === 'object' && node.properties) ||
      (node.anyOf ?? []).some((b) => b.type === 'object' && b.properties)
    ) {
      sections.push({
        id: key,
        label: node.title ?? humanize(key),
        ...(node.description ? { description: node.description } : {}),
      });
    }
  }
  return sections;
}

/**
 * The form for an engine schema answered by python-bridge's config-schema. `sectionPrefix` goes before
 * every section id, so the engine's sections can sit inside another form ("config.model").
 */
export function engineFormSchema(answer: EngineSchemaNode, sectionPrefix = ''): EngineForm {
  const properties = answer.properties ?? {};
  const own = sectionsOf(properties);
  const sectionIds = new Set(own.map((s) => s.id));
  const schema: ObjectSchema = {
    type: 'object',
    additionalProperties: answer.additionalProperties === false ? false : true,
    properties: Object.fromEntries(
      Object.entries(properties).map(([key, node]) => [
        key,
        toFormField(node, key, sectionPrefix + (sectionIds.has(key) ? key : 'general')),
      ]),
    ),
  };
  return { schema, sections: own.map((s) => ({ ...s, id: sectionPrefix + s.id })) };
}

/** A schema node for one YAML value, by its JavaScript type. */
function nodeOfValue(value: unknown): EngineSchemaNode {
  if (typeof value === 'boolean') return { type: 'boolean', default: value };
  if (typeof value === 'number')
    return { type: Number.isInteger(value) ? 'integer' : 'number', default: value };
  if (typeof value === 'string') return { type: 'string', default: value };
  if (Array.isArray(value)) {
    const kinds = new Set(value.map((item) => JSON.stringify(nodeOfValue(item).type)));
    const first: unknown = value[0];
    const items =
      value.length > 0 && kinds.size === 1 ? { ...nodeOfValue(first), default: undefined } : undefined;
    return { type: 'array', default: value, ...(items && items.type !== 'object' ? { items } : {}) };
  }
  if (isJsonObject(value)) {
    return {
      type: 'object',
      properties: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nodeOfValue(v)])),
    };
  }
  // null (or a date): the YAML tells no type; any value is taken.
  return { type: ['string', 'null'] };
}

/** A YAML config's own shape as an engine schema: its keys, typed by their values, more keys allowed. */
export function yamlToSchemaNode(doc: Record<string, unknown>): EngineSchemaNode {
  return { ...nodeOfValue(doc), additionalProperties: true };
}

/** The form for a YAML config without an engine schema (`sectionPrefix` as for engineFormSchema). */
export function yamlToSchema(doc: Record<string, unknown>, sectionPrefix = ''): EngineForm {
  return engineFormSchema(yamlToSchemaNode(doc), sectionPrefix);
}

export interface EngineIssue {
  /** Dotted path inside the engine config ("optimizer.lr"). */
  path: string;
  message: string;
}

function typeMatches(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
      return typeof value === 'string';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isJsonObject(value);
    default:
      return true;
  }
}

const typeWords: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'a section of keys',
  null: 'empty (null)',
};

/**
 * Checks a config against an engine schema (the keywords config-schema and yamlToSchema use);
 * every problem with its dotted path. Never throws.
 */
export function validateEngineConfig(value: unknown, node: EngineSchemaNode, path = ''): EngineIssue[] {
  const at = (key: string | number): string => (path === '' ? String(key) : `${path}.${key}`);
  if (node.anyOf && node.anyOf.length > 0) {
    const fits = node.anyOf.some((branch) => validateEngineConfig(value, branch, path).length === 0);
    return fits ? [] : [{ path, message: 'does not fit any of the types this field takes.' }];
  }
  const types = Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
  if (types.length > 0 && !types.some((t) => typeMatches(value, t))) {
    return [{ path, message: `must be ${types.map((t) => typeWords[t] ?? t).join(' or ')}.` }];
  }
  if (node.enum && !node.enum.some((choice) => choice === value)) {
    return [
      {
        path,
        message: `must be one of: ${node.enum.map((c) => (typeof c === 'string' ? c : JSON.stringify(c))).join(', ')}.`,
      },
    ];
  }
  const issues: EngineIssue[] = [];
  if (typeof value === 'number') {
    if (node.minimum !== undefined && value < node.minimum)
      issues.push({ path, message: `must be at least ${node.minimum}.` });
    if (node.maximum !== undefined && value > node.maximum)
      issues.push({ path, message: `must be at most ${node.maximum}.` });
    if (node.exclusiveMinimum !== undefined && value <= node.exclusiveMinimum)
      issues.push({ path, message: `must be more than ${node.exclusiveMinimum}.` });
    if (node.exclusiveMaximum !== undefined && value >= node.exclusiveMaximum)
      issues.push({ path, message: `must be less than ${node.exclusiveMaximum}.` });
  }
  if (Array.isArray(value)) {
    if (node.minItems !== undefined && value.length < node.minItems)
      issues.push({ path, message: `needs at least ${node.minItems} items.` });
    if (node.maxItems !== undefined && value.length > node.maxItems)
      issues.push({ path, message: `takes at most ${node.maxItems} items.` });
    if (node.items) {
      const items = node.items;
      value.forEach((item, index) => issues.push(...validateEngineConfig(item, items, at(index))));
    }
  }
  if (isJsonObject(value)) {
    for (const key of node.required ?? []) {
      if (!(key in value))
        issues.push({ path: at(key), message: 'is required (the engine has no default for it).' });
    }
    for (const [key, child] of Object.entries(value)) {
      const childNode = node.properties?.[key];
      if (childNode) issues.push(...validateEngineConfig(child, childNode, at(key)));
      else if (node.additionalProperties === false)
        issues.push({ path: at(key), message: "is not a key of the engine's config." });
      else if (isJsonObject(node.additionalProperties))
        issues.push(...validateEngineConfig(child, node.additionalProperties, at(key)));
    }
  }
  return issues;
}

/** The config an engine starts from: every default of its schema, sections filled in. */
export function engineDefaults(node: EngineSchemaNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    // A default wins over the section's own defaults: Optional[Section] = None starts empty.
    if (child.default !== undefined) out[key] = structuredClone(child.default);
    else if (mainType(child) === 'object' && child.properties) out[key] = engineDefaults(child);
  }
  return out;
}

/** `overlay` deep-merged over `base` (objects merge, everything else replaces), as Hydra composes. */
export function mergeConfig(
  base: Record<string, unknown>,
  overlay: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const under = out[key];
    out[key] = isJsonObject(under) && isJsonObject(value) ? mergeConfig(under, value) : value;
  }
  return out;
}
