import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';

/**
 * age v1 encryption of the payload (pure JS, the same under Node and Electron). Only X25519
 * recipients (`age1…`): the county decrypts with stock `age -d` (Debian's age 1.1 knows no
 * post-quantum keys).
 */

export const AGE_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;
export const AGE_IDENTITY = /^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/;

export async function generateAgeIdentity(): Promise<{ identity: string; recipient: string }> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

export async function ageEncrypt(plaintext: Uint8Array, recipients: string[]): Promise<Uint8Array> {
  const encrypter = new Encrypter();
  for (const r of recipients) encrypter.addRecipient(r);
  return encrypter.encrypt(plaintext);
}

/** Throws when no identity opens the file or the file was altered. */
export async function ageDecrypt(ciphertext: Uint8Array, identities: string[]): Promise<Uint8Array> {
  const decrypter = new Decrypter();
  for (const i of identities) decrypter.addIdentity(i);
  return decrypter.decrypt(ciphertext);
}

/** The identities in an age identity file's text (comment lines skipped). */
export function parseAgeIdentities(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => AGE_IDENTITY.test(l));
}
