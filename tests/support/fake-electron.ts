/**
 * Just enough of Electron's main-process API for the built shell (out/main/index.js) to run under
 * plain Node: it records what the shell asks for, so tests can check the wiring without the binary.
 */
import { EventEmitter } from 'node:events';

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: { channel: string; message: unknown }[] = [];
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return false;
  }
  send(channel: string, message: unknown): void {
    this.sent.push({ channel, message });
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.all;
  }
  webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  constructor(public options: { webPreferences?: Record<string, unknown> }) {
    super();
    FakeBrowserWindow.all.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show(): void {}
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
}

class FakeApp extends EventEmitter {
  isPackaged = true;
  singleInstance = true;
  sandboxEnabled = false;
  quitCalls = 0;
  exitCode: number | null = null;
  paths = new Map<string, string>([['userData', '/nonexistent/DPGui']]);
  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }
  getPath(name: string): string {
    return this.paths.get(name) ?? '';
  }
  enableSandbox(): void {
    this.sandboxEnabled = true;
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  quit(): void {
    this.quitCalls++;
  }
  exit(code: number): void {
    this.exitCode = code;
  }
}

export class FakeIpcMain extends EventEmitter {
  handlers = new Map<string, (event: unknown, message: unknown) => unknown>();
  handle(channel: string, handler: (event: unknown, message: unknown) => unknown): void {
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

export interface FakeSession {
  permissionRequest:
    ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null;
  permissionCheck: (() => boolean) | null;
  setPermissionRequestHandler(handler: FakeSession['permissionRequest']): void;
  setPermissionCheckHandler(handler: FakeSession['permissionCheck']): void;
}

/** A menu item as the shell builds it (the fields the tests read). */
export interface MenuTemplateItem {
  label?: string;
  role?: string;
  accelerator?: string;
  registerAccelerator?: boolean;
  click?: () => void;
  submenu?: MenuTemplateItem[];
}

export function createFakeElectron() {
  const session: FakeSession = {
    permissionRequest: null,
    permissionCheck: null,
    setPermissionRequestHandler(handler) {
      this.permissionRequest = handler;
    },
    setPermissionCheckHandler(handler) {
      this.permissionCheck = handler;
    },
  };
  const protocol = {
    privileged: [] as unknown[],
    handlers: new Map<string, (request: { url: string }) => Promise<Response>>(),
    registerSchemesAsPrivileged(schemes: unknown[]) {
      this.privileged.push(...schemes);
    },
    handle(scheme: string, handler: (request: { url: string }) => Promise<Response>) {
      this.handlers.set(scheme, handler);
    },
  };
  const shell = {
    opened: [] as string[],
    openExternal(url: string) {
      this.opened.push(url);
      return Promise.resolve();
    },
    shownInFolder: [] as string[],
    showItemInFolder(path: string) {
      this.shownInFolder.push(path);
    },
  };
  const dialog = {
    errors: [] as string[],
    showErrorBox(title: string, message: string) {
      this.errors.push(`${title}: ${message}`);
    },
    /** What each open dialog was asked (its window, if any, and its options). */
    opened: [] as { window: unknown; options: Record<string, unknown> }[],
    /** The user's choice the next dialog answers (default: canceled). */
    nextChoice: { canceled: true, filePaths: [] as string[] },
    showOpenDialog(...args: unknown[]) {
      const [window, options] = args.length === 2 ? args : [null, args[0]];
      this.opened.push({ window, options: options as Record<string, unknown> });
      return Promise.resolve(this.nextChoice);
    },
  };
  const Menu = {
    /** The template of the application menu the shell set (null until it does). */
    applied: null as MenuTemplateItem[] | null,
    buildFromTemplate(template: MenuTemplateItem[]) {
      return { template };
    },
    setApplicationMenu(menu: { template: MenuTemplateItem[] } | null) {
      this.applied = menu?.template ?? null;
    },
  };
  FakeBrowserWindow.all = [];
  return {
    Menu,
    app: new FakeApp(),
    BrowserWindow: FakeBrowserWindow,
    ipcMain: new FakeIpcMain(),
    session: { defaultSession: session },
    protocol,
    shell,
    dialog,
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
