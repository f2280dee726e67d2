/**
 * configs.import through the HTTP API, as a client calls it: a dataset file imports alone, every
 * format's values lie over the family's defaults the same way (and the answer says which came from
 * the files), and unknown keys, once confirmed, are written back at their place.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { useInProcessHosts, type TestHost } from '../../../../tests/support/in-process-host';
import { postChannel } from '../../../../tests/support/post-channel';
import type { RequestName } from '../../../shared/contract';
import {
  datasetToml,
  kohyaJson,
  pysideToml,
  sectionedConfig,
} from './sd-scripts-import-samples.test-support';

const startHost = useInProcessHosts();
const fixtures = join(process.cwd(), 'tests', 'fixtures', 'configs', 'diffusion-pipe', 'import');
const fixture = (name: string) => ({ name, content: readFileSync(join(fixtures, name), 'utf8') });

type Json = Record<string, unknown>;
type Trainer = 'sd-scripts' | 'diffusion-pipe';
interface File {
  name: string;
  content: string;
}
interface UnknownKey {
  path: string;
  value: unknown;
  passThroughKey?: string;
}
interface ImportAnswer {
  ok: boolean;
  format: string | null;
  config: { trainer: Trainer; family: string; values: Json; passThrough?: Json };
  unknownKeys: UnknownKey[];
  fromFile: string[];
  familySource: string;
  notes: string[];
  needsFamily: boolean;
  families: { id: string; label: string }[];
}
interface Preview {
  files: { name: string; content: string }[];
}

async function call<T>(host: TestHost, channel: RequestName, payload: unknown): Promise<T> {
  const { status, body } = await postChannel(host, channel, payload);
  expect(status, JSON.stringify(body)).toBe(200);
  return body as T;
}

const importFiles = (host: TestHost, trainer: Trainer, files: File[], family?: string) =>
  call<ImportAnswer>(host, 'configs.import', { trainer, files, ...(family ? { family } : {}) });

async function defaultsOf(host: TestHost, trainer: Trainer, family: string): Promise<Json> {
  const form = await call<{ defaults: Record<string, Json> }>(host, 'configs.schema', { trainer });
  const defaults = form.defaults[family];
  if (!defaults) throw new Error(`no defaults for ${family}`);
  return defaults;
}

/** The written files, parsed by name, and as written (to import again). */
async function writtenFiles(
  host: TestHost,
  config: ImportAnswer['config'],
): Promise<{ parsed: Record<string, Json>; files: File[] }> {
  const preview = await call<Preview>(host, 'configs.preview', { config, runDir: '/runs/imported' });
  const files = preview.files.map(({ name, content }) => ({ name, content }));
  return { parsed: Object.fromEntries(files.map((f) => [f.name, parse(f.content) as Json])), files };
}

/** What an import lists as unknown, without the order the files were read in. */
const unknownSet = (keys: UnknownKey[]) =>
  [...keys].sort((a, b) => a.path.localeCompare(b.path)).map(({ path, value }) => ({ path, value }));

/** The value at a dotted path ("values.dataset.resolutions", "datasets.0.subsets.1.x"). */
function at(root: unknown, path: string): unknown {
  let node = root;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Json)[part];
  }
  return node;
}

/** Dotted paths of the leaves of nested objects (a list is a leaf). */
function leaves(value: unknown, path: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [path];
  return Object.entries(value).flatMap(([key, child]) => leaves(child, `${path}.${key}`));
}

const comesFromFiles = (fromFile: string[], path: string): boolean =>
  fromFile.some((f) => path === f || path.startsWith(`${f}.`) || f.startsWith(`${path}.`));

describe('a dataset file alone imports into a new config', () => {
  it("diffusion-pipe: asks the model type, then takes the dataset from the file and the rest from the type's defaults", async () => {
    const host = await startHost();
    const files = [fixture('standalone_dataset.toml')];
    const asked = await importFiles(host, 'diffusion-pipe', files);
    expect(asked).toMatchObject({ ok: false, needsFamily: true, format: 'diffusion-pipe dataset TOML' });
    expect(asked.families.map((f) => f.id)).toContain('flux');
    expect(asked.notes.join(' ')).toMatch(/does not say which model it trains; pick the model type/);

    const imported = await importFiles(host, 'diffusion-pipe', files, 'flux');
    expect(imported).toMatchObject({ ok: true, familySource: 'given', config: { family: 'flux' } });
    const { values } = imported.config;
    // The file's 512 wins over FLUX.1's 1024.
    expect(values.dataset).toMatchObject({
      resolutions: [512],
      frame_buckets: [1, 33],
      directories: [{ path: '/home/me/data/images/grayscale', num_repeats: 1 }],
    });
    const defaults = await defaultsOf(host, 'diffusion-pipe', 'flux');
    expect(at(defaults, 'dataset.resolutions')).toEqual([1024]);
    for (const key of ['model', 'adapter', 'optimizer', 'epochs', 'save_every_n_epochs'])
      expect(values[key], key).toEqual(defaults[key]);
    expect(imported.fromFile.length).toBeGreaterThan(0);
    expect(imported.fromFile.every((p) => p.startsWith('values.dataset.'))).toBe(true);
    expect(imported.notes).toContainEqual(
      expect.stringMatching(/^\d+ values come from the files; every other value is the FLUX\.1 .*default/),
    );

    // The config writes, and the dataset file DPGui writes names its family: alone, it needs no question.
    const preview = await call<Preview>(host, 'configs.preview', { config: imported.config, runDir: '/r' });
    const dataset = preview.files.find((f) => f.name === 'dataset.toml');
    expect(parse(dataset?.content ?? '')).toMatchObject({
      resolutions: [512],
      directory: [{ path: '/home/me/data/images/grayscale', num_repeats: 1 }],
    });
    const again = await importFiles(host, 'diffusion-pipe', [
      { name: 'dataset.toml', content: dataset?.content ?? '' },
    ]);
    expect(again).toMatchObject({ ok: true, familySource: 'header comment', config: { family: 'flux' } });
  });

  it("sd-scripts: asks the family, then takes the image folders from the file and the rest from the family's defaults", async () => {
    const host = await startHost();
    const files = [{ name: 'dataset.toml', content: datasetToml }];
    const asked = await importFiles(host, 'sd-scripts', files);
    expect(asked).toMatchObject({ ok: false, needsFamily: true, format: 'sd-scripts dataset TOML' });
    expect(asked.notes.join(' ')).toMatch(/A dataset file does not say which model family it trains/);

    const imported = await importFiles(host, 'sd-scripts', files, 'sdxl');
    expect(imported).toMatchObject({ ok: true, config: { family: 'sdxl' } });
    const { values } = imported.config;
    expect(values).toMatchObject({ resolution: 768, resolution_height: 512, batch_size: 4 });
    expect((values.subsets as Json[]).map((s) => s.image_dir)).toEqual(['/data/a', '/data/reg', '/data/b']);
    const defaults = await defaultsOf(host, 'sd-scripts', 'sdxl');
    // Nothing of the training config is read from a dataset file: not even "absent means off".
    for (const key of ['network_algo', 'learning_rate', 'sdpa', 'max_token_length', 'train_on'])
      expect(values[key], key).toEqual(defaults[key]);
    expect(imported.fromFile).toContain('values.subsets');
    expect(imported.fromFile).not.toContain('values.network_algo');
  });
});

describe('import lays every format over the family defaults, one way', () => {
  const cases: {
    format: string;
    trainer: Trainer;
    files: () => File[];
    family?: string;
    /** Values the files set, as the importer reads them. */
    fileSays: Json;
  }[] = [
    {
      format: 'PySide trainer TOML',
      trainer: 'sd-scripts',
      files: () => [{ name: 'queue_item.toml', content: pysideToml }],
      fileSays: { 'values.batch_size': 2, 'values.network_algo': 'lycoris-locon' },
    },
    {
      format: 'sd-scripts config TOML + sd-scripts dataset TOML',
      trainer: 'sd-scripts',
      files: () => [
        { name: 'train.toml', content: sectionedConfig },
        { name: 'dataset.toml', content: datasetToml },
      ],
      fileSays: { 'values.max_train_steps': 2000, 'values.network_dim': 8, 'values.resolution': 768 },
    },
    {
      format: 'kohya_ss GUI JSON',
      trainer: 'sd-scripts',
      files: () => [{ name: 'lokr.json', content: kohyaJson }],
      fileSays: { 'values.network_algo': 'lokr', 'values.seed': 12345 },
    },
    {
      format: 'sd-scripts dataset TOML',
      trainer: 'sd-scripts',
      files: () => [{ name: 'dataset.toml', content: datasetToml }],
      family: 'sd3',
      fileSays: { 'values.batch_size': 4 },
    },
    {
      format: 'diffusion-pipe TOML',
      trainer: 'diffusion-pipe',
      files: () => [fixture('hunyuan_config.toml'), fixture('my_dataset.toml'), fixture('faces_eval.toml')],
      fileSays: { 'values.epochs': 1000, 'values.model.transformer_dtype': 'float8' },
    },
    {
      format: 'diffusion-pipe dataset TOML',
      trainer: 'diffusion-pipe',
      files: () => [fixture('standalone_dataset.toml')],
      family: 'wan',
      fileSays: { 'values.dataset.resolutions': [512] },
    },
  ];

  it.each(cases)(
    '$format: the values the files set, and the family default everywhere else',
    async ({ format, trainer, files, family, fileSays }) => {
      const host = await startHost();
      const imported = await importFiles(host, trainer, files(), family);
      expect(imported).toMatchObject({ ok: true, format });
      const { values } = imported.config;
      const defaults = await defaultsOf(host, trainer, imported.config.family);
      for (const [path, value] of Object.entries(fileSays)) {
        expect(imported.fromFile, path).toContain(path);
        expect(at({ values }, path), path).toEqual(value);
      }
      for (const path of imported.fromFile) expect(at({ values }, path), path).not.toBeUndefined();
      const fromDefaults = leaves(defaults, 'values').filter((p) => !comesFromFiles(imported.fromFile, p));
      expect(fromDefaults.length).toBeGreaterThan(0);
      for (const path of fromDefaults)
        expect(at({ values }, path), path).toEqual(at({ values: defaults }, path));
      expect(imported.notes.at(-1)).toMatch(
        new RegExp(
          `^${imported.fromFile.length} values come from the files; every other value is the .* default`,
        ),
      );
    },
  );
});

describe('unknown keys round-trip: confirmed, each is written back at its place', () => {
  /** Every unknown key confirmed, as the form does it: its pass-through key gets its value. */
  const confirmAll = (keys: UnknownKey[]): Json =>
    Object.fromEntries(keys.map((k) => [k.passThroughKey ?? `(none for ${k.path})`, k.value]));

  /** Where the written file holds a key read at `path` ("config.x" → config.toml's x). */
  const writtenAt = (written: Record<string, Json>, path: string): unknown => {
    const [file, ...rest] = path.split('.');
    return at(written[`${file}.toml`], rest.join('.'));
  };

  it('sd-scripts: the main config, the dataset file, its [general], a dataset and each image folder', async () => {
    const host = await startHost();
    const config = `pretrained_model_name_or_path = "/m/sdxl.safetensors"
sdxl = true
network_dim = 16
my_fork_option = 2.5
my_fork_flag = true
`;
    const dataset = `my_dataset_file_option = "top"

[general]
resolution = 1024
my_general_option = 0.25

[[datasets]]
batch_size = 2
my_dataset_option = "d"

  [[datasets.subsets]]
  image_dir = "/data/a"
  my_subset_option = 7

  [[datasets.subsets]]
  image_dir = "/data/b"
  my_other_subset_option = [1, 2]
`;
    const imported = await importFiles(host, 'sd-scripts', [
      { name: 'config.toml', content: config },
      { name: 'dataset.toml', content: dataset },
    ]);
    expect(imported.ok).toBe(true);
    expect(imported.unknownKeys).toEqual([
      { path: 'config.my_fork_option', value: 2.5, passThroughKey: 'config.my_fork_option' },
      { path: 'config.my_fork_flag', value: true, passThroughKey: 'config.my_fork_flag' },
      {
        path: 'dataset.general.my_general_option',
        value: 0.25,
        passThroughKey: 'dataset.general.my_general_option',
      },
      {
        path: 'dataset.datasets.0.my_dataset_option',
        value: 'd',
        passThroughKey: 'dataset.datasets.0.my_dataset_option',
      },
      {
        path: 'dataset.datasets.0.subsets.0.my_subset_option',
        value: 7,
        passThroughKey: 'dataset.datasets.0.subsets.0.my_subset_option',
      },
      {
        path: 'dataset.datasets.0.subsets.1.my_other_subset_option',
        value: [1, 2],
        passThroughKey: 'dataset.datasets.0.subsets.1.my_other_subset_option',
      },
      {
        path: 'dataset.my_dataset_file_option',
        value: 'top',
        passThroughKey: 'dataset.my_dataset_file_option',
      },
    ]);
    const { parsed: written, files } = await writtenFiles(host, {
      ...imported.config,
      passThrough: confirmAll(imported.unknownKeys),
    });
    for (const key of imported.unknownKeys) expect(writtenAt(written, key.path), key.path).toEqual(key.value);
    // Beside what the form writes there.
    expect(written['dataset.toml']).toMatchObject({
      general: { resolution: 1024, batch_size: 2 },
      datasets: [{ subsets: [{ image_dir: '/data/a' }, { image_dir: '/data/b' }] }],
    });
    expect(written['config.toml']).toMatchObject({ network_dim: 16 });
    // The written files, imported again, list the same keys at the same places.
    const again = await importFiles(host, 'sd-scripts', files);
    expect(unknownSet(again.unknownKeys)).toEqual(unknownSet(imported.unknownKeys));
  });

  it('sd-scripts: the keys of a dataset file imported alone go back into the dataset file', async () => {
    const host = await startHost();
    const dataset = `[general]
alpha_mask_fork = true

[[datasets]]
  [[datasets.subsets]]
  image_dir = "/data/a"
  mask_dir = "/data/a_masks"
`;
    const imported = await importFiles(
      host,
      'sd-scripts',
      [{ name: 'dataset.toml', content: dataset }],
      'flux',
    );
    expect(imported.unknownKeys).toEqual([
      {
        path: 'dataset.general.alpha_mask_fork',
        value: true,
        passThroughKey: 'dataset.general.alpha_mask_fork',
      },
      {
        path: 'dataset.datasets.0.subsets.0.mask_dir',
        value: '/data/a_masks',
        passThroughKey: 'dataset.datasets.0.subsets.0.mask_dir',
      },
    ]);
    const { parsed: written } = await writtenFiles(host, {
      ...imported.config,
      passThrough: confirmAll(imported.unknownKeys),
    });
    expect(written['dataset.toml']).toMatchObject({
      general: { alpha_mask_fork: true },
      datasets: [{ subsets: [{ image_dir: '/data/a', mask_dir: '/data/a_masks' }] }],
    });
    expect(written['config.toml']).not.toHaveProperty('alpha_mask_fork');
    expect(written['config.toml']).not.toHaveProperty('mask_dir');
  });

  it('diffusion-pipe: the main config and its tables, the dataset file and a folder of it', async () => {
    const host = await startHost();
    const imported = await importFiles(host, 'diffusion-pipe', [
      fixture('hunyuan_config.toml'),
      fixture('my_dataset.toml'),
      fixture('faces_eval.toml'),
    ]);
    expect(imported.ok).toBe(true);
    const places = imported.unknownKeys.map((k) => k.path);
    expect(places).toEqual(
      expect.arrayContaining([
        'config.pseudo_huber_c',
        'config.model.my_experimental_flag',
        'config.optimizer.d_coef',
        'dataset.online_captions',
        'dataset.directory.0.ar_buckets',
      ]),
    );
    expect(imported.unknownKeys.every((k) => k.passThroughKey === k.path)).toBe(true);
    const { parsed: written, files } = await writtenFiles(host, {
      ...imported.config,
      passThrough: confirmAll(imported.unknownKeys),
    });
    // Per-resolution batch sizes, which no field holds, replace the form's number once confirmed.
    for (const key of imported.unknownKeys) expect(writtenAt(written, key.path), key.path).toEqual(key.value);
    expect(written['dataset.toml']).toMatchObject({
      directory: [{ path: '/data/videos/clips', num_repeats: 5 }, { path: '/data/images/stills' }],
    });
    const again = await importFiles(host, 'diffusion-pipe', files);
    expect(unknownSet(again.unknownKeys)).toEqual(unknownSet(imported.unknownKeys));
  });
});
