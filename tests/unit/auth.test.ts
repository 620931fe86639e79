import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../db/audit';
import {
  createAccount,
  enableLock,
  hashPassword,
  lockNow,
  refreshSession,
  sessionStatus,
  unlock,
  updateAccount,
  updateLockSettings,
  verifyPassword,
} from '../../main/services/auth';
import { closeStation, type ServiceContext } from '../../main/services/context';
import { tempDir, openStationAt } from '../helpers/station';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A station as the app opens it ('web': the lock applies; the CLI acts as 管理员). */
async function open(dir: string): Promise<ServiceContext> {
  const ctx = await openStationAt(dir, 'web');
  cleanups.push(() => closeStation(ctx));
  return ctx;
}

async function station() {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  return { dir, ctx: await open(dir) };
}

const rejects = async (p: Promise<unknown>, code: string, message?: RegExp) => {
  const error = (await p.then(
    () => null,
    (e: unknown) => e,
  )) as { code?: string; message?: string } | null;
  expect(error?.code).toBe(code);
  if (message) expect(error?.message).toMatch(message);
};

describe('password hashing', () => {
  it('writes scrypt$N$r$p$salt$hash with N=2^15, r=8, p=1, a 16-byte salt and a 32-byte key', async () => {
    const hash = await hashPassword('lianluozhan2026');
    const [kind, N, r, p, salt, key] = hash.split('$');
    expect([kind, N, r, p]).toEqual(['scrypt', '32768', '8', '1']);
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64')).toHaveLength(32);
    // A fresh salt each time: the same password never hashes the same.
    expect(await hashPassword('lianluozhan2026')).not.toBe(hash);
    expect(await verifyPassword('lianluozhan2026', hash)).toBe(true);
    expect(await verifyPassword('lianluozhan2027', hash)).toBe(false);
    expect(await verifyPassword('lianluozhan2026', 'plain-text')).toBe(false);
    // A tampered cost must not make the check eat the machine's memory.
    expect(await verifyPassword('x', hash.replace('$32768$', '$1073741824$'))).toBe(false);
  });
});

describe('signing in', () => {
  it('turns the lock on with the first administrator, never storing the password or auditing the hash', async () => {
    const { ctx } = await station();
    expect((await sessionStatus(ctx)).lockEnabled).toBe(false);
    const status = await enableLock(ctx, { name: '王站长', password: 'wangzhanzhang1' });
    expect(status).toMatchObject({
      lockEnabled: true,
      locked: false,
      role: 'admin',
      user: { name: '王站长' },
    });
    expect(ctx.actor).toBe('王站长');
    const row = ctx.sqlite.prepare('SELECT password_hash FROM accounts').get() as { password_hash: string };
    expect(row.password_hash).toMatch(/^scrypt\$/);
    const audit = ctx.sqlite.prepare("SELECT actor, diff FROM audit_log WHERE entity = 'accounts'").all() as {
      diff: string;
    }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.diff).not.toContain('scrypt');
    expect(audit[0]!.diff).not.toContain('wangzhanzhang1');
    expect(verifyAuditChain(ctx.sqlite).ok).toBe(true);
    await rejects(enableLock(ctx, { name: '李四', password: 'lisi12345' }), 'INVALID_TRANSITION');
  });

  it('counts wrong passwords in the database: the fifth makes the account wait, also after a restart', async () => {
    const { dir, ctx } = await station();
    const { user } = await enableLock(ctx, { name: '王站长', password: 'wangzhanzhang1' });
    await lockNow(ctx);
    for (let i = 1; i <= 4; i++)
      await rejects(unlock(ctx, { userId: user!.id, password: `wrong-${i}` }), 'VALIDATION', /密码不对/);
    await rejects(unlock(ctx, { userId: user!.id, password: 'wrong-5' }), 'VALIDATION', /请等 30 秒/);
    await closeStation(ctx);
    cleanups.pop();

    const reopened = await open(dir);
    expect((await sessionStatus(reopened)).locked).toBe(true);
    expect((await sessionStatus(reopened)).accounts[0]!.retryAfterSeconds).toBeGreaterThan(25);
    // Even the right password waits until the time is up.
    await rejects(unlock(reopened, { userId: user!.id, password: 'wangzhanzhang1' }), 'VALIDATION', /请等/);
    reopened.sqlite.prepare('UPDATE accounts SET locked_until = ?').run('2000-01-01T00:00:00.000+08:00');
    const status = await unlock(reopened, { userId: user!.id, password: 'wangzhanzhang1' });
    expect(status).toMatchObject({ locked: false, user: { name: '王站长' } });
    const row = reopened.sqlite.prepare('SELECT failed_attempts, last_sign_in_at FROM accounts').get() as {
      failed_attempts: number;
      last_sign_in_at: string | null;
    };
    expect(row.failed_attempts).toBe(0);
    expect(row.last_sign_in_at).not.toBeNull();
  });

  it('expires the session when no call came for the idle time (and never when it is 0)', async () => {
    const { ctx } = await station();
    await enableLock(ctx, { name: '王站长', password: 'wangzhanzhang1' });
    await updateLockSettings(ctx, { idleMinutes: 5 });
    const start = ctx.session.lastCallAt;
    // Within the time (and its one minute of grace for the renderer's reports) it stays.
    expect(await refreshSession(ctx, start + 5 * 60_000)).toBe(false);
    expect(await refreshSession(ctx, start + 5 * 60_000 + 5 * 60_000 + 61_000)).toBe(true);
    expect(ctx.session.user).toBeNull();
    expect(ctx.session.role).toBe('clerk');

    const { accounts } = await sessionStatus(ctx);
    await unlock(ctx, { userId: accounts[0]!.id, password: 'wangzhanzhang1' });
    await updateLockSettings(ctx, { idleMinutes: 0 });
    expect(await refreshSession(ctx, Date.now() + 24 * 3600_000)).toBe(false);
  });

  it('keeps the last active administrator one, and signs out an account that was disabled', async () => {
    const { ctx } = await station();
    const { user } = await enableLock(ctx, { name: '王站长', password: 'wangzhanzhang1' });
    await rejects(
      updateAccount(ctx, { id: user!.id, role: 'clerk', disabled: false }),
      'INVALID_TRANSITION',
      /最后一位管理员/,
    );
    await rejects(
      updateAccount(ctx, { id: user!.id, role: 'admin', disabled: true }),
      'INVALID_TRANSITION',
      /最后一位管理员/,
    );
    const li = await createAccount(ctx, { name: '李文书', role: 'admin', password: 'liwenshu123' });
    await rejects(
      createAccount(ctx, { name: '李文书', role: 'clerk', password: 'liwenshu123' }),
      'VALIDATION',
      /已有名为/,
    );
    // With a second administrator the first may step down, and then the second is the last.
    expect(await updateAccount(ctx, { id: user!.id, role: 'clerk', disabled: false })).toMatchObject({
      role: 'clerk',
    });
    expect(ctx.session.role).toBe('clerk');
    await rejects(updateAccount(ctx, { id: li.id, role: 'admin', disabled: true }), 'INVALID_TRANSITION');
    await updateAccount(ctx, { id: user!.id, role: 'clerk', disabled: true });
    expect(ctx.session.user).toBeNull();
    const audit = ctx.sqlite
      .prepare("SELECT diff FROM audit_log WHERE entity = 'accounts' ORDER BY seq")
      .all() as {
      diff: string;
    }[];
    expect(audit.map((a) => JSON.parse(a.diff) as unknown)).toContainEqual({
      name: '王站长',
      disabled: { before: false, after: true },
    });
  });
});
