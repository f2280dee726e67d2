import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goldenConfigs } from '../../../../tests/fixtures/configs/sd-scripts/golden-configs';
import type { TrainerConfig, WorldProbe } from '../../../shared/trainers/common';
import { sdScriptsBuiltInPresets, sdScriptsTrainer } from '../../../shared/trainers/sd-scripts';
import { validateConfig } from './validate-config';

/** A world where model files and image folders exist, so valid configs are reachable. */
const probe: WorldProbe = {
  stat: (path) => ({
    kind: /\.(safetensors|ckpt)$/.test(path)
      ? 'file'
      : path.startsWith('/data') || path.startsWith('/outputs')
        ? 'folder'
        : 'missing',
  }),
  listDir: (path) => (path.startsWith('/data') ? ['a.png', 'a.txt'] : []),
  canWriteIn: (path) => path.startsWith('/outputs'),
};

const seeds: TrainerConfig[] = [
  ...Object.values(goldenConfigs),
  ...sdScriptsBuiltInPresets.map((p) => p.config),
];
const keys = Object.keys(sdScriptsTrainer.schema.properties);
const subsetKeys = Object.keys(sdScriptsTrainer.schema.properties.subsets?.items?.properties ?? {});

const value = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -5, max: 5000 }),
  fc.double({ noNaN: false }),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '/data/x',
    '/models/m.safetensors',
    '/outputs/o',
    'owner/repo',
    'lora',
    'lycoris-locon',
    'dylora',
    'ia3',
    'chroma',
    'steps',
    'unet',
  ),
  fc.array(fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 4 })), { maxLength: 30 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
);

type Mutation =
  | { kind: 'set'; key: string; value: unknown }
  | { kind: 'drop'; key: string }
  | { kind: 'subset'; index: number; key: string; value: unknown }
  | { kind: 'family'; family: string }
  | { kind: 'garbage'; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key: fc.constantFrom(...keys), value }),
  fc.record({ kind: fc.constant('drop' as const), key: fc.constantFrom(...keys) }),
  fc.record({
    kind: fc.constant('subset' as const),
    index: fc.nat({ max: 3 }),
    key: fc.constantFrom(...subsetKeys),
    value,
  }),
  fc.record({
    kind: fc.constant('family' as const),
    family: fc.constantFrom('sd', 'sdxl', 'sd3', 'flux', 'unknown', ''),
  }),
  fc.record({ kind: fc.constant('garbage' as const), key: fc.string({ maxLength: 8 }), value }),
);

function mutate(seed: TrainerConfig, mutations: Mutation[]): TrainerConfig {
  const config = structuredClone(seed);
  for (const m of mutations) {
    if (m.kind === 'set') config.values[m.key] = m.value;
    else if (m.kind === 'drop') Reflect.deleteProperty(config.values, m.key);
    else if (m.kind === 'family') config.family = m.family;
    else if (m.kind === 'garbage') config.values[m.key] = m.value;
    else {
      const subsets = Array.isArray(config.values.subsets) ? (config.values.subsets as unknown[]) : [];
      const target = subsets[m.index];
      if (typeof target === 'object' && target !== null) (target as Record<string, unknown>)[m.key] = m.value;
      else subsets.push({ [m.key]: m.value });
      config.values.subsets = subsets;
    }
  }
  return config;
}

describe('configs under random and mutated input', () => {
  it('never throws; each config is valid or its errors name fields by path and label', () => {
    let valid = 0;
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation, { maxLength: 6 }), (seed, mutations) => {
        const config = mutate(seed, mutations);
        const result = validateConfig(config, {
          probe,
          activeOutputs: () => [{ jobId: 'x', label: 'Job "x"', dir: '/outputs/busy', name: 'my_lora' }],
        });
        const errors = result.issues.filter((i) => i.severity === 'error');
        expect(result.valid).toBe(errors.length === 0);
        for (const issue of result.issues) {
          expect(issue.path).toMatch(/^(values(\.|$)|family$|trainer$)/);
          expect(issue.label.length).toBeGreaterThan(0);
          expect(issue.message.length).toBeGreaterThan(0);
        }
        if (result.valid) {
          valid += 1;
          // A valid config is always writable.
          const { files } = sdScriptsTrainer.writeFiles(config, { runDir: '/runs/x' });
          expect(files.length).toBeGreaterThanOrEqual(2);
        }
      }),
      { numRuns: 3000, seed: 16 },
    );
    // The generator reaches both answers.
    expect(valid).toBeGreaterThan(100);
    expect(valid).toBeLessThan(3000);
  }, 180_000);

  it('never throws on arbitrary file text; answers a config, a family question or a reason', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('a.toml', 'b.json', 'c.txt'),
        fc.string({ maxLength: 200 }),
        (name, content) => {
          const result = sdScriptsTrainer.importFiles([{ name, content }]);
          expect(typeof result.ok).toBe('boolean');
        },
      ),
      { numRuns: 2000, seed: 16 },
    );
  }, 60_000);
});
