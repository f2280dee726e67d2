/**
 * Property: thousands of random and mutated diffusion-pipe and generic configs never make the
 * validator, the writers or the importer throw; each config is valid or yields issues with field
 * paths, and a valid diffusion-pipe config writes TOML that reads back.
 */
import fc from 'fast-check';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import type { FieldSchema, TrainerConfig, TrainerDefinition } from '../../../../shared/trainers/common';
import { diffusionPipeDefaults, diffusionPipeTrainer } from '../../../../shared/trainers/diffusion-pipe';
import { modelTypeIds } from '../../../../shared/trainers/diffusion-pipe/families';
import { builtInPresets } from '../../../../shared/trainers/diffusion-pipe/presets';
import { genericTrainer } from '../../../../shared/trainers/generic';
import { validateWithDefinition } from '../validate-config';
import { goldenConfigs } from './golden-configs.test-support';

/** Every dotted path of a schema (array items as item 0). */
function schemaPaths(schema: FieldSchema, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    out.push(path);
    if (child.type === 'object') out.push(...schemaPaths(child, path));
    if (child.type === 'array' && child.items?.type === 'object')
      out.push(...schemaPaths(child.items, `${path}.0`));
  }
  return out;
}

function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node: Record<string, unknown> = root;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null)
      node[part] = /^\d+$/.test(parts[parts.indexOf(part) + 1] ?? '') ? [] : {};
    node = node[part] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1] ?? '';
  // undefined stands for a key taken out: JSON and the writers treat both alike.
  node[last] = value;
}

const probe = {
  stat: (path: string) => ({
    kind: path.includes('file')
      ? ('file' as const)
      : path.includes('dir')
        ? ('folder' as const)
        : ('missing' as const),
  }),
  listDir: (path: string) =>
    path.includes('dir') ? ['a.png', 'a.txt', 'config.json', 'model_index.json'] : null,
  canWriteIn: () => true,
};

const valueArb = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    '',
    '/a/file.safetensors',
    '/a/dir',
    'org/repo',
    'lora',
    'lokr',
    'none',
    'on',
    'unsloth',
    'uniform',
    'Prodigy',
    'sgd',
  ),
  fc.integer({ min: -5, max: 100000 }),
  fc.double({ noNaN: false }),
  fc.constant(undefined),
);

function checkProperty(definition: TrainerDefinition, starts: TrainerConfig[], families: string[]): void {
  const paths = schemaPaths(definition.schema);
  const configArb = fc.record({
    start: fc.constantFrom(...starts),
    // Mostly the start's own family (so some configs stay valid), else another or nonsense.
    family: fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, fc.constantFrom(...families), fc.string()),
    edits: fc.oneof(
      fc.constant([]),
      fc.array(fc.tuple(fc.constantFrom(...paths), valueArb), { maxLength: 6 }),
    ),
    passThrough: fc.oneof(
      fc.constant({}),
      fc.dictionary(
        fc.constantFrom(
          'config.optimizer.d_coef',
          'config.adapter.alpha',
          'dataset.directory.0.x',
          'config.x.y',
        ),
        fc.jsonValue({ maxDepth: 1 }),
      ),
    ),
  });
  let valid = 0;
  fc.assert(
    fc.property(configArb, ({ start, family, edits, passThrough }) => {
      const values = structuredClone(start.values);
      for (const [path, value] of edits) setPath(values, path, value);
      const config: TrainerConfig = {
        trainer: definition.kind,
        family: family ?? start.family,
        values,
        passThrough: passThrough,
      };
      const result = validateWithDefinition(definition, config, { probe });
      for (const issue of result.issues) {
        expect(issue.path).toMatch(/^(values\b|passThrough\.|family$)/);
        expect(issue.message.length).toBeGreaterThan(0);
      }
      const files = definition.writeFiles(config, { runDir: '/runs/fuzz' }).files;
      definition.importFiles(files);
      if (result.valid) {
        valid += 1;
        if (definition.kind === 'diffusion-pipe') for (const file of files) parse(file.content);
      }
    }),
    { numRuns: 1500, seed: 16 },
  );
  // The mutations keep some configs valid, so the "valid → readable files" half is exercised too.
  expect(valid).toBeGreaterThan(50);
}

// A few seconds unloaded; the limit leaves room for a busy machine.
describe('random and mutated configs never throw', { timeout: 120_000 }, () => {
  it('diffusion-pipe', () => {
    const starts = [
      ...goldenConfigs.map((g) => g.config),
      ...builtInPresets.map((p) => p.config),
      ...modelTypeIds.map((family) => ({
        trainer: 'diffusion-pipe' as const,
        family,
        values: diffusionPipeDefaults(family),
      })),
    ].map((c) => {
      // Paths that the fake world knows, so that some mutated configs are valid.
      const text = JSON.stringify(c.values).replace(/"\/data\/runs\/[^"]*"/g, '"/out/dir"');
      const values = JSON.parse(
        text.replace(/"\/(models|data)[^"]*"/g, (m) =>
          /\.(safetensors|png)"$/.test(m) ? '"/a/file.safetensors"' : '"/a/dir"',
        ),
      ) as Record<string, unknown>;
      return { ...c, values };
    });
    checkProperty(diffusionPipeTrainer, starts, modelTypeIds);
  });

  it('generic', () => {
    const starts: TrainerConfig[] = [
      { trainer: 'generic', family: 'hydra', values: genericTrainer.defaults('hydra') },
      {
        trainer: 'generic',
        family: 'hydra',
        values: {
          command: '{python} t.py {config}',
          config: { a: 1, b: { c: [1, 2] } },
          overrides: ['a=2', '+d=x', '~b.c'],
        },
      },
    ];
    checkProperty(genericTrainer, starts, ['hydra']);
  });
});
