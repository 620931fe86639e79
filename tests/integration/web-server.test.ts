import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, startWebServer, type WebServer } from '../../main/web/server';
import { openTempStation, SAMPLE_STATION } from '../helpers/station';

let station: Awaited<ReturnType<typeof openTempStation>>;
let server: WebServer;

beforeEach(async () => {
  station = await openTempStation();
  const staticDir = join(station.dir, 'renderer');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>联络站工作台</title>');
  writeFileSync(join(station.dir, 'secret.txt'), 'outside the static folder');
  server = await startWebServer({ ctx: station.ctx, staticDir });
});
afterEach(async () => {
  await server.close();
  await station.close();
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP, so the test controls every header (fetch would fix Host for us). */
function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

function api(name: string, input: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return send(`/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-station-token': server.token, ...headers },
    body: JSON.stringify(input),
  });
}

describe('browser-mode server', () => {
  it('listens on 127.0.0.1 only and hands out the token in the URL fragment', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(server.openUrl).toBe(`${server.url}#token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves calls through the router with the token', async () => {
    const reply = await api('station.setup', SAMPLE_STATION);
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { setUp: true } });
    expect(reply.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('rejects API requests without the token or with a wrong one, writing nothing', async () => {
    const none = await send('/api/station.setup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(SAMPLE_STATION),
    });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body).error.message).toContain('访问口令');
    const wrong = await api('station.setup', SAMPLE_STATION, {
      'x-station-token': 'x'.repeat(server.token.length),
    });
    expect(wrong.status).toBe(401);
    expect(station.ctx.sqlite.prepare('SELECT count(*) AS n FROM station').get()).toEqual({ n: 0 });
  });

  it('rejects a foreign Host header (DNS rebinding), for the API and for pages', async () => {
    const api1 = await api('station.get', {}, { host: 'evil.example:80' });
    expect(api1.status).toBe(403);
    const page = await send('/', { headers: { host: `attacker.test:${server.port}` } });
    expect(page.status).toBe(403);
    const ok = await send('/', { headers: { host: `localhost:${server.port}` } });
    expect(ok.status).toBe(200);
  });

  it('answers a CORS preflight without any CORS headers', async () => {
    const reply = await send('/api/station.get', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(reply.status).toBe(405);
    expect(Object.keys(reply.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('refuses bodies over the limit, non-JSON and bad JSON', async () => {
    const big = await api('station.setup', { ...SAMPLE_STATION, name: 'x'.repeat(MAX_BODY_BYTES + 1000) });
    expect(big.status).toBe(413);
    const text = await send('/api/station.get', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-station-token': server.token },
      body: '{}',
    });
    expect(text.status).toBe(415);
    const bad = await send('/api/station.get', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-station-token': server.token },
      body: '{nope',
    });
    expect(bad.status).toBe(400);
  });

  it('serves the renderer with a strict CSP and never a file outside it', async () => {
    const index = await send('/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('联络站工作台');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%5csecret.txt',
      '/a/../../secret.txt',
    ]) {
      const reply = await send(path);
      expect(reply.status, path).toBe(404);
      expect(reply.body).not.toContain('outside the static folder');
    }
  });
});
