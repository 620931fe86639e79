import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, openSetUpStation, pickOption, screenshot, test, type StationServer } from './fixtures';

const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Four deputies in office; the station head first. */
async function seedDeputies(station: StationServer): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const [name, gender, levels] of [
    ['王建国', '男', ['县', '乡镇']],
    ['李秀英', '女', ['乡镇']],
    ['张伟', '男', ['市', '县']],
    ['周明华', '男', ['县']],
  ] as const) {
    const d = await station.api('roster.create', {
      name,
      gender,
      ethnicity: '汉族',
      levels: [...levels],
      stationRole: name === '王建国' ? '站长' : '进站代表',
    });
    ids[name] = d.id;
  }
  return ids;
}

/** A button-style radio (its input is visually hidden), by its exact text. */
const choose = (scope: Locator | Page, text: string) =>
  scope
    .locator('.ant-radio-button-wrapper')
    .filter({ hasText: new RegExp(`^${text}$`) })
    .click();

/** Waits for the page's call to `name` and answers whether the service accepted it. */
const answered = (page: Page, name: string) =>
  page.waitForResponse((r) => r.url().endsWith(`/api/${name}`) && r.request().method() === 'POST');

/** Adds a participant through the roster search (typing the name) and sees them in the list. */
async function addParticipant(page: Page, name: string): Promise<void> {
  const picker = page.getByRole('combobox', { name: '添加参加代表' });
  await picker.click();
  await picker.fill(name);
  // The list first shows the whole roster, then (after the debounce) the search's answer; a click
  // that lands while the list swaps is lost, so wait for the answer: the one deputy of that name.
  const options = page.locator(
    '.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option',
  );
  await expect(options).toHaveCount(1);
  await options.filter({ hasText: name }).click();
  await expect(page.getByTestId('participants')).toContainText(name);
}

test('activities: a plan item carried out with attendance and a photo, the deputy file, a 述职 checked, a refused save', async ({
  page,
  station,
}) => {
  test.setTimeout(150_000); // one clerk's whole journey through the area
  const ids = await seedDeputies(station);
  await openSetUpStation(page, station);
  const today = (await station.api('duty.today', {})).date;
  const year = Number(today.slice(0, 4));
  // A few days back, but in this year (the deputy file opens on this year).
  const daysAgo = (n: number) => [addDays(today, -n), `${year}-01-01`].sort().at(-1)!;
  const d1 = daysAgo(3);
  const d2 = daysAgo(2);
  const month = Number(d1.slice(5, 7));
  const theme = '视察莲花镇农村饮水安全工程';
  // Pictures show the pages, not passing toasts.
  const hideToasts = () => page.addStyleTag({ content: '.ant-message { display: none !important; }' });

  // Two more items of the plan, made through the API: one postponed, one (when a month has passed) behind.
  const later = await station.api('plan.create', {
    year,
    month: Math.min(12, month + 1),
    type: '专题调研',
    theme: '调研村级养老服务站运行情况',
    responsible: '李秀英',
    participants: '第一代表小组',
  });
  await station.api('plan.setStatus', { id: later.id, status: '延期', reason: '因防汛工作推迟' });
  if (month > 1)
    await station.api('plan.create', {
      year,
      month: month - 1,
      type: '集中学习',
      theme: '学习新修订的代表法',
      responsible: '王建国',
      participants: '全体进站代表',
    });

  // 1. The plan tab: a new item through the dialog; an empty save names the missing fields.
  await page.goto(`${station.server.url}#/activities?tab=plan`);
  await expect(page.getByRole('heading', { name: '活动记录', level: 1 })).toBeVisible();
  await expect(page.getByRole('tab', { name: '年度活动计划' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('combobox', { name: '计划年度' }).locator('..')).toContainText(`${year}年度`);
  if (month > 1) await expect(page.getByTestId('plan-table')).toContainText('未按期');
  await page.getByRole('button', { name: '新增计划项目' }).first().click();
  const dialog = page.getByRole('dialog', { name: `新增计划项目（${year}年度）` });
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.locator('[data-field="month"]')).toContainText('请选择月份');
  await expect(dialog.locator('[data-field="theme"]')).toContainText('请填写活动主题');
  await pickOption(page, '月份', `${month}月`, dialog);
  await choose(dialog, '视察');
  await dialog.getByLabel('活动主题', { exact: true }).fill(theme);
  await dialog.getByLabel('负责人', { exact: true }).fill('王建国');
  await dialog.getByLabel('参加人员', { exact: true }).fill('全体进站代表');
  await dialog.getByLabel('活动主题', { exact: true }).click();
  const planCreated = answered(page, 'plan.create');
  await dialog.getByRole('button', { name: '保存' }).click();
  expect((await (await planCreated).json()).ok).toBe(true);
  await expect(dialog).toBeHidden();
  const row = page.getByTestId('plan-table').locator('tr', { hasText: theme });
  await expect(row.getByTestId('plan-status')).toHaveText('计划中');

  // 2. 记录活动 from the plan row: the form starts from the plan item.
  await row.getByRole('button', { name: '记录活动' }).click();
  await expect(page.getByRole('heading', { name: '记录活动', level: 1 })).toBeVisible();
  await expect(page.locator('[data-field="planItemId"]')).toContainText(theme);
  await expect(page.getByRole('radio', { name: '视察' })).toBeChecked();
  await expect(page.getByLabel('活动主题', { exact: true })).toHaveValue(theme);
  await page.getByLabel('活动日期', { exact: true }).fill(d1);
  await page.getByLabel('活动地点', { exact: true }).fill('莲花镇东山村水厂');
  for (const name of ['王建国', '李秀英', '张伟']) await addParticipant(page, name);
  const third = page.getByTestId('participant-2');
  await third.locator('.ant-radio-wrapper', { hasText: '请假' }).click();
  await third.getByLabel('张伟的说明', { exact: true }).fill('外出学习');
  await expect(page.getByTestId('attendance-summary')).toHaveText('共 3 位：出席 2，请假 1，缺席 0');
  await page.getByLabel('其他参加人员', { exact: true }).fill('镇水利站负责人、村民代表6人');
  await page.getByTestId('photo-file').setInputFiles({
    name: '水厂现场.png',
    mimeType: 'image/png',
    buffer: readFileSync(resolve('resources/build/icon.png')),
  });
  await expect(page.getByTestId('form-photos').locator('img')).toHaveCount(1);
  await page
    .getByLabel('活动内容', { exact: true })
    .fill('代表们实地查看了东山村水厂的净水设备和管网改造情况，听取了镇水利站的情况介绍，与村民代表座谈。');
  await page.getByLabel('活动成效', { exact: true }).fill('提出加快西岭村管网延伸的意见1条。');
  await page.mouse.move(0, 0);
  await hideToasts();
  await screenshot(page, 'activity-form');
  const created = answered(page, 'activities.create');
  await page.getByRole('button', { name: '保存活动记录' }).click();
  expect((await (await created).json()).ok).toBe(true);

  // 3. The record: attendance tags, the photo (enlarged on a click), the plan item.
  await expect(page.getByRole('heading', { name: theme, level: 1 })).toBeVisible();
  const activityId = /#\/activities\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
  const participants = page.getByTestId('participants');
  await expect(participants.locator('.participant-chip', { hasText: '王建国' })).toContainText('出席');
  await expect(participants.locator('.participant-chip', { hasText: '张伟' })).toContainText('请假');
  await expect(participants.locator('.participant-chip', { hasText: '张伟' })).toContainText('外出学习');
  await expect(page.getByTestId('plan-link')).toHaveText(theme);
  await expect(page.getByTestId('photos').locator('img')).toBeVisible();
  await page.getByRole('button', { name: '查看照片 水厂现场.png' }).click();
  const big = page.getByRole('dialog', { name: '水厂现场.png' });
  await expect(big.locator('img')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(big).toBeHidden();
  await screenshot(page, 'activity-detail');

  // 4. The plan item is now 已完成, with a link to the record; deleting it is refused with the reason.
  await page.getByTestId('plan-link').click();
  const doneRow = page.getByTestId('plan-table').locator('tr', { hasText: theme });
  await expect(doneRow.getByTestId('plan-status')).toHaveText('已完成');
  await expect(doneRow.getByRole('link')).toContainText(
    `${Number(d1.slice(5, 7))}月${Number(d1.slice(8, 10))}日`,
  );
  await expect(page.getByTestId('plan-counts')).toContainText('已完成1');
  await doneRow.getByRole('button', { name: '删除' }).click();
  await page
    .locator('.ant-modal-confirm', { hasText: '删除这个计划项目？' })
    .getByRole('button', { name: '删除', exact: true })
    .click();
  await expect(page.locator('.ant-modal-confirm', { hasText: '没有删除' })).toContainText(
    '已有活动记录，不能删除',
  );
  await page.getByRole('button', { name: '知道了' }).click();
  await expect(page.locator('.ant-modal-confirm')).toHaveCount(0);

  // The postponed item back to 计划中, then cancelled through the dialog (the reason is required).
  const laterRow = page.getByTestId('plan-table').locator('tr', { hasText: '调研村级养老服务站运行情况' });
  await expect(laterRow.getByTestId('plan-status')).toContainText('延期');
  await expect(laterRow.getByTestId('plan-status')).toContainText('因防汛工作推迟');
  await laterRow.getByRole('button', { name: '恢复计划中' }).click();
  await expect(laterRow.getByTestId('plan-status')).toHaveText('计划中');
  await laterRow.getByRole('button', { name: '取消/延期' }).click();
  const statusDialog = page.getByRole('dialog', { name: /取消或延期/ });
  await choose(statusDialog, '取消（今年不办了）');
  await statusDialog.getByRole('button', { name: '取消这项计划' }).click();
  await expect(statusDialog.locator('[data-field="reason"]')).toContainText('请填写取消的原因');
  await statusDialog.getByLabel('原因', { exact: true }).fill('养老服务站改由镇政府统一调研');
  await statusDialog.getByRole('button', { name: '取消这项计划' }).click();
  await expect(statusDialog).toBeHidden();
  await expect(laterRow.getByTestId('plan-status')).toContainText('取消');
  await expect(page.getByTestId('plan-counts')).toContainText('取消1');
  await page.mouse.move(0, 0);
  await screenshot(page, 'plan-tab');

  // 5. The deputy's file (代表名册 → the deputy): the activity under 活动.
  await page.getByRole('navigation', { name: '主导航' }).getByText('代表名册').click();
  await page.locator('.roster-row', { hasText: '张伟' }).click();
  await expect(page.getByRole('heading', { name: '张伟', level: 1 })).toBeVisible();
  const fileActivities = page.getByTestId('file-section-activities');
  await expect(fileActivities).toContainText(theme);
  await expect(fileActivities).toContainText('请假');
  await fileActivities.scrollIntoViewIfNeeded();
  await screenshot(page, 'deputy-file-activities');

  // 6. A 述职 whose votes do not add up: the live check and the error under the row; fixed; saved.
  await page.goto(`${station.server.url}#/activities/new`);
  await expect(page.getByRole('heading', { name: '记录活动', level: 1 })).toBeVisible();
  await page.getByLabel('活动日期', { exact: true }).fill(d2);
  await choose(page, '述职');
  await page.getByLabel('活动主题', { exact: true }).fill('王建国代表向选民述职');
  await page.getByLabel('活动地点', { exact: true }).fill('东山村文化礼堂');
  await addParticipant(page, '王建国');
  await addParticipant(page, '周明华');
  await page.getByLabel('到会选民人数', { exact: true }).fill('52');
  await page.getByRole('button', { name: '添加述职代表的测评票数' }).click();
  await expect(page.getByTestId('rating-0')).toContainText('王建国');
  await expect(page.getByLabel('王建国评议项目')).toHaveValue('总体评价');
  await page.getByLabel('王建国满意票数').fill('40');
  await page.getByLabel('王建国基本满意票数').fill('8');
  await page.getByLabel('王建国不满意票数').fill('2');
  await expect(page.getByTestId('sum-check')).toHaveText('合计50票，与到会选民52人不符');
  await page
    .getByLabel('活动内容', { exact: true })
    .fill('王建国代表报告了一年来参加人代会、联系选民、提出建议的情况，选民代表提问，现场进行满意度测评。');
  await page.getByRole('button', { name: '保存活动记录' }).click();
  await expect(page.getByTestId('rating-0-error')).toHaveText(
    '满意、基本满意、不满意合计50票，与到会选民52人不符，请核对',
  );
  await expect(
    page.locator('[data-field="ratings.0.satisfied"] .ant-input-number-status-error'),
  ).toBeVisible();
  await expect(page.getByTestId('form-error')).toContainText('有几项需要改正');
  expect((await station.api('activities.list', {})).total).toBe(1);
  await page.mouse.move(0, 0);
  await screenshot(page, 'activity-form-shuyue-error');
  await page.getByLabel('王建国不满意票数').fill('4');
  await expect(page.getByTestId('sum-check')).toHaveText('合计52票，与到会选民52人相符');
  await expect(page.getByTestId('rating-0-error')).toBeHidden();
  const reported = answered(page, 'activities.create');
  await page.getByRole('button', { name: '保存活动记录' }).click();
  expect((await (await reported).json()).ok).toBe(true);
  await expect(page.getByRole('heading', { name: '王建国代表向选民述职', level: 1 })).toBeVisible();
  const ratings = page.getByTestId('ratings');
  await expect(ratings).toContainText('到会选民 52 人');
  await expect(ratings.locator('tr', { hasText: '王建国' })).toContainText('92.3%');
  const reports = await station.api('roster.deputyFile', { id: ids['王建国']!, year });
  expect(reports.sections.find((s) => s.key === 'reports')?.total).toBe(1);

  // 7. The list: both records, newest first; the type filter narrows to the 述职.
  await page.mouse.move(0, 0);
  await page.goto(`${station.server.url}#/activities`);
  const table = page.getByTestId('activity-table');
  await expect(table.locator('.roster-row')).toHaveCount(2);
  await expect(table.locator('.roster-row').first()).toContainText('王建国代表向选民述职');
  const firstRow = table.locator('.roster-row', { hasText: theme });
  await expect(firstRow).toContainText('2/1/0');
  await expect(firstRow.locator('td').nth(5)).toHaveText(theme); // the plan item's column
  await screenshot(page, 'activities-list');
  await pickOption(page, '活动类型', '述职');
  await expect(table.locator('.roster-row')).toHaveCount(1);
  await expect(page).toHaveURL(/type=%E8%BF%B0%E8%81%8C/);

  // 8. A refused save keeps what was typed: the record was deleted elsewhere meanwhile.
  await page.goto(`${station.server.url}#/activities/${activityId}/edit`);
  const outcomes = page.getByLabel('活动成效', { exact: true });
  await expect(outcomes).toHaveValue('提出加快西岭村管网延伸的意见1条。');
  await station.api('activities.delete', { id: activityId });
  const typed = '提出加快西岭村管网延伸的意见1条。镇政府已答复年内开工。';
  await outcomes.fill(typed);
  const refused = answered(page, 'activities.update');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  expect((await (await refused).json()).ok).toBe(false);
  await expect(page.getByTestId('form-error')).toContainText('没有保存');
  await expect(outcomes).toHaveValue(typed);
  await expect(page.getByLabel('活动主题', { exact: true })).toHaveValue(theme);
  await expect(page.getByTestId('participants')).toContainText('张伟');
});
