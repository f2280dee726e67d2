/** Importing the diffusion-pipe files users already have (tests/fixtures/configs/diffusion-pipe/import/). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffusionPipeTrainer } from '../../../../shared/trainers/diffusion-pipe';
import { validateWithDefinition } from '../validate-config';

const folder = join(process.cwd(), 'tests', 'fixtures', 'configs', 'diffusion-pipe', 'import');
const file = (name: string) => ({ name, content: readFileSync(join(folder, name), 'utf8') });

describe('importing a diffusion-pipe config with its dataset files', () => {
  const result = diffusionPipeTrainer.importFiles([
    file('faces_eval.toml'),
    file('hunyuan_config.toml'),
    file('my_dataset.toml'),
  ]);
  if (!result.ok) throw new Error(JSON.stringify(result));
  const values = result.config.values;

  it('takes the family from the model type, comments and all', () => {
    expect(result.config.family).toBe('hunyuan-video');
    expect(result.familySource).toBe('model type');
    expect(values.output_dir).toBe('/data/diffusion_pipe_training_runs/hunyuan_test');
    expect(values.epochs).toBe(1000);
    expect(values.activation_checkpointing).toBe('unsloth');
    expect(values.model).toMatchObject({
      transformer_path: '/models/hunyuan/hunyuan_video_720_cfgdistill_fp8_e4m3fn.safetensors',
      clip_path: '/models/hunyuan/clip-vit-large-patch14',
      transformer_dtype: 'float8',
    });
  });

  it('reads a whole TOML float where an integer is meant (LoKr rank = 1e6)', () => {
    expect(values.adapter).toEqual({ type: 'lokr', rank: 1000000, decompose_factor: 4, dtype: 'bfloat16' });
  });

  it('finds the dataset and eval dataset files the config names, whatever their folder', () => {
    expect(values.dataset).toEqual({
      resolutions: [512],
      enable_ar_bucket: true,
      min_ar: 0.5,
      max_ar: 2,
      num_ar_buckets: 7,
      frame_buckets: [1, 33],
      directories: [{ path: '/data/videos/clips', num_repeats: 5 }, { path: '/data/images/stills' }],
    });
    expect(values.eval_datasets).toEqual([{ name: 'faces', path: '/data/eval/faces', num_repeats: 1 }]);
  });

  it('lists every key it does not know, and known keys in a form it cannot hold, with their place', () => {
    // Each one's place is also its pass-through key (common/pass-through.ts).
    expect(result.unknownKeys.every((k) => k.passThroughKey === k.path)).toBe(true);
    expect(result.unknownKeys.map(({ path, value }) => ({ path, value }))).toEqual([
      {
        path: 'config.micro_batch_size_per_gpu',
        value: [
          [512, 4],
          [1024, 1],
        ],
      },
      { path: 'config.pseudo_huber_c', value: 0.5 },
      { path: 'config.model.my_experimental_flag', value: true },
      { path: 'config.adapter.alpha', value: 16 },
      { path: 'config.optimizer.d_coef', value: 1.5 },
      { path: 'dataset.online_captions', value: false },
      { path: 'dataset.directory.0.ar_buckets', value: [[448, 576]] },
    ]);
    expect(result.notes.join('\n')).toMatch(/micro_batch_size_per_gpu is set in a form/);
  });

  it('once confirmed, the traps among them are errors naming the fix', () => {
    const passThrough = Object.fromEntries(result.unknownKeys.map((k) => [k.path, k.value]));
    const probe = { stat: () => ({ kind: 'missing' as const }), listDir: () => null, canWriteIn: () => true };
    const issues = validateWithDefinition(
      diffusionPipeTrainer,
      { ...result.config, passThrough },
      { probe },
    ).issues;
    const at = (path: string) => issues.filter((i) => i.path === path).map((i) => i.message);
    expect(at('passThrough.config.adapter.alpha')).toEqual([
      expect.stringMatching(/refuses alpha.*equal to the rank/),
    ]);
    // Prodigy comes from pytorch_optimizer: DPGui cannot know its arguments, so it warns.
    expect(issues.find((i) => i.path === 'passThrough.config.optimizer.d_coef')?.severity).toBe('warning');
  });
});

describe('import answers', () => {
  it('asks for the model type when the config names none', () => {
    const result = diffusionPipeTrainer.importFiles([
      { name: 'c.toml', content: "output_dir = '/o'\n[model]\ndtype = 'bfloat16'\n" },
    ]);
    expect(result).toMatchObject({ ok: false, needsFamily: true });
    const again = diffusionPipeTrainer.importFiles(
      [{ name: 'c.toml', content: "output_dir = '/o'\n[model]\ndtype = 'bfloat16'\n" }],
      { family: 'sd3' },
    );
    expect(again).toMatchObject({ ok: true, familySource: 'given', config: { family: 'sd3' } });
  });

  it('says which file is not TOML, and where', () => {
    const result = diffusionPipeTrainer.importFiles([{ name: 'broken.toml', content: "output_dir = '/o\n" }]);
    expect(result).toMatchObject({ ok: false, needsFamily: false });
    if (!result.ok && !result.needsFamily)
      expect(result.message).toMatch(/^broken.toml is not valid TOML \(line 1/);
  });

  it('asks the model type of a dataset file on its own, then reads it into the dataset', () => {
    const asked = diffusionPipeTrainer.importFiles([file('my_dataset.toml')]);
    expect(asked).toMatchObject({ ok: false, needsFamily: true, format: 'diffusion-pipe dataset TOML' });
    const given = diffusionPipeTrainer.importFiles([file('my_dataset.toml')], { family: 'wan' });
    if (!given.ok) throw new Error(JSON.stringify(given));
    expect(given.config.values).toEqual({
      dataset: {
        resolutions: [512],
        enable_ar_bucket: true,
        min_ar: 0.5,
        max_ar: 2,
        num_ar_buckets: 7,
        frame_buckets: [1, 33],
        directories: [{ path: '/data/videos/clips', num_repeats: 5 }, { path: '/data/images/stills' }],
      },
    });
  });

  it('refuses files that are neither a main config nor a dataset file, saying what to give', () => {
    const result = diffusionPipeTrainer.importFiles([{ name: 'x.toml', content: 'learning_rate = 1\n' }]);
    expect(result).toMatchObject({ ok: false, needsFamily: false });
    if (!result.ok && !result.needsFamily) expect(result.message).toMatch(/main config.*or dataset file/);
  });

  it('imports a config without its dataset file, saying what is missing', () => {
    const result = diffusionPipeTrainer.importFiles([file('hunyuan_config.toml')]);
    if (!result.ok) throw new Error('not imported');
    // No dataset values: the family's defaults give the dataset (common/import-defaults.ts).
    expect(result.config.values.dataset).toBeUndefined();
    expect(result.notes.join('\n')).toMatch(/dataset file \(configs\/my_dataset.toml\) was not given/);
    expect(result.notes.join('\n')).toMatch(/Eval dataset "faces".*not given/);
  });

  it('reads a config without [adapter] as a full fine-tune', () => {
    const result = diffusionPipeTrainer.importFiles([
      {
        name: 'c.toml',
        content:
          "output_dir = '/o'\ndataset = 'd.toml'\nepochs = 1\n[model]\ntype = 'sdxl'\ndtype = 'bfloat16'\n[optimizer]\ntype = 'adamw'\nlr = 1e-5\n",
      },
    ]);
    if (!result.ok) throw new Error('not imported');
    expect(result.config.values.adapter).toEqual({ type: 'none' });
    expect(result.notes.join('\n')).toMatch(/full model/);
  });
});
