/** The config bucket previews' own rules, on plain values: sd-scripts' regularisation balance, diffusion-pipe's global batch. */
import { describe, expect, it } from 'vitest';
import type { ScannedFile } from '../datasets/scan/scan-record';
import { diffusionPipeConfigBuckets } from './diffusion-pipe/config-buckets';
import type { ConfigFolderScan } from './runtime';
import { balanceRegImages } from './sd-scripts/config-buckets';

function file(path: string, width: number, height: number): ScannedFile {
  return {
    path,
    realPath: `/data/${path}`,
    kind: 'image',
    subset: '',
    bytes: 1,
    mtimeMs: 0,
    width,
    height,
    frames: null,
    orientation: null,
    problem: null,
    sizeUnknown: false,
    caption: 'ok',
    captionBytes: 4,
    captionMtimeMs: 0,
  };
}

describe("sd-scripts' regularisation images", () => {
  it('are repeated in turn until they match the training images with repeats', () => {
    const reg = ['r1', 'r2', 'r3'].map((path) => ({ path, width: 512, height: 512, repeats: 1 }));
    const registered = balanceRegImages(reg, 10);
    expect(registered.map((r) => r.repeats)).toEqual([4, 3, 3]);
  });

  it('are not used when there is no training image', () => {
    expect(balanceRegImages([{ path: 'r', width: 8, height: 8, repeats: 2 }], 0)).toEqual([]);
  });
});

describe("diffusion-pipe's steps", () => {
  const config = (values: Record<string, unknown>) => ({
    trainer: 'diffusion-pipe' as const,
    family: 'sdxl',
    values: {
      output_dir: '/out',
      epochs: 3,
      micro_batch_size_per_gpu: 2,
      gradient_accumulation_steps: 2,
      pipeline_stages: 2,
      dataset: {
        resolutions: [512],
        enable_ar_bucket: false,
        directories: [{ path: '/data', num_repeats: 1 }],
      },
      ...values,
    },
  });
  const scans = (count: number): ConfigFolderScan[] => [
    {
      field: 'values.dataset.directories.0.path',
      path: '/data',
      captionExtension: '.txt',
      files: Array.from({ length: count }, (_, i) => file(`f${i}.png`, 512, 512)),
      problem: null,
      datasetId: null,
      scannedAt: null,
    },
  ];

  it('count global batches of micro batch × accumulation × data-parallel GPUs (GPUs / pipeline stages)', () => {
    // 4 GPUs in 2 stages: 2 data-parallel ranks; 2 × 2 × 2 = 8 a step; 20 files give 2 steps an epoch.
    const answer = diffusionPipeConfigBuckets.preview(config({}), scans(20), 4);
    expect(answer).toMatchObject({ stepsPerEpoch: 2, batchesPerEpoch: 4, epochs: 3, totalSteps: 6 });
    expect(answer.groups[0]?.batchSize).toBe(8);
  });

  it('stop at max_steps, and warn where the GPUs do not split into the stages', () => {
    const answer = diffusionPipeConfigBuckets.preview(config({ max_steps: 5 }), scans(20), 3);
    expect(answer.totalSteps).toBe(5);
    expect(answer.warnings.join(' ')).toContain('cannot be split into 2 pipeline stages');
  });

  it('say that a bucket smaller than one global batch is dropped', () => {
    const answer = diffusionPipeConfigBuckets.preview(config({}), scans(5), 4);
    expect(answer).toMatchObject({ stepsPerEpoch: 0, epochs: null, totalSteps: null });
    expect(answer.warnings.join(' ')).toContain('diffusion-pipe drops it');
  });
});
