/**
 * The bucket preview's settings as the user types them, turned into datasets.buckets' settings for
 * sd-scripts or diffusion-pipe. Defaults are the trainers' own (sd-scripts' SDXL-style 1024 with
 * buckets 256–2048 in steps of 64; diffusion-pipe's 7 aspect-ratio buckets from 0.5 to 2). Pure.
 */
import type { RequestOf } from '../../../../shared/contract';

export type BucketTrainer = 'sd-scripts' | 'diffusion-pipe';
export type BucketSettings = RequestOf<'datasets.buckets'>['settings'];

export interface BucketForm {
  trainer: BucketTrainer;
  /** "1024" (a square) or "1024x768" / "1024, 768"; diffusion-pipe: one or more sides, "512, 768". */
  resolution: string;
  batchSize: number;
  repeats: number;
  gradientAccumulation: number;
  /** sd-scripts */
  enableBucket: boolean;
  minBucketReso: number;
  maxBucketReso: number;
  bucketResoSteps: number;
  bucketNoUpscale: boolean;
  /** diffusion-pipe */
  enableArBucket: boolean;
  minAr: number;
  maxAr: number;
  numArBuckets: number;
}

export const defaultBucketForm: BucketForm = {
  trainer: 'sd-scripts',
  resolution: '1024',
  batchSize: 1,
  repeats: 1,
  gradientAccumulation: 1,
  enableBucket: true,
  minBucketReso: 256,
  maxBucketReso: 2048,
  bucketResoSteps: 64,
  bucketNoUpscale: false,
  enableArBucket: true,
  minAr: 0.5,
  maxAr: 2,
  numArBuckets: 7,
};

export type BucketSettingsResult = { ok: true; settings: BucketSettings } | { ok: false; problem: string };

const positiveInt = (n: number): boolean => Number.isInteger(n) && n >= 1;

function numbers(text: string): number[] | null {
  const parts = text
    .split(/[\s,x×]+/i)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length === 0) return null;
  const values = parts.map(Number);
  return values.every((n) => positiveInt(n)) ? values : null;
}

export function bucketSettingsOf(form: BucketForm): BucketSettingsResult {
  const sides = numbers(form.resolution);
  if (!sides)
    return {
      ok: false,
      problem: `The resolution “${form.resolution}” is not a size: write one side (1024) or width and height (1024x768).`,
    };
  for (const [name, value] of [
    ['batch size', form.batchSize],
    ['repeats', form.repeats],
    ['gradient accumulation', form.gradientAccumulation],
  ] as const) {
    if (!positiveInt(value))
      return { ok: false, problem: `The ${name} must be a whole number of 1 or more.` };
  }
  if (form.trainer === 'sd-scripts') {
    if (sides.length > 2)
      return { ok: false, problem: 'sd-scripts takes one resolution: one side or width and height.' };
    if (form.enableBucket && form.minBucketReso > form.maxBucketReso)
      return { ok: false, problem: 'The smallest bucket side is above the largest: swap them.' };
    return {
      ok: true,
      settings: {
        trainer: 'sd-scripts',
        resolution: sides.length === 2 ? [sides[0] ?? 1, sides[1] ?? 1] : (sides[0] ?? 1),
        enableBucket: form.enableBucket,
        minBucketReso: form.minBucketReso,
        maxBucketReso: form.maxBucketReso,
        bucketResoSteps: form.bucketResoSteps,
        bucketNoUpscale: form.bucketNoUpscale,
        batchSize: form.batchSize,
        gradientAccumulationSteps: form.gradientAccumulation,
        numRepeats: form.repeats,
      },
    };
  }
  if (form.enableArBucket && !(form.minAr > 0 && form.maxAr >= form.minAr))
    return {
      ok: false,
      problem: 'The aspect ratio range must run from a smaller ratio above 0 to a larger one.',
    };
  return {
    ok: true,
    settings: {
      trainer: 'diffusion-pipe',
      resolutions: sides,
      enableArBucket: form.enableArBucket,
      minAr: form.minAr,
      maxAr: form.maxAr,
      numArBuckets: form.numArBuckets,
      microBatchSizePerGpu: form.batchSize,
      gradientAccumulationSteps: form.gradientAccumulation,
      numRepeats: form.repeats,
    },
  };
}
