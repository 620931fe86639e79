/**
 * A hand-written stand-in for the parts of `electron` that main/app and the preload use, for
 * tests under plain Node (the Electron binary is not available here, and importing the real
 * module would try to download it). Use it with:
 *
 *   vi.mock('electron', () => import('./app-electron-stub'));
 *   import * as electron from './app-electron-stub';
 *
 * It records what the code under test does (constructor options, handlers, channels) so the
 * tests can check it, and it behaves like Electron where that matters (a second ipcMain.handle
 * on the same channel throws).
 */
import { EventEmitter } from 'node:events';

type Handler = (...args: unknown[]) => unknown;

/** A preventable event like Electron's, carrying `url` for navigation events. */
export class FakeEvent {
  defaultPrevented = false;
  constructor(
    public readonly url = '',
    public readonly isMainFrame = true,
  ) {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  /** Emits a navigation-like event the way Electron does and says whether it was blocked. */
  tryEvent(name: string, url = '', isMainFrame = true): boolean {
    const event = new FakeEvent(url, isMainFrame);
    this.emit(name, event, url);
    return event.defaultPrevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  shown = false;
  maximized = false;
  bounds: { x: number; y: number; width: number; height: number };

  constructor(public readonly options: Record<string, unknown>) {
    super();
    this.bounds = {
      x: (options.x as number) ?? 100,
      y: (options.y as number) ?? 100,
      width: (options.width as number) ?? 800,
      height: (options.height as number) ?? 600,
    };
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return { ...this.bounds };
  }
}
export { FakeBrowserWindow as BrowserWindow };

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handleCalls: 0,
  handle(channel: string, handler: Handler): void {
    this.handleCalls += 1;
    // Electron refuses a second handler on one channel; so does the stub.
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
};

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, Handler>(),
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: Handler): void {
    this.handlers.set(scheme, handler);
  },
};

export class FakeSession {
  permissionRequestHandler: Handler | null = null;
  permissionCheckHandler: Handler | null = null;
  devicePermissionHandler: Handler | null = null;
  headersReceived: Handler | null = null;
  webRequest = {
    onHeadersReceived: (handler: Handler): void => {
      this.headersReceived = handler;
    },
  };
  setPermissionRequestHandler(handler: Handler): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: Handler): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: Handler): void {
    this.devicePermissionHandler = handler;
  }
}

export const session = { defaultSession: new FakeSession() };

export const app = {
  isPackaged: false,
  getVersion: (): string => '0.1.0-test',
  getPath: (_name: string): string => '/tmp/station-desk-stub',
  getAppPath: (): string => '/tmp/station-desk-stub-app',
};

export const screen = {
  displays: [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
  getAllDisplays(): { workArea: { x: number; y: number; width: number; height: number } }[] {
    return this.displays;
  },
};

export const dialog = {
  errors: [] as { title: string; content: string }[],
  messages: [] as Record<string, unknown>[],
  showErrorBox(title: string, content: string): void {
    this.errors.push({ title, content });
  },
  showMessageBox(options: Record<string, unknown>): Promise<{ response: number }> {
    this.messages.push(options);
    return Promise.resolve({ response: 0 });
  },
};

export const Menu = {
  current: null as unknown,
  buildFromTemplate: (template: unknown[]): { template: unknown[] } => ({ template }),
  setApplicationMenu(menu: unknown): void {
    this.current = menu;
  },
};

/** A reversible fake "encryption" (a fixed prefix plus every byte XORed) for tests only. */
const MAGIC = Buffer.from('FAKEENC1');
export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret',
  isEncryptionAvailable(): boolean {
    return this.available;
  },
  getSelectedStorageBackend(): string {
    return this.backend;
  },
  encryptString(text: string): Buffer {
    const plain = Buffer.from(text, 'utf8');
    return Buffer.concat([MAGIC, plain.map((b) => b ^ 0x5a)]);
  },
  decryptString(data: Buffer): string {
    if (!data.subarray(0, MAGIC.length).equals(MAGIC))
      throw new Error('Error while decrypting the ciphertext');
    return Buffer.from(data.subarray(MAGIC.length).map((b) => b ^ 0x5a)).toString('utf8');
  },
};

export const shell = {
  opened: [] as string[],
  openExternal(url: string): Promise<void> {
    this.opened.push(url);
    return Promise.resolve();
  },
};

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.set(key, api);
  },
};

export const ipcRenderer = {
  invoked: [] as { channel: string; args: unknown[] }[],
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return Promise.resolve({ ok: true, value: null });
  },
};

/** Forgets everything recorded, between tests. */
export function resetStub(): void {
  FakeBrowserWindow.instances = [];
  ipcMain.handlers.clear();
  ipcMain.handleCalls = 0;
  protocol.privileged = [];
  protocol.handlers.clear();
  session.defaultSession = new FakeSession();
  app.isPackaged = false;
  dialog.errors = [];
  dialog.messages = [];
  Menu.current = null;
  safeStorage.available = true;
  safeStorage.backend = 'gnome_libsecret';
  shell.opened = [];
  contextBridge.exposed.clear();
  ipcRenderer.invoked = [];
}

export default {
  BrowserWindow: FakeBrowserWindow,
  ipcMain,
  protocol,
  session,
  app,
  screen,
  dialog,
  Menu,
  safeStorage,
  shell,
  contextBridge,
  ipcRenderer,
};
