import type { Page } from '@playwright/test';
import { expect, openSetUpStation, screenshot, test } from './fixtures';

// Text from the database is shown as text, never run as HTML: a deputy and a reception whose
// fields are markup, on the lists, the detail pages and a notice board preview.

const IMG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = '<script>window.__xss=2</script>';
// The name field holds 20 characters: a payload that fits.
const SVG = '<svg onload=__xss=3>';

async function expectInert(page: Page, texts: string[]) {
  for (const text of texts) await expect(page.getByText(text, { exact: false }).first()).toBeVisible();
  expect(await page.evaluate(() => (globalThis as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  await expect(page.locator('img[src="x"], svg[onload], script:not([src])')).toHaveCount(0);
}

test('markup typed into a deputy and a reception shows as text everywhere and never runs', async ({
  page,
  station,
}) => {
  await openSetUpStation(page, station);
  const deputy = await station.api('roster.create', {
    name: SVG,
    gender: '男',
    ethnicity: '汉族',
    levels: ['乡镇'],
    workplacePost: IMG,
    constituency: SCRIPT,
    stationRole: '站长',
  });
  const visit = await station.api('receptions.create', {
    receivedAt: '2026-03-08 09:30',
    channel: '来访',
    visitors: [{ name: '王五', gender: '男', phone: '13912345678', groupSize: 1 }],
    deputyIds: [deputy.id],
    staff: [],
    category: '交通出行',
    title: IMG,
    matter: `${SCRIPT} ${IMG}`,
    confidential: false,
  });

  const list = page.waitForResponse((r) => r.url().endsWith('/api/receptions.list'));
  await page.goto(`${station.server.url}#/receptions`);
  await list;
  await expectInert(page, [IMG]);
  await screenshot(page, 'hostile-text-receptions');

  const detail = page.waitForResponse((r) => r.url().endsWith('/api/receptions.get'));
  await page.goto(`${station.server.url}#/receptions/${visit.id}`);
  await detail;
  await expectInert(page, [IMG, SCRIPT]);
  await screenshot(page, 'hostile-text-reception-detail');

  const roster = page.waitForResponse((r) => r.url().endsWith('/api/roster.list'));
  await page.goto(`${station.server.url}#/roster`);
  await roster;
  await expectInert(page, [SVG]);

  const one = page.waitForResponse((r) => r.url().endsWith('/api/roster.get'));
  await page.goto(`${station.server.url}#/roster/${deputy.id}`);
  await one;
  await expectInert(page, [SVG, IMG, SCRIPT]);
  await screenshot(page, 'hostile-text-deputy');

  // The station board lists the station's head (name) and the deputies' posts.
  const board = page.waitForResponse((r) => r.url().endsWith('/api/notices.data'));
  await page.goto(`${station.server.url}#/notices/edit/station-info`);
  await board;
  await expect(page.locator('.notice-preview-caption')).toBeVisible();
  await expectInert(page, [SVG, IMG, SCRIPT]);
  await screenshot(page, 'hostile-text-notice-board');
});
