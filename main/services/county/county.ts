import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LATEST_SCHEMA_VERSION } from '../../../db/migrations';
import { SYNCED_TABLES } from '../../../db/schema';
import { ErrorCode, StationError } from '../../api/errors';
import { writeFileAtomic } from '../write-file';
import { formatPublicKey, formatSecretKey, generateSigningKey, keyIdHex, parsePublicKey } from '../keys';
import { generateAgeIdentity } from '../packages/age';
import {
  PACKAGE_ERRORS,
  PackageError,
  RECEIPT_FORMAT,
  type PackageErrorCode,
  type Receipt,
  type SignedReceipt,
} from '../packages/format';
import { profileFileText } from '../packages/profile';
import { signReceipt } from '../packages/receipt';
import { applyPayload, rowError, tableColumns } from './apply';
import {
  COUNTY_FILE,
  IDENTITY_FILE,
  RECEIPT_KEY_FILE,
  RECEIPT_PUB_FILE,
  findPackage,
  heldPath,
  heldSeqs,
  lastApplied,
  loadCounty,
  openReplica,
  replicaPath,
  stationCodes,
  stationKeys,
  storedReceipt,
  type County,
  type KeyRow,
  type Replica,
} from './county-store';
import {
  checkFiles,
  checkRows,
  checkSignature,
  openPackage,
  openPayload,
  type OuterPackage,
  type Payload,
} from './verify';

/**
 * The county's side (`station-desk county …`): its keys, the enrolled stations, and one
 * replica database per station (`stations/<code>.db`, the station's own schema) into which
 * packages are applied in order, all of a package or nothing.
 */

export interface StationReport {
  code: string;
  name: string;
  lastSeq: number;
  /** Sequence numbers held back because an earlier one is missing. */
  held: number[];
  /** The missing ones. */
  gaps: number[];
  lastSeenAt: string | null;
  rows: number;
}

export const ESCROW_FILE = 'escrow-identity-MOVE-OFFLINE.age';
const STATION_CODE = /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/;

const now = () => new Date().toISOString();

export async function initCounty(options: {
  dataDir: string;
  name: string;
  profileOut: string;
  intakeUrl?: string;
}): Promise<{ profilePath: string; escrowIdentityPath: string }> {
  const dataDir = resolve(options.dataDir);
  if (existsSync(join(dataDir, COUNTY_FILE)))
    throw new StationError(
      ErrorCode.validation,
      `${dataDir} 里已经有县级数据（${COUNTY_FILE}），不能覆盖。请换一个空文件夹。`,
      'data',
    );
  mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
  const operational = await generateAgeIdentity();
  const escrow = await generateAgeIdentity();
  const receiptKey = generateSigningKey();
  const created = now();
  const identityText = (what: string, id: { identity: string; recipient: string }) =>
    `# ${what}, created ${created}\n# public key: ${id.recipient}\n${id.identity}\n`;

  writeFileAtomic(join(dataDir, RECEIPT_KEY_FILE), formatSecretKey(receiptKey), 0o600);
  writeFileAtomic(join(dataDir, RECEIPT_PUB_FILE), formatPublicKey(receiptKey), 0o644);
  writeFileAtomic(
    join(dataDir, IDENTITY_FILE),
    identityText(`${options.name} operational age identity`, operational),
    0o600,
  );
  // The escrow identity decrypts every package if the operational one is lost: it must not
  // stay on the intake machine. The operator moves it offline (the CLI says so).
  const escrowIdentityPath = join(dataDir, ESCROW_FILE);
  writeFileAtomic(
    escrowIdentityPath,
    identityText(`${options.name} ESCROW age identity — keep offline`, escrow),
    0o600,
  );
  for (const f of [RECEIPT_KEY_FILE, IDENTITY_FILE, ESCROW_FILE]) chmodSync(join(dataDir, f), 0o600);

  const profilePath = resolve(options.profileOut);
  writeFileAtomic(
    profilePath,
    profileFileText({
      county: options.name,
      intakeUrl: options.intakeUrl ?? '',
      recipients: [
        { label: '县级日常密钥', recipient: operational.recipient },
        { label: '县级备用密钥（离线保管）', recipient: escrow.recipient },
      ],
      receiptPublicKey: formatPublicKey(receiptKey),
    }),
    0o644,
  );
  // Last: county.json marks the folder as a finished county.
  writeFileAtomic(
    join(dataDir, COUNTY_FILE),
    `${JSON.stringify({ name: options.name, created_at: created }, null, 2)}\n`,
    0o644,
  );
  return { profilePath, escrowIdentityPath };
}

/**
 * Enrols a station's public key (its replica is made on first enrolment). The same key again
 * is a no-op; another key for an enrolled station needs `replace` (the station lost its key):
 * the old key then signs nothing after the last applied package.
 */
export async function enrollStation(
  dataDir: string,
  code: string,
  publicKeyText: string,
  options: { replace?: boolean } = {},
): Promise<{ keyId: string; changed: boolean }> {
  loadCounty(dataDir);
  if (!STATION_CODE.test(code))
    throw new StationError(
      ErrorCode.validation,
      `联络站编码“${code}”格式不对：只能用字母、数字和短横线。`,
      'code',
    );
  const key = parsePublicKey(publicKeyText);
  const keyId = keyIdHex(key.keyId);
  const replica = await openReplica(dataDir, code, true);
  try {
    const keys = stationKeys(replica.sqlite);
    const same = keys.find((k) => k.key_id === keyId);
    if (same && same.revoked_at === null) return { keyId, changed: false };
    if (same)
      throw new StationError(
        ErrorCode.validation,
        `这个公钥（${keyId}）已被停用，不能再次登记。请让该站提供当前的公钥。`,
        'pub',
      );
    const active = keys.filter((k) => k.revoked_at === null);
    if (active.length > 0 && !options.replace)
      throw new StationError(
        ErrorCode.validation,
        `联络站 ${code} 已登记了另一个公钥（${active.map((k) => k.key_id).join('、')}）。如确认该站更换了密钥，请加 --replace。`,
        'pub',
      );
    const from = lastApplied(replica.sqlite).seq + 1;
    const at = now();
    replica.sqlite.transaction(() => {
      replica.sqlite
        .prepare('UPDATE county_keys SET revoked_at = ?, revoked_from_seq = ? WHERE revoked_at IS NULL')
        .run(at, from);
      replica.sqlite
        .prepare(
          'INSERT INTO county_keys (key_id, public_key, added_at, valid_from_seq, via) VALUES (?, ?, ?, ?, ?)',
        )
        .run(keyId, formatPublicKey(key), at, active.length ? from : 1, active.length ? 'replace' : 'enroll');
    })();
    return { keyId, changed: true };
  } finally {
    await replica.close();
  }
}

/** The enrolled key that may sign package `seq`: UNKNOWN_KEY or KEY_REVOKED otherwise. */
function keyFor(keys: KeyRow[], keyId: string, seq: number): KeyRow {
  const row = keys.find((k) => k.key_id === keyId);
  if (!row || seq < row.valid_from_seq) throw new PackageError('UNKNOWN_KEY', keyId);
  if (row.revoked_from_seq !== null && seq >= row.revoked_from_seq)
    throw new PackageError('KEY_REVOKED', keyId);
  return row;
}

/** Known key → signature → file hashes. */
function authenticate(sqlite: Replica['sqlite'], pkg: OuterPackage): void {
  const key = keyFor(stationKeys(sqlite), pkg.manifest.key_id, pkg.manifest.seq);
  checkSignature(pkg, parsePublicKey(key.public_key));
  checkFiles(pkg);
}

type Outcome = { receipt: SignedReceipt; status: 'applied' | 'held' | 'rejected'; code: string | null };

function makeReceipt(
  county: County,
  pkg: OuterPackage,
  status: Receipt['status'],
  code: PackageErrorCode | null,
  highest: number,
): SignedReceipt {
  const m = pkg.manifest;
  return signReceipt(
    {
      format: RECEIPT_FORMAT,
      version: 1,
      county: county.name,
      station: m.station.code,
      package_id: m.package_id,
      seq: m.seq,
      manifest_sha256: pkg.manifestSha256,
      status,
      code,
      message: code ? PACKAGE_ERRORS[code] : null,
      highest_contiguous_seq: highest,
      received_at: now(),
    },
    county.receiptKey,
  );
}

/** Receptions of one data folder run one at a time (serve may get several at once). */
const queues = new Map<string, Promise<unknown>>();
function serialized<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const run = (queues.get(key) ?? Promise.resolve()).then(fn, fn);
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => queues.get(key) === tail && queues.delete(key));
  return run;
}

/**
 * Checks and applies one package (DESIGN.md order) and answers with a signed receipt: applied,
 * held (a gap), or rejected with its code. A duplicate returns the same receipt again.
 * Throws PackageError when the package cannot be tied to an enrolled station (no receipt).
 * `prepared`: its payload already decrypted and parsed by preparePayload (a batch import).
 */
export async function receivePackage(
  dataDir: string,
  bytes: Uint8Array,
  prepared?: PreparedPayload,
): Promise<Outcome> {
  const dir = resolve(dataDir);
  return serialized(dir, async () => {
    const county = loadCounty(dir);
    const pkg = openPackage(bytes);
    const code = pkg.manifest.station.code;
    if (!existsSync(replicaPath(dir, code))) throw new PackageError('UNKNOWN_STATION', code);
    const replica = await openReplica(dir, code);
    try {
      return await receiveInto(county, replica, pkg, bytes, prepared);
    } finally {
      await replica.close();
    }
  });
}

/** A package's payload, decrypted, parsed and checked ahead of its turn; a failure is kept for that turn. */
export interface PreparedPayload {
  manifestSha256: string;
  payload: Promise<Payload>;
}

/**
 * Decrypts and parses a package's payload before its turn (the other worker of a batch import
 * does this while the previous package is applied). Only for a package signed by an enrolled
 * key: nothing unauthenticated is decrypted. Anything odd gives undefined, and receivePackage
 * then runs every check itself, in order.
 */
export async function preparePayload(
  dataDir: string,
  bytes: Uint8Array,
): Promise<PreparedPayload | undefined> {
  try {
    const dir = resolve(dataDir);
    const county = loadCounty(dir);
    const pkg = openPackage(bytes);
    if (!existsSync(replicaPath(dir, pkg.manifest.station.code))) return undefined;
    const replica = await openReplica(dir, pkg.manifest.station.code);
    let columnsOf: ReturnType<typeof tableColumns>;
    try {
      authenticate(replica.sqlite, pkg);
      columnsOf = tableColumns(replica.sqlite);
      for (const table of SYNCED_TABLES) columnsOf(table);
    } finally {
      await replica.close();
    }
    const payload = checkedPayload(pkg, county, columnsOf);
    // Do the work now; a refusal is raised again when the package's turn comes.
    await payload.catch(() => undefined);
    return { manifestSha256: pkg.manifestSha256, payload };
  } catch {
    return undefined;
  }
}

async function receiveInto(
  county: County,
  replica: Replica,
  pkg: OuterPackage,
  bytes: Uint8Array,
  prepared: PreparedPayload | undefined,
): Promise<Outcome> {
  const { sqlite } = replica;
  const m = pkg.manifest;
  try {
    authenticate(sqlite, pkg);
    if (m.schema_version > LATEST_SCHEMA_VERSION)
      throw new PackageError('SCHEMA_NEWER', `${m.schema_version}`);
    const known = findPackage(sqlite, m.package_id, m.seq);
    if (known) {
      if (known.package_id === m.package_id && known.manifest_sha256 === pkg.manifestSha256)
        return { receipt: storedReceipt(known), status: known.status, code: known.code };
      throw new PackageError(
        'REPLAY',
        `seq ${m.seq} / ${m.package_id} received before with another manifest`,
      );
    }
    const last = lastApplied(sqlite);
    if (m.seq <= last.seq) throw new PackageError('REPLAY', `seq ${m.seq} <= ${last.seq}`);
    if (m.seq > last.seq + 1) return hold(county, replica, pkg, bytes, last.seq);
    const outcome = await apply(county, replica, pkg, null, prepared);
    await applyHeld(county, replica);
    // A package that filled a gap also confirms the held ones applied behind it.
    const highest = lastApplied(sqlite).seq;
    return highest === m.seq
      ? outcome
      : { ...outcome, receipt: makeReceipt(county, pkg, 'applied', null, highest) };
  } catch (error) {
    if (!(error instanceof PackageError)) throw error;
    return reject(county, replica, pkg, error);
  }
}

function reject(county: County, replica: Replica, pkg: OuterPackage, error: PackageError): Outcome {
  const receipt = makeReceipt(county, pkg, 'rejected', error.code, lastApplied(replica.sqlite).seq);
  replica.sqlite
    .prepare(
      "INSERT INTO county_packages (package_id, seq, manifest_sha256, status, code, received_at, receipt) VALUES (?, ?, ?, 'rejected', ?, ?, ?)",
    )
    .run(
      pkg.manifest.package_id,
      pkg.manifest.seq,
      pkg.manifestSha256,
      error.code,
      now(),
      JSON.stringify(receipt),
    );
  return { receipt, status: 'rejected', code: error.code };
}

function hold(
  county: County,
  replica: Replica,
  pkg: OuterPackage,
  bytes: Uint8Array,
  lastSeq: number,
): Outcome {
  const path = heldPath(county.dataDir, replica.code, pkg.manifest.seq);
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, bytes, 0o600);
  const receipt = makeReceipt(county, pkg, 'held', 'GAP', lastSeq);
  replica.sqlite
    .prepare(
      "INSERT INTO county_packages (package_id, seq, manifest_sha256, status, code, received_at, receipt) VALUES (?, ?, ?, 'held', 'GAP', ?, ?)",
    )
    .run(pkg.manifest.package_id, pkg.manifest.seq, pkg.manifestSha256, now(), JSON.stringify(receipt));
  return { receipt, status: 'held', code: 'GAP' };
}

/**
 * Chain → decrypt → header → rows → one transaction with the bookkeeping (and the key
 * rotation the package announces). `heldId`: the held package's row, updated in place.
 */
async function apply(
  county: County,
  replica: Replica,
  pkg: OuterPackage,
  heldId: number | null,
  prepared?: PreparedPayload,
): Promise<Outcome> {
  const { sqlite } = replica;
  const m = pkg.manifest;
  const last = lastApplied(sqlite);
  if (m.prev_manifest_sha256 !== last.sha256)
    throw new PackageError('CHAIN_BREAK', `prev ${m.prev_manifest_sha256} != ${last.sha256}`);
  if (m.next_key) {
    let next;
    try {
      next = parsePublicKey(m.next_key.public_key);
    } catch {
      throw new PackageError('BAD_MANIFEST', 'next_key');
    }
    if (keyIdHex(next.keyId) !== m.next_key.key_id) throw new PackageError('BAD_MANIFEST', 'next_key id');
  }
  const payload = await (prepared?.manifestSha256 === pkg.manifestSha256
    ? prepared.payload
    : checkedPayload(pkg, county, tableColumns(sqlite)));
  const receipt = makeReceipt(county, pkg, 'applied', null, m.seq);
  const at = now();
  const commit = sqlite.transaction(() => {
    // Another process (import beside serve) may have applied it meanwhile.
    if (lastApplied(sqlite).seq !== m.seq - 1) throw new PackageError('REPLAY', 'applied meanwhile');
    applyPayload(sqlite, m, payload, at);
    if (heldId === null)
      sqlite
        .prepare(
          "INSERT INTO county_packages (package_id, seq, manifest_sha256, status, code, received_at, receipt) VALUES (?, ?, ?, 'applied', NULL, ?, ?)",
        )
        .run(m.package_id, m.seq, pkg.manifestSha256, at, JSON.stringify(receipt));
    else
      sqlite
        .prepare("UPDATE county_packages SET status = 'applied', code = NULL, receipt = ? WHERE id = ?")
        .run(JSON.stringify(receipt), heldId);
    if (m.next_key) {
      sqlite
        .prepare('UPDATE county_keys SET revoked_at = ?, revoked_from_seq = ? WHERE key_id = ?')
        .run(at, m.seq + 1, m.key_id);
      sqlite
        .prepare(
          'INSERT OR IGNORE INTO county_keys (key_id, public_key, added_at, valid_from_seq, via) VALUES (?, ?, ?, ?, ?)',
        )
        .run(
          m.next_key.key_id,
          formatPublicKey(parsePublicKey(m.next_key.public_key)),
          at,
          m.seq + 1,
          `rotation ${m.seq}`,
        );
    }
  });
  try {
    commit();
  } catch (error) {
    // References are checked at COMMIT (deferred): a dangling one refuses the whole package.
    if (
      error instanceof PackageError ||
      !String((error as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT')
    )
      throw error;
    throw rowError(error, 'commit');
  }
  return { receipt, status: 'applied', code: null };
}

/** Decrypt → inner header → rows' shape (verify.ts). */
async function checkedPayload(
  pkg: OuterPackage,
  county: County,
  columnsOf: ReturnType<typeof tableColumns>,
): Promise<Payload> {
  const payload = await openPayload(pkg, county.identities);
  checkRows(pkg.manifest, payload, columnsOf);
  return payload;
}

/** Applies the held packages that now follow in order; one that fails is rejected and the rest wait. */
async function applyHeld(county: County, replica: Replica): Promise<void> {
  const { sqlite } = replica;
  for (;;) {
    const next = lastApplied(sqlite).seq + 1;
    const row = sqlite
      .prepare("SELECT id, package_id FROM county_packages WHERE status = 'held' AND seq = ?")
      .get(next) as { id: number; package_id: string } | undefined;
    if (!row) return;
    const path = heldPath(county.dataDir, replica.code, next);
    let pkg: OuterPackage | null = null;
    try {
      pkg = openPackage(readFileSync(path));
      authenticate(sqlite, pkg);
      await apply(county, replica, pkg, row.id);
    } catch (error) {
      if (!(error instanceof PackageError)) throw error;
      const receipt = pkg ? makeReceipt(county, pkg, 'rejected', error.code, next - 1) : null;
      sqlite
        .prepare(
          "UPDATE county_packages SET status = 'rejected', code = ?, receipt = coalesce(?, receipt) WHERE id = ?",
        )
        .run(error.code, receipt && JSON.stringify(receipt), row.id);
      return;
    } finally {
      rmSync(path, { force: true });
    }
  }
}

export async function countyStatus(dataDir: string): Promise<StationReport[]> {
  const dir = resolve(dataDir);
  loadCounty(dir);
  const reports: StationReport[] = [];
  for (const code of stationCodes(dir)) {
    const replica = await openReplica(dir, code);
    try {
      const { sqlite } = replica;
      const lastSeq = lastApplied(sqlite).seq;
      const held = heldSeqs(sqlite);
      const gaps: number[] = [];
      if (held.length)
        for (let s = lastSeq + 1; s < held[held.length - 1]!; s++) if (!held.includes(s)) gaps.push(s);
      const seen = sqlite.prepare('SELECT max(received_at) FROM county_packages').pluck().get() as
        string | null;
      const station = sqlite
        .prepare('SELECT name FROM station WHERE deleted_at IS NULL ORDER BY rev DESC LIMIT 1')
        .pluck()
        .get() as string | undefined;
      let rows = 0;
      for (const t of SYNCED_TABLES)
        rows += sqlite.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number;
      reports.push({ code, name: station ?? '', lastSeq, held, gaps, lastSeenAt: seen, rows });
    } finally {
      await replica.close();
    }
  }
  return reports;
}

export { countyExport } from './county-export';

/** The held package files left of a station (for tests and status checks). */
export function heldFiles(dataDir: string, code: string): string[] {
  const dir = dirname(heldPath(resolve(dataDir), code, 0));
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}
