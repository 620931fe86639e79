import { createHash } from 'node:crypto';
import { constants as bufferConstants } from 'node:buffer';
import { gunzipSync } from 'node:zlib';
import { auditRowHash } from '../../../db/audit';
import { SYNCED_TABLES, type AuditLogTable, type SyncedTable } from '../../../db/schema';
import { verifyMinisign, type SigningKey } from '../keys';
import { ageDecrypt } from '../packages/age';
import { ArchiveError } from '../packages/archive-error';
import {
  AUDIT_FILE,
  HEADER_FILE,
  MANIFEST_FILE,
  PACKAGE_LIMITS,
  PAYLOAD_FILE,
  PackageError,
  SIGNATURE_FILE,
  headerSchema,
  manifestSchema,
  trustedComment,
  type PackageManifest,
} from '../packages/format';
import { readTar } from '../packages/tar';
import { readZip } from '../packages/zip';

/**
 * The package checks of DESIGN.md, one function per step and in its order, each failing with
 * a PackageError carrying the step's stable code. They need no county database: `verify`
 * runs them standalone, and the county adds the steps that need its books (county.ts).
 */

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export interface OuterPackage {
  manifest: PackageManifest;
  manifestBytes: Uint8Array;
  manifestSha256: string;
  signature: string;
  payload: Uint8Array;
}

/** Archive errors keep their code (BAD_ARCHIVE or TOO_LARGE); the detail goes to logs. */
function rethrowArchive(error: unknown): never {
  if (error instanceof ArchiveError) throw new PackageError(error.code, error.message);
  throw error;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Size limits → strict ZIP of exactly the three entries → manifest shape. */
export function openPackage(bytes: Uint8Array): OuterPackage {
  if (bytes.length > PACKAGE_LIMITS.maxPackageBytes)
    throw new PackageError('TOO_LARGE', `${bytes.length} bytes`);
  let entries;
  try {
    entries = readZip(bytes, { maxEntries: 16, maxTotalBytes: PACKAGE_LIMITS.maxPackageBytes });
  } catch (error) {
    rethrowArchive(error);
  }
  const names = entries.map((e) => e.name);
  const expected = [MANIFEST_FILE, SIGNATURE_FILE, PAYLOAD_FILE];
  if (names.length !== 3 || !expected.every((n) => names.includes(n)))
    throw new PackageError('BAD_ARCHIVE', `entries ${JSON.stringify(names)}`);
  const entry = (name: string) => entries.find((e) => e.name === name)!.data;
  const manifestBytes = entry(MANIFEST_FILE);
  if (manifestBytes.length > PACKAGE_LIMITS.maxManifestBytes)
    throw new PackageError('TOO_LARGE', 'manifest too large');
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(manifestBytes));
  } catch (error) {
    throw new PackageError('BAD_MANIFEST', (error as Error).message);
  }
  const manifest = manifestSchema.safeParse(parsed);
  if (!manifest.success) throw new PackageError('BAD_MANIFEST', manifest.error.message.slice(0, 500));
  return {
    manifest: manifest.data,
    manifestBytes,
    manifestSha256: sha256(manifestBytes),
    signature: Buffer.from(entry(SIGNATURE_FILE)).toString('utf8'),
    payload: entry(PAYLOAD_FILE),
  };
}

/** The minisign signature by `key`, whose trusted comment must name this very manifest. */
export function checkSignature(pkg: OuterPackage, key: Pick<SigningKey, 'keyId' | 'publicKey'>): void {
  const check = verifyMinisign(pkg.manifestBytes, pkg.signature, key);
  if (!check.valid) throw new PackageError('BAD_SIGNATURE', check.reason);
  if (check.trustedComment !== trustedComment(pkg.manifest, pkg.manifestSha256))
    throw new PackageError('BAD_SIGNATURE', `trusted comment ${check.trustedComment}`);
}

/** The payload is the one the signed manifest lists. */
export function checkFiles(pkg: OuterPackage): void {
  const file = pkg.manifest.files[0]!;
  if (file.size !== pkg.payload.length || file.sha256 !== sha256(pkg.payload))
    throw new PackageError('HASH_MISMATCH', PAYLOAD_FILE);
}

export type Row = Record<string, unknown>;
export interface Payload {
  /** Rows per table, in SYNCED_TABLES order (parents before children). */
  tables: [SyncedTable, Row[]][];
  audit: AuditLogTable[];
  attachments: { sha256: string; data: Uint8Array }[];
}

/** Bytes decoded to text at a time: decoding line by line costs more than parsing them. */
const NDJSON_CHUNK_BYTES = 32 * 1024 * 1024;

/** Parses NDJSON in chunks of whole lines (bounded strings, whatever the entry's size). */
function ndjson(data: Uint8Array, what: string): Row[] {
  const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const rows: Row[] = [];
  for (let from = 0; from < b.length;) {
    let to = Math.min(from + NDJSON_CHUNK_BYTES, b.length);
    if (to < b.length) to = b.indexOf(0x0a, to) + 1 || b.length;
    let text: string;
    try {
      text = b.toString('utf8', from, to);
    } catch {
      throw new PackageError('BAD_ROWS', `${what}: line too long`);
    }
    for (let start = 0; start < text.length;) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      if (end > start) {
        let row: unknown;
        try {
          row = JSON.parse(text.slice(start, end));
        } catch {
          throw new PackageError('BAD_ROWS', `${what}: line is not JSON`);
        }
        if (!row || typeof row !== 'object' || Array.isArray(row))
          throw new PackageError('BAD_ROWS', `${what}: line is not an object`);
        rows.push(row as Row);
      }
      start = end + 1;
    }
    from = to;
  }
  return rows;
}

const TABLE_ENTRY = /^tables\/([a-z_]+)\.ndjson$/;
const ATTACHMENT_ENTRY = /^attachments\/([0-9a-f]{64})$/;

/** Decrypt → gunzip under the caps → strict tar → header matches → parse the entries. */
export async function openPayload(pkg: OuterPackage, identities: string[]): Promise<Payload> {
  let gz: Uint8Array;
  try {
    gz = await ageDecrypt(pkg.payload, identities);
  } catch (error) {
    throw new PackageError('DECRYPT_FAILED', (error as Error).message);
  }
  // A payload may grow only so much: the absolute cap and the ratio against its compressed size.
  const cap = Math.min(
    PACKAGE_LIMITS.maxPayloadBytes,
    Math.max(gz.length, 1024) * PACKAGE_LIMITS.maxCompressionRatio,
    bufferConstants.MAX_LENGTH,
  );
  let tarBytes: Buffer;
  try {
    tarBytes = gunzipSync(gz, { maxOutputLength: cap, chunkSize: 1 << 20 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new PackageError('TOO_LARGE', 'payload decompresses beyond the limits');
    throw new PackageError('BAD_ARCHIVE', `gzip: ${(error as Error).message}`);
  }
  let entries;
  try {
    entries = readTar(tarBytes, {
      maxEntries: PACKAGE_LIMITS.maxEntries,
      maxTotalBytes: PACKAGE_LIMITS.maxPayloadBytes,
      maxEntryBytes: bufferConstants.MAX_LENGTH,
    });
  } catch (error) {
    rethrowArchive(error);
  }

  const header = entries.find((e) => e.name === HEADER_FILE);
  let parsedHeader: unknown;
  try {
    parsedHeader = header ? JSON.parse(utf8.decode(header.data)) : undefined;
  } catch {
    throw new PackageError('BAD_HEADER', 'header is not JSON');
  }
  const h = headerSchema.safeParse(parsedHeader);
  const m = pkg.manifest;
  if (
    !h.success ||
    h.data.package_id !== m.package_id ||
    h.data.station !== m.station.code ||
    h.data.seq !== m.seq
  )
    throw new PackageError('BAD_HEADER', JSON.stringify(parsedHeader ?? null).slice(0, 300));

  const byTable = new Map<SyncedTable, Row[]>();
  const payload: Payload = { tables: [], audit: [], attachments: [] };
  for (const { name, data } of entries) {
    if (name === HEADER_FILE) continue;
    if (name === AUDIT_FILE) {
      payload.audit = ndjson(data, name) as unknown as AuditLogTable[];
      continue;
    }
    const table = TABLE_ENTRY.exec(name)?.[1];
    if (table !== undefined) {
      if (!(SYNCED_TABLES as readonly string[]).includes(table))
        throw new PackageError('BAD_ROWS', `unknown table ${table}`);
      byTable.set(table as SyncedTable, ndjson(data, name));
      continue;
    }
    const sha = ATTACHMENT_ENTRY.exec(name)?.[1];
    if (sha === undefined) throw new PackageError('BAD_ROWS', `unexpected entry ${name}`);
    if (sha256(data) !== sha) throw new PackageError('BAD_ROWS', `attachment ${sha} does not match its name`);
    payload.attachments.push({ sha256: sha, data });
  }
  payload.tables = SYNCED_TABLES.filter((t) => byTable.has(t)).map((t) => [t, byTable.get(t)!]);
  return payload;
}

const AUDIT_COLUMNS = ['seq', 'at', 'actor', 'action', 'entity', 'entity_id', 'diff', 'prev_hash', 'hash'];

const isScalar = (v: unknown) =>
  v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/**
 * The rows' shape: known columns only (`columnsOf` gives each table's, from the schema), an
 * id, scalar values, rev within the range, counts as the manifest says, and the audit rows a
 * chain whose every hash is recomputed. The link to the county's previous head is checked
 * where the books are (apply.ts).
 */
export function checkRows(
  manifest: PackageManifest,
  payload: Payload,
  columnsOf: (t: SyncedTable) => string[],
): void {
  const bad = (why: string) => new PackageError('BAD_ROWS', why);
  const counts: Record<string, number> = {
    audit: payload.audit.length,
    attachments: payload.attachments.length,
  };
  for (const [table, rows] of payload.tables) {
    counts[table] = rows.length;
    const columns = new Set(columnsOf(table));
    for (const row of rows) {
      for (const key in row) {
        if (!columns.has(key)) throw bad(`${table}: unknown column ${key}`);
        if (!isScalar(row[key])) throw bad(`${table}.${key}: not a plain value`);
      }
      if (typeof row.id !== 'string' || row.id === '') throw bad(`${table}: row without id`);
      if (
        typeof row.rev !== 'number' ||
        !Number.isInteger(row.rev) ||
        row.rev < 1 ||
        row.rev > manifest.range.rev_to
      )
        throw bad(`${table} ${row.id}: rev ${String(row.rev)} outside the package's range`);
    }
  }
  for (const [key, n] of Object.entries(manifest.counts))
    if ((counts[key] ?? 0) !== n) throw bad(`count of ${key}`);
  for (const [key, n] of Object.entries(counts))
    if ((manifest.counts[key] ?? 0) !== n) throw bad(`count of ${key}`);

  let previous: AuditLogTable | null = null;
  for (const row of payload.audit) {
    if (Object.keys(row).length !== AUDIT_COLUMNS.length || !AUDIT_COLUMNS.every((c) => c in row))
      throw bad('audit row columns');
    if (!AUDIT_COLUMNS.every((c) => isScalar((row as unknown as Row)[c]))) throw bad('audit row values');
    if (previous && (row.seq !== previous.seq + 1 || row.prev_hash !== previous.hash))
      throw bad(`audit ${row.seq}: not linked to the row before`);
    if (auditRowHash(row) !== row.hash) throw bad(`audit ${row.seq}: hash does not match the row`);
    previous = row;
  }
  const first = payload.audit[0];
  if (first && manifest.kind === 'incremental' && first.seq !== manifest.range.audit_from)
    throw bad('audit rows do not start at the range');
  if (previous && previous.seq !== manifest.range.audit_to) throw bad('audit rows do not end at the range');
}
