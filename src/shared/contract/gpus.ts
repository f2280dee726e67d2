/**
 * gpus.*: the GPU inventory as nvidia-smi last reported it: each GPU with its memory, load and
 * temperature, the processes holding memory on it, whether the settings exclude it, and a state that
 * says plainly when there is no nvidia-smi, no GPU, or output that could not be read.
 */
import { defineEvent, defineRequest, type SchemaType } from './define';

const nullableNumber = { type: ['number', 'null'] } as const;

const gpuProcessSchema = {
  type: 'object',
  required: ['pid', 'name', 'usedMemoryMiB', 'jobId', 'jobName', 'command'],
  additionalProperties: false,
  properties: {
    pid: { type: 'integer' },
    /** nvidia-smi's process name (usually the executable's path). */
    name: { type: 'string' },
    usedMemoryMiB: nullableNumber,
    /**
     * The DPGui job this process belongs to — any rank or worker of its tree, by the job's tag on the
     * process (DPGUI_JOB_ID), not by the recorded pid; null: a stranger (not started by DPGui).
     */
    jobId: { type: ['string', 'null'] },
    /** That job's name; null for a stranger, or a job no longer in the queue. */
    jobName: { type: ['string', 'null'] },
    /** Its command line; null when it is gone or this host may not read it (another user's). */
    command: { type: ['string', 'null'] },
  },
} as const;

const gpuSchema = {
  type: 'object',
  required: [
    'index',
    'uuid',
    'name',
    'memoryTotalMiB',
    'memoryUsedMiB',
    'memoryFreeMiB',
    'utilizationPercent',
    'temperatureC',
    'excluded',
    'processes',
  ],
  additionalProperties: false,
  properties: {
    /** nvidia-smi's index (PCI bus order, as CUDA_DEVICE_ORDER=PCI_BUS_ID makes CUDA see it). */
    index: { type: 'integer' },
    uuid: { type: 'string' },
    name: { type: 'string' },
    /** null where nvidia-smi reports [N/A] (MIG, some laptops). */
    memoryTotalMiB: nullableNumber,
    memoryUsedMiB: nullableNumber,
    memoryFreeMiB: nullableNumber,
    utilizationPercent: nullableNumber,
    temperatureC: nullableNumber,
    /** The settings exclude this GPU (by uuid): no job is scheduled onto it. */
    excluded: { type: 'boolean' },
    /** Processes holding memory on this GPU (ours or a stranger's). */
    processes: { type: 'array', items: gpuProcessSchema },
  },
} as const;

const gpuInventorySchema = {
  type: 'object',
  required: ['state', 'message', 'sampledAt', 'gpus'],
  additionalProperties: false,
  properties: {
    /** ok: read fine; no-nvidia-smi: not installed; no-gpus: none found; error: it failed or its output could not be read. */
    state: { type: 'string', enum: ['ok', 'no-nvidia-smi', 'no-gpus', 'error'] },
    /** What went wrong, in a sentence; empty when all is well. */
    message: { type: 'string' },
    /** ISO 8601 time of the sample; null before the first one. */
    sampledAt: { type: ['string', 'null'] },
    gpus: { type: 'array', items: gpuSchema },
  },
} as const;

const gpuHistoryPointSchema = {
  type: 'object',
  required: ['sampledAt', 'gpus'],
  additionalProperties: false,
  properties: {
    sampledAt: { type: 'string' },
    gpus: {
      type: 'array',
      items: {
        type: 'object',
        required: ['uuid', 'memoryUsedMiB', 'utilizationPercent', 'temperatureC'],
        additionalProperties: false,
        properties: {
          uuid: { type: 'string' },
          memoryUsedMiB: nullableNumber,
          utilizationPercent: nullableNumber,
          temperatureC: nullableNumber,
        },
      },
    },
  },
} as const;

const gpusListResponseSchema = {
  type: 'object',
  required: [...gpuInventorySchema.required, 'history'],
  additionalProperties: false,
  properties: {
    ...gpuInventorySchema.properties,
    /** The last few minutes of samples, oldest first, for the GPU view's charts. */
    history: { type: 'array', items: gpuHistoryPointSchema },
  },
} as const;

const gpusListRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    /** Sample now instead of answering the last sample. */
    refresh: { type: 'boolean' },
  },
} as const;

export type GpuProcess = SchemaType<typeof gpuProcessSchema>;
export type Gpu = SchemaType<typeof gpuSchema>;
export type GpuInventory = SchemaType<typeof gpuInventorySchema>;
export type GpuInventoryState = GpuInventory['state'];
export type GpuHistoryPoint = SchemaType<typeof gpuHistoryPointSchema>;
export type GpusListResponse = SchemaType<typeof gpusListResponseSchema>;

export const gpusRequests = {
  'gpus.list': defineRequest({
    summary:
      'The GPUs with their memory, load, temperature and the processes holding memory, plus recent history.',
    request: gpusListRequestSchema,
    response: gpusListResponseSchema,
  }),
};

export const gpusEvents = {
  'gpu.stats': defineEvent({
    summary:
      'A new GPU sample: every 2 s while someone watches, every 30 s while jobs are queued or running.',
    payload: gpuInventorySchema,
  }),
};
