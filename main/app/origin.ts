import { app } from 'electron';

/**
 * Where the UI comes from. In the packaged app that is only `app://station/…` (protocol.ts);
 * in development it may also be electron-vite's dev server. Every check that asks "is this our
 * own page?" (IPC senders, navigation) goes through `isAppUrl`, which parses with `URL` and
 * compares scheme and host exactly — never with startsWith.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'station';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function parse(raw: string | null | undefined): URL | null {
  if (typeof raw !== 'string' || raw === '') return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * The dev server URL electron-vite passes in ELECTRON_RENDERER_URL. Honoured only when the app
 * is not packaged, and only for http(s) on a loopback host: a packaged app never loads a page
 * named by an environment variable.
 */
export function devServerUrl(env: NodeJS.ProcessEnv = process.env, packaged = app.isPackaged): URL | null {
  if (packaged) return null;
  const url = parse(env.ELECTRON_RENDERER_URL);
  if (!url) return null;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!LOOPBACK_HOSTS.has(url.hostname)) return null;
  return url;
}

function sameSite(url: URL, devServer: URL | null): boolean {
  return devServer !== null && url.protocol === devServer.protocol && url.host === devServer.host;
}

/** Whether a URL is the app's own page: app://station, or the dev server in development. */
export function isAppUrl(raw: string | null | undefined, devServer: URL | null = devServerUrl()): boolean {
  const url = parse(raw);
  if (!url || url.username !== '' || url.password !== '') return false;
  if (url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST) return true;
  return sameSite(url, devServer);
}

/** Whether a URL is served by the development server (never true in a packaged app). */
export function isDevServerUrl(
  raw: string | null | undefined,
  devServer: URL | null = devServerUrl(),
): boolean {
  const url = parse(raw);
  return url !== null && sameSite(url, devServer);
}
