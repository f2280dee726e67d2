/**
 * The Settings form as the settings schema describes it: every label and help text comes from the
 * schema's `title` and `description`, every bound from its minimum / maximum, so a key the host adds
 * or rewords shows here without a second copy of its words.
 */
import { settingsSchema, type Settings, type SettingsPatch } from '../../../shared/contract';

type Properties = typeof settingsSchema.properties;
export type SettingKey = keyof Properties;

interface FieldBase<K extends SettingKey> {
  key: K;
  title: string;
  description: string;
}

export type SettingField =
  | (FieldBase<SettingKey> & {
      kind: 'number';
      min: number | undefined;
      max: number | undefined;
      integer: boolean;
    })
  | (FieldBase<SettingKey> & { kind: 'boolean' })
  | (FieldBase<SettingKey> & { kind: 'choice'; options: readonly string[] });

interface SchemaNode {
  type?: unknown;
  title?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
  enum?: readonly string[];
  properties?: Record<string, SchemaNode>;
}

function node(key: SettingKey): SchemaNode {
  return settingsSchema.properties[key];
}

/** The form field of one plain key (a number, a yes/no, a choice); null for the keys with their own editor. */
export function settingField(key: SettingKey): SettingField | null {
  const schema = node(key);
  const base = { key, title: schema.title ?? key, description: schema.description ?? '' };
  if (schema.enum) return { ...base, kind: 'choice', options: schema.enum };
  if (schema.type === 'boolean') return { ...base, kind: 'boolean' };
  if (schema.type === 'number' || schema.type === 'integer')
    return {
      ...base,
      kind: 'number',
      min: schema.minimum,
      max: schema.maximum,
      integer: schema.type === 'integer',
    };
  return null;
}

export function settingFields(keys: readonly SettingKey[]): SettingField[] {
  return keys.map(settingField).filter((field): field is SettingField => field !== null);
}

/** Title and help of a key with its own editor (the trainers, the excluded GPUs). */
export function settingText(key: SettingKey): { title: string; description: string } {
  const schema = node(key);
  return { title: schema.title ?? key, description: schema.description ?? '' };
}

export type InstallName = keyof Settings['trainers'];
export const installNames: readonly InstallName[] = ['sdScripts', 'diffusionPipe', 'generic'];

export interface InstallText {
  title: string;
  description: string;
  python: { title: string; description: string };
  folder: { title: string; description: string };
}

export function installText(name: InstallName): InstallText {
  const install = (node('trainers').properties ?? {})[name] ?? {};
  const field = (key: 'python' | 'folder') => ({
    title: install.properties?.[key]?.title ?? key,
    description: install.properties?.[key]?.description ?? '',
  });
  return {
    title: install.title ?? name,
    description: install.description ?? '',
    python: field('python'),
    folder: field('folder'),
  };
}

/**
 * A typed number as a patch, or the sentence saying what to type instead. The host checks too; this
 * keeps a half-typed value from being saved and says why at once.
 */
export function numberPatch(
  field: Extract<SettingField, { kind: 'number' }>,
  input: string | number,
): { patch: SettingsPatch } | { error: string } {
  const value = typeof input === 'number' ? input : Number(input.trim());
  if (typeof input === 'string' && input.trim() === '')
    return { error: `Type a number for "${field.title}".` };
  if (!Number.isFinite(value)) return { error: `"${field.title}" takes a number, such as 15.` };
  if (field.integer && !Number.isInteger(value)) return { error: `"${field.title}" takes a whole number.` };
  if (field.min !== undefined && value < field.min)
    return { error: `"${field.title}" is at least ${field.min}; type a larger number.` };
  if (field.max !== undefined && value > field.max)
    return { error: `"${field.title}" is at most ${field.max}; type a smaller number.` };
  return { patch: { [field.key]: value } };
}

/** The trainers with one install's paths changed (the patch replaces the whole trainers object). */
export function installPatch(
  trainers: Settings['trainers'],
  name: InstallName,
  change: { python?: string; folder?: string },
): SettingsPatch {
  return { trainers: { ...trainers, [name]: { ...trainers[name], ...change } } };
}

/** The excluded GPUs with one turned on or off. */
export function excludedGpusPatch(
  excluded: readonly string[],
  uuid: string,
  exclude: boolean,
): SettingsPatch {
  const rest = excluded.filter((u) => u !== uuid);
  return { excludedGpus: exclude ? [...rest, uuid] : rest };
}
