import { describe, expect, it } from 'vitest';
import { bucketSettingsOf, defaultBucketForm } from './bucket-settings';

describe('bucketSettingsOf', () => {
  it('turns the sd-scripts form into its settings', () => {
    expect(bucketSettingsOf({ ...defaultBucketForm, resolution: '1024x768', batchSize: 4 })).toEqual({
      ok: true,
      settings: {
        trainer: 'sd-scripts',
        resolution: [1024, 768],
        enableBucket: true,
        minBucketReso: 256,
        maxBucketReso: 2048,
        bucketResoSteps: 64,
        bucketNoUpscale: false,
        batchSize: 4,
        gradientAccumulationSteps: 1,
        numRepeats: 1,
      },
    });
  });

  it('takes several resolutions for diffusion-pipe', () => {
    const result = bucketSettingsOf({
      ...defaultBucketForm,
      trainer: 'diffusion-pipe',
      resolution: '512, 768',
    });
    expect(result.ok && result.settings).toMatchObject({
      trainer: 'diffusion-pipe',
      resolutions: [512, 768],
      microBatchSizePerGpu: 1,
      numArBuckets: 7,
    });
  });

  it('says what is wrong with a value it cannot use', () => {
    expect(bucketSettingsOf({ ...defaultBucketForm, resolution: 'big' })).toEqual({
      ok: false,
      problem: 'The resolution “big” is not a size: write one side (1024) or width and height (1024x768).',
    });
    expect(bucketSettingsOf({ ...defaultBucketForm, resolution: '512 768 1024' })).toMatchObject({
      ok: false,
    });
    expect(bucketSettingsOf({ ...defaultBucketForm, batchSize: 0 })).toEqual({
      ok: false,
      problem: 'The batch size must be a whole number of 1 or more.',
    });
    expect(bucketSettingsOf({ ...defaultBucketForm, minBucketReso: 2048, maxBucketReso: 256 })).toMatchObject(
      { ok: false },
    );
  });
});
