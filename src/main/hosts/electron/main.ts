/**
 * The desktop app's entry: the only module tree of src/main that knows Electron. It takes the
 * single-instance lock, starts the same core as `dpgui serve`, and wires it to IPC and one window.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppCore, type AppCore } from '../../core/app-core';
import { DataDirBusyError } from '../../core/data-dir/data-dir-lock';
import { describeIoError } from '../../core/fs/describe-io-error';
import { ipcWire } from '../../../shared/contract/wire';
import { appMenuTemplate } from './app-menu';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { fileSchemePrivileges, serveFiles } from './file-protocol';
import { registerIpcRouter } from './ipc-router';
import { allowedRendererOrigins, appEntryUrl } from './renderer-origin';
import { createDesktopChannels } from './desktop-channels';
import { electronCapabilities } from './electron-capabilities';
import { denyPermissions, guardWindow } from './window-guards';
import { buildWindowOptions } from './window-options';

const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));
// Electron's own field of process (absent under plain Node, where the shell's tests run it).
const { resourcesPath } = process as { resourcesPath?: string };

if (process.env.DPGUI_DATA_DIR) app.setPath('userData', process.env.DPGUI_DATA_DIR);
app.enableSandbox();
registerAppScheme([fileSchemePrivileges()]);

let core: AppCore | null = null;
let mainWindow: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  // Another DPGui window is open: it gets focused (below, in that process) and this one leaves.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.whenReady().then(start, (error: unknown) => fail(String(error)));
}

function start(): void {
  const dataDir = app.getPath('userData');
  try {
    core = createAppCore({
      dataDir,
      host: 'electron',
      capabilities: electronCapabilities,
      // Native dialogs on the app's window, and "show in folder": app.info says so because they are here.
      desktopChannels: createDesktopChannels({ dialog, shell }, () => mainWindow),
      // Packaged, python-bridge is in the app's resources (electron-builder.yml's extraResources).
      bridgeSearchDirs: resourcesPath ? [join(resourcesPath, 'python-bridge')] : [],
      checkResponses: !app.isPackaged,
    });
  } catch (error) {
    fail(
      error instanceof DataDirBusyError
        ? error.message
        : `DPGui cannot use its data folder ${dataDir}: ${describeIoError(error)}`,
    );
    return;
  }
  denyPermissions(session.defaultSession);
  serveRenderer(rendererDir);
  serveFiles(core.files);
  registerIpcRouter(ipcMain, core, allowedRendererOrigins(devServerUrl));
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate(process.platform, (command) => mainWindow?.webContents.send(ipcWire.menu, command)),
    ),
  );
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

function createWindow(): void {
  const window = new BrowserWindow(buildWindowOptions(preloadPath));
  guardWindow(window);
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  mainWindow = window;
  void window.loadURL(devServerUrl ?? appEntryUrl);
}

function fail(message: string): void {
  dialog.showErrorBox('DPGui cannot start', message);
  app.exit(1);
}

app.on('window-all-closed', () => {
  // The tray issue keeps DPGui running here; until then closing the window quits (macOS: as usual).
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => core?.close());
