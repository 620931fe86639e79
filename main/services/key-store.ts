import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './write-file';

/**
 * Where the station's private signing key lives. Electron keeps it encrypted with the OS key
 * store (safeStorage, in main/app); the CLI and browser mode keep it in the data folder,
 * readable only by the owner (0600).
 */
export interface KeyStore {
  /** Shown in settings: 'file' or 'safeStorage'. */
  readonly kind: 'file' | 'safeStorage';
  save(keyIdHex: string, secretKeyText: string): void;
  load(keyIdHex: string): string | null;
}

export function keysFolder(dataDir: string): string {
  const dir = join(dataDir, 'keys');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export function fileKeyStore(dataDir: string): KeyStore {
  return {
    kind: 'file',
    save(keyId, text) {
      const path = join(keysFolder(dataDir), `${keyId}.key`);
      writeFileAtomic(path, text, 0o600);
      chmodSync(path, 0o600);
    },
    load(keyId) {
      const path = join(keysFolder(dataDir), `${keyId}.key`);
      return existsSync(path) ? readFileSync(path, 'utf8') : null;
    },
  };
}
