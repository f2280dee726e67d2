/**
 * The form model from plain schemas and from the real trainer schemas: sections in order, the control
 * each field gets, toggles drawn with what they enable, groups and item lists, search, and badges.
 */
import { describe, expect, it } from 'vitest';
import type { FieldSchema, ObjectSchema } from '../../../../../shared/trainers/common/types';
import { sdScriptsTrainer } from '../../../../../shared/trainers/sd-scripts';
import type { EditorSchema } from '../state/editor-schema';
import {
  buildFormModel,
  controlKindOf,
  entryOfPath,
  searchFields,
  type FieldModel,
  type FormRow,
} from './form-model';
import { sectionBadges } from './section-badges';
import { isChanged, parseNumberListText, parseNumberText, stepOf, stepped } from './value-text';

const f = (section: string, label: string, extra: FieldSchema = {}, meta = {}): FieldSchema => ({
  type: 'string',
  ...extra,
  'x-dpgui': { section, label, tooltip: `${label}, in words.`, ...meta },
});

const schema: ObjectSchema = {
  type: 'object',
  properties: {
    steps: f('training', 'Steps', { type: 'integer', minimum: 1, default: 10 }),
    base: f('model', 'Base model', {}, { path: { kind: 'file', extensions: ['.safetensors'] } }),
    cache: f('training', 'Cache latents', { type: 'boolean' }, { enables: ['cache_disk', 'items.*.mask'] }),
    rate: f('training', 'Rate', { type: 'number' }),
    cache_disk: f(
      'training',
      'Cache to disk',
      { type: 'boolean' },
      { greyedWhen: [{ when: { field: 'cache', falsy: true }, reason: 'Cache first.' }] },
    ),
    extra: f(
      'training',
      'Extra',
      { type: 'object', additionalProperties: { type: 'string' } },
      {
        widget: 'key-values',
        advanced: true,
      },
    ),
    items: f('data', 'Folders', {
      type: 'array',
      items: {
        type: 'object',
        properties: { dir: f('data', 'Folder', {}, { path: { kind: 'folder' } }), mask: f('data', 'Mask') },
      },
    }),
    engine: f('engine', 'Engine', {
      type: 'object',
      properties: {
        lr: f('engine', 'Learning rate', { type: 'number' }),
        data: f('engine.data', 'Data', {
          type: 'object',
          properties: {
            size: f('engine.data', 'Size', { type: 'integer' }),
            aug: f('engine.data', 'Augment', {
              type: 'object',
              properties: { flip: f('engine.data', 'Flip', { type: 'boolean' }) },
            }),
          },
        }),
      },
    }),
    odd: f('elsewhere', 'Odd one', { enum: ['a', 'b'] }),
  },
};
const sections = [
  { id: 'model', label: 'Model' },
  { id: 'training', label: 'Training' },
  { id: 'data', label: 'Data' },
  { id: 'engine', label: 'Engine' },
  { id: 'engine.data', label: 'Engine data', advanced: true },
];

const labels = (rows: FormRow[]): string[] =>
  rows.map((row) =>
    row.kind === 'field'
      ? row.label
      : row.kind === 'toggle-group'
        ? `${row.toggle.label}[${row.fields.map((x) => x.label).join(',')}]`
        : `${row.label}{${labels(row.rows).join(',')}}`,
  );

describe('the form model', () => {
  const model = buildFormModel(schema, sections);

  it('lists the sections in the schema order, unknown ones after, advanced ones flagged', () => {
    expect(model.sections.map((s) => [s.id, s.advanced])).toEqual([
      ['model', false],
      ['training', false],
      ['data', false],
      ['engine', false],
      ['engine.data', true],
      ['elsewhere', false],
    ]);
  });

  it('draws a toggle with the fields it enables (in its own rows) and keeps the others in place', () => {
    const training = model.sections.find((s) => s.id === 'training');
    expect(labels(training?.rows ?? [])).toEqual(['Steps', 'Cache latents[Cache to disk]', 'Rate', 'Extra']);
    expect(training?.rows.at(-1)?.advanced).toBe(true);
  });

  it('spreads a top-level object into the sections of its fields and draws a nested one as a group', () => {
    const engine = model.sections.find((s) => s.id === 'engine');
    const data = model.sections.find((s) => s.id === 'engine.data');
    expect(labels(engine?.rows ?? [])).toEqual(['Learning rate']);
    expect(labels(data?.rows ?? [])).toEqual(['Size', 'Augment{Flip}']);
    const flip = model.entries.find((e) => e.key === 'flip');
    expect(flip?.template).toBe('engine.data.aug.flip');
  });

  it('makes a list of objects a list of item cards with paths relative to the item', () => {
    const list = model.sections.find((s) => s.id === 'data')?.rows[0];
    expect(list?.kind).toBe('items');
    if (list?.kind !== 'items') return;
    expect(list.rows.map((r) => (r as FieldModel).rel)).toEqual(['dir', 'mask']);
    expect(list.rows.map((r) => (r as FieldModel).template)).toEqual(['items.*.dir', 'items.*.mask']);
    expect(entryOfPath(model, 'items.3.mask')).toMatchObject({ sectionId: 'data', listTemplate: 'items' });
  });

  it('chooses the control from the metadata and the type', () => {
    const kinds = Object.fromEntries(
      Object.entries(schema.properties).map(([key, field]) => [key, controlKindOf(field)]),
    );
    expect(kinds).toMatchObject({
      steps: 'integer',
      base: 'path',
      cache: 'switch',
      rate: 'number',
      extra: 'key-values',
      odd: 'select',
    });
    expect(controlKindOf({ type: 'array', items: { type: 'number' } })).toBe('number-list');
    expect(controlKindOf({ type: 'array', items: { type: 'string' } })).toBe('text-list');
    expect(controlKindOf({ type: 'array', items: { type: 'array' } })).toBe('json');
    expect(
      controlKindOf({ type: 'string', 'x-dpgui': { section: 's', label: 'S', suggestions: ['a'] } }),
    ).toBe('suggest');
    expect(
      controlKindOf({ type: 'string', 'x-dpgui': { section: 's', label: 'S', widget: 'password' } }),
    ).toBe('password');
  });

  it('finds fields by label first, then key, then tooltip text, also in collapsed sections', () => {
    expect(searchFields(model, 'cache').map((e) => e.key)).toEqual(['cache', 'cache_disk']);
    expect(searchFields(model, 'flip').map((e) => [e.key, e.sectionId])).toEqual([['flip', 'engine.data']]);
    expect(searchFields(model, 'cache_disk').map((e) => e.key)).toEqual(['cache_disk']);
    expect(searchFields(model, 'in words')).toHaveLength(model.entries.length);
    expect(searchFields(model, '  ')).toEqual([]);
  });
});

describe('the sd-scripts form', () => {
  const model = buildFormModel(sdScriptsTrainer.schema, sdScriptsTrainer.sections);
  const keysOf = (id: string): string[] =>
    model.entries.filter((e) => e.sectionId === id && !e.listTemplate).map((e) => e.key);

  it('keeps network, rank and module dropout together in the network section', () => {
    const network = keysOf('network');
    const at = network.indexOf('network_dropout');
    expect(at).toBeGreaterThanOrEqual(0);
    expect(network.slice(at, at + 3)).toEqual(['network_dropout', 'rank_dropout', 'module_dropout']);
  });

  it('puts every other sd-scripts option in the advanced section, collapsed at start', () => {
    const advanced = model.sections.find((s) => s.id === 'advanced');
    expect(advanced?.advanced).toBe(true);
    expect(keysOf('advanced').length).toBeGreaterThan(80);
  });

  it('draws the image folders as item cards and the bucket switch with the bucket fields', () => {
    expect(entryOfPath(model, 'subsets.0.image_dir')).toMatchObject({
      sectionId: 'dataset',
      label: 'Image folder',
    });
    const buckets = model.sections.find((s) => s.id === 'buckets')?.rows[0];
    expect(buckets?.kind === 'toggle-group' && buckets.fields.map((x) => x.key)).toEqual([
      'bucket_no_upscale',
      'min_bucket_reso',
      'max_bucket_reso',
      'bucket_reso_steps',
    ]);
  });

  it('counts errors and changed fields per section for the index badges', () => {
    const editorSchema: EditorSchema = {
      trainer: 'sd-scripts',
      label: 'sd-scripts',
      families: sdScriptsTrainer.families,
      sections: sdScriptsTrainer.sections,
      schema: sdScriptsTrainer.schema,
      conflicts: [],
      defaults: { sdxl: sdScriptsTrainer.defaults('sdxl') },
      source: 'built-in',
    };
    const values = { ...sdScriptsTrainer.defaults('sdxl'), network_dim: 64, noise_offset: 0.1, seed: null };
    const badges = sectionBadges(model, editorSchema, { trainer: 'sd-scripts', family: 'sdxl', values }, [
      { path: 'values.network_dim', label: 'Rank', severity: 'error', message: 'is too big.' },
      {
        path: 'values.subsets.0.image_dir',
        label: 'Image folder',
        severity: 'warning',
        message: 'is empty.',
      },
    ]);
    expect(badges.network).toMatchObject({ errors: 1, changed: 1 });
    expect(badges.noise).toMatchObject({ errors: 0, changed: 1 });
    expect(badges.training).toMatchObject({ changed: 1 }); // the seed, cleared
    expect(badges.dataset).toMatchObject({ warnings: 1, changed: 0 });
  });
});

describe('values as the form reads them', () => {
  it('parses typed numbers: empty clears, integers stay whole, junk says what to type', () => {
    expect(parseNumberText('', true)).toEqual({ ok: true, value: null });
    expect(parseNumberText(' 12 ', true)).toEqual({ ok: true, value: 12 });
    expect(parseNumberText('0,5', false)).toEqual({ ok: true, value: 0.5 });
    expect(parseNumberText('1e-4', false)).toEqual({ ok: true, value: 0.0001 });
    const messageOf = (parsed: ReturnType<typeof parseNumberText>) => (parsed.ok ? '' : parsed.message);
    expect(messageOf(parseNumberText('1.5', true))).toMatch(/whole number/);
    expect(messageOf(parseNumberText('abc', false))).toMatch(/not a number/);
    expect(parseNumberListText('1, 2 3', true)).toEqual({ ok: true, value: [1, 2, 3] });
    expect(parseNumberListText('', true)).toEqual({ ok: true, value: null });
  });

  it('steps numbers within their range without float noise', () => {
    expect(stepOf({ type: 'integer' }, 4)).toBe(1);
    expect(stepOf({ type: 'number' }, 0.0001)).toBe(0.0001);
    expect(stepped(0.0001, 0.0001, 1, { type: 'number' })).toBe(0.0002);
    expect(stepped(1, 1, -5, { type: 'integer', minimum: 0 })).toBe(0);
  });

  it('marks a field changed when it differs from its default; cleared counts only where there is one', () => {
    expect(isChanged(undefined, 5)).toBe(false);
    expect(isChanged(5, 5)).toBe(false);
    expect(isChanged(6, 5)).toBe(true);
    expect(isChanged(null, 5)).toBe(true);
    expect(isChanged(null, undefined)).toBe(false);
    expect(isChanged({ a: '1' }, {})).toBe(true);
  });
});
