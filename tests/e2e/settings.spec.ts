import { expect, formItem, openSetUpStation, SAMPLE_STATION, screenshot, test } from './fixtures';

test('settings: the administrator edits the phone, home shows it, the audit log records it and verifies', async ({
  page,
  station,
}) => {
  await openSetUpStation(page, station);
  const nav = page.getByRole('navigation', { name: '主导航' });
  await nav.getByRole('link', { name: '设置', exact: true }).click();
  await expect(page.getByRole('heading', { name: '设置', level: 1 })).toBeVisible();

  // The signing key, as the service has it.
  const { signingKey } = await station.api('station.get', {});
  const keyCard = page.getByTestId('settings-key');
  await expect(keyCard.getByTestId('key-id')).toHaveText(signingKey!.keyId);
  await expect(keyCard.getByTestId('key-fingerprint')).toHaveText(signingKey!.fingerprint);
  await expect(keyCard).toContainText('文件');
  await expect(keyCard.getByTestId('public-key')).toHaveText(signingKey!.publicKey.trim());

  // Copy the public key to the clipboard.
  await page
    .context()
    .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: station.server.url });
  await keyCard.getByRole('button', { name: '复制公钥' }).click();
  await expect(page.getByText('公钥已复制')).toBeVisible();
  const copied = await page.evaluate(() =>
    (
      globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
    ).navigator.clipboard.readText(),
  );
  expect(copied).toBe(signingKey!.publicKey);

  // Edit the phone: a wrong value first, then the right one.
  const stationCard = page.getByTestId('settings-station');
  await stationCard.getByRole('button', { name: '修改本站信息' }).click();
  const phone = page.getByLabel('联系电话');
  await expect(page.getByLabel('站点编码', { exact: true })).toBeFocused();
  await phone.fill('');
  await phone.pressSequentially('请拨打总机');
  await stationCard.getByRole('button', { name: '保存' }).click();
  await expect(formItem(page, '联系电话').locator('.ant-form-item-explain-error')).toHaveText(
    '联系电话只能包含数字、空格、括号和短横线，例如 0571-88886666',
  );
  expect((await station.api('station.get', {})).station!.phone).toBe(SAMPLE_STATION.phone);
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 15_000 });
  await screenshot(page, 'settings-edit-error');

  const newPhone = '0571-87654321';
  await phone.fill('');
  await phone.pressSequentially(newPhone);
  await stationCard.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('本站信息已保存')).toBeVisible();
  await expect(stationCard.locator('[data-field="phone"]')).toHaveText(newPhone);
  expect((await station.api('station.get', {})).station!.phone).toBe(newPhone);

  // The audit log: newest first, the update on top, in words.
  const audit = page.getByTestId('settings-audit');
  const firstRow = audit.locator('tbody tr').first();
  await expect(firstRow).toContainText('修改本站信息');
  await expect(firstRow).toContainText(`联系电话：${SAMPLE_STATION.phone} → ${newPhone}`);
  await expect(firstRow).toContainText('管理员');
  await expect(audit.locator('tbody tr')).toHaveCount(3);
  await expect(audit).toContainText('生成本站签名密钥');

  await audit.getByRole('button', { name: '校验操作记录' }).click();
  const verdict = audit.getByTestId('audit-verify-result');
  await expect(verdict).toContainText('操作记录完整');
  await expect(verdict).toContainText('共 3 条记录');
  // Let the toasts go, so the picture shows the page itself.
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 15_000 });
  await screenshot(page, 'settings');

  // Home shows the new phone.
  await nav.getByRole('link', { name: '工作台', exact: true }).click();
  await expect(page.getByTestId('home-station').locator('[data-field="phone"]')).toHaveText(newPhone);
});

test('settings: the audit log pages back and forth', async ({ page, station }) => {
  await station.api('station.setup', SAMPLE_STATION);
  // 2 entries from the set-up (station, signing key), 25 more from edits: 27 in all, 20 a page.
  for (let i = 0; i < 25; i++) {
    await station.api('station.update', {
      ...SAMPLE_STATION,
      phone: `0571-880000${String(i).padStart(2, '0')}`,
    });
  }
  await page.goto(`${station.openUrl}`);
  await page
    .getByRole('navigation', { name: '主导航' })
    .getByRole('link', { name: '设置', exact: true })
    .click();
  const audit = page.getByTestId('settings-audit');
  const rows = audit.locator('tbody tr');
  await expect(rows).toHaveCount(20);
  await expect(rows.first()).toContainText('修改本站信息');
  await expect(rows.first().locator('td').first()).toHaveText('27');
  await expect(audit).toContainText('第 8–27 条，共 27 条');
  await expect(audit.getByRole('button', { name: '较新的记录' })).toBeDisabled();

  await audit.getByRole('button', { name: '更早的记录' }).click();
  await expect(audit).toContainText('第 1–7 条，共 27 条');
  await expect(rows).toHaveCount(7);
  await expect(rows.last()).toContainText('新增本站信息');
  await expect(audit.getByRole('button', { name: '更早的记录' })).toBeDisabled();

  await audit.getByRole('button', { name: '较新的记录' }).click();
  await expect(audit).toContainText('第 8–27 条，共 27 条');
});
