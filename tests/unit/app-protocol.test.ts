import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/web/csp';
import * as electron from './app-electron-stub';

vi.mock('electron', () => import('./app-electron-stub'));

const { registerAppScheme, serveApp } = await import('../../main/app/protocol');

const SECRET = 'root:x:0:0:the secret outside the renderer folder';
let base: string;
let root: string;

beforeAll(() => {
  // base/secret.txt and base/etc/passwd lie outside the served folder base/renderer.
  base = mkdtempSync(join(tmpdir(), 'station-desk-protocol-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  mkdirSync(join(base, 'etc'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>联络站工作台</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'noto.woff2'), 'font');
  writeFileSync(join(base, 'secret.txt'), SECRET);
  writeFileSync(join(base, 'etc', 'passwd'), SECRET);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));
beforeEach(() => electron.resetStub());

function handler(): (request: { url: string; method?: string }) => Promise<Response> {
  serveApp(root);
  const h = electron.protocol.handlers.get('app');
  if (!h) throw new Error('app:// not handled');
  return h as never;
}

async function get(
  url: string,
): Promise<{ status: number; type: string | null; body: string; csp: string | null }> {
  const res = await handler()({ url, method: 'GET' });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: await res.text(),
    csp: res.headers.get('content-security-policy'),
  };
}

describe('the app:// scheme', () => {
  it('is registered as a standard, secure scheme', () => {
    registerAppScheme();
    expect(electron.protocol.privileged).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
  });

  it('serves the built renderer with MIME types and the CSP', async () => {
    const index = await get('app://station/');
    expect(index).toMatchObject({
      status: 200,
      type: 'text/html; charset=utf-8',
      csp: CONTENT_SECURITY_POLICY,
    });
    expect(index.body).toContain('联络站工作台');
    expect((await get('app://station/index.html')).status).toBe(200);
    expect(await get('app://station/assets/index-abc.js')).toMatchObject({
      status: 200,
      type: 'text/javascript; charset=utf-8',
      body: 'console.log(1)',
    });
    expect((await get('app://station/assets/noto.woff2')).type).toBe('font/woff2');
  });

  it('answers 404 for missing files, folders and other hosts', async () => {
    expect((await get('app://station/nothing.js')).status).toBe(404);
    expect((await get('app://station/assets/')).status).toBe(404);
    expect((await get('app://other/index.html')).status).toBe(404);
  });

  it('refuses directory traversal, plain and encoded', async () => {
    for (const url of [
      'app://station/../../etc/passwd',
      'app://station/../secret.txt',
      'app://station/..%2fsecret.txt',
      'app://station/..%2f..%2fetc%2fpasswd',
      'app://station/%2e%2e%2fsecret.txt',
      'app://station/%2e%2e/%2e%2e/etc/passwd',
      'app://station/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://station/..%5csecret.txt',
      'app://station/%252e%252e%252fsecret.txt',
      'app://station/index.html%00.js',
      'app://station/%E0%A4%A',
    ]) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(res.body, url).not.toContain('secret');
    }
  });

  it('accepts only reads', async () => {
    const res = await handler()({ url: 'app://station/index.html', method: 'POST' });
    expect(res.status).toBe(405);
  });
});
