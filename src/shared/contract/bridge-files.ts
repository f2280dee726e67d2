/**
 * The files python-bridge writes into a run folder (python-bridge/README.md, "bridge protocol"):
 * `launch.json` when the trainer started (the wrapper's one-line answer has the same shape),
 * `exit.json` once no process of the tree is left, and `events.jsonl`, one event a line (the progress
 * hook's tqdm bars, the wrapper's saved files). Both sides are tested against these schemas: the
 * TypeScript readers validate what they read with ajv; python-bridge's unittest suite checks the
 * writers' output against the same schemas, exported as JSON files into python-bridge/tests/schemas/
 * (`npx tsx tests/support/write-bridge-schemas.ts`; a test fails when they differ).
 *
 * They use only the keywords python-bridge's small test validator knows: type, const, enum, required,
 * properties, additionalProperties (a boolean or a schema), items, anyOf and minimum.
 */
import type { SchemaType } from './define';

const nullableString = { type: ['string', 'null'] } as const;
const nullableInteger = { type: ['integer', 'null'] } as const;

/** The wrapper's and the trainer's process identity: pids are reused, start times and boot id tell. */
const launchProcessSchema = {
  wrapper: {
    type: 'object',
    required: ['pid', 'start_time', 'boot_id'],
    additionalProperties: false,
    properties: {
      pid: { type: 'integer', minimum: 1 },
      /** Clock ticks since boot (/proc/<pid>/stat field 22), as a decimal string; null when unknown. */
      start_time: nullableString,
      /** Empty when /proc does not tell. */
      boot_id: { type: 'string' },
    },
  },
  trainer: {
    type: 'object',
    required: ['pid', 'start_time', 'pgid'],
    additionalProperties: false,
    properties: {
      pid: { type: 'integer', minimum: 1 },
      start_time: nullableString,
      /** The trainer leads its own process group. */
      pgid: { type: 'integer', minimum: 1 },
    },
  },
} as const;

export const launchFileSchema = {
  type: 'object',
  required: [
    'format',
    'job_id',
    'run_dir',
    'cwd',
    'argv',
    'started_at',
    'grace_s',
    'watch',
    'wrapper',
    'trainer',
    'subreaper',
  ],
  additionalProperties: false,
  properties: {
    format: { const: 1 },
    job_id: { type: 'string' },
    run_dir: { type: 'string' },
    cwd: { type: 'string' },
    argv: { type: 'array', items: { type: 'string' } },
    /** ISO 8601, UTC. */
    started_at: { type: 'string' },
    /** Seconds between SIGTERM and SIGKILL when the tree is stopped. */
    grace_s: { type: 'number', minimum: 0 },
    /** The trainer's output folders the wrapper watches for saved files. */
    watch: { type: 'array', items: { type: 'string' } },
    ...launchProcessSchema,
    /** Whether the wrapper became the tree's subreaper (orphans are then reaped by it). */
    subreaper: { type: 'boolean' },
  },
} as const;

export const exitFileSchema = {
  type: 'object',
  required: [
    'format',
    'job_id',
    'exit_code',
    'signal',
    'started_at',
    'ended_at',
    'stop_requested_by',
    'escalated_to_sigkill',
    'descendants_killed',
  ],
  additionalProperties: false,
  properties: {
    format: { const: 1 },
    job_id: { type: 'string' },
    /** null when a signal ended it. */
    exit_code: nullableInteger,
    /** The signal's name ("SIGTERM"), or null when it exited. */
    signal: nullableString,
    started_at: { type: 'string' },
    ended_at: { type: 'string' },
    /** null: it ended by itself; "signal" or "stop_file:<who>": someone asked. */
    stop_requested_by: nullableString,
    escalated_to_sigkill: { type: 'boolean' },
    /** Processes of the tree still alive after the trainer ended, and killed. */
    descendants_killed: { type: 'integer', minimum: 0 },
  },
} as const;

/** Unix seconds (time.time()) when the event was written. */
const eventTime = { type: 'number' } as const;
/** A tqdm count as the hook saw it: a number, or its text when it was not one. */
const barNumber = { anyOf: [{ type: 'number' }, { type: 'string' }, { type: 'null' }] } as const;

const progressEventSchema = {
  type: 'object',
  required: ['t', 'type', 'bar', 'n', 'total', 'rate', 'elapsed', 'postfix', 'unit'],
  additionalProperties: false,
  properties: {
    t: eventTime,
    type: { const: 'progress' },
    bar: {
      type: 'object',
      required: ['id', 'desc'],
      additionalProperties: false,
      properties: { id: { type: 'integer', minimum: 0 }, desc: nullableString },
    },
    n: barNumber,
    total: barNumber,
    /** Units per second; null when not known. */
    rate: { type: ['number', 'null'] },
    elapsed: { type: 'number', minimum: 0 },
    /** tqdm's postfix ("avr_loss=1.18, lr=1e-4") as fields; null when the bar has none. */
    postfix: {
      anyOf: [
        {
          type: 'object',
          additionalProperties: {
            anyOf: [{ type: 'number' }, { type: 'string' }, { type: 'boolean' }, { type: 'null' }],
          },
        },
        { type: 'null' },
      ],
    },
    unit: { type: 'string' },
    /**
     * The learning rate of the trainer's torch LR scheduler (its last group) when this postfix was set;
     * absent before any scheduler stepped. sd-scripts prints none, so this is where its lr comes from.
     */
    lr: { type: 'number' },
    /**
     * The mean of the losses sd-scripts' `LossRecorder.add` got since the previous postfix (one batch's
     * loss, what it logs as `loss/current`); absent where none came or it was not finite.
     */
    loss: { type: 'number' },
  },
} as const;

const startedEventSchema = {
  type: 'object',
  required: ['t', 'type', 'pid', 'rank'],
  additionalProperties: false,
  properties: {
    t: eventTime,
    type: { const: 'started' },
    pid: { type: 'integer', minimum: 1 },
    rank: { type: 'integer', minimum: 0 },
  },
} as const;

const hookErrorEventSchema = {
  type: 'object',
  required: ['t', 'type', 'message'],
  additionalProperties: false,
  properties: { t: eventTime, type: { const: 'hook_error' }, message: { type: 'string' } },
} as const;

/** A checkpoint (file or state folder) or a sample image the wrapper saw complete in a watched folder. */
const savedEventSchema = {
  type: 'object',
  required: ['t', 'type', 'path'],
  additionalProperties: false,
  properties: {
    t: eventTime,
    type: { enum: ['checkpoint_saved', 'sample_saved'] },
    path: { type: 'string' },
  },
} as const;

export const bridgeEventSchema = {
  anyOf: [progressEventSchema, startedEventSchema, hookErrorEventSchema, savedEventSchema],
} as const;

export type LaunchFile = SchemaType<typeof launchFileSchema>;
export type ExitFile = SchemaType<typeof exitFileSchema>;
export type BridgeEvent = SchemaType<typeof bridgeEventSchema>;
export type ProgressEvent = SchemaType<typeof progressEventSchema>;
export type SavedEvent = SchemaType<typeof savedEventSchema>;

/** The schema files python-bridge's tests read, by file name. */
export const bridgeFileSchemas = {
  'launch.schema.json': launchFileSchema,
  'exit.schema.json': exitFileSchema,
  'event.schema.json': bridgeEventSchema,
} as const;
