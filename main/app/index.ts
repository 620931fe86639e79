import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, session, type BrowserWindow } from 'electron';
import { StationError } from '../api/errors';
import { closeStation, openStation, type ServiceContext } from '../services/context';
import { bindIpc } from './ipc';
import { safeStorageKeyStore } from './key-store';
import { installMenu } from './menu';
import { resolveNativeBinding } from './native-binding';
import { electronPdfMaker } from './pdf';
import { devServerUrl } from './origin';
import { registerAppScheme, serveApp } from './protocol';
import { hardenSession, hardenWebContents } from './security';
import { createMainWindow } from './window';
import { startUploader, type Uploader } from '../services/packages/upload';
import { startBackupScheduler } from '../services/backup';

/**
 * The Electron entry: lifecycle only. Everything it wires up lives in its own module:
 * protocol.ts (app://), security.ts (hardening), ipc.ts (the API), window.ts, menu.ts,
 * key-store.ts (safeStorage), pdf.ts (PDFs of the wall notices).
 */

// This file is bundled to out/main/index.js; the preload and the renderer are built next to it.
const here = dirname(fileURLToPath(import.meta.url));
const PRELOAD_PATH = join(here, '../preload/index.cjs');
const RENDERER_ROOT = join(here, '../renderer');

// Before ready: every renderer sandboxed, and app:// registered as a standard secure scheme.
app.enableSandbox();
registerAppScheme();
if (process.platform === 'win32') app.setAppUserModelId('cn.station-desk.app');

let ctx: ServiceContext | null = null;
let uploader: Uploader | null = null;
let backups: { stop(): void } | null = null;
let mainWindow: BrowserWindow | null = null;

function dataDirectory(): string {
  return process.env.STATION_DATA_DIR || join(app.getPath('userData'), 'data');
}

function fail(title: string, message: string): void {
  dialog.showErrorBox(title, message);
  app.exit(1);
}

async function start(): Promise<void> {
  const devServer = devServerUrl();
  hardenSession(session.defaultSession, devServer);
  serveApp(RENDERER_ROOT);

  const dataDir = dataDirectory();
  try {
    ctx = await openStation(dataDir, {
      keyStore: safeStorageKeyStore(dataDir),
      mode: 'electron',
      appVersion: app.getVersion(),
      nativeBinding: resolveNativeBinding({
        env: process.env,
        isPackaged: app.isPackaged,
        appPath: app.getAppPath(),
        electronVersion: process.versions.electron,
      }),
    });
  } catch (error) {
    // The data file is left exactly as it was: openStation refuses damaged or newer files
    // before writing anything, and we quit without retrying.
    if (error instanceof StationError) {
      fail('联络站工作台无法打开数据文件', `${error.message}\n\n数据文件夹：${dataDir}`);
    } else {
      console.error('[station-desk] start-up failed:', error);
      fail(
        '联络站工作台启动失败',
        `程序启动时出错：${error instanceof Error ? error.message : String(error)}\n\n数据文件没有改动。请记下这段文字并联系技术人员。`,
      );
    }
    return;
  }

  // Wall notices' PDFs: a hidden window of our own page (main/app/pdf.ts).
  ctx.pdf = electronPdfMaker({ preloadPath: PRELOAD_PATH, devServer, devTools: false });
  bindIpc(ctx, devServer);
  // Packages go up to the county in the background whenever the network is there.
  uploader = startUploader(ctx);
  // Today's automatic backup, checked soon after start and then hourly.
  backups = startBackupScheduler(ctx);
  installMenu();
  mainWindow = createMainWindow({
    preloadPath: PRELOAD_PATH,
    stateFile: join(app.getPath('userData'), 'window-state.json'),
    devServer,
    devTools: !app.isPackaged,
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another copy is running: it gets the focus (below), this one leaves at once.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });

  // Any web contents, not only the main window's, gets the same navigation rules.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, devServerUrl()));

  // One window: closing it quits, on every platform.
  app.on('window-all-closed', () => app.quit());

  app.on('will-quit', (event) => {
    if (!ctx) return;
    // Close the database cleanly (checkpoint the WAL) before the process ends.
    event.preventDefault();
    const closing = ctx;
    ctx = null;
    const stopping = uploader;
    uploader = null;
    backups?.stop();
    backups = null;
    Promise.resolve(stopping?.stop())
      .then(() => closeStation(closing))
      .catch((error: unknown) => console.error('[station-desk] closing the station failed:', error))
      .finally(() => app.quit());
  });

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('[station-desk] start-up failed:', error);
      fail('联络站工作台启动失败', '程序启动时出错。请重新打开程序；如果反复出现，请联系技术人员。');
    });
}
