import { describe, expect, it } from 'vitest';
import { diffusionPipeTrainer } from '../diffusion-pipe';
import { sdScriptsTrainer } from '../sd-scripts';
import { fillDefaults, withoutCleared } from './fill-defaults';
import type { TrainerConfig } from './types';

const sd = (family: string, values: Record<string, unknown>): TrainerConfig => ({
  trainer: 'sd-scripts',
  family,
  values,
});

describe('fillDefaults: a key left out takes the value the form shows', () => {
  it("fills the family's defaults in, and keeps what the config holds", () => {
    const filled = fillDefaults(sdScriptsTrainer, sd('flux', { seed: 7, learning_rate: 0.0005 })).values;
    expect(filled).toMatchObject({
      seed: 7,
      learning_rate: 0.0005,
      lr_scheduler: 'cosine',
      sdpa: true,
      resolution: 1024,
      mixed_precision: 'bf16',
      max_data_loader_n_workers: 1,
    });
    expect(fillDefaults(sdScriptsTrainer, sd('sd', {})).values.resolution).toBe(512);
  });

  it('keeps a field the user cleared (null or empty) cleared', () => {
    const filled = fillDefaults(sdScriptsTrainer, sd('sdxl', { seed: null, output_name: '' })).values;
    expect(filled.seed).toBeNull();
    expect(filled.output_name).toBe('');
  });

  it('never fills a blank placeholder in, so a missing required value stays missing', () => {
    const filled = fillDefaults(sdScriptsTrainer, sd('flux', {})).values;
    for (const key of ['pretrained_model_name_or_path', 'output_dir', 'subsets', 'ae', 'clip_l', 't5xxl'])
      expect(filled).not.toHaveProperty(key);
  });

  it('fills each image folder from the folder schema, and only the fields of the family', () => {
    const filled = fillDefaults(
      sdScriptsTrainer,
      sd('sdxl', { subsets: [{ image_dir: '/a' }, { image_dir: '/b', caption_extension: '.caption' }] }),
    ).values;
    expect(filled.subsets).toEqual([
      expect.objectContaining({ image_dir: '/a', caption_extension: '.txt', num_repeats: 1, keep_tokens: 0 }),
      expect.objectContaining({ image_dir: '/b', caption_extension: '.caption' }),
    ]);
    expect(filled).not.toHaveProperty('clip_skip'); // SD 1.x/2.x only
  });

  it('fills nested tables key by key (diffusion-pipe)', () => {
    const filled = fillDefaults(diffusionPipeTrainer, {
      trainer: 'diffusion-pipe',
      family: 'sdxl',
      values: { model: { checkpoint_path: '/m.safetensors' }, dataset: { directories: [{ path: '/d' }] } },
    }).values;
    const defaults = diffusionPipeTrainer.defaults('sdxl');
    expect(filled.model).toMatchObject({ checkpoint_path: '/m.safetensors' });
    expect((filled.model as Record<string, unknown>).dtype).toBe(
      (defaults.model as Record<string, unknown>).dtype,
    );
    expect((filled.dataset as Record<string, unknown>).resolutions).toEqual([1024]);
    expect(filled.epochs).toBe(defaults.epochs);
  });

  it('leaves a config of an unknown family as it is', () => {
    const config = sd('nope', { seed: 1 });
    expect(fillDefaults(sdScriptsTrainer, config)).toBe(config);
  });

  it('withoutCleared drops nulls at every level for the schema check', () => {
    expect(withoutCleared({ a: null, b: 1, c: [{ d: null, e: 2 }], f: { g: null } })).toEqual({
      b: 1,
      c: [{ e: 2 }],
      f: {},
    });
  });
});
