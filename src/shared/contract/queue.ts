/**
 * queue.*: the queue as a whole. Pausing stops new jobs from starting (running ones go on) and is kept
 * across restarts; it is not a job state.
 */
import { defineEvent, defineRequest, emptyObjectSchema, type SchemaType } from './define';
import { jobStatuses, waitReasonsAnswerSchema } from './jobs';

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

const idSchema = { type: 'string', minLength: 1, maxLength: 200 } as const;
const nullableId = { anyOf: [idSchema, { type: 'null' }] } as const;

/** One job moved in the queue order, and where it stands now: between two jobs (null: at that end). */
const queueMoveSchema = {
  type: 'object',
  required: ['id', 'from', 'to', 'after', 'before'],
  additionalProperties: false,
  properties: {
    id: idSchema,
    /** Its `position` (sort key) before and after the move. */
    from: { type: 'integer' },
    to: { type: 'integer' },
    /** The job it now follows and the one it now precedes in the queue order. */
    after: nullableId,
    before: nullableId,
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
    /**
     * The jobs moved, in the order the moves were made (a slow client gets several at once). Other jobs'
     * sort keys may have been spread out by a move: place rows by `after`/`before`, or list again.
     */
    moved: { type: 'array', items: queueMoveSchema },
    /** Jobs deleted (finished jobs only). */
    removed: { type: 'array', items: idSchema },
  },
} as const;

export type QueueState = SchemaType<typeof queueStateSchema>;
export type QueueChanged = SchemaType<typeof queueChangedSchema>;
export type QueueMove = SchemaType<typeof queueMoveSchema>;
export type QueueWaitReasons = SchemaType<typeof waitReasonsAnswerSchema>;

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
    summary: 'The order of the jobs (what moved where, what was deleted) or the pause state changed.',
    payload: queueChangedSchema,
  }),
  'queue.waitReasons': defineEvent({
    summary:
      'Why each waiting job has not started, sent when any of it changed (as jobs.waitReasons answers).',
    payload: waitReasonsAnswerSchema,
  }),
};
