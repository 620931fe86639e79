import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join, normalize, relative, isAbsolute } from 'node:path';
import type { AddressInfo } from 'node:net';
import { dispatch } from '../api/router';
import type { ServiceContext } from '../services/context';
import { startUploader } from '../services/packages/upload';
import { startBackupScheduler } from '../services/backup';
import { CONTENT_SECURITY_POLICY } from './csp';
import { mimeTypeOf } from './mime';

/**
 * Browser mode: the same router as Electron's IPC, over HTTP on 127.0.0.1 only.
 * - every API request must carry the per-run token (header X-Station-Token);
 * - the Host header must name this loopback address and port (stops DNS rebinding);
 * - no CORS headers are ever sent, so other sites' pages cannot read answers.
 * The page gets the token from the URL's fragment (#token=…), which browsers never send.
 */

/** Imports carry an .xlsx (up to 8 MB) in base64. */
export const MAX_BODY_BYTES = 12 * 1024 * 1024;
export const TOKEN_HEADER = 'x-station-token';

export interface WebServer {
  url: string;
  /** The URL to open, with the token in its fragment. */
  openUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

export interface WebServerOptions {
  ctx: ServiceContext;
  /** The built renderer (out/renderer). */
  staticDir: string;
  port?: number;
  token?: string;
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type: string,
  cache = 'no-store',
): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': cache,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

function tokenMatches(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Resolves a URL path inside `root`, or null when it would leave it. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const target = normalize(join(root, decoded === '/' ? 'index.html' : decoded));
  const rel = relative(root, target);
  if (rel.startsWith('..') || isAbsolute(rel)) return null;
  return target;
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let allowedHosts: Set<string> = new Set();

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) refuse(res, 500, 'INTERNAL', '服务器内部出错，请重试。');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      return refuse(res, 403, 'FORBIDDEN_HOST', '拒绝访问：请使用程序打印的 127.0.0.1 地址打开。');
    }
    const url = req.url ?? '/';
    if (url.startsWith('/api/')) {
      if (req.method !== 'POST') return refuse(res, 405, 'METHOD', '只接受 POST 请求。');
      if (!tokenMatches(req.headers[TOKEN_HEADER], token)) {
        return refuse(
          res,
          401,
          'BAD_TOKEN',
          '访问口令不对或已过期：请使用程序启动时打印的完整地址重新打开。',
        );
      }
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return refuse(res, 415, 'CONTENT_TYPE', '请求格式不对（需要 JSON）。');
      }
      const body = await readBody(req);
      if (body === null) return refuse(res, 413, 'TOO_LARGE', '提交的内容太大，请减少后再试。');
      let input: unknown;
      try {
        input = body === '' ? {} : JSON.parse(body);
      } catch {
        return refuse(res, 400, 'BAD_JSON', '提交的内容不是有效的 JSON。');
      }
      const result = await dispatch(decodeURIComponent(url.slice(5).split('?')[0]!), input, options.ctx);
      return sendJson(res, 200, result);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'METHOD', '不支持的请求。');
    const file = resolveStaticPath(options.staticDir, url);
    if (!file) return refuse(res, 404, 'NOT_FOUND', '找不到该页面。');
    try {
      const info = await stat(file);
      if (!info.isFile()) return refuse(res, 404, 'NOT_FOUND', '找不到该页面。');
      // Built assets have content hashes in their names, so they may be cached for good.
      const cache = url.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-store';
      return send(res, 200, await readFile(file), mimeTypeOf(file), cache);
    } catch {
      return refuse(res, 404, 'NOT_FOUND', '找不到该页面。');
    }
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePromise());
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const url = `http://127.0.0.1:${port}/`;
  // Packages go up to the county in the background while the app is open.
  const uploader = startUploader(options.ctx);
  // Today's automatic backup, checked soon after start and then hourly.
  const backups = startBackupScheduler(options.ctx);
  return {
    url,
    openUrl: `${url}#token=${token}`,
    token,
    port,
    close: async () => {
      backups.stop();
      await uploader.stop();
      await new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      });
    },
  };
}
