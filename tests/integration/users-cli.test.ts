import { afterEach, describe, expect, it } from 'vitest';
import { unlock } from '../../main/services/auth';
import { closeStation, openStation } from '../../main/services/context';
import { fileKeyStore } from '../../main/services/key-store';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/station';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
  delete process.env.STATION_DESK_PASSWORD;
});

const open = (dir: string) =>
  openStation(dir, { keyStore: fileKeyStore(dir), mode: 'web', appVersion: 'test', checkIntegrity: false });

describe('station-desk users', () => {
  it('lets whoever holds the data folder add an administrator, reset a forgotten password and list accounts', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    await closeStation(await open(dir));

    const added = cli(
      'users',
      'add',
      '--data',
      dir,
      '--name',
      '王站长',
      '--role',
      'admin',
      '--password',
      'first-pass-1',
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('已新增账户：王站长（管理员）');

    // Locked out after wrong tries, then the password is forgotten: reset from the command line.
    const ctx = await open(dir);
    ctx.sqlite
      .prepare("UPDATE accounts SET failed_attempts = 0, locked_until = '2999-01-01T00:00:00.000+08:00'")
      .run();
    await closeStation(ctx);
    process.env.STATION_DESK_PASSWORD = 'second-pass-2';
    const reset = cli('users', 'reset-password', '--data', dir, '--name', '王站长');
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toContain('已重设“王站长”的密码');
    expect(reset.stdout).not.toContain('second-pass-2');

    const again = await open(dir);
    try {
      const id = again.sqlite.prepare('SELECT id FROM accounts').pluck().get() as string;
      await expect(unlock(again, { userId: id, password: 'first-pass-1' })).rejects.toThrow(/密码不对/);
      expect((await unlock(again, { userId: id, password: 'second-pass-2' })).user?.name).toBe('王站长');
    } finally {
      await closeStation(again);
    }

    const list = cli('users', 'list', '--data', dir, '--json');
    expect(list.code).toBe(0);
    const accounts = JSON.parse(list.stdout) as { name: string; role: string; disabled: boolean }[];
    expect(accounts).toEqual([expect.objectContaining({ name: '王站长', role: 'admin', disabled: false })]);
    expect(list.stdout).not.toContain('scrypt');
  }, 60_000);

  it('keeps the last administrator and refuses a missing password or role', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    await closeStation(await open(dir));
    expect(
      cli('users', 'add', '--data', dir, '--name', '李文书', '--role', 'clerk', '--password', 'clerk-pass-1')
        .stderr,
    ).toContain('请先启用登录锁定');
    expect(
      cli('users', 'add', '--data', dir, '--name', '王站长', '--role', 'admin', '--password', 'first-pass-1')
        .code,
    ).toBe(0);
    const disable = cli('users', 'disable', '--data', dir, '--name', '王站长');
    expect(disable.code).toBe(1);
    expect(disable.stderr).toContain('最后一位管理员');
    expect(cli('users', 'add', '--data', dir, '--name', '李文书', '--role', 'clerk').code).toBe(2);
    expect(
      cli('users', 'add', '--data', dir, '--name', '李文书', '--role', 'boss', '--password', 'x-pass-123')
        .code,
    ).toBe(2);
    expect(
      cli('users', 'add', '--data', dir, '--name', '李文书', '--role', 'clerk', '--password', 'short').stderr,
    ).toContain('至少8位');
  }, 60_000);
});
