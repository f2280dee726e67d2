import { describe, expect, it } from 'vitest';
import { evaluateRule, fieldsOfRule } from './rules';
import { greyedFields, labelAt } from './schema-walk';
import type { ObjectSchema, Rule } from './types';

const context = {
  family: 'sdxl',
  values: {
    algo: 'loha',
    dim: 0,
    sep: '',
    on: true,
    list: [],
    subsets: [{ shuffle: false }, { shuffle: true }],
  },
};

describe('the rule language', () => {
  it.each<[string, Rule, boolean]>([
    ['equals', { field: 'algo', equals: 'loha' }, true],
    ['notEquals', { field: 'algo', notEquals: 'loha' }, false],
    ['in', { field: 'algo', in: ['lora', 'loha'] }, true],
    ['notIn', { field: 'algo', notIn: ['lora'] }, true],
    ['0 is off', { field: 'dim', truthy: true }, false],
    ['"" is off', { field: 'sep', falsy: true }, true],
    ['[] is off', { field: 'list', falsy: true }, true],
    ['absent equals null', { field: 'missing', equals: null }, true],
    ['family', { family: ['sd', 'sdxl'] }, true],
    ['some item', { some: 'subsets', where: { field: '.shuffle', truthy: true } }, true],
    ['no item', { some: 'subsets', where: { field: '.nope', truthy: true } }, false],
    ['all', { all: [{ field: 'on', truthy: true }, { family: ['flux'] }] }, false],
    ['any', { any: [{ field: 'on', falsy: true }, { family: ['sdxl'] }] }, true],
    ['not', { not: { field: 'on', truthy: true } }, false],
  ])('%s', (_, rule, expected) => {
    expect(evaluateRule(rule, context)).toBe(expected);
  });

  it('lists the fields a rule reads, for the form to watch', () => {
    expect(
      fieldsOfRule({
        all: [
          { field: 'a', truthy: true },
          { not: { field: 'b', in: [1] } },
          { some: 'c', where: { field: '.d', truthy: true } },
        ],
      }),
    ).toEqual(['a', 'b', 'c']);
  });
});

const schema: ObjectSchema = {
  type: 'object',
  properties: {
    toggle: { type: 'boolean', 'x-dpgui': { section: 's', label: 'Toggle' } },
    text: {
      type: 'string',
      'x-dpgui': {
        section: 's',
        label: 'Text',
        greyedWhen: [{ when: { field: 'toggle', falsy: true }, reason: 'Turn on the toggle.' }],
      },
    },
    xlOnly: { type: 'integer', 'x-dpgui': { section: 's', label: 'XL only', families: ['sdxl'] } },
    items: {
      type: 'array',
      'x-dpgui': { section: 's', label: 'Items' },
      items: {
        type: 'object',
        properties: {
          keep: {
            type: 'integer',
            'x-dpgui': {
              section: 's',
              label: 'Keep',
              greyedWhen: [{ when: { field: 'toggle', truthy: true }, reason: 'The toggle decides.' }],
            },
          },
          mask: {
            type: 'string',
            'x-dpgui': {
              section: 's',
              label: 'Mask',
              greyedWhen: [{ when: { field: '.reg', truthy: true }, reason: 'Not for reg items.' }],
            },
          },
        },
      },
    },
  },
};

describe('greyed fields and labels', () => {
  it('greys by rule, by family and per array item, with the reason', () => {
    const greyed = greyedFields(schema, {
      trainer: 'sd-scripts',
      family: 'sd',
      values: { toggle: true, items: [{ reg: true }, {}] },
    });
    expect(greyed).toEqual([
      { path: 'xlOnly', reason: 'Does not apply to sd.' },
      { path: 'items.0.keep', reason: 'The toggle decides.' },
      { path: 'items.0.mask', reason: 'Not for reg items.' },
      { path: 'items.1.keep', reason: 'The toggle decides.' },
    ]);
    expect(greyedFields(schema, { trainer: 'sd-scripts', family: 'sdxl', values: {} })).toEqual([
      { path: 'text', reason: 'Turn on the toggle.' },
    ]);
  });

  it('names a path by its labels, with item numbers counted from 1', () => {
    expect(labelAt(schema, 'items.2.keep')).toBe('Items › #3 › Keep');
    expect(labelAt(schema, 'unknown_key')).toBe('unknown_key');
  });
});
