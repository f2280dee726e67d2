import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { goldenConfigs } from '../../../../tests/fixtures/configs/sd-scripts/golden-configs';
import type { TrainerConfig } from '../../../shared/trainers/common';
import { createAppCore, type AppCore } from '../app-core';

const tempDir = useTempDirs();

function core(dataDir = tempDir()): AppCore {
  return createAppCore({ dataDir, host: 'headless', checkResponses: true });
}

async function call(app: AppCore, channel: string, payload: unknown): Promise<unknown> {
  const result = await app.dispatch(channel, payload);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

const config = goldenConfigs['sdxl-lycoris-locon-dora'] as TrainerConfig;

describe('configs.* and presets.* through the core', () => {
  it('serves the sd-scripts form: schema with metadata, sections, families, defaults per family', async () => {
    const app = core();
    const answer = (await call(app, 'configs.schema', { trainer: 'sd-scripts' })) as {
      schema: { properties: Record<string, { 'x-dpgui'?: { section: string; label: string } }> };
      families: { id: string }[];
      defaults: Record<string, Record<string, unknown>>;
      sections: { id: string }[];
    };
    expect(answer.families.map((f) => f.id)).toEqual(['sd', 'sdxl', 'sd3', 'flux']);
    expect(answer.schema.properties.network_dim?.['x-dpgui']).toMatchObject({
      section: 'network',
      label: 'Rank (dim)',
    });
    // Every sd-scripts option is a field: the generated ones as advanced fields.
    expect(answer.schema.properties.huber_scale?.['x-dpgui']).toMatchObject({ section: 'advanced' });
    const sections = new Set(answer.sections.map((s) => s.id));
    for (const [key, field] of Object.entries(answer.schema.properties))
      expect(sections.has(field['x-dpgui']?.section ?? ''), key).toBe(true);
    expect(answer.defaults.sdxl).not.toHaveProperty('clip_skip');
    expect(answer.defaults.sd).toHaveProperty('clip_skip', 2);
    app.close();
  });

  it('previews the files, exports them to a folder and refuses to overwrite unless asked', async () => {
    const app = core();
    const preview = (await call(app, 'configs.preview', { config, runDir: '/runs/x' })) as {
      files: { name: string; content: string }[];
    };
    expect(preview.files.map((f) => f.name)).toEqual(['config.toml', 'dataset.toml']);
    const folder = join(tempDir(), 'exported');
    const exported = (await call(app, 'configs.export', { config, folder })) as { written: string[] };
    expect(exported.written).toEqual([join(folder, 'config.toml'), join(folder, 'dataset.toml')]);
    expect(readFileSync(join(folder, 'dataset.toml'), 'utf8')).toContain('[[datasets.subsets]]');
    const again = await app.dispatch('configs.export', { config, folder });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await app.dispatch('configs.export', { config, folder, overwrite: true })).toMatchObject({
      ok: true,
    });
    app.close();
  });

  it('imports exported files back from host paths', async () => {
    const app = core();
    const folder = join(tempDir(), 'exported');
    await call(app, 'configs.export', { config, folder });
    const back = (await call(app, 'configs.import', {
      trainer: 'sd-scripts',
      paths: readdirSync(folder).map((n) => join(folder, n)),
    })) as { ok: boolean; config: TrainerConfig; familySource: string };
    expect(back).toMatchObject({
      ok: true,
      familySource: 'the DPGui header',
      config: { family: 'sdxl', values: { network_algo: 'lycoris-locon' } },
    });
    const missing = await app.dispatch('configs.import', {
      trainer: 'sd-scripts',
      paths: [join(folder, 'nope.toml')],
    });
    expect(missing).toMatchObject({
      ok: false,
      error: { code: 'not_found', details: [{ path: 'paths.0' }] },
    });
    // A relative path would resolve against the host's own folder: refused, naming the field.
    const relative = await app.dispatch('configs.import', { trainer: 'sd-scripts', paths: ['config.toml'] });
    expect(relative).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', details: [{ path: 'paths.0', message: 'must be an absolute path' }] },
    });
    const unwritable = await app.dispatch('configs.export', { config, folder: 'relative/out' });
    expect(unwritable).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', details: [{ path: 'folder' }] },
    });
    app.close();
  });

  it('validates through the channel with paths, labels and the greyed fields', async () => {
    const app = core();
    const result = (await call(app, 'configs.validate', { config })) as {
      valid: boolean;
      issues: { path: string }[];
      greyed: { path: string }[];
    };
    expect(result.valid).toBe(false); // the golden paths do not exist here
    expect(result.issues.map((i) => i.path)).toContain('values.pretrained_model_name_or_path');
    expect(result.greyed).toContainEqual({
      path: 'values.subsets.0.keep_tokens',
      reason: 'The keep-tokens separator decides what stays in place.',
    });
    app.close();
  });

  it('jobs.enqueue refuses an invalid training config; configs.validate sees queued jobs writing the same output', async () => {
    const app = core();
    const root = tempDir();
    const images = join(root, 'data');
    mkdirSync(images);
    writeFileSync(join(images, 'a.png'), 'png');
    writeFileSync(join(root, 'model.safetensors'), 'weights');
    const good: TrainerConfig = {
      ...config,
      values: {
        ...config.values,
        pretrained_model_name_or_path: join(root, 'model.safetensors'),
        output_dir: join(root, 'out'),
        logging_dir: join(root, 'logs'),
        subsets: [{ image_dir: images }],
      },
    };
    const bad = { ...good, values: { ...good.values, network_dim: 0 } };
    // An install is set, so what refuses the job is its config (an unset install is refused first).
    await call(app, 'settings.set', {
      trainers: {
        sdScripts: { python: join(root, 'python'), folder: root, env: {} },
        diffusionPipe: { python: '', folder: '', env: {} },
        generic: { python: '', folder: '' },
      },
    });
    const refused = await app.dispatch('jobs.enqueue', {
      name: 'bad',
      config: bad,
      gpus: { count: 0 },
    });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_payload',
        details: [{ path: 'values.network_dim', message: 'Rank (dim): must be at least 1.' }],
      },
    });
    const queued = (await call(app, 'jobs.enqueue', {
      name: 'first',
      config: good,
      gpus: { count: 0 },
    })) as { id: string };
    const second = (await call(app, 'configs.validate', { config: good })) as {
      valid: boolean;
      issues: { path: string; message: string }[];
    };
    expect(second.valid).toBe(false);
    expect(second.issues).toEqual([
      expect.objectContaining({
        path: 'values.output_dir',
        message: expect.stringMatching(/Job "first" \(queued\) also writes "sdxl_dora"/) as string,
      }),
    ]);
    // Editing the queued job itself is no collision.
    expect(await call(app, 'configs.validate', { config: good, jobId: queued.id })).toMatchObject({
      valid: true,
    });
    app.close();
  });

  it('keeps presets as files: save, rename, export, import, delete; built-ins are read-only', async () => {
    const dataDir = tempDir();
    let app = core(dataDir);
    const list = (await call(app, 'presets.list', {})) as {
      id: string;
      builtIn: boolean;
      description?: string;
    }[];
    expect(list.filter((p) => p.builtIn && p.id.startsWith('builtin:sd-scripts')).map((p) => p.id)).toEqual([
      'builtin:sd-scripts-sd15-lora',
      'builtin:sd-scripts-sdxl-lora',
      'builtin:sd-scripts-flux-lora',
    ]);
    for (const p of list) expect(p.description).toMatch(/empty/);
    const builtIn = (await call(app, 'presets.get', { id: 'builtin:sd-scripts-flux-lora' })) as {
      config: TrainerConfig;
    };
    expect(builtIn.config.values).toMatchObject({ pretrained_model_name_or_path: '', ae: '', t5xxl: '' });
    expect(
      await app.dispatch('presets.rename', { id: 'builtin:sd-scripts-flux-lora', name: 'x' }),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await app.dispatch('presets.delete', { id: 'builtin:sd-scripts-flux-lora' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });

    const saved = (await call(app, 'presets.save', { name: 'My SDXL', config: builtIn.config })) as {
      id: string;
    };
    expect(saved.id).toBe('my-sdxl');
    expect(existsSync(join(dataDir, 'presets', 'my-sdxl.json'))).toBe(true);
    const second = (await call(app, 'presets.save', { name: 'My SDXL', config })) as { id: string };
    expect(second.id).toBe('my-sdxl-2');
    await call(app, 'presets.rename', { id: 'my-sdxl', name: 'Portraits' });
    app.close();

    app = core(dataDir); // survives a restart
    const names = ((await call(app, 'presets.list', {})) as { name: string; builtIn: boolean }[])
      .filter((p) => !p.builtIn)
      .map((p) => p.name);
    expect(names).toEqual(['My SDXL', 'Portraits']);
    const file = join(tempDir(), 'portraits.json');
    await call(app, 'presets.export', { id: 'my-sdxl', path: file });
    await call(app, 'presets.delete', { id: 'my-sdxl' });
    const imported = (await call(app, 'presets.import', { path: file })) as {
      name: string;
      config: TrainerConfig;
    };
    expect(imported).toMatchObject({ name: 'Portraits', config: builtIn.config });
    writeFileSync(file, '{"not": "a preset"}');
    expect(await app.dispatch('presets.import', { path: file })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    mkdirSync(join(dataDir, 'presets'), { recursive: true });
    writeFileSync(join(dataDir, 'presets', 'broken.json'), '{');
    const builtIns = list.filter((p) => p.builtIn).length;
    expect(((await call(app, 'presets.list', {})) as unknown[]).length).toBe(builtIns + 2); // the damaged file is skipped
    app.close();
  });
});
