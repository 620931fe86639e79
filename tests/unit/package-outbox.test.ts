import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxTable } from '../../db/schema';
import { StationError } from '../../main/api/errors';
import type { ServiceContext } from '../../main/services/context';
import { formatPublicKey, generateSigningKey, type SigningKey } from '../../main/services/keys';
import { generateAgeIdentity } from '../../main/services/packages/age';
import { RECEIPT_FORMAT, receiptFileName, type SignedReceipt } from '../../main/services/packages/format';
import {
  README_FILE,
  copyToFolder,
  importReceipts,
  listDrives,
  packagesStatus,
  recordReceipt,
} from '../../main/services/packages/outbox';
import { outboxFolder } from '../../main/services/packages/export';
import { setProfile } from '../../main/services/packages/profile';
import { signReceipt } from '../../main/services/packages/receipt';
import {
  startUploader,
  uploadPending,
  uploadState,
  type UploadOptions,
} from '../../main/services/packages/upload';
import { setUpStation } from '../../main/services/station';
import { SAMPLE_STATION, openTempStation } from '../helpers/station';
import { tempDirs } from '../helpers/temp-dirs';

/** The outbox's bookkeeping and the uploader, on a real station file against a scripted intake. */

const dir = tempDirs();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const CODE = SAMPLE_STATION.code;
/** Fast retries for tests; the jitter's source is fixed so attempts are reproducible. */
const FAST: Partial<UploadOptions> = {
  baseDelayMs: 5,
  capMs: 40,
  fetchTimeoutMs: 1_000,
  healthTimeoutMs: 1_000,
  random: () => 0.5,
};

async function station(intakeUrl = ''): Promise<{ ctx: ServiceContext; countyKey: SigningKey }> {
  const s = await openTempStation();
  closers.push(s.close);
  await setUpStation(s.ctx, SAMPLE_STATION);
  const countyKey = generateSigningKey();
  const { recipient } = await generateAgeIdentity();
  await setProfile(s.ctx, {
    county: '青山县',
    intakeUrl,
    recipients: [{ label: '县级日常密钥', recipient }],
    receiptPublicKey: formatPublicKey(countyKey),
  });
  return { ctx: s.ctx, countyKey };
}

let nextId = 1;
/** An outbox row and its file (random bytes: the outbox does not look inside). */
function addPackage(ctx: ServiceContext, seq: number, state: OutboxTable['state'] = '已生成'): OutboxTable {
  const fileName = `${CODE}-${String(seq).padStart(6, '0')}.sdpkg`;
  mkdirSync(outboxFolder(ctx.dataDir), { recursive: true });
  const bytes = randomBytes(2000 + seq);
  writeFileSync(join(outboxFolder(ctx.dataDir), fileName), bytes);
  const row: OutboxTable = {
    id: `0190a000-0000-7000-8000-${String(nextId++).padStart(12, '0')}`,
    seq,
    file_name: fileName,
    kind: 'incremental',
    manifest_sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
    rev_from: seq * 10 - 9,
    rev_to: seq * 10,
    audit_from: 0,
    audit_to: 0,
    counts: JSON.stringify({ receptions: 3, audit: 2, attachments: 1 }),
    created_at: '2026-03-01T09:00:00.000+08:00',
    state,
    state_at: '2026-03-01T09:00:00.000+08:00',
    copied_at: null,
    uploaded_at: null,
    confirmed_at: null,
    error_code: null,
    error_message: null,
    attempts: 0,
    next_attempt_at: null,
    receipt: null,
  };
  const columns = Object.keys(row);
  ctx.sqlite
    .prepare(`INSERT INTO outbox (${columns.join(',')}) VALUES (${columns.map((c) => `@${c}`).join(',')})`)
    .run(row);
  return row;
}

function rowOf(ctx: ServiceContext, id: string): OutboxTable {
  return ctx.sqlite.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as OutboxTable;
}

function receiptFor(
  key: SigningKey,
  row: Pick<OutboxTable, 'id' | 'seq' | 'manifest_sha256'>,
  status: 'applied' | 'held' | 'rejected',
  highest: number,
  code: string | null = null,
): SignedReceipt {
  return signReceipt(
    {
      format: RECEIPT_FORMAT,
      version: 1,
      county: '青山县',
      station: CODE,
      package_id: row.id,
      seq: row.seq,
      manifest_sha256: row.manifest_sha256,
      status,
      code,
      message: code ? '数据包签名校验失败，可能被改动过或不是该站签发。' : null,
      highest_contiguous_seq: highest,
      received_at: '2026-03-02T10:00:00.000Z',
    },
    key,
  );
}

describe('recordReceipt', () => {
  it('confirms the package and every earlier one up to the highest contiguous seq, but not a refused one', async () => {
    const { ctx, countyKey } = await station();
    const p1 = addPackage(ctx, 1);
    const p2 = addPackage(ctx, 2, '被拒绝');
    const p3 = addPackage(ctx, 3, '已上传');
    const p4 = addPackage(ctx, 4);
    const p5 = addPackage(ctx, 5);

    expect(await recordReceipt(ctx, receiptFor(countyKey, p4, 'applied', 4))).toBe('applied');
    expect([p1, p2, p3, p4, p5].map((p) => rowOf(ctx, p.id).state)).toEqual([
      '已确认',
      '被拒绝',
      '已确认',
      '已确认',
      '已生成',
    ]);
    const own = rowOf(ctx, p4.id);
    expect(own.confirmed_at).not.toBeNull();
    expect(JSON.parse(own.receipt!)).toEqual(receiptFor(countyKey, p4, 'applied', 4));
    expect(rowOf(ctx, p1.id).receipt).toBeNull();
    // Applying the same receipt again changes nothing.
    const before = rowOf(ctx, p4.id);
    expect(await recordReceipt(ctx, JSON.parse(own.receipt!))).toBe('applied');
    expect(rowOf(ctx, p4.id)).toEqual(before);
  });

  it("keeps a held package waiting, and marks a refused one 被拒绝 with the county's code", async () => {
    const { ctx, countyKey } = await station();
    const p1 = addPackage(ctx, 1);
    const p2 = addPackage(ctx, 2, '已上传');
    const p3 = addPackage(ctx, 3);

    const held = receiptFor(countyKey, p2, 'held', 0, 'GAP');
    expect(await recordReceipt(ctx, held)).toBe('held');
    expect(rowOf(ctx, p2.id)).toMatchObject({
      state: '已上传',
      receipt: JSON.stringify(held),
      confirmed_at: null,
    });
    expect(rowOf(ctx, p1.id).state).toBe('已生成');

    expect(await recordReceipt(ctx, receiptFor(countyKey, p3, 'rejected', 0, 'BAD_SIGNATURE'))).toBe(
      'rejected',
    );
    expect(rowOf(ctx, p3.id)).toMatchObject({
      state: '被拒绝',
      error_code: 'BAD_SIGNATURE',
      error_message: '数据包签名校验失败，可能被改动过或不是该站签发。',
    });
  });

  it('ignores receipts from another key, for another package, hash or station', async () => {
    const { ctx, countyKey } = await station();
    const p1 = addPackage(ctx, 1);
    const other = generateSigningKey();
    expect(await recordReceipt(ctx, receiptFor(other, p1, 'applied', 1))).toBeNull();
    expect(
      await recordReceipt(
        ctx,
        receiptFor(countyKey, { ...p1, manifest_sha256: 'a'.repeat(64) }, 'applied', 1),
      ),
    ).toBeNull();
    expect(
      await recordReceipt(
        ctx,
        receiptFor(countyKey, { ...p1, id: '0190a000-0000-7000-8000-ffffffffffff' }, 'applied', 1),
      ),
    ).toBeNull();
    // A signature over other text than the receipt's.
    const forged = receiptFor(countyKey, p1, 'applied', 1);
    expect(
      await recordReceipt(ctx, { ...forged, receipt: forged.receipt.replace('"applied"', '"rejected"') }),
    ).toBeNull();
    expect(await recordReceipt(ctx, { nonsense: true })).toBeNull();
    expect(rowOf(ctx, p1.id).state).toBe('已生成');
  });
});

describe('packagesStatus', () => {
  it('lists the outbox newest first and counts the changes since the last package', async () => {
    const { ctx } = await station();
    const status0 = await packagesStatus(ctx);
    // The station row made by the set-up is one synced change.
    const revs = ctx.sqlite.prepare('SELECT rev FROM sync_state').pluck().get() as number;
    expect(status0.items).toEqual([]);
    expect(status0.pendingChanges).toBeGreaterThan(0);
    expect(status0.profile?.county).toBe('青山县');

    const p1 = addPackage(ctx, 1);
    ctx.sqlite.prepare('UPDATE outbox SET rev_to = ? WHERE id = ?').run(revs, p1.id);
    addPackage(ctx, 2);
    ctx.sqlite.prepare('UPDATE outbox SET rev_to = ? WHERE seq = 2').run(revs);
    const status = await packagesStatus(ctx);
    expect(status.items.map((i) => i.seq)).toEqual([2, 1]);
    expect(status.items[0]).toMatchObject({
      fileName: `${CODE}-000002.sdpkg`,
      state: '已生成',
      rows: 5,
      attempts: 0,
    });
    expect(status.pendingChanges).toBe(0);
    expect(status.upload).toEqual({ online: null, checkedAt: null, uploading: null });
  });
});

describe('copyToFolder and importReceipts (USB)', () => {
  it('copies the unconfirmed packages whole with a 说明.txt, and marks them 已拷贝到U盘', async () => {
    const { ctx } = await station();
    const p1 = addPackage(ctx, 1, '已确认');
    const p2 = addPackage(ctx, 2);
    const p3 = addPackage(ctx, 3, '已上传');
    const p4 = addPackage(ctx, 4, '被拒绝');
    const stick = dir();

    const result = await copyToFolder(ctx, stick);
    expect(result.files).toEqual([p2.file_name, p3.file_name]);
    expect(readdirSync(stick).sort()).toEqual([p2.file_name, p3.file_name, README_FILE].sort());
    for (const p of [p2, p3]) {
      expect(readFileSync(join(stick, p.file_name))).toEqual(
        readFileSync(join(outboxFolder(ctx.dataDir), p.file_name)),
      );
    }
    const readme = readFileSync(join(stick, README_FILE), 'utf8');
    expect(readme).toContain('加密');
    expect(readme).toContain('签名');
    expect(readme).toContain('station-desk county import');
    expect(readme).toContain('.receipt');
    expect(readme).toContain(p2.file_name);
    expect(rowOf(ctx, p2.id)).toMatchObject({ state: '已拷贝到U盘' });
    expect(rowOf(ctx, p2.id).copied_at).not.toBeNull();
    // Already uploaded (waiting for its receipt) stays 已上传; confirmed and refused are untouched.
    expect(rowOf(ctx, p3.id).state).toBe('已上传');
    expect(rowOf(ctx, p3.id).copied_at).not.toBeNull();
    expect(rowOf(ctx, p1.id).copied_at).toBeNull();
    expect(rowOf(ctx, p4.id).copied_at).toBeNull();

    // Copying again leaves identical files alone and replaces a damaged one.
    const mtime = statSync(join(stick, p2.file_name)).mtimeMs;
    writeFileSync(join(stick, p3.file_name), 'damaged');
    await copyToFolder(ctx, stick);
    expect(statSync(join(stick, p2.file_name)).mtimeMs).toBe(mtime);
    expect(readFileSync(join(stick, p3.file_name))).toEqual(
      readFileSync(join(outboxFolder(ctx.dataDir), p3.file_name)),
    );
    expect(readdirSync(stick).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('refuses a missing folder in Chinese, naming it, and writes nothing', async () => {
    const { ctx } = await station();
    const p1 = addPackage(ctx, 1);
    const missing = join(dir(), 'U盘', 'not-there');
    const error = await copyToFolder(ctx, missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StationError);
    expect((error as StationError).code).toBe('FOLDER_MISSING');
    expect((error as StationError).message).toContain(missing);
    expect((error as StationError).message).toMatch(/[\u4e00-\u9fff]/);
    expect(existsSync(missing)).toBe(false);
    expect(rowOf(ctx, p1.id).state).toBe('已生成');
    await expect(importReceipts(ctx, missing)).rejects.toMatchObject({ code: 'FOLDER_MISSING' });
  });

  it('imports receipt files, and says why it skipped the others', async () => {
    const { ctx, countyKey } = await station();
    const p1 = addPackage(ctx, 1, '已拷贝到U盘');
    const p2 = addPackage(ctx, 2, '已拷贝到U盘');
    const p3 = addPackage(ctx, 3, '已拷贝到U盘');
    const p4 = addPackage(ctx, 4, '已拷贝到U盘');
    const stick = dir();
    const write = (name: string, value: unknown) =>
      writeFileSync(join(stick, name), typeof value === 'string' ? value : JSON.stringify(value));
    // p2's receipt confirms p1 too (highest contiguous seq 2).
    write(receiptFileName(CODE, 2), receiptFor(countyKey, p2, 'applied', 2));
    write(receiptFileName(CODE, 3), receiptFor(countyKey, p3, 'rejected', 2, 'BAD_SIGNATURE'));
    write(receiptFileName(CODE, 4), receiptFor(generateSigningKey(), p4, 'applied', 4));
    write(
      'OTHER-000001.receipt',
      receiptFor(countyKey, { ...p4, id: '0190a000-0000-7000-8000-eeeeeeeeeeee' }, 'applied', 1),
    );
    write('broken.receipt', '{"receipt": "not closed');
    writeFileSync(join(stick, 'huge.receipt'), Buffer.alloc(100_000, 0x20));
    write('notes.txt', 'not a receipt at all');

    const result = await importReceipts(ctx, stick);
    expect(result.confirmed).toBe(2);
    expect(result.rejected).toBe(1);
    expect(result.skipped).toEqual(
      [
        { file: `${CODE}-000004.receipt`, reason: '不是本县签发的回执' },
        { file: 'OTHER-000001.receipt', reason: '不是本站的数据包' },
        { file: 'broken.receipt', reason: '文件格式不对' },
        { file: 'huge.receipt', reason: '文件格式不对' },
      ].sort((a, b) => (a.file < b.file ? -1 : 1)),
    );
    expect([p1, p2, p3, p4].map((p) => rowOf(ctx, p.id).state)).toEqual([
      '已确认',
      '已确认',
      '被拒绝',
      '已拷贝到U盘',
    ]);

    // The same receipts again: nothing new.
    const again = await importReceipts(ctx, stick);
    expect(again).toMatchObject({ confirmed: 0, rejected: 0 });
  });

  it('lists drives as {path, label}', () => {
    for (const drive of listDrives()) {
      expect(existsSync(drive.path)).toBe(true);
      expect(drive.label).toMatch(/^U盘 \(.+\)$/);
    }
  });
});

// ---------------------------------------------------------------------------------------
// The uploader against a scripted intake on a real socket.

type Script = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void;

async function intake(script: { health?: () => number; put: Script }): Promise<{
  url: string;
  puts: { id: string; sha256: string }[];
}> {
  const puts: { id: string; sha256: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/health') {
        res.writeHead(script.health?.() ?? 200).end('{"ok":true}');
        return;
      }
      const body = Buffer.concat(chunks);
      const id = decodeURIComponent(req.url!.replace('/v1/packages/', ''));
      puts.push({ id, sha256: createHash('sha256').update(body).digest('hex') });
      script.put(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, puts };
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

describe('uploader', () => {
  it('PUTs each package with its exact bytes; a failing one never blocks the ones behind it', async () => {
    const server = await intake({
      put: (req, _body, res) => {
        const row = rows.find((r) => req.url!.endsWith(r.id))!;
        if (row.seq === 1) return json(res, 503, { code: 'BUSY' });
        if (row.seq === 2) return void res.socket!.destroy();
        if (row.seq === 3) return json(res, 429, {});
        if (row.seq === 4) return json(res, 200, receiptFor(generateSigningKey(), row, 'applied', 4));
        if (row.seq === 5) return json(res, 422, receiptFor(countyKey, row, 'rejected', 0, 'BAD_SIGNATURE'));
        if (row.seq === 6)
          return json(res, 422, { code: 'UNKNOWN_STATION', message: '这个联络站还没有登记。' });
        return json(res, 200, receiptFor(countyKey, row, 'held', 0, 'GAP'));
      },
    });
    const { ctx, countyKey } = await station(server.url);
    const rows = [1, 2, 3, 4, 5, 6, 7].map((seq) => addPackage(ctx, seq));

    const started = Date.now();
    await uploadPending(ctx, FAST);
    expect(server.puts.map((p) => p.id)).toEqual(rows.map((r) => r.id));
    for (const put of server.puts) {
      expect(put.sha256).toBe(rows.find((r) => r.id === put.id)!.manifest_sha256);
    }
    const after = rows.map((r) => rowOf(ctx, r.id));
    expect(after.map((r) => r.state)).toEqual([
      '已生成',
      '已生成',
      '已生成',
      '已生成',
      '被拒绝',
      '已生成',
      '已上传',
    ]);
    expect(after.map((r) => r.error_message)).toEqual([
      '县里的服务器出错（HTTP 503），稍后自动重试',
      '网络不通，稍后自动重试',
      '县里的服务器正忙，稍后自动重试',
      '县里的回执无法核验（签名不对），稍后自动重试',
      '数据包签名校验失败，可能被改动过或不是该站签发。',
      '县里拒收：这个联络站还没有登记。（稍后自动重试）',
      null,
    ]);
    expect(after[5]!.error_code).toBe('UNKNOWN_STATION');
    // Every failure counts an attempt and sets a retry time within the first backoff step.
    for (const r of [after[0]!, after[1]!, after[2]!, after[3]!, after[5]!]) {
      expect(r.attempts).toBe(1);
      const wait = Date.parse(r.next_attempt_at!) - started;
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThan(5_000);
    }
    expect(after[4]!).toMatchObject({ attempts: 0, next_attempt_at: null, error_code: 'BAD_SIGNATURE' });
    expect(after[6]!.uploaded_at).not.toBeNull();
    expect(uploadState(ctx)).toMatchObject({ online: true, uploading: null });

    // A second pass: the refused one is never sent again; the others are.
    await uploadPending(ctx, FAST);
    expect(server.puts.filter((p) => p.id === rows[4]!.id)).toHaveLength(1);
    expect(server.puts).toHaveLength(13);
    expect(rowOf(ctx, rows[0]!.id).attempts).toBe(2);
  });

  it('marks due packages 网络不通 when the health check fails, and backs off exponentially', async () => {
    const server = await intake({ health: () => 503, put: (_r, _b, res) => json(res, 500, {}) });
    const { ctx } = await station(server.url);
    const p1 = addPackage(ctx, 1);
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const before = Date.now();
      await uploadPending(ctx, { ...FAST, baseDelayMs: 1_000, capMs: 6_000, random: () => 0.999 });
      waits.push(Date.parse(rowOf(ctx, p1.id).next_attempt_at!) - before);
    }
    expect(server.puts).toEqual([]);
    expect(rowOf(ctx, p1.id)).toMatchObject({
      attempts: 4,
      error_message: '网络不通，稍后自动重试',
      state: '已生成',
    });
    expect(uploadState(ctx).online).toBe(false);
    // ~1 s, 2 s, 4 s, then the 6 s cap.
    expect(waits.map((w) => Math.round(w / 1000))).toEqual([1, 2, 4, 6]);
  });

  it('gives up on an answer that never comes after the timeout', async () => {
    const server = await intake({ put: () => undefined });
    const { ctx } = await station(server.url);
    const p1 = addPackage(ctx, 1);
    await uploadPending(ctx, { ...FAST, fetchTimeoutMs: 200 });
    expect(rowOf(ctx, p1.id)).toMatchObject({ attempts: 1, error_message: '上传超时，稍后自动重试' });
  });

  it('runs in the background until every package is confirmed, then stops cleanly', async () => {
    let failures = 3;
    const server = await intake({
      put: (req, _body, res) => {
        if (failures-- > 0) return json(res, 503, {});
        const row = rows.find((r) => req.url!.endsWith(r.id))!;
        json(res, 200, receiptFor(countyKey, row, 'applied', row.seq));
      },
    });
    const { ctx, countyKey } = await station(server.url);
    const rows = [1, 2, 3].map((seq) => addPackage(ctx, seq));
    const allConfirmed = () => rows.every((r) => rowOf(ctx, r.id).state === '已确认');
    let passes = 0;
    const done = new Promise<void>((resolve, reject) => {
      const uploader = startUploader(ctx, {
        ...FAST,
        onPass: () => {
          passes++;
          if (allConfirmed()) void uploader.stop().then(resolve);
          else if (passes > 200) reject(new Error('not confirmed after 200 passes'));
        },
      });
    });
    await done;
    expect(allConfirmed()).toBe(true);
    expect(passes).toBeGreaterThan(1);
  });
});
