import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import type { TrainerConfig } from '../../../shared/trainers/common';
import { sdScriptsDefaults } from '../../../shared/trainers/sd-scripts/defaults';
import { createNodeWorldProbe } from './node-world-probe';
import { validateConfig, validateConfigForEnqueue, type ActiveOutput } from './validate-config';

const tempDir = useTempDirs();
const probe = createNodeWorldProbe();

/** A real world: a model file, a dataset folder with images, an output folder. */
function world() {
  const root = tempDir();
  const model = join(root, 'sdxl.safetensors');
  writeFileSync(model, 'weights');
  const images = join(root, 'data', '10_char');
  mkdirSync(images, { recursive: true });
  writeFileSync(join(images, 'a.png'), 'png');
  writeFileSync(join(images, 'a.txt'), 'char');
  return { root, model, images, output: join(root, 'out') };
}

function sdxlConfig(w: ReturnType<typeof world>, values: Record<string, unknown> = {}): TrainerConfig {
  return {
    trainer: 'sd-scripts',
    family: 'sdxl',
    values: {
      ...sdScriptsDefaults('sdxl'),
      pretrained_model_name_or_path: w.model,
      output_dir: w.output,
      output_name: 'char',
      subsets: [{ name: 'char', image_dir: w.images, num_repeats: 10 }],
      ...values,
    },
  };
}

const errorsOf = (config: TrainerConfig, activeOutputs?: () => ActiveOutput[]) =>
  validateConfig(config, { probe, ...(activeOutputs ? { activeOutputs } : {}) }).issues;

describe('validating a training config', () => {
  it('accepts a complete config whose files and folders exist', () => {
    const result = validateConfig(sdxlConfig(world()), { probe });
    expect(result.issues).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('names the field, its label and what to do when the model is missing or of the wrong kind', () => {
    const w = world();
    expect(
      errorsOf(sdxlConfig(w, { pretrained_model_name_or_path: join(w.root, 'nope.safetensors') })),
    ).toEqual([
      {
        path: 'values.pretrained_model_name_or_path',
        label: 'Base model',
        severity: 'error',
        message: `"${join(w.root, 'nope.safetensors')}" does not exist.`,
      },
    ]);
    const txt = join(w.root, 'notes.txt');
    writeFileSync(txt, 'x');
    expect(errorsOf(sdxlConfig(w, { pretrained_model_name_or_path: txt }))[0]?.message).toMatch(
      /is not a .safetensors \/ .ckpt/,
    );
    expect(errorsOf(sdxlConfig(w, { pretrained_model_name_or_path: w.images }))[0]?.message).toMatch(
      /not a diffusers model/,
    );
    const diffusers = join(w.root, 'diffusers-model');
    mkdirSync(diffusers);
    writeFileSync(join(diffusers, 'model_index.json'), '{}');
    expect(errorsOf(sdxlConfig(w, { pretrained_model_name_or_path: diffusers }))).toEqual([]);
  });

  it('warns (does not refuse) when sd-scripts gets a Hugging Face repo id, with the download hint', () => {
    const result = validateConfig(
      sdxlConfig(world(), { pretrained_model_name_or_path: 'stabilityai/stable-diffusion-xl-base-1.0' }),
      { probe },
    );
    expect(result.valid).toBe(true);
    expect(result.issues).toEqual([
      expect.objectContaining({
        path: 'values.pretrained_model_name_or_path',
        severity: 'warning',
        message: expect.stringMatching(
          /repo id.*huggingface-cli download stabilityai\/stable-diffusion-xl-base-1\.0/,
        ) as string,
      }),
    ]);
  });

  it('refuses a repo id where FLUX.1 needs local files', () => {
    const w = world();
    const flux: TrainerConfig = {
      ...sdxlConfig(w, {
        pretrained_model_name_or_path: 'black-forest-labs/FLUX.1-dev',
        ae: w.model,
        t5xxl: 'comfyanonymous/flux_text_encoders',
        clip_l: w.model,
      }),
      family: 'flux',
    };
    const issues = errorsOf(flux);
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'values.pretrained_model_name_or_path',
        severity: 'error',
        message: expect.stringMatching(/needs a local file.*huggingface-cli download/) as string,
      }),
      expect.objectContaining({ path: 'values.t5xxl', severity: 'error' }),
    ]);
  });

  it('refuses dataset folders that are missing or hold no images directly', () => {
    const w = world();
    const empty = join(w.root, 'data', 'empty');
    mkdirSync(join(empty, 'nested'), { recursive: true });
    writeFileSync(join(empty, 'nested', 'b.png'), 'png');
    const issues = errorsOf(
      sdxlConfig(w, { subsets: [{ image_dir: empty }, { image_dir: join(w.root, 'gone') }] }),
    );
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'values.subsets.0.image_dir',
        label: 'Image folders › #1 › Image folder',
        message: expect.stringMatching(/holds no images.*not in sub-folders/) as string,
      }),
      expect.objectContaining({
        path: 'values.subsets.1.image_dir',
        message: expect.stringMatching(/does not exist/) as string,
      }),
    ]);
  });

  it('refuses an output folder inside a dataset or in place of a file', () => {
    const w = world();
    expect(errorsOf(sdxlConfig(w, { output_dir: join(w.images, 'out') }))).toEqual([
      expect.objectContaining({
        path: 'values.output_dir',
        message: expect.stringMatching(/inside the image folder/) as string,
      }),
    ]);
    expect(errorsOf(sdxlConfig(w, { output_dir: w.model }))[0]?.message).toMatch(/is a file, not a folder/);
  });

  const canDropPrivileges =
    process.getuid?.() === 0 && spawnSync('setpriv', ['--version'], { stdio: 'ignore' }).status === 0;
  it.skipIf(!canDropPrivileges)(
    'refuses an output folder the user cannot write to (checked as nobody)',
    () => {
      const w = world();
      const locked = join(w.root, 'locked');
      mkdirSync(locked);
      chmodSync(w.root, 0o755);
      chmodSync(locked, 0o555);
      for (const dir of [join(w.root, 'data'), w.images]) chmodSync(dir, 0o755);
      const script = join(w.root, 'check.ts');
      const config = sdxlConfig(w, { output_dir: join(locked, 'run1') });
      writeFileSync(
        script,
        [
          `import { createNodeWorldProbe } from ${JSON.stringify(join(import.meta.dirname, 'node-world-probe.ts'))};`,
          `import { validateConfig } from ${JSON.stringify(join(import.meta.dirname, 'validate-config.ts'))};`,
          `const result = validateConfig(${JSON.stringify(config)}, { probe: createNodeWorldProbe() });`,
          'console.log(JSON.stringify(result.issues));',
        ].join('\n'),
      );
      chmodSync(script, 0o644);
      const out = execFileSync(
        'setpriv',
        ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--import', 'tsx', script],
        { encoding: 'utf8', cwd: join(import.meta.dirname, '../../../..') },
      );
      expect(JSON.parse(out)).toEqual([
        expect.objectContaining({
          path: 'values.output_dir',
          severity: 'error',
          message: expect.stringMatching(/cannot write in/) as string,
        }),
      ]);
    },
  );

  it('keeps greyed fields without judging them; judges the same value where it applies', () => {
    const w = world();
    // clip_skip does not apply to SDXL; a nonsense value there is kept and not an error.
    expect(errorsOf(sdxlConfig(w, { clip_skip: 'two' }))).toEqual([]);
    const sd = { ...sdxlConfig(w, { clip_skip: 'two' }), family: 'sd' };
    expect(errorsOf(sd)).toEqual([
      expect.objectContaining({
        path: 'values.clip_skip',
        label: 'Clip skip',
        message: 'must be a whole number.',
      }),
    ]);
  });

  it('reports numbers out of range, unknown options and a missing required value', () => {
    const w = world();
    const issues = errorsOf(
      sdxlConfig(w, { network_dim: 0, learning_rate: -1, no_such_option: 1, output_dir: undefined }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'values.network_dim', message: 'must be at least 1.' }),
        expect.objectContaining({ path: 'values.learning_rate', message: 'must be at least 0.' }),
        expect.objectContaining({
          path: 'values.no_such_option',
          message: 'is not an option of this trainer.',
        }),
        expect.objectContaining({ path: 'values.output_dir', message: 'is required.' }),
      ]),
    );
  });

  it('refuses conflicting options on every field involved', () => {
    const w = world();
    expect(errorsOf(sdxlConfig(w, { xformers: true, sdpa: true }))).toEqual([
      expect.objectContaining({
        path: 'values.xformers',
        message: 'Choose one attention: xformers or SDPA.',
      }),
      expect.objectContaining({ path: 'values.sdpa', message: 'Choose one attention: xformers or SDPA.' }),
    ]);
    const cached = sdxlConfig(w, {
      cache_text_encoder_outputs: true,
      train_on: 'unet',
      subsets: [{ image_dir: w.images, shuffle_caption: true }],
    });
    expect(errorsOf(cached).map((i) => i.path)).toEqual([
      'values.cache_text_encoder_outputs',
      'values.subsets',
    ]);
    const trainsTe = sdxlConfig(w, { cache_text_encoder_outputs: true, train_on: 'both' });
    expect(errorsOf(trainsTe).map((i) => i.path)).toEqual([
      'values.cache_text_encoder_outputs',
      'values.train_on',
    ]);
  });

  it('requires the separator text once the keep-tokens separator is on', () => {
    const w = world();
    expect(
      errorsOf(sdxlConfig(w, { keep_tokens_separator_enabled: true, keep_tokens_separator: '' })),
    ).toEqual([
      expect.objectContaining({
        path: 'values.keep_tokens_separator',
        label: 'Separator',
        message: 'is required.',
      }),
    ]);
  });

  it('refuses a config whose output name and folder another queued or running job writes', () => {
    const w = world();
    const others = (): ActiveOutput[] => [
      { jobId: 'job-7', label: 'Job "char v1" (running)', dir: `${w.output}/`, name: 'char' },
    ];
    const issues = validateConfig(sdxlConfig(w), { probe, activeOutputs: others }).issues;
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'values.output_dir',
        severity: 'error',
        message: expect.stringMatching(
          /Job "char v1" \(running\) also writes "char".*overwrite each other/,
        ) as string,
      }),
    ]);
    expect(errorsOf(sdxlConfig(w, { output_name: 'char_v2' }), others)).toEqual([]);
    expect(validateConfig(sdxlConfig(w), { probe, activeOutputs: others, jobId: 'job-7' }).issues).toEqual(
      [],
    );
  });

  it('refuses a family the trainer does not have', () => {
    const result = validateConfig({ ...sdxlConfig(world()), family: 'sdxxl' }, { probe });
    expect(result).toMatchObject({ valid: false, issues: [{ path: 'family', severity: 'error' }] });
  });

  it('gives jobs.enqueue the errors only, with paths inside the job config', () => {
    const w = world();
    const details = validateConfigForEnqueue(
      'sd-scripts',
      sdxlConfig(w, { pretrained_model_name_or_path: 'owner/repo', network_dim: 0 }),
      { probe },
    );
    expect(details).toEqual([{ path: 'values.network_dim', message: 'Rank (dim): must be at least 1.' }]);
    // The contract's schema made it a training config; it must still be one for the job's trainer.
    expect(validateConfigForEnqueue('generic', sdxlConfig(w), { probe })).toEqual([
      { path: 'trainer', message: 'says "sd-scripts" but the job is for generic.' },
    ]);
  });
});
