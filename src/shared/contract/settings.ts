/**
 * settings.*: one typed settings object with defaults. Later issues add their keys here; the store
 * fills keys a settings file lacks from `defaultSettings`, so adding a key never breaks an old file.
 */
import { defineEvent, defineRequest, emptyObjectSchema, type SchemaType } from './define';

const colorSchemeSchema = {
  type: 'string',
  enum: ['auto', 'light', 'dark'],
  title: 'Colour scheme',
  description: 'Light or dark look; "auto" follows the operating system.',
} as const;

/** Where a trainer is installed; an empty string means "not set up yet". */
const trainerInstallProperties = {
  python: {
    type: 'string',
    title: 'Python interpreter',
    description:
      "The python of the trainer's virtual environment (…/venv/bin/python), with the trainer's packages installed.",
  },
  folder: {
    type: 'string',
    title: 'Trainer folder',
    description: "The trainer's checkout, where its training scripts are (a git clone of the trainer).",
  },
} as const;

const trainerInstallSchema = {
  type: 'object',
  required: ['python', 'folder', 'env'],
  additionalProperties: false,
  properties: {
    ...trainerInstallProperties,
    env: {
      type: 'object',
      additionalProperties: { type: 'string' },
      title: 'Environment variables',
      description:
        'Extra environment for every run of this trainer (NCCL_P2P_DISABLE, PYTORCH_CUDA_ALLOC_CONF, HF_HOME, …).',
    },
  },
} as const;

const supervisorSettingsProperties = {
  trainers: {
    type: 'object',
    required: ['sdScripts', 'diffusionPipe', 'generic'],
    additionalProperties: false,
    title: 'Trainers',
    description:
      'Where each trainer is installed on this machine; a trainer whose install is empty is not set up.',
    properties: {
      sdScripts: {
        ...trainerInstallSchema,
        title: 'sd-scripts',
        description: "kohya-ss/sd-scripts: its clone's folder and the python of its venv.",
      },
      diffusionPipe: {
        ...trainerInstallSchema,
        title: 'diffusion-pipe',
        description:
          "tdrussell/diffusion-pipe: its clone's folder (with submodules) and the python of its venv.",
      },
      generic: {
        type: 'object',
        required: ['python', 'folder'],
        additionalProperties: false,
        title: 'Generic trainer',
        description:
          "Any other training engine, started by a config's command template: the python it runs with and, optionally, the folder it runs in.",
        properties: {
          python: trainerInstallProperties.python,
          folder: {
            type: 'string',
            title: 'Engine folder',
            description:
              "Where the engine's command runs (its checkout); when empty, in the job's run folder.",
          },
          configClass: {
            type: 'string',
            title: 'Config class',
            description:
              '"package.module:Class" of the engine\'s structured config (a dataclass); the form follows its fields.',
          },
        },
      },
    },
  },
  excludedGpus: {
    type: 'array',
    items: { type: 'string' },
    title: 'Excluded GPUs',
    description: 'GPUs (by uuid) no job is scheduled onto, e.g. the one driving the display.',
  },
  minFreeGpuMemoryMiB: {
    type: 'integer',
    minimum: 0,
    title: 'Free memory a shared GPU needs (MiB)',
    description: 'A GPU where another program holds memory takes no job while its free memory is below this.',
  },
  stopGraceSeconds: {
    type: 'number',
    minimum: 0,
    maximum: 3600,
    title: 'Stop grace period (s)',
    description: 'Seconds a stopped job gets to exit on its own (SIGTERM) before it is killed (SIGKILL).',
  },
  letSmallerJobsPass: {
    type: 'boolean',
    title: 'Let smaller jobs pass',
    description: 'Let a job that needs fewer GPUs start on free ones while a bigger job ahead of it waits.',
  },
  requeueInterrupted: {
    type: 'boolean',
    title: 'Re-queue interrupted jobs',
    description: 'Put jobs interrupted by a crash or a power cut back in the queue when DPGui starts.',
  },
  retriesFirst: {
    type: 'boolean',
    title: 'Retries go first',
    description:
      'Put a retried or resumed job at the top of the waiting jobs instead of at the end of the queue.',
  },
  stalledAfterMinutes: {
    type: 'number',
    minimum: 0,
    title: 'Stalled warning after (minutes)',
    description: 'A running job that prints nothing for this long gets a "stalled" warning; 0 never warns.',
  },
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
    'retriesFirst',
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
  retriesFirst: false,
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
