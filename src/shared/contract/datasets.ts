/**
 * datasets.*: folders of images and videos with caption files beside them, used where they are (never
 * copied). A scan reports what the trainers will see; the bucket preview computes what they will compute;
 * caption edits are atomic and the last bulk operation can be undone.
 */
import { trainerConfigSchema } from './configs';
import { defineEvent, defineRequest, emptyObjectSchema, type SchemaType } from './define';

const idSchema = { type: 'string', minLength: 1, maxLength: 64 } as const;
/** Dataset events of one dataset only, or of every dataset. */
const datasetEventParamsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { id: idSchema },
} as const;
/** A file of a dataset, relative to its folder, with "/" separators (as the scan listed it). */
const relPathSchema = { type: 'string', minLength: 1, maxLength: 4096 } as const;

const countsSchema = {
  type: 'object',
  required: [
    'images',
    'videos',
    'captioned',
    'missingCaptions',
    'emptyCaptions',
    'nonUtf8Captions',
    'corrupt',
    'unreadable',
    'orientationWarnings',
  ],
  additionalProperties: false,
  properties: {
    images: { type: 'integer' },
    videos: { type: 'integer' },
    captioned: { type: 'integer' },
    missingCaptions: { type: 'integer' },
    emptyCaptions: { type: 'integer' },
    nonUtf8Captions: { type: 'integer' },
    /** Files with a media extension whose header cannot be read (not an image, truncated, …). */
    corrupt: { type: 'integer' },
    /** Files and folders the host may not read (permissions), broken links, symlink loops. */
    unreadable: { type: 'integer' },
    /** JPEGs whose EXIF orientation makes the trained image differ from what viewers show. */
    orientationWarnings: { type: 'integer' },
  },
} as const;

const subsetSchema = {
  type: 'object',
  required: ['path', 'repeats', 'classTokens', 'images', 'videos'],
  additionalProperties: false,
  properties: {
    /** Folder relative to the dataset ("" for the dataset folder itself). */
    path: { type: 'string' },
    /** From a kohya folder name "10_name" (direct sub-folders only); null when the name has none. */
    repeats: { type: ['integer', 'null'] },
    classTokens: { type: ['string', 'null'] },
    images: { type: 'integer' },
    videos: { type: 'integer' },
  },
} as const;

export const datasetIssueKinds = [
  'corrupt',
  'unreadable',
  'broken_link',
  'symlink_loop',
  'missing_caption',
  'empty_caption',
  'non_utf8_caption',
  'exif_orientation',
  'video_size_unknown',
] as const;

const issueSchema = {
  type: 'object',
  required: ['kind', 'path', 'message'],
  additionalProperties: false,
  properties: {
    kind: { type: 'string', enum: datasetIssueKinds },
    path: { type: 'string' },
    message: { type: 'string' },
  },
} as const;

const scanSummarySchema = {
  type: 'object',
  required: [
    'scannedAt',
    'durationMs',
    'captionExtension',
    'counts',
    'subsets',
    'resolutions',
    'issues',
    'issuesLeftOut',
    'notes',
  ],
  additionalProperties: false,
  properties: {
    scannedAt: { type: 'string' },
    durationMs: { type: 'number' },
    captionExtension: { type: 'string' },
    counts: countsSchema,
    subsets: { type: 'array', items: subsetSchema },
    /** How many images and videos have each size (as the trainer reads it), most frequent first. */
    resolutions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['width', 'height', 'count'],
        additionalProperties: false,
        properties: { width: { type: 'integer' }, height: { type: 'integer' }, count: { type: 'integer' } },
      },
    },
    /** The first problems found (see `datasets.files` for every file's state). */
    issues: { type: 'array', items: issueSchema },
    issuesLeftOut: { type: 'integer' },
    /** Sentences about the scan as a whole (e.g. video sizes unknown without ffprobe). */
    notes: { type: 'array', items: { type: 'string' } },
  },
} as const;

const datasetSchema = {
  type: 'object',
  required: ['id', 'name', 'path', 'registeredAt', 'scan'],
  additionalProperties: false,
  properties: {
    id: idSchema,
    name: { type: 'string' },
    /** The folder as resolved when it was registered (symlinks resolved). */
    path: { type: 'string' },
    registeredAt: { type: 'string' },
    scan: { oneOf: [{ type: 'null' }, scanSummarySchema] },
  },
} as const;

const captionStates = ['ok', 'missing', 'empty', 'non_utf8', 'unreadable'] as const;

const fileEntrySchema = {
  type: 'object',
  required: [
    'path',
    'kind',
    'subset',
    'width',
    'height',
    'bytes',
    'caption',
    'captionProblem',
    'orientation',
    'problem',
  ],
  additionalProperties: false,
  properties: {
    path: relPathSchema,
    kind: { type: 'string', enum: ['image', 'video'] },
    subset: { type: 'string' },
    width: { type: ['integer', 'null'] },
    height: { type: ['integer', 'null'] },
    bytes: { type: 'integer' },
    caption: { type: 'string', enum: captionStates },
    /** Why an `unreadable` caption cannot be read ("it is a named pipe (FIFO), not a regular file"), or null. */
    captionProblem: { type: ['string', 'null'] },
    /** EXIF orientation (1–8) where the file has one. */
    orientation: { type: ['integer', 'null'] },
    /** Why the file cannot be used (corrupt, unreadable), or null. */
    problem: { type: ['string', 'null'] },
  },
} as const;

const sdScriptsBucketSettingsSchema = {
  type: 'object',
  required: ['trainer', 'resolution'],
  additionalProperties: false,
  properties: {
    trainer: { const: 'sd-scripts' },
    /** `resolution`: one side for a square, or [width, height]. */
    resolution: {
      oneOf: [
        { type: 'integer', minimum: 1 },
        { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 2, maxItems: 2 },
      ],
    },
    enableBucket: { type: 'boolean' },
    minBucketReso: { type: 'integer', minimum: 1 },
    maxBucketReso: { type: 'integer', minimum: 1 },
    bucketResoSteps: { type: 'integer', minimum: 1 },
    bucketNoUpscale: { type: 'boolean' },
    batchSize: { type: 'integer', minimum: 1 },
    gradientAccumulationSteps: { type: 'integer', minimum: 1 },
    /** Repeats of the dataset folder when it has no "10_name" sub-folders (a TOML `num_repeats`). */
    numRepeats: { type: 'integer', minimum: 1 },
  },
} as const;

const sizeOrPairSchema = {
  oneOf: [
    { type: 'number', exclusiveMinimum: 0 },
    { type: 'array', items: { type: 'number', exclusiveMinimum: 0 }, minItems: 2, maxItems: 2 },
  ],
} as const;

const diffusionPipeBucketSettingsSchema = {
  type: 'object',
  required: ['trainer', 'resolutions'],
  additionalProperties: false,
  properties: {
    trainer: { const: 'diffusion-pipe' },
    resolutions: { type: 'array', items: sizeOrPairSchema, minItems: 1 },
    enableArBucket: { type: 'boolean' },
    minAr: { type: 'number', exclusiveMinimum: 0 },
    maxAr: { type: 'number', exclusiveMinimum: 0 },
    numArBuckets: { type: 'integer', minimum: 1 },
    arBuckets: { type: 'array', items: sizeOrPairSchema },
    frameBuckets: { type: 'array', items: { type: 'integer', minimum: 1 } },
    numRepeats: { type: 'integer', minimum: 1 },
    microBatchSizePerGpu: { type: 'integer', minimum: 1 },
    gradientAccumulationSteps: { type: 'integer', minimum: 1 },
    /** Data-parallel processes (GPUs divided by pipeline stages). */
    dataParallelWorldSize: { type: 'integer', minimum: 1 },
    /** The model's `pixels_round_to_multiple`: 16 for most models, 32 for LTX-Video, HunyuanImage and Wan 2.2 5B. */
    roundToMultiple: { type: 'integer', minimum: 1 },
    /** diffusion-pipe's `skip_empty_caption` (default true: images without a caption are left out). */
    skipEmptyCaption: { type: 'boolean' },
  },
} as const;

const bucketSchema = {
  type: 'object',
  required: ['width', 'height', 'frames', 'aspectRatio', 'images', 'imagesWithRepeats', 'steps'],
  additionalProperties: false,
  properties: {
    width: { type: 'integer' },
    height: { type: 'integer' },
    frames: { type: 'integer' },
    /** diffusion-pipe's aspect-ratio bucket (rounded as it rounds); null for sd-scripts. */
    aspectRatio: { type: ['number', 'null'] },
    images: { type: 'integer' },
    imagesWithRepeats: { type: 'integer' },
    /** Batches this bucket contributes to one epoch. */
    steps: { type: 'integer' },
  },
} as const;

const bucketPreviewSchema = {
  type: 'object',
  required: [
    'trainer',
    'buckets',
    'stepsPerEpoch',
    'optimizerStepsPerEpoch',
    'meanArError',
    'left',
    'warnings',
  ],
  additionalProperties: false,
  properties: {
    trainer: { type: 'string', enum: ['sd-scripts', 'diffusion-pipe'] },
    buckets: { type: 'array', items: bucketSchema },
    /** Batches per epoch, as the trainer's data loader counts them. */
    stepsPerEpoch: { type: 'integer' },
    /** Optimizer steps per epoch (batches divided by gradient accumulation, as the trainer rounds). */
    optimizerStepsPerEpoch: { type: 'integer' },
    meanArError: { type: ['number', 'null'] },
    /** Files the trainer leaves out or fails on, and why. */
    left: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'reason'],
        additionalProperties: false,
        properties: { path: { type: 'string' }, reason: { type: 'string' } },
      },
    },
    warnings: { type: 'array', items: { type: 'string' } },
    /** Each file's bucket, when asked for with `includeFiles`. */
    files: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'width', 'height', 'frames'],
        additionalProperties: false,
        properties: {
          path: { type: 'string' },
          width: { type: 'integer' },
          height: { type: 'integer' },
          frames: { type: 'integer' },
        },
      },
    },
  },
} as const;

const leftSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['path', 'reason'],
    additionalProperties: false,
    properties: { path: { type: 'string' }, reason: { type: 'string' } },
  },
} as const;

/** One folder a config names, as the trainer will read it. */
const configBucketFolderSchema = {
  type: 'object',
  required: [
    'field',
    'path',
    'group',
    'repeats',
    'isReg',
    'datasetId',
    'scannedAt',
    'problem',
    'images',
    'imagesWithRepeats',
    'left',
  ],
  additionalProperties: false,
  properties: {
    /** The config field that names the folder ("values.subsets.0.image_dir"). */
    field: { type: 'string' },
    path: { type: 'string' },
    /** The pool of buckets it fills: sd-scripts' [[datasets]] index; 0 for diffusion-pipe (all directories share). */
    group: { type: 'integer' },
    repeats: { type: 'integer' },
    /** sd-scripts' regularisation subset (`is_reg`): its repeats are set to match the training images. */
    isReg: { type: 'boolean' },
    /** The registered dataset of this folder, where it is one. */
    datasetId: { type: ['string', 'null'] },
    /** When the scan this preview used was made. */
    scannedAt: { type: ['string', 'null'] },
    /** Why the folder could not be read (missing, not a folder, not readable, a system folder); null when read. */
    problem: { type: ['string', 'null'] },
    /** Images and videos of it that land in a bucket. */
    images: { type: 'integer' },
    imagesWithRepeats: { type: 'integer' },
    /** Its files the trainer leaves out or stops on, and why. */
    left: leftSchema,
    /** The caption extension the trainer reads this folder's captions with (".txt"). */
    captionExtension: { type: 'string' },
    /** Images and videos it reads that have no caption file of that extension beside them. */
    missingCaptions: { type: 'integer' },
  },
} as const;

const configBucketGroupSchema = {
  type: 'object',
  required: ['group', 'batchSize', 'buckets', 'batches'],
  additionalProperties: false,
  properties: {
    group: { type: 'integer' },
    /** Batch size per GPU (diffusion-pipe: the global batch, micro batch × accumulation × data-parallel GPUs). */
    batchSize: { type: 'integer' },
    buckets: { type: 'array', items: bucketSchema },
    /** Batches of this pool in one epoch, before they are shared among GPUs. */
    batches: { type: 'integer' },
  },
} as const;

const configBucketPreviewSchema = {
  type: 'object',
  required: [
    'trainer',
    'gpus',
    'folders',
    'groups',
    'imagesWithRepeats',
    'batchesPerEpoch',
    'stepsPerEpoch',
    'epochs',
    'totalSteps',
    'warnings',
  ],
  additionalProperties: false,
  properties: {
    trainer: { type: 'string', enum: ['sd-scripts', 'diffusion-pipe'] },
    gpus: { type: 'integer' },
    folders: { type: 'array', items: configBucketFolderSchema },
    groups: { type: 'array', items: configBucketGroupSchema },
    /** Training images × repeats (sd-scripts' "num train images * repeats"; regularisation images not counted). */
    imagesWithRepeats: { type: 'integer' },
    /** Batches each GPU process loads per epoch (sd-scripts' "num batches per epoch"). */
    batchesPerEpoch: { type: 'integer' },
    /** Optimizer steps per epoch (with gradient accumulation and the GPUs). */
    stepsPerEpoch: { type: 'integer' },
    /** Epochs the trainer runs; null where nothing lands in a bucket. */
    epochs: { type: ['integer', 'null'] },
    /** Optimizer steps of the whole run (sd-scripts' "total optimization steps"); null where nothing lands in a bucket. */
    totalSteps: { type: ['integer', 'null'] },
    warnings: { type: 'array', items: { type: 'string' } },
  },
} as const;

/** How many captions one `datasets.captions.read` reads at most (a page of a grid). */
export const maxCaptionsPerRead = 500;

const captionSchema = {
  type: 'object',
  required: ['path', 'captionPath', 'exists', 'text', 'encoding'],
  additionalProperties: false,
  properties: {
    path: relPathSchema,
    /** The caption file, relative to the dataset. */
    captionPath: { type: 'string' },
    exists: { type: 'boolean' },
    /** The caption; a non-UTF-8 file is decoded lossily (U+FFFD where bytes were not UTF-8). */
    text: { type: 'string' },
    encoding: { type: 'string', enum: ['utf-8', 'not-utf-8'] },
  },
} as const;

const bulkOperationSchema = {
  oneOf: [
    {
      type: 'object',
      required: ['kind', 'text'],
      additionalProperties: false,
      properties: { kind: { const: 'prepend' }, text: { type: 'string', minLength: 1 } },
    },
    {
      type: 'object',
      required: ['kind', 'tag'],
      additionalProperties: false,
      properties: {
        kind: { const: 'add_tag' },
        tag: { type: 'string', minLength: 1 },
        position: { type: 'string', enum: ['start', 'end'] },
      },
    },
    {
      type: 'object',
      required: ['kind', 'tag'],
      additionalProperties: false,
      properties: { kind: { const: 'remove_tag' }, tag: { type: 'string', minLength: 1 } },
    },
    {
      type: 'object',
      required: ['kind', 'find', 'replace'],
      additionalProperties: false,
      properties: {
        kind: { const: 'replace' },
        find: { type: 'string', minLength: 1 },
        replace: { type: 'string' },
      },
    },
  ],
} as const;

const bulkRequestSchema = {
  type: 'object',
  required: ['id', 'operation'],
  additionalProperties: false,
  properties: {
    id: idSchema,
    operation: bulkOperationSchema,
    /** Tag separator of the captions (sd-scripts' caption_separator); ", " when left out. */
    separator: { type: 'string', minLength: 1 },
    /** Only these files (dataset-relative); every image and video when left out. */
    paths: { type: 'array', items: relPathSchema },
    /** Rewrite captions that are not UTF-8 too (they are skipped otherwise). */
    force: { type: 'boolean' },
  },
} as const;

const changeSchema = {
  type: 'object',
  required: ['path', 'before', 'after'],
  additionalProperties: false,
  properties: {
    path: { type: 'string' },
    /** null: there is no caption file yet (the operation creates one). */
    before: { type: ['string', 'null'] },
    after: { type: 'string' },
  },
} as const;

const skippedSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['path', 'reason'],
    additionalProperties: false,
    properties: { path: { type: 'string' }, reason: { type: 'string' } },
  },
} as const;

export type Dataset = SchemaType<typeof datasetSchema>;
export type DatasetScanSummary = SchemaType<typeof scanSummarySchema>;
export type DatasetCounts = SchemaType<typeof countsSchema>;
export type DatasetSubset = SchemaType<typeof subsetSchema>;
export type DatasetIssue = SchemaType<typeof issueSchema>;
export type DatasetIssueKind = (typeof datasetIssueKinds)[number];
export type DatasetFileEntry = SchemaType<typeof fileEntrySchema>;
export type CaptionState = (typeof captionStates)[number];
export type SdScriptsBucketSettings = SchemaType<typeof sdScriptsBucketSettingsSchema>;
export type DiffusionPipeBucketSettings = SchemaType<typeof diffusionPipeBucketSettingsSchema>;
export type BucketPreview = SchemaType<typeof bucketPreviewSchema>;
export type BucketSummary = SchemaType<typeof bucketSchema>;
export type Caption = SchemaType<typeof captionSchema>;
export type ConfigBucketPreview = SchemaType<typeof configBucketPreviewSchema>;
export type ConfigBucketFolder = SchemaType<typeof configBucketFolderSchema>;
export type ConfigBucketGroup = SchemaType<typeof configBucketGroupSchema>;
export type BulkOperation = SchemaType<typeof bulkOperationSchema>;
export type BulkRequest = SchemaType<typeof bulkRequestSchema>;
export type CaptionChange = SchemaType<typeof changeSchema>;

const idRequestSchema = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: idSchema },
} as const;

export const datasetsRequests = {
  'datasets.register': defineRequest({
    summary:
      'Remember a folder as a dataset (used in place, never copied); a folder already known answers its entry. The path must be absolute; system folders (/, /proc, /usr, …) are refused.',
    request: {
      type: 'object',
      required: ['path'],
      additionalProperties: false,
      properties: { path: { type: 'string', minLength: 1, maxLength: 4096 }, name: { type: 'string' } },
    },
    response: datasetSchema,
  }),
  'datasets.list': defineRequest({
    summary: 'Every registered dataset with its last scan summary.',
    request: emptyObjectSchema,
    response: {
      type: 'object',
      required: ['datasets'],
      additionalProperties: false,
      properties: { datasets: { type: 'array', items: datasetSchema } },
    },
  }),
  'datasets.get': defineRequest({
    summary: 'One registered dataset with its last scan summary.',
    request: idRequestSchema,
    response: datasetSchema,
  }),
  'datasets.scan': defineRequest({
    summary:
      'Scan a dataset off the main thread (only files changed since the last scan are read again). A scan already running for it is stopped and this one answers its waiters; a canceled scan answers conflict.',
    request: {
      type: 'object',
      required: ['id'],
      additionalProperties: false,
      properties: {
        id: idSchema,
        /** Caption file extension, with its dot; the last one used (".txt" at first) when left out. */
        captionExtension: { type: 'string', pattern: '^\\.[^/\\\\]{1,32}$' },
        /** Read every file again, ignoring the cache. */
        full: { type: 'boolean' },
      },
    },
    response: datasetSchema,
  }),
  'datasets.cancelScan': defineRequest({
    summary:
      "Stop a dataset's running scan: its datasets.scan answers conflict, the last finished scan stays, and dataset.scanProgress reports `canceled`.",
    request: idRequestSchema,
    response: {
      type: 'object',
      required: ['canceled'],
      additionalProperties: false,
      /** false: no scan of it was running. */
      properties: { canceled: { type: 'boolean' } },
    },
  }),
  'datasets.files': defineRequest({
    summary: 'A page of the files the last scan enumerated, with their sizes and caption states.',
    request: {
      type: 'object',
      required: ['id'],
      additionalProperties: false,
      properties: {
        id: idSchema,
        offset: { type: 'integer', minimum: 0 },
        limit: { type: 'integer', minimum: 1, maximum: 5000 },
        subset: { type: 'string' },
        filter: {
          type: 'string',
          enum: ['all', 'problems', 'missing_caption', 'empty_caption', 'non_utf8_caption'],
        },
      },
    },
    response: {
      type: 'object',
      required: ['total', 'files'],
      additionalProperties: false,
      properties: { total: { type: 'integer' }, files: { type: 'array', items: fileEntrySchema } },
    },
  }),
  'datasets.watch': defineRequest({
    summary:
      'Watch a dataset folder while it is shown: changes are rescanned and announced. Renew before the lease ends.',
    request: {
      type: 'object',
      required: ['id'],
      additionalProperties: false,
      properties: {
        id: idSchema,
        /** Lease in seconds (default 120); 0 stops watching. */
        seconds: { type: 'integer', minimum: 0, maximum: 3600 },
      },
    },
    response: {
      type: 'object',
      required: ['watching'],
      additionalProperties: false,
      properties: { watching: { type: 'boolean' } },
    },
  }),
  'datasets.buckets': defineRequest({
    summary:
      'The bucket each file lands in and the steps per epoch, computed as the chosen trainer computes them.',
    request: {
      type: 'object',
      required: ['id', 'settings'],
      additionalProperties: false,
      properties: {
        id: idSchema,
        settings: { oneOf: [sdScriptsBucketSettingsSchema, diffusionPipeBucketSettingsSchema] },
        includeFiles: { type: 'boolean' },
      },
    },
    response: bucketPreviewSchema,
  }),
  'datasets.configBuckets': defineRequest({
    summary:
      "The buckets, steps per epoch and total steps of a whole config: every folder it names (a registered dataset's or any other), with its repeats, read with the config's resolution, batch size, bucket settings, gradient accumulation and the GPU count, as its trainer computes them. A folder that cannot be read is named in `folders` with its problem.",
    request: {
      type: 'object',
      required: ['config'],
      additionalProperties: false,
      properties: {
        config: trainerConfigSchema,
        /** GPUs the job will use (1 when left out). */
        gpus: { type: 'integer', minimum: 1, maximum: 64 },
      },
    },
    response: configBucketPreviewSchema,
  }),
  'datasets.captions.read': defineRequest({
    summary: `The captions of many files of a dataset at once (a page of a grid, at most ${maxCaptionsPerRead}); those that cannot be read are listed with the reason.`,
    request: {
      type: 'object',
      required: ['id', 'paths'],
      additionalProperties: false,
      properties: {
        id: idSchema,
        paths: { type: 'array', items: relPathSchema, minItems: 1, maxItems: maxCaptionsPerRead },
      },
    },
    response: {
      type: 'object',
      required: ['captions', 'failed'],
      additionalProperties: false,
      properties: { captions: { type: 'array', items: captionSchema }, failed: leftSchema },
    },
  }),
  'datasets.caption.get': defineRequest({
    summary: "A file's caption (a non-UTF-8 caption is decoded lossily and marked).",
    request: {
      type: 'object',
      required: ['id', 'path'],
      additionalProperties: false,
      properties: { id: idSchema, path: relPathSchema },
    },
    response: captionSchema,
  }),
  'datasets.caption.set': defineRequest({
    summary: "Write a file's caption atomically; a non-UTF-8 caption is only replaced with `force`.",
    request: {
      type: 'object',
      required: ['id', 'path', 'text'],
      additionalProperties: false,
      properties: { id: idSchema, path: relPathSchema, text: { type: 'string' }, force: { type: 'boolean' } },
    },
    response: captionSchema,
  }),
  'datasets.bulk.preview': defineRequest({
    summary: 'What a bulk caption operation would change, without writing anything.',
    request: bulkRequestSchema,
    response: {
      type: 'object',
      required: ['changes', 'unchanged', 'skipped'],
      additionalProperties: false,
      properties: {
        changes: { type: 'array', items: changeSchema },
        unchanged: { type: 'integer' },
        skipped: skippedSchema,
      },
    },
  }),
  'datasets.bulk.apply': defineRequest({
    summary: 'Run a bulk caption operation (each write atomic); it becomes the undoable one.',
    request: bulkRequestSchema,
    response: {
      type: 'object',
      required: ['changed', 'skipped', 'failed'],
      additionalProperties: false,
      properties: { changed: { type: 'integer' }, skipped: skippedSchema, failed: skippedSchema },
    },
  }),
  'datasets.undoBulk': defineRequest({
    summary: 'Undo the last bulk operation of a dataset (files edited since are left alone and listed).',
    request: idRequestSchema,
    response: {
      type: 'object',
      required: ['restored', 'conflicts'],
      additionalProperties: false,
      properties: { restored: { type: 'integer' }, conflicts: skippedSchema },
    },
  }),
  'datasets.tags': defineRequest({
    summary: 'How often each tag appears in the captions, most frequent first.',
    request: {
      type: 'object',
      required: ['id'],
      additionalProperties: false,
      properties: { id: idSchema, separator: { type: 'string', minLength: 1 } },
    },
    response: {
      type: 'object',
      required: ['captions', 'tags', 'skipped'],
      additionalProperties: false,
      properties: {
        captions: { type: 'integer' },
        /** Captions that were not read (not a regular file, too large, unreadable), and why. */
        skipped: skippedSchema,
        tags: {
          type: 'array',
          items: {
            type: 'object',
            required: ['tag', 'count'],
            additionalProperties: false,
            properties: { tag: { type: 'string' }, count: { type: 'integer' } },
          },
        },
      },
    },
  }),
  'datasets.remove': defineRequest({
    summary: 'Forget a dataset (its files are never touched).',
    request: idRequestSchema,
    response: {
      type: 'object',
      required: ['removed'],
      additionalProperties: false,
      properties: { removed: { type: 'boolean' } },
    },
  }),
};

export const datasetsEvents = {
  'dataset.scanProgress': defineEvent({
    summary:
      'A scan advanced: entries walked, files listed or read so far; `canceled` when it was stopped (cancel, remove, or a newer scan).',
    payload: {
      type: 'object',
      required: ['id', 'phase', 'done', 'total', 'entries'],
      additionalProperties: false,
      properties: {
        id: idSchema,
        phase: { type: 'string', enum: ['listing', 'reading', 'done', 'canceled'] },
        /** Media files listed (while listing) or read (while reading) so far. */
        done: { type: 'integer' },
        /** 0 while listing (the total is not known yet). */
        total: { type: 'integer' },
        /** Folder entries (files, folders, links) the walk has seen so far. */
        entries: { type: 'integer' },
        /** Set once the walk passed the large-folder threshold: a sentence saying so and how to stop it. */
        warning: { type: 'string' },
      },
    },
    params: datasetEventParamsSchema,
  }),
  'dataset.scanned': defineEvent({
    summary: 'A dataset was scanned (asked for, or after a change in a watched folder).',
    payload: datasetSchema,
    params: datasetEventParamsSchema,
  }),
};
