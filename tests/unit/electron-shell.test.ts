// The built desktop shell (out/main/index.js), run under plain Node with a recorded stand-in for
// Electron: the binary cannot run here, but its wiring can be checked — the window's security options
// and preload, the app:// protocol and its CSP, IPC, guards, the single-instance lock and the data lock.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFakeElectron, type FakeElectron } from '../support/fake-electron';
import { useTempDirs } from '../support/temp-dir';

const root = join(import.meta.dirname, '..', '..');
const builtMain = join(root, 'out', 'main', 'index.js');
const tempDir = useTempDirs();

beforeAll(() => {
  if (!existsSync(builtMain))
    throw new Error('out/main/index.js is missing: run `npm run build` first (npm test does).');
});

afterEach(() => {
  delete process.env.DPGUI_DATA_DIR;
  vi.doUnmock('electron');
  vi.resetModules();
});

async function startShell(configure: (fake: FakeElectron) => void = () => {}, dataDir = tempDir()) {
  const fake = createFakeElectron();
  configure(fake);
  process.env.DPGUI_DATA_DIR = dataDir;
  vi.resetModules();
  vi.doMock('electron', () => fake);
  await import(pathToFileURL(builtMain).href);
  await vi.waitFor(() => {
    if (fake.BrowserWindow.all.length === 0 && fake.app.quitCalls === 0 && fake.app.exitCode === null)
      throw new Error('shell not started');
  });
  return { fake, dataDir };
}

describe('the desktop shell (built)', () => {
  it('opens one sandboxed window with the bundled preload and the app:// page', async () => {
    const { fake } = await startShell();
    expect(fake.app.sandboxEnabled).toBe(true);
    expect(fake.BrowserWindow.all).toHaveLength(1);
    const window = fake.BrowserWindow.all[0];
    const prefs = window?.options.webPreferences ?? {};
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(prefs.preload).toBe(join(root, 'out', 'preload', 'index.cjs'));
    expect(existsSync(String(prefs.preload))).toBe(true);
    expect(window?.loadedUrl).toBe('app://dpgui/index.html');
    expect(fake.protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
      { scheme: 'dpgui-file', privileges: { secure: true, supportFetchAPI: true, standard: true } },
    ]);
  });

  it('keeps its data under DPGUI_DATA_DIR and holds that folder', async () => {
    const { fake, dataDir } = await startShell();
    expect(fake.app.getPath('userData')).toBe(dataDir);
    expect(existsSync(join(dataDir, 'dpgui.lock'))).toBe(true);
    fake.app.emit('will-quit');
    expect(existsSync(join(dataDir, 'dpgui.lock'))).toBe(false);
  });

  it('serves the renderer over app:// with the Content-Security-Policy, and nothing outside it', async () => {
    const { fake } = await startShell();
    const handler = fake.protocol.handlers.get('app');
    expect(handler).toBeDefined();
    if (!handler) return;
    const page = await handler({ url: 'app://dpgui/index.html' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe-eval');
    expect(await page.text()).toContain('<div id="root">');
    const script = /src="\.?(\/assets\/[^"]+\.js)"/.exec(
      readFileSync(join(root, 'out/renderer/index.html'), 'utf8'),
    );
    expect((await handler({ url: `app://dpgui${script?.[1] ?? ''}` })).headers.get('content-type')).toContain(
      'javascript',
    );
    expect((await handler({ url: 'app://dpgui/../../../etc/passwd' })).status).toBe(404);
    expect((await handler({ url: 'app://elsewhere/index.html' })).status).toBe(404);
  });

  it('answers the contract over IPC to its own page only', async () => {
    const { fake, dataDir } = await startShell();
    const invoke = fake.ipcMain.handlers.get('dpgui:request');
    const ours = { senderFrame: { url: 'app://dpgui/index.html' }, sender: {} };
    const foreign = { senderFrame: { url: 'https://example.com/' }, sender: {} };
    // The desktop host declares what it offers: native dialogs and dropped paths, no uploads.
    expect(await invoke?.(ours, { channel: 'app.info', payload: {} })).toMatchObject({
      ok: true,
      value: {
        host: 'electron',
        dataDir,
        capabilities: { nativeDialogs: true, openFolder: true, droppedFilePaths: true, uploads: false },
      },
    });
    expect(await invoke?.(foreign, { channel: 'app.info', payload: {} })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('opens the native dialogs on its window and shows a path in its folder, as contract channels', async () => {
    const { fake, dataDir } = await startShell((f) => {
      f.dialog.nextChoice = { canceled: false, filePaths: ['/models/flux.safetensors'] };
    });
    const invoke = fake.ipcMain.handlers.get('dpgui:request');
    const ours = { senderFrame: { url: 'app://dpgui/index.html' }, sender: {} };
    expect(
      await invoke?.(ours, {
        channel: 'host.openFileDialog',
        payload: { title: 'Base model', filters: [{ name: 'Models', extensions: ['safetensors'] }] },
      }),
    ).toEqual({ ok: true, value: { canceled: false, paths: ['/models/flux.safetensors'] } });
    expect(fake.dialog.opened).toEqual([
      {
        window: fake.BrowserWindow.all[0],
        options: {
          title: 'Base model',
          filters: [{ name: 'Models', extensions: ['safetensors'] }],
          properties: ['openFile'],
        },
      },
    ]);
    expect(await invoke?.(ours, { channel: 'host.showInFolder', payload: { path: dataDir } })).toEqual({
      ok: true,
      value: {},
    });
    expect(fake.shell.shownInFolder).toEqual([dataDir]);
  });

  it('asks the page to zoom from its View menu, leaving Ctrl+= / Ctrl+- / Ctrl+0 to the page', async () => {
    const { fake } = await startShell();
    const view = fake.Menu.applied?.find((item) => item.label === 'View');
    const zoomItems = (view?.submenu ?? []).filter(
      (item) => item.label?.startsWith('Zoom') || item.label === 'Actual Size',
    );
    expect(zoomItems.map((item) => [item.label, item.accelerator])).toEqual([
      ['Actual Size', 'CmdOrCtrl+0'],
      ['Zoom In', 'CmdOrCtrl+='],
      ['Zoom Out', 'CmdOrCtrl+-'],
    ]);
    // Registered, the keys would never reach the page's own zoom (and Chromium's would scale on top).
    expect(zoomItems.every((item) => item.registerAccelerator === false)).toBe(true);
    expect(JSON.stringify(fake.Menu.applied)).not.toMatch(/"role":"(zoomIn|zoomOut|resetZoom|viewMenu)"/);
    for (const item of zoomItems) item.click?.();
    expect(fake.BrowserWindow.all[0]?.webContents.sent).toEqual([
      { channel: 'dpgui:menu', message: 'zoom-reset' },
      { channel: 'dpgui:menu', message: 'zoom-in' },
      { channel: 'dpgui:menu', message: 'zoom-out' },
    ]);
  });

  it("runs python-bridge from Electron's resources folder when it ships one there", async () => {
    const resources = tempDir();
    mkdirSync(join(resources, 'python-bridge', 'dpgui_bridge'), { recursive: true });
    writeFileSync(
      join(resources, 'python-bridge', 'dpgui_bridge', '__init__.py'),
      'BRIDGE_VERSION = "from-resources"\n',
    );
    const electronProcess = process as { resourcesPath?: string };
    electronProcess.resourcesPath = resources;
    try {
      const { dataDir } = await startShell();
      expect(readdirSync(join(dataDir, 'python-bridge'))).toEqual([
        expect.stringMatching(/^from-resources-[0-9a-f]{12}$/),
      ]);
    } finally {
      delete electronProcess.resourcesPath;
    }
  });

  it('blocks navigation, new windows and permission requests; web links open in the browser', async () => {
    const { fake } = await startShell();
    const contents = fake.BrowserWindow.all[0]?.webContents;
    let prevented = false;
    contents?.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'https://evil.example/');
    expect(prevented).toBe(true);
    expect(contents?.windowOpenHandler?.({ url: 'https://github.com/' })).toEqual({ action: 'deny' });
    expect(contents?.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(fake.shell.opened).toEqual(['https://github.com/']);
    let granted: boolean | null = null;
    fake.session.defaultSession.permissionRequest?.(contents, 'media', (g) => (granted = g));
    expect(granted).toBe(false);
  });

  it('leaves at once when another DPGui already runs', async () => {
    const { fake } = await startShell((f) => (f.app.singleInstance = false));
    expect(fake.app.quitCalls).toBe(1);
    expect(fake.BrowserWindow.all).toHaveLength(0);
  });

  it('says why it cannot start when a headless host holds the data folder', async () => {
    const dataDir = tempDir();
    const { createAppCore } = await import('../../src/main/core/app-core');
    const headless = createAppCore({ dataDir, host: 'headless' });
    try {
      const { fake } = await startShell(() => {}, dataDir);
      expect(fake.app.exitCode).toBe(1);
      expect(fake.dialog.errors[0]).toMatch(/in use by a DPGui headless host \(dpgui serve\), pid \d+/);
      expect(fake.BrowserWindow.all).toHaveLength(0);
    } finally {
      headless.close();
    }
  });
});
