import { readFile, stat } from 'node:fs/promises';
import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../web/csp';
import { mimeTypeOf } from '../web/mime';
import { resolveStaticPath } from '../web/server';
import { APP_HOST, APP_SCHEME } from './origin';

/**
 * The UI is served from app://station/ (not file://): a standard, secure origin of its own, so
 * the CSP's 'self' means exactly the built renderer folder and nothing else on the disk.
 */

/** Must run before the app is ready (Electron's rule for privileged schemes). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

const baseHeaders = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-cache',
};

function notFound(): Response {
  return new Response('找不到该页面。', {
    status: 404,
    headers: { ...baseHeaders, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/**
 * The app:// handler: files under `root` only (the directory-traversal guard is the same
 * resolveStaticPath as browser mode), with their MIME type; 404 for anything else, including
 * other hosts, encoded `..` and NUL bytes.
 */
export function createAppHandler(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return notFound();
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return notFound();
    const method = request.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      return new Response(null, { status: 405, headers: baseHeaders });
    }
    const file = resolveStaticPath(root, url.pathname);
    if (!file) return notFound();
    try {
      const info = await stat(file);
      if (!info.isFile()) return notFound();
      const body = method === 'HEAD' ? null : new Uint8Array(await readFile(file));
      return new Response(body, {
        status: 200,
        headers: { ...baseHeaders, 'Content-Type': mimeTypeOf(file) },
      });
    } catch {
      return notFound();
    }
  };
}

/** Serves the built renderer folder on app:// (after the app is ready). */
export function serveApp(root: string): void {
  protocol.handle(APP_SCHEME, createAppHandler(root));
}
