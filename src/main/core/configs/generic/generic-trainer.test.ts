/**
 * The generic (YAML / Hydra) trainer: its form from the engine's schema (the checked answer of
 * python-bridge's config-schema for the Hydra-style fixture) or from the YAML's own keys, its checks
 * of the command, the overrides and the config, and its YAML file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { TrainerConfig } from '../../../../shared/trainers/common';
import { genericTrainer } from '../../../../shared/trainers/generic';
import {
  fillPlaceholders,
  splitCommand,
  unknownPlaceholders,
} from '../../../../shared/trainers/generic/command-template';
import {
  engineDefaults,
  engineFormSchema,
  validateEngineConfig,
  yamlToSchema,
  yamlToSchemaNode,
  type EngineSchemaNode,
} from '../../../../shared/trainers/generic/engine-schema';
import { createTrainerAjv, validateWithDefinition } from '../validate-config';

const fixtures = join(process.cwd(), 'tests', 'fixtures', 'configs', 'generic');
const engineSchema = JSON.parse(
  readFileSync(join(fixtures, 'train-config.schema.json'), 'utf8'),
) as EngineSchemaNode;
const noWorld = { stat: () => ({ kind: 'missing' as const }), listDir: () => null, canWriteIn: () => true };

function config(values: Record<string, unknown>): TrainerConfig {
  return {
    trainer: 'generic',
    family: 'hydra',
    values: {
      command: '{python} train.py --config-path {run_dir} --config-name config',
      overrides: [],
      ...values,
    },
  };
}

describe("the engine's schema (config-schema's answer)", () => {
  it('compiles with ajv in strict mode once x-dpgui is known, and accepts its own defaults plus the required keys', () => {
    const validate = createTrainerAjv().compile(engineSchema);
    const start: Record<string, unknown> = { ...engineDefaults(engineSchema), run_name: 'demo' };
    (start.model as Record<string, unknown>).pretrained_path = '/m.safetensors';
    expect(validate(start), JSON.stringify(validate.errors)).toBe(true);
    expect(validateEngineConfig(start, engineSchema)).toEqual([]);
  });

  it('becomes a form: one section per nested config, labels and tooltips from the engine', () => {
    const form = engineFormSchema(engineSchema);
    expect(form.sections.map((s) => s.id)).toEqual(['general', 'model', 'network', 'optimizer']);
    const lr = form.schema.properties.optimizer?.properties?.lr;
    expect(lr).toMatchObject({
      type: 'number',
      default: 0.0001,
      'x-dpgui': { section: 'optimizer', label: 'Lr', tooltip: 'Learning rate of the network.' },
    });
    expect(form.schema.properties.seed).toMatchObject({
      type: 'integer',
      default: 42,
      'x-dpgui': { section: 'general' },
    });
    expect(form.schema.properties.model?.properties?.precision).toMatchObject({
      type: 'string',
      enum: ['FP16', 'BF16', 'FP32'],
    });
    expect(form.schema.properties.network?.properties?.dropout).toMatchObject({ type: 'number' });
    // The form schema is itself valid for ajv (our metadata on every field).
    expect(() => createTrainerAjv().compile(form.schema)).not.toThrow();
  });

  it('checks a config as the engine would: types, choices, unknown keys and MISSING values', () => {
    const issues = validateEngineConfig(
      {
        model: { precision: 'INT4', extra: 1 },
        network: { rank: 'sixteen', dropout: null },
        optimizer: { betas: [0.9] },
      },
      engineSchema,
    );
    expect(issues).toEqual([
      { path: 'run_name', message: 'is required (the engine has no default for it).' },
      { path: 'model.pretrained_path', message: 'is required (the engine has no default for it).' },
      { path: 'model.precision', message: 'must be one of: FP16, BF16, FP32.' },
      { path: 'model.extra', message: "is not a key of the engine's config." },
      { path: 'network.rank', message: 'must be a whole number.' },
      { path: 'optimizer.betas', message: 'needs at least 2 items.' },
    ]);
  });
});

describe('a YAML config without an engine schema', () => {
  const doc = load(readFileSync(join(fixtures, 'plain-engine.yaml'), 'utf8')) as Record<string, unknown>;

  it('gives a form of its own keys, typed by their values', () => {
    const form = yamlToSchema(doc);
    expect(form.sections.map((s) => s.id)).toEqual(['general', 'trainer', 'data']);
    expect(form.schema.properties.seed).toMatchObject({ type: 'integer', default: 7 });
    expect(form.schema.properties.trainer?.properties?.lr).toMatchObject({
      type: 'number',
      default: 0.0003,
      // Acronyms read as people write them; without a docstring, the tooltip says what the key takes.
      'x-dpgui': {
        section: 'trainer',
        label: 'LR',
        tooltip: "The engine's `trainer.lr` setting, with no description in its config; it takes a number.",
      },
    });
    expect(form.schema.properties.data?.properties?.resolutions).toMatchObject({
      type: 'array',
      items: { type: 'integer' },
    });
    expect(form.schema.properties.data?.properties?.shuffle).toMatchObject({ type: 'boolean' });
    // null tells no type: a text field, and null stays valid.
    expect(form.schema.properties.notes).toMatchObject({ type: 'string' });
    expect(validateEngineConfig(doc, yamlToSchemaNode(doc))).toEqual([]);
    expect(() => createTrainerAjv().compile(form.schema)).not.toThrow();
  });
});

describe('the command template', () => {
  it('splits like a shell without running one, and fills what is known', () => {
    const split = splitCommand(`{python} -m engine.train --cfg "{config}" name='a b' x\\ y`);
    expect(split).toEqual({
      ok: true,
      argv: ['{python}', '-m', 'engine.train', '--cfg', '{config}', 'name=a b', 'x y'],
    });
    if (split.ok)
      expect(fillPlaceholders(split.argv, { config: '/runs/1/config.yaml' })[4]).toBe('/runs/1/config.yaml');
    expect(splitCommand('python "open')).toEqual({ ok: false, message: 'The command has an unclosed ".' });
    expect(unknownPlaceholders('{python} {gpu} {run_dir} {gpus}')).toEqual(['gpu', 'gpus']);
    // As a POSIX shell: an empty pair is a word; inside "…" a backslash escapes only " \ $ `.
    expect(splitCommand(`a\\ b 'c d' "e\\"f" '' "C:\\x\\\\y"`)).toEqual({
      ok: true,
      argv: ['a b', 'c d', 'e"f', '', 'C:\\x\\y'],
    });
  });

  it('keeps a run folder with spaces one word: split first, filled after', () => {
    const written = genericTrainer.writeFiles(
      config({ config: {}, command: '{python} -m trainer --config "{config}" --out={run_dir}/out' }),
      { runDir: '/my runs/j 3' },
    );
    expect(written.launch.args).toEqual([
      '{python}',
      '-m',
      'trainer',
      '--config',
      '/my runs/j 3/config.yaml',
      '--out=/my runs/j 3/out',
    ]);
  });
});

describe('the generic trainer', () => {
  it('writes the YAML with our header and puts the overrides on the command line', () => {
    const written = genericTrainer.writeFiles(
      config({
        config: { run_name: 'demo', optimizer: { lr: 0.0003 } },
        overrides: ['optimizer.lr=1e-4', '+seed=3'],
      }),
      {
        runDir: '/runs/job-7',
      },
    );
    expect(written.files).toEqual([
      {
        name: 'config.yaml',
        role: 'config',
        content:
          '# Written by DPGui: trainer generic, family hydra (YAML / Hydra engine); engine config.\nrun_name: demo\noptimizer:\n  lr: 0.0003\n',
      },
    ]);
    expect(written.launch.args).toEqual([
      '{python}',
      'train.py',
      '--config-path',
      '/runs/job-7',
      '--config-name',
      'config',
      'optimizer.lr=1e-4',
      '+seed=3',
    ]);
  });

  it('imports its own YAML back (round trip), and any YAML of keys', () => {
    const original = config({ config: { run_name: 'demo', data: { resolutions: [512, 768] }, flag: null } });
    const back = genericTrainer.importFiles(genericTrainer.writeFiles(original, { runDir: '/r' }).files);
    expect(back).toMatchObject({ ok: true, familySource: 'header comment' });
    if (back.ok) expect(back.config.values.config).toEqual(original.values.config);
    expect(genericTrainer.importFiles([{ name: 'x.yaml', content: '- a\n- b\n' }])).toMatchObject({
      ok: false,
      needsFamily: false,
    });
    expect(genericTrainer.importFiles([{ name: 'x.yaml', content: 'a: [1, 2\n' }])).toMatchObject({
      ok: false,
    });
  });

  it('validates overrides with Hydra rules against the YAML and the engine schema together', () => {
    const result = validateWithDefinition(
      genericTrainer,
      config({
        engineSchema,
        config: { run_name: 'demo', model: { pretrained_path: '/m.safetensors' } },
        // max_steps is not in the YAML but the engine has it, so "=" applies; +max_steps would not.
        overrides: [
          'max_steps=20',
          '+max_steps=30',
          'optimizer.lr=1e-4,2e-4',
          'network.rank=big',
          '+network.extra=1',
        ],
      }),
      { probe: noWorld },
    );
    expect(result.issues.map((i) => [i.path, i.message])).toEqual([
      ['values.overrides.2', expect.stringMatching(/^Override "optimizer.lr=1e-4,2e-4": .*sweep/)],
      ['values.overrides.1', expect.stringMatching(/max_steps is already in the config/)],
      ['values.config.network.rank', 'network.rank must be a whole number.'],
      ['values.config.network.extra', "network.extra is not a key of the engine's config."],
    ]);
  });

  it('asks for what the engine requires, and checks the command', () => {
    const result = validateWithDefinition(
      genericTrainer,
      config({ engineSchema, config: {}, command: '{python} train.py {gpu}' }),
      { probe: noWorld },
    );
    expect(result.issues.map((i) => `${i.severity} ${i.path}: ${i.message}`)).toEqual([
      'error values.command: {gpu} is not a placeholder DPGui fills in; use {python}, {config}, {run_dir}, {port}, {num_gpus} or {gpu_ids}.',
      'warning values.command: The command names neither {config} nor {run_dir}, so the engine will not read the config DPGui writes.',
      'error values.config.run_name: run_name is required (the engine has no default for it).',
      'error values.config.model.pretrained_path: model.pretrained_path is required (the engine has no default for it).',
    ]);
  });
});
