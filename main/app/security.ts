import {
  BrowserWindow,
  type BrowserWindowConstructorOptions,
  type Session,
  type WebContents,
} from 'electron';
import { CONTENT_SECURITY_POLICY } from '../web/csp';
import { isAppUrl, isDevServerUrl } from './origin';

/**
 * All per-window hardening in one place (Electron's security checklist):
 * - the renderer is sandboxed, isolated from the preload, without Node;
 * - it cannot open windows, navigate or be redirected away from the app, or attach <webview>;
 * - its session grants no permission (camera, notifications, clipboard reads, USB …);
 * - every response carries the app's Content Security Policy.
 * Nothing here ever hands a URL to the operating system (no shell.openExternal).
 */

export interface SecureWindowOptions {
  /** out/preload/index.cjs */
  preloadPath: string;
  /** Developer tools: only in unpackaged development runs. */
  devTools: boolean;
  /** The dev server in development, else null. */
  devServer: URL | null;
}

/**
 * Creates a window with the secure webPreferences and the navigation rules below. Every window
 * of the app is made here. The preferences are written out literally (not built elsewhere) so
 * that a reader — and the security scan, tests/security/scan-electron.mjs — sees them at once.
 */
export function createSecureWindow(
  options: Omit<BrowserWindowConstructorOptions, 'webPreferences'>,
  secure: SecureWindowOptions,
): BrowserWindow {
  const win = new BrowserWindow({
    ...options,
    webPreferences: {
      preload: secure.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click would ask for a new window; window.open is denied anyway.
      disableBlinkFeatures: 'Auxclick',
      devTools: secure.devTools,
    },
  });
  hardenWebContents(win.webContents, secure.devServer);
  return win;
}

/**
 * Blocks everything that would take a web contents away from the app's own pages. Applied to
 * the main window and, through app 'web-contents-created', to any other web contents.
 */
export function hardenWebContents(contents: WebContents, devServer: URL | null): void {
  // No new windows, whatever the page asks for (window.open, target=_blank, middle click).
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));

  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url, devServer)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    // A sub-frame may become an empty document of the page's own origin (print helpers do
    // this: an iframe with srcdoc); anything else must be the app's own page.
    if (!event.isMainFrame && (event.url === 'about:blank' || event.url === 'about:srcdoc')) return;
    if (!isAppUrl(event.url, devServer)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, devServer)) event.preventDefault();
  });
  // webviewTag is off already; refuse any attempt all the same.
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

/**
 * Session-wide rules: no permission is ever granted, and every response gets the CSP header.
 * In development the dev server's own responses are left alone: Vite's hot reload needs an
 * inline script and a websocket that the strict policy forbids (the packaged app never loads
 * the dev server, see origin.ts).
 */
export function hardenSession(ses: Session, devServer: URL | null): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);

  ses.webRequest.onHeadersReceived((details, callback) => {
    if (isDevServerUrl(details.url, devServer)) {
      callback({});
      return;
    }
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
}
