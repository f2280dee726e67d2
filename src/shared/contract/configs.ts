/**
 * configs.*: the training config of a job — its trainer's schema and rules for the form, validation
 * (schema, rules and world checks), the files the writers would write, import of the files users
 * already have and export of ours to a folder.
 */
import { defineRequest, type SchemaType } from './define';
import { trainerKindSchema } from './trainer-kinds';

export { trainerKindSchema };

/**
 * A job's training config, as stored in a job snapshot and a preset. `values` holds what the form
 * edits, shaped by the trainer's schema (paths into it are dotted: "network_dim",
 * "subsets.0.image_dir"). `passThrough` holds keys the app does not know that the user confirmed on
 * import: the writers add them verbatim, nothing else does.
 */
export const trainerConfigSchema = {
  type: 'object',
  required: ['trainer', 'family', 'values'],
  additionalProperties: false,
  properties: {
    trainer: trainerKindSchema,
    family: { type: 'string' },
    values: { type: 'object', description: 'Shaped by the trainer schema from configs.schema.' },
    passThrough: {
      type: 'object',
      description:
        "Keys the app does not know, confirmed by the user, written verbatim. A key is '<file>.<path in that file>': 'config.' (the main config) or 'dataset.' (the dataset file), then the dotted path of the key in that file's TOML, an item of an array of tables by its index ('config.optimizer.d_coef', 'dataset.general.alpha_mask', 'dataset.datasets.0.subsets.1.x'); any other key is a top-level key of the main config. configs.import answers each unknown key's passThroughKey in this shape.",
    },
  },
} as const;

export const configIssueSchema = {
  type: 'object',
  required: ['path', 'label', 'severity', 'message'],
  additionalProperties: false,
  properties: {
    /** Dotted path from the config root: "values.network_dim", "values.subsets.0.image_dir", "family". */
    path: { type: 'string' },
    label: { type: 'string' },
    severity: { type: 'string', enum: ['error', 'warning'] },
    message: { type: 'string' },
  },
} as const;

export const greyedFieldSchema = {
  type: 'object',
  required: ['path', 'reason'],
  additionalProperties: false,
  properties: {
    path: {
      type: 'string',
      description:
        "Dotted path from the config root, written as an issue's path is: 'values.subsets.0.keep_tokens'.",
    },
    reason: { type: 'string' },
  },
} as const;

export const writtenFileSchema = {
  type: 'object',
  required: ['name', 'content', 'role'],
  additionalProperties: false,
  properties: {
    /** File name inside the job's run folder. */
    name: { type: 'string' },
    content: { type: 'string' },
    role: { type: 'string', enum: ['config', 'dataset', 'prompts', 'other'] },
  },
} as const;

export const outputTargetSchema = {
  type: 'object',
  required: ['dir'],
  additionalProperties: false,
  properties: {
    dir: { type: 'string' },
    /** The name the trainer saves under in `dir` (sd-scripts' output_name); absent = the whole folder. */
    name: { type: 'string' },
  },
} as const;

/** Facts the supervisor needs to launch what the writers wrote. */
export const launchFactsSchema = {
  type: 'object',
  required: ['args', 'mainConfigFile', 'outputs'],
  additionalProperties: false,
  properties: {
    /** The trainer's entry script ("train_network.py") or module; absent for the generic trainer. */
    script: { type: 'string' },
    /** Arguments after the script, with files named by their path in the run folder. */
    args: { type: 'array', items: { type: 'string' } },
    mixedPrecision: { type: 'string', enum: ['no', 'fp16', 'bf16', 'fp8'] },
    mainConfigFile: { type: 'string' },
    outputs: { type: 'array', items: outputTargetSchema },
  },
} as const;

export const familySchema = {
  type: 'object',
  required: ['id', 'label'],
  additionalProperties: false,
  properties: { id: { type: 'string' }, label: { type: 'string' } },
} as const;

export const importInputSchema = {
  type: 'object',
  required: ['name', 'content'],
  additionalProperties: false,
  properties: { name: { type: 'string', minLength: 1 }, content: { type: 'string' } },
} as const;

/**
 * Where configs.schema's form comes from: the trainer's own definition, the generic engine's
 * dataclasses (read by python-bridge in the install's interpreter), or the keys of its YAML config.
 */
export const formSourceSchema = {
  type: 'string',
  enum: ['built-in', 'engine-dataclasses', 'yaml'],
} as const;

export const configsRequests = {
  'configs.schema': defineRequest({
    summary:
      "A trainer's form: its JSON Schema (fields carry x-dpgui metadata), sections, families, conflict rules and defaults per family.",
    request: {
      type: 'object',
      required: ['trainer'],
      additionalProperties: false,
      properties: {
        trainer: trainerKindSchema,
        yaml: {
          type: 'object',
          description:
            "generic: the engine's YAML config (values.config); the form follows its keys when the install's engine declares no config class.",
        },
      },
    },
    response: {
      type: 'object',
      required: ['trainer', 'label', 'families', 'sections', 'schema', 'conflicts', 'defaults', 'source'],
      additionalProperties: false,
      properties: {
        trainer: trainerKindSchema,
        label: { type: 'string' },
        families: { type: 'array', items: familySchema },
        sections: { type: 'array', items: { type: 'object' } },
        schema: { type: 'object' },
        conflicts: { type: 'array', items: { type: 'object' } },
        defaults: {
          type: 'object',
          description:
            "family id → the values a new config starts with. A key a config leaves out shows (and is filled in by configs.validate/preview/export, presets.save and jobs.enqueue/replace as) the family's value here, else the schema's default; a key set to null is cleared: shown empty, not written.",
        },
        source: formSourceSchema,
        sourceNote: {
          type: 'string',
          description: 'Why the engine could not be asked for its config (the form then falls back).',
        },
      },
    },
  }),
  'configs.validate': defineRequest({
    summary:
      'Check a config: schema, rules, conflicts and the world (paths, dataset folders, jobs writing the same output).',
    request: {
      type: 'object',
      required: ['config'],
      additionalProperties: false,
      properties: {
        config: trainerConfigSchema,
        /** A job being edited: its own output does not collide with itself. */
        jobId: { type: 'string' },
      },
    },
    response: {
      type: 'object',
      required: ['valid', 'issues', 'greyed'],
      additionalProperties: false,
      properties: {
        valid: { type: 'boolean', description: 'No error (warnings allowed).' },
        issues: { type: 'array', items: configIssueSchema },
        greyed: { type: 'array', items: greyedFieldSchema },
      },
    },
  }),
  'configs.preview': defineRequest({
    summary: 'The files the writers would write for a config, and how the trainer would be launched.',
    request: {
      type: 'object',
      required: ['config'],
      additionalProperties: false,
      properties: {
        config: trainerConfigSchema,
        runDir: { type: 'string', description: 'Where the files would lie; a placeholder when absent.' },
      },
    },
    response: {
      type: 'object',
      required: ['files', 'launch'],
      additionalProperties: false,
      properties: { files: { type: 'array', items: writtenFileSchema }, launch: launchFactsSchema },
    },
  }),
  'configs.import': defineRequest({
    summary:
      'Read the files users already have (a path on the host, or uploaded text) into a config; lists unknown keys; asks for the family when it cannot be told.',
    request: {
      type: 'object',
      required: ['trainer'],
      additionalProperties: false,
      properties: {
        trainer: trainerKindSchema,
        paths: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
        files: { type: 'array', items: importInputSchema, minItems: 1 },
        family: { type: 'string' },
      },
    },
    response: {
      type: 'object',
      required: ['ok', 'format'],
      additionalProperties: false,
      properties: {
        ok: { type: 'boolean' },
        format: { type: ['string', 'null'] },
        config: trainerConfigSchema,
        unknownKeys: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path', 'value'],
            additionalProperties: false,
            properties: {
              path: { type: 'string', description: "Where it was in the files ('config.foo')." },
              value: {},
              passThroughKey: {
                type: 'string',
                description:
                  'The config.passThrough key that writes it back at the same place, once the user confirms it; absent when it cannot be written back (a note says why).',
              },
            },
          },
        },
        fromFile: {
          type: 'array',
          items: { type: 'string' },
          description:
            "The values the files set ('values.x' paths); every other value of the config is the family's default, as a new config starts.",
        },
        familySource: { type: 'string' },
        notes: { type: 'array', items: { type: 'string' } },
        needsFamily: { type: 'boolean' },
        families: { type: 'array', items: familySchema },
        message: { type: 'string' },
      },
    },
  }),
  'configs.export': defineRequest({
    summary: "Write the trainer's own files for a config into a folder on the host.",
    request: {
      type: 'object',
      required: ['config', 'folder'],
      additionalProperties: false,
      properties: {
        config: trainerConfigSchema,
        folder: { type: 'string', minLength: 1 },
        overwrite: { type: 'boolean' },
      },
    },
    response: {
      type: 'object',
      required: ['written'],
      additionalProperties: false,
      properties: { written: { type: 'array', items: { type: 'string' } } },
    },
  }),
};

export type TrainerConfig = SchemaType<typeof trainerConfigSchema>;
export type ConfigIssue = SchemaType<typeof configIssueSchema>;
export type GreyedField = SchemaType<typeof greyedFieldSchema>;
export type WrittenFile = SchemaType<typeof writtenFileSchema>;
export type OutputTarget = SchemaType<typeof outputTargetSchema>;
export type LaunchFacts = SchemaType<typeof launchFactsSchema>;
export type FamilyDef = SchemaType<typeof familySchema>;
export type ImportInput = SchemaType<typeof importInputSchema>;
