import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assignDpBuckets, dpAspectRatios } from './diffusion-pipe/buckets';
import { pythonRound, pythonRoundDigits } from './common/python-numbers';
import { assignSdBuckets, createSdBucketSelector, makeBucketResolutions } from './sd-scripts/buckets';

// Computed by the trainers' own code (tests/fixtures/datasets/README.md says how).
const expected = JSON.parse(
  readFileSync(
    new URL('../../../../tests/fixtures/datasets/bucket-expectations.json', import.meta.url),
    'utf8',
  ),
) as {
  sdScripts: {
    settings: {
      resolution: [number, number];
      min: number;
      max: number;
      steps: number;
      no_upscale: boolean;
      enable: boolean;
    };
    predefined: [number, number][];
    results: {
      size: [number, number];
      bucket?: [number, number];
      resized?: [number, number];
      arError?: number;
      error?: string;
    }[];
  }[];
  diffusionPipe: {
    settings: {
      resolutions: (number | number[])[];
      enable_ar_bucket: boolean;
      min_ar?: number;
      max_ar?: number;
      num_ar_buckets?: number;
      ar_buckets?: (number | number[])[];
      frame_buckets: number[];
      multiple: number;
    };
    ars: number[];
    results: { size: [number, number]; ar: number; frames: number; buckets: [number, number][] }[];
  }[];
};

describe("sd-scripts' bucketing", () => {
  for (const c of expected.sdScripts) {
    const s = c.settings;
    const label = `${s.resolution.join('×')} steps ${s.steps}${s.no_upscale ? ' no-upscale' : ''}${s.enable ? '' : ' without buckets'}`;
    it(`puts every image where sd-scripts does (${label})`, () => {
      if (s.enable && !s.no_upscale) {
        expect(makeBucketResolutions(s.resolution, s.min, s.max, s.steps)).toEqual(c.predefined);
      }
      const select = createSdBucketSelector({
        resolution: s.resolution,
        enableBucket: s.enable,
        minBucketReso: s.min,
        maxBucketReso: s.max,
        bucketResoSteps: s.steps,
        bucketNoUpscale: s.no_upscale,
      });
      for (const r of c.results) {
        const got = select(r.size[0], r.size[1]);
        if (r.error) {
          expect(got.bucket.includes(0), r.size.join('×')).toBe(true);
          continue;
        }
        expect(got.bucket, r.size.join('×')).toEqual(r.bucket);
        expect(got.resizedSize, r.size.join('×')).toEqual(r.resized);
        expect(got.arError).toBeCloseTo(r.arError ?? NaN, 12);
      }
    });
  }

  it('counts batches per bucket with repeats, ceil(count / batch) each, and leaves out what sd-scripts fails on', () => {
    const result = assignSdBuckets(
      [
        { path: 'a.png', width: 512, height: 512, repeats: 10 },
        { path: 'b.png', width: 520, height: 500, repeats: 10 },
        { path: 'c.png', width: 768, height: 512, repeats: 3 },
        { path: 'tiny.png', width: 40, height: 30, repeats: 1 },
      ],
      {
        resolution: [512, 512],
        enableBucket: true,
        minBucketReso: 256,
        maxBucketReso: 1024,
        bucketResoSteps: 64,
        bucketNoUpscale: true,
      },
      4,
    );
    // No upscaling: 520×500 fits the area and is cut down to the steps; 512×512 is its own bucket.
    expect(result.assignments.find((a) => a.path === 'a.png')).toMatchObject({ width: 512, height: 512 });
    expect(result.assignments.find((a) => a.path === 'b.png')).toMatchObject({ width: 512, height: 448 });
    expect(result.buckets.find((b) => b.width === 512 && b.height === 512)).toMatchObject({
      imagesWithRepeats: 10,
      steps: 3,
    });
    expect(result.failures.map((f) => f.path)).toEqual(['tiny.png']);
    expect(result.batchesPerEpoch).toBe(
      result.buckets.reduce((sum, b) => sum + Math.ceil(b.imagesWithRepeats / 4), 0),
    );
  });
});

describe("diffusion-pipe's aspect-ratio buckets", () => {
  for (const c of expected.diffusionPipe) {
    const s = c.settings;
    const options = {
      resolutions: s.resolutions,
      enableArBucket: s.enable_ar_bucket,
      ...(s.min_ar !== undefined ? { minAr: s.min_ar } : {}),
      ...(s.max_ar !== undefined ? { maxAr: s.max_ar } : {}),
      ...(s.num_ar_buckets !== undefined ? { numArBuckets: s.num_ar_buckets } : {}),
      ...(s.ar_buckets ? { arBuckets: s.ar_buckets } : {}),
      frameBuckets: s.frame_buckets,
      roundToMultiple: s.multiple,
    };
    it(`rounds the ratios and sizes as diffusion-pipe does (${JSON.stringify(s.resolutions)}, ${c.ars.length} ratios)`, () => {
      expect(dpAspectRatios(options)).toEqual(c.ars);
      for (const r of c.results) {
        const result = assignDpBuckets(
          [{ path: 'x', width: r.size[0], height: r.size[1], frames: 1 }],
          options,
          1,
          1,
        );
        expect(
          result.buckets.map((b) => [b.width, b.height]),
          r.size.join('×'),
        ).toEqual(r.buckets);
        expect(result.buckets.every((b) => b.aspectRatio === r.ar)).toBe(true);
      }
    });
  }

  it('drops what does not fill a global batch, per size bucket', () => {
    const files = Array.from({ length: 5 }, (_, i) => ({ path: `${i}`, width: 512, height: 512, frames: 1 }));
    const result = assignDpBuckets(
      files,
      { resolutions: [512], enableArBucket: false, roundToMultiple: 32 },
      2,
      4,
    );
    expect(result.stepsPerEpoch).toBe(Math.floor((5 * 2) / 4));
  });
});

describe("Python's rounding", () => {
  it('rounds halves to even and decimals by the exact value of the double', () => {
    expect([0.5, 1.5, 2.5, 16.5, 17.5].map(pythonRound)).toEqual([0, 2, 2, 16, 18]);
    expect(pythonRoundDigits(0.0625, 3)).toBe(0.062);
    expect(pythonRoundDigits(2.675, 2)).toBe(2.67);
    expect(pythonRoundDigits(1.7777777, 3)).toBe(1.778);
  });
});
