import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, type CallResult } from '../../main/api/contract';
import { closeStation, openStation, type ServiceContext } from '../../main/services/context';
import { fileKeyStore } from '../../main/services/key-store';
import * as electron from './app-electron-stub';

vi.mock('electron', () => import('./app-electron-stub'));

const { bindIpc, channelOf } = await import('../../main/app/ipc');

let dir: string;
let ctx: ServiceContext;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'station-desk-ipc-'));
  ctx = await openStation(dir, {
    keyStore: fileKeyStore(dir),
    mode: 'electron',
    appVersion: 'test',
    checkIntegrity: false,
  });
});
afterAll(async () => {
  await closeStation(ctx);
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => electron.resetStub());

/** Calls a bound handler the way Electron would, from a frame showing `senderUrl`. */
function invoke(name: string, input: unknown, senderUrl: string | null): Promise<CallResult> {
  const handler = electron.ipcMain.handlers.get(channelOf(name));
  if (!handler) throw new Error(`no handler for ${name}`);
  const event = { senderFrame: senderUrl === null ? null : { url: senderUrl } };
  return handler(event, input) as Promise<CallResult>;
}

describe('IPC binding', () => {
  it('gives every call in the contract exactly one station:<name> handler', () => {
    bindIpc(ctx, null);
    expect(CALL_NAMES.length).toBeGreaterThan(0);
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(
      CALL_NAMES.map((n) => `station:${n}`).sort(),
    );
    expect(electron.ipcMain.handleCalls).toBe(CALL_NAMES.length);
  });

  it('registers handlers in one generic loop in ipc.ts and nowhere else', () => {
    const appDir = join(import.meta.dirname, '../../main/app');
    const users = readdirSync(appDir)
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /ipcMain\.(handle|on|once)\b/.test(readFileSync(join(appDir, f), 'utf8')));
    expect(users).toEqual(['ipc.ts']);
    const source = readFileSync(join(appDir, 'ipc.ts'), 'utf8');
    expect(source.match(/ipcMain\.handle\(/g)).toHaveLength(1);
    expect(source).toMatch(/for \(const name of CALL_NAMES\)/);
  });

  it('reaches the real router from the app page', async () => {
    bindIpc(ctx, null);
    const result = await invoke('station.get', {}, 'app://station/index.html');
    expect(result).toMatchObject({ ok: true, value: { setUp: false, station: null } });
  });

  it('parses the input with the contract at the boundary', async () => {
    bindIpc(ctx, null);
    const result = await invoke('audit.list', { limit: 'lots' }, 'app://station/index.html');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('VALIDATION');
  });

  it('refuses senders from a foreign origin, or with no frame', async () => {
    bindIpc(ctx, null);
    for (const sender of [
      'https://evil.example/',
      'http://localhost:5173/',
      'app://station.evil.example/',
      'file:///home/clerk/evil.html',
      'about:blank',
      '',
      null,
    ]) {
      const result = await invoke('station.get', {}, sender);
      expect(result, String(sender)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      if (!result.ok) expect(result.error.message).toMatch(/拒绝访问/);
    }
  });

  it('accepts the dev server only when it is the configured one', async () => {
    bindIpc(ctx, new URL('http://localhost:5173/'));
    expect((await invoke('station.get', {}, 'http://localhost:5173/')).ok).toBe(true);
    expect((await invoke('station.get', {}, 'http://localhost:5174/')).ok).toBe(false);
  });

  it('can be unbound', () => {
    const unbind = bindIpc(ctx, null);
    unbind();
    expect(electron.ipcMain.handlers.size).toBe(0);
  });
});
