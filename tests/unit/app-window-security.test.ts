import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/web/csp';
import * as electron from './app-electron-stub';

vi.mock('electron', () => import('./app-electron-stub'));

const { createMainWindow } = await import('../../main/app/window');
const { hardenSession } = await import('../../main/app/security');
const { APP_ENTRY_URL, devServerUrl, isAppUrl } = await import('../../main/app/origin');

const DEV = new URL('http://localhost:5173/');
let dir: string;

function openWindow(devServer: URL | null = null): electron.FakeBrowserWindow {
  createMainWindow({
    preloadPath: '/app/out/preload/index.cjs',
    stateFile: join(dir, 'window-state.json'),
    devServer,
    devTools: false,
  });
  return electron.FakeBrowserWindow.instances.at(-1)!;
}

beforeEach(() => {
  electron.resetStub();
  dir = mkdtempSync(join(tmpdir(), 'station-desk-window-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the main window', () => {
  it('is created sandboxed, isolated and without Node, with the preload', () => {
    const win = openWindow();
    expect(win.options.webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
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
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
    });
    expect(win.options).toMatchObject({
      minWidth: 1100,
      minHeight: 720,
      title: '联络站工作台',
      backgroundColor: '#ffffff',
      show: false,
    });
  });

  it('loads the app:// page in production and shows only when ready', () => {
    const win = openWindow();
    expect(win.loadedUrl).toBe(APP_ENTRY_URL);
    expect(APP_ENTRY_URL).toBe('app://station/index.html');
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
  });

  it('denies every window.open, even to its own pages', () => {
    const win = openWindow();
    const handler = win.webContents.windowOpenHandler!;
    expect(handler).toBeTypeOf('function');
    expect(handler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'app://station/index.html' })).toEqual({ action: 'deny' });
  });

  it('blocks navigation and redirects to foreign URLs but allows its own pages', () => {
    const wc = openWindow().webContents;
    for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      expect(wc.tryEvent(event, 'https://evil.example/'), event).toBe(true);
      expect(wc.tryEvent(event, 'file:///etc/passwd'), event).toBe(true);
      expect(wc.tryEvent(event, 'app://station.evil.example/'), event).toBe(true);
      expect(wc.tryEvent(event, 'app://evil@station/'), event).toBe(true);
      expect(wc.tryEvent(event, 'http://localhost:5173/'), event).toBe(true);
      expect(wc.tryEvent(event, 'not a url'), event).toBe(true);
      expect(wc.tryEvent(event, 'app://station/index.html#/receptions'), event).toBe(false);
    }
  });

  it('lets a sub-frame become an empty same-origin document, but not the main frame', () => {
    const wc = openWindow().webContents;
    expect(wc.tryEvent('will-frame-navigate', 'about:srcdoc', false)).toBe(false);
    expect(wc.tryEvent('will-frame-navigate', 'about:blank', false)).toBe(false);
    expect(wc.tryEvent('will-frame-navigate', 'about:blank', true)).toBe(true);
    expect(wc.tryEvent('will-frame-navigate', 'https://evil.example/', false)).toBe(true);
    expect(wc.tryEvent('will-navigate', 'about:blank')).toBe(true);
  });

  it('allows the dev server in development only for its exact origin', () => {
    const win = openWindow(DEV);
    expect(win.loadedUrl).toBe('http://localhost:5173/');
    expect(win.webContents.tryEvent('will-navigate', 'http://localhost:5173/stats')).toBe(false);
    expect(win.webContents.tryEvent('will-navigate', 'http://localhost:5174/')).toBe(true);
    expect(win.webContents.tryEvent('will-navigate', 'https://localhost:5173/')).toBe(true);
  });

  it('refuses to attach a <webview>', () => {
    const wc = openWindow().webContents;
    const event = new electron.FakeEvent();
    wc.emit('will-attach-webview', event, {}, { src: 'https://evil.example/' });
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('where the UI may come from', () => {
  it('ignores ELECTRON_RENDERER_URL in a packaged app and for non-loopback hosts', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' };
    expect(devServerUrl(env, false)?.host).toBe('localhost:5173');
    expect(devServerUrl(env, true)).toBeNull();
    expect(devServerUrl({ ELECTRON_RENDERER_URL: 'https://evil.example/' }, false)).toBeNull();
    expect(devServerUrl({ ELECTRON_RENDERER_URL: 'file:///tmp/x.html' }, false)).toBeNull();
    expect(devServerUrl({}, false)).toBeNull();
  });

  it('compares scheme and host exactly instead of string prefixes', () => {
    expect(isAppUrl('app://station/', null)).toBe(true);
    expect(isAppUrl('app://stationx/', null)).toBe(false);
    expect(isAppUrl('app://station.evil.example/', null)).toBe(false);
    expect(isAppUrl('app://station:8080/', null)).toBe(false);
    expect(isAppUrl('http://localhost:5173.evil.example/', DEV)).toBe(false);
    expect(isAppUrl('', null)).toBe(false);
    expect(isAppUrl(null, null)).toBe(false);
  });
});

describe('the session', () => {
  type Callback = (granted: boolean) => void;

  it('grants no permission request and no permission check', () => {
    hardenSession(electron.session.defaultSession as never, null);
    const ses = electron.session.defaultSession;
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      let granted: boolean | undefined;
      ses.permissionRequestHandler!({}, permission, ((g: boolean) => (granted = g)) as Callback, {});
      expect(granted, permission).toBe(false);
      expect(ses.permissionCheckHandler!({}, permission, 'app://station', {}), permission).toBe(false);
    }
    expect(ses.devicePermissionHandler!({})).toBe(false);
  });

  it('adds the Content Security Policy to every response', () => {
    hardenSession(electron.session.defaultSession as never, null);
    let answer: { responseHeaders?: Record<string, string[]> } | undefined;
    electron.session.defaultSession.headersReceived!(
      { url: 'app://station/index.html', responseHeaders: { 'Content-Type': ['text/html'] } },
      (a: typeof answer) => (answer = a),
    );
    expect(answer?.responseHeaders?.['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(answer?.responseHeaders?.['Content-Type']).toEqual(['text/html']);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
  });

  it('leaves only the dev server alone in development', () => {
    hardenSession(electron.session.defaultSession as never, DEV);
    const answers: unknown[] = [];
    const handler = electron.session.defaultSession.headersReceived!;
    handler({ url: 'http://localhost:5173/', responseHeaders: {} }, (a: unknown) => answers.push(a));
    handler({ url: 'https://evil.example/', responseHeaders: {} }, (a: unknown) => answers.push(a));
    expect(answers[0]).toEqual({});
    expect(answers[1]).toEqual({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
});
