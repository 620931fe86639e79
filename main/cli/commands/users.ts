import type { CallName } from '../../api/contract';
import { ROLE_LABELS, USER_ROLES, type UserAccount, type UserRole } from '../../api/contract-auth';
import { StationError } from '../../api/errors';
import { dispatch } from '../../api/router';
import { findAccountByName } from '../../services/auth';
import type { ServiceContext } from '../../services/context';
import { EXIT_OK, UsageError, reportFailure, requireString, type Command } from '../command';
import { withStation } from '../station';

const SUBCOMMANDS = ['list', 'add', 'reset-password', 'disable'] as const;

/** The new password: --password, else STATION_DESK_PASSWORD (keeps it out of the shell history). */
function newPassword(values: Record<string, unknown>): string {
  const given = typeof values.password === 'string' ? values.password : process.env.STATION_DESK_PASSWORD;
  if (!given) throw new UsageError('missing --password (or set STATION_DESK_PASSWORD)');
  return given;
}

async function call<T>(ctx: ServiceContext, name: CallName, input: unknown): Promise<T> {
  const result = await dispatch(name, input, ctx);
  if (!result.ok) throw new StationError(result.error.code, result.error.message, result.error.field);
  return result.value as T;
}

const line = (a: UserAccount) =>
  `${a.name}\t${ROLE_LABELS[a.role]}\t${a.disabled ? '已停用' : '在用'}\t最近登录：${a.lastSignInAt ?? '从未'}`;

/**
 * The lock screen's accounts from the command line: whoever can open the PC's data folder can
 * already read everything in it, so this is how an administrator who forgot the password gets
 * back in (reset-password, or add another administrator).
 */
export const usersCommand: Command = {
  name: 'users',
  summary: "the lock screen's accounts: list, add, reset a forgotten password, disable",
  usage: [
    'station-desk users list --data DIR [--json]',
    'station-desk users add --data DIR --name NAME --role admin|clerk [--password P]',
    'station-desk users reset-password --data DIR --name NAME [--password P]',
    'station-desk users disable --data DIR --name NAME',
    'The password comes from --password or the STATION_DESK_PASSWORD environment variable.',
  ].join('\n'),
  options: {
    data: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    password: { type: 'string' },
  },
  async run(values, positionals, io) {
    const sub = positionals[0] as (typeof SUBCOMMANDS)[number];
    if (!SUBCOMMANDS.includes(sub))
      throw new UsageError(`expected a subcommand: users ${SUBCOMMANDS.join('|')}`);
    const dataDir = requireString(values, 'data');
    const name = sub === 'list' ? '' : requireString(values, 'name').trim();
    const role = values.role as UserRole;
    if (sub === 'add' && !USER_ROLES.includes(role)) throw new UsageError('--role must be admin or clerk');
    const password = sub === 'add' || sub === 'reset-password' ? newPassword(values) : '';
    try {
      const out = await withStation(dataDir, { create: false }, async (ctx) => {
        if (sub === 'list') {
          const accounts = await call<UserAccount[]>(ctx, 'auth.users', {});
          const human = accounts.length
            ? accounts.map(line).join('\n')
            : '没有账户：登录锁定没有启用，打开程序的人都按管理员操作。';
          return { value: accounts, human };
        }
        if (sub === 'add') {
          const account = await call<UserAccount>(ctx, 'auth.createUser', { name, role, password });
          return { value: account, human: `已新增账户：${account.name}（${ROLE_LABELS[account.role]}）。` };
        }
        const target = await findAccountByName(ctx, name);
        if (sub === 'reset-password') {
          const account = await call<UserAccount>(ctx, 'auth.setPassword', {
            id: target.id,
            newPassword: password,
          });
          return {
            value: account,
            human: `已重设“${account.name}”的密码，并清除了输错密码的等待。请用新密码登录后尽快自行修改。`,
          };
        }
        const account = await call<UserAccount>(ctx, 'auth.updateUser', {
          id: target.id,
          role: target.role,
          disabled: true,
        });
        return { value: account, human: `已停用账户：${account.name}。` };
      });
      io.result(out.value, out.human);
      return EXIT_OK;
    } catch (error) {
      if (error instanceof StationError) return reportFailure(io, error);
      throw error;
    }
  },
};
