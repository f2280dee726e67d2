/**
 * diffusion-pipe's bucket preview of a whole config, from the files DPGui writes for it: each
 * [[directory]] buckets its files with its own settings (a directory's keys over the dataset's) and its
 * num_repeats; buckets of the same size from every directory are pooled (Dataset.post_init), and each
 * pool gives floor(files × repeats / global batch) steps, the global batch being the micro batch (per
 * size, images or videos) × gradient accumulation × data-parallel GPUs. An epoch is every pool's steps
 * (cut by subsample_ratio); the run is `epochs` of them, or stops at max_steps.
 */
import type { ConfigBucketFolder, ConfigBucketGroup, TrainerConfig } from '../../../../shared/contract';
import { configFileName, datasetFileName } from '../../../../shared/trainers/diffusion-pipe/write';
import {
  booleanOr,
  lookup,
  numberOr,
  tableOf,
  tablesOf,
  writtenTomls,
  type Table,
} from '../common/written-toml';
import { missingCaptionsOf } from '../common/missing-captions';
import type { ConfigBucketPreviewer, ConfigFolder, ConfigFolderScan } from '../runtime';
import { diffusionPipeFiles } from './bucket-preview';
import { assignDpBuckets, type DpBucketOptions, type SizeOrPair } from './buckets';

/** The model's pixels_round_to_multiple (models/*.py): 16 unless the model says otherwise. */
const roundToMultipleOf: Record<string, number> = { 'ltx-video': 32, hunyuan_image: 32 };

/** A micro batch size per bucket size: [[size, batch], …] in the config, or one number for every size. */
type BatchBySize = { size: number | null; batch: number }[];

interface DirectoryPlan extends ConfigFolder {
  index: number;
  repeats: number;
  skipEmpty: boolean;
  options: DpBucketOptions | null;
  problem: string | null;
}

interface Plan {
  directories: DirectoryPlan[];
  micro: BatchBySize;
  imageMicro: BatchBySize;
  gradientAccumulationSteps: number;
  pipelineStages: number;
  epochs: number | null;
  maxSteps: number | null;
  subsampleRatio: number | null;
  warnings: string[];
}

function batchBySize(value: unknown, fallback: BatchBySize): BatchBySize {
  if (typeof value === 'number') return [{ size: null, batch: value }];
  if (Array.isArray(value)) {
    const pairs = value.filter(
      (p): p is [number, number] =>
        Array.isArray(p) && p.length === 2 && p.every((v) => typeof v === 'number'),
    );
    if (pairs.length > 0) return pairs.map(([size, batch]) => ({ size, batch }));
  }
  return fallback;
}

/** ConcatenatedBatchedDataset.post_init: one size for all, or the size nearest the bucket's. */
function batchFor(sizes: BatchBySize, width: number, height: number): number {
  if (sizes.length === 1 && sizes[0]?.size === null) return sizes[0].batch;
  const bucketSize = Math.sqrt(width * height);
  let best = sizes[0]?.batch ?? 1;
  let bestDiff = Infinity;
  for (const { size, batch } of sizes) {
    const diff = Math.abs((size ?? bucketSize) - bucketSize);
    if (diff < bestDiff) {
      bestDiff = diff;
      best = batch;
    }
  }
  return best;
}

function sizesOf(value: unknown): SizeOrPair[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(
    (v): v is SizeOrPair =>
      typeof v === 'number' || (Array.isArray(v) && v.every((x) => typeof x === 'number')),
  );
}

function readPlan(config: TrainerConfig): Plan {
  const files = writtenTomls(config);
  const main = files.get(configFileName) ?? {};
  const dataset = files.get(datasetFileName) ?? {};
  const model = tableOf(main.model);
  const modelType = typeof model.type === 'string' ? model.type : config.family;
  const warnings: string[] = [];
  if (modelType === 'wan')
    warnings.push(
      'Wan 2.2 5B (ti2v) rounds bucket sizes to multiples of 32, the other Wan models to 16; this preview uses 16.',
    );
  const roundToMultiple = roundToMultipleOf[modelType] ?? 16;
  const directories = tablesOf(dataset.directory).map((directory, index): DirectoryPlan => {
    const levels: Table[] = [directory, dataset];
    const path = directory.path;
    let options: DpBucketOptions | null = null;
    let problem: string | null = null;
    const resolutions = sizesOf(lookup(levels, 'resolutions'));
    if (lookup(levels, 'size_buckets') !== undefined) {
      problem = 'it uses size_buckets, which this preview does not compute';
    } else if (!resolutions || resolutions.length === 0) {
      problem = 'the dataset has no resolutions; diffusion-pipe stops without them';
    } else {
      const num = (key: string): number | undefined => {
        const value = lookup(levels, key);
        return typeof value === 'number' ? value : undefined;
      };
      const arBuckets = sizesOf(lookup(levels, 'ar_buckets'));
      const frameBuckets = lookup(levels, 'frame_buckets');
      const minAr = num('min_ar');
      const maxAr = num('max_ar');
      const numArBuckets = num('num_ar_buckets');
      options = {
        resolutions,
        enableArBucket: booleanOr(lookup(levels, 'enable_ar_bucket'), false),
        ...(minAr !== undefined ? { minAr } : {}),
        ...(maxAr !== undefined ? { maxAr } : {}),
        ...(numArBuckets !== undefined ? { numArBuckets } : {}),
        ...(arBuckets ? { arBuckets } : {}),
        ...(Array.isArray(frameBuckets)
          ? { frameBuckets: frameBuckets.filter((f): f is number => typeof f === 'number') }
          : {}),
        roundToMultiple,
      };
      if (resolutions.length > 3)
        warnings.push(
          `values.dataset.directories.${index}: more than 3 resolutions; diffusion-pipe quits unless started with --i_know_what_i_am_doing.`,
        );
    }
    return {
      field: `values.dataset.directories.${index}.path`,
      path: typeof path === 'string' ? path : '',
      captionExtension: '.txt',
      index,
      repeats: Math.trunc(numberOr(lookup(levels, 'num_repeats'), 1)),
      skipEmpty: booleanOr(lookup(levels, 'skip_empty_caption'), true),
      options,
      problem,
    };
  });
  const micro = batchBySize(main.micro_batch_size_per_gpu, [{ size: null, batch: 1 }]);
  const epochs = main.epochs;
  const maxSteps = main.max_steps;
  const ratio = dataset.subsample_ratio;
  return {
    directories,
    micro,
    imageMicro: batchBySize(main.image_micro_batch_size_per_gpu, micro),
    gradientAccumulationSteps: numberOr(main.gradient_accumulation_steps, 1),
    pipelineStages: numberOr(main.pipeline_stages, 1),
    epochs: typeof epochs === 'number' ? epochs : null,
    maxSteps: typeof maxSteps === 'number' ? maxSteps : null,
    subsampleRatio: typeof ratio === 'number' ? ratio : null,
    warnings,
  };
}

type Bucket = ConfigBucketGroup['buckets'][number] & { aspectRatio: number };

export const diffusionPipeConfigBuckets: ConfigBucketPreviewer = {
  folders: (config) => readPlan(config).directories,

  preview(config, scans: readonly ConfigFolderScan[], gpus) {
    const plan = readPlan(config);
    const warnings = [...plan.warnings];
    const ga = plan.gradientAccumulationSteps;
    if (gpus % plan.pipelineStages !== 0)
      warnings.push(
        `${gpus} GPU(s) cannot be split into ${plan.pipelineStages} pipeline stages: DeepSpeed refuses this. Use a multiple of pipeline_stages.`,
      );
    const dataParallel = Math.max(1, Math.floor(gpus / plan.pipelineStages));
    const pools = new Map<string, Bucket>();
    let imagesWithRepeats = 0;
    const folders = plan.directories.map((directory, index): ConfigBucketFolder => {
      const scan = scans[index];
      const folder: ConfigBucketFolder = {
        field: directory.field,
        path: directory.path,
        group: 0,
        repeats: directory.repeats,
        isReg: false,
        datasetId: scan?.datasetId ?? null,
        scannedAt: scan?.scannedAt ?? null,
        problem: scan?.problem ?? directory.problem ?? (scan?.files ? null : 'it was not read'),
        images: 0,
        imagesWithRepeats: 0,
        left: [],
        captionExtension: directory.captionExtension,
        missingCaptions: missingCaptionsOf(scan),
      };
      if (folder.problem !== null || !directory.options || !scan?.files) return folder;
      const files = diffusionPipeFiles(scan.files, directory.skipEmpty, folder.left);
      let result;
      try {
        result = assignDpBuckets(files, directory.options, directory.repeats, 1);
      } catch (error) {
        folder.problem = error instanceof Error ? error.message : String(error);
        return folder;
      }
      folder.left.push(...result.skipped);
      folder.images = result.assignments.length;
      folder.imagesWithRepeats = folder.images * directory.repeats;
      imagesWithRepeats += folder.imagesWithRepeats;
      for (const bucket of result.buckets) {
        const key = `${bucket.aspectRatio}x${bucket.width}x${bucket.height}x${bucket.frames}`;
        const pool = pools.get(key) ?? { ...bucket, images: 0, imagesWithRepeats: 0, steps: 0 };
        pool.images += bucket.images;
        pool.imagesWithRepeats += bucket.imagesWithRepeats;
        pools.set(key, pool);
      }
      return folder;
    });
    const buckets = [...pools.values()]
      .map((pool) => {
        const micro = batchFor(pool.frames === 1 ? plan.imageMicro : plan.micro, pool.width, pool.height);
        const steps = Math.floor(pool.imagesWithRepeats / (micro * ga * dataParallel));
        if (steps === 0)
          warnings.push(
            `The bucket ${pool.width}×${pool.height}×${pool.frames} has fewer files than one global batch; diffusion-pipe drops it.`,
          );
        return { ...pool, steps };
      })
      .sort((a, b) => a.aspectRatio - b.aspectRatio || a.width - b.width || a.frames - b.frames);
    let stepsPerEpoch = buckets.reduce((sum, b) => sum + b.steps, 0);
    if (plan.subsampleRatio !== null) stepsPerEpoch = Math.trunc(stepsPerEpoch * plan.subsampleRatio);
    const globalBatch = batchFor(plan.micro, 0, 0) * ga * dataParallel;
    const groups: ConfigBucketGroup[] = [
      { group: 0, batchSize: globalBatch, buckets, batches: stepsPerEpoch },
    ];
    if (plan.epochs === null)
      warnings.push('The config sets no epochs: diffusion-pipe needs them. Set the epochs.');
    if (stepsPerEpoch === 0)
      warnings.push('No bucket fills one global batch: diffusion-pipe has nothing to train on.');
    const byEpochs = plan.epochs !== null && stepsPerEpoch > 0 ? plan.epochs * stepsPerEpoch : null;
    const totalSteps =
      byEpochs !== null && plan.maxSteps !== null ? Math.min(byEpochs, plan.maxSteps) : byEpochs;
    return {
      trainer: 'diffusion-pipe',
      gpus,
      folders,
      groups,
      imagesWithRepeats,
      // PipelineDataLoader hands each data-parallel rank `accumulation` micro batches per step.
      batchesPerEpoch: stepsPerEpoch * ga,
      stepsPerEpoch,
      epochs: stepsPerEpoch > 0 ? plan.epochs : null,
      totalSteps,
      warnings,
    };
  },
};
