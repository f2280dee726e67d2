/**
 * trainers.*: the trainers DPGui runs, as a first screen lists them: each with its label, its model
 * families, the settings key of its install, and whether that install is set up (its interpreter and
 * folder set in the settings, and present on disk). Nothing is run to answer: env.doctor checks deeper.
 */
import { familySchema } from './configs';
import { defineRequest, emptyObjectSchema, type SchemaType } from './define';
import { trainerKindSchema } from './trainer-kinds';

/** One path of an install as the settings name it. */
const installPathSchema = {
  type: 'object',
  required: ['setting', 'path', 'required', 'set', 'exists'],
  additionalProperties: false,
  properties: {
    /** Its settings key, dotted (`trainers.sdScripts.python`). */
    setting: { type: 'string' },
    /** As the settings hold it; empty when not set. */
    path: { type: 'string' },
    /** The trainer cannot run without it. */
    required: { type: 'boolean' },
    set: { type: 'boolean' },
    /** It exists on this host (false when not set). */
    exists: { type: 'boolean' },
  },
} as const;

const trainerEntrySchema = {
  type: 'object',
  required: ['kind', 'label', 'families', 'setting', 'setUp', 'python', 'folder', 'message'],
  additionalProperties: false,
  properties: {
    kind: trainerKindSchema,
    label: { type: 'string' },
    families: { type: 'array', items: familySchema },
    /** Its install's settings key (`trainers.sdScripts`). */
    setting: { type: 'string' },
    /** Every required path is set and exists: a job for it can be queued and launched. */
    setUp: { type: 'boolean' },
    /** The interpreter of the trainer's venv. */
    python: installPathSchema,
    /** The trainer's checkout (sd-scripts, diffusion-pipe); optional for the generic trainer. */
    folder: installPathSchema,
    /** One sentence: what is set up, or what to set where. */
    message: { type: 'string' },
  },
} as const;

const trainersListSchema = {
  type: 'object',
  required: ['trainers'],
  additionalProperties: false,
  properties: { trainers: { type: 'array', items: trainerEntrySchema } },
} as const;

export type TrainerInstallPath = SchemaType<typeof installPathSchema>;
export type TrainerEntry = SchemaType<typeof trainerEntrySchema>;
export type TrainersList = SchemaType<typeof trainersListSchema>;

export const trainersRequests = {
  'trainers.list': defineRequest({
    summary:
      'The trainers DPGui runs: label, model families, and whether each install is set up (set in the settings and present on disk).',
    request: emptyObjectSchema,
    response: trainersListSchema,
  }),
};
