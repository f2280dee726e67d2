/**
 * sd-scripts' bucket preview of a scanned dataset: the files it would read (the "10_name" sub-folders
 * with their repeats, or else the folder itself) run through its bucketing. `sdScriptsTrains` is the
 * per-file rule the config preview shares.
 */
import type { BucketPreview, SdScriptsBucketSettings } from '../../../../shared/contract';
import type { ScannedFile } from '../../datasets/scan/scan-record';
import { parseRepeatFolder } from '../../datasets/scan/summarize-scan';
import { usable, type Left } from '../common/bucket-files';
import { adjustBucketResoBySteps, assignSdBuckets, type SdBucketOptions, type SdImage } from './buckets';

/** sd-scripts globs each of IMAGE_EXTENSIONS in lower and upper case only: ".Png" is not found. */
function sdScriptsGlobsExtension(path: string): boolean {
  const ext = path.slice(path.lastIndexOf('.'));
  return ext === ext.toLowerCase() || ext === ext.toUpperCase();
}

/**
 * Whether sd-scripts trains this file (an image it globs, of known size, whose caption it can read);
 * where not, the reason goes to `left`. It stops on a caption file of 0 bytes (train_util.read_caption
 * asserts a line), one that is not UTF-8 and one it cannot open; a caption of only blank lines is
 * trained as an empty caption, and so is a missing one (or the class tokens).
 */
export function sdScriptsTrains(
  file: ScannedFile,
  left: Left,
): file is ScannedFile & { width: number; height: number } {
  if (file.kind !== 'image') {
    left.push({ path: file.path, reason: 'sd-scripts does not read videos' });
    return false;
  }
  if (!sdScriptsGlobsExtension(file.path)) {
    left.push({
      path: file.path,
      reason: 'sd-scripts only finds lower- or upper-case extensions (.png, .PNG)',
    });
    return false;
  }
  if (!usable(file, left)) return false;
  const stop = captionStop(file);
  if (stop) {
    left.push({ path: file.path, reason: stop });
    return false;
  }
  return true;
}

function captionStop(file: ScannedFile): string | null {
  if (file.caption === 'empty' && file.captionBytes === 0)
    return 'its caption file is empty: sd-scripts stops on it ("caption file is empty"); write a caption or remove the file';
  if (file.caption === 'non_utf8')
    return 'its caption is not UTF-8: sd-scripts stops on it; save the caption as UTF-8';
  if (file.caption === 'unreadable')
    return `its caption cannot be read${file.captionProblem ? ` (${file.captionProblem})` : ''}: sd-scripts stops on it`;
  return null;
}

/** The warning for files that stop sd-scripts before it trains. */
export function sdScriptsStopsWarning(left: Left): string | null {
  const stops = left.filter((l) => l.reason.includes('sd-scripts stops on it'));
  if (stops.length === 0) return null;
  const first = stops[0]?.path ?? '';
  return stops.length === 1
    ? `sd-scripts stops before training on ${first}: see its reason in the files left out.`
    : `sd-scripts stops before training on ${stops.length} files (${first} and others): see their reasons in the files left out.`;
}

/** The bucket options sd-scripts uses (min and max moved to multiples of the steps, as it moves them). */
export function sdBucketOptions(s: {
  resolution: readonly [number, number];
  enableBucket: boolean;
  minBucketReso: number;
  maxBucketReso: number;
  bucketResoSteps: number;
  bucketNoUpscale: boolean;
}): { options: SdBucketOptions; warnings: string[] } {
  const warnings: string[] = [];
  if (!s.enableBucket) return { options: { ...s, resolution: [s.resolution[0], s.resolution[1]] }, warnings };
  const [min, max] = adjustBucketResoBySteps(s.minBucketReso, s.maxBucketReso, s.bucketResoSteps);
  if (Math.min(...s.resolution) < min)
    warnings.push(
      `min_bucket_reso (${min}) is larger than the resolution's shorter side: sd-scripts refuses this setting. Lower min_bucket_reso.`,
    );
  if (Math.max(...s.resolution) > max)
    warnings.push(
      `max_bucket_reso (${max}) is smaller than the resolution: sd-scripts refuses this setting. Raise max_bucket_reso.`,
    );
  return {
    options: { ...s, resolution: [s.resolution[0], s.resolution[1]], minBucketReso: min, maxBucketReso: max },
    warnings,
  };
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
    if (!sdScriptsTrains(file, left)) continue;
    images.push({ path: file.path, width: file.width, height: file.height, repeats });
  }
  const resolution: [number, number] =
    typeof s.resolution === 'number'
      ? [s.resolution, s.resolution]
      : [s.resolution[0] ?? 0, s.resolution[1] ?? 0];
  const { options, warnings: settingWarnings } = sdBucketOptions({
    resolution,
    enableBucket: s.enableBucket ?? false,
    minBucketReso: s.minBucketReso ?? 256,
    maxBucketReso: s.maxBucketReso ?? 1024,
    bucketResoSteps: s.bucketResoSteps ?? 64,
    bucketNoUpscale: s.bucketNoUpscale ?? false,
  });
  warnings.push(...settingWarnings);
  const result = assignSdBuckets(images, options, s.batchSize ?? 1);
  left.push(...result.failures);
  const stops = sdScriptsStopsWarning(left);
  if (stops) warnings.push(stops);
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
