/**
 * presets.*: named training configs kept as files in the data folder (<dataDir>/presets/<id>.json),
 * plus read-only built-in starters (model paths empty) that are copied to be edited.
 */
import { defineRequest, emptyObjectSchema, type SchemaType } from './define';
import { trainerConfigSchema, trainerKindSchema } from './configs';

const presetSummarySchema = {
  type: 'object',
  required: ['id', 'name', 'trainer', 'family', 'builtIn', 'updatedAt'],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    trainer: trainerKindSchema,
    family: { type: 'string' },
    builtIn: { type: 'boolean', description: 'A starter that ships with DPGui: read-only, copy to edit.' },
    description: { type: 'string' },
    updatedAt: { type: 'string', description: 'ISO time; empty for built-ins.' },
  },
} as const;

export const presetSchema = {
  type: 'object',
  required: ['id', 'name', 'trainer', 'family', 'builtIn', 'updatedAt', 'config'],
  additionalProperties: false,
  properties: { ...presetSummarySchema.properties, config: trainerConfigSchema },
} as const;

export type Preset = SchemaType<typeof presetSchema>;
export type PresetSummary = SchemaType<typeof presetSummarySchema>;

const idRequest = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', minLength: 1 } },
} as const;

const presetName = { type: 'string', minLength: 1, maxLength: 200 } as const;

export const presetsRequests = {
  'presets.list': defineRequest({
    summary: 'Every preset: the built-in starters first, then the saved ones by name.',
    request: emptyObjectSchema,
    response: { type: 'array', items: presetSummarySchema },
  }),
  'presets.get': defineRequest({
    summary: 'One preset with its config.',
    request: idRequest,
    response: presetSchema,
  }),
  'presets.save': defineRequest({
    summary:
      'Save a config as a preset: a new one, or over a saved one named by id (built-ins are read-only).',
    request: {
      type: 'object',
      required: ['name', 'config'],
      additionalProperties: false,
      properties: {
        id: { type: 'string', minLength: 1 },
        name: presetName,
        description: { type: 'string' },
        config: trainerConfigSchema,
      },
    },
    response: presetSchema,
  }),
  'presets.rename': defineRequest({
    summary: 'Give a saved preset a new name.',
    request: {
      type: 'object',
      required: ['id', 'name'],
      additionalProperties: false,
      properties: { id: { type: 'string', minLength: 1 }, name: presetName },
    },
    response: presetSchema,
  }),
  'presets.delete': defineRequest({
    summary: 'Delete a saved preset (its file in the data folder).',
    request: idRequest,
    response: {
      type: 'object',
      required: ['deleted'],
      additionalProperties: false,
      properties: { deleted: { type: 'boolean' } },
    },
  }),
  'presets.import': defineRequest({
    summary: 'Add a preset from an exported preset file (a path on the host, or its text).',
    request: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: { path: { type: 'string', minLength: 1 }, content: { type: 'string' } },
    },
    response: presetSchema,
  }),
  'presets.export': defineRequest({
    summary: 'A preset as a file: written to a path on the host when given, its text answered always.',
    request: {
      type: 'object',
      required: ['id'],
      additionalProperties: false,
      properties: { id: { type: 'string', minLength: 1 }, path: { type: 'string', minLength: 1 } },
    },
    response: {
      type: 'object',
      required: ['fileName', 'content'],
      additionalProperties: false,
      properties: { fileName: { type: 'string' }, content: { type: 'string' }, path: { type: 'string' } },
    },
  }),
};
