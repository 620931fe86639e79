import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { verifyAuditChain } from '../../db/audit';
import { SYNCED_TABLES } from '../../db/schema';
import type { Activity, DeputyDetail, ReceptionDetail, StationStatus } from '../../main/api/contract';
import { runCli } from '../../main/cli/index';
import { countyStatus, receivePackage } from '../../main/services/county/county';
import { outboxFolder, runExport } from '../../main/services/packages/export';
import { ageDecrypt, parseAgeIdentities } from '../../main/services/packages/age';
import { readTar } from '../../main/services/packages/tar';
import { readZip } from '../../main/services/packages/zip';
import { callOk, openTempStation, SAMPLE_STATION, tempDir } from '../helpers/station';
import { SAMPLE_RECEPTION } from '../helpers/receptions';
import { SAMPLE_DEPUTY, TINY_JPEG } from '../helpers/roster';

/** The one package a small export makes. */
function single<T>(items: T[]): T {
  expect(items).toHaveLength(1);
  return items[0]!;
}

/**
 * A real station (set up and written through its services) → its own packages (runExport)
 * → `station-desk county import` → the county's replica equals the station, row for row,
 * after inserts, edits and deletes; `station-desk verify` passes the same packages.
 */

let station: Awaited<ReturnType<typeof openTempStation>>;
let countyDir: string;
let cleanupCounty: () => void;
let stationPub: string;

const call = <T>(name: Parameters<typeof callOk>[1], input: unknown) => callOk<T>(station.ctx, name, input);

/** Runs the CLI in-process with stdout and stderr captured. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((err += String(c)), true));
  try {
    return { code: await runCli(argv), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

beforeEach(async () => {
  station = await openTempStation();
  const t = tempDir('county-');
  cleanupCounty = t.cleanup;
  countyDir = join(t.dir, 'county');
  const profile = join(t.dir, 'profile.json');
  expect(
    (await cli('county', 'init', '--data', countyDir, '--name', '青山县人大常委会', '--profile-out', profile))
      .code,
  ).toBe(0);
  const setup = await call<StationStatus>('station.setup', SAMPLE_STATION);
  stationPub = join(t.dir, 'station.pub');
  writeFileSync(stationPub, setup.signingKey!.publicKey);
  await call('packages.importProfile', { text: readFileSync(profile, 'utf8') });
  expect(
    (await cli('county', 'enroll', '--data', countyDir, '--code', SAMPLE_STATION.code, '--pub', stationPub))
      .code,
  ).toBe(0);
});
afterEach(async () => {
  await station.close();
  cleanupCounty();
});

async function exportPackage(kind: 'incremental' | 'full' = 'incremental'): Promise<string> {
  const item = single(await runExport(station.ctx, kind));
  const file = join(outboxFolder(station.dir), item.fileName);
  expect(existsSync(file)).toBe(true);
  return file;
}

function tableRows(db: Database.Database, table: string): unknown[] {
  return db.prepare(`SELECT * FROM "${table}" ORDER BY ${table === 'audit_log' ? 'seq' : 'id'}`).all();
}

/** The replica's synced tables and audit log equal the station's, row for row. */
function expectReplicaEqualsStation() {
  const replica = new Database(join(countyDir, 'stations', `${SAMPLE_STATION.code}.db`), { readonly: true });
  try {
    for (const table of [...SYNCED_TABLES, 'audit_log'])
      expect(tableRows(replica, table), table).toEqual(tableRows(station.ctx.sqlite, table));
    const sha = (db: Database.Database) =>
      db.prepare('SELECT sha256, size, data FROM attachments ORDER BY sha256').all();
    expect(sha(replica)).toEqual(sha(station.ctx.sqlite));
    expect(verifyAuditChain(replica)).toMatchObject({ ok: true });
  } finally {
    replica.close();
  }
}

describe('station → county round trip', () => {
  it('reproduces inserts, edits and deletes exactly, and verify passes the packages', async () => {
    // Round 1: a deputy with a photo, two receptions, an activity.
    const zhang = await call<DeputyDetail>('roster.create', SAMPLE_DEPUTY);
    await call('roster.setPhoto', { id: zhang.id, jpegBase64: TINY_JPEG });
    const r1 = await call<ReceptionDetail>('receptions.create', {
      ...SAMPLE_RECEPTION,
      deputyIds: [zhang.id],
    });
    await call<ReceptionDetail>('receptions.create', { ...SAMPLE_RECEPTION, title: '村口路灯不亮' });
    const activity = await call<Activity>('activities.create', {
      date: '2026-01-05',
      type: '视察',
      theme: '农村人居环境整治视察',
      place: '桃源村',
      summary: '实地察看了村庄垃圾分类和污水处理设施。',
      participants: [{ deputyId: zhang.id, attendance: '出席' }],
    });
    const p1 = await exportPackage();

    const imported = await cli('county', 'import', '--data', countyDir, p1, '--json');
    expect(imported.code, imported.out + imported.err).toBe(0);
    expect(JSON.parse(imported.out)).toMatchObject({
      ok: true,
      packages: [{ status: 'applied', code: null }],
    });
    expectReplicaEqualsStation();

    // Round 2: an edit and a delete (tombstone).
    await call('receptions.update', {
      ...SAMPLE_RECEPTION,
      id: r1.id,
      deputyIds: [zhang.id],
      title: '桃源村机耕路需要修缮',
    });
    await call('activities.delete', { id: activity.id });
    const p2 = await exportPackage();
    // Round 3: one more change, then the full package (it repeats everything and still chains).
    await call('roster.update', { ...SAMPLE_DEPUTY, id: zhang.id, phone: '13800000000' });
    const p3 = await exportPackage();
    const p4 = await exportPackage('full');

    // Out of order on purpose: p3 is held until p2 arrives.
    const held = await cli('county', 'import', '--data', countyDir, p3, '--json');
    expect(JSON.parse(held.out)).toMatchObject({ packages: [{ status: 'held', code: 'GAP' }] });
    expect(await countyStatus(countyDir)).toMatchObject([{ lastSeq: 1, held: [3], gaps: [2] }]);
    const rest = await cli('county', 'import', '--data', countyDir, p2, p4, p3, '--json');
    expect(rest.code, rest.out).toBe(0);
    expect(JSON.parse(rest.out).packages.map((p: { status: string }) => p.status)).toEqual([
      'applied',
      'applied',
      'applied',
    ]);
    expectReplicaEqualsStation();
    expect(await countyStatus(countyDir)).toMatchObject([
      { code: SAMPLE_STATION.code, name: SAMPLE_STATION.name, lastSeq: 4, held: [], gaps: [] },
    ]);

    // The standalone check, with and without the county's identity.
    const identity = join(countyDir, 'keys', 'identity.age');
    for (const file of [p1, p4]) {
      expect((await cli('verify', file, '--pub', stationPub)).code).toBe(0);
      const full = await cli('verify', file, '--pub', stationPub, '--identity', identity, '--json');
      expect(full.code, full.out + full.err).toBe(0);
      expect(JSON.parse(full.out)).toMatchObject({ ok: true, decrypted: true });
    }
    const wrongPub = join(countyDir, 'keys', 'receipt.pub');
    const refused = await cli('verify', p1, '--pub', wrongPub);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('UNKNOWN_KEY');

    // The county's workbook has every station's receptions.
    const xlsx = join(countyDir, 'all.xlsx');
    expect((await cli('county', 'export', '--data', countyDir, '--out', xlsx)).code).toBe(0);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.getWorksheet('汇总')!.getRow(2).values).toEqual(
      expect.arrayContaining([SAMPLE_STATION.code, SAMPLE_STATION.name, 2]),
    );
    expect(wb.getWorksheet('接待登记')!.rowCount).toBe(3);
  });

  it('a big export is a run of chained packages, each within its size, applied in order to the same rows', async () => {
    // Children written before their parents change again: the parts must still carry parents first.
    const zhang = await call<DeputyDetail>('roster.create', SAMPLE_DEPUTY);
    await call('roster.setPhoto', { id: zhang.id, jpegBase64: TINY_JPEG });
    const receptions: ReceptionDetail[] = [];
    for (let i = 0; i < 12; i++)
      receptions.push(
        await call<ReceptionDetail>('receptions.create', {
          ...SAMPLE_RECEPTION,
          title: `第${i + 1}件：村道路灯不亮`,
          deputyIds: [zhang.id],
        }),
      );
    await call('roster.update', { ...SAMPLE_DEPUTY, id: zhang.id, phone: '13900000000' });
    await call('receptions.update', { ...SAMPLE_RECEPTION, id: receptions[0]!.id, title: '改过的标题' });

    const items = await runExport(station.ctx, 'full', undefined, { maxPartBytes: 4000 });
    expect(items.length).toBeGreaterThan(3);
    expect(items.map((i) => i.seq)).toEqual(items.map((_, k) => k + 1));
    const files = items.map((i) => join(outboxFolder(station.dir), i.fileName));
    // Each part is a whole package: verify passes it alone; the last one says it is the last.
    const identity = join(countyDir, 'keys', 'identity.age');
    const manifests = [];
    for (const file of files) {
      const checked = await cli('verify', file, '--pub', stationPub, '--identity', identity, '--json');
      expect(checked.code, checked.out + checked.err).toBe(0);
      manifests.push(JSON.parse(checked.out) as { part: { index: number; last: boolean } });
    }
    expect(manifests.map((m) => m.part.last)).toEqual(items.map((_, k) => k === items.length - 1));
    // Each payload stays within the part size, give or take the row that crossed it.
    const identities = parseAgeIdentities(readFileSync(identity, 'utf8'));
    for (const file of files) {
      const zip = readZip(readFileSync(file), { maxEntries: 3, maxTotalBytes: 1e8 });
      const tar = gunzipSync(
        await ageDecrypt(zip.find((e) => e.name === 'payload.tar.gz.age')!.data, identities),
      );
      const entries = readTar(tar, { maxEntries: 1000, maxTotalBytes: 1e8, maxEntryBytes: 1e8 });
      const carried = entries.filter((e) => e.name !== 'header.json').reduce((n, e) => n + e.data.length, 0);
      expect(carried, file).toBeLessThan(4000 + 2000);
    }

    // Several files: two workers take turns (one parses the next while the other applies).
    const imported = await cli('county', 'import', '--data', countyDir, ...files, '--json');
    expect(imported.code, imported.out + imported.err).toBe(0);
    expect(
      (JSON.parse(imported.out) as { packages: { status: string }[] }).packages.map((p) => p.status),
    ).toEqual(files.map(() => 'applied'));
    expectReplicaEqualsStation();
    // The replica keeps the unique indexes (they guard rows) but not the station's lookup ones.
    const replica = new Database(join(countyDir, 'stations', `${SAMPLE_STATION.code}.db`), {
      readonly: true,
    });
    const indexes = (unique: boolean) =>
      replica
        .prepare(
          `SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'receptions' AND sql ${unique ? '' : 'NOT '}LIKE 'CREATE UNIQUE%'`,
        )
        .pluck()
        .get();
    expect([indexes(true), indexes(false)]).toEqual([1, 0]);
    replica.close();

    // The next incremental export continues the chain after the run.
    await call('receptions.create', { ...SAMPLE_RECEPTION, title: '又一件' });
    const next = await exportPackage();
    expect((await cli('county', 'import', '--data', countyDir, next)).code).toBe(0);
    expectReplicaEqualsStation();
  });

  it('refuses a truncated package: exit 1, nothing applied', async () => {
    await call<DeputyDetail>('roster.create', SAMPLE_DEPUTY);
    const p1 = await exportPackage();
    const bytes = readFileSync(p1);
    const broken = join(countyDir, 'broken.sdpkg');
    writeFileSync(broken, bytes.subarray(0, bytes.length - 100));
    const result = await cli('county', 'import', '--data', countyDir, broken, '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)).toMatchObject({
      ok: false,
      packages: [{ status: 'rejected', code: 'BAD_ARCHIVE' }],
    });
    expect(await countyStatus(countyDir)).toMatchObject([{ lastSeq: 0, rows: 0 }]);
  });

  it("the county's keys work with the stock tools: age -d opens a payload, minisign -V checks a receipt", async () => {
    await call<DeputyDetail>('roster.create', SAMPLE_DEPUTY);
    const p1 = await exportPackage();
    const work = join(countyDir, 'stock');
    mkdirSync(work);
    execFileSync('unzip', ['-q', p1, '-d', work]);
    const tar = execFileSync('age', [
      '-d',
      '-i',
      join(countyDir, 'keys', 'identity.age'),
      join(work, 'payload.tar.gz.age'),
    ]);
    expect(execFileSync('tar', ['-tz'], { input: tar }).toString()).toContain('header.json');

    const { receipt } = await receivePackage(countyDir, readFileSync(p1));
    writeFileSync(join(work, 'receipt.json'), receipt.receipt);
    writeFileSync(join(work, 'receipt.json.minisig'), receipt.signature);
    const out = execFileSync('minisign', [
      '-V',
      '-p',
      join(countyDir, 'keys', 'receipt.pub'),
      '-m',
      join(work, 'receipt.json'),
    ]);
    expect(out.toString()).toContain(`receipt station=${SAMPLE_STATION.code} seq=1 status=applied`);
    // The escrow identity was written apart, owner-only, for the operator to move offline.
    const escrow = join(countyDir, 'escrow-identity-MOVE-OFFLINE.age');
    expect(statSync(escrow).mode & 0o777).toBe(0o600);
    expect(execFileSync('age', ['-d', '-i', escrow, join(work, 'payload.tar.gz.age')]).equals(tar)).toBe(
      true,
    );
  });
});
