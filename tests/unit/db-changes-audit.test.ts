import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertSynced, tombstoneSynced, updateSynced } from '../../db/changes';
import { verifyAuditChain } from '../../db/audit';
import { writeTransaction } from '../../main/services/context';
import { openTempStation } from '../helpers/station';

let station: Awaited<ReturnType<typeof openTempStation>>;
beforeEach(async () => {
  station = await openTempStation();
});
afterEach(() => station.close());

const row = (id: string, name: string) => ({
  id,
  code: 'LHX-001',
  name,
  township: '莲花镇',
  county: '青山县',
  address: '人民路18号',
  phone: '0571-88886666',
  opening_hours: '每周三',
  time_zone: 'Asia/Shanghai',
});

async function revOf(id: string): Promise<{ rev: number; deleted_at: string | null }> {
  return station.ctx.db
    .selectFrom('station')
    .select(['rev', 'deleted_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe('change tracking', () => {
  it('bumps the station-wide rev on every write, in order, and records tombstones', async () => {
    const { ctx } = station;
    await writeTransaction(ctx, (trx, meta) => insertSynced(trx, 'station', row('a', '甲站'), meta));
    await writeTransaction(ctx, (trx, meta) => insertSynced(trx, 'station', row('b', '乙站'), meta));
    expect((await revOf('a')).rev).toBe(1);
    expect((await revOf('b')).rev).toBe(2);

    await writeTransaction(ctx, (trx, meta) =>
      updateSynced(trx, 'station', 'a', { name: '甲站（新）' }, meta),
    );
    expect((await revOf('a')).rev).toBe(3);

    // An update that changes nothing neither bumps rev nor writes audit.
    await writeTransaction(ctx, (trx, meta) =>
      updateSynced(trx, 'station', 'a', { name: '甲站（新）' }, meta),
    );
    expect((await revOf('a')).rev).toBe(3);

    expect(await writeTransaction(ctx, (trx, meta) => tombstoneSynced(trx, 'station', 'b', meta))).toBe(true);
    const b = await revOf('b');
    expect(b.rev).toBe(4);
    expect(b.deleted_at).not.toBeNull();
    // The row stays (it must travel to the county as a tombstone) and cannot be deleted twice.
    expect(await writeTransaction(ctx, (trx, meta) => tombstoneSynced(trx, 'station', 'b', meta))).toBe(
      false,
    );

    // "All changes since rev 2" is a plain query.
    const since = await ctx.db
      .selectFrom('station')
      .select('id')
      .where('rev', '>', 2)
      .orderBy('rev')
      .execute();
    expect(since.map((r) => r.id)).toEqual(['a', 'b']);

    const audit = ctx.sqlite.prepare('SELECT action, entity_id FROM audit_log ORDER BY seq').all();
    expect(audit).toEqual([
      { action: 'create', entity_id: 'a' },
      { action: 'create', entity_id: 'b' },
      { action: 'update', entity_id: 'a' },
      { action: 'delete', entity_id: 'b' },
    ]);
  });

  it('rolls back the row, the rev and the audit entry together when a write fails', async () => {
    const { ctx } = station;
    await writeTransaction(ctx, (trx, meta) => insertSynced(trx, 'station', row('a', '甲站'), meta));
    await expect(
      writeTransaction(ctx, async (trx, meta) => {
        await insertSynced(trx, 'station', row('c', '丙站'), meta);
        await insertSynced(trx, 'station', row('a', '重复主键'), meta); // fails: primary key
      }),
    ).rejects.toThrow();
    const state = ctx.sqlite.prepare('SELECT rev, audit_seq FROM sync_state').get();
    expect(state).toEqual({ rev: 1, audit_seq: 1 });
    expect(ctx.sqlite.prepare("SELECT count(*) AS n FROM station WHERE id = 'c'").get()).toEqual({ n: 0 });
    expect(verifyAuditChain(ctx.sqlite).ok).toBe(true);
  });
});

describe('the audit log', () => {
  async function writeSome(): Promise<void> {
    const { ctx } = station;
    await writeTransaction(ctx, (trx, meta) => insertSynced(trx, 'station', row('a', '甲站'), meta));
    for (let i = 1; i <= 4; i++) {
      await writeTransaction(ctx, (trx, meta) =>
        updateSynced(trx, 'station', 'a', { name: `甲站${i}` }, meta),
      );
    }
  }

  it('forbids UPDATE and DELETE through triggers', async () => {
    await writeSome();
    const { sqlite } = station.ctx;
    expect(() => sqlite.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 2").run()).toThrow(
      /append-only/,
    );
    expect(() => sqlite.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);
  });

  it('verifies an intact chain', async () => {
    await writeSome();
    expect(verifyAuditChain(station.ctx.sqlite)).toMatchObject({ ok: true, count: 5 });
  });

  it('names the first edited row once someone drops the trigger and rewrites history', async () => {
    await writeSome();
    const { sqlite } = station.ctx;
    sqlite.exec('DROP TRIGGER audit_log_no_update');
    sqlite.prepare(`UPDATE audit_log SET diff = '{"name":"改过"}' WHERE seq = 3`).run();
    expect(verifyAuditChain(sqlite)).toMatchObject({
      ok: false,
      firstBrokenSeq: 3,
      reason: expect.stringContaining('改动'),
    });
  });

  it('detects an edit that also recomputes the row hash, at the next link', async () => {
    await writeSome();
    const { sqlite } = station.ctx;
    sqlite.exec('DROP TRIGGER audit_log_no_update');
    sqlite.prepare(`UPDATE audit_log SET hash = '${'f'.repeat(64)}' WHERE seq = 2`).run();
    const report = verifyAuditChain(sqlite);
    expect(report).toMatchObject({ ok: false, firstBrokenSeq: 2 });
  });

  it('names the first deleted row', async () => {
    await writeSome();
    const { sqlite } = station.ctx;
    sqlite.exec('DROP TRIGGER audit_log_no_delete');
    sqlite.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    expect(verifyAuditChain(sqlite)).toMatchObject({
      ok: false,
      firstBrokenSeq: 2,
      reason: expect.stringContaining('缺失'),
    });
  });

  it('notices rows cut off the end of the log', async () => {
    await writeSome();
    const { sqlite } = station.ctx;
    sqlite.exec('DROP TRIGGER audit_log_no_delete');
    sqlite.prepare('DELETE FROM audit_log WHERE seq = 5').run();
    expect(verifyAuditChain(sqlite)).toMatchObject({ ok: false, firstBrokenSeq: 5 });
  });
});
