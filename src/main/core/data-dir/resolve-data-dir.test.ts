import { describe, expect, it } from 'vitest';
import { resolveDataDir } from './resolve-data-dir';

const base = { env: {}, platform: 'linux' as const, home: '/home/mira', cwd: '/work' };

describe('the data folder', () => {
  it('follows --data-dir, then DPGUI_DATA_DIR, then the desktop app’s own folder', () => {
    expect(resolveDataDir({ ...base, flag: 'runs', env: { DPGUI_DATA_DIR: '/srv/d' } })).toBe('/work/runs');
    expect(resolveDataDir({ ...base, env: { DPGUI_DATA_DIR: '/srv/d' } })).toBe('/srv/d');
    expect(resolveDataDir({ ...base, env: { DPGUI_DATA_DIR: '  ' } })).toBe('/home/mira/.config/DPGui');
    expect(resolveDataDir({ ...base, env: { XDG_CONFIG_HOME: '/x' } })).toBe('/x/DPGui');
  });

  it('matches Electron’s userData on macOS and Windows', () => {
    expect(resolveDataDir({ ...base, platform: 'darwin', home: '/Users/mira' })).toBe(
      '/Users/mira/Library/Application Support/DPGui',
    );
    expect(
      resolveDataDir({ ...base, platform: 'win32', env: { APPDATA: 'C:\\Users\\m\\AppData\\Roaming' } }),
    ).toMatch(/Roaming.DPGui$/);
  });
});
