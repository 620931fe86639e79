import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { safeStorage } from 'electron';
import { ErrorCode, StationError } from '../api/errors';
import { fileKeyStore, keysFolder, type KeyStore } from '../services/key-store';
import { writeFileAtomic } from '../services/write-file';

/** Key ids are hex fingerprints; anything else could name a path outside the keys folder. */
function checkKeyId(keyId: string): void {
  if (!/^[0-9a-fA-F]{1,128}$/.test(keyId)) throw new Error(`invalid key id: ${JSON.stringify(keyId)}`);
}

/**
 * Whether the OS key store really protects what safeStorage encrypts. On Linux without a
 * keyring (no GNOME Keyring / KWallet, e.g. a bare window manager or a kiosk session) Electron
 * either reports no encryption at all or falls back to "basic_text", a key hard-coded in
 * Chromium — no better than a file only the owner can read, and misleading to call encrypted.
 */
function osEncryptionAvailable(): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return false;
  return true;
}

/**
 * The station's private signing key, encrypted with the OS key store (DPAPI on Windows,
 * the keyring on Linux) in `<dataDir>/keys/<keyId>.key.enc`, readable only by the owner.
 *
 * When the OS cannot encrypt (see osEncryptionAvailable) the key falls back to the plain
 * file store of the CLI and browser mode (0600 file in the same folder), with a warning in the
 * log; settings show the store's kind, so the clerk can see which one is in use.
 *
 * The KeyStore interface is synchronous, so this uses the synchronous safeStorage calls.
 */
export function safeStorageKeyStore(dataDir: string): KeyStore {
  if (!osEncryptionAvailable()) {
    console.warn(
      '[station-desk] safeStorage is not available (no OS keyring); the signing key is kept in a file readable only by this user.',
    );
    return fileKeyStore(dataDir);
  }
  const plain = fileKeyStore(dataDir);
  return {
    kind: 'safeStorage',
    save(keyId, text) {
      checkKeyId(keyId);
      const path = join(keysFolder(dataDir), `${keyId}.key.enc`);
      writeFileAtomic(path, safeStorage.encryptString(text), 0o600);
      chmodSync(path, 0o600);
    },
    load(keyId) {
      checkKeyId(keyId);
      const path = join(keysFolder(dataDir), `${keyId}.key.enc`);
      if (existsSync(path)) {
        try {
          return safeStorage.decryptString(readFileSync(path));
        } catch {
          throw new StationError(
            ErrorCode.keyUnreadable,
            '无法解密本站的签名私钥：系统密钥库不可用或已更换（例如换了电脑或 Windows 账户）。请用原来的账户登录后再试；确实无法恢复时，请联系县人大技术人员重新登记密钥。',
          );
        }
      }
      // A station set up with the command-line tool has its key in a plain 0600 file.
      return plain.load(keyId);
    },
  };
}
