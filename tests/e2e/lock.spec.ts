import { expect, openSetUpStation, pickOption, SAMPLE_STATION, screenshot, test } from './fixtures';

// Each test gets its own station and server (fixtures.ts), so turning the lock on here does
// not reach the other spec files.

test('lock screen: an administrator turns it on, a clerk signs in with the keyboard, sees no admin actions, and idle locks', async ({
  page,
  station,
}) => {
  // A fake clock in the page (time still flows) so the idle timer can be fast-forwarded.
  await page.clock.install();
  await openSetUpStation(page, station);
  const nav = page.getByRole('navigation', { name: '主导航' });
  await nav.getByRole('link', { name: '设置', exact: true }).click();

  // 设置 → 登录与账户: turn the lock on with the first administrator.
  const card = page.getByTestId('accounts-card');
  await card.getByLabel('管理员姓名').fill('王站长');
  await card.getByLabel('密码', { exact: true }).fill('wangzhanzhang1');
  await card.getByLabel('再次输入密码').fill('wangzhanzhang1');
  const enabled = page.waitForResponse((r) => r.url().endsWith('/api/auth.enable'));
  await card.getByRole('button', { name: '启用登录锁定' }).click();
  expect(((await (await enabled).json()) as { ok: boolean }).ok).toBe(true);
  const header = page.getByTestId('header-user');
  await expect(header).toContainText('王站长（管理员）');

  // A clerk account, and a short idle time.
  await card.getByLabel('新账户姓名').fill('李文书');
  await card.getByLabel('初始密码').fill('liwenshu1234');
  const created = page.waitForResponse((r) => r.url().endsWith('/api/auth.createUser'));
  await card.getByRole('button', { name: '新增账户' }).click();
  await created;
  await expect(card.getByRole('cell', { name: '李文书', exact: true })).toBeVisible();
  const idleSaved = page.waitForResponse((r) => r.url().endsWith('/api/auth.updateSettings'));
  await pickOption(page, '自动锁定', '30 分钟', card);
  await idleSaved;
  await screenshot(page, 'lock-accounts-card');

  // 锁定: the lock screen with the station's name.
  await header.getByRole('button').click();
  const lock = page.getByTestId('lock-screen');
  await expect(lock).toBeVisible();
  await expect(lock.getByRole('heading', { name: SAMPLE_STATION.name })).toBeVisible();

  // Keyboard only: pick the name, a wrong password, then the right one.
  await lock.getByRole('radio', { name: /李文书/ }).focus();
  await page.keyboard.press('Enter');
  const password = lock.getByLabel('李文书的密码');
  await expect(password).toBeFocused();
  await page.keyboard.type('not-the-password');
  const refused = page.waitForResponse((r) => r.url().endsWith('/api/auth.unlock'));
  await page.keyboard.press('Enter');
  await refused;
  await expect(lock.locator('.ant-form-item-explain-error')).toContainText('密码不对，请重新输入');
  await screenshot(page, 'lock-wrong-password');
  await expect(password).toBeFocused();
  await page.keyboard.type('liwenshu1234');
  const signedIn = page.waitForResponse((r) => r.url().endsWith('/api/auth.unlock'));
  await page.keyboard.press('Enter');
  await signedIn;
  await expect(header).toContainText('李文书（工作人员）');

  // Administrator-only actions are not offered to a clerk.
  await nav.getByRole('link', { name: '代表名册', exact: true }).click();
  await expect(page.getByRole('heading', { name: '代表名册', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: /新增代表/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /导入名册/ })).toHaveCount(0);
  // Typed addresses of administrator pages say why instead of showing a form.
  await page.goto(`${station.server.url}#/roster/import`);
  await expect(page.getByTestId('admin-only')).toContainText('只有管理员可以导入名册');
  await nav.getByRole('link', { name: '设置', exact: true }).click();
  await expect(page.getByTestId('settings-station')).toBeVisible();
  await expect(page.getByRole('button', { name: /修改本站信息/ })).toHaveCount(0);
  await expect(card).toContainText('账户由管理员管理');
  await expect(card.getByRole('button', { name: '关闭登录锁定' })).toHaveCount(0);
  await screenshot(page, 'lock-clerk-settings');

  // No mouse or keyboard for longer than the idle time: the app locks itself.
  await page.clock.fastForward('30:30');
  await expect(lock).toBeVisible();
  expect((await station.rawApi('receptions.list', {})).ok).toBe(false);
});
