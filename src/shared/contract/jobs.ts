/**
 * jobs.*: the trainings a user queued, one record each, from enqueue to its end. The core keeps them in
 * SQLite (src/main/core/queue/); this file is what crosses the boundary. `config` is the snapshot the
 * job was queued with and never changes; editing a waiting job makes a new one (jobs.replace).
 */
import { trainerConfigSchema } from './configs';
import { defineEvent, defineRequest, emptyObjectSchema, type SchemaType } from './define';
import { trainerKindSchema } from './trainer-kinds';

export { trainerKinds, trainerKindSchema, type TrainerKind } from './trainer-kinds';

/** Every state a job can be in; which moves are legal is the state machine's table (core/queue). */
export const jobStatuses = [
  'queued',
  'held',
  'starting',
  'running',
  'stopping',
  'succeeded',
  'failed',
  'canceled',
  'interrupted',
] as const;

/** States of a job whose process tree is started or still ending: it holds its GPUs. */
export const activeJobStatuses = ['starting', 'running', 'stopping'] as const;

/** States a job ends in: it holds no GPU and no process, and it may be retried or deleted. */
export const finishedJobStatuses = ['succeeded', 'failed', 'canceled', 'interrupted'] as const;

export const progressPhases = ['loading', 'caching', 'training', 'sampling', 'saving', 'finished'] as const;

const idSchema = { type: 'string', minLength: 1, maxLength: 200 } as const;
const nullableNumber = { type: ['number', 'null'] } as const;
const nullableInteger = { type: ['integer', 'null'] } as const;
const nullableString = { type: ['string', 'null'] } as const;

export const jobStatusSchema = { type: 'string', enum: jobStatuses } as const;

export const gpuRequestSchema = {
  type: 'object',
  required: ['count'],
  additionalProperties: false,
  properties: {
    /** How many GPUs; 0 runs on the CPU. */
    count: { type: 'integer', minimum: 0, maximum: 64 },
    /** Only these GPUs (by uuid) may be used. */
    include: { type: 'array', items: { type: 'string', minLength: 1 }, maxItems: 64 },
  },
} as const;

/** What the supervisor reports while a job runs (`job.progress`); null where the trainer did not say. */
export const jobProgressSchema = {
  type: 'object',
  required: [
    'jobId',
    'phase',
    'step',
    'total',
    'epoch',
    'epochs',
    'loss',
    'smoothedLoss',
    'lr',
    'itPerSec',
    'etaSeconds',
    'nextSave',
    'nextSample',
  ],
  additionalProperties: false,
  properties: {
    jobId: idSchema,
    phase: { type: 'string', enum: progressPhases },
    step: nullableNumber,
    total: nullableNumber,
    epoch: nullableNumber,
    epochs: nullableNumber,
    loss: nullableNumber,
    smoothedLoss: nullableNumber,
    lr: nullableNumber,
    itPerSec: nullableNumber,
    etaSeconds: nullableNumber,
    /** Step of the next checkpoint save. */
    nextSave: nullableNumber,
    /** Step of the next sample images. */
    nextSample: nullableNumber,
  },
} as const;

/**
 * Why a finished job ended, as a code the UI can offer the matching fix for (its sentence and hint are
 * `errorReason` and `errorHint`). The exit codes are the ones the supervisor reads from a trainer's end
 * (core/supervisor/exit-reasons.ts); the rest say how the queue or the user ended it.
 */
export const jobReasonCodes = [
  /** It trained to its end. */
  'completed',
  /** Canceled (see `canceledBy`), before it started or while it ran. */
  'canceled',
  /** The user asked it to save and stop, and it did. */
  'stopped-and-saved',
  /** Edited while it waited: a new job took its place. */
  'replaced',
  /** Its trainer was gone when DPGui started again (the machine restarted, the tree was killed). */
  'interrupted',
  /** It could not be launched (the install, its config files, the wrapper). */
  'launch-failed',
  /** The distributed port was taken (after the one relaunch on a new port). */
  'port-clash',
  /** The GPU ran out of memory. */
  'oom',
  /** Killed (SIGKILL) by something other than DPGui, most likely the kernel's out-of-memory killer. */
  'killed',
  'no-space',
  /** A Hugging Face repo id where a local model file was needed. */
  'not-local-model',
  /** A model file named in the config does not exist. */
  'missing-file',
  /** A Python module is missing from the trainer's environment. */
  'missing-module',
  /** Asked to resume with no saved state to resume from. */
  'nothing-to-resume',
  'nan-loss',
  /** A native crash (SIGSEGV, SIGBUS, SIGABRT). */
  'crashed',
  /** Ended by a signal DPGui did not send. */
  'signal',
  /** It exited 0 without making a step or saving anything. */
  'no-training',
  /** Any other error: the sentence says which. */
  'failed',
] as const;

/** Who canceled a job: the user through a channel, or the app itself. */
export const cancelSources = ['jobs.cancel', 'jobs.stopAndSave', 'jobs.replace'] as const;

const canceledBySchema = {
  type: 'object',
  required: ['actor', 'via'],
  additionalProperties: false,
  properties: {
    /** "user": someone asked through the API (the UI, the CLI, a script). */
    actor: { type: 'string', enum: ['user'] },
    /** The channel that asked: jobs.cancel, jobs.stopAndSave (it ended after its save), jobs.replace (edited). */
    via: { type: 'string', enum: cancelSources },
  },
} as const;

/** One thing a job can be asked now; `reason` says why not, in words to show beside the greyed button. */
const abilitySchema = {
  type: 'object',
  required: ['allowed', 'reason'],
  additionalProperties: false,
  properties: {
    allowed: { type: 'boolean' },
    /** null when allowed. */
    reason: nullableString,
  },
} as const;

/** The requests a job can be asked, each the channel that would answer 409 with the same reason. */
export const jobAbilityNames = [
  /** jobs.save */
  'saveNow',
  /** jobs.stopAndSave */
  'stopAndSave',
  /** jobs.cancel */
  'cancel',
  /** jobs.hold */
  'hold',
  /** jobs.release */
  'release',
  /** jobs.replace */
  'edit',
  /** jobs.reorder */
  'reorder',
  /** jobs.retry */
  'retry',
  /** jobs.retry with resume (only where its trainer saved a state to continue from) */
  'resume',
  /** jobs.delete */
  'delete',
] as const;

const abilitiesSchema = {
  type: 'object',
  required: jobAbilityNames,
  additionalProperties: false,
  properties: Object.fromEntries(jobAbilityNames.map((name) => [name, abilitySchema])) as {
    [K in (typeof jobAbilityNames)[number]]: typeof abilitySchema;
  },
} as const;

/** The process tree a launch started (pids are reused: start times and the boot id prove identity). */
const jobProcessSchema = {
  type: 'object',
  required: ['wrapperPid', 'wrapperStartTime', 'bootId', 'trainerPid', 'trainerStartTime', 'trainerPgid'],
  additionalProperties: false,
  properties: {
    wrapperPid: { type: 'integer' },
    wrapperStartTime: nullableString,
    bootId: nullableString,
    trainerPid: nullableInteger,
    trainerStartTime: nullableString,
    trainerPgid: nullableInteger,
  },
} as const;

const summaryProperties = {
  id: idSchema,
  name: { type: 'string' },
  trainer: trainerKindSchema,
  status: jobStatusSchema,
  /** Sort key of the queue order (ascending); not contiguous, compare only. */
  position: { type: 'integer' },
  gpus: gpuRequestSchema,
  /** GPU uuids the job was given when it started. */
  assignedGpus: { anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'null' }] },
  masterPort: nullableInteger,
  process: { anyOf: [jobProcessSchema, { type: 'null' }] },
  /** DPGui's run folder of the job (job.json, logs); the trainer's outputs live elsewhere. */
  runDir: { type: 'string' },
  /** ISO 8601 times. */
  createdAt: { type: 'string' },
  updatedAt: { type: 'string' },
  startedAt: nullableString,
  finishedAt: nullableString,
  exitCode: nullableInteger,
  exitSignal: nullableString,
  /** Why it failed or stopped, in a sentence, and what the user can do about it. */
  errorReason: nullableString,
  errorHint: nullableString,
  lastProgress: { anyOf: [jobProgressSchema, { type: 'null' }] },
  /** 1 for the first launch; automatic relaunches of the same job (port clash, re-queue) add one. */
  attempt: { type: 'integer', minimum: 1 },
  retriedFrom: nullableString,
  clonedFrom: nullableString,
  /** A retry that asked to resume from the previous run's last saved state. */
  resume: { type: 'boolean' },
  /** The saved state a resumed retry continues from, as jobs.retry's `from` chose it; null: the newest. */
  resumeFrom: nullableString,
  /** Why a finished job ended (null while it has not); `errorReason` and `errorHint` say it in words. */
  reasonCode: { anyOf: [{ type: 'string', enum: jobReasonCodes }, { type: 'null' }] },
  /** Who canceled it (null unless it is canceled or stopping, or it was canceled before DPGui recorded who). */
  canceledBy: { anyOf: [canceledBySchema, { type: 'null' }] },
  /** When the cancel was asked (ISO 8601); null as canceledBy. */
  canceledAt: nullableString,
  /** What it can be asked now, each allowed or with the reason it cannot (the requests answer 409 with it). */
  abilities: abilitiesSchema,
} as const;

/** A job without its config: what lists and events carry. Every field is always present. */
export const jobSummarySchema = {
  type: 'object',
  required: [
    'id',
    'name',
    'trainer',
    'status',
    'position',
    'gpus',
    'assignedGpus',
    'masterPort',
    'process',
    'runDir',
    'createdAt',
    'updatedAt',
    'startedAt',
    'finishedAt',
    'exitCode',
    'exitSignal',
    'errorReason',
    'errorHint',
    'lastProgress',
    'attempt',
    'retriedFrom',
    'clonedFrom',
    'resume',
    'resumeFrom',
    'reasonCode',
    'canceledBy',
    'canceledAt',
    'abilities',
  ],
  additionalProperties: false,
  properties: summaryProperties,
} as const;

export const jobSchema = {
  type: 'object',
  required: [...jobSummarySchema.required, 'config', 'configProblem'],
  additionalProperties: false,
  properties: {
    ...summaryProperties,
    /** The validated config snapshot the job was queued with; never changes. */
    config: trainerConfigSchema,
    /**
     * null, but for a job whose stored config is not a training config this version can use (stored
     * before configs were typed): what is wrong, in a sentence. Such a job is listed, shown, cloned and
     * deleted like any other, but cannot start; `config` then holds what could be read of it.
     */
    configProblem: nullableString,
  },
} as const;

const newJobProperties = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  /** Its `trainer` is the job's (the trainer is given once, here). */
  config: trainerConfigSchema,
  gpus: gpuRequestSchema,
} as const;

const enqueueSchema = {
  type: 'object',
  required: ['name', 'config', 'gpus'],
  additionalProperties: false,
  properties: { ...newJobProperties, clonedFrom: idSchema },
} as const;

const replaceSchema = {
  type: 'object',
  required: ['id', 'name', 'config', 'gpus'],
  additionalProperties: false,
  properties: { id: idSchema, ...newJobProperties },
} as const;

const byIdSchema = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: idSchema },
} as const;

const listSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    /** Only jobs in these states (all when absent). */
    statuses: { type: 'array', items: jobStatusSchema, uniqueItems: true, minItems: 1 },
    /** Case-insensitive text the name must contain. */
    search: { type: 'string', maxLength: 200 },
    /** Page size; 50 when absent. */
    limit: { type: 'integer', minimum: 1, maximum: 500 },
    /** `nextCursor` of the previous page (of the same sort). */
    cursor: { type: 'string', maxLength: 40 },
    /**
     * `queue` (default): the queue order. `newest`: newest first (order of creation). `status`: by state,
     * in the order of the job lifecycle (queued, held, starting, running, stopping, succeeded, failed,
     * canceled, interrupted), newest first within each.
     */
    sort: { type: 'string', enum: ['queue', 'newest', 'status'] },
  },
} as const;

const listAnswerSchema = {
  type: 'object',
  required: ['items', 'total', 'nextCursor'],
  additionalProperties: false,
  properties: {
    /** In the order asked for (`sort`). */
    items: { type: 'array', items: jobSummarySchema },
    /** How many jobs match the filter, over all pages. */
    total: { type: 'integer', minimum: 0 },
    /** Pass as `cursor` for the next page; null on the last page. */
    nextCursor: nullableString,
  },
} as const;

/** One point of a job's training curve; a downsampled point averages the steps of its bucket. */
export const metricPointSchema = {
  type: 'object',
  required: ['step', 'loss', 'smoothedLoss', 'lr', 'epoch'],
  additionalProperties: false,
  properties: {
    step: { type: 'integer', minimum: 0 },
    loss: nullableNumber,
    smoothedLoss: nullableNumber,
    lr: nullableNumber,
    epoch: nullableNumber,
  },
} as const;

const metricsRequestSchema = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: {
    id: idSchema,
    fromStep: { type: 'integer', minimum: 0 },
    toStep: { type: 'integer', minimum: 0 },
    /** 500 when absent. */
    maxPoints: { type: 'integer', minimum: 1, maximum: 10000 },
  },
} as const;

const metricsAnswerSchema = {
  type: 'object',
  required: ['jobId', 'points', 'stored', 'downsampled'],
  additionalProperties: false,
  properties: {
    jobId: idSchema,
    points: { type: 'array', items: metricPointSchema },
    /** How many recorded steps lie in the range asked for. */
    stored: { type: 'integer', minimum: 0 },
    downsampled: { type: 'boolean' },
  },
} as const;

const reorderSchema = {
  type: 'object',
  required: ['id', 'to'],
  additionalProperties: false,
  properties: {
    id: idSchema,
    to: {
      anyOf: [
        { type: 'string', enum: ['top', 'bottom', 'up', 'down'] },
        {
          type: 'object',
          required: ['before'],
          additionalProperties: false,
          properties: { before: idSchema },
        },
      ],
    },
  },
} as const;

/** The largest total steps or epochs a resumed retry may ask for (sd-scripts' own bound). */
export const maxTrainingTotal = 16777215;

const retrySchema = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: {
    id: idSchema,
    /** Continue from the previous run's last saved state (honoured by the supervisor). */
    resume: { type: 'boolean' },
    /**
     * With resume: continue from this saved state instead of the newest — the path of one of the job's
     * artifacts of kind `state` (an sd-scripts `…-state` folder, a diffusion-pipe `global_stepN`
     * folder or its run folder).
     */
    from: { type: 'string', minLength: 1, maxLength: 4096 },
    /** With resume: the resumed run's new total steps (higher than the job's). */
    totalSteps: { type: 'integer', minimum: 1, maximum: maxTrainingTotal },
    /** With resume: the resumed run's new total epochs (higher than the job's). */
    totalEpochs: { type: 'integer', minimum: 1, maximum: maxTrainingTotal },
  },
} as const;

const deleteSchema = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: {
    id: idSchema,
    /** Also remove DPGui's run folder (logs, job.json). The trainer's outputs are never removed. */
    removeRunFolder: { type: 'boolean' },
  },
} as const;

const deleteAnswerSchema = {
  type: 'object',
  required: ['id', 'runFolderRemoved'],
  additionalProperties: false,
  properties: { id: idSchema, runFolderRemoved: { type: 'boolean' } },
} as const;

/** The answer to "save now" / "stop and save": what was asked of the trainer, in a sentence. */
const saveAnswerSchema = {
  type: 'object',
  required: ['jobId', 'requested', 'file', 'message'],
  additionalProperties: false,
  properties: {
    jobId: idSchema,
    /** The trainer was asked (diffusion-pipe); false where it cannot save on request (sd-scripts). */
    requested: { type: 'boolean' },
    /** The control file created in the trainer's run folder. */
    file: nullableString,
    message: { type: 'string' },
  },
} as const;

/** Why each queued job has not started, as the last dispatch saw it. */
export const waitReasonsAnswerSchema = {
  type: 'object',
  required: ['items'],
  additionalProperties: false,
  properties: {
    /** Every waiting job that has not started and why, in queue order (empty when none waits). */
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['jobId', 'reason'],
        additionalProperties: false,
        properties: { jobId: idSchema, reason: { type: 'string' } },
      },
    },
  },
} as const;

export type JobStatus = (typeof jobStatuses)[number];
export type JobReasonCode = (typeof jobReasonCodes)[number];
export type JobAbilityName = (typeof jobAbilityNames)[number];
export type JobAbility = SchemaType<typeof abilitySchema>;
export type JobAbilities = SchemaType<typeof abilitiesSchema>;
export type CanceledBy = SchemaType<typeof canceledBySchema>;
export type FinishedJobStatus = (typeof finishedJobStatuses)[number];
export type GpuRequest = SchemaType<typeof gpuRequestSchema>;
export type JobProgress = SchemaType<typeof jobProgressSchema>;
export type JobProcess = SchemaType<typeof jobProcessSchema>;
export type JobSummary = SchemaType<typeof jobSummarySchema>;
export type Job = SchemaType<typeof jobSchema>;
export type NewJob = SchemaType<typeof enqueueSchema>;
export type JobReplacement = SchemaType<typeof replaceSchema>;
export type JobListQuery = SchemaType<typeof listSchema>;
export type JobListPage = SchemaType<typeof listAnswerSchema>;
export type MetricPoint = SchemaType<typeof metricPointSchema>;
export type JobMetricsQuery = SchemaType<typeof metricsRequestSchema>;
export type JobMetrics = SchemaType<typeof metricsAnswerSchema>;
export type WaitReasons = SchemaType<typeof waitReasonsAnswerSchema>;
export type SaveAnswer = SchemaType<typeof saveAnswerSchema>;
export type ReorderTarget = SchemaType<typeof reorderSchema>['to'];

export const jobsRequests = {
  'jobs.enqueue': defineRequest({
    summary: 'Queue a training at the end of the queue; answers the stored job.',
    request: enqueueSchema,
    response: jobSchema,
  }),
  'jobs.replace': defineRequest({
    summary: 'Edit a waiting job: a new job takes its place (and its hold) and the old one is canceled.',
    request: replaceSchema,
    response: jobSchema,
  }),
  'jobs.list': defineRequest({
    summary:
      'Job summaries in queue order, newest first or by state, filtered by state and name, one page at a time.',
    request: listSchema,
    response: listAnswerSchema,
  }),
  'jobs.get': defineRequest({
    summary: 'One job with its config.',
    request: byIdSchema,
    response: jobSchema,
  }),
  'jobs.metrics': defineRequest({
    summary: "A job's training curve over a step range, at most maxPoints points.",
    request: metricsRequestSchema,
    response: metricsAnswerSchema,
  }),
  'jobs.reorder': defineRequest({
    summary: 'Move a waiting job to the top, the bottom, one place up or down, or before another job.',
    request: reorderSchema,
    response: jobSummarySchema,
  }),
  'jobs.cancel': defineRequest({
    summary: 'Cancel a job: a waiting one at once, a started one is stopped (state "stopping").',
    request: byIdSchema,
    response: jobSummarySchema,
  }),
  'jobs.save': defineRequest({
    summary: 'Ask a running job to save a checkpoint now and go on (diffusion-pipe; sd-scripts cannot).',
    request: byIdSchema,
    response: saveAnswerSchema,
  }),
  'jobs.stopAndSave': defineRequest({
    summary: 'Ask a running job to save a checkpoint and stop (diffusion-pipe; the job ends canceled).',
    request: byIdSchema,
    response: saveAnswerSchema,
  }),
  'jobs.waitReasons': defineRequest({
    summary: 'Why each waiting job has not started: GPUs busy, a shared diffusion-pipe cache, a job ahead.',
    request: emptyObjectSchema,
    response: waitReasonsAnswerSchema,
  }),
  'jobs.retry': defineRequest({
    summary:
      'Queue a finished job again as a new job, linked by retriedFrom: at the end, or first among the waiting jobs when the retriesFirst setting is on. With resume, it continues from its newest saved state, or from `from`, and may train to a higher totalSteps / totalEpochs.',
    request: retrySchema,
    response: jobSchema,
  }),
  'jobs.hold': defineRequest({
    summary: 'Keep a queued job from starting; it keeps its place and jobs behind it may start.',
    request: byIdSchema,
    response: jobSummarySchema,
  }),
  'jobs.release': defineRequest({
    summary: 'Let a held job start again in its place.',
    request: byIdSchema,
    response: jobSummarySchema,
  }),
  'jobs.delete': defineRequest({
    summary: "Forget a finished job (and, if asked, DPGui's run folder; never the trainer's outputs).",
    request: deleteSchema,
    response: deleteAnswerSchema,
  }),
};

export const jobsEvents = {
  'job.updated': defineEvent({
    summary: 'A job was queued, changed state or was edited (its summary as now stored).',
    payload: jobSummarySchema,
  }),
};

/**
 * `job.progress` is pushed by the supervisor while a job runs; its payload is declared here because a
 * job's `lastProgress` keeps the last one seen. The supervisor registers the event.
 */
export const jobProgressEvent = defineEvent({
  summary: 'What a running job reports: phase, step, loss, speed, ETA.',
  payload: jobProgressSchema,
  // One job's progress only, or every job's.
  params: { type: 'object', additionalProperties: false, properties: { jobId: idSchema } },
});
