import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { closeStation, openStation } from '../../main/services/context';
import { fileKeyStore } from '../../main/services/key-store';
import { setUpStation } from '../../main/services/station';
import { startWebServer } from '../../main/web/server';
import { canMountTmpfs, fillDisk, mountTmpfs } from '../crash/disk';
import { addDeputy } from '../helpers/receptions';
import { expect, pickOption, SAMPLE_STATION, screenshot, test } from './fixtures';

const mount = canMountTmpfs();

/**
 * The clerk's side of a full disk: the station's data folder on a 2 MB tmpfs (browser mode, as
 * `station-desk web` serves it), filled to the last byte while the form is open. The save is
 * refused with the Chinese disk-full message and every typed value stays; with space back,
 * the same click saves.
 */
test('a save on a full disk says so in Chinese, keeps what was typed, and works once space is freed', async ({
  page,
}) => {
  test.skip(!mount.ok, `cannot mount a tmpfs here: ${mount.ok ? '' : mount.reason}`);
  const disk = mountTmpfs('2m');
  const data = join(disk.dir, 'data');
  const ctx = await openStation(data, { keyStore: fileKeyStore(data), mode: 'web', appVersion: 'e2e' });
  const server = await startWebServer({ ctx, staticDir: resolve('out/renderer') });
  try {
    await setUpStation(ctx, SAMPLE_STATION);
    await addDeputy(ctx);
    await page.goto(server.openUrl);
    await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible();
    await page.goto(`${server.url}#/receptions/new`);
    await expect(page.getByRole('heading', { name: '登记接待', level: 1 })).toBeVisible();

    const visitor = page.getByTestId('visitor-0').getByLabel('姓名', { exact: true });
    const title = page.getByLabel('事项标题', { exact: true });
    const matter = page.getByLabel('反映内容', { exact: true });
    await visitor.fill('郑国华');
    await page
      .locator('.ant-radio-button-wrapper')
      .filter({ hasText: /^矛盾纠纷$/ })
      .click();
    await pickOption(page, '接待代表', '张三');
    await page.keyboard.press('Escape');
    await title.fill('邻里宅基地边界纠纷');
    await matter.fill('与邻居因宅基地边界发生争执，希望村里出面调解。');

    // The WAL is emptied first, so the save needs new space rather than reusing old frames.
    ctx.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const filler = join(disk.dir, 'filler');
    fillDisk(filler);
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/receptions.create'));
    await page.getByRole('button', { name: '保存登记' }).click();
    expect(await (await refused).json()).toMatchObject({ ok: false, error: { code: 'DISK_FULL' } });
    await expect(page.getByTestId('form-error')).toContainText('磁盘空间已满');
    await expect(visitor).toHaveValue('郑国华');
    await expect(title).toHaveValue('邻里宅基地边界纠纷');
    await expect(matter).toHaveValue(/宅基地边界/);
    await screenshot(page, 'disk-full-save-refused');
    expect(ctx.sqlite.prepare('SELECT count(*) FROM receptions').pluck().get()).toBe(0);

    rmSync(filler);
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/receptions.create'));
    await page.getByRole('button', { name: '保存登记' }).click();
    expect(await (await saved).json()).toMatchObject({ ok: true });
    await expect(page.getByRole('heading', { name: '邻里宅基地边界纠纷', level: 1 })).toBeVisible();
    expect(ctx.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    await server.close();
    await closeStation(ctx);
    disk.unmount();
  }
});
