import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenConfigs } from '../../../../tests/fixtures/configs/sd-scripts/golden-configs';
import {
  greyedFields,
  isGreyedPath,
  type FieldSchema,
  type TrainerConfig,
} from '../../../shared/trainers/common';
import { sdScriptsBuiltInPresets, sdScriptsTrainer } from '../../../shared/trainers/sd-scripts';
import { sdScriptsSchema } from '../../../shared/trainers/sd-scripts/schema';
import { canonicalConfig } from './config-properties';
import { findPythonToml, loadWithPythonToml, type Tagged } from './python-toml.test-support';

const fixtures = join(import.meta.dirname, '../../../../tests/fixtures/configs/sd-scripts');
const runDir = '/runs/golden';
const update = process.env.UPDATE_GOLDEN === '1';

describe('sd-scripts writers: golden files', () => {
  for (const [name, config] of Object.entries(goldenConfigs)) {
    it(`writes ${name} exactly as the checked-in files`, () => {
      const { files } = sdScriptsTrainer.writeFiles(config, { runDir });
      const dir = join(fixtures, name);
      if (update) {
        mkdirSync(dir, { recursive: true });
        for (const f of files) writeFileSync(join(dir, f.name), f.content);
      }
      expect(readdirSync(dir).sort()).toEqual(files.map((f) => f.name).sort());
      for (const f of files) expect(f.content, f.name).toBe(readFileSync(join(dir, f.name), 'utf8'));
    });
  }

  it('writes the same bytes for the same config, and names DPGui, the trainer and the family first', () => {
    const config = goldenConfigs['sdxl-lycoris-locon-dora'] as TrainerConfig;
    const a = sdScriptsTrainer.writeFiles(config, { runDir });
    const b = sdScriptsTrainer.writeFiles(structuredClone(config), { runDir });
    expect(a).toEqual(b);
    for (const f of a.files)
      expect(f.content.split('\n')[0]).toMatch(
        /^# Written by DPGui: trainer sd-scripts, family sdxl \(SDXL\)/,
      );
  });

  it('does not write greyed fields, and keeps them in the config', () => {
    const config = goldenConfigs['sdxl-lycoris-locon-dora'] as TrainerConfig;
    const { files } = sdScriptsTrainer.writeFiles(config, { runDir });
    const dataset = files.find((f) => f.name === 'dataset.toml')?.content ?? '';
    expect(dataset).not.toMatch(/keep_tokens =|color_aug|random_crop/);
    expect(dataset).toMatch(/shuffle_caption = true/);
    expect((config.values.subsets as Record<string, unknown>[])[0]?.keep_tokens).toBe(2);
    const sd15 = sdScriptsTrainer.writeFiles(goldenConfigs['sd15-lora'] as TrainerConfig, { runDir }).files;
    expect(sd15[0]?.content).not.toMatch(/keep_tokens_separator/);
    const chroma = sdScriptsTrainer.writeFiles(goldenConfigs['chroma-loha'] as TrainerConfig, {
      runDir,
    }).files;
    expect(chroma[0]?.content).not.toMatch(/clip_l/);
  });

  it('picks the script and network module of each family and algorithm', () => {
    const launch = (name: string) =>
      sdScriptsTrainer.writeFiles(goldenConfigs[name] as TrainerConfig, { runDir });
    expect(launch('sd15-lora').launch.script).toBe('train_network.py');
    expect(launch('sdxl-dylora-cached-te').launch.script).toBe('sdxl_train_network.py');
    expect(launch('sd3-lora').launch.script).toBe('sd3_train_network.py');
    expect(launch('flux-lora').launch).toMatchObject({
      script: 'flux_train_network.py',
      mixedPrecision: 'bf16',
      args: ['--config_file', `${runDir}/config.toml`, '--dataset_config', `${runDir}/dataset.toml`],
      outputs: [{ dir: '/outputs/lora', name: 'my_lora' }],
    });
    expect(launch('sd15-lora').files[0]?.content).toMatch(/network_module = "networks.lora"/);
    expect(launch('sd2-vpred-locon').files[0]?.content).toMatch(
      /network_args = \["conv_dim=8", "conv_alpha=4.0"\]\n/,
    );
    expect(launch('sdxl-lycoris-locon-dora').files[0]?.content).toMatch(
      /network_module = "lycoris.kohya"\nnetwork_args = \["algo=locon",/,
    );
    expect(launch('sdxl-dylora-cached-te').files[0]?.content).toMatch(/network_module = "networks.dylora"/);
    expect(launch('sd3-lora').files[0]?.content).toMatch(/network_module = "networks.lora_sd3"/);
    expect(launch('flux-lora').files[0]?.content).toMatch(/network_module = "networks.lora_flux"/);
  });
});

/** The Python type a schema type must load as. */
function expectTagged(
  tagged: Tagged | undefined,
  schema: FieldSchema | undefined,
  meant: unknown,
  where: string,
): void {
  expect(tagged, where).toBeDefined();
  if (schema?.type === 'array') {
    expect(Array.isArray(tagged), where).toBe(true);
    const items = tagged as Tagged[];
    expect(items.length, where).toBe((meant as unknown[]).length);
    items.forEach((item, i) => expectTagged(item, schema.items, (meant as unknown[])[i], `${where}.${i}`));
    return;
  }
  const tags: Record<string, string> = { integer: 'int', number: 'float', boolean: 'bool', string: 'str' };
  const kind = tags[schema?.type ?? 'string'] ?? 'str';
  expect(tagged, where).toEqual({ [kind]: meant });
}

describe('sd-scripts writers: Python toml 0.10 reads what was meant', () => {
  const { python, reason } = findPythonToml();
  if (!python) console.warn(`Skipping the Python toml check: ${reason}`);
  it.skipIf(!python)('loads every written TOML with the types and values of the config', () => {
    const docs: Record<string, string> = {};
    const written = Object.entries(goldenConfigs).map(([name, config]) => {
      const { files } = sdScriptsTrainer.writeFiles(config, { runDir });
      for (const f of files) docs[`${name}/${f.name}`] = f.content;
      return { name, config };
    });
    const loaded = loadWithPythonToml(python as string, docs);
    for (const { name, config } of written) {
      const configDoc = loaded[`${name}/config.toml`];
      const datasetDoc = loaded[`${name}/dataset.toml`];
      expect(configDoc, name).toHaveProperty('ok');
      expect(datasetDoc, name).toHaveProperty('ok');
      const top = (configDoc as { ok: Record<string, Tagged> }).ok;
      const greyed = greyedFields(sdScriptsSchema, config);
      let checked = 0;
      for (const [key, tagged] of Object.entries(top)) {
        const schema = sdScriptsSchema.properties[key];
        if (!schema || key === 'lr_warmup_steps' || key === 'optimizer_args' || key === 'lr_scheduler_args')
          continue;
        expect(isGreyedPath(greyed, key), `${name}: ${key} is greyed but written`).toBe(false);
        expectTagged(tagged, schema, config.values[key], `${name}:${key}`);
        checked += 1;
      }
      expect(checked).toBeGreaterThan(15);
      if (typeof config.values.lr_warmup_steps === 'number') {
        expect(top.lr_warmup_steps).toEqual(
          config.values.lr_warmup_steps < 1
            ? { float: config.values.lr_warmup_steps }
            : { int: config.values.lr_warmup_steps },
        );
      }
      const dataset = (
        datasetDoc as {
          ok: { general: Record<string, Tagged>; datasets: { subsets: Record<string, Tagged>[] }[] };
        }
      ).ok;
      for (const [key, tagged] of Object.entries(dataset.general)) {
        if (key === 'resolution') continue;
        expectTagged(tagged, sdScriptsSchema.properties[key], config.values[key], `${name}:general.${key}`);
      }
      const subsetSchema = sdScriptsSchema.properties.subsets?.items?.properties ?? {};
      const subsets = config.values.subsets as Record<string, unknown>[];
      dataset.datasets[0]?.subsets.forEach((subset, i) => {
        for (const [key, tagged] of Object.entries(subset))
          expectTagged(tagged, subsetSchema[key], subsets[i]?.[key], `${name}:subsets.${i}.${key}`);
      });
      const prompts = loaded[`${name}/sample_prompts.toml`];
      if (prompts) {
        const list = (prompts as { ok: { prompt: { subset: Record<string, Tagged>[] } } }).ok.prompt.subset;
        const meant = config.values.sample_prompts_list as Record<string, unknown>[];
        const promptSchema = sdScriptsSchema.properties.sample_prompts_list?.items?.properties ?? {};
        list.forEach((p, i) => {
          for (const [key, tagged] of Object.entries(p))
            expectTagged(tagged, promptSchema[key], meant[i]?.[key], `${name}:prompt.${i}.${key}`);
        });
      }
    }
  });

  it.skipIf(!python)('keeps strings with quotes, backslashes, newlines and non-ASCII intact', () => {
    const awkward = 'C:\\models\\"odd"\tname\nline2 — ünïcode ✓ \u0001';
    const config: TrainerConfig = {
      ...(goldenConfigs['sd15-lora'] as TrainerConfig),
      values: {
        ...(goldenConfigs['sd15-lora'] as TrainerConfig).values,
        training_comment: awkward,
        output_name: 'a"b\\c',
      },
    };
    const { files } = sdScriptsTrainer.writeFiles(config, { runDir });
    const loaded = loadWithPythonToml(python as string, { c: files[0]?.content ?? '' });
    expect(loaded.c).toHaveProperty('ok');
    const top = (loaded.c as { ok: Record<string, Tagged> }).ok;
    expect(top.training_comment).toEqual({ str: awkward });
    expect(top.output_name).toEqual({ str: 'a"b\\c' });
  });
});

describe('sd-scripts round trips: import(write(config)) is the config without its greyed fields', () => {
  const cases: [string, TrainerConfig][] = [
    ...Object.entries(goldenConfigs),
    ...sdScriptsBuiltInPresets.map((p): [string, TrainerConfig] => [p.id, p.config]),
  ];
  for (const [name, config] of cases) {
    it(name, () => {
      const { files } = sdScriptsTrainer.writeFiles(config, { runDir });
      const back = sdScriptsTrainer.importFiles(files.map((f) => ({ name: f.name, content: f.content })));
      expect(back.ok).toBe(true);
      if (!back.ok) return;
      expect(back.unknownKeys).toEqual([]);
      expect(back.familySource).toBe('the DPGui header');
      const ignore = [/^subsets\.\d+\.name$/];
      expect(canonicalConfig(sdScriptsTrainer, back.config, ignore)).toEqual(
        canonicalConfig(sdScriptsTrainer, config, ignore),
      );
    });
  }

  it('carries confirmed pass-through keys to the file and back', () => {
    const config: TrainerConfig = {
      ...(goldenConfigs['sd15-lora'] as TrainerConfig),
      passThrough: { my_fork_option: 3.5, my_flag: true },
    };
    const { files } = sdScriptsTrainer.writeFiles(config, { runDir });
    expect(files[0]?.content).toMatch(/my_fork_option = 3.5\nmy_flag = true/);
    const back = sdScriptsTrainer.importFiles(files.map((f) => ({ name: f.name, content: f.content })));
    expect(back.ok && back.unknownKeys).toEqual([
      { path: 'config.my_fork_option', value: 3.5, passThroughKey: 'config.my_fork_option' },
      { path: 'config.my_flag', value: true, passThroughKey: 'config.my_flag' },
    ]);
  });
});
