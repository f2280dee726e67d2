/** The launch line, download names, the origin text and which dropped files the editor takes. */
import { describe, expect, it } from 'vitest';
import { configDrop } from './use-config-drop';
import { downloadName } from './download-files';
import { launchCommand } from './launch-command';
import { originText, savedPresetOf } from './preset-origin';

describe('files odds and ends', () => {
  it('writes the launch as one pasteable line', () => {
    expect(
      launchCommand({ script: 'sdxl_train_network.py', args: ['--config_file', '/runs/a b/config.toml'] }),
    ).toBe("sdxl_train_network.py --config_file '/runs/a b/config.toml'");
    expect(launchCommand({ args: ["it's"] })).toBe(`'it'"'"'s'`);
  });

  it('downloads under the bare file name', () => {
    expect(downloadName('sub/dataset.toml')).toBe('dataset.toml');
    expect(downloadName('config.toml')).toBe('config.toml');
  });

  it('names the preset in the editor, and only a saved one can be saved over', () => {
    const builtIn = { kind: 'preset', presetId: 'builtin:sdxl', name: 'SDXL LoRA', builtIn: true } as const;
    expect(originText(builtIn)).toBe('Preset: SDXL LoRA (built-in, read-only)');
    expect(savedPresetOf(builtIn)).toBeNull();
    expect(savedPresetOf({ ...builtIn, builtIn: false, presetId: 'p1' })).toEqual({
      presetId: 'p1',
      name: 'SDXL LoRA',
    });
    expect(originText({ kind: 'import', fileName: 'a.toml' })).toBe('Imported: a.toml');
  });

  it('takes a drop of config files only, with their paths where the desktop gives all of them', () => {
    const file = (name: string) => ({ name });
    expect(configDrop([file('a.toml'), file('b.toml')], ['/x/a.toml', '/x/b.toml'])).toEqual({
      take: true,
      paths: ['/x/a.toml', '/x/b.toml'],
    });
    expect(configDrop([file('a.toml')], [null])).toEqual({ take: true, paths: null });
    expect(configDrop([file('a.toml'), file('photos')], [null, null])).toEqual({ take: false });
    expect(configDrop([], [])).toEqual({ take: false });
  });
});
