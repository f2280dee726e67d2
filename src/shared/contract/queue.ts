/**
 * queue.*: the queue as a whole. Pausing stops new jobs from starting (running ones go on) and is kept
 * across restarts; it is not a job state.
 */
import { defineEvent, defineRequest, emptyObjectSchema, type SchemaType } from './define';
import { jobStatuses } from './jobs';

const countsSchema = {
  type: 'object',
  required: [...jobStatuses],
  additionalProperties: false,
  properties: Object.fromEntries(jobStatuses.map((s) => [s, { type: 'integer', minimum: 0 }])) as {
    [S in (typeof jobStatuses)[number]]: { readonly type: 'integer'; readonly minimum: 0 };
  },
} as const;

export const queueStateSchema = {
  type: 'object',
  required: ['paused', 'pausedAt', 'counts'],
  additionalProperties: false,
  properties: {
    paused: { type: 'boolean' },
    /** ISO 8601 time of the pause; null when running. */
    pausedAt: { type: ['string', 'null'] },
    /** How many jobs are in each state. */
    counts: countsSchema,
  },
} as const;

const queueChangedSchema = {
  type: 'object',
  required: ['paused', 'pausedAt', 'counts', 'reason'],
  additionalProperties: false,
  properties: {
    ...queueStateSchema.properties,
    /** What changed: the order of the jobs, or the pause state. */
    reason: { type: 'string', enum: ['order', 'pause'] },
  },
} as const;

export type QueueState = SchemaType<typeof queueStateSchema>;
export type QueueChanged = SchemaType<typeof queueChangedSchema>;

export const queueRequests = {
  'queue.pause': defineRequest({
    summary: 'Start no new job until resumed (running jobs go on); kept across restarts.',
    request: emptyObjectSchema,
    response: queueStateSchema,
  }),
  'queue.resume': defineRequest({
    summary: 'Let waiting jobs start again.',
    request: emptyObjectSchema,
    response: queueStateSchema,
  }),
  'queue.state': defineRequest({
    summary: 'Whether the queue is paused, and how many jobs are in each state.',
    request: emptyObjectSchema,
    response: queueStateSchema,
  }),
};

export const queueEvents = {
  'queue.changed': defineEvent({
    summary: 'The order of the jobs or the pause state changed.',
    payload: queueChangedSchema,
  }),
};
