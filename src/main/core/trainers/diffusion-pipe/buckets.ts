/**
 * diffusion-pipe's aspect-ratio buckets (utils/dataset.py: DirectoryDataset.__init__,
 * _find_closest_ar_bucket, ARBucketDataset.cache_latents, ConcatenatedBatchedDataset): each file goes
 * to the bucket with the nearest aspect ratio in log space, then once per resolution to a size of that
 * area rounded to a multiple; batches per size bucket are floor(count / global batch). Pure.
 */
import { pythonRound, pythonRoundDigits } from '../common/python-numbers';

export type SizeOrPair = number | readonly number[];

export interface DpBucketOptions {
  resolutions: readonly SizeOrPair[];
  enableArBucket: boolean;
  minAr?: number;
  maxAr?: number;
  numArBuckets?: number;
  arBuckets?: readonly SizeOrPair[];
  frameBuckets?: readonly number[];
  roundToMultiple: number;
}

const roundDecimalDigits = 3;

/** dedup_and_sort: round to 3 decimals, unique, ascending. */
function dedupAndSort(values: readonly number[]): number[] {
  return [...new Set(values.map((v) => pythonRoundDigits(v, roundDecimalDigits)))].sort((a, b) => a - b);
}

/** np.geomspace(start, stop, num): evenly spaced in log space, ends exact. */
export function geomspace(start: number, stop: number, num: number): number[] {
  if (num === 1) return [start];
  const logStart = Math.log10(start);
  const logStop = Math.log10(stop);
  const step = (logStop - logStart) / (num - 1);
  const values = Array.from({ length: num }, (_, i) => 10 ** (logStart + i * step));
  values[0] = start;
  values[num - 1] = stop;
  return values;
}

function sizeOf(value: SizeOrPair): number {
  return typeof value === 'number' ? value : Math.sqrt((value[0] ?? 0) * (value[1] ?? 0));
}

function ratioOf(value: SizeOrPair): number {
  return typeof value === 'number' ? value : (value[0] ?? 0) / (value[1] ?? 1);
}

export function dpAspectRatios(options: DpBucketOptions): number[] {
  let ars: number[];
  if (!options.enableArBucket) ars = [1.0];
  else if (options.arBuckets && options.arBuckets.length > 0) ars = options.arBuckets.map(ratioOf);
  else {
    if (options.minAr === undefined || options.maxAr === undefined || options.numArBuckets === undefined) {
      throw new Error('min_ar, max_ar and num_ar_buckets are needed when ar_buckets is not set');
    }
    ars = geomspace(options.minAr, options.maxAr, options.numArBuckets);
  }
  return dedupAndSort(ars);
}

export function dpResolutions(options: DpBucketOptions): number[] {
  return dedupAndSort(options.resolutions.map(sizeOf));
}

export function dpFrameBuckets(options: DpBucketOptions): number[] {
  const frames = [...(options.frameBuckets ?? [1])];
  if (!frames.includes(1)) frames.push(1);
  return frames.sort((a, b) => a - b);
}

/** The (aspect ratio, frame bucket) of a file, or null where diffusion-pipe skips it (too short a video). */
export function findArBucket(
  width: number,
  height: number,
  frames: number,
  ars: readonly number[],
  frameBuckets: readonly number[],
): { ar: number; frames: number } | null {
  const logAr = Math.log(width / height);
  let best = 0;
  let bestDiff = Infinity;
  ars.forEach((ar, index) => {
    const diff = Math.abs(logAr - Math.log(ar));
    if (diff < bestDiff) {
      bestDiff = diff;
      best = index;
    }
  });
  // As diffusion-pipe does: argmin over the non-negative differences, then index the full frame list.
  const positive = frameBuckets.map((f) => frames - f).filter((d) => d >= 0);
  if (positive.length === 0) return null;
  let j = 0;
  positive.forEach((d, index) => {
    if (d < (positive[j] as number)) j = index;
  });
  const frameBucket = frameBuckets[j] as number;
  if (frames > 1 && frameBucket === 1) return null;
  return { ar: ars[best] as number, frames: frameBucket };
}

/** ARBucketDataset.cache_latents: the size of an aspect-ratio bucket at one resolution. */
export function dpBucketSize(ar: number, resolution: number, multiple: number): [number, number] {
  const area = resolution ** 2;
  const w = Math.sqrt(area * ar);
  const h = area / w;
  return [pythonRound(w / multiple) * multiple, pythonRound(h / multiple) * multiple];
}

export interface DpFile {
  path: string;
  width: number;
  height: number;
  frames: number;
}

export interface DpBucketResult {
  buckets: {
    width: number;
    height: number;
    frames: number;
    aspectRatio: number;
    images: number;
    imagesWithRepeats: number;
    steps: number;
  }[];
  stepsPerEpoch: number;
  assignments: { path: string; width: number; height: number; frames: number }[];
  skipped: { path: string; reason: string }[];
}

export function assignDpBuckets(
  files: readonly DpFile[],
  options: DpBucketOptions,
  numRepeats: number,
  globalBatchSize: number,
): DpBucketResult {
  const ars = dpAspectRatios(options);
  const resolutions = dpResolutions(options);
  const frameBuckets = dpFrameBuckets(options);
  const groups = new Map<string, DpBucketResult['buckets'][number]>();
  const assignments: DpBucketResult['assignments'] = [];
  const skipped: DpBucketResult['skipped'] = [];
  for (const file of files) {
    const found = findArBucket(file.width, file.height, file.frames, ars, frameBuckets);
    if (!found) {
      skipped.push({
        path: file.path,
        reason: `a video of ${file.frames} frames is shorter than every frame bucket`,
      });
      continue;
    }
    resolutions.forEach((resolution, index) => {
      const [width, height] = dpBucketSize(found.ar, resolution, options.roundToMultiple);
      const key = `${found.ar}x${width}x${height}x${found.frames}`;
      const group = groups.get(key) ?? {
        width,
        height,
        frames: found.frames,
        aspectRatio: found.ar,
        images: 0,
        imagesWithRepeats: 0,
        steps: 0,
      };
      group.images += 1;
      group.imagesWithRepeats += numRepeats;
      groups.set(key, group);
      // The first resolution's bucket stands for the file; the others repeat it at other sizes.
      if (index === 0) assignments.push({ path: file.path, width, height, frames: found.frames });
    });
  }
  const buckets = [...groups.values()]
    .map((group) => ({ ...group, steps: Math.floor(group.imagesWithRepeats / globalBatchSize) }))
    .sort((a, b) => a.aspectRatio - b.aspectRatio || a.width - b.width || a.frames - b.frames);
  return { buckets, stepsPerEpoch: buckets.reduce((sum, b) => sum + b.steps, 0), assignments, skipped };
}
