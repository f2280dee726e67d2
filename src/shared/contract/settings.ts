/**
 * settings.*: one typed settings object with defaults. Later issues add their keys here; the store
 * fills keys a settings file lacks from `defaultSettings`, so adding a key never breaks an old file.
 */
import { defineEvent, defineRequest, emptyObjectSchema, type SchemaType } from './define';

const colorSchemeSchema = {
  type: 'string',
  enum: ['auto', 'light', 'dark'],
  description: 'Light or dark look; "auto" follows the operating system.',
} as const;

const settingsProperties = {
  colorScheme: colorSchemeSchema,
} as const;

export const settingsSchema = {
  type: 'object',
  required: ['colorScheme'],
  additionalProperties: false,
  properties: settingsProperties,
} as const;

/** A change: any subset of the keys, nothing else. */
const settingsPatchSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: settingsProperties,
} as const;

export type Settings = SchemaType<typeof settingsSchema>;
export type SettingsPatch = SchemaType<typeof settingsPatchSchema>;
export type ColorScheme = Settings['colorScheme'];

export const defaultSettings: Settings = {
  colorScheme: 'auto',
};

export const settingsRequests = {
  'settings.get': defineRequest({
    summary: 'The current settings, defaults filled in.',
    request: emptyObjectSchema,
    response: settingsSchema,
  }),
  'settings.set': defineRequest({
    summary: 'Change some settings; answers the whole settings object as saved.',
    request: settingsPatchSchema,
    response: settingsSchema,
  }),
};

export const settingsEvents = {
  'settings.changed': defineEvent({
    summary: 'The settings were saved (by any window or client).',
    payload: settingsSchema,
  }),
};
