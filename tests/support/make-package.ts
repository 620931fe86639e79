import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { auditRowHash, GENESIS_HASH } from '../../db/audit';
import { uuidv7 } from '../../db/ids';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations';
import type { AuditLogTable } from '../../db/schema';
import { formatPublicKey, keyIdHex, signMinisign, type SigningKey } from '../../main/services/keys';
import { ageEncrypt } from '../../main/services/packages/age';
import {
  AUDIT_FILE,
  HEADER_FILE,
  MANIFEST_FILE,
  PACKAGE_FORMAT,
  PACKAGE_VERSION,
  PAYLOAD_FILE,
  SIGNATURE_FILE,
  packageFileName,
  trustedComment,
  type PackageManifest,
} from '../../main/services/packages/format';
import { writeTar } from '../../main/services/packages/tar';
import { crc32, writeZip, type ArchiveEntry } from '../../main/services/packages/zip';

/**
 * A low-level package builder for tests: a package from its parts (manifest fields, rows per
 * table, audit rows, attachments, the station's key, the recipients), with knobs that craft
 * the bad ones the county must refuse. Without knobs it makes exactly what the format says.
 */

export type Row = Record<string, string | number | null>;

export interface PackageParts {
  station?: { code: string; name: string; county: string };
  seq?: number;
  prev?: string | null;
  kind?: 'incremental' | 'full';
  packageId?: string;
  /** The station's signing key (its id goes in the manifest). */
  key: SigningKey;
  recipients: string[];
  tables?: Record<string, Row[]>;
  audit?: AuditLogTable[];
  attachments?: Uint8Array[];
  schemaVersion?: number;
  range?: Partial<PackageManifest['range']>;
  /** Announce the station's next key (rotation). */
  nextKey?: Pick<SigningKey, 'keyId' | 'publicKey'>;

  // --- knobs for bad packages -----------------------------------------------------------
  /** Counts in the manifest instead of the true ones. */
  counts?: Record<string, number>;
  /** Edit the manifest object before it is serialised and signed. */
  editManifest?: (m: Record<string, unknown>) => void;
  /** Raw manifest bytes instead (signed as they are). */
  manifestBytes?: Uint8Array;
  /** Sign with this key instead of `key` (the manifest still names `key`). */
  signWith?: SigningKey;
  trustedComment?: string;
  /** header.json's object instead of the right one; null leaves it out. */
  header?: unknown;
  extraTarEntries?: ArchiveEntry[];
  /** Replace the gzip bytes before encryption. */
  gzipBytes?: Uint8Array;
  /** Change the encrypted payload after the manifest listed it. */
  alterPayload?: (payload: Uint8Array) => Uint8Array;
  /** Zip entries added, or all entries replaced (raw, unchecked writer). */
  extraZipEntries?: RawZipEntry[];
  zipEntries?: (entries: RawZipEntry[]) => RawZipEntry[];
}

export interface BuiltPackage {
  bytes: Buffer;
  manifest: PackageManifest;
  manifestSha256: string;
  fileName: string;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export const TEST_STATION = { code: 'LHX-001', name: '莲花镇人大代表联络站', county: '青山县' };

/** Audit rows with true hashes, continuing a chain at `after` (seq and hash of the row before). */
export function auditRows(
  entries: { action: string; entity: string; entity_id: string; diff?: unknown; at?: string }[],
  after: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): AuditLogTable[] {
  const rows: AuditLogTable[] = [];
  let prev = after;
  for (const e of entries) {
    const row = {
      seq: prev.seq + 1,
      at: e.at ?? '2026-03-08T09:30:00+08:00',
      actor: '管理员',
      action: e.action,
      entity: e.entity,
      entity_id: e.entity_id,
      diff: JSON.stringify(e.diff ?? {}),
      prev_hash: prev.hash,
    };
    const hash = auditRowHash(row);
    rows.push({ ...row, hash });
    prev = { seq: row.seq, hash };
  }
  return rows;
}

export async function makePackage(parts: PackageParts): Promise<BuiltPackage> {
  const station = parts.station ?? TEST_STATION;
  const seq = parts.seq ?? 1;
  const packageId = parts.packageId ?? uuidv7();
  const tables = parts.tables ?? {};
  const audit = parts.audit ?? [];
  const attachments = parts.attachments ?? [];

  const tarEntries: ArchiveEntry[] = [];
  const header =
    parts.header === undefined ? { package_id: packageId, station: station.code, seq } : parts.header;
  if (header !== null) tarEntries.push({ name: HEADER_FILE, data: Buffer.from(JSON.stringify(header)) });
  const counts: Record<string, number> = {};
  let maxRev = 0;
  for (const [table, rows] of Object.entries(tables)) {
    if (rows.length === 0) continue;
    counts[table] = rows.length;
    for (const r of rows) maxRev = Math.max(maxRev, Number(r.rev ?? 0));
    tarEntries.push({
      name: `tables/${table}.ndjson`,
      data: Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n') + '\n'),
    });
  }
  if (audit.length)
    tarEntries.push({
      name: AUDIT_FILE,
      data: Buffer.from(audit.map((r) => JSON.stringify(r)).join('\n') + '\n'),
    });
  for (const a of attachments) tarEntries.push({ name: `attachments/${sha256(a)}`, data: a });
  counts.audit = audit.length;
  counts.attachments = attachments.length;
  tarEntries.push(...(parts.extraTarEntries ?? []));

  const gz = parts.gzipBytes ?? gzipSync(writeTar(tarEntries));
  const encrypted = await ageEncrypt(gz, parts.recipients);
  const manifestObject: Record<string, unknown> = {
    format: PACKAGE_FORMAT,
    version: PACKAGE_VERSION,
    package_id: packageId,
    station,
    key_id: keyIdHex(parts.key.keyId),
    seq,
    prev_manifest_sha256: parts.prev ?? null,
    kind: parts.kind ?? 'incremental',
    created_at: '2026-03-08T10:00:00+08:00',
    app_version: 'test',
    schema_version: parts.schemaVersion ?? LATEST_SCHEMA_VERSION,
    range: {
      rev_from: 1,
      rev_to: maxRev,
      audit_from: audit[0]?.seq ?? 0,
      audit_to: audit[audit.length - 1]?.seq ?? 0,
      ...parts.range,
    },
    counts: parts.counts ?? counts,
    encryption: { scheme: 'age-v1', recipients: parts.recipients },
    files: [{ path: PAYLOAD_FILE, size: encrypted.length, sha256: sha256(encrypted) }],
    part: { index: 1, last: true },
    next_key: parts.nextKey
      ? { key_id: keyIdHex(parts.nextKey.keyId), public_key: formatPublicKey(parts.nextKey).trimEnd() }
      : null,
  };
  parts.editManifest?.(manifestObject);
  const manifestBytes = parts.manifestBytes ?? Buffer.from(JSON.stringify(manifestObject, null, 2));
  const manifestSha256 = sha256(manifestBytes);
  const manifest = manifestObject as unknown as PackageManifest;
  const signature = signMinisign(
    manifestBytes,
    parts.signWith ?? parts.key,
    parts.trustedComment ?? trustedComment(manifest, manifestSha256),
  );
  const payload = parts.alterPayload ? parts.alterPayload(encrypted) : encrypted;
  let zipEntries: RawZipEntry[] = [
    { name: MANIFEST_FILE, data: manifestBytes },
    { name: SIGNATURE_FILE, data: Buffer.from(signature) },
    { name: PAYLOAD_FILE, data: payload },
    ...(parts.extraZipEntries ?? []),
  ];
  if (parts.zipEntries) zipEntries = parts.zipEntries(zipEntries);
  const plain = !parts.extraZipEntries && !parts.zipEntries;
  return {
    bytes: plain ? writeZip(zipEntries) : rawZip(zipEntries),
    manifest,
    manifestSha256,
    fileName: packageFileName(station.code, seq),
  };
}

export interface RawZipEntry {
  name: string;
  data: Uint8Array;
  /** Unix mode for the external attributes (0o120777 makes a symlink). */
  mode?: number;
}

/** A STORED zip without any of writeZip's checks: for crafting zip slips, links, duplicates. */
export function rawZip(entries: RawZipEntry[]): Buffer {
  const locals: Uint8Array[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, mode } of entries) {
    const n = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30 + n.length);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(33, 12);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    n.copy(local, 30);
    const central = Buffer.alloc(46 + n.length);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    local.copy(central, 6, 4, 30);
    central.writeUInt32LE(((mode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    n.copy(central, 46);
    locals.push(local, data);
    centrals.push(central);
    offset += local.length + data.length;
  }
  const cdSize = centrals.reduce((s, c) => s + c.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
