import type { Page } from '@playwright/test';
import { expect, openSetUpStation, SAMPLE_STATION, screenshot, test } from './fixtures';

const response = (page: Page, name: string) =>
  page.waitForResponse((r) => r.url().endsWith(`/api/${name}`) && r.request().method() === 'POST');

test('backup: make a backup, see it listed, change something, restore it, the change is gone', async ({
  page,
  station,
}) => {
  await openSetUpStation(page, station);
  await page
    .getByRole('navigation', { name: '主导航' })
    .getByRole('link', { name: '设置', exact: true })
    .click();
  const card = page.getByTestId('settings-backup');
  await expect(card.getByTestId('backup-list')).toContainText('还没有备份');
  await expect(card.getByTestId('backup-settings')).toContainText('每天自动备份');

  const made = response(page, 'backup.create');
  await card.getByRole('button', { name: '立即备份' }).click();
  expect((await (await made).json()) as { ok: boolean }).toMatchObject({ ok: true });
  const list = card.getByTestId('backup-list');
  await expect(list.locator('tbody tr')).toHaveCount(1);
  await expect(list).toContainText('手动备份');
  await expect(list).toContainText(/LHX-001-\d{8}-\d{6}\.db/);

  // A change after the backup.
  const changedPhone = '0571-12345678';
  await station.api('station.update', { ...SAMPLE_STATION, phone: changedPhone });
  await page.reload();
  await expect(page.getByTestId('settings-station')).toContainText(changedPhone);

  // Restore: the check shows what the file holds and what will happen, then the confirmation.
  const checked = response(page, 'backup.check');
  await card.getByTestId('backup-list').getByRole('button', { name: '恢复…' }).click();
  await checked;
  const dialog = page.getByRole('dialog', { name: '从备份恢复' });
  const check = dialog.getByTestId('backup-check');
  await expect(check).toContainText(`${SAMPLE_STATION.name}（${SAMPLE_STATION.code}）`);
  await expect(check).toContainText('恢复后，本站现在的全部数据将被这个备份替换');
  await screenshot(page, 'backup-restore-check');

  const restored = response(page, 'backup.restore');
  await dialog.getByRole('button', { name: '确定恢复' }).click();
  expect((await (await restored).json()) as { ok: boolean }).toMatchObject({ ok: true });
  await expect(dialog.getByTestId('restore-done')).toContainText('恢复前的数据文件留存为');
  await screenshot(page, 'backup-restore-done');
  await dialog.getByRole('button', { name: '完成' }).click();

  // The change is gone, in the page and through the API; the replaced file is listed.
  await expect(page.getByTestId('settings-station')).toContainText(SAMPLE_STATION.phone);
  await expect(page.getByTestId('settings-station')).not.toContainText(changedPhone);
  expect((await station.api('station.get', {})).station!.phone).toBe(SAMPLE_STATION.phone);
  await expect(list).toContainText('恢复前留存');
  // The app goes on writing after the swap.
  await station.api('station.update', { ...SAMPLE_STATION, address: '青山县莲花镇人民路20号' });
  await screenshot(page, 'backup-card');
});
