import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_CALLS, CALL_NAMES, contract, UNLOCKED_CALLS, type CallResult } from '../../main/api/contract';
import { dispatch } from '../../main/api/router';
import { closeStation, openStation, type ServiceContext } from '../../main/services/context';
import { fileKeyStore } from '../../main/services/key-store';
import { addDeputy, SAMPLE_RECEPTION } from '../helpers/receptions';
import { callOk, SAMPLE_STATION, tempDir } from '../helpers/station';

// The lock screen and roles through the one entry point every transport uses.

let ctx: ServiceContext;
let cleanup: () => void;
let deputyId: string;
let openId: string;
let secretId: string;
let adminId: string;
let clerkId: string;

const ADMIN_PASSWORD = 'wangzhanzhang1';
const CLERK_PASSWORD = 'liwenshu1234';
const SECRET_PHONE = '13700001111';

const fail = (r: CallResult) => (r.ok ? null : r.error);

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  // 'web' as `station-desk web` opens it: the CLI's own contexts act as 管理员 regardless.
  ctx = await openStation(t.dir, {
    keyStore: fileKeyStore(t.dir),
    mode: 'web',
    appVersion: 'test',
    checkIntegrity: false,
  });
  await callOk(ctx, 'station.setup', SAMPLE_STATION);
  deputyId = await addDeputy(ctx);
  openId = (
    await callOk<{ id: string }>(ctx, 'receptions.create', { ...SAMPLE_RECEPTION, deputyIds: [deputyId] })
  ).id;
  secretId = (
    await callOk<{ id: string }>(ctx, 'receptions.create', {
      ...SAMPLE_RECEPTION,
      deputyIds: [deputyId],
      confidential: true,
      title: '保密反映的事项',
      visitors: [{ ...SAMPLE_RECEPTION.visitors[0]!, name: '赵保密', phone: SECRET_PHONE }],
    })
  ).id;
  adminId = (
    await callOk<{ user: { id: string } }>(ctx, 'auth.enable', { name: '王站长', password: ADMIN_PASSWORD })
  ).user.id;
  clerkId = (
    await callOk<{ id: string }>(ctx, 'auth.createUser', {
      name: '李文书',
      role: 'clerk',
      password: CLERK_PASSWORD,
    })
  ).id;
  await callOk(ctx, 'auth.lock', {});
});

afterAll(async () => {
  await closeStation(ctx);
  cleanup();
});

/** The 接待登记 sheet of the ledger (stats.ledger) as text. */
async function ledgerText(): Promise<string> {
  const { base64 } = await callOk<{ base64: string }>(ctx, 'stats.ledger', {
    from: '2026-01-01',
    to: '2026-12-31',
  });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ExcelJS.Buffer);
  const rows: string[] = [];
  wb.getWorksheet('接待登记')!.eachRow((row) => rows.push(JSON.stringify(row.values)));
  return rows.join('\n');
}

const signIn = (userId: string, password: string) => callOk(ctx, 'auth.unlock', { userId, password });

describe('locked', () => {
  it('answers LOCKED to every call but the lock screen’s own, whatever the input', async () => {
    const refused: string[] = [];
    for (const name of CALL_NAMES) {
      const error = fail(await dispatch(name, { any: 'thing' }, ctx));
      if (UNLOCKED_CALLS.has(name)) expect(error?.code, name).not.toBe('LOCKED');
      else {
        expect(error, name).toEqual({ code: 'LOCKED', message: '已锁定，请先登录。' });
        refused.push(name);
      }
    }
    expect(refused.length).toBe(CALL_NAMES.length - UNLOCKED_CALLS.size);
    const status = await callOk<{ locked: boolean; accounts: { name: string }[] }>(ctx, 'auth.status', {});
    expect(status.locked).toBe(true);
    expect(status.accounts.map((a) => a.name)).toEqual(['王站长', '李文书']);
  });

  it('refuses a wrong password on the password field and stays locked', async () => {
    const error = fail(await dispatch('auth.unlock', { userId: clerkId, password: 'nope-nope' }, ctx));
    expect(error).toMatchObject({ code: 'VALIDATION', field: 'password' });
    expect(error?.message).toMatch(/密码不对/);
    expect(fail(await dispatch('receptions.list', {}, ctx))?.code).toBe('LOCKED');
  });
});

describe('a clerk', () => {
  it('gets FORBIDDEN for every administrator call, and nothing is written', async () => {
    await signIn(clerkId, CLERK_PASSWORD);
    const state = () => ({
      sync: ctx.sqlite.prepare('SELECT rev, audit_seq, audit_head FROM sync_state').get(),
      accounts: ctx.sqlite.prepare('SELECT * FROM accounts ORDER BY id').all(),
      settings: ctx.sqlite.prepare('SELECT * FROM settings ORDER BY id').all(),
    });
    const before = state();
    for (const name of ADMIN_CALLS) {
      const error = fail(await dispatch(name, {}, ctx));
      expect(error?.code, name).toBe('FORBIDDEN');
      expect(error?.message).toContain(contract[name].doc);
      expect(error?.message).toContain('请让管理员登录后操作');
    }
    // A clerk resetting someone else's password is refused too (auth.setPassword is open for one's own).
    const reset = fail(await dispatch('auth.setPassword', { id: adminId, newPassword: 'hacked-123' }, ctx));
    expect(reset?.code).toBe('FORBIDDEN');
    expect(state()).toEqual(before);
    // Everyday work still goes through, under the clerk's own name.
    await callOk(ctx, 'receptions.create', {
      ...SAMPLE_RECEPTION,
      deputyIds: [deputyId],
      title: '文书登记的事项',
    });
    const actor = ctx.sqlite.prepare('SELECT actor FROM audit_log ORDER BY seq DESC LIMIT 1').pluck().get();
    expect(actor).toBe('李文书');
  });

  it('never sees confidential receptions: not in the list, the search, by phone, in a deputy’s file, or opened', async () => {
    await signIn(clerkId, CLERK_PASSWORD);
    type List = { items: { id: string }[]; total: number };
    const ids = async (input: object) =>
      (await callOk<List>(ctx, 'receptions.list', input)).items.map((i) => i.id);
    expect(await ids({})).toContain(openId);
    expect(await ids({})).not.toContain(secretId);
    expect(await ids({ q: '保密反映' })).toEqual([]);
    expect(await ids({ q: SECRET_PHONE })).toEqual([]);
    expect(await ids({ confidential: true })).toEqual([]);
    expect(await ids({ deputyId })).not.toContain(secretId);
    expect(fail(await dispatch('receptions.get', { id: secretId }, ctx))?.code).toBe('FORBIDDEN');
    expect(fail(await dispatch('receptions.void', { id: secretId, reason: '登记错了' }, ctx))?.code).toBe(
      'FORBIDDEN',
    );
    const byPhone = await callOk<{ visitor: unknown }>(ctx, 'receptions.visitorByPhone', {
      phone: SECRET_PHONE,
    });
    expect(byPhone.visitor).toBeNull();
    const file = await callOk<{ sections: { key: string; items: { title: string }[] }[] }>(
      ctx,
      'roster.deputyFile',
      {
        id: deputyId,
        year: 2026,
      },
    );
    const titles = file.sections
      .find((s) => s.key === 'receptions')!
      .items.map((i) => i.title)
      .join();
    expect(titles).toContain('桃源村机耕路');
    expect(titles).not.toContain('保密反映');

    expect(await ledgerText()).not.toContain('保密反映的事项');

    // An administrator sees it everywhere.
    await signIn(adminId, ADMIN_PASSWORD);
    expect(await ids({})).toContain(secretId);
    expect(await ids({ q: '保密反映' })).toEqual([secretId]);
    expect((await callOk<{ id: string }>(ctx, 'receptions.get', { id: secretId })).id).toBe(secretId);
    expect(await ledgerText()).toContain('保密反映的事项');
  });
});

describe('the session', () => {
  it('ends when the server sees no call for longer than the idle time', async () => {
    await signIn(adminId, ADMIN_PASSWORD);
    await callOk(ctx, 'auth.updateSettings', { idleMinutes: 5 });
    ctx.session.lastCallAt = Date.now() - 7 * 60_000;
    expect(fail(await dispatch('receptions.list', {}, ctx))?.code).toBe('LOCKED');
  });

  it('turns the lock off only with the administrator’s password, and then everything is open again', async () => {
    await signIn(adminId, ADMIN_PASSWORD);
    const wrong = fail(await dispatch('auth.disable', { password: 'not-mine-1' }, ctx));
    expect(wrong).toMatchObject({ code: 'VALIDATION', field: 'password' });
    const status = await callOk<{ lockEnabled: boolean; role: string }>(ctx, 'auth.disable', {
      password: ADMIN_PASSWORD,
    });
    expect(status).toMatchObject({ lockEnabled: false, role: 'admin' });
    expect(ctx.sqlite.prepare('SELECT count(*) FROM accounts').pluck().get()).toBe(0);
    await callOk(ctx, 'auth.lock', {});
    expect((await dispatch('receptions.get', { id: secretId }, ctx)).ok).toBe(true);
  });
});
