import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StationError } from '../../main/api/errors';
import { fileKeyStore } from '../../main/services/key-store';
import * as electron from './app-electron-stub';

vi.mock('electron', () => import('./app-electron-stub'));

const { safeStorageKeyStore } = await import('../../main/app/key-store');

const KEY_ID = '8f1c2a9be0d44e67';
const SECRET = 'untrusted comment: minisign encrypted secret key\nRWRTY0IyAAAAAPLAINSECRETTEXT==\n';
let dir: string;

beforeEach(() => {
  electron.resetStub();
  dir = mkdtempSync(join(tmpdir(), 'station-desk-keys-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('the safeStorage key store', () => {
  it('round-trips the key and never writes it in plain text', () => {
    const store = safeStorageKeyStore(dir);
    expect(store.kind).toBe('safeStorage');
    store.save(KEY_ID, SECRET);

    const file = join(dir, 'keys', `${KEY_ID}.key.enc`);
    expect(existsSync(file)).toBe(true);
    expect(readdirSync(join(dir, 'keys'))).toEqual([`${KEY_ID}.key.enc`]);
    const onDisk = readFileSync(file);
    expect(onDisk.toString('utf8')).not.toContain('PLAINSECRETTEXT');
    expect(onDisk.includes(Buffer.from(SECRET))).toBe(false);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);

    expect(safeStorageKeyStore(dir).load(KEY_ID)).toBe(SECRET);
  });

  it('answers null for a key it does not have', () => {
    expect(safeStorageKeyStore(dir).load('abcdef')).toBeNull();
  });

  it('still finds a key the command-line tool stored in a plain file', () => {
    fileKeyStore(dir).save(KEY_ID, SECRET);
    expect(safeStorageKeyStore(dir).load(KEY_ID)).toBe(SECRET);
  });

  it('refuses key ids that could name another path', () => {
    const store = safeStorageKeyStore(dir);
    expect(() => store.save('../../evil', SECRET)).toThrow();
    expect(() => store.load('../station')).toThrow();
  });

  it('says clearly when the OS can no longer decrypt the key', () => {
    safeStorageKeyStore(dir).save(KEY_ID, SECRET);
    vi.spyOn(electron.safeStorage, 'decryptString').mockImplementation(() => {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    });
    const load = (): unknown => safeStorageKeyStore(dir).load(KEY_ID);
    expect(load).toThrow(StationError);
    expect(load).toThrow(/无法解密/);
  });

  it('falls back to the owner-only file store without an OS keyring, with a warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    electron.safeStorage.available = false;
    const store = safeStorageKeyStore(dir);
    expect(store.kind).toBe('file');
    expect(warn).toHaveBeenCalledOnce();
    store.save(KEY_ID, SECRET);
    expect(existsSync(join(dir, 'keys', `${KEY_ID}.key`))).toBe(true);
    expect(store.load(KEY_ID)).toBe(SECRET);
  });

  it.runIf(process.platform === 'linux')('treats Linux basic_text (a built-in key) as no keyring', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    electron.safeStorage.backend = 'basic_text';
    expect(safeStorageKeyStore(dir).kind).toBe('file');
  });
});
