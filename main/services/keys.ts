import { createHash, randomBytes } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { blake2b } from '@noble/hashes/blake2.js';
import { ErrorCode, StationError } from '../api/errors';

/**
 * The station's signing key in minisign's formats, so the county can check a package with the
 * stock `minisign -V`. Ed25519 and BLAKE2b come from @noble (same under Node and Electron,
 * whose BoringSSL lacks blake2b512); node:crypto gives SHA-256 and random bytes.
 *
 *   public key  = "Ed" | key id (8) | public key (32)
 *   secret key  = "Ed" | kdf "\0\0" (unencrypted) | "B2" | salt (32) | ops (8) | mem (8)
 *                 | key id (8) | secret key (64 = seed | public) | blake2b-256 checksum (32)
 *   signature   = "ED" | key id (8) | ed25519(blake2b-512(message)), then a global signature
 *                 ed25519(signature | trusted comment)
 */

export interface SigningKey {
  /** 8 random bytes naming the key; shown as 16 hex digits like minisign does. */
  keyId: Uint8Array;
  publicKey: Uint8Array;
  /** 64 bytes: the 32-byte seed followed by the public key (libsodium's layout). */
  secretKey: Uint8Array;
}

const SIG_ALG = Buffer.from('Ed');
const SIG_ALG_HASHED = Buffer.from('ED');
const CHK_ALG = Buffer.from('B2');

export function generateSigningKey(): SigningKey {
  const seed = new Uint8Array(randomBytes(32));
  const publicKey = ed25519.getPublicKey(seed);
  const secretKey = new Uint8Array(64);
  secretKey.set(seed, 0);
  secretKey.set(publicKey, 32);
  return { keyId: new Uint8Array(randomBytes(8)), publicKey, secretKey };
}

/** minisign prints the key id as a little-endian 64-bit number in upper-case hex. */
export function keyIdHex(keyId: Uint8Array): string {
  return Buffer.from(keyId).reverse().toString('hex').toUpperCase();
}

/** A fingerprint a person can read over the phone: SHA-256 of the public key, in groups. */
export function publicKeyFingerprint(publicKey: Uint8Array): string {
  const hex = createHash('sha256').update(publicKey).digest('hex').toUpperCase().slice(0, 32);
  return hex.match(/.{4}/g)!.join(' ');
}

export function formatPublicKey(key: Pick<SigningKey, 'keyId' | 'publicKey'>): string {
  const body = Buffer.concat([SIG_ALG, key.keyId, key.publicKey]).toString('base64');
  return `untrusted comment: minisign public key ${keyIdHex(key.keyId)}\n${body}\n`;
}

function secretChecksum(keyId: Uint8Array, secretKey: Uint8Array): Uint8Array {
  return blake2b(Buffer.concat([SIG_ALG, keyId, secretKey]), { dkLen: 32 });
}

export function formatSecretKey(key: SigningKey): string {
  const body = Buffer.concat([
    SIG_ALG,
    Buffer.from([0, 0]),
    CHK_ALG,
    Buffer.alloc(32),
    Buffer.alloc(8),
    Buffer.alloc(8),
    key.keyId,
    key.secretKey,
    secretChecksum(key.keyId, key.secretKey),
  ]).toString('base64');
  return `untrusted comment: minisign secret key (unencrypted; keep this file private)\n${body}\n`;
}

function badKey(what: string): StationError {
  return new StationError(
    ErrorCode.validation,
    `${what}格式不对，无法使用。请确认复制的是完整的 minisign 密钥文件。`,
  );
}

function base64Line(text: string, what: string): Buffer {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '' && !l.startsWith('untrusted comment:'));
  if (!line || !/^[A-Za-z0-9+/=]+$/.test(line.trim())) throw badKey(what);
  return Buffer.from(line.trim(), 'base64');
}

export function parseSecretKey(text: string): SigningKey {
  const raw = base64Line(text, '私钥');
  if (raw.length !== 158 || !raw.subarray(0, 2).equals(SIG_ALG) || !raw.subarray(4, 6).equals(CHK_ALG)) {
    throw badKey('私钥');
  }
  if (raw[2] !== 0 || raw[3] !== 0) throw badKey('私钥（带口令的私钥不能直接使用）');
  const keyId = new Uint8Array(raw.subarray(54, 62));
  const secretKey = new Uint8Array(raw.subarray(62, 126));
  if (!Buffer.from(secretChecksum(keyId, secretKey)).equals(raw.subarray(126, 158))) throw badKey('私钥');
  return { keyId, secretKey, publicKey: secretKey.slice(32) };
}

export function parsePublicKey(text: string): Pick<SigningKey, 'keyId' | 'publicKey'> {
  const raw = base64Line(text, '公钥');
  if (raw.length !== 42 || !raw.subarray(0, 2).equals(SIG_ALG)) throw badKey('公钥');
  return { keyId: new Uint8Array(raw.subarray(2, 10)), publicKey: new Uint8Array(raw.subarray(10, 42)) };
}

/** A minisign signature file (prehashed "ED" form) for `message`. */
export function signMinisign(message: Uint8Array, key: SigningKey, trustedComment: string): string {
  if (/[\r\n]/.test(trustedComment)) throw new Error('trusted comment must be one line');
  const seed = key.secretKey.subarray(0, 32);
  const signature = ed25519.sign(blake2b(message, { dkLen: 64 }), seed);
  const sigBlock = Buffer.concat([SIG_ALG_HASHED, key.keyId, signature]);
  const globalSignature = ed25519.sign(Buffer.concat([signature, Buffer.from(trustedComment, 'utf8')]), seed);
  return [
    `untrusted comment: signature from station-desk secret key ${keyIdHex(key.keyId)}`,
    sigBlock.toString('base64'),
    `trusted comment: ${trustedComment}`,
    Buffer.from(globalSignature).toString('base64'),
    '',
  ].join('\n');
}

/** Checks a minisign signature as `minisign -V` does; returns the trusted comment when valid. */
export function verifyMinisign(
  message: Uint8Array,
  signatureText: string,
  key: Pick<SigningKey, 'keyId' | 'publicKey'>,
): { valid: true; trustedComment: string } | { valid: false; reason: string } {
  const lines = signatureText.split(/\r?\n/);
  const sigBlock = Buffer.from(lines[1] ?? '', 'base64');
  const trusted = lines[2] ?? '';
  const globalSignature = Buffer.from(lines[3] ?? '', 'base64');
  if (sigBlock.length !== 74 || !trusted.startsWith('trusted comment: ') || globalSignature.length !== 64) {
    return { valid: false, reason: 'malformed' };
  }
  if (!sigBlock.subarray(2, 10).equals(Buffer.from(key.keyId)))
    return { valid: false, reason: 'key id mismatch' };
  const algorithm = sigBlock.subarray(0, 2).toString();
  const signature = sigBlock.subarray(10);
  const digest = algorithm === 'ED' ? blake2b(message, { dkLen: 64 }) : algorithm === 'Ed' ? message : null;
  if (!digest || !ed25519.verify(signature, digest, key.publicKey))
    return { valid: false, reason: 'bad signature' };
  const trustedComment = trusted.slice('trusted comment: '.length);
  const globalOk = ed25519.verify(
    globalSignature,
    Buffer.concat([signature, Buffer.from(trustedComment, 'utf8')]),
    key.publicKey,
  );
  return globalOk
    ? { valid: true, trustedComment }
    : { valid: false, reason: 'bad trusted comment signature' };
}
