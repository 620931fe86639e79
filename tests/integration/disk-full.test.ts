import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../db/audit';
import type { ApiErrorShape } from '../../main/api/errors';
import type { CallName, ImportPreview } from '../../main/api/contract';
import { dispatch } from '../../main/api/router';
import { closeStation, openStation, type ServiceContext } from '../../main/services/context';
import { fileKeyStore } from '../../main/services/key-store';
import { outboxFolder, runExport } from '../../main/services/packages/export';
import { prepareStation } from '../crash/prepare';
import { SAMPLE_RECEPTION } from '../helpers/receptions';
import { oneDeputyRoster } from '../helpers/roster';
import { callOk } from '../helpers/station';
import { canMountTmpfs, fillDisk, mountTmpfs, sh } from '../crash/disk';

/**
 * A full disk and a read-only folder, for real: the station's data folder on a 2 MB tmpfs,
 * filled to the last byte or remounted read-only. Saves must fail with DISK_FULL /
 * DB_READ_ONLY and a Chinese message, leave nothing half-written, and work again once space
 * (or write access) returns. Needs root for `mount`; skipped, with the reason, otherwise.
 */

const mount = canMountTmpfs();
if (!mount.ok) console.log(`disk-full tests skipped: cannot mount a tmpfs here (${mount.reason})`);

let disk: ReturnType<typeof mountTmpfs>;
let data: string;
let ctx: ServiceContext | null = null;

beforeEach(async () => {
  if (!mount.ok) return;
  disk = mountTmpfs('2m');
  data = join(disk.dir, 'data');
  await prepareStation(data);
});
afterEach(async () => {
  if (!mount.ok) return;
  if (ctx) await closeStation(ctx);
  ctx = null;
  disk.unmount();
});

async function open(): Promise<ServiceContext> {
  ctx = await openStation(data, { keyStore: fileKeyStore(data), mode: 'cli', appVersion: 'test' });
  return ctx;
}

async function fails(c: ServiceContext, name: CallName, input: unknown): Promise<ApiErrorShape> {
  const result = await dispatch(name, input, c);
  if (result.ok) throw new Error(`${name} was expected to fail`);
  return result.error;
}

/** What a half-done write would change. */
function snapshot(c: ServiceContext) {
  const count = (table: string) => c.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
  return {
    sync: c.sqlite.prepare('SELECT rev, audit_seq, audit_head FROM sync_state').get(),
    receptions: count('receptions'),
    deputies: count('deputies'),
    outbox: count('outbox'),
    keys: count('signing_keys'),
  };
}

function expectIntact(c: ServiceContext): void {
  expect(c.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(verifyAuditChain(c.sqlite)).toMatchObject({ ok: true });
}

let card = 0;
async function rosterFile() {
  card += 1;
  return oneDeputyRoster(`DF-${card}`);
}

const DISK_FULL = { code: 'DISK_FULL', message: expect.stringContaining('磁盘空间已满') };
const READ_ONLY = { code: 'DB_READ_ONLY', message: expect.stringContaining('只读') };

describe.skipIf(!mount.ok)('disk full and read-only (tmpfs)', () => {
  it('refuses saves on a full disk with DISK_FULL, keeps the file whole, and recovers', async () => {
    const c = await open();
    const deputyIds = [c.sqlite.prepare('SELECT id FROM deputies').pluck().get() as string];
    const reception = { ...SAMPLE_RECEPTION, deputyIds };
    await callOk(c, 'receptions.create', reception);
    await runExport(c, 'incremental');
    const usb = join(disk.dir, 'usb');
    mkdirSync(usb);
    const filler = join(disk.dir, 'filler');
    fillDisk(filler);

    // The WAL may still have room from earlier writes: a save that fits is a whole save.
    let refused: ApiErrorShape | undefined;
    for (let i = 0; i < 100 && !refused; i++) {
      const before = snapshot(c);
      const result = await dispatch('receptions.create', reception, c);
      if (!result.ok) {
        refused = result.error;
        expect(snapshot(c)).toEqual(before);
      }
    }
    expect(refused).toEqual(DISK_FULL);
    const before = snapshot(c);
    expect(await fails(c, 'roster.importCommit', await rosterFile())).toEqual(DISK_FULL);
    // The key is written to a file before its row: the file write is refused, no temp file left.
    expect(await fails(c, 'keys.rotate', {})).toEqual(DISK_FULL);
    expect(readdirSync(join(data, 'keys')).filter((f) => f.includes('.tmp-'))).toEqual([]);

    const outboxBefore = readdirSync(outboxFolder(data)).sort();
    await expect(runExport(c, 'full')).rejects.toMatchObject(DISK_FULL);
    expect(readdirSync(outboxFolder(data)).sort()).toEqual(outboxBefore);
    expect((await callOk<{ exportError: unknown }>(c, 'packages.status', {})).exportError).toMatchObject(
      DISK_FULL,
    );

    const copy = await fails(c, 'packages.copyToFolder', { folder: usb });
    expect(copy).toMatchObject({ code: 'COPY_FAILED', message: expect.stringContaining('U盘空间不够') });
    expect(readdirSync(usb)).toEqual([]);

    expect(snapshot(c)).toEqual(before);
    expectIntact(c);
    // The background check must not take a full disk for a damaged file.
    expect(await c.health.check()).toMatchObject({ ok: true });
    expect(c.health.writesStopped).toBe(false);

    rmSync(filler);
    await callOk(c, 'receptions.create', reception);
    expect((await callOk<ImportPreview>(c, 'roster.importCommit', await rosterFile())).counts.add).toBe(1);
    await callOk(c, 'keys.rotate', {});
    expect(await runExport(c, 'incremental')).toHaveLength(1);
    expect(
      (await callOk<{ files: string[] }>(c, 'packages.copyToFolder', { folder: usb })).files,
    ).toHaveLength(2);
    expectIntact(c);
    expect(await c.health.check()).toMatchObject({ ok: true });
  });

  it('refuses a read-only data folder with DB_READ_ONLY, not as a damaged file, and opens once writable', async () => {
    // Linux will not remount read-only while the database is open for writing, so the folder
    // goes read-only between runs (a write-protected USB stick, a folder without permission).
    sh('mount', '-o', 'remount,ro', disk.dir);
    await expect(open()).rejects.toMatchObject(READ_ONLY);
    ctx = null;
    sh('mount', '-o', 'remount,rw', disk.dir);
    const c = await open();
    await callOk(c, 'receptions.create', SAMPLE_RECEPTION);
    expectIntact(c);
  });

  it('refuses to copy packages into a read-only folder with a Chinese message', async () => {
    const c = await open();
    await callOk(c, 'receptions.create', SAMPLE_RECEPTION);
    await runExport(c, 'incremental');
    // A second small tmpfs stands for the write-protected USB stick.
    const usb = mountTmpfs('1m', ',ro');
    try {
      expect(await fails(c, 'packages.copyToFolder', { folder: usb.dir })).toMatchObject({
        code: 'FOLDER_NOT_WRITABLE',
        message: expect.stringContaining('不能写入'),
      });
      expect(existsSync(join(usb.dir, '说明.txt'))).toBe(false);
    } finally {
      usb.unmount();
    }
  });
});
