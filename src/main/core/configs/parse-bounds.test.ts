/**
 * Parsers with bounds, where a client meets them: configs.import (uploaded text and host paths, every
 * trainer kind and format) and presets.import/save answer an alias bomb, a self-reference or nesting past
 * the limit at once with invalid_payload naming the file and the limit — not minutes of work, not a 500
 * ("circular structure", "Maximum call stack size exceeded"). Ordinary configs (the golden fixtures) still
 * import.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/contract/wire';
import type { TrainerKind } from '../../../shared/trainers/common';
import { writeSetUpInstalls } from '../../../../tests/support/set-up-installs';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { createAppCore, type AppCore } from '../app-core';

const tempDir = useTempDirs();
// One core for the whole file: each import is independent of the others, and a core takes a while to open.
let shared: { app: AppCore; dataDir: string } | undefined;
beforeAll(() => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dpgui-parse-bounds-'));
  // The installs are named, so jobs.enqueue reaches the config (it refuses an unset install first).
  writeSetUpInstalls(dataDir);
  shared = { app: createAppCore({ dataDir, host: 'headless', checkResponses: true }), dataDir };
});
afterAll(() => {
  shared?.app.close();
  if (shared) rmSync(shared.dataDir, { recursive: true, force: true });
});

function core(): AppCore {
  if (!shared) throw new Error('no core');
  return shared.app;
}

const keys = (n: number): string => Array.from({ length: n }, (_, i) => `k${i}`).join('.');

function listBomb(levels: number): string {
  let text = `a0: &a0 [${Array<string>(9).fill('lol').join(',')}]\n`;
  for (let i = 1; i < levels; i++)
    text += `a${i}: &a${i} [${Array<string>(9)
      .fill(`*a${i - 1}`)
      .join(',')}]\n`;
  return text;
}

interface Hostile {
  name: string;
  file: string;
  content: string;
  says: RegExp;
}

const depth = /nests tables or lists more than 64 levels deep/;
const tomlHostiles: Hostile[] = [
  { name: 'a dotted key 100,000 deep', file: 'config.toml', content: `${keys(100_000)} = 1\n`, says: depth },
  { name: 'a dotted key 2,000 deep', file: 'config.toml', content: `${keys(2000)} = 1\n`, says: depth },
  {
    name: 'a table header 100,000 deep',
    file: 'config.toml',
    content: `[${keys(100_000)}]\nx = 1\n`,
    says: depth,
  },
  {
    name: 'an array-of-tables header',
    file: 'dataset.toml',
    content: `[[${keys(100_000)}]]\nx = 1\n`,
    says: depth,
  },
  {
    name: 'a header and a key, half each',
    file: 'config.toml',
    content: `[${keys(50_000)}]\n${keys(50_000)} = 1\n`,
    says: depth,
  },
  {
    name: 'inline tables 100,000 deep',
    file: 'config.toml',
    content: `a = ${'{b = '.repeat(100_000)}1${'}'.repeat(100_000)}\n`,
    says: depth,
  },
  {
    name: 'arrays 100,000 deep',
    file: 'config.toml',
    content: `a = ${'['.repeat(100_000)}1${']'.repeat(100_000)}\n`,
    says: depth,
  },
  {
    name: 'a quoted dotted key',
    file: 'config.toml',
    content: `${Array<string>(100_000).fill('"="').join('.')} = 1\n`,
    says: depth,
  },
];
const hostilesByTrainer: Record<TrainerKind, Hostile[]> = {
  generic: [
    {
      name: 'the 9-level alias bomb',
      file: 'config.yaml',
      content: listBomb(9),
      says: /grows past 8 MiB once its aliases \(\*name\) are expanded/,
    },
    {
      name: 'the 8-level alias bomb',
      file: 'config.yaml',
      content: listBomb(8),
      says: /grows past 8 MiB once its aliases/,
    },
    {
      name: 'a self-reference',
      file: 'config.yaml',
      content: 'a: &a [*a]\n',
      says: /inside the node it names/,
    },
    {
      name: 'a self-reference through a mapping',
      file: 'config.yaml',
      content: 'a: &a {b: [1, {c: *a}]}\n',
      says: /inside the node it names/,
    },
    {
      name: 'flow lists 100,000 deep',
      file: 'config.yaml',
      content: `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
      says: depth,
    },
    {
      name: 'too many aliases',
      file: 'config.yaml',
      content: `a: &a 1\nb: [${Array<string>(1001).fill('*a').join(',')}]\n`,
      says: /more than 1000 aliases/,
    },
  ],
  'sd-scripts': [
    ...tomlHostiles,
    {
      name: 'kohya JSON 100,000 deep',
      file: 'kohya.json',
      content: `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      says: depth,
    },
  ],
  'diffusion-pipe': tomlHostiles,
};
const cases = Object.entries(hostilesByTrainer).flatMap(([trainer, hostiles]) =>
  hostiles.map((h) => ({ trainer: trainer as TrainerKind, ...h })),
);

function expectLimit(result: Result<unknown>, hostile: Hostile, field: string): void {
  expect(result, hostile.name).toMatchObject({
    ok: false,
    error: { code: 'invalid_payload', details: [{ path: field }] },
  });
  if (!result.ok) {
    expect(result.error.message, hostile.name).toMatch(hostile.says);
    expect(result.error.message, hostile.name).toContain(hostile.file);
  }
}

describe('configs.import of a file over a parser bound', () => {
  it.each(cases)('$trainer: $name is refused at once, uploaded or read from the host', async (hostile) => {
    const app = core();
    const { trainer } = hostile;
    const uploaded = await app.dispatch('configs.import', {
      trainer,
      files: [{ name: hostile.file, content: hostile.content }],
    });
    expectLimit(uploaded, hostile, 'files.0');
    const path = join(tempDir(), hostile.file);
    writeFileSync(path, hostile.content);
    expectLimit(await app.dispatch('configs.import', { trainer, paths: [path] }), hostile, 'paths.0');
  });

  it('names the right file when the bad one comes second', async () => {
    const app = core();
    const result = await app.dispatch('configs.import', {
      trainer: 'sd-scripts',
      files: [
        { name: 'config.toml', content: 'learning_rate = 1e-4\n' },
        { name: 'dataset.toml', content: `[${keys(1000)}]\n` },
      ],
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', details: [{ path: 'files.1' }] },
    });
  });
});

describe('ordinary configs still import', () => {
  const fixtures = join(__dirname, '../../../../tests/fixtures/configs');
  const folders = (trainer: string): string[] =>
    readdirSync(join(fixtures, trainer))
      .map((name) => join(fixtures, trainer, name))
      .filter((path) => statSync(path).isDirectory());

  it.each([
    ...folders('sd-scripts').map((folder) => ['sd-scripts', folder] as const),
    ...folders('diffusion-pipe').map((folder) => ['diffusion-pipe', folder] as const),
    ['generic', join(fixtures, 'generic')] as const,
  ])('%s: %s', async (trainer, folder) => {
    const app = core();
    const paths = readdirSync(folder)
      .filter((name) => /\.(toml|ya?ml)$/.test(name))
      .map((name) => join(folder, name));
    expect(await app.dispatch('configs.import', { trainer, paths })).toMatchObject({
      ok: true,
      value: { ok: true },
    });
  });

  it('reads YAML anchors and aliases that are no bomb', async () => {
    const app = core();
    const content =
      'base: &base {lr: 0.0003, steps: 10}\nstage1: *base\nstage2: {<<: *base}\nlist: [*base, *base]\n';
    const result = await app.dispatch('configs.import', {
      trainer: 'generic',
      files: [{ name: 'config.yaml', content }],
    });
    expect(result).toMatchObject({
      ok: true,
      value: {
        ok: true,
        config: { values: { config: { stage1: { lr: 0.0003 }, list: [{ steps: 10 }, { steps: 10 }] } } },
      },
    });
  });
});

describe('presets with configs nested too deep', () => {
  const deepConfig = (levels: number): unknown => {
    let node: unknown = 1;
    for (let i = 0; i < levels; i++) node = { k: node };
    return {
      trainer: 'generic',
      family: 'hydra',
      values: { command: 'x {config}', config: node, overrides: [] },
    };
  };

  it('presets.save and presets.import refuse a config JSON.stringify could not follow, with the limit', async () => {
    const app = core();
    for (const levels of [100, 20_000]) {
      expect(
        await app.dispatch('presets.save', { name: 'deep', config: deepConfig(levels) }),
        `${levels}`,
      ).toMatchObject({
        ok: false,
        error: {
          code: 'invalid_payload',
          message: expect.stringMatching(/more than 67 levels deep/) as string,
        },
      });
    }
    const text = `{"format":"dpgui-preset","version":1,"name":"x","config":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(await app.dispatch('presets.import', { content: text })).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_payload',
        message: expect.stringMatching(/more than 67 levels deep/) as string,
      },
    });
    // What an import can hold, a preset can hold.
    expect(await app.dispatch('presets.save', { name: 'ok', config: deepConfig(60) })).toMatchObject({
      ok: true,
    });
  });
});

describe('every channel that takes a config refuses one nested too deep instead of overflowing the stack', () => {
  const deep = (trainer: TrainerKind, levels: number): unknown => {
    let node: unknown = 1;
    for (let i = 0; i < levels; i++) node = { k: node };
    if (trainer === 'generic')
      return { trainer, family: 'hydra', values: { command: 'x {config}', config: node, overrides: [] } };
    if (trainer === 'sd-scripts')
      return {
        trainer,
        family: 'sdxl',
        values: { network_dim: 8, subsets: [{ image_dir: '/x', extra: node }] },
      };
    return { trainer, family: 'flux', values: { output_dir: '/x', optimizer: node } };
  };
  const limit = /The config nests tables or lists more than 66 levels deep/;

  it.each(['generic', 'sd-scripts', 'diffusion-pipe'] as const)('%s', async (trainer) => {
    const app = core();
    for (const levels of [100, 100_000]) {
      const config = deep(trainer, levels);
      for (const [channel, payload] of [
        ['configs.preview', { config }],
        ['configs.export', { config, folder: join(tempDir(), 'out') }],
        ['jobs.enqueue', { name: 'deep', config, gpus: { count: 0 } }],
      ] as const) {
        expect(await app.dispatch(channel, payload), `${channel} ${levels}`).toMatchObject({
          ok: false,
          error: { code: 'invalid_payload', message: expect.stringMatching(limit) as string },
        });
      }
      expect(await app.dispatch('configs.validate', { config }), `${levels}`).toMatchObject({
        ok: true,
        value: {
          valid: false,
          issues: [{ path: 'values', message: expect.stringMatching(limit) as string }],
        },
      });
    }
    // Deep, but within the bound: taken.
    expect(await app.dispatch('configs.preview', { config: deep(trainer, 60) })).toMatchObject({ ok: true });
  });
});
