import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { CallInput } from '../../main/api/contract';
import { expect, openSetUpStation, pickOption, screenshot, test, type StationServer } from './fixtures';

const OUTPUT = resolve('tests/output');
const PNG_1PX =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/**
 * Local date and time, n days from now, as the form writes it (the browser runs in Asia/Shanghai).
 * A visit today cannot be later than now: before `hour` has come (a run after midnight in
 * Shanghai), today's visits take the current minute instead.
 */
function shanghai(daysFromNow = 0, hour?: string): string {
  const local = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString();
  const now = local(Date.now()).slice(11, 16);
  const d = local(Date.now() + daysFromNow * 86_400_000);
  const time = hour ?? d.slice(11, 16);
  return `${d.slice(0, 10)} ${daysFromNow === 0 && time > now ? now : time}`;
}
const shanghaiDay = (daysFromNow = 0) => shanghai(daysFromNow).slice(0, 10);

/** Three deputies of a township station, one of whom is the station head. */
async function seedDeputies(station: StationServer): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const [name, gender, levels] of [
    ['王建国', '男', ['县', '乡镇']],
    ['李秀英', '女', ['乡镇']],
    ['张伟', '男', ['市', '县']],
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

type ReceptionInput = CallInput<'receptions.create'>;

function reception(deputyId: string, over: Partial<ReceptionInput> = {}): ReceptionInput {
  return {
    receivedAt: shanghai(0, '09:30'),
    channel: '来访',
    visitors: [
      {
        name: '赵德顺',
        gender: '男',
        birthYear: 1956,
        phone: '13905718888',
        address: '莲花镇西岭村2组',
        groupSize: 1,
      },
    ],
    deputyIds: [deputyId],
    staff: ['刘晓梅'],
    category: '交通出行',
    title: '西岭村到镇上的公交班次太少',
    matter: '西岭村到莲花镇上每天只有两班公交车，老人看病、孩子上学很不方便，希望增加班次。',
    confidential: false,
    ...over,
  };
}

/** The registration draft the form keeps in the page's storage (run in the page; no DOM lib here). */
/** The unsaved registration kept in the page's storage (one per account; `station` with the lock off). */
const draftInPage = (): string | null =>
  (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem(
    'station-desk.reception-draft.station',
  );

/** Presses Tab (or Shift+Tab) until the target has focus: the tab order must reach it soon. */
async function tabTo(page: Page, target: Locator, { max = 8, back = false } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  await expect(target).toBeFocused();
}

const fieldError = (scope: Locator | Page, label: string) =>
  scope
    .locator('.ant-form-item')
    .filter({ has: ('page' in scope ? scope.page() : scope).getByLabel(label, { exact: true }) })
    .locator('.ant-form-item-explain-error');

/** A button by its exact text (antd puts the icon's name into the accessible name). */
const button = (scope: Locator | Page, text: string) =>
  scope.locator('button').filter({ hasText: new RegExp(`^${text}$`) });

/** Picks a button-style radio (its input is visually hidden) by its text. */
const choose = (scope: Locator | Page, text: string) =>
  scope
    .locator('.ant-radio-button-wrapper')
    .filter({ hasText: new RegExp(`^${text}$`) })
    .click();

test('register a visit with the keyboard only: two visitors, a deputy; errors under the right fields, then saved', async ({
  page,
  station,
}) => {
  test.setTimeout(120_000); // typing every key takes a while
  await seedDeputies(station);
  await station.api('roster.create', { name: '周明华', gender: '男', ethnicity: '汉族', levels: ['县'] });
  await openSetUpStation(page, station);
  await page.goto(`${station.server.url}#/receptions/new`);
  await expect(page.getByRole('heading', { name: '登记接待', level: 1 })).toBeVisible();

  // 接待时间 is focused and holds now; the clerk types a time in the future by mistake.
  const time = page.getByLabel('接待时间', { exact: true });
  await expect(time).toBeFocused();
  await expect(time).toHaveValue(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(shanghai(2, '10:00'));

  // 接待方式: arrow keys move along the radio buttons (来访 → 电话 → back to 来访).
  await page.keyboard.press('Tab');
  await expect(page.getByRole('radio', { name: '来访' })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: '电话' })).toBeChecked();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('radio', { name: '来访' })).toBeChecked();

  // The first visitor; the phone is one digit short.
  const v0 = page.getByTestId('visitor-0');
  await tabTo(page, v0.getByLabel('姓名', { exact: true }));
  await page.keyboard.type('王大明');
  await page.keyboard.press('Tab');
  await expect(v0.getByRole('radio', { name: '男' })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(v0.getByRole('radio', { name: '男' })).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(v0.getByLabel('年龄或出生年份', { exact: true })).toBeFocused();
  await page.keyboard.type('1962');
  await page.keyboard.press('Tab');
  await expect(v0.getByLabel('联系电话', { exact: true })).toBeFocused();
  await page.keyboard.type('1381234567');
  await tabTo(page, v0.getByLabel('住址（村、社区）', { exact: true }));
  await page.keyboard.type('莲花镇东山村3组');

  // A second visitor who came along: the button is reached by Tab and pressed with Enter.
  await tabTo(page, page.getByRole('button', { name: '再添一位来访人' }));
  await page.keyboard.press('Enter');
  const v1 = page.getByTestId('visitor-1');
  await expect(v1.getByLabel('姓名', { exact: true })).toBeFocused();
  await page.keyboard.type('李小红');
  await page.keyboard.press('Tab');
  await expect(v1.getByRole('radio', { name: '男' })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(v1.getByRole('radio', { name: '女' })).toBeChecked();
  await page.keyboard.press('Tab');
  await page.keyboard.type('45');

  // The receiving deputy, found by typing part of the name; the staff member as a tag.
  await tabTo(page, page.getByRole('combobox', { name: '接待代表' }), { max: 10 });
  await page.keyboard.type('王建');
  await expect(page.locator('.ant-select-item-option', { hasText: '王建国' })).toBeVisible();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-field="deputyIds"] .ant-select-selection-item')).toContainText('王建国');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('combobox', { name: '工作人员' })).toBeFocused();
  await page.keyboard.type('刘晓梅');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');

  // 问题类别 with Space and arrows; title; the matter in the visitor's words.
  await tabTo(page, page.getByRole('radio', { name: '乡村振兴' }));
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: '城乡建设' })).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('事项标题', { exact: true })).toBeFocused();
  await page.keyboard.type('东山村村道路灯损坏');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('反映内容', { exact: true })).toBeFocused();
  await page.keyboard.type('东山村村道上的路灯坏了三个多月，晚上老人孩子走路不安全，希望尽快修好。');

  // Ctrl+Enter: the phone is refused under its own field (before anything is sent).
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(fieldError(v0, '联系电话')).toHaveText(
    '来访人电话应为11位手机号，或带区号的座机号（如 0571-88886666）',
  );
  await expect(page.getByTestId('form-error')).toContainText('有几项需要改正');
  await expect(v0.getByLabel('联系电话', { exact: true })).toBeFocused();
  await page.mouse.move(0, 0);
  await screenshot(page, 'reception-form-errors');
  expect((await station.api('receptions.list', {})).total).toBe(0);

  // Fixed; saved again: now the server refuses the future time, on 接待时间.
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('13812345678');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(fieldError(page, '接待时间')).toContainText('接待时间不能晚于现在');
  await expect(time).toBeFocused();
  // Everything typed is still there.
  await expect(page.getByLabel('反映内容', { exact: true })).toHaveValue(/路灯坏了三个多月/);
  await expect(v1.getByLabel('姓名', { exact: true })).toHaveValue('李小红');
  expect((await station.api('receptions.list', {})).total).toBe(0);

  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(shanghai(0, '08:30'));
  await page.keyboard.press('ControlOrMeta+Enter');

  await expect(page.getByRole('heading', { name: '东山村村道路灯损坏', level: 1 })).toBeVisible();
  const list = await station.api('receptions.list', {});
  expect(list.total).toBe(1);
  const saved = await station.api('receptions.get', { id: list.items[0]!.id });
  expect(saved).toMatchObject({
    channel: '来访',
    category: '城乡建设',
    status: '登记',
    staff: ['刘晓梅'],
    persons: 2,
  });
  expect(saved.deputies.map((d) => d.name)).toEqual(['王建国']);
  expect(saved.visitors.map((v) => [v.name, v.gender, v.birthYear, v.age, v.phone])).toEqual([
    ['王大明', '男', 1962, null, '13812345678'],
    ['李小红', '女', null, 45, ''],
  ]);
  await expect(page.getByTestId('status')).toHaveText('登记');
  await expect(page.getByTestId('visitors')).toContainText('13812345678');
});

test('hand over, the unit replies and closes, the visitor is answered (a form reply refused), unsatisfied → reopened', async ({
  page,
  station,
}) => {
  test.setTimeout(120_000);
  const deputies = await seedDeputies(station);
  const visitDay = shanghaiDay(-3);
  const created = await station.api(
    'receptions.create',
    reception(deputies['王建国']!, { receivedAt: `${visitDay} 09:30` }),
  );
  await openSetUpStation(page, station);
  await page.goto(`${station.server.url}#/receptions/${created.id}`);
  await expect(page.getByRole('heading', { name: created.title, level: 1 })).toBeVisible();
  await expect(page.getByTestId('status')).toHaveText('登记');

  // 办理 → 交办: only the unit and the deadline (visit date + 15 days by default) are asked.
  await button(page, '办理').click();
  const handle = page.getByRole('dialog');
  await choose(handle, '交办');
  await expect(handle.getByLabel('告知的去向')).toHaveCount(0);
  await expect(handle.getByLabel('办理期限', { exact: true })).toHaveValue(
    new Date(Date.parse(`${visitDay}T00:00:00Z`) + 15 * 86_400_000).toISOString().slice(0, 10),
  );
  // Saving without the unit: the message is on that field.
  await handle.getByRole('button', { name: '保存' }).click();
  await expect(fieldError(handle, '承办单位')).toHaveText('请填写承办单位');
  await screenshot(page, 'reception-handle-dialog');
  await handle.getByLabel('承办单位', { exact: true }).fill('莲花镇交通管理站');
  await handle.getByRole('button', { name: '保存' }).click();
  await expect(handle).toBeHidden();
  await expect(page.getByTestId('status')).toHaveText('办理中');
  await expect(page.getByTestId('handling')).toContainText('莲花镇交通管理站');

  // 催办, then the unit's reply, closing the matter.
  await button(page, '催办').click();
  const remind = page.getByRole('dialog');
  await remind.getByLabel('催办情况').fill('电话催办，对方答复本周内拿出方案');
  await remind.getByRole('button', { name: '保存' }).click();
  await expect(remind).toBeHidden();

  await button(page, '办理答复').click();
  const reply = page.getByRole('dialog');
  await expect(reply.getByLabel('答复单位', { exact: true })).toHaveValue('莲花镇交通管理站');
  await expect(reply.getByRole('checkbox', { name: '同时办结' })).toBeChecked();
  await reply
    .getByLabel('答复内容', { exact: true })
    .fill('已与县公交公司协调，自下月1日起西岭村线路增加到每天六班。');
  await reply.getByRole('button', { name: '保存' }).click();
  await expect(reply).toBeHidden();
  await expect(page.getByTestId('status')).toHaveText('已办结');

  // 反馈: a form reply does not count as an answer; it is refused on the field.
  await button(page, '反馈').click();
  const answer = page.getByRole('dialog');
  await answer.getByLabel('反馈内容', { exact: true }).fill('已转办，请等待');
  await answer.getByRole('radio', { name: '不满意' }).check();
  await answer.getByRole('button', { name: '保存' }).click();
  await expect(fieldError(answer, '反馈内容')).toContainText('“已转办，请等待”这类话不算答复');
  // The server says the same when asked directly.
  const refused = await station.rawApi('receptions.answer', {
    id: created.id,
    date: shanghaiDay(),
    method: '电话',
    text: '已转办，请等待',
    satisfaction: '满意',
  });
  expect(refused.ok).toBe(false);

  await answer
    .getByLabel('反馈内容', { exact: true })
    .fill('电话告知：自下月1日起西岭村公交增加到每天六班，早上7点首班。');
  await answer.getByRole('button', { name: '保存' }).click();

  // Not satisfied: reopening is offered at once.
  const reopen = page.getByRole('dialog', { name: '来访人不满意：要重新办理吗？' });
  await expect(reopen).toBeVisible();
  await expect(page.getByTestId('status')).toHaveText('已反馈');
  await reopen.getByLabel('重新办理的原因', { exact: true }).fill('来访人对答复不满意，希望晚上也有一班车');
  await reopen.getByRole('button', { name: '重新办理' }).click();
  await expect(reopen).toBeHidden();
  await expect(page.getByTestId('status')).toHaveText('办理中');
  // The unsatisfied answer stays readable, marked as superseded by the reopening.
  await expect(page.getByTestId('answer')).toContainText('上次反馈（已重新办理）');

  // Every step is on the timeline, with who recorded it.
  const timeline = page.getByTestId('timeline');
  for (const kind of ['登记', '交办', '催办', '办理答复', '办结', '反馈', '重新办理'])
    await expect(timeline.locator('.event-kind', { hasText: new RegExp(`^${kind}$`) })).toHaveCount(1);
  await expect(timeline).toContainText('莲花镇交通管理站');
  await expect(timeline).toContainText('希望晚上也有一班车');
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 15_000 });
  await page.mouse.move(0, 0);
  await screenshot(page, 'reception-detail-timeline');

  // A correction while 办理中 goes through the form, prefilled; the change is on the timeline.
  await button(page, '修改').click();
  await expect(
    page.getByRole('heading', { name: `修改接待登记：${created.number}`, level: 1 }),
  ).toBeVisible();
  await expect(page.getByTestId('visitor-0').getByLabel('联系电话', { exact: true })).toHaveValue(
    '13905718888',
  );
  await expect(page.getByTestId('visitor-0').getByLabel('年龄或出生年份', { exact: true })).toHaveValue(
    '1956',
  );
  await page.getByLabel('事项标题', { exact: true }).fill('西岭村公交班次太少，晚上没有车');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByRole('heading', { name: '西岭村公交班次太少，晚上没有车', level: 1 })).toBeVisible();
  await expect(timeline.locator('.event-kind', { hasText: /^修改$/ })).toHaveCount(1);
});

test('a registration made by mistake is voided with a reason and leaves the register', async ({
  page,
  station,
}) => {
  const deputies = await seedDeputies(station);
  const wrong = await station.api(
    'receptions.create',
    reception(deputies['张伟']!, { title: '重复登记的一条' }),
  );
  await openSetUpStation(page, station);
  await page.goto(`${station.server.url}#/receptions/${wrong.id}`);
  await button(page, '作废').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: '作废' }).click();
  await expect(fieldError(dialog, '作废原因')).toHaveText('请填写作废原因');
  await dialog.getByLabel('作废原因', { exact: true }).fill('同一次来访登记了两遍');
  await dialog.getByRole('button', { name: '作废' }).click();
  await expect(page.getByRole('heading', { name: '接待登记簿', level: 1 })).toBeVisible();
  await expect(page.getByText('还没有接待记录')).toBeVisible();
  expect((await station.api('receptions.list', {})).total).toBe(0);
});

test('found again in the list by a word from the matter and by pinyin initials; masked there, in full on its page', async ({
  page,
  station,
}) => {
  const deputies = await seedDeputies(station);
  const wang = deputies['王建国']!;
  await station.api(
    'receptions.create',
    reception(wang, {
      receivedAt: shanghai(-2, '10:00'),
      title: '南湖村垃圾清运不及时',
      category: '环境卫生',
      matter: '南湖村的垃圾桶经常满了没人清运，夏天气味很大。',
      visitors: [{ name: '孙桂芝', gender: '女', age: 62, phone: '13700001234', address: '莲花镇南湖村' }],
    }),
  );
  const target = await station.api(
    'receptions.create',
    reception(deputies['李秀英']!, {
      receivedAt: shanghai(-1, '15:20'),
      visitors: [
        { name: '钱永福', gender: '男', age: 58, phone: '13812345678', address: '莲花镇东山村' },
        { name: '钱小军', gender: '男', age: 30, groupSize: 3 },
      ],
    }),
  );
  await station.api(
    'receptions.create',
    reception(wang, {
      channel: '电话',
      title: '咨询城乡居民医保缴费',
      category: '社会保障',
      matter: '打电话问今年城乡居民医保什么时候开始缴费，标准是多少。',
      visitors: [{ name: '周红梅', gender: '女', phone: '0571-88661234' }],
      confidential: true,
    }),
  );

  await openSetUpStation(page, station);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '接待登记' }).click();
  await expect(page.getByRole('heading', { name: '接待登记簿', level: 1 })).toBeVisible();
  const table = page.getByTestId('reception-table');
  const rows = table.locator('tbody tr.reception-row');
  await expect(rows).toHaveCount(3);
  // Newest first; phones masked; a confidential visitor shown by surname only.
  await expect(rows.nth(0)).toContainText('咨询城乡居民医保缴费');
  await expect(rows.nth(0)).toContainText('周某');
  await expect(rows.nth(0)).not.toContainText('周红梅');
  await expect(rows.nth(1)).toContainText('138****5678');
  await expect(rows.nth(1)).toContainText('共4人');
  await expect(table).not.toContainText('13812345678');
  await expect(page.getByText('共 3 条')).toBeVisible();

  // Arrow keys move the selection; a screenshot of the list with a row selected.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(1)).toHaveClass(/roster-row-selected/);
  await screenshot(page, 'reception-list');

  // A two-character word from the matter.
  const search = page.getByLabel('搜索接待记录');
  await page.keyboard.press('/');
  await expect(search).toBeFocused();
  await search.pressSequentially('公交');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('西岭村到镇上的公交班次太少');
  await expect(page).toHaveURL(/q=%E5%85%AC%E4%BA%A4|q=公交/);

  // The visitor's pinyin initials; Enter opens the match.
  await search.fill('qyf');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('钱');
  await search.press('Enter');
  await expect(page.getByRole('heading', { name: target.title, level: 1 })).toBeVisible();
  // The full phone, on the detail page only.
  await expect(page.getByTestId('visitors')).toContainText('13812345678');
  await expect(page.getByTestId('visitors')).toContainText('钱永福');

  // Back returns to the same search.
  await page.goBack();
  await expect(search).toHaveValue('qyf');
  await expect(rows).toHaveCount(1);

  // Filters: the status and the category; a full phone number also finds the visit.
  await search.fill('');
  await expect(rows).toHaveCount(3);
  await pickOption(page, '问题类别', '环境卫生');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('南湖村垃圾清运不及时');
  await page.goto(`${station.server.url}#/receptions?q=13700001234`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('南湖村垃圾清运不及时');
  await page.goto(`${station.server.url}#/receptions?confidential=1`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('咨询城乡居民医保缴费');
});

test('the registration form prints on A4 and the ledger of a date range on A4 landscape', async ({
  page,
  station,
}) => {
  const deputies = await seedDeputies(station);
  const one = await station.api(
    'receptions.create',
    reception(deputies['王建国']!, {
      receivedAt: shanghai(-1, '09:10'),
      deputyIds: [deputies['王建国']!, deputies['张伟']!],
      visitors: [
        {
          name: '赵德顺',
          gender: '男',
          birthYear: 1956,
          phone: '13905718888',
          address: '莲花镇西岭村2组',
          groupSize: 5,
        },
      ],
    }),
  );
  await station.api('receptions.handle', {
    id: one.id,
    date: shanghaiDay(-1),
    disposition: '转办',
    unit: '青山县交通运输局',
    deadline: shanghaiDay(14),
  });
  for (let i = 0; i < 4; i++) {
    await station.api(
      'receptions.create',
      reception(deputies['李秀英']!, {
        receivedAt: shanghai(0, `0${i + 1}:15`),
        title: ['村口桥梁护栏破损', '低保申请进度咨询', '农田灌溉水渠堵塞', '小学门口交通拥堵'][i]!,
        category: ['交通出行', '社会保障', '乡村振兴', '教育医疗'][i]!,
        visitors: [{ name: ['孙立', '周敏', '吴强', '郑丽'][i]!, phone: `1390000000${i}` }],
      }),
    );
  }
  await openSetUpStation(page, station);
  mkdirSync(OUTPUT, { recursive: true });

  await page.goto(`${station.server.url}#/receptions/${one.id}`);
  await expect(page.getByRole('heading', { name: one.title, level: 1 })).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  const form = page.getByTestId('reception-print');
  await expect(form).toBeVisible();
  await expect(page.locator('.shell-sider')).toBeHidden();
  await expect(form).toContainText('莲花镇人大代表联络站');
  await expect(form).toContainText('接待登记表');
  await expect(form).toContainText(one.number);
  await expect(form).toContainText('13905718888');
  await expect(form).toContainText('青山县交通运输局');
  await expect(form).toContainText('记录人（签字）');
  await page.evaluate(
    () =>
      (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready,
  );
  const formPdf = resolve(OUTPUT, 'reception-form.pdf');
  await page.pdf({ path: formPdf, format: 'A4', preferCSSPageSize: true });
  expect(mediaBoxes(formPdf)).toEqual(['594.96x841.92']);
  await page.emulateMedia({ media: 'screen' });

  // 打印台账 from the list: this month by default.
  await page.goto(`${station.server.url}#/receptions`);
  await button(page, '打印台账').click();
  await expect(page.getByRole('heading', { name: '打印接待台账', level: 1 })).toBeVisible();
  const ledger = page.getByTestId('ledger');
  await expect(ledger).toContainText('莲花镇人大代表联络站 接待登记台账');
  const from = `${shanghaiDay(-1).slice(0, 8)}01`;
  await page.goto(`${station.server.url}#/receptions/ledger?from=${from}&to=${shanghaiDay()}`);
  await expect(ledger.locator('tbody tr')).toHaveCount(from <= shanghaiDay(-1) ? 5 : 4);
  await expect(ledger).toContainText('139****8888');
  await expect(ledger).not.toContainText('13905718888');
  await expect(page.getByTestId('ledger-totals')).toContainText(`接待 ${from <= shanghaiDay(-1) ? 5 : 4} 件`);
  await screenshot(page, 'reception-ledger');
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('heading', { name: '打印接待台账', level: 1 })).toBeHidden();
  const ledgerPdf = resolve(OUTPUT, 'reception-ledger.pdf');
  await page.pdf({ path: ledgerPdf, format: 'A4', preferCSSPageSize: true });
  expect(new Set(mediaBoxes(ledgerPdf))).toEqual(new Set(['841.92x594.96']));
  await page.emulateMedia({ media: 'screen' });
});

/** The page sizes of a PDF Chromium wrote (points, as "WxH"); Chromium's A4 is 594.96 × 841.92. */
function mediaBoxes(path: string): string[] {
  const text = readFileSync(path).toString('latin1');
  return [...text.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map(
    (m) => `${Number(m[1]).toFixed(2)}x${Number(m[2]).toFixed(2)}`,
  );
}

test('a returning visitor is recognised by phone and the empty fields are filled', async ({
  page,
  station,
}) => {
  const deputies = await seedDeputies(station);
  await station.api(
    'receptions.create',
    reception(deputies['王建国']!, { receivedAt: shanghai(-30, '09:00') }),
  );
  await openSetUpStation(page, station);
  await page.getByRole('button', { name: '登记接待' }).first().click();
  await expect(page.getByRole('heading', { name: '登记接待', level: 1 })).toBeVisible();

  const v0 = page.getByTestId('visitor-0');
  await v0.getByLabel('联系电话', { exact: true }).fill('139 0571 8888');
  await v0.getByLabel('联系电话', { exact: true }).press('Tab');
  await expect(v0.getByLabel('姓名', { exact: true })).toHaveValue('赵德顺');
  await expect(v0.getByLabel('年龄或出生年份', { exact: true })).toHaveValue('1956');
  await expect(v0.getByLabel('住址（村、社区）', { exact: true })).toHaveValue('莲花镇西岭村2组');
  await expect(v0.getByRole('radio', { name: '男' })).toBeChecked();
  await expect(v0.getByRole('status')).toHaveText(`老来访人：上次来访 ${shanghaiDay(-30)}，共来访 1 次`);

  // What the clerk typed first is never overwritten.
  await page.goto(`${station.server.url}#/receptions`);
  await page.goto(`${station.server.url}#/receptions/new`);
  // The unsaved registration above is offered back; this time the clerk starts afresh.
  await expect(page.getByText('上次有一份没有保存的登记')).toBeVisible();
  await page.getByRole('button', { name: '不用了' }).click();
  await expect(page.getByText('上次有一份没有保存的登记')).toBeHidden();
  const fresh = page.getByTestId('visitor-0');
  await fresh.getByLabel('姓名', { exact: true }).fill('赵老汉');
  await fresh.getByLabel('联系电话', { exact: true }).fill('13905718888');
  await fresh.getByLabel('联系电话', { exact: true }).press('Tab');
  await expect(fresh.getByRole('status')).toContainText('老来访人');
  await expect(fresh.getByLabel('姓名', { exact: true })).toHaveValue('赵老汉');
  await expect(fresh.getByLabel('住址（村、社区）', { exact: true })).toHaveValue('莲花镇西岭村2组');
  await page.mouse.move(0, 0);
  await screenshot(page, 'reception-form-returning');
});

test('a draft survives a crash: offered back when the form opens again, cleared after saving', async ({
  page,
  station,
}) => {
  const deputies = await seedDeputies(station);
  await openSetUpStation(page, station);
  await page.goto(`${station.server.url}#/receptions/new`);
  const v0 = page.getByTestId('visitor-0');
  await v0.getByLabel('姓名', { exact: true }).fill('吴桂兰');
  await page.getByLabel('事项标题', { exact: true }).fill('西岭村饮用水水压不足');
  await page.getByLabel('反映内容', { exact: true }).fill('每天早上七点到九点家里自来水几乎没有水压。');
  await expect.poll(async () => (await page.evaluate(draftInPage)) ?? '').toContain('几乎没有水压');

  // The tab is gone (a crash, a power cut); the program opens again.
  await page.reload();
  await page.goto(`${station.server.url}#/receptions/new`);
  await expect(page.getByText('上次有一份没有保存的登记')).toBeVisible();
  await page.getByRole('button', { name: '恢复填写' }).click();
  await expect(page.getByLabel('事项标题', { exact: true })).toHaveValue('西岭村饮用水水压不足');
  await expect(page.getByTestId('visitor-0').getByLabel('姓名', { exact: true })).toHaveValue('吴桂兰');

  await choose(page, '城乡建设');
  await pickOption(page, '接待代表', '李秀英');
  await page.keyboard.press('Escape');
  // Attachments: a photo and a scanned letter; a file of another kind is refused with a message.
  const files = page.getByTestId('attachment-file');
  await files.setInputFiles([
    { name: '水龙头照片.png', mimeType: 'image/png', buffer: Buffer.from(PNG_1PX, 'base64') },
    {
      name: '来信.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n'),
    },
  ]);
  await expect(page.locator('.attachment-list li')).toHaveCount(2);
  await files.setInputFiles({ name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('不是图片') });
  await expect(page.locator('.attachment-problem')).toContainText('只能上传 JPG、PNG 图片或 PDF 文件');
  await expect(page.locator('.attachment-list li')).toHaveCount(2);

  await page.getByRole('button', { name: '保存登记' }).click();
  await expect(page.getByRole('heading', { name: '西岭村饮用水水压不足', level: 1 })).toBeVisible();
  expect(await page.evaluate(draftInPage)).toBeNull();
  // The photo is previewed on the detail page; the PDF is offered to open.
  await expect(page.locator('.attachment-thumb img')).toHaveCount(1);
  await expect(page.locator('.attachment-pdf')).toContainText('打开');
  const saved = (await station.api('receptions.list', {})).items[0]!;
  expect(saved.deputyNames).toEqual(['李秀英']);
  expect(deputies['李秀英']).toBeTruthy();
});

test('a save that fails keeps everything typed and says why above the buttons', async ({ page, station }) => {
  const deputies = await seedDeputies(station);
  await openSetUpStation(page, station);
  await page.goto(`${station.server.url}#/receptions/new`);
  await page.getByTestId('visitor-0').getByLabel('姓名', { exact: true }).fill('郑国华');
  await choose(page, '矛盾纠纷');
  await pickOption(page, '接待代表', '张伟');
  await page.keyboard.press('Escape');
  await page.getByLabel('事项标题', { exact: true }).fill('邻里宅基地边界纠纷');
  await page.getByLabel('反映内容', { exact: true }).fill('与邻居因宅基地边界发生争执，希望村里出面调解。');

  // The data file fails its check: the service stops all writes (as with a full disk or a lock).
  await station.ctx.health.check();
  (station.ctx.health as unknown as { report: object }).report = {
    ok: false,
    problems: ['*** in database main ***'],
    checkedAt: new Date().toISOString(),
    durationMs: 1,
  };
  await page.getByRole('button', { name: '保存登记' }).click();
  await expect(page.getByTestId('form-error')).toContainText('填写的内容都还在');
  await expect(page.getByLabel('反映内容', { exact: true })).toHaveValue(/宅基地边界/);
  await expect(page.getByTestId('visitor-0').getByLabel('姓名', { exact: true })).toHaveValue('郑国华');
  expect((await station.api('receptions.list', {})).total).toBe(0);
  expect(deputies['张伟']).toBeTruthy();
});

test('home: the 登记接待 button and the overdue card with a matter past its deadline', async ({
  page,
  station,
}) => {
  const deputies = await seedDeputies(station);
  const visit = shanghaiDay(-40);
  const late = await station.api(
    'receptions.create',
    reception(deputies['王建国']!, { receivedAt: `${visit} 10:00`, title: '东山村水渠清淤' }),
  );
  await station.api('receptions.handle', {
    id: late.id,
    date: visit,
    disposition: '交办',
    unit: '莲花镇农业综合服务中心',
    deadline: shanghaiDay(-25),
  });
  // One on time, which the card does not list.
  const onTime = await station.api('receptions.create', reception(deputies['李秀英']!));
  await station.api('receptions.handle', {
    id: onTime.id,
    date: shanghaiDay(),
    disposition: '转办',
    unit: '青山县交通运输局',
    deadline: shanghaiDay(10),
  });

  await openSetUpStation(page, station);
  const card = page.getByTestId('overdue-card');
  await expect(card).toContainText('东山村水渠清淤');
  await expect(card).toContainText('逾期 25 天');
  await expect(card).not.toContainText(onTime.title);
  await expect(page.getByRole('button', { name: '登记接待' }).first()).toBeVisible();
  await page.mouse.move(0, 0);
  await screenshot(page, 'home-overdue');

  await card.getByRole('button', { name: /东山村水渠清淤/ }).click();
  await expect(page.getByRole('heading', { name: '东山村水渠清淤', level: 1 })).toBeVisible();
  await expect(page.getByTestId('overdue-alert')).toContainText('已逾期 25 天');

  await page.goto(station.server.url);
  await page
    .getByTestId('overdue-card')
    .getByRole('button', { name: /查看全部逾期事项/ })
    .click();
  await expect(page.getByRole('heading', { name: '接待登记簿', level: 1 })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: '只看逾期' })).toBeChecked();
  const rows = page.getByTestId('reception-table').locator('tbody tr.reception-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('逾期 25 天');
});

test('settings: the administrator edits the categories and turns on ID numbers; the form follows', async ({
  page,
  station,
}) => {
  await seedDeputies(station);
  await openSetUpStation(page, station);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '设置' }).click();
  const card = page.getByTestId('settings-receptions');
  await expect(card.getByLabel('类别1名称')).toHaveValue('乡村振兴');

  await card.getByLabel('新类别名称').fill('住房保障');
  await card.getByLabel('新类别名称').press('Enter');
  await card.getByLabel('类别2名称').fill('城乡建设与规划');
  await card.getByRole('button', { name: '上移 住房保障' }).click();
  await card.getByRole('button', { name: '删除 营商环境' }).click();
  await card.getByRole('switch', { name: '登记身份证号' }).click();
  await card.getByRole('button', { name: '保存接待设置' }).click();
  await expect(page.getByText('接待设置已保存')).toBeVisible();
  const settings = await station.api('receptions.settings', {});
  expect(settings.collectIdNumbers).toBe(true);
  expect(settings.categories).toContain('城乡建设与规划');
  expect(settings.categories).not.toContain('营商环境');
  expect(settings.categories.slice(-2)).toEqual(['住房保障', '其他']);
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 15_000 });
  await card.scrollIntoViewIfNeeded();
  await page.mouse.move(0, 0);
  await card.screenshot({ path: resolve(OUTPUT, 'screenshots/settings-receptions.png') });

  // The form now asks for ID numbers and checks them (GB 11643).
  await page.goto(`${station.server.url}#/receptions/new`);
  const v0 = page.getByTestId('visitor-0');
  await expect(page.locator('.ant-radio-button-wrapper', { hasText: '住房保障' })).toBeVisible();
  await v0.getByLabel('身份证号', { exact: true }).fill('110105194912310026');
  await page.getByRole('button', { name: '保存登记' }).click();
  await expect(fieldError(v0, '身份证号')).toContainText('身份证号校验不通过');
});
