import { describe, expect, it } from 'vitest';
import type { WorldProbe } from '../../../shared/trainers/common';
import { sdScriptsTrainer } from '../../../shared/trainers/sd-scripts';
import {
  datasetToml,
  kohyaJson,
  prompts,
  pysideToml,
  sectionedConfig,
} from './sd-scripts-import-samples.test-support';

const importFiles: typeof sdScriptsTrainer.importFiles = (inputs, options) =>
  sdScriptsTrainer.importFiles(inputs, options);

describe('importing the files sd-scripts users have', () => {
  it('reads the PySide trainer TOML: family from sdxl, LyCORIS LoCon, subsets, unknown keys listed', () => {
    const result = importFiles([{ name: 'queue_item.toml', content: pysideToml }]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.format).toBe('PySide trainer TOML');
    expect(result.config.family).toBe('sdxl');
    expect(result.familySource).toBe('the sdxl key');
    expect(result.config.values).toMatchObject({
      pretrained_model_name_or_path: 'D:/models/base.safetensors',
      mixed_precision: 'bf16',
      resolution: 1024,
      batch_size: 2,
      network_algo: 'lycoris-locon',
      conv_dim: 32,
      conv_alpha: 16,
      lr_scheduler: 'cosine_with_restarts',
      optimizer_args: { weight_decay: '0.1' },
      output_name: 'my_lora',
      enable_bucket: true,
      subsets: [
        {
          name: 'char',
          image_dir: 'D:/data/10_char',
          num_repeats: 10,
          keep_tokens: 1,
          shuffle_caption: true,
        },
      ],
    });
    expect(result.unknownKeys).toEqual([
      { path: 'saving_args.args.easy_name', value: 'v1', passThroughKey: 'config.easy_name' },
    ]);
    expect(result.config.passThrough).toBeUndefined();
  });

  it('reads a sectioned sd-scripts config with its dataset and prompt files', () => {
    const result = importFiles([
      { name: 'train.toml', content: sectionedConfig },
      { name: 'dataset.toml', content: datasetToml },
      { name: 'prompts.txt', content: prompts },
    ]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.format).toBe('sd-scripts config TOML + sd-scripts dataset TOML');
    expect(result.config.family).toBe('sd');
    expect(result.config.values).toMatchObject({
      v2: true,
      v_parameterization: true,
      max_train_unit: 'steps',
      max_train_steps: 2000,
      network_algo: 'locon',
      conv_dim: 4,
      conv_alpha: 1,
      network_args_extra: { my_arg: '7' },
      resolution: 768,
      resolution_height_enabled: true,
      resolution_height: 512,
      batch_size: 4,
      sample_every_n_steps: 100,
      sample_prompts_list: [
        {
          prompt: 'a cat on a sofa',
          negative_prompt: 'blurry, lowres',
          width: 768,
          height: 512,
          seed: 5,
          scale: 6.5,
          sample_steps: 25,
          sample_sampler: 'euler_a',
        },
        { prompt: 'second prompt' },
      ],
    });
    // General subset-level keys reach every subset unless the subset says otherwise.
    expect(result.config.values.subsets).toEqual([
      {
        name: 'a',
        image_dir: '/data/a',
        num_repeats: 5,
        shuffle_caption: true,
        caption_extension: '.txt',
        keep_tokens: 1,
      },
      {
        name: 'reg',
        image_dir: '/data/reg',
        is_reg: true,
        keep_tokens: 0,
        shuffle_caption: true,
        caption_extension: '.txt',
      },
      { name: 'b', image_dir: '/data/b', shuffle_caption: true, caption_extension: '.txt', keep_tokens: 1 },
    ]);
    // Each with the pass-through key that writes it back at its place; the second dataset has none.
    expect(result.unknownKeys).toEqual([
      { path: 'config.my_fork_only_option', value: 'x', passThroughKey: 'config.my_fork_only_option' },
      {
        path: 'dataset.datasets.0.subsets.0.strange_key',
        value: 1,
        passThroughKey: 'dataset.datasets.0.subsets.0.strange_key',
      },
      { path: 'dataset.datasets.1.resolution', value: 1024 },
    ]);
    expect(result.notes.join(' ')).toMatch(/2 datasets/);
    expect(result.notes.join(' ')).toMatch(
      /dataset\.datasets\.1\.resolution: DPGui writes one dataset, so this key of a later dataset cannot be kept/,
    );
  });

  it('says when a prompt file a config names was not given, and keeps the path as unknown', () => {
    const result = importFiles([{ name: 'train.toml', content: sectionedConfig }]);
    expect(result.ok && result.unknownKeys).toContainEqual({
      path: 'config.sample_prompts',
      value: '/prompts/prompts.txt',
      passThroughKey: 'config.sample_prompts',
    });
    expect(result.ok && result.notes.join(' ')).toMatch(/prompts\.txt.*not imported/);
  });

  it('asks for the family when the files cannot tell it, and uses the one given', () => {
    const plain = 'pretrained_model_name_or_path = "/m/x.safetensors"\nnetwork_dim = 4\n';
    const asked = importFiles([{ name: 'c.toml', content: plain }]);
    expect(asked).toMatchObject({ ok: false, needsFamily: true, format: 'sd-scripts config TOML' });
    expect(!asked.ok && asked.needsFamily && asked.families.map((f) => f.id)).toEqual([
      'sd',
      'sdxl',
      'sd3',
      'flux',
    ]);
    const given = importFiles([{ name: 'c.toml', content: plain }], { family: 'sdxl' });
    expect(given).toMatchObject({
      ok: true,
      familySource: 'given',
      config: { family: 'sdxl', values: { network_dim: 4 } },
    });
  });

  it('tells FLUX.1 and SD3 from their keys and network modules', () => {
    const flux = importFiles([
      { name: 'c.toml', content: 'network_module = "networks.lora_flux"\nnetwork_dim = 4\n' },
    ]);
    expect(flux).toMatchObject({
      ok: true,
      familySource: 'networks.lora_flux',
      config: { family: 'flux', values: { network_algo: 'lora' } },
    });
    const sd3 = importFiles([{ name: 'c.toml', content: 'clip_g = "/m/clip_g.safetensors"\n' }]);
    expect(sd3).toMatchObject({ ok: true, config: { family: 'sd3' } });
    const chroma = importFiles([
      { name: 'c.toml', content: 'model_type = "chroma"\nguidance_scale = 0.0\n' },
    ]);
    expect(chroma).toMatchObject({
      ok: true,
      config: { family: 'flux', values: { model_type: 'chroma', guidance_scale: 0 } },
    });
  });

  it('reads kohya_ss GUI JSON: LoKr for SDXL, renamed keys, the set GUI-only keys listed, the empty ones not', () => {
    const result = importFiles([{ name: 'SDXL - LoKR.json', content: kohyaJson }]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.format).toBe('kohya_ss GUI JSON');
    expect(result.config.family).toBe('sdxl');
    expect(result.config.values).toMatchObject({
      network_algo: 'lokr',
      max_train_epochs: 20,
      batch_size: 8,
      resolution: 1024,
      optimizer_type: 'Prodigy',
      optimizer_args: { decouple: 'True', weight_decay: '0.01' },
      lr_warmup_steps: 0.1,
      conv_dim: 64,
      rank_dropout: 0.1,
      seed: 12345,
      clip_skip: 1,
      no_half_vae: true,
      save_every_n_epochs: 1,
      subsets: [{ image_dir: '/data/kohya', shuffle_caption: true, caption_extension: '.txt' }],
    });
    expect(result.config.values).not.toHaveProperty('save_every_n_steps');
    expect(result.config.values).not.toHaveProperty('network_dropout');
    expect(result.unknownKeys.map((k) => k.path).sort()).toEqual([
      'kohya_ss.factor',
      'kohya_ss.model_list',
      'kohya_ss.num_cpu_threads_per_process',
      'kohya_ss.use_cp',
    ]);
    expect(result.notes.join(' ')).toMatch(/<repeats>_<name>/);
  });

  it("makes one subset per kohya_ss <repeats>_<name> folder when it can look at the host's folders", () => {
    const folders: Record<string, string[]> = {
      '/data/kohya': ['10_ohwx man', '2_style', 'notes.txt', 'no_repeats'],
    };
    const probe: WorldProbe = {
      stat: (path) => ({ kind: path.endsWith('.txt') ? 'file' : 'folder' }),
      listDir: (path) => folders[path] ?? null,
      canWriteIn: () => true,
    };
    const result = importFiles([{ name: 'k.json', content: kohyaJson }], { probe });
    expect(result.ok && result.config.values.subsets).toEqual([
      {
        name: '10_ohwx man',
        image_dir: '/data/kohya/10_ohwx man',
        num_repeats: 10,
        class_tokens: 'ohwx man',
        keep_tokens: 0,
        shuffle_caption: true,
        caption_extension: '.txt',
      },
      {
        name: '2_style',
        image_dir: '/data/kohya/2_style',
        num_repeats: 2,
        class_tokens: 'style',
        keep_tokens: 0,
        shuffle_caption: true,
        caption_extension: '.txt',
      },
    ]);
  });

  it('refuses files it cannot read, naming the file', () => {
    const broken = importFiles([{ name: 'broken.toml', content: 'a = [1, 2' }]);
    expect(broken).toMatchObject({ ok: false, needsFamily: false });
    expect(!broken.ok && !broken.needsFamily && broken.message).toMatch(/^broken\.toml cannot be read/);
    const ti = importFiles([
      {
        name: 'ti.toml',
        content: '[train_mode]\ntrain_mode = "textual_inversion"\n[general_args.args]\nseed = 1\n',
      },
    ]);
    expect(!ti.ok && !ti.needsFamily && ti.message).toMatch(/textual inversion/);
  });
});
