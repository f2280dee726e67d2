import { describe, expect, it } from 'vitest';
import type { EditorSchema } from '../state/editor-schema';
import { newConfig, startingFamily, withFamily } from './new-config';

const schema = {
  trainer: 'sd-scripts',
  label: 'sd-scripts',
  families: [
    { id: 'sd', label: 'SD' },
    { id: 'sdxl', label: 'SDXL' },
    { id: 'flux', label: 'FLUX' },
  ],
  sections: [],
  conflicts: [],
  source: 'built-in',
  schema: {
    type: 'object',
    properties: {
      resolution: { type: 'integer' },
      network_dim: { type: 'integer' },
      clip_skip: { type: 'integer', 'x-dpgui': { families: ['sd'] } },
      t5xxl: { type: 'string', 'x-dpgui': { families: ['flux'] } },
    },
  },
  defaults: {
    sd: { resolution: 512, network_dim: 16, clip_skip: 1 },
    sdxl: { resolution: 1024, network_dim: 16 },
    flux: { resolution: 1024, network_dim: 16, t5xxl: '' },
  },
} as unknown as EditorSchema;

describe('a new config and a family change', () => {
  it('starts with SDXL where the trainer has it, with that family defaults (a copy)', () => {
    expect(startingFamily(schema)).toBe('sdxl');
    const config = newConfig(schema);
    expect(config).toEqual({
      trainer: 'sd-scripts',
      family: 'sdxl',
      values: { resolution: 1024, network_dim: 16 },
    });
    expect(config.values).not.toBe(schema.defaults.sdxl);
  });

  it("keeps the user's values that still apply and takes the new family's defaults for the rest", () => {
    const sd = {
      trainer: 'sd-scripts' as const,
      family: 'sd',
      values: { resolution: 512, network_dim: 32, clip_skip: 2 },
    };
    // resolution was SD's default: it becomes SDXL's; network_dim was changed: kept; clip_skip is SD only.
    expect(withFamily(schema, sd, 'sdxl')).toEqual({
      trainer: 'sd-scripts',
      family: 'sdxl',
      values: { resolution: 1024, network_dim: 32 },
    });
    const changedResolution = { ...sd, values: { ...sd.values, resolution: 768 } };
    expect(withFamily(schema, changedResolution, 'flux').values).toEqual({
      resolution: 768,
      network_dim: 32,
      t5xxl: '',
    });
  });
});
