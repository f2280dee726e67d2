/** The import summary's grouping and the pass-through choices, with plain values. */
import { describe, expect, it } from 'vitest';
import type { TrainerConfig } from '../../../../../shared/contract/configs';
import type { ObjectSchema, SectionDef } from '../../../../../shared/trainers/common/types';
import {
  applyPassThrough,
  groupLanded,
  passThroughRows,
  setPassThrough,
  shortValue,
} from './import-summary-model';

const schema: ObjectSchema = {
  type: 'object',
  properties: {
    network_dim: { type: 'integer', 'x-dpgui': { section: 'network', label: 'Network dim' } },
    learning_rate: { type: 'number', 'x-dpgui': { section: 'optimizer', label: 'Learning rate' } },
    subsets: {
      type: 'array',
      'x-dpgui': { section: 'dataset', label: 'Subsets' },
      items: {
        type: 'object',
        properties: {
          image_dir: { type: 'string', 'x-dpgui': { section: 'dataset', label: 'Image folder' } },
        },
      },
    },
    odd: { type: 'string', 'x-dpgui': { section: 'gone', label: 'Odd' } },
  },
};
const sections: SectionDef[] = [
  { id: 'dataset', label: 'Dataset' },
  { id: 'network', label: 'Network' },
  { id: 'optimizer', label: 'Optimizer' },
];
const config: TrainerConfig = { trainer: 'sd-scripts', family: 'sdxl', values: { network_dim: 8 } };

describe('what landed where', () => {
  it("groups the files' values by the form's sections, in the form's order, each with its field label", () => {
    const landed = groupLanded(schema, sections, [
      'values.learning_rate',
      'values.network_dim',
      'values.subsets.0.image_dir',
      'values.odd',
      'values.not_in_schema',
    ]);
    expect(landed).toEqual([
      {
        id: 'dataset',
        label: 'Dataset',
        fields: [{ path: 'subsets.0.image_dir', label: 'Subsets › #1 › Image folder' }],
      },
      { id: 'network', label: 'Network', fields: [{ path: 'network_dim', label: 'Network dim' }] },
      { id: 'optimizer', label: 'Optimizer', fields: [{ path: 'learning_rate', label: 'Learning rate' }] },
      {
        id: '',
        label: 'Other',
        fields: [
          { path: 'odd', label: 'Odd' },
          { path: 'not_in_schema', label: 'not_in_schema' },
        ],
      },
    ]);
  });

  it('says nothing landed when the files set nothing', () => {
    expect(groupLanded(schema, sections, [])).toEqual([]);
  });
});

describe('pass-through', () => {
  const unknown = [
    { path: 'config.optimizer_args.d_coef', value: 2, passThroughKey: 'config.optimizer_args.d_coef' },
    { path: 'config.my_fork_only_option', value: 'x', passThroughKey: 'my_fork_only_option' },
    { path: 'config.subsets.0.weird', value: true },
  ];

  it('puts only the chosen keys that can be written back into config.passThrough, under their key', () => {
    const chosen = new Set(['config.my_fork_only_option', 'config.subsets.0.weird']);
    expect(applyPassThrough(config, unknown, chosen)).toEqual({
      ...config,
      passThrough: { my_fork_only_option: 'x' },
    });
    expect(applyPassThrough(config, unknown, new Set())).toBe(config);
  });

  it('keeps the pass-through keys the config had', () => {
    const had = { ...config, passThrough: { kept: 1 } };
    expect(applyPassThrough(had, unknown, new Set(['config.optimizer_args.d_coef'])).passThrough).toEqual({
      kept: 1,
      'config.optimizer_args.d_coef': 2,
    });
  });

  it('switches one key on and off; the last one off leaves no passThrough', () => {
    const on = setPassThrough(config, 'my_fork_only_option', 'x');
    expect(on.passThrough).toEqual({ my_fork_only_option: 'x' });
    expect(setPassThrough(on, 'my_fork_only_option', undefined)).toEqual(config);
  });

  it("lists the config's pass-through keys, then the last import's keys not passed, saying which cannot be", () => {
    const passed = { ...config, passThrough: { my_fork_only_option: 'x', from_a_preset: 3 } };
    expect(passThroughRows(passed, unknown)).toEqual([
      {
        key: 'my_fork_only_option',
        from: 'config.my_fork_only_option',
        value: 'x',
        passed: true,
        blocked: null,
      },
      { key: 'from_a_preset', value: 3, passed: true, blocked: null },
      {
        key: 'config.optimizer_args.d_coef',
        from: 'config.optimizer_args.d_coef',
        value: 2,
        passed: false,
        blocked: null,
      },
      {
        key: 'config.subsets.0.weird',
        from: 'config.subsets.0.weird',
        value: true,
        passed: false,
        blocked: expect.stringMatching(/cannot be written back/i) as unknown,
      },
    ]);
  });

  it('shows a value short and as written', () => {
    expect(shortValue('0.1')).toBe('"0.1"');
    expect(shortValue([1, 2])).toBe('[1,2]');
    expect(shortValue('x'.repeat(200))).toHaveLength(80);
  });
});
