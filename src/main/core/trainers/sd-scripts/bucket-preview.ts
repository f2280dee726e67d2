/**
 * sd-scripts' bucket preview of a scanned dataset: the files it would read (the "10_name" sub-folders
 * with their repeats, or else the folder itself) run through its bucketing.
 */
import type { BucketPreview, SdScriptsBucketSettings } from '../../../../shared/contract';
import type { ScannedFile } from '../../datasets/scan/scan-record';
import { parseRepeatFolder } from '../../datasets/scan/summarize-scan';
import { usable, type Left } from '../common/bucket-files';
import { assignSdBuckets, type SdImage } from './buckets';

/** sd-scripts globs each of IMAGE_EXTENSIONS in lower and upper case only: ".Png" is not found. */
function sdScriptsGlobsExtension(path: string): boolean {
  const ext = path.slice(path.lastIndexOf('.'));
  return ext === ext.toLowerCase() || ext === ext.toUpperCase();
}

export function previewSdScripts(
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
