import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SYNCED_TABLES } from '../../db/schema';
import type { OutboxItem, ReceptionDetail, StationStatus } from '../../main/api/contract';
import { StationError } from '../../main/api/errors';
import { closeStation, type ServiceContext } from '../../main/services/context';
import { formatPublicKey, generateSigningKey } from '../../main/services/keys';
import { generateAgeIdentity } from '../../main/services/packages/age';
import { manifestSchema, type PackageManifest } from '../../main/services/packages/format';
import {
  exportState,
  outboxFolder,
  runExport,
  startExport,
  type ExportProgress,
} from '../../main/services/packages/export';
import { rotateSigningKey } from '../../main/services/packages/key-rotation';
import { setProfile } from '../../main/services/packages/profile';
import { getStationStatus, setUpStation } from '../../main/services/station';
import { SAMPLE_RECEPTION, addDeputy } from '../helpers/receptions';
import { TINY_JPEG, TINY_PNG } from '../helpers/roster';
import { SAMPLE_STATION, callOk, openStationAt } from '../helpers/station';
import { tempDirs } from '../helpers/temp-dirs';
import { cli } from '../helpers/cli';

/** The one package a small export makes. */
function single<T>(items: T[]): T {
  expect(items).toHaveLength(1);
  return items[0]!;
}

/**
 * Packages made by runExport (a real worker, a real station file), checked with the stock
 * tools the county uses: unzip, minisign -V, sha256sum -c, age -d | tar -xz.
 */

const dir = tempDirs();
const open: ServiceContext[] = [];
afterEach(async () => {
  for (const ctx of open.splice(0)) await closeStation(ctx);
});

interface Station {
  ctx: ServiceContext;
  data: string;
  /** The county's age identity file, for `age -d -i`. */
  identityFile: string;
}

async function openCtx(data: string): Promise<ServiceContext> {
  const ctx = await openStationAt(data);
  open.push(ctx);
  return ctx;
}

/** A set-up station with the county's profile (a fresh age identity and receipt key). */
async function newStation(options: { profile?: boolean } = {}): Promise<Station> {
  const data = dir();
  const ctx = await openCtx(data);
  await setUpStation(ctx, SAMPLE_STATION);
  const county = await generateAgeIdentity();
  const identityFile = join(dir(), 'county.key');
  writeFileSync(identityFile, `# county\n${county.identity}\n`);
  if (options.profile ?? true)
    await setProfile(ctx, {
      county: '青山县',
      intakeUrl: '',
      recipients: [{ label: '县人大', recipient: county.recipient }],
      receiptPublicKey: formatPublicKey(generateSigningKey()),
    });
  return { ctx, data, identityFile };
}

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

type Row = Record<string, unknown>;
interface Opened {
  manifest: PackageManifest;
  manifestSha256: string;
  minisign: string;
  header: Row;
  tables: Record<string, Row[]>;
  audit: Row[];
  attachments: Record<string, Buffer>;
}

/** Checks a package with stock tools only and returns what is inside. */
function checkWithStockTools(file: string, publicKeyText: string, identityFile: string): Opened {
  const work = dir();
  expect(run('unzip', ['-o', file, '-d', work], work).code).toBe(0);
  expect(readdirSync(work).sort()).toEqual(['manifest.json', 'manifest.json.minisig', 'payload.tar.gz.age']);
  writeFileSync(join(work, 'station.pub'), publicKeyText);
  const minisign = run('minisign', ['-Vm', 'manifest.json', '-p', 'station.pub'], work);
  expect(minisign.code, minisign.out).toBe(0);
  const manifestBytes = readFileSync(join(work, 'manifest.json'));
  // The county's shape check, too.
  const manifest = manifestSchema.parse(JSON.parse(manifestBytes.toString('utf8')));
  writeFileSync(join(work, 'SHA256SUMS'), manifest.files.map((f) => `${f.sha256}  ${f.path}\n`).join(''));
  const sums = run('sha256sum', ['-c', 'SHA256SUMS'], work);
  expect(sums.code, sums.out).toBe(0);
  const payload = join(work, 'payload');
  mkdirSync(payload);
  const untar = run(
    'bash',
    ['-o', 'pipefail', '-c', `age -d -i '${identityFile}' ../payload.tar.gz.age | tar -xzf -`],
    payload,
  );
  expect(untar.code, untar.out).toBe(0);
  const lines = (path: string) =>
    existsSync(path)
      ? readFileSync(path, 'utf8')
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => JSON.parse(l) as Row)
      : [];
  const tables: Record<string, Row[]> = {};
  for (const name of existsSync(join(payload, 'tables')) ? readdirSync(join(payload, 'tables')) : [])
    tables[name.replace(/\.ndjson$/, '')] = lines(join(payload, 'tables', name));
  const attachments: Record<string, Buffer> = {};
  for (const name of existsSync(join(payload, 'attachments'))
    ? readdirSync(join(payload, 'attachments'))
    : [])
    attachments[name] = readFileSync(join(payload, 'attachments', name));
  return {
    manifest,
    manifestSha256: createHash('sha256').update(manifestBytes).digest('hex'),
    minisign: minisign.out,
    header: JSON.parse(readFileSync(join(payload, 'header.json'), 'utf8')) as Row,
    tables,
    audit: lines(join(payload, 'audit.ndjson')),
    attachments,
  };
}

async function publicKey(ctx: ServiceContext): Promise<string> {
  return (await getStationStatus(ctx)).signingKey!.publicKey;
}

async function exportAndOpen(s: Station, kind: 'incremental' | 'full' = 'incremental', pub?: string) {
  const item = single(await runExport(s.ctx, kind));
  const opened = checkWithStockTools(
    join(outboxFolder(s.data), item.fileName),
    pub ?? (await publicKey(s.ctx)),
    s.identityFile,
  );
  return { item, ...opened };
}

const byId = (rows: Row[]) => [...rows].sort((a, b) => String(a.id).localeCompare(String(b.id)));
function dbRows(ctx: ServiceContext, table: string, where = '', ...args: unknown[]): Row[] {
  return ctx.sqlite.prepare(`SELECT * FROM ${table} ${where}`).all(...args) as Row[];
}

async function refusal(promise: Promise<unknown>): Promise<StationError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StationError);
  return error as StationError;
}

async function addReception(ctx: ServiceContext, attachments: { sha256: string; fileName: string }[] = []) {
  const deputyId = await addDeputy(ctx);
  return callOk<ReceptionDetail>(ctx, 'receptions.create', {
    ...SAMPLE_RECEPTION,
    deputyIds: [deputyId],
    attachments,
  });
}

async function putFile(ctx: ServiceContext, base64: string, fileName: string) {
  return callOk<{ sha256: string; fileName: string }>(ctx, 'attachment.put', { fileName, base64 });
}

describe('package export', () => {
  it('makes a package that unzip, minisign -V, sha256sum -c and age -d | tar accept, carrying the database', async () => {
    const s = await newStation();
    const photo = await putFile(s.ctx, TINY_JPEG, '现场.jpg');
    await addReception(s.ctx, [{ sha256: photo.sha256, fileName: '现场.jpg' }]);

    const progress: ExportProgress[] = [];
    const item = single(await runExport(s.ctx, 'incremental', (p) => progress.push(p)));
    expect(item).toMatchObject({
      seq: 1,
      fileName: 'LHX-001-000001.sdpkg',
      kind: 'incremental',
      state: '已生成',
    });
    const status = await getStationStatus(s.ctx);
    const p = checkWithStockTools(
      join(outboxFolder(s.data), item.fileName),
      status.signingKey!.publicKey,
      s.identityFile,
    );

    expect(p.minisign).toContain(
      `Trusted comment: format=station-desk/package version=1 station=LHX-001 seq=1 manifest_sha256=${p.manifestSha256}`,
    );
    expect(p.manifest).toMatchObject({
      format: 'station-desk/package',
      version: 1,
      package_id: item.id,
      station: { code: 'LHX-001', name: SAMPLE_STATION.name, county: SAMPLE_STATION.county },
      key_id: status.signingKey!.keyId,
      seq: 1,
      prev_manifest_sha256: null,
      kind: 'incremental',
      app_version: 'test',
      encryption: { scheme: 'age-v1' },
      next_key: null,
    });
    expect(p.header).toEqual({ package_id: item.id, station: 'LHX-001', seq: 1 });
    const state = s.ctx.sqlite.prepare('SELECT rev, audit_seq FROM sync_state').get() as {
      rev: number;
      audit_seq: number;
    };
    expect(p.manifest.range).toEqual({
      rev_from: 1,
      rev_to: state.rev,
      audit_from: 1,
      audit_to: state.audit_seq,
    });

    // Every synced row, exactly as stored; only tables with rows appear.
    for (const table of SYNCED_TABLES) {
      const rows = dbRows(s.ctx, table);
      expect(byId(p.tables[table] ?? []), table).toEqual(byId(rows));
      expect(p.manifest.counts[table] ?? 0, table).toBe(rows.length);
    }
    expect(Object.keys(p.tables).length).toBeGreaterThan(3);
    expect(p.tables.receptions).toHaveLength(1);
    expect(p.audit).toEqual(dbRows(s.ctx, 'audit_log', 'ORDER BY seq'));
    expect(p.manifest.counts.audit).toBe(state.audit_seq);
    expect(Object.keys(p.attachments)).toEqual([photo.sha256]);
    expect(p.attachments[photo.sha256]!.equals(Buffer.from(TINY_JPEG, 'base64'))).toBe(true);
    expect(p.manifest.counts.attachments).toBe(1);

    // Recorded: the outbox row, the attachment marked sent by package 1.
    const row = s.ctx.sqlite.prepare('SELECT * FROM outbox').get() as Row;
    expect(row).toMatchObject({
      seq: 1,
      manifest_sha256: p.manifestSha256,
      state: '已生成',
      rev_to: state.rev,
    });
    expect(s.ctx.sqlite.prepare('SELECT sent_seq FROM attachments').all()).toEqual([{ sent_seq: 1 }]);
    expect(item.rows).toBe(
      SYNCED_TABLES.reduce((n, t) => n + (p.manifest.counts[t] ?? 0), 0) + state.audit_seq,
    );

    // Progress from the worker: rising to 1, naming what it reads.
    expect(progress.map((x) => x.stage)).toContain('正在读取接待登记');
    expect(progress.at(-1)!.progress).toBe(1);
    expect(progress.every((x, i) => i === 0 || x.progress >= progress[i - 1]!.progress)).toBe(true);
  });

  it('carries exactly the changed rows and tombstones next, chains the packages, sends attachment bytes once', async () => {
    const s = await newStation();
    const photo = await putFile(s.ctx, TINY_JPEG, '现场.jpg');
    const deputyId = await addDeputy(s.ctx);
    const reception = await callOk<ReceptionDetail>(s.ctx, 'receptions.create', {
      ...SAMPLE_RECEPTION,
      deputyIds: [deputyId],
      visitors: [
        SAMPLE_RECEPTION.visitors[0]!,
        { ...SAMPLE_RECEPTION.visitors[0]!, name: '赵六', phone: '13700001111' },
      ],
      attachments: [{ sha256: photo.sha256, fileName: '现场.jpg' }],
    });
    const first = await exportAndOpen(s);

    // An edit (new title, one visitor fewer: that row becomes a tombstone) and a new scan.
    const scan = await putFile(s.ctx, TINY_PNG, '来信.png');
    await callOk(s.ctx, 'receptions.update', {
      ...SAMPLE_RECEPTION,
      id: reception.id,
      deputyIds: [deputyId],
      title: '桃源村机耕路修缮（补充材料）',
      visitors: [SAMPLE_RECEPTION.visitors[0]!],
      attachments: [
        { sha256: photo.sha256, fileName: '现场.jpg' },
        { sha256: scan.sha256, fileName: '来信.png' },
      ],
    });
    const second = await exportAndOpen(s);
    expect(second.manifest).toMatchObject({ seq: 2, prev_manifest_sha256: first.manifestSha256 });
    expect(first.manifestSha256).toBe(
      (s.ctx.sqlite.prepare('SELECT manifest_sha256 FROM outbox WHERE seq = 1').get() as Row).manifest_sha256,
    );
    expect(second.manifest.range.rev_from).toBe(first.manifest.range.rev_to + 1);
    expect(second.manifest.range.audit_from).toBe(first.manifest.range.audit_to + 1);

    // Exactly the rows changed since package 1, nothing else.
    const since = first.manifest.range.rev_to;
    for (const table of SYNCED_TABLES) {
      const changed = dbRows(s.ctx, table, 'WHERE rev > ?', since);
      expect(byId(second.tables[table] ?? []), table).toEqual(byId(changed));
    }
    expect(second.tables.deputies).toBeUndefined();
    expect(second.tables.receptions).toEqual([
      expect.objectContaining({ id: reception.id, title: '桃源村机耕路修缮（补充材料）' }),
    ]);
    const visitors = second.tables.reception_visitors!;
    expect(visitors).toEqual([expect.objectContaining({ name: '赵六', deleted_at: expect.any(String) })]);
    expect(second.audit).toEqual(
      dbRows(s.ctx, 'audit_log', 'WHERE seq > ? ORDER BY seq', first.manifest.range.audit_to),
    );
    // The photo went with package 1; only the new scan travels now.
    expect(Object.keys(second.attachments)).toEqual([scan.sha256]);
    expect(s.ctx.sqlite.prepare('SELECT sha256, sent_seq FROM attachments ORDER BY sent_seq').all()).toEqual([
      { sha256: photo.sha256, sent_seq: 1 },
      { sha256: scan.sha256, sent_seq: 2 },
    ]);

    // Nothing changed since: refused, nothing made.
    const none = await refusal(runExport(s.ctx, 'incremental'));
    expect(none.code).toBe('NOTHING_TO_EXPORT');
    expect(none.message).toContain('自上次生成以来没有新的变动，无需生成');
    expect(readdirSync(outboxFolder(s.data)).sort()).toEqual([
      'LHX-001-000001.sdpkg',
      'LHX-001-000002.sdpkg',
    ]);

    // A full package still continues the chain and carries everything, tombstones and all bytes.
    const full = await exportAndOpen(s, 'full');
    expect(full.manifest).toMatchObject({
      seq: 3,
      kind: 'full',
      prev_manifest_sha256: second.manifestSha256,
    });
    expect(full.manifest.range).toMatchObject({ rev_from: 1, audit_from: 1 });
    for (const table of SYNCED_TABLES)
      expect(byId(full.tables[table] ?? []), table).toEqual(byId(dbRows(s.ctx, table)));
    expect(full.tables.reception_visitors).toHaveLength(2);
    expect(full.audit).toEqual(dbRows(s.ctx, 'audit_log', 'ORDER BY seq'));
    expect(Object.keys(full.attachments).sort()).toEqual([photo.sha256, scan.sha256].sort());
    // The bytes keep the package that first carried them.
    expect(s.ctx.sqlite.prepare('SELECT sent_seq FROM attachments ORDER BY sent_seq').all()).toEqual([
      { sent_seq: 1 },
      { sent_seq: 2 },
    ]);
    expect(
      (s.ctx.sqlite.prepare('SELECT group_concat(seq) AS s FROM outbox ORDER BY seq').get() as Row).s,
    ).toBe('1,2,3');
  });

  it('refuses before set-up, without a county profile, and while an export runs', async () => {
    const bare = await openCtx(dir());
    const notSetUp = await refusal(runExport(bare, 'incremental'));
    expect(notSetUp.code).toBe('NOT_SET_UP');

    const s = await newStation({ profile: false });
    const noProfile = await refusal(runExport(s.ctx, 'full'));
    expect(noProfile.code).toBe('NO_PROFILE');
    expect(noProfile.message).toContain('请先在“数据上报”页导入县里发的配置文件');
    expect(existsSync(outboxFolder(s.data)) ? readdirSync(outboxFolder(s.data)) : []).toEqual([]);

    const t = await newStation();
    const first = runExport(t.ctx, 'incremental');
    const busy = await refusal(runExport(t.ctx, 'full'));
    expect(busy.code).toBe('EXPORT_RUNNING');
    expect(single(await first).seq).toBe(1);
  });

  it('runs in the background for the UI, showing progress and the last failure', async () => {
    const s = await newStation();
    startExport(s.ctx, 'incremental');
    expect(exportState(s.ctx).exporting).toMatchObject({ kind: 'incremental', progress: expect.any(Number) });
    expect(() => startExport(s.ctx, 'full')).toThrow(/正在生成数据包/);
    await vi.waitFor(() => expect(exportState(s.ctx).exporting).toBeNull(), { timeout: 20_000 });
    expect(exportState(s.ctx).exportError).toBeNull();
    expect(s.ctx.sqlite.prepare('SELECT seq FROM outbox').all()).toEqual([{ seq: 1 }]);

    // Nothing changed: refused at once, not in the background.
    expect(() => startExport(s.ctx, 'incremental')).toThrow(/没有新的变动/);

    // A failure in the background (the private key file is gone) shows as exportError.
    const keyId = (await getStationStatus(s.ctx)).signingKey!.keyId;
    rmSync(join(s.data, 'keys', `${keyId}.key`));
    startExport(s.ctx, 'full');
    await vi.waitFor(() => expect(exportState(s.ctx).exportError).not.toBeNull(), { timeout: 20_000 });
    expect(exportState(s.ctx)).toMatchObject({ exporting: null, exportError: { code: 'KEY_UNREADABLE' } });
    expect(s.ctx.sqlite.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 1 });
  });

  it('announces a rotated key in a package signed by the old one, then signs with the new key', async () => {
    const s = await newStation();
    const oldPub = await publicKey(s.ctx);
    await exportAndOpen(s);

    const rotated: StationStatus = await rotateSigningKey(s.ctx);
    const newKey = rotated.signingKey!;
    expect(newKey.publicKey).not.toBe(oldPub);
    const announcing = await exportAndOpen(s, 'incremental', oldPub);
    expect(announcing.manifest.key_id).not.toBe(newKey.keyId);
    expect(announcing.manifest.next_key).toEqual({
      key_id: newKey.keyId,
      public_key: newKey.publicKey.trim().split('\n')[1],
    });
    // The rotation itself is in the audit rows the county receives.
    expect(announcing.audit).toEqual([
      expect.objectContaining({ action: 'rotate', entity: 'signing_key', entity_id: newKey.keyId }),
    ]);
    const retired = s.ctx.sqlite
      .prepare('SELECT key_id FROM signing_keys WHERE retired_at IS NOT NULL')
      .all();
    expect(retired).toEqual([{ key_id: announcing.manifest.key_id }]);

    await addDeputy(s.ctx);
    const next = await exportAndOpen(s, 'incremental', newKey.publicKey);
    expect(next.manifest).toMatchObject({ key_id: newKey.keyId, next_key: null, seq: 3 });
    // …and the old key no longer verifies it.
    const work = dir();
    expect(run('unzip', ['-o', join(outboxFolder(s.data), next.item.fileName), '-d', work], work).code).toBe(
      0,
    );
    writeFileSync(join(work, 'old.pub'), oldPub);
    expect(run('minisign', ['-Vm', 'manifest.json', '-p', 'old.pub'], work).code).not.toBe(0);
  });

  it('removes a crash’s leftovers (an unrecorded package, temp files) and never a recorded package', async () => {
    const s = await newStation();
    const first = single(await runExport(s.ctx, 'incremental'));
    const folder = outboxFolder(s.data);
    const firstBytes = readFileSync(join(folder, first.fileName));
    // A crash between the rename and the record, and one in the middle of a write.
    copyFileSync(join(folder, first.fileName), join(folder, 'LHX-001-000002.sdpkg'));
    writeFileSync(join(folder, 'LHX-001-000002.sdpkg.tmp-4242'), 'half');
    writeFileSync(join(folder, '说明.txt'), 'not ours');

    await addDeputy(s.ctx);
    const second = await exportAndOpen(s);
    expect(second.manifest.seq).toBe(2);
    expect(second.manifest.prev_manifest_sha256).not.toBeNull();
    expect(readdirSync(folder).sort()).toEqual(['LHX-001-000001.sdpkg', 'LHX-001-000002.sdpkg', '说明.txt']);
    expect(readFileSync(join(folder, first.fileName)).equals(firstBytes)).toBe(true);
    expect(readFileSync(join(folder, 'LHX-001-000002.sdpkg')).equals(firstBytes)).toBe(false);
  });

  // Each command is a fresh `node --import tsx` process (~2 s here).
  it('station-desk export and profile on the command line', { timeout: 120_000 }, () => {
    const data = dir();
    const s = SAMPLE_STATION;
    const init = cli(
      'init',
      '--data',
      data,
      '--code',
      s.code,
      '--name',
      s.name,
      '--township',
      s.township,
      '--county',
      s.county,
      '--address',
      s.address,
      '--phone',
      s.phone,
      '--opening-hours',
      s.openingHours,
    );
    expect(init.code, init.stderr).toBe(0);
    const out = dir();

    const refused = cli('export', '--data', data, '--out', out, '--json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, error: { code: 'NO_PROFILE' } });

    const identityFile = join(dir(), 'county.key');
    const county = spawnSync('age-keygen', ['-o', identityFile], { encoding: 'utf8' });
    expect(county.status).toBe(0);
    const recipient = /age1[0-9a-z]+/.exec(readFileSync(identityFile, 'utf8'))![0];
    const profileFile = join(dir(), 'profile.json');
    writeFileSync(
      profileFile,
      JSON.stringify({
        format: 'station-desk/county-profile',
        version: 1,
        county: '青山县',
        intake_url: 'https://county.example/intake',
        recipients: [{ label: '县人大', recipient }],
        receipt_public_key: formatPublicKey(generateSigningKey()),
      }),
    );
    const imported = cli('profile', 'import', profileFile, '--data', data);
    expect(imported.code, imported.stderr).toBe(0);
    const shown = cli('profile', 'show', '--data', data, '--json');
    expect(JSON.parse(shown.stdout)).toMatchObject({
      ok: true,
      profile: { county: '青山县', intakeUrl: 'https://county.example/intake', recipients: [{ recipient }] },
    });

    const made = cli('export', '--data', data, '--out', out);
    expect(made.code, made.stderr).toBe(0);
    const file = join(out, 'LHX-001-000001.sdpkg');
    expect(made.stdout.trim()).toBe(file);
    const pub = cli('keys', 'public', '--data', data).stdout;
    const p = checkWithStockTools(file, pub, identityFile);
    expect(p.manifest).toMatchObject({ seq: 1, kind: 'incremental' });
    expect(readFileSync(file).equals(readFileSync(join(data, 'outbox', 'LHX-001-000001.sdpkg')))).toBe(true);

    const again = cli('export', '--data', data, '--out', out, '--json');
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: false, error: { code: 'NOTHING_TO_EXPORT' } });
    const full = cli('export', '--data', data, '--out', out, '--full', '--json');
    expect(full.code, full.stderr).toBe(0);
    expect(JSON.parse(full.stdout)).toMatchObject({
      ok: true,
      packages: [{ seq: 2, kind: 'full' } as Partial<OutboxItem>],
    });
    expect(cli('export', '--data', data).code).toBe(2);
    expect(cli('export', '--data', data, '--out', join(out, 'missing')).code).toBe(1);
  });
});
