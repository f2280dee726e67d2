// What the form shows is what the trainer gets, and required means what the trainer's script loads,
// through the headless host's HTTP API as a client would use it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useInProcessHosts } from '../support/in-process-host';
import { postChannel } from '../support/post-channel';
import { ok } from '../support/supervisor-host';
import { useTempDirs } from '../support/temp-dir';

const startHost = useInProcessHosts();
const tempDir = useTempDirs();

interface Written {
  files: { name: string; content: string }[];
}
interface Issue {
  path: string;
  message: string;
  severity: string;
}

/** A model file, a folder with a captioned image and an output folder on the host. */
function world() {
  const root = tempDir();
  const model = join(root, 'base.safetensors');
  writeFileSync(model, 'weights');
  const images = join(root, 'images');
  mkdirSync(images);
  writeFileSync(join(images, 'a.png'), 'png');
  writeFileSync(join(images, 'a.txt'), 'a cat');
  return { root, model, images, output: join(root, 'out') };
}

/** An sd-scripts install that is set (it never runs: the queue is paused). */
async function pausedWithSdScriptsInstall(
  host: { port: number; token: string },
  folder: string,
): Promise<void> {
  await ok(host, 'settings.set', {
    trainers: {
      sdScripts: { python: process.execPath, folder, env: {} },
      diffusionPipe: { python: '', folder: '', env: {} },
      generic: { python: '', folder: '' },
    },
  });
  await ok(host, 'queue.pause', {});
}

describe('a config holding only the required values', () => {
  it('configs.schema answers each family its own defaults: 1024 px for SDXL, SD3 and FLUX.1, FLUX.1 in bf16', async () => {
    const host = await startHost();
    const form = await ok<{ defaults: Record<string, Record<string, unknown>> }>(host, 'configs.schema', {
      trainer: 'sd-scripts',
    });
    expect(form.defaults.sd?.resolution).toBe(512);
    for (const family of ['sdxl', 'sd3', 'flux']) expect(form.defaults[family]?.resolution).toBe(1024);
    expect(form.defaults.flux?.mixed_precision).toBe('bf16');

    const dp = await ok<{
      defaults: Record<string, { dataset: { resolutions: number[] }; model: { dtype: string } }>;
    }>(host, 'configs.schema', { trainer: 'diffusion-pipe' });
    for (const family of ['sdxl', 'sd3', 'flux']) {
      expect(dp.defaults[family]?.dataset.resolutions, family).toEqual([1024]);
      expect(dp.defaults[family]?.model.dtype, family).toBe('bfloat16');
    }
  });

  it('configs.preview writes the values the form shows, not sd-scripts’ own defaults', async () => {
    const host = await startHost();
    const { files } = await ok<Written>(host, 'configs.preview', {
      config: {
        trainer: 'sd-scripts',
        family: 'sdxl',
        values: {
          pretrained_model_name_or_path: '/models/sdxl.safetensors',
          output_dir: '/outputs/run',
          subsets: [{ image_dir: '/data/images' }],
        },
      },
    });
    const config = files.find((f) => f.name === 'config.toml')?.content ?? '';
    const dataset = files.find((f) => f.name === 'dataset.toml')?.content ?? '';
    for (const line of [
      'seed = 23',
      'sdpa = true',
      'learning_rate = 0.0001',
      'lr_scheduler = "cosine"',
      'max_data_loader_n_workers = 1',
    ])
      expect(config).toContain(line);
    expect(dataset).toContain('resolution = 1024');
    expect(dataset).toContain('caption_extension = ".txt"');
  });

  it('jobs.enqueue stores the shown defaults with the job; a field the user cleared stays cleared', async () => {
    const host = await startHost();
    const w = world();
    await pausedWithSdScriptsInstall(host, w.root);
    const job = await ok<{ config: { values: Record<string, unknown> } }>(host, 'jobs.enqueue', {
      name: 'partial',
      gpus: { count: 0 },
      config: {
        trainer: 'sd-scripts',
        family: 'sdxl',
        values: {
          pretrained_model_name_or_path: w.model,
          output_dir: w.output,
          subsets: [{ image_dir: w.images }],
          seed: null,
        },
      },
    });
    expect(job.config.values).toMatchObject({ resolution: 1024, learning_rate: 0.0001 });
    expect(job.config.values.seed).toBeNull();
    expect((job.config.values.subsets as Record<string, unknown>[])[0]).toMatchObject({
      image_dir: w.images,
      caption_extension: '.txt',
      num_repeats: 1,
    });
  });
});

describe('a field the user cleared', () => {
  it('is refused where sd-scripts would fill it with a value of its own, and kept where it would not', async () => {
    const host = await startHost();
    const w = world();
    const config = (values: Record<string, unknown>) => ({
      trainer: 'sd-scripts',
      family: 'sdxl',
      values: {
        pretrained_model_name_or_path: w.model,
        output_dir: w.output,
        subsets: [{ image_dir: w.images }],
        ...values,
      },
    });
    const requiredOnly = await ok<{ valid: boolean; issues: Issue[] }>(host, 'configs.validate', {
      config: config({}),
    });
    expect(requiredOnly.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(requiredOnly.valid).toBe(true);

    const cleared = await ok<{ valid: boolean; issues: Issue[] }>(host, 'configs.validate', {
      config: config({ seed: null, learning_rate: null }),
    });
    expect(cleared.valid).toBe(false);
    expect(cleared.issues.filter((i) => i.severity === 'error')).toEqual([
      expect.objectContaining({
        path: 'values.learning_rate',
        message:
          'is empty, but sd-scripts would then use its own default (0.000002): enter the value to train with.',
      }),
    ]);

    await pausedWithSdScriptsInstall(host, w.root);
    const refused = await postChannel(host, 'jobs.enqueue', {
      name: 'cleared',
      gpus: { count: 0 },
      config: config({ learning_rate: null }),
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('values.learning_rate');
  });
});

describe('required means what the trainer’s script loads', () => {
  const flux = (values: Record<string, unknown>) => ({
    config: {
      trainer: 'sd-scripts',
      family: 'flux',
      values: {
        pretrained_model_name_or_path: '/models/flux1-dev.safetensors',
        ae: '/models/ae.safetensors',
        t5xxl: '/models/t5xxl.safetensors',
        output_dir: '/outputs/run',
        subsets: [{ image_dir: '/data/images' }],
        ...values,
      },
    },
  });

  it('a FLUX.1 config without CLIP-L is refused; a Chroma one is not', async () => {
    const host = await startHost();
    const fluxIssues = await ok<{ issues: Issue[] }>(host, 'configs.validate', flux({ clip_l: '' }));
    expect(fluxIssues.issues).toContainEqual(
      expect.objectContaining({ path: 'values.clip_l', severity: 'error', message: 'is required.' }),
    );
    const chroma = await ok<{ issues: Issue[] }>(
      host,
      'configs.validate',
      flux({ clip_l: '', model_type: 'chroma', apply_t5_attn_mask: true }),
    );
    expect(chroma.issues.filter((i) => i.path === 'values.clip_l')).toEqual([]);
  });
});
