/**
 * sd-scripts' aspect-ratio bucketing, step for step (library/model_util.py make_bucket_resolutions,
 * library/train_util.py BucketManager.select_bucket and BaseDataset.make_buckets): which bucket each
 * image lands in, and how many batches an epoch has. Pure: sizes in, buckets out. The fixtures README
 * (tests/fixtures/datasets/README.md) cites the lines this follows.
 */
import { floorDiv } from '../common/python-numbers';

export type Reso = readonly [width: number, height: number];

export interface SdBucketOptions {
  /** `resolution` as (width, height). */
  resolution: Reso;
  enableBucket: boolean;
  minBucketReso: number;
  maxBucketReso: number;
  bucketResoSteps: number;
  bucketNoUpscale: boolean;
}

/** make_bucket_resolutions: every predefined bucket, sorted as Python sorts tuples. */
export function makeBucketResolutions(
  maxReso: Reso,
  minSize: number,
  maxSize: number,
  divisible: number,
): Reso[] {
  const [maxWidth, maxHeight] = maxReso;
  const maxArea = maxWidth * maxHeight;
  const resos = new Map<string, Reso>();
  const add = (w: number, h: number): void => void resos.set(`${w}x${h}`, [w, h]);
  const square = Math.trunc(floorDiv(Math.sqrt(maxArea), divisible)) * divisible;
  add(square, square);
  for (let width = minSize; width <= maxSize; width += divisible) {
    const height = Math.min(maxSize, Math.trunc(Math.floor(maxArea / width) / divisible) * divisible);
    if (height >= minSize) {
      add(width, height);
      add(height, width);
    }
  }
  return [...resos.values()].sort(compareReso);
}

/** BaseDataset.adjust_min_max_bucket_reso_by_steps: min rounded down, max up, to multiples of the steps. */
export function adjustBucketResoBySteps(min: number, max: number, steps: number): [number, number] {
  return [min - (min % steps), max % steps === 0 ? max : max + steps - (max % steps)];
}

export function compareReso(a: Reso, b: Reso): number {
  return a[0] - b[0] || a[1] - b[1];
}

export interface SdBucketChoice {
  bucket: Reso;
  resizedSize: Reso;
  arError: number;
}

/** A BucketManager set up as make_buckets sets it up for these options. */
export function createSdBucketSelector(
  options: SdBucketOptions,
): (width: number, height: number) => SdBucketChoice {
  const steps = options.bucketResoSteps;
  const roundToSteps = (x: number): number => {
    const rounded = Math.trunc(x + 0.5);
    return rounded - (rounded % steps);
  };
  const maxArea = options.resolution[0] * options.resolution[1];
  // Without bucketing there is one predefined bucket: the resolution itself (upscaling mode).
  const noUpscale = options.enableBucket && options.bucketNoUpscale;
  const predefined: Reso[] = !options.enableBucket
    ? [options.resolution]
    : noUpscale
      ? []
      : makeBucketResolutions(options.resolution, options.minBucketReso, options.maxBucketReso, steps);
  const predefinedSet = new Set(predefined.map(([w, h]) => `${w}x${h}`));
  const predefinedArs = predefined.map(([w, h]) => w / h);

  return (imageWidth, imageHeight) => {
    const aspectRatio = imageWidth / imageHeight;
    let reso: Reso;
    let resizedSize: Reso;
    if (!noUpscale) {
      if (predefinedSet.has(`${imageWidth}x${imageHeight}`)) {
        reso = [imageWidth, imageHeight];
      } else {
        // np.abs(...).argmin(): the first bucket with the smallest aspect-ratio error.
        let best = 0;
        let bestError = Infinity;
        predefinedArs.forEach((ar, index) => {
          const error = Math.abs(ar - aspectRatio);
          if (error < bestError) {
            bestError = error;
            best = index;
          }
        });
        reso = predefined[best] as Reso;
      }
      const arReso = reso[0] / reso[1];
      const scale = aspectRatio > arReso ? reso[1] / imageHeight : reso[0] / imageWidth;
      resizedSize = [Math.trunc(imageWidth * scale + 0.5), Math.trunc(imageHeight * scale + 0.5)];
    } else {
      if (imageWidth * imageHeight > maxArea) {
        const resizedWidth = Math.sqrt(maxArea * aspectRatio);
        const resizedHeight = maxArea / resizedWidth;
        const bWidthRounded = roundToSteps(resizedWidth);
        const bHeightInWr = roundToSteps(bWidthRounded / aspectRatio);
        const arWidthRounded = bWidthRounded / bHeightInWr;
        const bHeightRounded = roundToSteps(resizedHeight);
        const bWidthInHr = roundToSteps(bHeightRounded * aspectRatio);
        const arHeightRounded = bWidthInHr / bHeightRounded;
        resizedSize =
          Math.abs(arWidthRounded - aspectRatio) < Math.abs(arHeightRounded - aspectRatio)
            ? [bWidthRounded, Math.trunc(bWidthRounded / aspectRatio + 0.5)]
            : [Math.trunc(bHeightRounded * aspectRatio + 0.5), bHeightRounded];
      } else {
        resizedSize = [imageWidth, imageHeight];
      }
      // The bucket is the resized size cut down to the steps (cropped, never padded).
      reso = [resizedSize[0] - (resizedSize[0] % steps), resizedSize[1] - (resizedSize[1] % steps)];
    }
    return { bucket: reso, resizedSize, arError: reso[0] / reso[1] - aspectRatio };
  };
}

export interface SdImage {
  path: string;
  width: number;
  height: number;
  repeats: number;
}

export interface SdBucketResult {
  buckets: { width: number; height: number; images: number; imagesWithRepeats: number; steps: number }[];
  /** len(train_dataloader): one batch list per bucket, ceil(count / batch_size) each. */
  batchesPerEpoch: number;
  /** mean ar error (without repeats), as sd-scripts logs it; null without bucketing. */
  meanArError: number | null;
  assignments: { path: string; width: number; height: number }[];
  /** Images sd-scripts would fail on, and why (a zero-sized bucket divides by zero). */
  failures: { path: string; reason: string }[];
}

export function assignSdBuckets(
  images: readonly SdImage[],
  options: SdBucketOptions,
  batchSize: number,
): SdBucketResult {
  const select = createSdBucketSelector(options);
  const counts = new Map<string, { reso: Reso; images: number; withRepeats: number }>();
  const assignments: SdBucketResult['assignments'] = [];
  const failures: SdBucketResult['failures'] = [];
  const arErrors: number[] = [];
  for (const image of images) {
    if (image.width <= 0 || image.height <= 0) {
      failures.push({ path: image.path, reason: 'its size cannot be read; sd-scripts stops on it' });
      continue;
    }
    const choice = select(image.width, image.height);
    if (choice.bucket[0] <= 0 || choice.bucket[1] <= 0) {
      failures.push({
        path: image.path,
        reason: `smaller than bucket_reso_steps (${options.bucketResoSteps}) with bucket_no_upscale: its bucket is ${choice.bucket[0]}×${choice.bucket[1]} and sd-scripts stops with a division by zero`,
      });
      continue;
    }
    arErrors.push(Math.abs(choice.arError));
    const key = `${choice.bucket[0]}x${choice.bucket[1]}`;
    const entry = counts.get(key) ?? { reso: choice.bucket, images: 0, withRepeats: 0 };
    entry.images += 1;
    entry.withRepeats += image.repeats;
    counts.set(key, entry);
    assignments.push({ path: image.path, width: choice.bucket[0], height: choice.bucket[1] });
  }
  const buckets = [...counts.values()]
    .sort((a, b) => compareReso(a.reso, b.reso))
    .map((entry) => ({
      width: entry.reso[0],
      height: entry.reso[1],
      images: entry.images,
      imagesWithRepeats: entry.withRepeats,
      steps: Math.ceil(entry.withRepeats / batchSize),
    }));
  const meanArError = !options.enableBucket
    ? null
    : arErrors.length === 0
      ? 0
      : arErrors.reduce((sum, e) => sum + e, 0) / arErrors.length;
  return {
    buckets,
    batchesPerEpoch: buckets.reduce((sum, b) => sum + b.steps, 0),
    meanArError,
    assignments,
    failures,
  };
}
