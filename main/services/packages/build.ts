import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type Database from 'better-sqlite3';
import { uuidv7 } from '../../../db/ids';
import { SYNCED_TABLES, type SyncedTable } from '../../../db/schema';
import { signMinisign, keyIdHex, type SigningKey } from '../keys';
import { ageEncrypt } from './age';
import {
  AUDIT_FILE,
  HEADER_FILE,
  MANIFEST_FILE,
  PACKAGE_FORMAT,
  PACKAGE_VERSION,
  PAYLOAD_FILE,
  SIGNATURE_FILE,
  manifestSchema,
  trustedComment,
  type PackageManifest,
} from './format';
import { writeTar } from './tar';
import { writeZip } from './zip';

/**
 * Builds one package from a consistent snapshot of the station database (DESIGN.md "Packages
 * to the county"). Pure apart from reading `db`; the caller writes the bytes and records them.
 */

export interface BuildOptions {
  kind: 'incremental' | 'full';
  seq: number;
  prevManifestSha256: string | null;
  /** First rev / audit seq to carry (the previous package's rev_to + 1); 1 for a full package. */
  revFrom: number;
  auditFrom: number;
  station: { code: string; name: string; county: string };
  signingKey: SigningKey;
  nextKey: { key_id: string; public_key: string } | null;
  recipients: string[];
  appVersion: string;
  schemaVersion: number;
  createdAt: string;
  onProgress?: (progress: number, stage: string) => void;
}

export interface BuildResult {
  bytes: Buffer;
  manifest: PackageManifest;
  manifestSha256: string;
  counts: Record<string, number>;
  revTo: number;
  auditTo: number;
  /** The attachments whose bytes this package carries. */
  sentAttachments: string[];
}

/** What the progress bar says while a table is read. */
const TABLE_LABELS: Record<SyncedTable, string> = {
  station: '站点信息',
  settings: '设置',
  deputy_groups: '代表小组',
  deputies: '代表名册',
  deputy_status_history: '代表状态变动',
  receptions: '接待登记',
  reception_visitors: '来访群众',
  reception_deputies: '接待代表',
  reception_attachments: '接待附件',
  reception_events: '办理过程',
  duty_rules: '值班规则',
  duty_slots: '值班安排',
  duty_assignments: '值班人员',
  duty_leaves: '代表请假',
  holiday_days: '节假日',
  notice_prints: '公示记录',
  plan_items: '年度计划',
  activities: '活动记录',
  activity_participants: '活动参加人员',
};

// Share of the progress bar for reading rows; compressing, encrypting and signing follow.
const READ_SHARE = 0.7;
const CHUNK_CHARS = 1 << 20;

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The payload's tar.gz, fed one entry at a time: only the entry being added and the
 * compressed output are in memory, never the whole uncompressed payload.
 */
class TarGzip {
  private readonly gzip = createGzip({ level: 6 });
  private readonly chunks: Buffer[] = [];
  private readonly ended: Promise<unknown>;

  constructor() {
    this.gzip.on('data', (c: Buffer) => this.chunks.push(c));
    this.ended = once(this.gzip, 'end');
  }

  async add(name: string, data: Uint8Array): Promise<void> {
    // writeTar of one entry, without its two zero blocks that end an archive.
    const part = writeTar([{ name, data }]);
    if (!this.gzip.write(part.subarray(0, part.length - TAR_END))) await once(this.gzip, 'drain');
  }

  async finish(): Promise<Buffer> {
    this.gzip.end(Buffer.alloc(TAR_END));
    await this.ended;
    return Buffer.concat(this.chunks);
  }
}
const TAR_END = 1024;

/**
 * NDJSON of a query's rows as one Buffer, built from ~1 MB pieces: a million rows never sit
 * in one giant string.
 */
function ndjson(rows: Iterable<unknown>, onRow: () => void): { data: Buffer; count: number } {
  const pieces: Buffer[] = [];
  let text = '';
  let count = 0;
  for (const row of rows) {
    text += `${JSON.stringify(row)}\n`;
    count += 1;
    if (text.length >= CHUNK_CHARS) {
      pieces.push(Buffer.from(text, 'utf8'));
      text = '';
    }
    onRow();
  }
  if (text) pieces.push(Buffer.from(text, 'utf8'));
  return { data: Buffer.concat(pieces), count };
}

export async function buildPackage(db: Database.Database, o: BuildOptions): Promise<BuildResult> {
  const progress = o.onProgress ?? (() => {});
  const full = o.kind === 'full';
  const revFrom = full ? 1 : o.revFrom;
  const auditFrom = full ? 1 : o.auditFrom;
  const tar = new TarGzip();
  const counts: Record<string, number> = {};
  const sentAttachments: string[] = [];
  let revTo: number;
  let auditTo: number;
  const packageId = uuidv7();

  // One read transaction: every table, the audit rows and the counters from the same snapshot.
  db.exec('BEGIN');
  try {
    const state = db.prepare('SELECT rev, audit_seq FROM sync_state WHERE id = 1').get() as {
      rev: number;
      audit_seq: number;
    };
    revTo = state.rev;
    auditTo = state.audit_seq;
    // Incremental reads use each table's rev index; full reads scan the tables.
    const where = (table: string) => (full ? `FROM ${table}` : `FROM ${table} WHERE rev >= ? ORDER BY rev`);
    const args = full ? [] : [revFrom];
    const unsent = full ? '' : ' WHERE sent_seq IS NULL';
    const totals = SYNCED_TABLES.map(
      (t) => (db.prepare(`SELECT count(*) AS n ${where(t)}`).get(...args) as { n: number }).n,
    );
    const auditTotal = auditTo - auditFrom + 1;
    const attachmentTotal = (
      db.prepare(`SELECT count(*) AS n FROM attachments${unsent}`).get() as { n: number }
    ).n;
    const total = Math.max(1, totals.reduce((a, b) => a + b, 0) + Math.max(0, auditTotal) + attachmentTotal);
    let done = 0;
    let reported = -1;
    let stage = '';
    const step = () => {
      done += 1;
      const p = Math.floor((done / total) * 100);
      if (p !== reported) {
        reported = p;
        progress((done / total) * READ_SHARE, stage);
      }
    };

    await tar.add(
      HEADER_FILE,
      Buffer.from(JSON.stringify({ package_id: packageId, station: o.station.code, seq: o.seq })),
    );
    for (const table of SYNCED_TABLES) {
      stage = `正在读取${TABLE_LABELS[table]}`;
      progress((done / total) * READ_SHARE, stage);
      const { data, count } = ndjson(db.prepare(`SELECT * ${where(table)}`).iterate(...args), step);
      counts[table] = count;
      if (count > 0) await tar.add(`tables/${table}.ndjson`, data);
    }
    stage = '正在读取操作记录';
    progress((done / total) * READ_SHARE, stage);
    const audit = ndjson(
      db.prepare('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq').iterate(auditFrom),
      step,
    );
    counts.audit = audit.count;
    await tar.add(AUDIT_FILE, audit.data);

    stage = '正在读取附件';
    progress((done / total) * READ_SHARE, stage);
    const files = db
      .prepare(`SELECT sha256, data FROM attachments${unsent} ORDER BY sha256`)
      .iterate() as Iterable<{
      sha256: string;
      data: Buffer;
    }>;
    for (const file of files) {
      await tar.add(`attachments/${file.sha256}`, file.data);
      sentAttachments.push(file.sha256);
      step();
    }
    counts.attachments = sentAttachments.length;
  } finally {
    db.exec('COMMIT');
  }

  progress(READ_SHARE, '正在压缩');
  const gz = await tar.finish();
  progress(0.85, '正在加密');
  const payload = Buffer.from(await ageEncrypt(gz, o.recipients));

  progress(0.95, '正在签名');
  const manifest = manifestSchema.parse({
    format: PACKAGE_FORMAT,
    version: PACKAGE_VERSION,
    package_id: packageId,
    station: o.station,
    key_id: keyIdHex(o.signingKey.keyId),
    seq: o.seq,
    prev_manifest_sha256: o.prevManifestSha256,
    kind: o.kind,
    created_at: o.createdAt,
    app_version: o.appVersion,
    schema_version: o.schemaVersion,
    range: { rev_from: revFrom, rev_to: revTo, audit_from: auditFrom, audit_to: auditTo },
    counts,
    encryption: { scheme: 'age-v1', recipients: o.recipients },
    files: [{ path: PAYLOAD_FILE, size: payload.length, sha256: sha256(payload) }],
    next_key: o.nextKey,
  } satisfies PackageManifest);
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const manifestSha256 = sha256(manifestBytes);
  const signature = signMinisign(manifestBytes, o.signingKey, trustedComment(manifest, manifestSha256));
  const bytes = writeZip([
    { name: MANIFEST_FILE, data: manifestBytes },
    { name: SIGNATURE_FILE, data: Buffer.from(signature, 'utf8') },
    { name: PAYLOAD_FILE, data: payload },
  ]);
  progress(1, '正在写入文件');
  return { bytes, manifest, manifestSha256, counts, revTo, auditTo, sentAttachments };
}
