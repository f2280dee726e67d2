// The desktop channels as the renderer calls them, through the core's dispatcher, with the recorded
// stand-in for Electron's dialog and shell (the binary cannot run here).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeElectron, FakeBrowserWindow } from '../../../../tests/support/fake-electron';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { createAppCore, type AppCore } from '../../core/app-core';
import { createDesktopChannels } from './desktop-channels';
import { electronCapabilities } from './electron-capabilities';

const tempDir = useTempDirs();
const cores: AppCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.close();
});

function startDesktop(withWindow = true) {
  const fake = createFakeElectron();
  const window = withWindow ? new FakeBrowserWindow({}) : null;
  const channels = createDesktopChannels(fake, () => window);
  const core = createAppCore({
    dataDir: tempDir(),
    host: 'electron',
    capabilities: electronCapabilities,
    desktopChannels: channels,
    supervise: false,
    checkResponses: true,
  });
  cores.push(core);
  return { fake, window, core };
}

describe("the desktop app's native dialogs and show-in-folder", () => {
  it('opens a file dialog on the app window with the filters asked, and answers the chosen paths', async () => {
    const { fake, window, core } = startDesktop();
    fake.dialog.nextChoice = {
      canceled: false,
      filePaths: ['/models/a.safetensors', '/models/b.safetensors'],
    };
    const answer = await core.dispatch('host.openFileDialog', {
      title: 'Choose the base model',
      defaultPath: '/models',
      filters: [{ name: 'Models', extensions: ['safetensors', 'ckpt'] }],
      multiple: true,
    });
    expect(answer).toEqual({
      ok: true,
      value: { canceled: false, paths: ['/models/a.safetensors', '/models/b.safetensors'] },
    });
    expect(fake.dialog.opened).toEqual([
      {
        window,
        options: {
          title: 'Choose the base model',
          defaultPath: '/models',
          filters: [{ name: 'Models', extensions: ['safetensors', 'ckpt'] }],
          properties: ['openFile', 'multiSelections'],
        },
      },
    ]);
  });

  it('opens a folder dialog, and a closed dialog answers canceled with no paths', async () => {
    const { fake, core } = startDesktop(false);
    fake.dialog.nextChoice = { canceled: true, filePaths: ['/ignored'] };
    expect(await core.dispatch('host.openFolderDialog', { title: 'Output folder' })).toEqual({
      ok: true,
      value: { canceled: true, paths: [] },
    });
    expect(fake.dialog.opened).toEqual([
      { window: null, options: { title: 'Output folder', properties: ['openDirectory', 'createDirectory'] } },
    ]);
  });

  it('shows an existing path in its folder, and refuses a missing or relative one with a sentence', async () => {
    const { fake, core } = startDesktop();
    const folder = join(tempDir(), 'run1');
    mkdirSync(folder);
    expect(await core.dispatch('host.showInFolder', { path: folder })).toEqual({ ok: true, value: {} });
    expect(fake.shell.shownInFolder).toEqual([folder]);
    expect(await core.dispatch('host.showInFolder', { path: join(folder, 'gone') })).toMatchObject({
      ok: false,
      error: {
        code: 'not_found',
        message: `"${join(folder, 'gone')}" does not exist, so it cannot be shown in its folder.`,
      },
    });
    expect(await core.dispatch('host.showInFolder', { path: 'run1' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(fake.shell.shownInFolder).toHaveLength(1);
  });

  it('says in app.info exactly what it provides: dialogs and show-in-folder only when they are given', async () => {
    const { core } = startDesktop();
    expect(core.info.capabilities).toEqual(electronCapabilities);
    expect(core.info.capabilities).toMatchObject({ nativeDialogs: true, openFolder: true });
    const bare = createAppCore({
      dataDir: tempDir(),
      host: 'electron',
      capabilities: electronCapabilities,
      supervise: false,
    });
    cores.push(bare);
    expect(bare.info.capabilities).toMatchObject({ nativeDialogs: false, openFolder: false });
    expect(await bare.dispatch('host.openFileDialog', {})).toMatchObject({
      ok: false,
      error: {
        code: 'not_found',
        message: expect.stringMatching(
          /^host\.openFileDialog is not offered by this host \(the desktop app/,
        ) as string,
      },
    });
  });
});
