import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { overlayOnDefaults } from './import-defaults';
import { addPassThrough, confirmAll, passThroughKeyOf, passThroughPlace } from './pass-through';
import type { FieldSchema } from './types';
import { emitToml, tomlInt, type TomlTable } from './toml-emitter';

describe('a pass-through key names its file and its place in it', () => {
  it('reads and builds keys of either file, an array item by its index', () => {
    expect(passThroughPlace('dataset.datasets.0.subsets.1.x')).toEqual({
      file: 'dataset',
      path: ['datasets', '0', 'subsets', '1', 'x'],
    });
    expect(passThroughKeyOf('config', ['optimizer', 'd_coef'])).toBe('config.optimizer.d_coef');
    // A key of the older shape (sd-scripts' top-level option) stays a key of the main config.
    expect(passThroughPlace('my_option')).toEqual({ file: 'config', path: ['my_option'] });
    expect(passThroughPlace('config')).toEqual({ file: 'config', path: ['config'] });
  });

  it('writes each key at its place in its own file, over what the form wrote there', () => {
    const config: TomlTable = { batch: tomlInt(1), optimizer: { type: 'adamw' } };
    const dataset: TomlTable = { directory: [{ path: '/a' }] };
    const passThrough = {
      'config.batch': [[512, 4]],
      'config.optimizer.d_coef': 2,
      'config.monitoring.x': 'y',
      'dataset.directory.0.mask': '/m',
      'dataset.directory.3.mask': '/gone',
      legacy: true,
    };
    addPassThrough(config, passThrough, 'config');
    addPassThrough(dataset, passThrough, 'dataset');
    // As the file reads back.
    const read = (table: TomlTable) => parse(emitToml(table));
    expect(read(config)).toEqual({
      batch: [[512, 4]],
      optimizer: { type: 'adamw', d_coef: 2 },
      monitoring: { x: 'y' },
      legacy: true,
    });
    // A folder since removed is not made up.
    expect(read(dataset)).toEqual({ directory: [{ path: '/a', mask: '/m' }] });
  });

  it('confirming every key copies each listed value under its pass-through key', () => {
    expect(
      confirmAll([
        { passThroughKey: 'config.a', value: 1 },
        { value: 2 }, // no place to write it back
      ]),
    ).toEqual({ 'config.a': 1 });
  });
});

describe("an import's values over the family's defaults", () => {
  const properties: Record<string, FieldSchema> = {
    model: { type: 'object', properties: { dtype: { type: 'string' }, path: { type: 'string' } } },
    args: { type: 'object' },
    folders: { type: 'array' },
  };
  const defaults = { model: { dtype: 'bf16', path: '' }, args: { a: 1 }, folders: [{ p: '/d' }], lr: 1 };

  it('groups key by key, anything else whole, and says which values came from the files', () => {
    const { values, fromFile } = overlayOnDefaults(
      defaults,
      { model: { path: '/m' }, args: { b: 2 }, folders: [] },
      properties,
    );
    expect(values).toEqual({ model: { dtype: 'bf16', path: '/m' }, args: { b: 2 }, folders: [], lr: 1 });
    expect(fromFile).toEqual(['values.model.path', 'values.args', 'values.folders']);
    expect(defaults.model.path).toBe(''); // the defaults are left as they are
  });
});
