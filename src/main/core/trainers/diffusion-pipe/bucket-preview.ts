/**
 * diffusion-pipe's bucket preview of a scanned dataset: the files it would read (the folder itself,
 * captioned files only unless skip_empty_caption is off) run through its bucketing.
 */
import type { BucketPreview, DiffusionPipeBucketSettings } from '../../../../shared/contract';
import type { ScannedFile } from '../../datasets/scan/scan-record';
import { usable, type Left } from '../common/bucket-files';
import { assignDpBuckets } from './buckets';

export function previewDiffusionPipe(
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
