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

/** Where a trainer is installed; an empty string means "not set up yet". */
const trainerInstallSchema = {
  type: 'object',
  required: ['python', 'folder', 'env'],
  additionalProperties: false,
  properties: {
    /** The interpreter of the trainer's venv. */
    python: { type: 'string' },
    /** The trainer's checkout (sd-scripts, diffusion-pipe). */
    folder: { type: 'string' },
    /** Extra environment for every run (NCCL_P2P_DISABLE, PYTORCH_CUDA_ALLOC_CONF, HF_HOME, …). */
    env: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const;

const supervisorSettingsProperties = {
  trainers: {
    type: 'object',
    required: ['sdScripts', 'diffusionPipe', 'generic'],
    additionalProperties: false,
    properties: {
      sdScripts: trainerInstallSchema,
      diffusionPipe: trainerInstallSchema,
      generic: {
        type: 'object',
        required: ['python', 'folder'],
        additionalProperties: false,
        properties: {
          python: { type: 'string' },
          folder: { type: 'string' },
          /** "package.module:Class" of the engine's structured config (a dataclass); the form follows it. */
          configClass: { type: 'string' },
        },
      },
    },
  },
  /** GPUs (by uuid) no job is scheduled onto. */
  excludedGpus: { type: 'array', items: { type: 'string' } },
  /** A GPU where a stranger holds memory takes no job while its free memory is below this. */
  minFreeGpuMemoryMiB: { type: 'integer', minimum: 0 },
  /** Seconds between SIGTERM and SIGKILL when a job is stopped. */
  stopGraceSeconds: { type: 'number', minimum: 0, maximum: 3600 },
  /** Let a smaller job start on free GPUs while a bigger one ahead of it waits. */
  letSmallerJobsPass: { type: 'boolean' },
  /** Put jobs interrupted by a crash or power cut back in the queue at start-up. */
  requeueInterrupted: { type: 'boolean' },
  /** A running job silent for this long gets a "stalled" warning; 0 never warns. */
  stalledAfterMinutes: { type: 'number', minimum: 0 },
} as const;

const settingsProperties = {
  colorScheme: colorSchemeSchema,
  ...supervisorSettingsProperties,
} as const;

export const settingsSchema = {
  type: 'object',
  required: [
    'colorScheme',
    'trainers',
    'excludedGpus',
    'minFreeGpuMemoryMiB',
    'stopGraceSeconds',
    'letSmallerJobsPass',
    'requeueInterrupted',
    'stalledAfterMinutes',
  ],
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
export type TrainerInstalls = Settings['trainers'];

export const defaultSettings: Settings = {
  colorScheme: 'auto',
  trainers: {
    sdScripts: { python: '', folder: '', env: {} },
    diffusionPipe: { python: '', folder: '', env: {} },
    generic: { python: '', folder: '' },
  },
  excludedGpus: [],
  minFreeGpuMemoryMiB: 2048,
  stopGraceSeconds: 15,
  letSmallerJobsPass: false,
  requeueInterrupted: false,
  stalledAfterMinutes: 15,
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
