/**
 * diffusion-pipe's bucket preview of a scanned dataset: the files it would read (the folder itself,
 * captioned files only unless skip_empty_caption is off) run through its bucketing. `diffusionPipeFiles`
 * is the per-file rule the config preview shares.
 */
import type { BucketPreview, DiffusionPipeBucketSettings } from '../../../../shared/contract';
import type { ScannedFile } from '../../datasets/scan/scan-record';
import { usable, type Left } from '../common/bucket-files';
import { assignDpBuckets, type DpFile } from './buckets';

/**
 * The files diffusion-pipe trains from one [[directory]] (only those directly in it); the others go to
 * `left` with the reason. A missing caption is skipped (skip_empty_caption, the default) or trained
 * empty; an empty caption file is trained as an empty caption; a caption it cannot decode or open stops it.
 */
export function diffusionPipeFiles(files: readonly ScannedFile[], skipEmpty: boolean, left: Left): DpFile[] {
  const usableFiles: DpFile[] = [];
  for (const file of files) {
    if (file.subset !== '') {
      left.push({
        path: file.path,
        reason: 'diffusion-pipe reads only the files directly in a [[directory]] path',
      });
      continue;
    }
    if (!usable(file, left)) continue;
    if (file.caption === 'missing' && skipEmpty) {
      left.push({ path: file.path, reason: 'no .txt caption: diffusion-pipe skips it (skip_empty_caption)' });
      continue;
    }
    if (file.caption === 'non_utf8' || file.caption === 'unreadable') {
      left.push({
        path: file.path,
        reason:
          file.caption === 'non_utf8'
            ? 'its caption is not UTF-8: diffusion-pipe stops on it; save the caption as UTF-8'
            : `its caption cannot be read${file.captionProblem ? ` (${file.captionProblem})` : ''}: diffusion-pipe stops on it`,
      });
      continue;
    }
    if (file.kind === 'video' && file.frames === null) {
      left.push({ path: file.path, reason: 'its frame count is unknown without ffprobe' });
      continue;
    }
    usableFiles.push({ path: file.path, width: file.width, height: file.height, frames: file.frames ?? 1 });
  }
  return usableFiles;
}

export function previewDiffusionPipe(
  files: readonly ScannedFile[],
  s: DiffusionPipeBucketSettings,
  includeFiles: boolean,
): BucketPreview {
  const left: Left = [];
  const warnings: string[] = [];
  const usableFiles = diffusionPipeFiles(files, s.skipEmptyCaption ?? true, left);
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
