import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { receivePackage } from '../services/county/county';
import {
  MANIFEST_FILE,
  PACKAGE_ERRORS,
  PACKAGE_LIMITS,
  PackageError,
  manifestSchema,
} from '../services/packages/format';
import { readZip } from '../services/packages/zip';

/**
 * The county's HTTP intake (`station-desk county serve`): stations PUT their packages here.
 *
 *   PUT /v1/packages/<package_id>  body = the .sdpkg bytes
 *     200 + signed receipt (applied / held / duplicate)   422 + signed receipt (rejected)
 *     422 {code, message} when the county cannot even tell whose package it is
 *     413 too large   429 too many requests   400 bad request   500 {code:'INTERNAL'}
 *   GET /v1/health -> 200 {ok:true}
 *
 * Every check of the package itself is receivePackage's; this file only guards the door:
 * size, rate, time, and one package per station at a time.
 */

export interface CountyServerOptions {
  host?: string;
  port: number;
  maxBytes?: number;
  ratePerMinute?: number;
  /** The body may stall no longer than this (an idle timeout: a slow line is fine, a dead one is not). */
  bodyTimeoutMs?: number;
}

const PACKAGE_PATH = /^\/v1\/packages\/([0-9a-f-]{36})$/;

function sendJson(res: ServerResponse, status: number, value: unknown, close = false): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...(close ? { Connection: 'close' } : {}),
  });
  res.end(body);
}

/** Per client address: a token bucket of `perMinute` requests, refilled continuously. */
function rateLimiter(perMinute: number): (client: string) => boolean {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (client) => {
    const at = Date.now();
    // Full buckets carry no information; dropping them keeps the map small.
    if (buckets.size > 10_000) {
      for (const [key, b] of buckets)
        if (b.tokens + ((at - b.at) * perMinute) / 60_000 >= perMinute) buckets.delete(key);
    }
    const bucket = buckets.get(client) ?? { tokens: perMinute, at };
    bucket.tokens = Math.min(perMinute, bucket.tokens + ((at - bucket.at) * perMinute) / 60_000);
    bucket.at = at;
    buckets.set(client, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  };
}

/** The station a package claims to come from (for queueing only; nothing is trusted here). */
function claimedIdentity(bytes: Uint8Array): { station: string; packageId: string } | null {
  try {
    const entries = readZip(bytes, { maxEntries: 16, maxTotalBytes: PACKAGE_LIMITS.maxPackageBytes });
    const manifest = entries.find((e) => e.name === MANIFEST_FILE);
    if (!manifest || manifest.data.length > PACKAGE_LIMITS.maxManifestBytes) return null;
    const parsed = manifestSchema.safeParse(JSON.parse(Buffer.from(manifest.data).toString('utf8')));
    return parsed.success ? { station: parsed.data.station.code, packageId: parsed.data.package_id } : null;
  } catch {
    return null;
  }
}

export async function serveCounty(
  dataDir: string,
  options: CountyServerOptions,
): Promise<{ url: string; close(): Promise<void> }> {
  const maxBytes = options.maxBytes ?? PACKAGE_LIMITS.maxPackageBytes;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? 30_000;
  const allow = rateLimiter(options.ratePerMinute ?? 60);
  /** The tail of each station's queue: its packages are received one at a time, in arrival order. */
  const lanes = new Map<string, Promise<unknown>>();

  function inLane<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = lanes.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.catch(() => undefined);
    lanes.set(key, tail);
    void tail.then(() => {
      if (lanes.get(key) === tail) lanes.delete(key);
    });
    return run;
  }

  /** The body, or null once an answer (413, 408) was sent and the connection dropped. */
  function readBody(req: IncomingMessage, res: ServerResponse): Promise<Buffer | null> {
    return new Promise((resolve) => {
      const refuse = (status: number, code: string, message: string): void => {
        clearTimeout(timer);
        req.removeAllListeners('data');
        sendJson(res, status, { code, message }, true);
        // Stop reading and drop the connection once the answer is out.
        res.once('finish', () => req.destroy());
        resolve(null);
      };
      const stalled = () => refuse(408, 'TIMEOUT', '上传中断太久，已超时。请检查网络后重试。');
      const timer = setTimeout(stalled, bodyTimeoutMs);
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > maxBytes) return refuse(413, 'TOO_LARGE', PACKAGE_ERRORS.TOO_LARGE);
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        timer.refresh();
        size += chunk.length;
        if (size > maxBytes) return refuse(413, 'TOO_LARGE', PACKAGE_ERRORS.TOO_LARGE);
        chunks.push(chunk);
      });
      req.on('end', () => {
        clearTimeout(timer);
        resolve(Buffer.concat(chunks));
      });
      // The client went away mid-body: nothing to answer.
      req.on('error', () => {
        clearTimeout(timer);
        resolve(null);
      });
      req.on('close', () => {
        if (!req.complete) {
          clearTimeout(timer);
          resolve(null);
        }
      });
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    if (!allow(req.socket.remoteAddress ?? '?')) {
      res.setHeader('Retry-After', '60');
      return sendJson(res, 429, { code: 'RATE_LIMITED', message: '请求太频繁，请稍后再试。' }, true);
    }
    if (path === '/v1/health') {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return sendJson(res, 405, { code: 'METHOD', message: '只接受 GET 请求。' });
      }
      return sendJson(res, 200, { ok: true });
    }
    const match = PACKAGE_PATH.exec(path);
    if (!match) return sendJson(res, 404, { code: 'NOT_FOUND', message: '没有这个地址。' });
    if (req.method !== 'PUT') {
      return sendJson(res, 405, { code: 'METHOD', message: '上传数据包请用 PUT。' }, true);
    }
    const bytes = await readBody(req, res);
    if (!bytes) return;
    const claimed = claimedIdentity(bytes);
    if (claimed && claimed.packageId !== match[1]) {
      return sendJson(res, 400, {
        code: 'ID_MISMATCH',
        message: '地址里的数据包编号与数据包清单不符。请用本系统的上传功能重新上传。',
      });
    }
    try {
      const answer = await inLane(claimed?.station ?? '', () => receivePackage(dataDir, bytes));
      return sendJson(res, answer.status === 'rejected' ? 422 : 200, answer.receipt);
    } catch (error) {
      if (error instanceof PackageError) {
        return sendJson(res, 422, { code: error.code, message: error.message });
      }
      console.error('[county] receiving a package failed:', error instanceof Error ? error.stack : error);
      return sendJson(res, 500, { code: 'INTERNAL', message: '县级服务器内部出错，请稍后重试。' });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('[county] request failed:', error instanceof Error ? error.stack : error);
      if (!res.headersSent)
        sendJson(res, 500, { code: 'INTERNAL', message: '县级服务器内部出错，请稍后重试。' });
      else res.destroy();
    });
  });
  // Our own body timeout is the one that answers; Node's just backs it up.
  server.requestTimeout = bodyTimeoutMs + 10_000;
  server.on('clientError', (_error, socket) => socket.destroy());

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
