/**
 * env.*: whether this machine can train. `env.doctor` runs python-bridge's `doctor` once per trainer
 * install in the settings, each with that install's own interpreter, and answers one entry per install:
 * its report, or the state that kept it from running (not set up, interpreter missing, timed out).
 */
import { defineRequest, type SchemaType } from './define';

export const doctorInstallNames = ['sdScripts', 'diffusionPipe'] as const;

export const doctorStates = ['checked', 'not-set-up', 'interpreter-missing', 'timed-out', 'failed'] as const;

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
  required: ['installs'],
  additionalProperties: false,
  properties: { installs: { type: 'array', items: doctorEntrySchema } },
} as const;

export type DoctorInstallName = (typeof doctorInstallNames)[number];
export type DoctorState = (typeof doctorStates)[number];
export type DoctorRequest = SchemaType<typeof doctorRequestSchema>;
export type DoctorReport = SchemaType<typeof doctorReportSchema>;
export type DoctorEntry = SchemaType<typeof doctorEntrySchema>;
export type DoctorAnswer = SchemaType<typeof doctorAnswerSchema>;

export const envRequests = {
  'env.doctor': defineRequest({
    summary: "Run python-bridge's doctor with each trainer install's interpreter; one report per install.",
    request: doctorRequestSchema,
    response: doctorAnswerSchema,
  }),
};
