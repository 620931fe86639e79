import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatPublicKey,
  formatSecretKey,
  generateSigningKey,
  keyIdHex,
  parsePublicKey,
  parseSecretKey,
  signMinisign,
  verifyMinisign,
} from '../../main/services/keys';
import { fileKeyStore } from '../../main/services/key-store';
import { tempDirs } from '../helpers/temp-dirs';

const dir = tempDirs();

// CI installs Debian's minisign; on a machine without it these interop checks cannot run.
const minisign = ['/usr/bin/minisign', '/usr/local/bin/minisign'].find((p) => existsSync(p));
if (!minisign)
  console.warn(
    '[keys.test] minisign not installed: skipping interop with the stock tool (apt-get install minisign)',
  );

describe('the station signing key in minisign format', () => {
  it('round-trips the secret and public key files', () => {
    const key = generateSigningKey();
    const parsed = parseSecretKey(formatSecretKey(key));
    expect(Buffer.from(parsed.secretKey).equals(Buffer.from(key.secretKey))).toBe(true);
    expect(keyIdHex(parsed.keyId)).toBe(keyIdHex(key.keyId));
    const pub = parsePublicKey(formatPublicKey(key));
    expect(Buffer.from(pub.publicKey).equals(Buffer.from(key.publicKey))).toBe(true);
    expect(formatPublicKey(key)).toMatch(
      new RegExp(`^untrusted comment: minisign public key ${keyIdHex(key.keyId)}\\n`),
    );
  });

  it('refuses a secret key whose checksum does not match', () => {
    const text = formatSecretKey(generateSigningKey());
    const raw = Buffer.from(text.split('\n')[1]!, 'base64');
    raw[100] = raw[100]! ^ 1;
    expect(() => parseSecretKey(`untrusted comment: x\n${raw.toString('base64')}\n`)).toThrow(/私钥格式不对/);
  });

  it('verifies its own signatures and rejects a changed message or comment', () => {
    const key = generateSigningKey();
    const message = Buffer.from('{"format":"station-desk/package"}');
    const sig = signMinisign(message, key, 'station-desk/package v1 LHX-001 seq 1');
    expect(verifyMinisign(message, sig, key)).toEqual({
      valid: true,
      trustedComment: 'station-desk/package v1 LHX-001 seq 1',
    });
    expect(verifyMinisign(Buffer.from('{"format":"other"}'), sig, key).valid).toBe(false);
    const forged = sig.replace('seq 1', 'seq 2');
    expect(verifyMinisign(message, forged, key).valid).toBe(false);
  });

  it.skipIf(!minisign)('makes signatures that the stock minisign -V accepts, and rejects tampering', () => {
    const folder = dir();
    const key = generateSigningKey();
    const file = join(folder, 'manifest.json');
    writeFileSync(file, '{"format":"station-desk/package","seq":1}');
    writeFileSync(
      `${file}.minisig`,
      signMinisign(Buffer.from('{"format":"station-desk/package","seq":1}'), key, 'seq 1'),
    );
    writeFileSync(join(folder, 'station.pub'), formatPublicKey(key));
    const out = execFileSync(minisign!, ['-V', '-p', join(folder, 'station.pub'), '-m', file], {
      encoding: 'utf8',
    });
    expect(out).toContain('Signature and comment signature verified');
    expect(out).toContain('Trusted comment: seq 1');
    writeFileSync(file, '{"format":"station-desk/package","seq":2}');
    expect(() =>
      execFileSync(minisign!, ['-V', '-p', join(folder, 'station.pub'), '-m', file], { stdio: 'pipe' }),
    ).toThrow();
  });

  it.skipIf(!minisign)('writes a secret key file that the stock minisign can sign with', () => {
    const folder = dir();
    const key = generateSigningKey();
    writeFileSync(join(folder, 'station.key'), formatSecretKey(key));
    writeFileSync(join(folder, 'station.pub'), formatPublicKey(key));
    writeFileSync(join(folder, 'doc.txt'), '联络站');
    execFileSync(
      minisign!,
      ['-S', '-s', join(folder, 'station.key'), '-m', join(folder, 'doc.txt'), '-t', 'by minisign'],
      {
        stdio: 'pipe',
        input: '',
      },
    );
    const out = execFileSync(
      minisign!,
      ['-V', '-p', join(folder, 'station.pub'), '-m', join(folder, 'doc.txt')],
      {
        encoding: 'utf8',
      },
    );
    expect(out).toContain('Trusted comment: by minisign');
  });

  it('keeps the private key in the data folder readable by the owner only', () => {
    const folder = dir();
    const store = fileKeyStore(folder);
    const key = generateSigningKey();
    store.save(keyIdHex(key.keyId), formatSecretKey(key));
    const path = join(folder, 'keys', `${keyIdHex(key.keyId)}.key`);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(folder, 'keys')).mode & 0o077).toBe(0);
    expect(parseSecretKey(store.load(keyIdHex(key.keyId))!).keyId).toEqual(key.keyId);
    expect(store.load('0000000000000000')).toBeNull();
  });
});
