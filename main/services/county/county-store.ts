import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { SYNCED_TABLES } from '../../../db/schema';
import { openDatabase } from '../../../db/open';
import { GENESIS_HASH } from '../../../db/audit';
import { ErrorCode, StationError } from '../../api/errors';
import { parsePublicKey, parseSecretKey, type SigningKey } from '../keys';
import { parseAgeIdentities } from '../packages/age';
import type { SignedReceipt } from '../packages/format';

/**
 * The county's data folder:
 *
 *   county.json                  { name, created_at }
 *   keys/receipt.key             minisign secret key that signs receipts (0600)
 *   keys/receipt.pub             its public half (also in the profile file)
 *   keys/identity.age            the operational age identity that decrypts payloads (0600)
 *   stations/<code>.db           one replica per station: the station's own schema (same
 *                                migrations) plus the county_* tables below, so a station's
 *                                keys, bookkeeping and rows change in ONE SQLite transaction
 *   stations/<code>/held/<seq>.sdpkg   packages waiting for a missing earlier one
 */

export const COUNTY_FILE = 'county.json';
export const RECEIPT_KEY_FILE = join('keys', 'receipt.key');
export const RECEIPT_PUB_FILE = join('keys', 'receipt.pub');
export const IDENTITY_FILE = join('keys', 'identity.age');

export interface County {
  dataDir: string;
  name: string;
  receiptKey: SigningKey;
  identities: string[];
}

export function loadCounty(dataDir: string): County {
  const file = join(dataDir, COUNTY_FILE);
  if (!existsSync(file))
    throw new StationError(
      ErrorCode.notSetUp,
      `${dataDir} 不是县级数据文件夹（没有 ${COUNTY_FILE}）。请先运行 station-desk county init。`,
    );
  const info = JSON.parse(readFileSync(file, 'utf8')) as { name: string };
  return {
    dataDir,
    name: info.name,
    receiptKey: parseSecretKey(readFileSync(join(dataDir, RECEIPT_KEY_FILE), 'utf8')),
    identities: parseAgeIdentities(readFileSync(join(dataDir, IDENTITY_FILE), 'utf8')),
  };
}

export const stationsDir = (dataDir: string) => join(dataDir, 'stations');
export const replicaPath = (dataDir: string, code: string) => join(stationsDir(dataDir), `${code}.db`);
export const heldPath = (dataDir: string, code: string, seq: number) =>
  join(stationsDir(dataDir), code, 'held', `${seq}.sdpkg`);

/** Enrolled stations' codes, from the replica files. */
export function stationCodes(dataDir: string): string[] {
  const dir = stationsDir(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.db'))
    .map((f) => f.slice(0, -3))
    .sort();
}

const COUNTY_TABLES = [
  // The station's signing keys. A key signs packages with valid_from_seq <= seq and, once
  // revoked (rotation or --replace), only those before revoked_from_seq.
  `CREATE TABLE IF NOT EXISTS county_keys (
    key_id TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    added_at TEXT NOT NULL,
    valid_from_seq INTEGER NOT NULL,
    revoked_from_seq INTEGER,
    revoked_at TEXT,
    via TEXT NOT NULL
  ) STRICT`,
  // Every package received: applied and held ones (one per seq) and rejections (a log).
  `CREATE TABLE IF NOT EXISTS county_packages (
    id INTEGER PRIMARY KEY,
    package_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('applied', 'held', 'rejected')),
    code TEXT,
    received_at TEXT NOT NULL,
    receipt TEXT NOT NULL
  ) STRICT`,
  `CREATE UNIQUE INDEX IF NOT EXISTS county_packages_seq ON county_packages(seq) WHERE status <> 'rejected'`,
  `CREATE INDEX IF NOT EXISTS county_packages_id ON county_packages(package_id)`,
];

/**
 * A replica keeps only the indexes that guard its rows (primary keys, unique ones) and the
 * county's own: the station's lookup indexes serve its lists and statistics, which the county
 * does not run, and every imported row would pay for them (measured: about a quarter of the
 * apply time). Migrations that drop an index therefore say IF EXISTS (a unit test checks).
 */
function dropLookupIndexes(sqlite: Database.Database): void {
  const names = sqlite
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
         AND sql NOT LIKE 'CREATE UNIQUE INDEX%' AND tbl_name IN (${SYNCED_TABLES.map(() => '?').join(', ')})`,
    )
    .pluck()
    .all(...SYNCED_TABLES) as string[];
  for (const name of names) sqlite.exec(`DROP INDEX "${name}"`);
}

export interface Replica {
  sqlite: Database.Database;
  code: string;
  close(): Promise<void>;
}

/** Opens (or, with create, makes) a station's replica, migrated to the current schema. */
export async function openReplica(dataDir: string, code: string, create = false): Promise<Replica> {
  mkdirSync(stationsDir(dataDir), { recursive: true });
  const opened = await openDatabase(replicaPath(dataDir, code), { create });
  for (const statement of COUNTY_TABLES) opened.sqlite.exec(statement);
  dropLookupIndexes(opened.sqlite);
  return { sqlite: opened.sqlite, code, close: () => opened.close() };
}

export interface KeyRow {
  key_id: string;
  public_key: string;
  added_at: string;
  valid_from_seq: number;
  revoked_from_seq: number | null;
  revoked_at: string | null;
  via: string;
}

export function stationKeys(sqlite: Database.Database): KeyRow[] {
  return sqlite.prepare('SELECT * FROM county_keys ORDER BY added_at, key_id').all() as KeyRow[];
}

export interface PackageRow {
  id: number;
  package_id: string;
  seq: number;
  manifest_sha256: string;
  status: 'applied' | 'held' | 'rejected';
  code: string | null;
  received_at: string;
  receipt: string;
}

/** The last applied package (seq 0 and no hash before the first). */
export function lastApplied(sqlite: Database.Database): { seq: number; sha256: string | null } {
  const row = sqlite
    .prepare(
      "SELECT seq, manifest_sha256 FROM county_packages WHERE status = 'applied' ORDER BY seq DESC LIMIT 1",
    )
    .get() as { seq: number; manifest_sha256: string } | undefined;
  return row ? { seq: row.seq, sha256: row.manifest_sha256 } : { seq: 0, sha256: null };
}

export function heldSeqs(sqlite: Database.Database): number[] {
  return (
    sqlite.prepare("SELECT seq FROM county_packages WHERE status = 'held' ORDER BY seq").all() as {
      seq: number;
    }[]
  ).map((r) => r.seq);
}

/** The applied or held package with this id or seq, if any. */
export function findPackage(
  sqlite: Database.Database,
  packageId: string,
  seq: number,
): PackageRow | undefined {
  return sqlite
    .prepare(
      "SELECT * FROM county_packages WHERE status <> 'rejected' AND (package_id = ? OR seq = ?) ORDER BY package_id = ? DESC LIMIT 1",
    )
    .get(packageId, seq, packageId) as PackageRow | undefined;
}

export const storedReceipt = (row: PackageRow): SignedReceipt => JSON.parse(row.receipt) as SignedReceipt;

/** The audit chain's head in the replica. */
export function auditHead(sqlite: Database.Database): { seq: number; hash: string } {
  const row = sqlite.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
    { seq: number; hash: string } | undefined;
  return row ?? { seq: 0, hash: GENESIS_HASH };
}

export function parseKeyRow(row: KeyRow) {
  return parsePublicKey(row.public_key);
}
