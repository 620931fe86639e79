import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Transaction } from 'kysely';
import { appendAudit } from '../../db/audit';
import { uuidv7 } from '../../db/ids';
import type { AccountTable, DB } from '../../db/schema';
import type { WriteMeta } from '../../db/changes';
import {
  DEFAULT_IDLE_MINUTES,
  type SessionInfo,
  type UserAccount,
  type UserRole,
} from '../api/contract-auth';
import { ErrorCode, StationError } from '../api/errors';
import { nowAt, writeTransaction, type ServiceContext } from './context';
import { readSetting, writeSetting } from './settings';

/**
 * 登录与权限: the optional lock screen. Accounts live in the local `accounts` table (never
 * synced); the session lives on the ServiceContext (one app process = one PC = one person at
 * a time, see context.ts). While no active administrator exists the lock is off and every call
 * runs as 管理员, as before.
 */

// --- Passwords ---------------------------------------------------------------------------

const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** scrypt needs 128·N·r bytes (32 MiB here); Node's default cap is exactly that, so allow double. */
const MAX_MEM = 128 * SCRYPT.N * SCRYPT.r * 2;

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFC'), salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$saltB64$hashB64`; async so a sign-in does not stall other calls. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, KEY_BYTES, { ...SCRYPT, maxmem: MAX_MEM });
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** True when `password` matches the stored hash; false for a wrong password or an unreadable hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  // Only parameters this program could have written (a tampered row must not exhaust memory).
  if (!(N >= 2 ** 10 && N <= 2 ** 20 && r >= 1 && r <= 16 && p >= 1 && p <= 4)) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (salt.length < 8 || expected.length < 16) return false;
  const key = await scrypt(password, salt, expected.length, { N, r, p, maxmem: 256 * N * r });
  return timingSafeEqual(key, expected);
}

// --- Rules -------------------------------------------------------------------------------

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_SECONDS = 30;
export const LOCK_SETTING_KEY = 'lock';
/** The renderer reports activity at most once a minute, so the server allows a minute more. */
const IDLE_GRACE_MS = 60_000;

const NOT_FOUND = '找不到这个账户，可能已被删除。请刷新后重新选择。';

/** True once an active administrator exists: from then on the app starts locked. */
export function lockEnabled(ctx: ServiceContext): boolean {
  return !!activeAdmin(ctx.sqlite).get();
}

/** Asked before every call (router.ts): prepared once per connection (a restore opens a new one). */
const activeAdminStatements = new WeakMap<Database.Database, Database.Statement>();
function activeAdmin(sqlite: Database.Database): Database.Statement {
  let statement = activeAdminStatements.get(sqlite);
  if (!statement) {
    statement = sqlite.prepare("SELECT 1 FROM accounts WHERE role = 'admin' AND disabled_at IS NULL LIMIT 1");
    activeAdminStatements.set(sqlite, statement);
  }
  return statement;
}

export async function idleMinutes(ctx: ServiceContext): Promise<number> {
  const stored = await readSetting<{ idleMinutes?: unknown }>(ctx, LOCK_SETTING_KEY, {});
  return typeof stored.idleMinutes === 'number' ? stored.idleMinutes : DEFAULT_IDLE_MINUTES;
}

/** Administrators see confidential receptions (要求保密); clerks do not. */
export function seesConfidential(ctx: ServiceContext): boolean {
  return ctx.session.role === 'admin';
}

/** Nobody signed in: while the lock is on that is a locked app; off (or the CLI), 管理员. */
function signOut(ctx: ServiceContext, locked = ctx.mode !== 'cli' && lockEnabled(ctx)): void {
  ctx.session.user = null;
  ctx.session.role = locked ? 'clerk' : 'admin';
  ctx.actor = '管理员';
}

function signInAs(ctx: ServiceContext, row: Pick<AccountTable, 'id' | 'name' | 'role'>, now: number): void {
  ctx.session.user = { id: row.id, name: row.name, role: row.role };
  ctx.session.role = row.role;
  ctx.session.lastCallAt = now;
  ctx.actor = row.name;
}

/**
 * Brings the session up to date before a call (router.ts): the lock may have been turned on or
 * off, the account disabled or its role changed (also by `station-desk users` from outside),
 * or no call came for longer than the idle time. Returns true when the call must wait for a
 * sign-in. A call that goes through counts as activity.
 */
export async function refreshSession(ctx: ServiceContext, now = Date.now()): Promise<boolean> {
  // A command-line user already holds the data folder, which is all the lock could guard:
  // the CLI acts as 管理员 (and `station-desk users` is how a forgotten password is recovered).
  if (ctx.mode === 'cli' || !lockEnabled(ctx)) {
    signOut(ctx, false);
    return false;
  }
  const user = ctx.session.user;
  if (user) {
    const row = await ctx.db
      .selectFrom('accounts')
      .select(['name', 'role', 'disabled_at'])
      .where('id', '=', user.id)
      .executeTakeFirst();
    const idle = await idleMinutes(ctx);
    const expired = idle > 0 && now - ctx.session.lastCallAt > idle * 60_000 + IDLE_GRACE_MS;
    if (!row || row.disabled_at || expired) signOut(ctx, true);
    else signInAs(ctx, { id: user.id, name: row.name, role: row.role }, now);
  } else {
    signOut(ctx, true);
  }
  return ctx.session.user === null;
}

// --- Reading -----------------------------------------------------------------------------

const secondsLeft = (lockedUntil: string | null, now: number) =>
  lockedUntil ? Math.max(0, Math.ceil((Date.parse(lockedUntil) - now) / 1000)) : 0;

export async function sessionStatus(ctx: ServiceContext): Promise<SessionInfo> {
  const enabled = lockEnabled(ctx);
  const now = Date.now();
  const accounts = enabled
    ? await ctx.db
        .selectFrom('accounts')
        .select(['id', 'name', 'role', 'locked_until'])
        .where('disabled_at', 'is', null)
        .orderBy('role') // admin before clerk
        .orderBy('name')
        .execute()
    : [];
  return {
    lockEnabled: enabled,
    locked: enabled && !ctx.session.user,
    user: enabled ? ctx.session.user : null,
    role: enabled ? (ctx.session.user?.role ?? 'clerk') : 'admin',
    idleMinutes: await idleMinutes(ctx),
    accounts: accounts.map((a) => ({
      id: a.id,
      name: a.name,
      role: a.role,
      retryAfterSeconds: secondsLeft(a.locked_until, now),
    })),
  };
}

const toAccount = (row: AccountTable): UserAccount => ({
  id: row.id,
  name: row.name,
  role: row.role,
  disabled: row.disabled_at !== null,
  createdAt: row.created_at,
  lastSignInAt: row.last_sign_in_at,
});

export async function listAccounts(ctx: ServiceContext): Promise<UserAccount[]> {
  const rows = await ctx.db
    .selectFrom('accounts')
    .selectAll()
    .orderBy(({ eb }) => eb('disabled_at', 'is not', null))
    .orderBy('role')
    .orderBy('name')
    .execute();
  return rows.map(toAccount);
}

async function loadAccount(db: ServiceContext['db'] | Transaction<DB>, id: string): Promise<AccountTable> {
  const row = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new StationError(ErrorCode.notFound, NOT_FOUND, 'id');
  return row;
}

/** The account in use with this name, for the CLI (`users reset-password --name 张三`). */
export async function findAccountByName(ctx: ServiceContext, name: string): Promise<AccountTable> {
  const row = await ctx.db
    .selectFrom('accounts')
    .selectAll()
    .where('name', '=', name)
    .orderBy(({ eb }) => eb('disabled_at', 'is not', null))
    .orderBy('updated_at', 'desc')
    .executeTakeFirst();
  if (!row) throw new StationError(ErrorCode.notFound, `没有名为“${name}”的账户。`, 'name');
  return row;
}

// --- Signing in --------------------------------------------------------------------------

/**
 * Checks a password for an account, counting wrong ones in the database (a restart does not
 * reset them): after MAX_FAILED_ATTEMPTS the account waits LOCKOUT_SECONDS.
 */
async function checkPassword(
  ctx: ServiceContext,
  row: AccountTable,
  password: string,
  field: string,
): Promise<void> {
  const now = Date.now();
  const wait = secondsLeft(row.locked_until, now);
  if (wait > 0)
    throw new StationError(ErrorCode.validation, `密码错误次数过多，请等 ${wait} 秒后再试。`, field);
  if (await verifyPassword(password, row.password_hash)) {
    await ctx.db
      .updateTable('accounts')
      .set({ failed_attempts: 0, locked_until: null })
      .where('id', '=', row.id)
      .execute();
    return;
  }
  // Counted in one statement, so tries made at the same time are all counted.
  const { failed_attempts } = await ctx.db
    .updateTable('accounts')
    .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
    .where('id', '=', row.id)
    .returning('failed_attempts')
    .executeTakeFirstOrThrow();
  if (failed_attempts >= MAX_FAILED_ATTEMPTS) {
    await ctx.db
      .updateTable('accounts')
      .set({ failed_attempts: 0, locked_until: nowAt(ctx, new Date(now + LOCKOUT_SECONDS * 1000)) })
      .where('id', '=', row.id)
      .execute();
    throw new StationError(
      ErrorCode.validation,
      `密码连续输错 ${MAX_FAILED_ATTEMPTS} 次，请等 ${LOCKOUT_SECONDS} 秒后再试。`,
      field,
    );
  }
  throw new StationError(
    ErrorCode.validation,
    `密码不对，请重新输入（再错 ${MAX_FAILED_ATTEMPTS - failed_attempts} 次需等待 ${LOCKOUT_SECONDS} 秒）。`,
    field,
  );
}

export async function unlock(
  ctx: ServiceContext,
  input: { userId: string; password: string },
): Promise<SessionInfo> {
  const row = await ctx.db
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', input.userId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new StationError(ErrorCode.notFound, NOT_FOUND, 'userId');
  await checkPassword(ctx, row, input.password, 'password');
  await ctx.db
    .updateTable('accounts')
    .set({ last_sign_in_at: nowAt(ctx) })
    .where('id', '=', row.id)
    .execute();
  signInAs(ctx, row, Date.now());
  return sessionStatus(ctx);
}

export function lockNow(ctx: ServiceContext): Promise<SessionInfo> {
  signOut(ctx);
  return sessionStatus(ctx);
}

// --- Managing accounts -------------------------------------------------------------------

/** Audits an account change: who did what to whom; never the password hash. */
function auditAccount(
  trx: Transaction<DB>,
  meta: WriteMeta,
  action: string,
  id: string,
  diff: Record<string, unknown>,
): Promise<void> {
  return appendAudit(trx, { actor: meta.actor, action, entity: 'accounts', entityId: id, diff }, meta.at);
}

async function assertNameFree(trx: Transaction<DB>, name: string, exceptId?: string): Promise<void> {
  let q = trx.selectFrom('accounts').select('id').where('name', '=', name).where('disabled_at', 'is', null);
  if (exceptId) q = q.where('id', '<>', exceptId);
  if (await q.executeTakeFirst())
    throw new StationError(
      ErrorCode.validation,
      `已有名为“${name}”的账户，请换一个名字（可加上部门或编号区分）。`,
      'name',
    );
}

async function insertAccount(
  ctx: ServiceContext,
  input: { name: string; role: UserRole; password: string },
): Promise<AccountTable> {
  const passwordHash = await hashPassword(input.password);
  return writeTransaction(ctx, async (trx, meta) => {
    await assertNameFree(trx, input.name);
    const row: AccountTable = {
      id: uuidv7(),
      name: input.name,
      role: input.role,
      password_hash: passwordHash,
      created_at: meta.at,
      updated_at: meta.at,
      disabled_at: null,
      last_sign_in_at: null,
      failed_attempts: 0,
      locked_until: null,
    };
    await trx.insertInto('accounts').values(row).execute();
    await auditAccount(trx, meta, 'create', row.id, { after: { name: row.name, role: row.role } });
    return row;
  });
}

/** Turns the lock on with the first administrator, who is then signed in. */
export async function enableLock(
  ctx: ServiceContext,
  input: { name: string; password: string },
): Promise<SessionInfo> {
  if (lockEnabled(ctx))
    throw new StationError(ErrorCode.invalidTransition, '登录锁定已经启用，请在账户列表中新增账户。');
  const row = await insertAccount(ctx, { ...input, role: 'admin' });
  signInAs(ctx, row, Date.now());
  return sessionStatus(ctx);
}

/** Turns the lock off: the signed-in administrator confirms with their password; every account goes. */
export async function disableLock(ctx: ServiceContext, input: { password: string }): Promise<SessionInfo> {
  const user = ctx.session.user;
  if (!lockEnabled(ctx) || !user) throw new StationError(ErrorCode.invalidTransition, '登录锁定没有启用。');
  await checkPassword(ctx, await loadAccount(ctx.db, user.id), input.password, 'password');
  await writeTransaction(ctx, async (trx, meta) => {
    const rows = await trx.selectFrom('accounts').select(['id', 'name', 'role']).execute();
    await trx.deleteFrom('accounts').execute();
    for (const r of rows)
      await auditAccount(trx, meta, 'delete', r.id, { before: { name: r.name, role: r.role } });
  });
  signOut(ctx);
  return sessionStatus(ctx);
}

export async function createAccount(
  ctx: ServiceContext,
  input: { name: string; role: UserRole; password: string },
): Promise<UserAccount> {
  // The first account is an administrator (that turns the lock on); a clerk needs one to exist.
  if (input.role === 'clerk' && !lockEnabled(ctx))
    throw new StationError(
      ErrorCode.invalidTransition,
      '请先启用登录锁定（设置第一个管理员），再添加工作人员。',
      'role',
    );
  return toAccount(await insertAccount(ctx, input));
}

/** Another active administrator besides `id`? */
async function otherAdminExists(trx: Transaction<DB>, id: string): Promise<boolean> {
  return !!(await trx
    .selectFrom('accounts')
    .select('id')
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .where('id', '<>', id)
    .executeTakeFirst());
}

/** Changes an account's role or disables it; the last active administrator stays one. */
export async function updateAccount(
  ctx: ServiceContext,
  input: { id: string; role: UserRole; disabled: boolean },
): Promise<UserAccount> {
  const row = await writeTransaction(ctx, async (trx, meta) => {
    const before = await loadAccount(trx, input.id);
    const wasDisabled = before.disabled_at !== null;
    const stillAdmin = input.role === 'admin' && !input.disabled;
    if (before.role === 'admin' && !wasDisabled && !stillAdmin && !(await otherAdminExists(trx, before.id)))
      throw new StationError(
        ErrorCode.invalidTransition,
        `“${before.name}”是最后一位管理员，不能改为工作人员或停用。请先把另一位同事设为管理员。`,
        input.disabled ? 'disabled' : 'role',
      );
    if (wasDisabled && !input.disabled) await assertNameFree(trx, before.name, before.id);
    const diff: Record<string, { before: unknown; after: unknown }> = {};
    if (before.role !== input.role) diff.role = { before: before.role, after: input.role };
    if (wasDisabled !== input.disabled) diff.disabled = { before: wasDisabled, after: input.disabled };
    if (Object.keys(diff).length === 0) return before;
    const after: AccountTable = {
      ...before,
      role: input.role,
      disabled_at: input.disabled ? (before.disabled_at ?? meta.at) : null,
      updated_at: meta.at,
    };
    await trx
      .updateTable('accounts')
      .set({ role: after.role, disabled_at: after.disabled_at, updated_at: after.updated_at })
      .where('id', '=', before.id)
      .execute();
    await auditAccount(trx, meta, 'update', before.id, { name: before.name, ...diff });
    return after;
  });
  // Changing oneself takes effect now: a disabled account is signed out.
  if (ctx.session.user?.id === row.id) {
    if (row.disabled_at) signOut(ctx);
    else signInAs(ctx, row, Date.now());
  }
  return toAccount(row);
}

/** One's own password (with the current one), or an administrator resets someone else's. */
export async function setPassword(
  ctx: ServiceContext,
  input: { id: string; currentPassword?: string | undefined; newPassword: string },
): Promise<UserAccount> {
  const target = await loadAccount(ctx.db, input.id);
  const own = ctx.session.user?.id === target.id;
  if (own) {
    if (input.currentPassword === undefined)
      throw new StationError(ErrorCode.validation, '请填写当前密码', 'currentPassword');
    await checkPassword(ctx, target, input.currentPassword, 'currentPassword');
  } else if (ctx.session.role !== 'admin') {
    throw new StationError(ErrorCode.forbidden, '只有管理员可以重设别人的密码。请让管理员登录后操作。');
  }
  const passwordHash = await hashPassword(input.newPassword);
  const row = await writeTransaction(ctx, async (trx, meta) => {
    await trx
      .updateTable('accounts')
      .set({ password_hash: passwordHash, failed_attempts: 0, locked_until: null, updated_at: meta.at })
      .where('id', '=', target.id)
      .execute();
    await auditAccount(trx, meta, 'update', target.id, {
      name: target.name,
      password: own ? '本人修改' : '管理员重设',
    });
    return { ...target, updated_at: meta.at };
  });
  return toAccount(row);
}

export async function updateLockSettings(
  ctx: ServiceContext,
  input: { idleMinutes: number },
): Promise<SessionInfo> {
  await writeTransaction(ctx, (trx, meta) =>
    writeSetting(trx, LOCK_SETTING_KEY, { idleMinutes: input.idleMinutes }, meta),
  );
  return sessionStatus(ctx);
}
