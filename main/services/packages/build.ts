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
  PACKAGE_PART_BYTES,
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
  /** The first package's seq; each further part takes the next one. */
  seq: number;
  prevManifestSha256: string | null;
  /** First rev / audit seq to carry (the previous package's rev_to + 1); 1 for a full export. */
  revFrom: number;
  auditFrom: number;
  station: { code: string; name: string; county: string };
  signingKey: SigningKey;
  /** Announced in the export's last package (key rotation). */
  nextKey: { key_id: string; public_key: string } | null;
  recipients: string[];
  appVersion: string;
  schemaVersion: number;
  createdAt: string;
  /** A package is sealed once its uncompressed payload would pass this (PACKAGE_PART_BYTES). */
  maxPartBytes?: number;
  onProgress?: (progress: number, stage: string) => void;
}

/** One sealed package of an export. */
export interface BuiltPart {
  bytes: Buffer;
  manifest: PackageManifest;
  manifestSha256: string;
  counts: Record<string, number>;
  /** The attachments whose bytes this package carries. */
  sentAttachments: string[];
}

/** What progress bar says while a table is read. */
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

/** NDJSON lines gathered in ~1 MB pieces: a big table never sits in one giant string. */
class Ndjson {
  private readonly pieces: Buffer[] = [];
  private text = '';
  private bytes = 0;
  count = 0;

  push(row: unknown): void {
    this.text += `${JSON.stringify(row)}\n`;
    this.count += 1;
    if (this.text.length >= 1 << 20) this.flushText();
  }

  /** Bytes so far (the pending text counted as one byte a character: a lower bound). */
  get size(): number {
    return this.bytes + this.text.length;
  }

  data(): Buffer {
    this.flushText();
    return Buffer.concat(this.pieces);
  }

  private flushText(): void {
    if (!this.text) return;
    const piece = Buffer.from(this.text, 'utf8');
    this.pieces.push(piece);
    this.bytes += piece.length;
    this.text = '';
  }
}

/**
 * Builds an export's packages from one consistent snapshot of the station database (DESIGN.md
 * "Packages to the county"), handing each to `emit` as soon as it is sealed. A package is
 * sealed when its payload reaches `maxPartBytes`, so a big station's first export becomes a
 * run of ordinary chained packages with bounded memory at both ends. Entries go in the order
 * attachments → tables in SYNCED_TABLES order (parents first) → audit rows, so every package
 * refers only to rows and bytes carried by itself or by an earlier one.
 */
export async function buildPackages(
  db: Database.Database,
  o: BuildOptions,
  emit: (part: BuiltPart) => Promise<void> | void,
): Promise<{ revTo: number; auditTo: number; parts: number }> {
  const progress = o.onProgress ?? (() => {});
  const maxPartBytes = o.maxPartBytes ?? PACKAGE_PART_BYTES;
  const full = o.kind === 'full';
  const revFrom = full ? 1 : o.revFrom;
  const auditFrom = full ? 1 : o.auditFrom;

  // One read transaction: every table, the audit rows and the counters from the same snapshot.
  db.exec('BEGIN');
  try {
    const state = db.prepare('SELECT rev, audit_seq FROM sync_state WHERE id = 1').get() as {
      rev: number;
      audit_seq: number;
    };
    const revTo = state.rev;
    const auditTo = state.audit_seq;
    // Each table's rev index gives its changed rows (all rows for a full export) in rev order.
    const unsent = full ? '' : ' WHERE sent_seq IS NULL';
    const tableTotals = SYNCED_TABLES.map(
      (t) => (db.prepare(`SELECT count(*) AS n FROM ${t} WHERE rev >= ?`).get(revFrom) as { n: number }).n,
    );
    const attachmentTotal = (
      db.prepare(`SELECT count(*) AS n FROM attachments${unsent}`).get() as { n: number }
    ).n;
    const total = Math.max(
      1,
      tableTotals.reduce((a, b) => a + b, 0) + Math.max(0, auditTo - auditFrom + 1) + attachmentTotal,
    );
    let done = 0;
    let reported = -1;
    let stage = '';
    const step = () => {
      done += 1;
      const p = Math.floor((done / total) * 100);
      if (p !== reported) {
        reported = p;
        progress((done / total) * 0.9, stage);
      }
    };
    const setStage = (text: string) => {
      stage = text;
      progress((done / total) * 0.9, stage);
    };

    let seq = o.seq;
    let prev = o.prevManifestSha256;
    let index = 1;
    const newPart = () => ({
      packageId: uuidv7(),
      tar: new TarGzip(),
      counts: {} as Record<string, number>,
      sent: [] as string[],
      bytes: 0,
      audit: { from: 0, to: 0 },
    });
    let part = newPart();
    await part.tar.add(HEADER_FILE, header(part.packageId, o.station.code, seq));

    const seal = async (last: boolean) => {
      const built = await sealPackage(o, {
        ...part,
        seq,
        prev,
        index,
        last,
        range: {
          rev_from: revFrom,
          rev_to: revTo,
          audit_from: part.audit.from || auditFrom - 1,
          audit_to: part.audit.to || auditFrom - 1,
        },
      });
      await emit(built);
      prev = built.manifestSha256;
      seq += 1;
      index += 1;
      part = newPart();
      await part.tar.add(HEADER_FILE, header(part.packageId, o.station.code, seq));
    };
    /** Seals the package first when `size` more bytes would not fit (a package is never empty). */
    const makeRoom = async (size: number) => {
      if (part.bytes > 0 && part.bytes + size > maxPartBytes) await seal(false);
    };
    const addEntry = async (name: string, data: Buffer) => {
      await part.tar.add(name, data);
      part.bytes += data.length;
    };

    setStage('正在读取附件');
    const files = db
      .prepare(`SELECT sha256, data FROM attachments${unsent} ORDER BY sha256`)
      .iterate() as Iterable<{ sha256: string; data: Buffer }>;
    for (const file of files) {
      await makeRoom(file.data.length);
      await addEntry(`attachments/${file.sha256}`, file.data);
      part.sent.push(file.sha256);
      part.counts.attachments = part.sent.length;
      step();
    }

    /** Rows into `name`, sealing a package whenever it is full and going on in the next. */
    const addRows = async (name: string, rows: Iterable<unknown>, onRow: (row: unknown) => void) => {
      let lines = new Ndjson();
      const flush = async () => {
        if (lines.count === 0) return;
        await addEntry(name, lines.data());
        lines = new Ndjson();
      };
      for (const row of rows) {
        // Full (a package is never empty): the rows so far go in, the next row starts a new one.
        if ((part.bytes > 0 || lines.count > 0) && part.bytes + lines.size >= maxPartBytes) {
          await flush();
          await seal(false);
        }
        lines.push(row);
        onRow(row);
        step();
      }
      await flush();
    };

    for (const table of SYNCED_TABLES) {
      setStage(`正在读取${TABLE_LABELS[table]}`);
      await addRows(
        `tables/${table}.ndjson`,
        db.prepare(`SELECT * FROM ${table} WHERE rev >= ? ORDER BY rev`).iterate(revFrom),
        () => {
          part.counts[table] = (part.counts[table] ?? 0) + 1;
        },
      );
    }
    setStage('正在读取操作记录');
    await addRows(
      AUDIT_FILE,
      db
        .prepare('SELECT * FROM audit_log WHERE seq >= ? AND seq <= ? ORDER BY seq')
        .iterate(auditFrom, auditTo),
      (row) => {
        const { seq: s } = row as { seq: number };
        if (!part.audit.from) part.audit.from = s;
        part.audit.to = s;
        part.counts.audit = (part.counts.audit ?? 0) + 1;
      },
    );
    setStage('正在压缩、加密和签名');
    await seal(true);
    progress(1, '正在写入文件');
    return { revTo, auditTo, parts: index - 1 };
  } finally {
    db.exec('COMMIT');
  }
}

function header(packageId: string, station: string, seq: number): Buffer {
  return Buffer.from(JSON.stringify({ package_id: packageId, station, seq }));
}

/** Compresses, encrypts, signs and zips one package. */
async function sealPackage(
  o: BuildOptions,
  p: {
    packageId: string;
    tar: TarGzip;
    counts: Record<string, number>;
    sent: string[];
    seq: number;
    prev: string | null;
    index: number;
    last: boolean;
    range: PackageManifest['range'];
  },
): Promise<BuiltPart> {
  const payload = Buffer.from(await ageEncrypt(await p.tar.finish(), o.recipients));
  const counts = { ...p.counts, audit: p.counts.audit ?? 0, attachments: p.counts.attachments ?? 0 };
  const manifest = manifestSchema.parse({
    format: PACKAGE_FORMAT,
    version: PACKAGE_VERSION,
    package_id: p.packageId,
    station: o.station,
    key_id: keyIdHex(o.signingKey.keyId),
    seq: p.seq,
    prev_manifest_sha256: p.prev,
    kind: o.kind,
    created_at: o.createdAt,
    app_version: o.appVersion,
    schema_version: o.schemaVersion,
    range: p.range,
    counts,
    encryption: { scheme: 'age-v1', recipients: o.recipients },
    files: [{ path: PAYLOAD_FILE, size: payload.length, sha256: sha256(payload) }],
    part: { index: p.index, last: p.last },
    next_key: p.last ? o.nextKey : null,
  } satisfies PackageManifest);
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const manifestSha256 = sha256(manifestBytes);
  const signature = signMinisign(manifestBytes, o.signingKey, trustedComment(manifest, manifestSha256));
  const bytes = writeZip([
    { name: MANIFEST_FILE, data: manifestBytes },
    { name: SIGNATURE_FILE, data: Buffer.from(signature, 'utf8') },
    { name: PAYLOAD_FILE, data: payload },
  ]);
  return { bytes, manifest, manifestSha256, counts, sentAttachments: p.sent };
}
