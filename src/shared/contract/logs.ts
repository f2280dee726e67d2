/**
 * logs.*: a job's display log — its stdout and stderr as a person would see them in a terminal
 * (progress-bar redraws collapsed), numbered from 0. Those numbers are the contract: `job.log` pushes
 * new lines from `fromLine`, `logs.read` pages any range, `logs.search` finds lines without the client
 * holding the log.
 */
import { defineEvent, defineRequest, type SchemaType } from './define';
import { jobProgressEvent, metricPointSchema } from './jobs';

const idSchema = { type: 'string', minLength: 1, maxLength: 200 } as const;
const streamSchema = { type: 'string', enum: ['stdout', 'stderr'] } as const;

export const maxLogReadLines = 5000;
export const maxLogSearchMatches = 1000;

const displayLineSchema = {
  type: 'object',
  required: ['stream', 'time', 'text'],
  additionalProperties: false,
  properties: {
    stream: streamSchema,
    /** Unix milliseconds when the line was complete. */
    time: { type: 'number' },
    text: { type: 'string' },
  },
} as const;

const openLineSchema = {
  type: 'object',
  required: ['stream', 'text'],
  additionalProperties: false,
  properties: { stream: streamSchema, text: { type: 'string' } },
} as const;

const jobLogSchema = {
  type: 'object',
  required: ['jobId', 'fromLine', 'lines', 'partial'],
  additionalProperties: false,
  properties: {
    jobId: idSchema,
    /** Number of the first line in `lines`. */
    fromLine: { type: 'integer', minimum: 0 },
    lines: { type: 'array', items: displayLineSchema },
    /** Lines still being written (a progress bar), at most one per stream; not numbered yet. */
    partial: { type: 'array', items: openLineSchema },
    /**
     * Only on a gap marker: this client read too slowly, so lines [fromLine, toLine) were not sent to it
     * (read them with logs.read); the live lines go on from toLine (this event's own `fromLine`).
     */
    gap: {
      type: 'object',
      required: ['fromLine', 'toLine'],
      additionalProperties: false,
      properties: { fromLine: { type: 'integer', minimum: 0 }, toLine: { type: 'integer', minimum: 0 } },
    },
  },
} as const;

/** A job.log subscription follows one job; `fromLine` first sends the lines from there (a resume). */
const jobLogParamsSchema = {
  type: 'object',
  required: ['jobId'],
  additionalProperties: false,
  properties: { jobId: idSchema, fromLine: { type: 'integer', minimum: 0 } },
} as const;

/** Either `fromLine` (a page from there, `count` lines) or `last` (the log's last lines, in one call). */
const readRequestSchema = {
  type: 'object',
  required: ['jobId'],
  additionalProperties: false,
  properties: {
    jobId: idSchema,
    fromLine: { type: 'integer', minimum: 0 },
    /** How many lines from `fromLine` (at most, default and cap 5000). */
    count: { type: 'integer', minimum: 1, maximum: maxLogReadLines },
    /** The last this many lines instead of a page from `fromLine` (the answer's fromLine says where they start). */
    last: { type: 'integer', minimum: 1, maximum: maxLogReadLines },
  },
} as const;

const readResponseSchema = {
  type: 'object',
  required: ['jobId', 'fromLine', 'lines', 'partial', 'totalLines'],
  additionalProperties: false,
  properties: {
    jobId: jobLogSchema.properties.jobId,
    fromLine: jobLogSchema.properties.fromLine,
    lines: jobLogSchema.properties.lines,
    partial: jobLogSchema.properties.partial,
    /** How many lines the log holds now. */
    totalLines: { type: 'integer', minimum: 0 },
  },
} as const;

const searchRequestSchema = {
  type: 'object',
  required: ['jobId', 'query'],
  additionalProperties: false,
  properties: {
    jobId: idSchema,
    query: { type: 'string', minLength: 1, maxLength: 1000 },
    /** Read `query` as a regular expression (JavaScript syntax). */
    regex: { type: 'boolean' },
    caseSensitive: { type: 'boolean' },
    fromLine: { type: 'integer', minimum: 0 },
    limit: { type: 'integer', minimum: 1, maximum: maxLogSearchMatches },
  },
} as const;

const searchMatchSchema = {
  type: 'object',
  required: ['line', 'stream', 'time', 'text'],
  additionalProperties: false,
  properties: { line: { type: 'integer', minimum: 0 }, ...displayLineSchema.properties },
} as const;

const searchResponseSchema = {
  type: 'object',
  required: ['jobId', 'matches', 'truncated', 'totalLines'],
  additionalProperties: false,
  properties: {
    jobId: idSchema,
    matches: { type: 'array', items: searchMatchSchema },
    /** More lines matched than `limit`: search again from after the last match. */
    truncated: { type: 'boolean' },
    totalLines: { type: 'integer', minimum: 0 },
  },
} as const;

/** A metric point as it is read live: the stored point plus when the host read it. */
export const liveMetricPointSchema = {
  type: 'object',
  required: [...metricPointSchema.required, 'time'],
  additionalProperties: false,
  properties: {
    ...metricPointSchema.properties,
    /** Unix milliseconds when the host read the step's values from the trainer's output. */
    time: { type: 'number' },
  },
} as const;

const jobMetricsSchema = {
  type: 'object',
  required: ['jobId', 'points'],
  additionalProperties: false,
  properties: {
    jobId: idSchema,
    /**
     * New points in step order (one per step; a step's point may come again with later values: keep
     * the last). loss and lr are null where the trainer does not print them (sd-scripts prints only
     * its average loss, as smoothedLoss).
     */
    points: { type: 'array', items: liveMetricPointSchema },
    /**
     * Only when this client read too slowly for too long: the points of steps [fromStep, toStep] were
     * not sent to it (read them with jobs.metrics); `points` goes on after them.
     */
    gap: {
      type: 'object',
      required: ['fromStep', 'toStep'],
      additionalProperties: false,
      properties: { fromStep: { type: 'integer', minimum: 0 }, toStep: { type: 'integer', minimum: 0 } },
    },
  },
} as const;

const jobStalledSchema = {
  type: 'object',
  required: ['jobId', 'silentSeconds', 'message'],
  additionalProperties: false,
  properties: {
    jobId: idSchema,
    /** How long the trainer had printed nothing when this was said. */
    silentSeconds: { type: 'integer', minimum: 0 },
    message: { type: 'string' },
  },
} as const;

const oneJobParamsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { jobId: idSchema },
} as const;

export type LiveMetricPoint = SchemaType<typeof liveMetricPointSchema>;
export type JobMetricsEvent = SchemaType<typeof jobMetricsSchema>;
export type JobStalledEvent = SchemaType<typeof jobStalledSchema>;
export type DisplayLogLine = SchemaType<typeof displayLineSchema>;
export type OpenLogLine = SchemaType<typeof openLineSchema>;
export type JobLogEvent = SchemaType<typeof jobLogSchema>;
export type JobLogParams = SchemaType<typeof jobLogParamsSchema>;
export type LogsReadRequest = SchemaType<typeof readRequestSchema>;
export type LogsReadResponse = SchemaType<typeof readResponseSchema>;
export type LogsSearchRequest = SchemaType<typeof searchRequestSchema>;
export type LogsSearchResponse = SchemaType<typeof searchResponseSchema>;
export type LogSearchMatch = SchemaType<typeof searchMatchSchema>;

export const logsRequests = {
  'logs.read': defineRequest({
    summary: "Lines of a job's display log, from a line number or its last N (running or finished jobs).",
    request: readRequestSchema,
    response: readResponseSchema,
  }),
  'logs.search': defineRequest({
    summary: "Lines of a job's display log that contain a text or match a pattern, first matches first.",
    request: searchRequestSchema,
    response: searchResponseSchema,
  }),
};

export const logsEvents = {
  // Declared with the job (its lastProgress keeps the last one); pushed by the supervisor.
  'job.progress': jobProgressEvent,
  'job.log': defineEvent({
    summary: "New lines of a job's display log (batched, at most every 50 ms) and its open progress line.",
    payload: jobLogSchema,
    params: jobLogParamsSchema,
  }),
  'job.metrics': defineEvent({
    summary:
      "New points of a running job's training curve (loss, smoothed loss, lr, step, time), batched; " +
      'a chart reads the earlier ones with jobs.metrics.',
    payload: jobMetricsSchema,
    params: {
      type: 'object',
      required: ['jobId'],
      additionalProperties: false,
      properties: { jobId: idSchema },
    },
  }),
  'job.stalled': defineEvent({
    summary: 'A running job has printed nothing for the time set in the settings (stalledAfterMinutes).',
    payload: jobStalledSchema,
    // One job's warnings only, or every job's.
    params: oneJobParamsSchema,
  }),
};
