/**
 * sd-scripts' bucket preview of a whole config, from the files DPGui writes for it: each [[datasets]]
 * pools the images of its [[datasets.subsets]] (each folder with its repeats) into its own buckets with
 * its resolution and batch size; regularisation subsets are repeated to match the training images
 * (DreamBoothDataset.__init__); the epoch is every dataset's batches, shared among the GPU processes
 * (accelerate shards the loader), and the steps follow as train_network.py computes and prints them.
 */
import type { ConfigBucketFolder, ConfigBucketGroup, TrainerConfig } from '../../../../shared/contract';
import { configFileName, datasetFileName } from '../../../../shared/trainers/sd-scripts/write-files';
import {
  booleanOr,
  lookup,
  numberOr,
  tableOf,
  tablesOf,
  writtenTomls,
  type Table,
} from '../common/written-toml';
import type { ConfigBucketPreviewer, ConfigFolder, ConfigFolderScan } from '../runtime';
import { sdBucketOptions, sdScriptsStopsWarning, sdScriptsTrains } from './bucket-preview';
import { missingCaptionsOf } from '../common/missing-captions';
import { assignSdBuckets, type SdImage } from './buckets';

/** argparse's defaults (train_util.py) where neither file sets a key. */
const argDefaults = {
  maxTrainSteps: 1600,
  gradientAccumulationSteps: 1,
  batchSize: 1,
  minBucketReso: 256,
  maxBucketReso: 1024,
  bucketResoSteps: 64,
  captionExtension: '.caption',
};

interface SubsetPlan extends ConfigFolder {
  group: number;
  repeats: number;
  isReg: boolean;
}

interface DatasetPlan {
  batchSize: number;
  resolution: [number, number] | null;
  enableBucket: boolean;
  minBucketReso: number;
  maxBucketReso: number;
  bucketResoSteps: number;
  bucketNoUpscale: boolean;
}

interface Plan {
  subsets: SubsetPlan[];
  datasets: DatasetPlan[];
  maxTrainSteps: number;
  maxTrainEpochs: number | null;
  gradientAccumulationSteps: number;
}

/** `resolution` as sd-scripts takes it: one side, [width, height], or "width,height". */
function resolutionOf(value: unknown): [number, number] | null {
  if (typeof value === 'number' && value > 0) return [value, value];
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && v > 0))
    return [value[0] as number, value[1] as number];
  if (typeof value === 'string') {
    const parts = value.split(',').map((p) => Number(p.trim()));
    if (parts.length === 1 && (parts[0] ?? 0) > 0) return [parts[0] as number, parts[0] as number];
    if (parts.length === 2 && parts.every((p) => Number.isInteger(p) && p > 0))
      return [parts[0] as number, parts[1] as number];
  }
  return null;
}

/** The field of the form that names a subset's folder. */
function fieldOf(values: Record<string, unknown>, dataset: number, subset: number): string {
  return Array.isArray(values.datasets)
    ? `values.datasets.${dataset}.subsets.${subset}.image_dir`
    : `values.subsets.${subset}.image_dir`;
}

function readPlan(config: TrainerConfig): Plan {
  const files = writtenTomls(config);
  const main = files.get(configFileName) ?? {};
  const datasetFile = files.get(datasetFileName) ?? {};
  const general = tableOf(datasetFile.general);
  // config_util's lookup: subset, then dataset, then [general], then the command line (the config file).
  const args: Table = { ...main, batch_size: main.train_batch_size };
  const subsets: SubsetPlan[] = [];
  const datasets = tablesOf(datasetFile.datasets).map((dataset, index): DatasetPlan => {
    const levels = [dataset, general, args];
    tablesOf(dataset.subsets).forEach((subset, j) => {
      const subsetLevels = [subset, dataset, general, args];
      const dir = lookup(subsetLevels, 'image_dir');
      const extension = lookup(subsetLevels, 'caption_extension');
      subsets.push({
        field: fieldOf(config.values, index, j),
        path: typeof dir === 'string' ? dir : '',
        captionExtension: typeof extension === 'string' ? extension : argDefaults.captionExtension,
        group: index,
        repeats: Math.trunc(numberOr(lookup(subsetLevels, 'num_repeats'), 1)),
        isReg: booleanOr(lookup(subsetLevels, 'is_reg'), false),
      });
    });
    return {
      batchSize: numberOr(lookup(levels, 'batch_size'), argDefaults.batchSize),
      resolution: resolutionOf(lookup(levels, 'resolution')),
      enableBucket: booleanOr(lookup(levels, 'enable_bucket'), false),
      minBucketReso: numberOr(lookup(levels, 'min_bucket_reso'), argDefaults.minBucketReso),
      maxBucketReso: numberOr(lookup(levels, 'max_bucket_reso'), argDefaults.maxBucketReso),
      bucketResoSteps: numberOr(lookup(levels, 'bucket_reso_steps'), argDefaults.bucketResoSteps),
      bucketNoUpscale: booleanOr(lookup(levels, 'bucket_no_upscale'), false),
    };
  });
  const epochs = main.max_train_epochs;
  return {
    subsets,
    datasets,
    maxTrainSteps: numberOr(main.max_train_steps, argDefaults.maxTrainSteps),
    maxTrainEpochs: typeof epochs === 'number' ? epochs : null,
    gradientAccumulationSteps: numberOr(
      main.gradient_accumulation_steps,
      argDefaults.gradientAccumulationSteps,
    ),
  };
}

interface FolderImages {
  folder: ConfigBucketFolder;
  images: SdImage[];
}

/** The files sd-scripts reads from one subset's folder (only those directly in it). */
function readFolder(subset: SubsetPlan, scan: ConfigFolderScan | undefined): FolderImages {
  const folder: ConfigBucketFolder = {
    field: subset.field,
    path: subset.path,
    group: subset.group,
    repeats: subset.repeats,
    isReg: subset.isReg,
    datasetId: scan?.datasetId ?? null,
    scannedAt: scan?.scannedAt ?? null,
    problem: scan?.problem ?? (scan?.files ? null : 'it was not read'),
    images: 0,
    imagesWithRepeats: 0,
    left: [],
    captionExtension: subset.captionExtension,
    missingCaptions: missingCaptionsOf(scan),
  };
  const images: SdImage[] = [];
  for (const file of scan?.files ?? []) {
    if (file.subset !== '') {
      folder.left.push({ path: file.path, reason: 'sd-scripts reads only the files directly in image_dir' });
      continue;
    }
    if (!sdScriptsTrains(file, folder.left)) continue;
    images.push({ path: file.path, width: file.width, height: file.height, repeats: subset.repeats });
  }
  return { folder, images };
}

/** DreamBoothDataset's loop: regularisation images are repeated, in turn, until they match the training images. */
export function balanceRegImages(reg: SdImage[], trainImages: number): SdImage[] {
  const registered: SdImage[] = [];
  let n = 0;
  let first = true;
  while (n < trainImages && reg.length > 0) {
    for (const image of reg) {
      if (first) {
        registered.push(image);
        n += image.repeats;
      } else {
        image.repeats += 1;
        n += 1;
      }
      if (n >= trainImages) break;
    }
    first = false;
  }
  return registered;
}

export const sdScriptsConfigBuckets: ConfigBucketPreviewer = {
  folders: (config) => readPlan(config).subsets,

  preview(config, scans, gpus) {
    const plan = readPlan(config);
    const warnings: string[] = [];
    const read = plan.subsets.map((subset, index) => readFolder(subset, scans[index]));
    const groups: ConfigBucketGroup[] = [];
    let imagesWithRepeats = 0;
    plan.datasets.forEach((dataset, index) => {
      const members = read.filter((r) => r.folder.group === index);
      for (const member of members) {
        if (member.folder.repeats < 1) {
          warnings.push(`${member.folder.field}: num_repeats is below 1; sd-scripts ignores this folder.`);
          member.images = [];
        } else if (member.folder.problem === null && member.images.length === 0) {
          warnings.push(
            `${member.folder.field}: no image sd-scripts can train in ${member.folder.path}; it ignores this folder.`,
          );
        }
      }
      const train = members.filter((m) => !m.folder.isReg).flatMap((m) => m.images);
      const trainImages = train.reduce((sum, image) => sum + image.repeats, 0);
      imagesWithRepeats += trainImages;
      const reg = balanceRegImages(
        members.filter((m) => m.folder.isReg).flatMap((m) => m.images),
        trainImages,
      );
      if (!dataset.resolution) {
        warnings.push(
          `Dataset ${index} has no resolution: sd-scripts cannot bucket its images. Set the resolution.`,
        );
        groups.push({ group: index, batchSize: dataset.batchSize, buckets: [], batches: 0 });
        return;
      }
      const { options, warnings: settingWarnings } = sdBucketOptions({
        ...dataset,
        resolution: dataset.resolution,
      });
      warnings.push(...settingWarnings);
      const result = assignSdBuckets([...train, ...reg], options, dataset.batchSize);
      const failed = new Set(result.failures.map((f) => f.path));
      for (const member of members) {
        for (const failure of result.failures)
          if (member.images.some((image) => image.path === failure.path)) member.folder.left.push(failure);
        const kept = member.images.filter((image) => !failed.has(image.path));
        const registered = member.folder.isReg ? kept.filter((image) => reg.includes(image)) : kept;
        member.folder.images = registered.length;
        member.folder.imagesWithRepeats = registered.reduce((sum, image) => sum + image.repeats, 0);
      }
      groups.push({
        group: index,
        batchSize: dataset.batchSize,
        buckets: result.buckets.map((b) => ({ ...b, frames: 1, aspectRatio: null })),
        batches: result.batchesPerEpoch,
      });
    });
    const stops = sdScriptsStopsWarning(read.flatMap((r) => r.folder.left));
    if (stops) warnings.push(stops);
    const ga = plan.gradientAccumulationSteps;
    const loaderBatches = groups.reduce((sum, g) => sum + g.batches, 0);
    if (loaderBatches === 0) {
      warnings.push('No image lands in a bucket: sd-scripts has nothing to train on.');
      return {
        trainer: 'sd-scripts',
        gpus,
        folders: read.map((r) => r.folder),
        groups,
        imagesWithRepeats,
        batchesPerEpoch: 0,
        stepsPerEpoch: 0,
        epochs: null,
        totalSteps: null,
        warnings,
      };
    }
    // accelerate gives each process ceil(batches / processes) (even_batches); train_network.py then
    // divides by the accumulation, and max_train_epochs overrides max_train_steps.
    const batchesPerEpoch = Math.ceil(loaderBatches / gpus);
    const stepsPerEpoch = Math.ceil(batchesPerEpoch / ga);
    const totalSteps =
      plan.maxTrainEpochs !== null
        ? plan.maxTrainEpochs * Math.ceil(loaderBatches / gpus / ga)
        : plan.maxTrainSteps;
    return {
      trainer: 'sd-scripts',
      gpus,
      folders: read.map((r) => r.folder),
      groups,
      imagesWithRepeats,
      batchesPerEpoch,
      stepsPerEpoch,
      epochs: Math.ceil(totalSteps / stepsPerEpoch),
      totalSteps,
      warnings,
    };
  },
};
