import {
  copyFileSync,
  readdirSync,
  existsSync,
  readFileSync,
  writeFileSync,
  openSync,
  writeSync,
  closeSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifyAuditChain } from '../../db/audit';
import type { BackupStatus } from '../../main/api/contract-backup';
import { StationError } from '../../main/api/errors';
import {
  backupsFolder,
  checkBackup,
  createBackup,
  listBackups,
  pruneAutoBackups,
  restoreBackup,
  restoreDataFolder,
  runAutoBackup,
  startBackupScheduler,
} from '../../main/services/backup';
import { closeStation, databasePath, type ServiceContext } from '../../main/services/context';
import { formatPublicKey, generateSigningKey } from '../../main/services/keys';
import { generateAgeIdentity } from '../../main/services/packages/age';
import { runExport } from '../../main/services/packages/export';
import { setProfile } from '../../main/services/packages/profile';
import { setUpStation } from '../../main/services/station';
import { SAMPLE_RECEPTION, addDeputy } from '../helpers/receptions';
import { SAMPLE_STATION, callOk, openStationAt } from '../helpers/station';
import { tempDirs } from '../helpers/temp-dirs';
import { canMountTmpfs, mountTmpfs } from '../crash/disk';

/** A real small USB stick: a tmpfs (needs root; the test is skipped otherwise). */
const tmpfs = canMountTmpfs();

const dir = tempDirs();
const open: ServiceContext[] = [];
afterEach(async () => {
  for (const ctx of open.splice(0)) await closeStation(ctx);
});

async function openCtx(data: string): Promise<ServiceContext> {
  const ctx = await openStationAt(data);
  open.push(ctx);
  return ctx;
}

async function newStation(
  station = SAMPLE_STATION,
): Promise<{ ctx: ServiceContext; data: string; deputyId: string }> {
  const data = dir();
  const ctx = await openCtx(data);
  await setUpStation(ctx, station);
  return { ctx, data, deputyId: await addDeputy(ctx) };
}

const addReception = (ctx: ServiceContext, deputyId: string, title: string) =>
  callOk<{ id: string }>(ctx, 'receptions.create', { ...SAMPLE_RECEPTION, deputyIds: [deputyId], title });

const count = (ctx: ServiceContext, table: string) =>
  (ctx.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('backups', () => {
  it('makes a consistent backup while writes go on, which passes the check', async () => {
    const { ctx, deputyId } = await newStation();
    for (let i = 0; i < 20; i++) await addReception(ctx, deputyId, `接待 ${i}`);
    const writes = Array.from({ length: 20 }, (_, i) => addReception(ctx, deputyId, `备份时的接待 ${i}`));
    const [item] = await Promise.all([createBackup(ctx, { kind: 'manual' }), ...writes]);

    expect(item.fileName).toMatch(/^LHX-001-\d{8}-\d{6}\.db$/);
    expect(statSync(item.path).size).toBe(item.size);
    const check = await checkBackup(item.path, 'LHX-001');
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
    expect(check.station).toEqual({ code: 'LHX-001', name: SAMPLE_STATION.name });
    // A snapshot: somewhere between the writes before and all of them, never a torn state.
    expect(check.counts.receptions).toBeGreaterThanOrEqual(20);
    expect(check.counts.receptions).toBeLessThanOrEqual(40);
    expect(check.counts.deputies).toBe(1);
    expect(check.lastWriteAt).not.toBeNull();
    expect(count(ctx, 'receptions')).toBe(40);
    // One self-contained file: no WAL beside it, no temp file left.
    const b = new Database(item.path, { readonly: true });
    expect(b.pragma('journal_mode', { simple: true })).toBe('delete');
    b.close();
    expect(listBackups(ctx.dataDir).map((i) => [i.fileName, i.kind])).toEqual([[item.fileName, 'manual']]);
  });

  it('refuses a folder that does not exist or cannot be written, in Chinese on the field', async () => {
    const { ctx, data } = await newStation();
    const missing = join(data, 'no-such-usb');
    await expect(createBackup(ctx, { kind: 'manual', folder: missing })).rejects.toMatchObject({
      field: 'folder',
      message: expect.stringContaining('文件夹不存在'),
    });
    const notFolder = join(data, 'file.txt');
    writeFileSync(notFolder, 'x');
    await expect(createBackup(ctx, { kind: 'manual', folder: notFolder })).rejects.toBeInstanceOf(
      StationError,
    );
  });

  it.skipIf(!tmpfs.ok)(
    'refuses a USB stick without room for the backup and leaves nothing on it',
    async () => {
      const { ctx, deputyId } = await newStation();
      for (let i = 0; i < 50; i++) await addReception(ctx, deputyId, `接待 ${i}`);
      const usb = mountTmpfs('64k');
      try {
        await expect(createBackup(ctx, { kind: 'manual', folder: usb.dir })).rejects.toMatchObject({
          field: 'folder',
          message: expect.stringContaining('空间不够'),
        });
        expect(readdirSync(usb.dir)).toEqual([]);
      } finally {
        usb.unmount();
      }
    },
  );

  it('makes today’s automatic backup once and prunes only automatic ones to the last N', async () => {
    const { ctx, data } = await newStation();
    const first = await runAutoBackup(ctx);
    expect(first?.kind).toBe('auto');
    expect(await runAutoBackup(ctx)).toBeNull(); // today's exists
    const folder = backupsFolder(data);
    for (const day of ['01', '02', '03', '04', '05'])
      copyFileSync(first!.path, join(folder, `LHX-001-202611${day}-020000.db`));
    copyFileSync(first!.path, join(folder, 'before-restore-20261101-010000.db'));
    copyFileSync(first!.path, join(data, 'backups', 'not-a-backup.txt'));
    const made = await createBackup(ctx, { kind: 'manual' });

    const status = await callOk<BackupStatus>(ctx, 'backup.updateSettings', { enabled: true, keep: 3 });
    expect(status.settings).toEqual({ enabled: true, keep: 3 });
    const autos = status.items.filter((i) => i.kind === 'auto').map((i) => i.fileName);
    expect(autos).toEqual([first!.fileName, 'LHX-001-20261105-020000.db', 'LHX-001-20261104-020000.db']);
    expect(status.lastAuto?.fileName).toBe(first!.fileName);
    expect(existsSync(join(folder, 'before-restore-20261101-010000.db'))).toBe(true);
    expect(existsSync(made.path)).toBe(true);
    expect(existsSync(join(folder, 'LHX-001-20261101-020000.db'))).toBe(false);
    expect(pruneAutoBackups(data, 1)).toHaveLength(2);
  });

  it('makes no automatic backup when switched off, nor of a file that failed its integrity check', async () => {
    const { ctx } = await newStation();
    Object.defineProperty(ctx.health, 'writesStopped', { get: () => true, configurable: true });
    expect(await runAutoBackup(ctx)).toBeNull();
    Object.defineProperty(ctx.health, 'writesStopped', { get: () => false, configurable: true });
    await callOk(ctx, 'backup.updateSettings', { enabled: false, keep: 14 });
    expect(await runAutoBackup(ctx)).toBeNull();
    expect(listBackups(ctx.dataDir)).toEqual([]);
  });

  it('the scheduler makes today’s backup soon after start', async () => {
    const { ctx } = await newStation();
    const scheduler = startBackupScheduler(ctx, { firstDelayMs: 1 });
    try {
      await vi.waitFor(() => expect(listBackups(ctx.dataDir).map((i) => i.kind)).toEqual(['auto']), {
        timeout: 15_000,
      });
    } finally {
      scheduler.stop();
    }
  });
});

describe('checking a backup', () => {
  it('refuses a corrupted copy, a newer schema, another station and a file that is not SQLite', async () => {
    const { ctx, data, deputyId } = await newStation();
    for (let i = 0; i < 200; i++) await addReception(ctx, deputyId, `接待 ${i}`.padEnd(55, '。'));
    const good = (await createBackup(ctx, { kind: 'manual' })).path;

    const corrupt = join(data, 'corrupt.db');
    copyFileSync(good, corrupt);
    const size = statSync(corrupt).size;
    const fd = openSync(corrupt, 'r+');
    writeSync(fd, Buffer.alloc(Math.floor(size / 5), 0x5a), 0, Math.floor(size / 5), Math.floor(size * 0.4));
    closeSync(fd);
    const c1 = await checkBackup(corrupt, 'LHX-001');
    expect(c1.ok).toBe(false);
    expect(c1.problems.join()).toContain('损坏');

    const newer = join(data, 'newer.db');
    copyFileSync(good, newer);
    const n = new Database(newer);
    n.prepare("INSERT INTO kysely_migration (name, timestamp) VALUES ('9999_future', '2030-01-01')").run();
    n.close();
    const c2 = await checkBackup(newer, 'LHX-001');
    expect(c2.ok).toBe(false);
    expect(c2.problems.join()).toContain('更新版本');

    const c3 = await checkBackup(good, 'OTHER-9');
    expect(c3.ok).toBe(false);
    expect(c3.problems.join()).toContain('另一个联络站');

    const text = join(data, 'notes.db');
    writeFileSync(text, '这不是数据库'.repeat(1000));
    const c4 = await checkBackup(text, 'LHX-001');
    expect(c4).toMatchObject({ ok: false, schemaVersion: null });
    expect(c4.problems.join()).toContain('不是数据库文件');

    const other = new Database(join(data, 'other.db'));
    other.exec('CREATE TABLE t (x)');
    other.close();
    const c5 = await checkBackup(join(data, 'other.db'), 'LHX-001');
    expect(c5.problems.join()).toContain('不是联络站工作台的数据');

    expect((await checkBackup(join(data, 'nothing.db'), null)).problems.join()).toContain('找不到文件');
    // The same refusals through the API, and the good file passes there.
    const viaApi = await callOk<{ ok: boolean }>(ctx, 'backup.check', { path: good });
    expect(viaApi.ok).toBe(true);
  });

  it('refuses a backup whose audit chain was edited', async () => {
    const { ctx, data } = await newStation();
    const good = (await createBackup(ctx, { kind: 'manual' })).path;
    const edited = join(data, 'edited.db');
    copyFileSync(good, edited);
    const e = new Database(edited);
    e.exec('DROP TRIGGER audit_log_no_update');
    e.prepare("UPDATE audit_log SET actor = '别人' WHERE seq = 1").run();
    e.close();
    const check = await checkBackup(edited, 'LHX-001');
    expect(check.ok).toBe(false);
    expect(check.problems.join()).toContain('操作记录');
  });
});

describe('restoring', () => {
  it('replaces the data in the same running context and keeps the old file aside', async () => {
    const { ctx, data, deputyId } = await newStation();
    await addReception(ctx, deputyId, '备份前的接待');
    const backup = await createBackup(ctx, { kind: 'manual' });
    await addReception(ctx, deputyId, '备份后的接待');
    expect(count(ctx, 'receptions')).toBe(2);

    const result = await callOk<{ keptAs: string; carriedOver: boolean; check: { ok: boolean } }>(
      ctx,
      'backup.restore',
      { path: backup.path },
    );
    expect(result.check.ok).toBe(true);
    expect(result.carriedOver).toBe(true);
    expect(result.keptAs).toMatch(/backups[/\\]before-restore-\d{8}-\d{6}\.db$/);
    // The same ctx object now serves the restored file, and takes writes.
    expect(count(ctx, 'receptions')).toBe(1);
    await addReception(ctx, deputyId, '恢复后的接待');
    expect(count(ctx, 'receptions')).toBe(2);
    expect(verifyAuditChain(ctx.sqlite).ok).toBe(true);
    const restoreRow = ctx.sqlite.prepare("SELECT actor FROM audit_log WHERE action = 'restore'").get();
    expect(restoreRow).toEqual({ actor: '管理员' });

    const kept = new Database(result.keptAs, { readonly: true });
    const titles = kept.prepare('SELECT title FROM receptions ORDER BY title').pluck().all();
    kept.close();
    expect(titles).toEqual(['备份前的接待', '备份后的接待']);
    const listed = listBackups(data).find((i) => i.path === result.keptAs);
    expect(listed?.kind).toBe('before-restore');
  });

  it('refuses a bad file and leaves the data as it was', async () => {
    const { ctx, data, deputyId } = await newStation();
    await addReception(ctx, deputyId, '现在的接待');
    const junk = join(data, 'junk.db');
    writeFileSync(junk, 'junk');
    await expect(restoreBackup(ctx, junk)).rejects.toMatchObject({ field: 'path' });
    expect(count(ctx, 'receptions')).toBe(1);
    expect(listBackups(data)).toEqual([]);
  });

  it('restores into a folder whose station.db is garbage (no running app)', async () => {
    const { ctx, data, deputyId } = await newStation();
    await addReception(ctx, deputyId, '备份里的接待');
    const backup = await createBackup(ctx, { kind: 'manual' });
    await closeStation(open.pop()!);
    const garbage = Buffer.alloc(64 * 1024, 0x37);
    writeFileSync(databasePath(data), garbage);

    const result = await restoreDataFolder(data, backup.path);
    expect(result.carriedOver).toBe(false);
    expect(readFileSync(result.keptAs!)).toEqual(garbage);
    const reopened = await openCtx(data);
    expect(count(reopened, 'receptions')).toBe(1);
    expect(verifyAuditChain(reopened.sqlite).ok).toBe(true);
  });

  it('continues the packages to the county after restoring an older backup', async () => {
    const { ctx, deputyId } = await newStation();
    const county = await generateAgeIdentity();
    await setProfile(ctx, {
      county: '青山县',
      intakeUrl: '',
      recipients: [{ label: '县人大', recipient: county.recipient }],
      receiptPublicKey: formatPublicKey(generateSigningKey()),
    });
    await addReception(ctx, deputyId, '第一批');
    expect((await runExport(ctx, 'incremental'))[0]!.seq).toBe(1);
    const backup = await createBackup(ctx, { kind: 'manual' });
    const edited = await addReception(ctx, deputyId, '备份后的接待');
    const second = (await runExport(ctx, 'incremental'))[0]!;
    expect(second.seq).toBe(2);
    const sent = ctx.sqlite.prepare('SELECT rev_to, audit_to FROM outbox WHERE seq = 2').get() as {
      rev_to: number;
      audit_to: number;
    };

    await restoreBackup(ctx, backup.path);
    expect(ctx.sqlite.prepare('SELECT seq FROM outbox ORDER BY seq').pluck().all()).toEqual([1, 2]);
    expect(ctx.sqlite.prepare('SELECT 1 FROM receptions WHERE id = ?').get(edited.id)).toBeUndefined();
    const state = ctx.sqlite.prepare('SELECT rev, audit_seq FROM sync_state').get() as {
      rev: number;
      audit_seq: number;
    };
    // The counter and the chain are ahead of what the county has; the chain stays whole.
    expect(state.rev).toBeGreaterThanOrEqual(sent.rev_to);
    expect(state.audit_seq).toBeGreaterThan(sent.audit_to);
    expect(verifyAuditChain(ctx.sqlite).ok).toBe(true);

    const after = await addReception(ctx, deputyId, '恢复后的接待');
    const third = (await runExport(ctx, 'incremental'))[0]!;
    expect(third.seq).toBe(3);
    const row = ctx.sqlite.prepare('SELECT rev_from, audit_from FROM outbox WHERE seq = 3').get() as {
      rev_from: number;
      audit_from: number;
    };
    expect(row.rev_from).toBe(sent.rev_to + 1);
    expect(row.audit_from).toBe(sent.audit_to + 1);
    const rev = ctx.sqlite.prepare('SELECT rev FROM receptions WHERE id = ?').pluck().get(after.id) as number;
    expect(rev).toBeGreaterThan(sent.rev_to);
  });
});
