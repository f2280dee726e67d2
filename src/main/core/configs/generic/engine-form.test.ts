/**
 * configs.schema for the generic trainer through the core and the real python-bridge: the install
 * in settings names its engine's config class, the bridge reads the engine's dataclasses in the
 * install's interpreter (tests/fixtures/generic-engine), and the form is built from them; the YAML's
 * keys, or the trainer's own fields, when the engine declares none or cannot be asked.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../../tests/support/temp-dir';
import { createAppCore, type AppCore } from '../../app-core';

const tempDir = useTempDirs();
const python = process.env.DPGUI_TEST_PYTHON ?? 'python3';
const engineFolder = join(process.cwd(), 'tests', 'fixtures', 'generic-engine');

interface Field {
  type?: string;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, Field>;
  'x-dpgui'?: { section: string; label: string; tooltip?: string };
}

interface SchemaAnswer {
  sections: { id: string; label: string }[];
  schema: { properties: Record<string, Field> };
  defaults: { hydra: Record<string, unknown> };
  source: string;
  sourceNote?: string;
}

async function call(app: AppCore, channel: string, payload: unknown): Promise<unknown> {
  const result = await app.dispatch(channel, payload);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

async function coreWithEngine(configClass: string | undefined, interpreter = python): Promise<AppCore> {
  const app = createAppCore({ dataDir: tempDir(), host: 'headless', checkResponses: true });
  const { trainers } = (await call(app, 'settings.get', {})) as { trainers: Record<string, unknown> };
  const generic = { python: interpreter, folder: engineFolder, ...(configClass ? { configClass } : {}) };
  await call(app, 'settings.set', { trainers: { ...trainers, generic } });
  return app;
}

/** Every field's section, nested ones included, is one the answer lists. */
function sectionsOfFields(fields: Record<string, Field>): string[] {
  return Object.values(fields).flatMap((field) => [
    field['x-dpgui']?.section ?? '(none)',
    ...sectionsOfFields(field.properties ?? {}),
  ]);
}

describe('configs.schema for the generic trainer', () => {
  it("answers the form built from the engine's dataclasses: nested sections, enums, optionals, defaults", async () => {
    const app = await coreWithEngine('lora_engine.config:TrainConfig');
    const answer = (await call(app, 'configs.schema', { trainer: 'generic' })) as SchemaAnswer;
    expect(answer.source).toBe('engine-dataclasses');
    expect(answer.sourceNote).toBeUndefined();
    expect(answer.sections.map((s) => s.id)).toEqual([
      'command',
      'config',
      'config.general',
      'config.data',
      'config.scheduler',
      'overrides',
      'engine',
    ]);
    const config = answer.schema.properties.config?.properties ?? {};
    expect(config.precision).toMatchObject({
      type: 'string',
      enum: ['FP16', 'BF16', 'FP32'],
      default: 'BF16',
      'x-dpgui': { section: 'config.general', label: 'Precision' },
    });
    expect(config.learning_rate).toMatchObject({
      type: 'number',
      default: 0.0002,
      'x-dpgui': { tooltip: 'Step size of the optimizer.' },
    });
    expect(config.seed).toMatchObject({ type: 'integer', default: 7 });
    expect(config.data?.properties?.bucketing).toMatchObject({ enum: ['NONE', 'ASPECT'], default: 'ASPECT' });
    expect(config.data?.properties?.augment?.properties?.crop_jitter).toMatchObject({
      type: 'integer',
      'x-dpgui': { section: 'config.data', tooltip: 'Pixels a crop may move; none when empty.' },
    });
    expect(config.scheduler?.properties?.warmup_steps).toMatchObject({ type: 'integer', default: 100 });
    const listed = new Set(answer.sections.map((s) => s.id));
    for (const section of sectionsOfFields(answer.schema.properties)) expect(listed).toContain(section);

    // A new config starts from the engine's defaults (an Optional section left empty) and keeps its schema.
    const start = answer.defaults.hydra;
    expect(start.config).toEqual({
      precision: 'BF16',
      learning_rate: 0.0002,
      max_steps: 500,
      seed: 7,
      data: { resolution: 512, bucketing: 'ASPECT', augment: { flip: false, crop_jitter: null } },
      scheduler: null,
      target_modules: ['to_q', 'to_v'],
    });
    expect(start.engineSchema).toMatchObject({
      required: ['run_name'],
      'x-dpgui': { source: 'lora_engine.config:TrainConfig' },
    });
    expect(JSON.stringify(start.engineSchema)).not.toContain(engineFolder); // no host paths in a snapshot

    // The checks follow the engine: what it requires, and its types.
    const checked = (await call(app, 'configs.validate', {
      config: { trainer: 'generic', family: 'hydra', values: start },
    })) as { issues: { path: string }[] };
    expect(checked.issues.map((i) => i.path)).toEqual([
      'values.config.run_name',
      'values.config.data.folder',
    ]);
    app.close();
  });

  it('falls back to the YAML with a sentence when the engine cannot be asked, and to its own fields without YAML', async () => {
    const app = await coreWithEngine('lora_engine.config:Nope');
    const yaml = { trainer: { lr: 0.0003 }, seed: 3 };
    const answer = (await call(app, 'configs.schema', { trainer: 'generic', yaml })) as SchemaAnswer;
    expect(answer.source).toBe('yaml');
    expect(answer.sourceNote).toBe(
      "The engine's config class lora_engine.config:Nope could not be read: module lora_engine.config has no Nope. The form follows the YAML config's keys instead.",
    );
    expect(answer.schema.properties.config?.properties?.trainer?.properties?.lr).toMatchObject({
      type: 'number',
      'x-dpgui': { section: 'config.trainer' },
    });
    expect(answer.defaults.hydra.config).toEqual(yaml);
    app.close();

    const missing = await coreWithEngine('lora_engine.config:TrainConfig', '/no/such/python');
    expect(await call(missing, 'configs.schema', { trainer: 'generic' })).toMatchObject({
      source: 'built-in',
      sourceNote:
        "The engine's config class lora_engine.config:TrainConfig could not be read: /no/such/python was not found. The form follows the generic trainer's own fields instead.",
    });
    missing.close();
  });

  it('uses the YAML or its own fields, with no sentence, when the engine declares no config class', async () => {
    const app = await coreWithEngine(undefined);
    const own = (await call(app, 'configs.schema', { trainer: 'generic' })) as SchemaAnswer;
    expect(own).toMatchObject({ source: 'built-in' });
    expect(own.sourceNote).toBeUndefined();
    expect(own.schema.properties.config).toMatchObject({ type: 'object', additionalProperties: true });
    const fromYaml = (await call(app, 'configs.schema', {
      trainer: 'generic',
      yaml: { a: 1 },
    })) as SchemaAnswer;
    expect(fromYaml.source).toBe('yaml');
    expect(await call(app, 'configs.schema', { trainer: 'sd-scripts' })).toMatchObject({
      source: 'built-in',
    });
    // The form is built by recursion through the YAML: nested past the config bound, a 400 naming it.
    let deep: Record<string, unknown> = {};
    for (let level = 0; level < 200; level++) deep = { a: deep };
    expect(await app.dispatch('configs.schema', { trainer: 'generic', yaml: deep })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', details: [{ path: 'yaml' }] },
    });
    app.close();
  });
});
