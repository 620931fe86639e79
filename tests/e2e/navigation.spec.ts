import { readFileSync } from 'node:fs';
import { CONTENT_SECURITY_POLICY } from '../../main/web/csp';
import { expect, openSetUpStation, SAMPLE_STATION, screenshot, test } from './fixtures';

test('every area in the navigation opens its page', async ({ page, station }) => {
  await openSetUpStation(page, station);
  const nav = page.getByRole('navigation', { name: '主导航' });

  // 数据上报 is built: without a county profile it says what to do first.
  await nav.getByRole('link', { name: '数据上报', exact: true }).click();
  await expect(page).toHaveURL(/#\/packages$/);
  await expect(page.getByRole('heading', { name: '数据上报', level: 1 })).toBeVisible();
  await expect(page.getByText('还没有县里的配置文件')).toBeVisible();
  await expect(page.locator('.ant-menu-item-selected')).toHaveText('数据上报');

  // 接待登记 is built: its register opens (empty, offering to register a visit).
  await nav.getByRole('link', { name: '接待登记', exact: true }).click();
  await expect(page).toHaveURL(/#\/receptions$/);
  await expect(page.getByRole('heading', { name: '接待登记簿', level: 1 })).toBeVisible();
  await expect(page.getByText('还没有接待记录')).toBeVisible();
  await expect(page.locator('.ant-menu-item-selected')).toHaveText('接待登记');

  // 上墙公示 is built: the boards a station wall needs, by group.
  await nav.getByRole('link', { name: '上墙公示', exact: true }).click();
  await expect(page).toHaveURL(/#\/notices$/);
  await expect(page.getByRole('heading', { name: '上墙公示', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: '信息公示' })).toBeVisible();
  await expect(page.locator('.ant-menu-item-selected')).toHaveText('上墙公示');

  // 值班排班 is built: its month calendar opens.
  await nav.getByRole('link', { name: '值班排班', exact: true }).click();
  await expect(page).toHaveURL(/#\/duty$/);
  await expect(page.getByRole('heading', { name: '值班排班', level: 1 })).toBeVisible();
  await expect(page.getByRole('tab', { name: '月历', selected: true })).toBeVisible();
  await expect(page.locator('.ant-menu-item-selected')).toHaveText('值班排班');

  // 代表名册 is built: its list opens (empty, saying what to do).
  await nav.getByRole('link', { name: '代表名册', exact: true }).click();
  await expect(page).toHaveURL(/#\/roster$/);
  await expect(page.getByRole('heading', { name: '代表名册', level: 1 })).toBeVisible();
  await expect(page.getByText('名册里还没有代表')).toBeVisible();
  await expect(page.locator('.ant-menu-item-selected')).toHaveText('代表名册');

  await nav.getByRole('link', { name: '设置', exact: true }).click();
  await expect(page.getByRole('heading', { name: '设置', level: 1 })).toBeVisible();
  await expect(page.getByTestId('settings-station')).toBeVisible();

  await nav.getByRole('link', { name: '工作台', exact: true }).click();
  await expect(page.getByRole('heading', { name: '工作台', level: 1 })).toBeVisible();
  await expect(page.getByTestId('home-station')).toBeVisible();

  // An unknown address leads home rather than to a blank page.
  await page.goto(`${station.server.url}#/no-such-page`);
  await expect(page.getByRole('heading', { name: '工作台', level: 1 })).toBeVisible();
});

test('home shows a prominent red alert when the data file failed its check and writes stopped', async ({
  page,
  station,
}) => {
  await openSetUpStation(page, station);
  await station.ctx.health.check();
  // Simulate a failed integrity check (a damaged file is hard to make on purpose).
  (station.ctx.health as unknown as { report: object }).report = {
    ok: false,
    problems: ['*** in database main ***'],
    checkedAt: new Date().toISOString(),
    durationMs: 1,
  };
  expect((await station.rawApi('station.update', SAMPLE_STATION)).ok).toBe(false);
  await page.reload();

  const alert = page.locator('.health-alert');
  await expect(alert).toBeVisible();
  await expect(alert).toHaveClass(/ant-alert-error/);
  await expect(alert).toContainText('已暂停保存');
  await expect(alert).toContainText((await station.api('app.health', {})).message!);
  await screenshot(page, 'home-writes-stopped');
});

test("the page's Content Security Policy is the server's, no inline scripts", async ({ page, station }) => {
  const html = readFileSync('out/renderer/index.html', 'utf8');
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  await page.goto(station.openUrl);
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  // frame-ancestors only works as a header (which the server sends); a meta tag ignores it.
  const expected = CONTENT_SECURITY_POLICY.split('; ')
    .filter((d) => !d.startsWith('frame-ancestors'))
    .join('; ');
  expect(meta).toBe(expected);
  await expect(page.getByRole('heading', { name: '欢迎使用联络站工作台' })).toBeVisible();
});
