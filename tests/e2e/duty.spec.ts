import type { Locator, Page } from '@playwright/test';
import { expect, openSetUpStation, pickOption, screenshot, test, type StationServer } from './fixtures';

const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** 2026-12-02 → 12月2日, as the pages write a date. */
const dayText = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
/** ISO weekday (1 = 周一) of a YYYY-MM-DD date. */
const isoWeekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Five deputies in office: a slot takes three, so the rotation has someone to skip to. */
async function seedDeputies(station: StationServer): Promise<void> {
  for (const [name, gender, levels, workplacePost] of [
    ['王建国', '男', ['县', '乡镇'], '莲花镇东山村党支部书记'],
    ['李秀英', '女', ['乡镇'], '莲花镇中心小学教师'],
    ['张伟', '男', ['市', '县'], '青山县农业技术推广站站长'],
    ['周明华', '男', ['县'], '莲花镇卫生院院长'],
    ['欧阳晓红', '女', ['乡镇'], '西岭村村委会主任'],
  ] as const) {
    await station.api('roster.create', {
      name,
      gender,
      ethnicity: '汉族',
      levels: [...levels],
      workplacePost,
      stationRole: name === '王建国' ? '站长' : '进站代表',
    });
  }
}

/** A button by its exact text (antd puts the icon's name into the accessible name). */
const button = (scope: Locator | Page, text: string) =>
  scope.locator('button').filter({ hasText: new RegExp(`^${text}$`) });

test('duty: a weekly rule, a generated month, sign-in on the home page, a leave, figures, notice, holidays', async ({
  page,
  station,
}) => {
  test.setTimeout(120_000); // one clerk's whole journey through the area
  await seedDeputies(station);
  await openSetUpStation(page, station);
  const today = (await station.api('duty.today', {})).date;
  const tomorrow = addDays(today, 1);

  // 1. A weekly rule through the form: today's and tomorrow's weekdays, two time slots, three deputies each.
  await page.goto(`${station.server.url}#/duty?tab=rules`);
  await expect(page.getByRole('heading', { name: '值班排班', level: 1 })).toBeVisible();
  await expect(page.getByText('还没有值班规则')).toBeVisible();
  await page.getByRole('button', { name: '新建规则' }).click();
  const ruleDialog = page.getByRole('dialog', { name: '新建值班规则' });
  await ruleDialog.getByLabel('规则名称', { exact: true }).fill('每周接待选民日');
  await ruleDialog.locator('.ant-radio-button-wrapper').filter({ hasText: '每月' }).click();
  // Each kind shows its own day pickers: 每月 the days and months (单月 ticks the odd ones).
  await ruleDialog.getByRole('button', { name: '单月' }).click();
  await expect(ruleDialog.getByRole('checkbox', { name: '3月' })).toBeChecked();
  await expect(ruleDialog.getByRole('checkbox', { name: '4月' })).not.toBeChecked();
  await ruleDialog.locator('.ant-radio-button-wrapper').filter({ hasText: '指定日期' }).click();
  await expect(ruleDialog.getByLabel('添加值班日期')).toBeVisible();
  await ruleDialog
    .locator('.ant-radio-button-wrapper')
    .filter({ hasText: /^每周$/ })
    .click();
  // Saving without a weekday or place: the errors land on their fields.
  await ruleDialog.getByRole('button', { name: '保存规则' }).click();
  await expect(ruleDialog.locator('[data-field="weekdays"]')).toContainText('请选择每周哪几天值班');
  await expect(ruleDialog.locator('[data-field="place"]')).toContainText('请填写地点');
  for (const d of new Set([today, tomorrow]))
    await ruleDialog.getByRole('checkbox', { name: WEEKDAYS[isoWeekday(d) - 1]! }).check();
  await ruleDialog.getByLabel('地点', { exact: true }).fill('联络站接待室');
  await ruleDialog.getByRole('button', { name: '再加一个时段' }).click();
  await ruleDialog.getByLabel('第2个时段开始时间').fill('14:30');
  await ruleDialog.getByLabel('第2个时段结束时间').fill('17:00');
  await ruleDialog.getByLabel('每班人数', { exact: true }).fill('3');
  await ruleDialog.getByRole('button', { name: '保存规则' }).click();
  await expect(ruleDialog).toBeHidden();
  await expect(page.getByTestId('rule-item')).toContainText('每周接待选民日');

  // Saving a new rule opens 生成排班 for this month: the preview first, then confirm.
  const plan = page.getByTestId('plan-dialog');
  await expect(plan).toBeVisible();
  await expect(plan.getByRole('radio', { name: '本月' })).toBeChecked();
  await expect(plan.getByTestId('plan-新增').locator('.import-count-value')).not.toHaveText('0');
  await expect(plan.getByText('也重新安排我手工调整过的值班')).toBeVisible();
  await page.getByRole('button', { name: '确认生成' }).click();
  await expect(plan).toBeHidden();
  await expect(page.getByText(/排班已生成：新增 \d+ 班/)).toBeVisible();
  // On a month's last day tomorrow's slots belong to next month's plan.
  if (tomorrow.slice(0, 7) !== today.slice(0, 7))
    await station.api('duty.plan', { from: tomorrow, to: addDays(tomorrow, 27) });

  // The month calendar shows the slots; today's cell has two.
  await page.getByRole('tab', { name: '月历' }).click();
  const todayCell = page.locator(`.duty-day[data-date="${today}"]`);
  await expect(todayCell.getByTestId('duty-slot')).toHaveCount(2);
  await expect(todayCell).toContainText('09:00–11:30');
  await expect(todayCell).toContainText('14:30–17:00');
  // Nothing spills out of the grid at 1366×768.
  const overflow = await page
    .locator('.duty-grid')
    .evaluate(
      (el) =>
        el.scrollWidth > el.clientWidth + 1 ||
        el.getBoundingClientRect().right > el.ownerDocument.documentElement.clientWidth,
    );
  expect(overflow).toBe(false);
  // The pictures show the pages, not the passing toasts (the page is never reloaded after this).
  await page.addStyleTag({ content: '.ant-message { display: none !important; }' });
  await screenshot(page, 'duty-month');

  // 2. On the home page a deputy taps their name on today's morning slot: 已到岗 with the time.
  const todayDuty = await station.api('duty.today', {});
  const morning = todayDuty.slots.find((s) => s.start === '09:00')!;
  const places = (name: string) =>
    todayDuty.slots.filter((s) => s.assignments.some((a) => a.deputyName === name)).length;
  // Prefer a deputy with one place today, so the figures below are exactly one slot.
  const deputy =
    morning.assignments.find((a) => places(a.deputyName) === 1)?.deputyName ??
    morning.assignments[0]!.deputyName;
  await page.goto(`${station.server.url}#/`);
  const card = page.getByTestId('today-duty');
  await expect(card.getByTestId('today-slot')).toHaveCount(2);
  const morningSlot = card.getByTestId('today-slot').filter({ hasText: '09:00–11:30' });
  await morningSlot.getByRole('button', { name: `${deputy} 签到` }).click();
  await expect(morningSlot.getByTestId(`today-deputy-${deputy}`)).toContainText(/已到岗 \d{2}:\d{2}/);
  await expect(
    morningSlot.getByTestId(`today-deputy-${deputy}`).getByRole('button', { name: '签退' }),
  ).toBeVisible();
  // A slot within the next week waits for its notice.
  await expect(page.getByTestId('notices-due')).toContainText(dayText(today));
  await screenshot(page, 'duty-home');

  // A visit registered now starts with the deputy who is present as its receiver.
  await page.goto(`${station.server.url}#/receptions/new`);
  const receivers = page
    .locator('.ant-select')
    .filter({ has: page.getByRole('combobox', { name: '接待代表' }) })
    .locator('.ant-select-selection-item');
  await expect(receivers).toHaveCount(1);
  await expect(receivers).toContainText(deputy);

  // 3. A leave on a future slot, recorded in the drawer.
  const future = (await station.api('duty.slots', { from: tomorrow, to: addDays(today, 40) }))[0]!;
  // Someone other than the deputy who signed in: a leave counts in their figures.
  const onLeave = future.assignments.find((a) => a.deputyName !== deputy)!.deputyName;
  await page.goto(`${station.server.url}#/duty`);
  if (future.date.slice(0, 7) !== today.slice(0, 7)) await page.getByRole('button', { name: '下月' }).click();
  await page
    .locator(`.duty-day[data-date="${future.date}"]`)
    .getByRole('button', { name: new RegExp(`${future.start}–${future.end}`) })
    .click();
  const drawer = page.getByTestId('slot-detail');
  await expect(drawer).toContainText('每周接待选民日');
  const row = drawer.getByTestId(`assignment-${onLeave}`);
  await button(row, '请假').click();
  const leaveDialog = page.getByRole('dialog', { name: new RegExp(`^请假：${onLeave}`) });
  // Seen twice in CI: the first click right after the dialog opens was not taken (no message
  // and no request). Click again until the refusal shows; the refusal itself is what is tested.
  await expect(async () => {
    await leaveDialog.getByRole('button', { name: '登记请假' }).click();
    await expect(leaveDialog).toContainText('请填写请假原因', { timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
  await leaveDialog.getByLabel('请假原因', { exact: true }).fill('参加县人大常委会培训');
  await leaveDialog.getByRole('button', { name: '登记请假' }).click();
  await expect(leaveDialog).toBeHidden();
  await expect(row.locator('.drawer-status')).toHaveText('请假');
  await expect(row).toContainText('参加县人大常委会培训');
  await screenshot(page, 'duty-drawer');
  // 调换: another deputy stands in; the place shows struck through and the stand-in gets their own row.
  const swapped = future.assignments.find((a) => a.deputyName !== onLeave)!.deputyName;
  const standIn = ['王建国', '李秀英', '张伟', '周明华', '欧阳晓红'].find(
    (name) => !future.assignments.some((a) => a.deputyName === name),
  )!;
  await button(drawer.getByTestId(`assignment-${swapped}`), '调换').click();
  const swapDialog = page.getByRole('dialog', { name: new RegExp(`^调换：${swapped}`) });
  await pickOption(page, '调换的代表', standIn, swapDialog);
  await expect(swapDialog.getByRole('radio', { name: `只请${standIn}代班，不交换` })).toBeChecked();
  await swapDialog.getByRole('button', { name: '确认调换' }).click();
  await expect(swapDialog).toBeHidden();
  await expect(drawer.getByTestId(`assignment-${swapped}`).locator('.drawer-status')).toHaveText('调换');
  await expect(drawer.getByTestId(`assignment-${swapped}`)).toContainText(`由 ${standIn} 调换`);
  await expect(drawer.getByTestId(`assignment-${standIn}`)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  // The week list and a deputy's own duties show the leave too.
  await page.getByRole('tab', { name: '周列表' }).click();
  if (future.date >= addDays(today, 8 - isoWeekday(today)))
    await page.getByRole('button', { name: '下周' }).click();
  await expect(page.locator('.duty-week-table')).toContainText(onLeave);
  await expect(page.locator('.duty-week-table')).toContainText('请假');
  await screenshot(page, 'duty-week');
  await page.getByRole('tab', { name: '代表值班' }).click();
  await pickOption(page, '选择代表', onLeave);
  await expect(page.getByTestId('deputy-duties')).toContainText(dayText(future.date));
  await screenshot(page, 'duty-deputy');
  await page.getByRole('tab', { name: '值班规则' }).click();
  await expect(page.getByTestId('rule-item')).toContainText(/每周.+09:00–11:30、14:30–17:00/);
  await screenshot(page, 'duty-rules');

  // 4. 出勤统计: the deputy who signed in kept every slot so far.
  await page.getByRole('tab', { name: '出勤统计' }).click();
  const figures = page.locator('.attendance-table tbody tr').filter({ hasText: deputy });
  const cells = figures.locator('td');
  await expect(cells.nth(1)).toHaveText('1'); // 应到
  await expect(cells.nth(2)).toHaveText('1'); // 到岗
  await expect(cells.nth(7)).toHaveText('100%'); // 进站率
  await expect(page.getByTestId('attendance-totals')).toContainText('全站合计');
  await screenshot(page, 'duty-attendance');

  // 5. The notice of today's morning slot, ready for A4.
  await page.goto(`${station.server.url}#/duty/notice/${morning.id}`);
  // The old address opens the wall-notice editor on the 接待日公告 of that slot.
  const sheet = page.getByTestId('board-frame');
  await expect(sheet).toContainText('人大代表接待选民日公告');
  await expect(sheet).toContainText('莲花镇人大代表联络站');
  await expect(sheet).toContainText('联络站接待室');
  await expect(sheet).toContainText(deputy);
  await expect(sheet).toContainText('0571-88886666');
  await expect(page.getByTestId('notice-post-by')).toContainText('前张贴');
  await screenshot(page, 'duty-notice');
  // On paper: the notice alone.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.shell-sider')).toBeHidden();
  await expect(page.getByRole('button', { name: '打印' })).toBeHidden();
  await expect(sheet).toBeVisible();
  await page.emulateMedia({ media: 'screen' });
  // 打印 opens the browser's print dialog (stubbed here) and records the notice as printed.
  await page.evaluate(() => {
    (globalThis as unknown as { print: () => void }).print = () => undefined;
  });
  await page.getByRole('button', { name: '打印' }).click();
  // Recording the print makes and keeps the PDF too, which takes a few seconds.
  await expect(page.getByTestId('notice-post-by')).toContainText('打印过', { timeout: 45_000 });
  expect((await station.api('duty.getSlot', { id: morning.id })).noticePrintedAt).not.toBeNull();

  // 6. 节假日: 2025 comes with the program; 2027 is entered by importing a file.
  await page.goto(`${station.server.url}#/duty?tab=holidays`);
  await pickOption(page, '年份', '2025年');
  await expect(page.getByTestId('holiday-source')).toContainText('随程序提供');
  await expect(page.locator('.holiday-table')).toContainText('春节');
  // A malformed line is refused and named.
  const file = page.getByTestId('holiday-file');
  await file.setInputFiles({
    name: 'holidays-2027.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('2027-01-01,休,元旦\n2027-02-30,休,春节\n', 'utf8'),
  });
  await expect(page.getByRole('alert').filter({ hasText: '文件没有导入' })).toContainText('2');
  await file.setInputFiles({
    name: 'holidays-2027.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(
      ['2027-01-01,休,元旦', '2027-02-05,休,春节', '2027-02-06,休,春节', '2027-02-07,班,春节', ''].join('\n'),
      'utf8',
    ),
  });
  await expect(page.getByTestId('holiday-source')).toContainText('本站录入');
  await expect(
    page.getByTestId('holiday-edit').getByLabel('第4行类型').getByRole('radio', { name: '班' }),
  ).toBeChecked();
  await screenshot(page, 'duty-holidays');
  // The calendar marks the imported days: 休 with the festival, 班 as 调休上班.
  await page.getByRole('tab', { name: '月历' }).click();
  const title = page.getByTestId('duty-month-title');
  while (!(await title.textContent())?.startsWith('2027年2月')) {
    await page.getByRole('button', { name: '下月' }).click();
  }
  await expect(page.locator('.duty-day[data-date="2027-02-05"]')).toContainText('休春节');
  await expect(page.locator('.duty-day[data-date="2027-02-07"]')).toContainText('班调休上班');
  await screenshot(page, 'duty-month-holidays');

  // 7. A visit registered during a slot shows the slot it belongs to (a slot spanning the whole day here,
  // so the check does not depend on the hour the test runs).
  await station.api('duty.createSlot', {
    date: today,
    start: '00:00',
    end: '23:59',
    place: '东山村联络点',
    capacity: 1,
    note: '',
    deputyIds: [],
  });
  const now = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(11, 16);
  const visit = await station.api('receptions.create', {
    receivedAt: `${today} ${now < '23:59' ? now : '23:58'}`,
    channel: '来访',
    visitors: [{ name: '赵德顺', gender: '男', birthYear: 1956, phone: '13905718888', groupSize: 1 }],
    deputyIds: [],
    staff: ['刘晓梅'],
    category: '交通出行',
    title: '西岭村到镇上的公交班次太少',
    matter: '西岭村到莲花镇上每天只有两班公交车，希望增加班次。',
    confidential: false,
  });
  expect(visit.dutySlotId).not.toBeNull();
  await page.goto(`${station.server.url}#/receptions/${visit.id}`);
  await expect(page.getByTestId('duty-slot')).toHaveText(
    new RegExp(`^${dayText(today)} \\d{2}:\\d{2}–\\d{2}:\\d{2} \\S+$`),
  );
});
