import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { emitToml, formatTomlString, tomlFloat, tomlInt, typedBySchema } from './toml-emitter';

describe('the TOML emitter', () => {
  it('writes floats as floats and integers as integers, as the schema declared them', () => {
    const typed = typedBySchema(
      { alpha: 16, dim: 16, lr: 0.0001, tiny: 1e-7, big: 1e21, list: [1, 2], off: null },
      {
        type: 'object',
        properties: {
          alpha: { type: 'number' },
          dim: { type: 'integer' },
          lr: { type: 'number' },
          tiny: { type: 'number' },
          big: { type: 'number' },
          list: { type: 'array', items: { type: 'number' } },
        },
      },
    );
    expect(emitToml(typed as never)).toBe(
      'alpha = 16.0\ndim = 16\nlr = 0.0001\ntiny = 1e-7\nbig = 1e21\nlist = [1.0, 2.0]\n',
    );
  });

  it('writes tables after keys, arrays of tables nested, and the header as comments', () => {
    const text = emitToml(
      {
        top: 'x',
        general: { resolution: [tomlInt(1024), tomlInt(768)] },
        datasets: [{ subsets: [{ image_dir: '/a' }, { image_dir: '/b', w: tomlFloat(1) }] }],
      },
      ['Written by DPGui', 'second\nline'],
    );
    expect(text).toBe(
      '# Written by DPGui\n# second line\n\ntop = "x"\n\n[general]\nresolution = [1024, 768]\n\n[[datasets]]\n\n[[datasets.subsets]]\nimage_dir = "/a"\n\n[[datasets.subsets]]\nimage_dir = "/b"\nw = 1.0\n',
    );
    expect(parse(text)).toEqual({
      top: 'x',
      general: { resolution: [1024, 768] },
      datasets: [{ subsets: [{ image_dir: '/a' }, { image_dir: '/b', w: 1 }] }],
    });
  });

  it('escapes what TOML needs escaped and quotes keys that are not bare', () => {
    const awkward = 'a"b\\c\nd\te\u0001 ü';
    expect(formatTomlString(awkward)).toBe('"a\\"b\\\\c\\nd\\te\\u0001 ü"');
    const text = emitToml({ 'odd key.x': awkward });
    expect(text).toBe(`"odd key.x" = ${formatTomlString(awkward)}\n`);
    expect(parse(text)).toEqual({ 'odd key.x': awkward });
  });

  it('leaves out undefined and null, and answers the same bytes for the same input', () => {
    const doc = { a: tomlInt(1), b: undefined, c: { d: true } };
    expect(emitToml(doc)).toBe('a = 1\n\n[c]\nd = true\n');
    expect(emitToml(doc)).toBe(emitToml(structuredClone(doc)));
  });
});
