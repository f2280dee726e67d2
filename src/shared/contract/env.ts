/**
 * env.*: whether this machine can train. `env.doctor` checks the machine itself (the NVIDIA driver and
 * the CUDA version it supports, free space in the data and output folders) even before any install is
 * set, then runs python-bridge's `doctor` once per trainer install in the settings, each with that
 * install's own interpreter, and answers one entry per install: its report, or the state that kept it
 * from running (not set up, interpreter missing, timed out, canceled). Each step is announced as
 * `env.doctorProgress`; `env.cancelDoctor` ends a run and its child processes at once.
 */
import { defineEvent, defineRequest, type SchemaType } from './define';

export const doctorInstallNames = ['sdScripts', 'diffusionPipe', 'generic'] as const;

export const doctorStates = [
  'checked',
  'not-set-up',
  'interpreter-missing',
  'folder-missing',
  'timed-out',
  'canceled',
  'failed',
] as const;

/** What a client names a doctor run by (to follow its progress or cancel it). */
const runIdSchema = { type: 'string', minLength: 1, maxLength: 100 } as const;

const doctorRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    /** Only these installs (all when absent). */
    installs: { type: 'array', items: { type: 'string', enum: doctorInstallNames }, uniqueItems: true },
    /** A folder trainings will write to: its free space and write access are checked. */
    outputFolder: { type: 'string', minLength: 1, maxLength: 4096 },
    /** Limit of each slow check (an import); the whole run gets this plus a margin. 60 when absent. */
    timeoutSeconds: { type: 'number', minimum: 1, maximum: 600 },
    /** The run's name in env.doctorProgress and env.cancelDoctor; one is made up when absent. */
    runId: runIdSchema,
  },
} as const;

/** One check of python-bridge's report; checks add details of their own (versions, free bytes, …). */
const doctorCheckSchema = {
  type: 'object',
  required: ['id', 'status', 'message'],
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['ok', 'warn', 'fail'] },
    message: { type: 'string' },
  },
} as const;

const doctorReportSchema = {
  type: 'object',
  required: ['ok', 'summary', 'checks'],
  properties: {
    /** No check failed. */
    ok: { type: 'boolean' },
    summary: {
      type: 'object',
      required: ['ok', 'warn', 'fail'],
      additionalProperties: false,
      properties: {
        ok: { type: 'integer', minimum: 0 },
        warn: { type: 'integer', minimum: 0 },
        fail: { type: 'integer', minimum: 0 },
      },
    },
    checks: { type: 'array', items: doctorCheckSchema },
  },
} as const;

const doctorEntrySchema = {
  type: 'object',
  required: ['install', 'state', 'python', 'folder', 'message', 'report'],
  additionalProperties: false,
  properties: {
    install: { type: 'string', enum: doctorInstallNames },
    /** `checked`: the report is there; anything else says why there is none. */
    state: { type: 'string', enum: doctorStates },
    python: { type: 'string' },
    folder: { type: 'string' },
    /** One sentence: the report's verdict, or what to fix so it can run. */
    message: { type: 'string' },
    report: { anyOf: [doctorReportSchema, { type: 'null' }] },
  },
} as const;

const doctorAnswerSchema = {
  type: 'object',
  required: ['runId', 'machine', 'installs'],
  additionalProperties: false,
  properties: {
    runId: runIdSchema,
    /**
     * Checks of the machine, made without any install: `nvidia.driver` (driver_version, cuda_version:
     * the highest CUDA the driver supports, from nvidia-smi's banner), `disk.data` and `disk.output`
     * (free_bytes, path).
     */
    machine: { type: 'array', items: doctorCheckSchema },
    installs: { type: 'array', items: doctorEntrySchema },
  },
} as const;

/** The steps of a run, in order: the machine, then each install asked for. */
export const doctorSteps = ['machine', ...doctorInstallNames] as const;

const doctorProgressSchema = {
  type: 'object',
  required: ['runId', 'step', 'state', 'done', 'total', 'message'],
  additionalProperties: false,
  properties: {
    runId: runIdSchema,
    /** The step this event is about. */
    step: { type: 'string', enum: doctorSteps },
    /** `running`: the step began; `done`: it ended (its entry is final); `canceled`: the run was canceled. */
    state: { type: 'string', enum: ['running', 'done', 'canceled'] },
    /** Steps ended so far, of `total`. */
    done: { type: 'integer', minimum: 0 },
    total: { type: 'integer', minimum: 1 },
    /** What is being checked, or the step's verdict. */
    message: { type: 'string' },
  },
} as const;

const cancelDoctorSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    /** The run to cancel; every run when absent. */
    runId: runIdSchema,
  },
} as const;

const cancelDoctorAnswerSchema = {
  type: 'object',
  required: ['canceled'],
  additionalProperties: false,
  properties: {
    /** The runs that were under way and are now canceled (empty: none was). */
    canceled: { type: 'array', items: runIdSchema },
  },
} as const;

export type DoctorInstallName = (typeof doctorInstallNames)[number];
export type DoctorState = (typeof doctorStates)[number];
export type DoctorRequest = SchemaType<typeof doctorRequestSchema>;
export type DoctorReport = SchemaType<typeof doctorReportSchema>;
export type DoctorEntry = SchemaType<typeof doctorEntrySchema>;
export type DoctorAnswer = SchemaType<typeof doctorAnswerSchema>;
export type DoctorCheck = SchemaType<typeof doctorCheckSchema>;
export type DoctorStep = (typeof doctorSteps)[number];
export type DoctorProgress = SchemaType<typeof doctorProgressSchema>;
export type CancelDoctorRequest = SchemaType<typeof cancelDoctorSchema>;
export type CancelDoctorAnswer = SchemaType<typeof cancelDoctorAnswerSchema>;

export const envRequests = {
  'env.doctor': defineRequest({
    summary:
      "Check the machine (driver, CUDA, free disk) and run python-bridge's doctor with each trainer install's interpreter; one report per install.",
    request: doctorRequestSchema,
    response: doctorAnswerSchema,
  }),
  'env.cancelDoctor': defineRequest({
    summary: 'Cancel a doctor run (or every one): its checks end at once, child processes included.',
    request: cancelDoctorSchema,
    response: cancelDoctorAnswerSchema,
  }),
};

export const envEvents = {
  'env.doctorProgress': defineEvent({
    summary: 'A doctor run began or ended a step (the machine, then each install).',
    payload: doctorProgressSchema,
    params: {
      type: 'object',
      additionalProperties: false,
      properties: { runId: runIdSchema },
    },
  }),
};
