import { z } from 'zod';
import { mutation, noInput, pick, query, text, uuid } from './contract-kit';

// 登录与权限: the optional lock screen. With no accounts the station is open (everyone acts as
// 管理员, as before); once an administrator account exists the app starts locked and every call
// except the ones in UNLOCKED_CALLS needs a signed-in user.

export const USER_ROLES = ['admin', 'clerk'] as const;
export type UserRole = (typeof USER_ROLES)[number];
export const ROLE_LABELS: Record<UserRole, string> = { admin: '管理员', clerk: '工作人员' };

/** Idle minutes before the app locks itself; 0 = never. */
export const IDLE_MINUTES_CHOICES = [0, 5, 10, 15, 30, 60] as const;
export const DEFAULT_IDLE_MINUTES = 10;

const password = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .min(1, `请填写${label}`)
    .max(128, `${label}不能超过128个字符`)
    .describe(label);

/** A new password: long enough that a colleague cannot guess it in a few tries. */
const newPassword = (label: string) =>
  password(label)
    .min(8, `${label}至少8位，建议用一句好记的话的拼音首字母加数字`)
    .refine((v) => v.trim().length === v.length, `${label}前后不能有空格`);

const userName = text('姓名', { max: 20 });

export const signedInUser = z.object({ id: z.string(), name: z.string(), role: z.enum(USER_ROLES) });
export type SignedInUser = z.infer<typeof signedInUser>;

export const sessionInfo = z.object({
  /** True once an administrator account exists. */
  lockEnabled: z.boolean(),
  /** True when lockEnabled and nobody is signed in: show the lock screen. */
  locked: z.boolean(),
  /** Who is signed in; null when locked or when the lock is off. */
  user: signedInUser.nullable(),
  /** The role the UI should show: the user's, or 'admin' when the lock is off. */
  role: z.enum(USER_ROLES),
  idleMinutes: z.number().int(),
  /**
   * Active accounts' names for the lock screen's picker (no other details), each with the
   * seconds to wait after too many wrong passwords (0 = may try now).
   */
  accounts: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      role: z.enum(USER_ROLES),
      retryAfterSeconds: z.number().int(),
    }),
  ),
});
export type SessionInfo = z.infer<typeof sessionInfo>;

export const userAccount = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(USER_ROLES),
  disabled: z.boolean(),
  createdAt: z.string(),
  lastSignInAt: z.string().nullable(),
});
export type UserAccount = z.infer<typeof userAccount>;

export const authCalls = {
  /** Lock state, who is signed in, the idle timeout, and the names to pick from when locked. */
  'auth.status': query(noInput, sessionInfo, '登录状态'),
  /** Signs in (unlocks). Wrong passwords are counted; after 5 the account waits 30 seconds. */
  'auth.unlock': query(
    z.object({ userId: uuid('账户'), password: password('密码') }).strict(),
    sessionInfo,
    '登录',
  ),
  /** Locks now (the 锁定 button, the idle timer). */
  'auth.lock': query(noInput, sessionInfo, '锁定'),
  /** Turns the lock on: creates the first administrator and signs them in. Only while it is off. */
  'auth.enable': mutation(
    z.object({ name: userName, password: newPassword('密码') }).strict(),
    sessionInfo,
    '启用登录锁定',
  ),
  /** Turns the lock off again (removes every account); the administrator confirms with their password. */
  'auth.disable': mutation(
    z.object({ password: password('当前密码') }).strict(),
    sessionInfo,
    '关闭登录锁定',
  ),
  /** Every account (administrators only). */
  'auth.users': query(noInput, z.array(userAccount), '查看账户列表'),
  'auth.createUser': mutation(
    z.object({ name: userName, role: pick('角色', USER_ROLES), password: newPassword('初始密码') }).strict(),
    userAccount,
    '新增账户',
  ),
  /** Changes an account's role or disables it; the last active administrator cannot be demoted or disabled. */
  'auth.updateUser': mutation(
    z.object({ id: uuid('账户'), role: pick('角色', USER_ROLES), disabled: z.boolean() }).strict(),
    userAccount,
    '修改账户',
  ),
  /** Own password (with the current one), or an administrator resets someone else's (no current one needed). */
  'auth.setPassword': mutation(
    z
      .object({
        id: uuid('账户'),
        currentPassword: password('当前密码').optional(),
        newPassword: newPassword('新密码'),
      })
      .strict(),
    userAccount,
    '修改密码',
  ),
  'auth.updateSettings': mutation(
    z
      .object({
        idleMinutes: z
          .number({ error: '请选择自动锁定时间' })
          .int()
          .refine(
            (v) => (IDLE_MINUTES_CHOICES as readonly number[]).includes(v),
            '请从列表中选择自动锁定时间',
          )
          .describe('自动锁定'),
      })
      .strict(),
    sessionInfo,
    '修改自动锁定时间',
  ),
} as const;
