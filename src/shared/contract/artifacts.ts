/**
 * jobs.artifacts / job.artifact: what a training saved — checkpoints (files and sd-scripts' state
 * folders) and sample images — as python-bridge saw each appear in the job's output folders, with the
 * step, epoch and prompt read from the trainers' file names.
 */
import { defineEvent, defineRequest, type SchemaType } from './define';

const idSchema = { type: 'string', minLength: 1, maxLength: 200 } as const;
const nullableInteger = { type: ['integer', 'null'] } as const;

export const artifactKinds = ['checkpoint', 'state', 'sample'] as const;

export const artifactSchema = {
  type: 'object',
  required: ['kind', 'path', 'step', 'epoch', 'promptIndex', 'savedAt', 'checkpoint', 'bytes'],
  additionalProperties: false,
  properties: {
    kind: { type: 'string', enum: artifactKinds },
    /** Absolute path (served by the file route: it lies in the job's output folder). */
    path: { type: 'string' },
    /** Training step or epoch in its name (sd-scripts' -step00000500, _e000002; diffusion-pipe's step500/epoch2). */
    step: nullableInteger,
    epoch: nullableInteger,
    /** Which sample prompt (from 0), for samples. */
    promptIndex: nullableInteger,
    /** Unix milliseconds when it was complete on disk. */
    savedAt: { type: 'number' },
    /** For a sample: the checkpoint saved at the same step or epoch, if any. */
    checkpoint: { type: ['string', 'null'] },
    /** Its size on disk (a state folder: the sum of its files); null when it is no longer there. */
    bytes: nullableInteger,
  },
} as const;

const artifactsResponseSchema = {
  type: 'object',
  required: ['jobId', 'items'],
  additionalProperties: false,
  properties: { jobId: idSchema, items: { type: 'array', items: artifactSchema } },
} as const;

export const artifactsRequests = {
  'jobs.artifacts': defineRequest({
    summary: "A job's checkpoints and samples so far, oldest first.",
    request: {
      type: 'object',
      required: ['id'],
      additionalProperties: false,
      properties: { id: idSchema },
    } as const,
    response: artifactsResponseSchema,
  }),
};

export const artifactsEvents = {
  'job.artifact': defineEvent({
    summary: 'A running job saved a checkpoint or a sample.',
    payload: {
      type: 'object',
      required: ['jobId', 'artifact'],
      additionalProperties: false,
      properties: { jobId: idSchema, artifact: artifactSchema },
    } as const,
    // One job's artifacts only, or every job's.
    params: { type: 'object', additionalProperties: false, properties: { jobId: idSchema } } as const,
  }),
};

export type Artifact = SchemaType<typeof artifactSchema>;
export type JobArtifacts = SchemaType<typeof artifactsResponseSchema>;
