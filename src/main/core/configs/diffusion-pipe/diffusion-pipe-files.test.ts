/**
 * diffusion-pipe's files as written for golden configs of several model types: the checked expected
 * files, what Python's toml 0.10 reads from them, and import(write(config)) giving the config back
 * minus its greyed fields.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { greyedFields } from '../../../../shared/trainers/common';
import type { TrainerConfig } from '../../../../shared/trainers/common';
import { diffusionPipeTrainer } from '../../../../shared/trainers/diffusion-pipe';
import { builtInPresets } from '../../../../shared/trainers/diffusion-pipe/presets';
import { schema } from '../../../../shared/trainers/diffusion-pipe/schema';
import { writtenValues } from '../../../../shared/trainers/diffusion-pipe/write';
import { goldenConfigs } from './golden-configs.test-support';
import { findPythonToml, loadWithPythonToml } from '../python-toml.test-support';

const fixtures = join(process.cwd(), 'tests', 'fixtures', 'configs', 'diffusion-pipe');
const update = process.env.UPDATE_GOLDEN === '1';

function write(config: TrainerConfig, name: string) {
  return diffusionPipeTrainer.writeFiles(config, { runDir: `/runs/${name}` });
}

function golden(name: string): TrainerConfig {
  const found = goldenConfigs.find((g) => g.name === name);
  if (!found) throw new Error(`no golden config ${name}`);
  return found.config;
}

/** The content of a written file by its name. */
function fileOf(files: { name: string; content: string }[], name: string): string {
  const found = files.find((f) => f.name === name);
  if (!found) throw new Error(`${name} was not written`);
  return found.content;
}

/** What a config means once written: its values without greyed or empty fields. */
function meant(config: TrainerConfig): Record<string, unknown> {
  return writtenValues(config.values, schema, '', greyedFields(schema, config)) as Record<string, unknown>;
}

/** smol-toml's reading, tagged like the Python loader's ({int}, {float}, {bool}, {str}). */
function tagged(value: unknown): unknown {
  if (typeof value === 'bigint') return { int: Number(value) };
  if (typeof value === 'number') return { float: value };
  if (typeof value === 'boolean') return { bool: value };
  if (typeof value === 'string') return { str: value };
  if (Array.isArray(value)) return value.map(tagged);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, tagged(v)]));
  }
  return value;
}

describe('golden diffusion-pipe configs', () => {
  for (const { name, config } of goldenConfigs) {
    it(`${name}: writes the checked files, the same bytes every time`, () => {
      const { files } = write(config, name);
      expect(write(config, name).files).toEqual(files);
      for (const file of files) {
        const path = join(fixtures, name, file.name);
        if (update) {
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, file.content);
        }
        expect(file.content, `${name}/${file.name}`).toBe(readFileSync(path, 'utf8'));
        expect(file.content.split('\n')[0]).toMatch(
          new RegExp(`^# Written by DPGui: trainer diffusion-pipe, family ${config.family} `),
        );
      }
    });

    it(`${name}: import(write(config)) is the config minus greyed fields, pass-through keys listed`, () => {
      const { files } = write(config, name);
      const result = diffusionPipeTrainer.importFiles(
        files.map((f) => ({ name: f.name, content: f.content })),
      );
      if (!result.ok) throw new Error(JSON.stringify(result));
      expect(result.config.family).toBe(config.family);
      expect(result.familySource).toBe('header comment');
      expect(result.config.values).toEqual(meant(config));
      expect(Object.fromEntries(result.unknownKeys.map((k) => [k.path, k.value]))).toEqual(
        config.passThrough ?? {},
      );
    });
  }

  it('leaves greyed values out of the files', () => {
    const files = (name: string) => write(golden(name), name).files;
    const sdxl = fileOf(files('sdxl-lora'), 'config.toml');
    expect(sdxl).not.toMatch(/^shift/m);
    expect(sdxl).not.toMatch(/transformer_dtype/);
    expect(sdxl).not.toMatch(/kept-but-greyed/);
    expect(sdxl).not.toMatch(/decompose_factor/);
    const zImage = fileOf(files('z-image-full-finetune'), 'config.toml');
    expect(zImage).not.toMatch(/\[adapter\]/);
    expect(zImage).not.toMatch(/betas/);
    expect(fileOf(files('wan-lokr'), 'config.toml')).not.toMatch(/reentrant|dropout = 0.1/);
    expect(fileOf(files('wan-lokr'), 'dataset.toml')).not.toMatch(/min_ar/);
    expect(fileOf(files('flux-lora'), 'dataset.toml')).not.toMatch(/num_ar_buckets/);
  });
});

describe("Python's toml 0.10 reads what was meant", () => {
  const { python, reason } = findPythonToml();
  if (!python) console.warn(`skipped: ${reason}`);

  /** Every written file of the configs, read by Python in one go: "name/file" → what it read. */
  function readByPython(configs: { name: string; config: TrainerConfig }[]): Record<string, unknown> {
    if (!python) return {};
    const docs: Record<string, string> = {};
    for (const { name, config } of configs) {
      for (const file of write(config, name).files) docs[`${name}/${file.name}`] = file.content;
    }
    const out: Record<string, unknown> = {};
    for (const [key, result] of Object.entries(loadWithPythonToml(python, docs))) {
      if ('error' in result) throw new Error(`${key}: ${result.error}`);
      out[key] = result.ok;
    }
    return out;
  }

  it.skipIf(!python)('every written file loads with the types and values of the TOML we meant', () => {
    const all = [...goldenConfigs, ...builtInPresets.map((p) => ({ name: p.id, config: p.config }))];
    const read = readByPython(all);
    for (const { name, config } of all) {
      for (const file of write(config, name).files) {
        expect(read[`${name}/${file.name}`], `${name}/${file.name}`).toEqual(
          tagged(parse(file.content, { integersAsBigInt: true })),
        );
      }
    }
  });

  it.skipIf(!python)('floats stay floats and integers integers, as the schema types them', () => {
    const read = readByPython(goldenConfigs) as Record<string, Record<string, unknown>>;
    const config = read['sdxl-lora/config.toml'] ?? {};
    expect(config.gradient_clipping).toEqual({ float: 1 });
    expect(config.checkpoint_every_n_minutes).toEqual({ float: 120 });
    expect(config.epochs).toEqual({ int: 40 });
    expect(config.activation_checkpointing).toEqual({ bool: true });
    expect(config.model).toMatchObject({ min_snr_gamma: { float: 5 }, unet_lr: { float: 0.0001 } });
    expect(config.adapter).toMatchObject({ rank: { int: 16 }, dropout: { float: 0.05 } });
    expect(config.eval_datasets).toEqual([
      { name: { str: 'held-out' }, config: { str: '/runs/sdxl-lora/eval-dataset-1.toml' } },
    ]);
    const data = read['sdxl-lora/dataset.toml'] ?? {};
    expect(data.max_ar).toEqual({ float: 2 });
    expect(data.resolutions).toEqual([{ int: 1024 }]);
    expect(data.directory).toEqual([
      { path: { str: '/data/sets/style' }, num_repeats: { int: 2 } },
      {
        path: { str: '/data/sets/style-masked' },
        num_repeats: { int: 1 },
        mask_path: { str: '/data/sets/style-masks' },
      },
    ]);
    expect(read['qwen-image-prodigy/config.toml']?.optimizer).toMatchObject({
      type: { str: 'Prodigy' },
      lr: { float: 1 },
      d_coef: { int: 2 },
      safeguard_warmup: { bool: true },
    });
    expect(read['wan-lokr/config.toml']?.model).toMatchObject({
      min_t: { float: 0 },
      max_t: { float: 0.875 },
    });
  });
});

describe('built-in presets', () => {
  it('round-trip through their files', () => {
    for (const preset of builtInPresets) {
      const result = diffusionPipeTrainer.importFiles(write(preset.config, 'preset').files);
      if (!result.ok) throw new Error(JSON.stringify(result));
      expect(result.config.values).toEqual(meant(preset.config));
    }
  });

  it('ship with empty model paths and say so', () => {
    expect(builtInPresets.map((p) => p.name)).toEqual([
      'diffusion-pipe SDXL LoRA',
      'diffusion-pipe Wan LoRA',
    ]);
    for (const preset of builtInPresets) {
      expect(preset.id).toMatch(/^builtin:/);
      expect(preset.description).toMatch(/Model paths.*empty/);
      const model = preset.config.values.model as Record<string, unknown>;
      const paths = Object.entries(model).filter(([key]) => /path|^vae$|diffusion_model$/.test(key));
      expect(paths.length).toBeGreaterThan(0);
      for (const [, value] of paths) expect(value).toBe('');
      expect(preset.config.values.output_dir).toBe('');
    }
  });
});
