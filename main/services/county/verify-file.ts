import { LATEST_SCHEMA_VERSION } from '../../../db/migrations';
import { openDatabase } from '../../../db/open';
import { keyIdHex, parsePublicKey } from '../keys';
import { parseAgeIdentities } from '../packages/age';
import { PackageError, type PackageManifest } from '../packages/format';
import { tableColumns } from './apply';
import { checkFiles, checkRows, checkSignature, openPackage, openPayload } from './verify';

/**
 * `station-desk verify`: the county's checks that need no county books, for one package and
 * the station's public key. Without the county's identity it stops after the file hashes;
 * with it, it also decrypts and checks the header and rows (columns from an in-memory
 * database of the current schema; the audit rows' link to earlier packages is not known here).
 */
export async function verifyPackage(
  bytes: Uint8Array,
  stationPublicKeyText: string,
  identityText?: string,
): Promise<{ manifest: PackageManifest; manifestSha256: string; decrypted: boolean }> {
  const pkg = openPackage(bytes);
  const key = parsePublicKey(stationPublicKeyText);
  if (keyIdHex(key.keyId) !== pkg.manifest.key_id) throw new PackageError('UNKNOWN_KEY', pkg.manifest.key_id);
  checkSignature(pkg, key);
  checkFiles(pkg);
  if (pkg.manifest.schema_version > LATEST_SCHEMA_VERSION) throw new PackageError('SCHEMA_NEWER', '');
  if (identityText === undefined)
    return { manifest: pkg.manifest, manifestSha256: pkg.manifestSha256, decrypted: false };
  const payload = await openPayload(pkg, parseAgeIdentities(identityText));
  const schema = await openDatabase(':memory:', { create: true });
  try {
    checkRows(pkg.manifest, payload, tableColumns(schema.sqlite));
  } finally {
    await schema.close();
  }
  return { manifest: pkg.manifest, manifestSha256: pkg.manifestSha256, decrypted: true };
}
