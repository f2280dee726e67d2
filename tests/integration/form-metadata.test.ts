// The form metadata a screen builds its fields from, and the one path form of a field, through the
// headless host's HTTP API as a client would use it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useInProcessHosts } from '../support/in-process-host';
import { postChannel } from '../support/post-channel';
import { ok } from '../support/supervisor-host';
import { useTempDirs } from '../support/temp-dir';

const startHost = useInProcessHosts();
const tempDir = useTempDirs();

interface Meta {
  label: string;
  tooltip?: string;
  choiceLabels?: Record<string, string>;
  enables?: string[];
}
interface Field {
  enum?: unknown[];
  properties?: Record<string, Field>;
  items?: Field;
  'x-dpgui'?: Meta;
}
interface Form {
  schema: { properties: Record<string, Field> };
}

/** Every field of an answered schema with its path ("subsets.*.image_dir"). */
function fieldsOf(properties: Record<string, Field>, prefix = ''): [string, Field][] {
  return Object.entries(properties).flatMap(([key, field]): [string, Field][] => [
    [`${prefix}${key}`, field],
    ...fieldsOf(field.properties ?? {}, `${prefix}${key}.`),
    ...fieldsOf(field.items?.properties ?? {}, `${prefix}${key}.*.`),
  ]);
}

describe('configs.schema answers the metadata a form needs, for every field', () => {
  it.each(['sd-scripts', 'diffusion-pipe'])('%s: labels, tooltips and choice labels', async (trainer) => {
    const host = await startHost();
    const form = await ok<Form>(host, 'configs.schema', { trainer });
    const fields = fieldsOf(form.schema.properties);
    const withoutTooltip = fields.filter(([, f]) => !f['x-dpgui']?.tooltip?.trim()).map(([p]) => p);
    expect(withoutTooltip).toEqual([]);
    const unlabelledChoices = fields.flatMap(([path, f]) =>
      (f.enum ?? f.items?.enum ?? [])
        .map(String)
        .filter((value) => !f['x-dpgui']?.choiceLabels?.[value])
        .map((value) => `${path}=${value}`),
    );
    expect(unlabelledChoices).toEqual([]);
  });

  it('sd-scripts: readable choices, toggles with what they enable, advanced options summarised from their help', async () => {
    const host = await startHost();
    const { schema } = await ok<Form>(host, 'configs.schema', { trainer: 'sd-scripts' });
    const meta = (key: string): Meta | undefined => schema.properties[key]?.['x-dpgui'];
    expect(meta('network_algo')?.choiceLabels).toMatchObject({
      lora: 'LoRA',
      'lycoris-locon': 'LoCon (LyCORIS)',
    });
    expect(meta('max_token_length')?.choiceLabels).toEqual({
      '75': '75 tokens',
      '150': '150 tokens',
      '225': '225 tokens',
    });
    expect(meta('enable_bucket')?.enables).toEqual([
      'bucket_no_upscale',
      'min_bucket_reso',
      'max_bucket_reso',
      'bucket_reso_steps',
    ]);
    expect(meta('masked_loss')?.enables).toEqual(['subsets.*.conditioning_data_dir']);
    // sd-scripts' help: "Dropout rate for CLIP-L encoder, default is 0.0 / CLIP-Lエンコーダの…"
    expect(meta('clip_l_dropout_rate')).toMatchObject({
      label: 'CLIP-L dropout rate',
      tooltip: 'Dropout rate for CLIP-L encoder.',
    });
    expect(meta('min_snr_gamma')?.tooltip).not.toContain('written as it is');
  });
});

describe('a field has one path everywhere: values.x', () => {
  it('in configs.validate issues and greyed fields, and in jobs.enqueue errors', async () => {
    const host = await startHost();
    const root = tempDir();
    const images = join(root, 'images');
    mkdirSync(images);
    writeFileSync(join(images, 'a.png'), 'png');
    writeFileSync(join(images, 'a.txt'), 'a cat');
    writeFileSync(join(root, 'base.safetensors'), 'weights');
    const config = {
      trainer: 'sd-scripts',
      family: 'sd',
      values: {
        pretrained_model_name_or_path: join(root, 'base.safetensors'),
        output_dir: join(root, 'out'),
        network_dim: 0,
        keep_tokens_separator_enabled: true,
        keep_tokens_separator: '|||',
        subsets: [{ image_dir: images, keep_tokens: 1 }],
      },
    };
    const checked = await ok<{ issues: { path: string }[]; greyed: { path: string; reason: string }[] }>(
      host,
      'configs.validate',
      { config },
    );
    expect(checked.issues.map((i) => i.path)).toContain('values.network_dim');
    expect(checked.greyed).toContainEqual({
      path: 'values.subsets.0.keep_tokens',
      reason: 'The keep-tokens separator decides what stays in place.',
    });
    expect(checked.greyed.every((g) => g.path.startsWith('values.'))).toBe(true);

    const python = join(root, 'python');
    writeFileSync(python, '');
    await ok(host, 'settings.set', {
      trainers: {
        sdScripts: { python, folder: root, env: {} },
        diffusionPipe: { python: '', folder: '', env: {} },
        generic: { python: '', folder: '' },
      },
    });
    const refused = await postChannel(host, 'jobs.enqueue', { name: 'bad', config, gpus: { count: 0 } });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'invalid_payload',
      message:
        'The config of "bad" is not valid for sd-scripts: values.network_dim Rank (dim): must be at least 1. Fix these fields and enqueue it again.',
      details: [{ path: 'values.network_dim', message: 'Rank (dim): must be at least 1.' }],
    });
  });
});
