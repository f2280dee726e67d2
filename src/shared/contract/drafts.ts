/**
 * drafts.*: the editor's unsaved config, kept in the data folder (<dataDir>/drafts/<slot>.json) so a
 * reload, a crash of the app or a restart of the host never loses it. One draft per slot: "new" (a
 * config not yet queued) and "job:<id>" (a queued job being edited or cloned).
 */
import { defineRequest, emptyObjectSchema, type SchemaType } from './define';
import { trainerConfigSchema } from './configs';

/** "new", or "job:" and a job's id. */
export const draftSlotSchema = {
  type: 'string',
  pattern: '^(new|job:[A-Za-z0-9_-]{1,80})$',
  description: 'Which draft: "new" (a config not yet queued) or "job:<id>" (a job being edited or cloned).',
} as const;

/** Where the draft's config came from, as the editor shows it. */
export const draftOriginSchema = {
  type: 'object',
  required: ['kind'],
  additionalProperties: false,
  properties: {
    kind: { type: 'string', enum: ['new', 'preset', 'import', 'job'] },
    presetId: { type: 'string', maxLength: 200 },
    name: { type: 'string', maxLength: 400 },
    builtIn: { type: 'boolean' },
    fileName: { type: 'string', maxLength: 1000 },
    jobId: { type: 'string', maxLength: 200 },
    mode: { type: 'string', enum: ['edit', 'clone'] },
  },
} as const;

export const draftSchema = {
  type: 'object',
  required: ['slot', 'config', 'origin', 'savedAt'],
  additionalProperties: false,
  properties: {
    slot: draftSlotSchema,
    config: trainerConfigSchema,
    origin: draftOriginSchema,
    /** ISO time of the last save. */
    savedAt: { type: 'string' },
  },
} as const;

const draftSummarySchema = {
  type: 'object',
  required: ['slot', 'origin', 'savedAt'],
  additionalProperties: false,
  properties: { slot: draftSlotSchema, origin: draftOriginSchema, savedAt: { type: 'string' } },
} as const;

const slotRequest = {
  type: 'object',
  required: ['slot'],
  additionalProperties: false,
  properties: { slot: draftSlotSchema },
} as const;

export type Draft = SchemaType<typeof draftSchema>;
export type DraftOrigin = SchemaType<typeof draftOriginSchema>;
export type DraftSummary = SchemaType<typeof draftSummarySchema>;

export const draftsRequests = {
  'drafts.list': defineRequest({
    summary: 'Every kept draft, newest first (without its config).',
    request: emptyObjectSchema,
    response: { type: 'array', items: draftSummarySchema },
  }),
  'drafts.get': defineRequest({
    summary: "A slot's draft, or null when there is none.",
    request: slotRequest,
    response: {
      type: 'object',
      required: ['draft'],
      additionalProperties: false,
      properties: { draft: { anyOf: [draftSchema, { type: 'null' }] } },
    },
  }),
  'drafts.save': defineRequest({
    summary: "Keep the editor's unsaved config in a slot (replacing the slot's earlier draft).",
    request: {
      type: 'object',
      required: ['slot', 'config', 'origin'],
      additionalProperties: false,
      properties: { slot: draftSlotSchema, config: trainerConfigSchema, origin: draftOriginSchema },
    },
    response: {
      type: 'object',
      required: ['savedAt'],
      additionalProperties: false,
      properties: { savedAt: { type: 'string' } },
    },
  }),
  'drafts.discard': defineRequest({
    summary: "Forget a slot's draft (after it was queued, or when the user discards it).",
    request: slotRequest,
    response: {
      type: 'object',
      required: ['discarded'],
      additionalProperties: false,
      properties: { discarded: { type: 'boolean' } },
    },
  }),
};
