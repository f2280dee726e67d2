/**
 * The bucket preview of a scanned dataset: picks the files each trainer would read (sd-scripts: the
 * "10_name" sub-folders with their repeats, or else the folder itself; diffusion-pipe: the folder
 * itself, captioned files only unless skip_empty_caption is off) and runs that trainer's bucketing.
 */
import type {
  BucketPreview,
  DiffusionPipeBucketSettings,
  SdScriptsBucketSettings,
} from '../../../../shared/contract';
import type { ScannedFile, ScanRecord } from '../scan/scan-record';
import { parseRepeatFolder } from '../scan/summarize-scan';
import { assignDpBuckets } from './diffusion-pipe-buckets';
import { assignSdBuckets, type SdImage } from './sd-scripts-buckets';

type Left = BucketPreview['left'];

/** sd-scripts globs each of IMAGE_EXTENSIONS in lower and upper case only: ".Png" is not found. */
function sdScriptsGlobsExtension(path: string): boolean {
  const ext = path.slice(path.lastIndexOf('.'));
  return ext === ext.toLowerCase() || ext === ext.toUpperCase();
}

export function previewBuckets(
  record: ScanRecord,
  settings: SdScriptsBucketSettings | DiffusionPipeBucketSettings,
  includeFiles: boolean,
): BucketPreview {
  return settings.trainer === 'sd-scripts'
    ? previewSdScripts(record.files, settings, includeFiles)
    : previewDiffusionPipe(record.files, settings, includeFiles);
}

function usable(file: ScannedFile, left: Left): file is ScannedFile & { width: number; height: number } {
  if (file.problem !== null) {
    left.push({ path: file.path, reason: `the file ${file.problem}` });
    return false;
  }
  if (file.width === null || file.height === null) {
    left.push({ path: file.path, reason: 'its size is unknown' });
    return false;
  }
  return true;
}

function previewSdScripts(
  files: readonly ScannedFile[],
  s: SdScriptsBucketSettings,
  includeFiles: boolean,
): BucketPreview {
  const left: Left = [];
  const warnings: string[] = [];
  const kohyaLayout = files.some(
    (f) => f.subset !== '' && !f.subset.includes('/') && parseRepeatFolder(f.subset),
  );
  const images: SdImage[] = [];
  for (const file of files) {
    if (file.kind !== 'image') {
      left.push({ path: file.path, reason: 'sd-scripts does not read videos' });
      continue;
    }
    if (!sdScriptsGlobsExtension(file.path)) {
      left.push({
        path: file.path,
        reason: 'sd-scripts only finds lower- or upper-case extensions (.png, .PNG)',
      });
      continue;
    }
    let repeats: number;
    if (kohyaLayout) {
      const parsed = file.subset.includes('/') ? null : parseRepeatFolder(file.subset);
      if (!parsed) {
        left.push({
          path: file.path,
          reason:
            file.subset === ''
              ? 'sd-scripts reads only the "N_name" sub-folders of a train_data_dir'
              : `the folder "${file.subset}" has no repeat count ("N_name"); sd-scripts ignores it`,
        });
        continue;
      }
      repeats = parsed.repeats;
    } else {
      if (file.subset !== '') {
        left.push({ path: file.path, reason: 'sd-scripts reads only the files directly in image_dir' });
        continue;
      }
      repeats = s.numRepeats ?? 1;
    }
    if (!usable(file, left)) continue;
    if (file.caption === 'empty')
      warnings.push(`${file.path}: its caption file is empty; sd-scripts stops on it.`);
    if (file.caption === 'non_utf8')
      warnings.push(`${file.path}: its caption is not UTF-8; sd-scripts stops on it.`);
    images.push({ path: file.path, width: file.width, height: file.height, repeats });
  }
  const resolution: [number, number] =
    typeof s.resolution === 'number'
      ? [s.resolution, s.resolution]
      : [s.resolution[0] ?? 0, s.resolution[1] ?? 0];
  const steps = s.bucketResoSteps ?? 64;
  const result = assignSdBuckets(
    images,
    {
      resolution,
      enableBucket: s.enableBucket ?? false,
      minBucketReso: s.minBucketReso ?? 256,
      maxBucketReso: s.maxBucketReso ?? 1024,
      bucketResoSteps: steps,
      bucketNoUpscale: s.bucketNoUpscale ?? false,
    },
    s.batchSize ?? 1,
  );
  if (
    (s.enableBucket ?? false) &&
    !(s.bucketNoUpscale ?? false) &&
    (s.maxBucketReso ?? 1024) < Math.max(...resolution)
  ) {
    warnings.push('max_bucket_reso is smaller than the resolution: sd-scripts refuses this setting.');
  }
  left.push(...result.failures);
  return {
    trainer: 'sd-scripts',
    buckets: result.buckets.map((b) => ({ ...b, frames: 1, aspectRatio: null })),
    stepsPerEpoch: result.batchesPerEpoch,
    optimizerStepsPerEpoch: Math.ceil(result.batchesPerEpoch / (s.gradientAccumulationSteps ?? 1)),
    meanArError: result.meanArError,
    left,
    warnings,
    ...(includeFiles ? { files: result.assignments.map((a) => ({ ...a, frames: 1 })) } : {}),
  };
}

function previewDiffusionPipe(
  files: readonly ScannedFile[],
  s: DiffusionPipeBucketSettings,
  includeFiles: boolean,
): BucketPreview {
  const left: Left = [];
  const warnings: string[] = [];
  const skipEmpty = s.skipEmptyCaption ?? true;
  const usableFiles = [];
  for (const file of files) {
    if (file.subset !== '') {
      left.push({
        path: file.path,
        reason: 'diffusion-pipe reads only the files directly in a [[directory]] path',
      });
      continue;
    }
    if (!usable(file, left)) continue;
    if (file.caption !== 'ok' && file.caption !== 'empty' && skipEmpty) {
      left.push({
        path: file.path,
        reason: 'no readable .txt caption: diffusion-pipe skips it (skip_empty_caption)',
      });
      continue;
    }
    if (file.kind === 'video' && file.frames === null) {
      left.push({ path: file.path, reason: 'its frame count is unknown without ffprobe' });
      continue;
    }
    usableFiles.push({ path: file.path, width: file.width, height: file.height, frames: file.frames ?? 1 });
  }
  if (files.some((f) => f.kind === 'video')) {
    warnings.push(
      "Video frames are counted at the file's frame rate; diffusion-pipe resamples them to the model's.",
    );
  }
  if (s.resolutions.length > 3) {
    warnings.push(
      'More than 3 resolutions: diffusion-pipe quits unless started with --i_know_what_i_am_doing.',
    );
  }
  let result;
  try {
    result = assignDpBuckets(
      usableFiles,
      {
        resolutions: s.resolutions,
        enableArBucket: s.enableArBucket ?? false,
        ...(s.minAr !== undefined ? { minAr: s.minAr } : {}),
        ...(s.maxAr !== undefined ? { maxAr: s.maxAr } : {}),
        ...(s.numArBuckets !== undefined ? { numArBuckets: s.numArBuckets } : {}),
        ...(s.arBuckets ? { arBuckets: s.arBuckets } : {}),
        ...(s.frameBuckets ? { frameBuckets: s.frameBuckets } : {}),
        roundToMultiple: s.roundToMultiple ?? 16,
      },
      s.numRepeats ?? 1,
      (s.microBatchSizePerGpu ?? 1) * (s.gradientAccumulationSteps ?? 1) * (s.dataParallelWorldSize ?? 1),
    );
  } catch (error) {
    warnings.push(error instanceof Error ? error.message : String(error));
    return {
      trainer: 'diffusion-pipe',
      buckets: [],
      stepsPerEpoch: 0,
      optimizerStepsPerEpoch: 0,
      meanArError: null,
      left,
      warnings,
    };
  }
  left.push(...result.skipped);
  for (const bucket of result.buckets) {
    if (bucket.steps === 0) {
      warnings.push(
        `The bucket ${bucket.width}×${bucket.height}×${bucket.frames} has fewer files than one global batch; diffusion-pipe drops it.`,
      );
    }
  }
  // diffusion-pipe's steps count global batches (micro batch × accumulation × data-parallel processes).
  return {
    trainer: 'diffusion-pipe',
    buckets: result.buckets,
    stepsPerEpoch: result.stepsPerEpoch,
    optimizerStepsPerEpoch: result.stepsPerEpoch,
    meanArError: null,
    left,
    warnings,
    ...(includeFiles ? { files: result.assignments } : {}),
  };
}
