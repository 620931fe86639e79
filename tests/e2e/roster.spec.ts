import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import {
  expect,
  formItem,
  openSetUpStation,
  pickOption,
  screenshot,
  test,
  type StationServer,
} from './fixtures';

/** The bits of a canvas the test draws with, in Node's types (no DOM lib here). */
interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    fillStyle: string;
    fillRect(x: number, y: number, w: number, h: number): void;
    beginPath(): void;
    arc(x: number, y: number, r: number, a: number, b: number): void;
    fill(): void;
  };
  toDataURL(type: string): string;
}

const errorOf = (page: Page, label: string) => formItem(page, label).locator('.ant-form-item-explain-error');

/** Ten deputies as a township station has them, in two groups. */
async function seedDeputies(station: StationServer): Promise<void> {
  const east = await station.api('groups.create', { name: '东片代表小组' });
  const west = await station.api('groups.create', { name: '西片代表小组' });
  const people: [string, '男' | '女', string, ('县' | '乡镇' | '市')[], string][] = [
    ['王建国', '男', '莲花镇东山村党支部书记', ['县', '乡镇'], '13905710001'],
    ['李秀英', '女', '莲花镇中心小学教师', ['乡镇'], '13905710002'],
    ['张伟', '男', '青山县莲花农机专业合作社理事长', ['市', '县'], '13905710003'],
    ['刘芳', '女', '莲花镇卫生院院长', ['县'], '0571-88886601'],
    ['陈志强', '男', '青山县宏达建材有限公司总经理', ['乡镇'], '13905710005'],
    ['杨丽娟', '女', '莲花镇南湖村村委会主任', ['县', '乡镇'], '13905710006'],
    ['赵德明', '男', '莲花镇农业综合服务中心主任', ['乡镇'], '13905710007'],
    ['黄海燕', '女', '莲花镇个体工商户', ['乡镇'], '13905710008'],
    ['周明华', '男', '青山县第二中学校长', ['县'], '13905710009'],
    ['吴桂兰', '女', '莲花镇西岭村妇联主席', ['乡镇'], '13905710010'],
  ];
  for (const [i, [name, gender, workplacePost, levels, phone]] of people.entries()) {
    await station.api('roster.create', {
      name,
      gender,
      ethnicity: '汉族',
      birthDate: `19${65 + i}-0${(i % 9) + 1}`,
      politicalAffiliation: i % 3 === 0 ? '群众' : '中共党员',
      workplacePost,
      levels,
      term: '第十七届',
      cardNumber: `QS17-${String(i + 1).padStart(3, '0')}`,
      constituency: `第${'一二三四五'[i % 5]}选区`,
      groupId: i % 2 === 0 ? east.id : west.id,
      phone,
      stationRole: i === 0 ? '站长' : i === 1 ? '副站长' : '进站代表',
    });
  }
}

test('add a deputy through the form: errors in Chinese on the fields, then fixed and saved; found by initials; their file', async ({
  page,
  station,
}) => {
  await openSetUpStation(page, station);
  // Home's quick button leads to the roster.
  await page.getByRole('button', { name: '查看名册' }).click();
  await expect(page.getByRole('heading', { name: '代表名册', level: 1 })).toBeVisible();
  await expect(page.getByText('名册里还没有代表')).toBeVisible();

  await page.getByRole('button', { name: '新增代表' }).first().click();
  await expect(page.getByRole('heading', { name: '新增代表', level: 1 })).toBeVisible();
  await expect(page.getByLabel('姓名', { exact: true })).toBeFocused();

  // Submit with an empty name and a bad phone.
  await page.getByLabel('联系电话', { exact: true }).fill('12345');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(errorOf(page, '姓名')).toHaveText('请填写姓名');
  await expect(errorOf(page, '联系电话')).toHaveText(
    '联系电话应为11位手机号，或带区号的座机号（如 0571-88886666）',
  );
  await expect(page.getByText('请至少选择一个代表层级')).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('有几项需要改正');
  expect((await station.api('roster.list', {})).total).toBe(0);
  await page.mouse.move(0, 0);
  await screenshot(page, 'roster-form-errors');

  // Fix them.
  await page.getByLabel('姓名', { exact: true }).fill('周淑芬');
  await page.getByRole('radio', { name: '女' }).check();
  await page.getByRole('checkbox', { name: '乡镇' }).check();
  await page.getByRole('checkbox', { name: '县' }).check();
  await page.getByLabel('出生年月', { exact: true }).fill('1972-05');
  await page.getByLabel('工作单位及职务', { exact: true }).fill('莲花镇东山村村委会主任');
  await page.getByLabel('联系电话', { exact: true }).fill('13812345678');
  await page.getByLabel('代表证号', { exact: true }).fill('QS17-101');
  await page.getByRole('button', { name: '保存' }).click();

  await expect(page.getByRole('heading', { name: '周淑芬', level: 1 })).toBeVisible();
  const saved = await station.api('roster.list', { q: '周淑芬' });
  expect(saved.total).toBe(1);
  expect(saved.items[0]).toMatchObject({
    name: '周淑芬',
    gender: '女',
    phone: '13812345678',
    birthDate: '1972-05',
    status: '在任',
  });
  expect([...saved.items[0]!.levels].sort()).toEqual(['乡镇', '县'].sort());

  // A second deputy with the same card number: the server's refusal lands on that field.
  await page.goto(`${station.server.url}#/roster/new`);
  await page.getByLabel('姓名', { exact: true }).fill('张三');
  await page.getByRole('radio', { name: '男' }).check();
  await page.getByRole('checkbox', { name: '乡镇' }).check();
  await page.getByLabel('代表证号', { exact: true }).fill('QS17-101');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(errorOf(page, '代表证号')).toContainText('代表证号');
  expect((await station.api('roster.list', {})).total).toBe(1);

  // Find her by pinyin initials among others: "/" focuses the search, Enter opens the match.
  await station.api('roster.create', { name: '李明', gender: '男', ethnicity: '汉族', levels: ['乡镇'] });
  await station.api('roster.create', { name: '赵淑华', gender: '女', ethnicity: '汉族', levels: ['县'] });
  await page.goto(`${station.server.url}#/roster`);
  await expect(page.getByRole('heading', { name: '代表名册', level: 1 })).toBeVisible();
  await page.keyboard.press('/');
  const search = page.getByLabel('搜索代表');
  await expect(search).toBeFocused();
  await search.pressSequentially('zsf');
  const rows = page.getByTestId('roster-table').locator('tbody tr.roster-row');
  // Enter at once, before the debounced search has answered, still opens the match.
  await search.press('Enter');

  await expect(page.getByRole('heading', { name: '周淑芬', level: 1 })).toBeVisible();
  await page.goBack();
  await expect(search).toHaveValue('');
  await expect(rows).toHaveCount(3);
  await search.fill('zs');
  await expect(rows).toHaveCount(2); // 周淑芬 and 赵淑华
  await search.fill('zhoushufen');
  await expect(rows).toHaveCount(1);
  await search.fill('zsf');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('周淑芬');
  await rows.first().click();
  await expect(page.getByRole('heading', { name: '周淑芬', level: 1 })).toBeVisible();
  const file = page.getByTestId('deputy-file');
  await expect(file).toContainText('一人一档');
  const { sections } = await station.api('roster.deputyFile', {
    id: saved.items[0]!.id,
    year: new Date().getFullYear(),
  });
  expect(sections.length).toBeGreaterThan(0);
  for (const section of sections) {
    const box = file.getByTestId(`file-section-${section.key}`);
    await expect(box).toContainText(section.title);
    if (section.total === 0) await expect(box).toContainText('暂无记录');
  }

  // A status change is kept as history.
  await page.getByRole('button', { name: '变更状态' }).click();
  const dialog = page.getByRole('dialog');
  await pickOption(page, '新状态', '调离', dialog);
  await dialog.getByLabel('说明').fill('工作调动');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toBeHidden();
  const history = page.getByTestId('status-history');
  await expect(history).toContainText('调离');
  await expect(history).toContainText('工作调动');
  await expect(history).toContainText('在任');
  await expect(page.locator('.page-header')).toContainText('调离');
});

test('roster list with ten deputies, a photo, keyboard selection; the deputy file printed as A4', async ({
  page,
  station,
}) => {
  await seedDeputies(station);
  await openSetUpStation(page, station);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '代表名册' }).click();
  const rows = page.getByTestId('roster-table').locator('tbody tr.roster-row');
  await expect(rows).toHaveCount(10);
  await expect(page.getByText('共 10 位代表')).toBeVisible();

  // Filter by group, then clear.
  await pickOption(page, '代表小组', '东片代表小组');
  await expect(rows).toHaveCount(5);
  // 刘芳 of 卫生院 is in the other group: nothing found, and the empty list offers to clear.
  await page.getByLabel('搜索代表').fill('卫生院');
  await expect(page.getByText('没有找到符合条件的代表')).toBeVisible();
  await page.getByRole('button', { name: '清除搜索和筛选' }).click();
  await expect(rows).toHaveCount(10);

  // Photo for the first deputy (王建国): a picture drawn in the page, cropped and saved.
  const wang = (await station.api('roster.list', { q: '王建国' })).items[0]!;
  await page.goto(`${station.server.url}#/roster/${wang.id}`);
  await page.getByRole('button', { name: '设置照片' }).click();
  const png = await page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { createElement(tag: 'canvas'): Canvas } }).document;
    const c = doc.createElement('canvas');
    c.width = 600;
    c.height = 600;
    const g = c.getContext('2d');
    g.fillStyle = '#3b6ea5';
    g.fillRect(0, 0, 600, 600);
    g.fillStyle = '#f0d2b4';
    g.beginPath();
    g.arc(300, 250, 110, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = '#222';
    g.fillRect(170, 380, 260, 220);
    return c.toDataURL('image/png').split(',')[1]!;
  });
  await page.getByTestId('photo-file').setInputFiles({
    name: 'photo.png',
    mimeType: 'image/png',
    buffer: Buffer.from(png, 'base64'),
  });
  await expect(page.locator('.cropper-canvas')).toBeVisible();
  await page.getByRole('button', { name: '保存照片' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  const withPhoto = await station.api('roster.get', { id: wang.id });
  expect(withPhoto.photo).toMatch(/^[0-9a-f]{64}$/);
  await expect(page.locator('.deputy-info img.deputy-photo')).toBeVisible();
  const size = await page.locator('.deputy-info img.deputy-photo').evaluate((img) => {
    const { naturalWidth, naturalHeight } = img as unknown as { naturalWidth: number; naturalHeight: number };
    return [naturalWidth, naturalHeight];
  });
  expect(size).toEqual([413, 531]);

  // The file, on screen and as an A4 PDF.
  await expect(page.getByTestId('deputy-file')).toContainText('暂无记录');
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 15_000 });
  await screenshot(page, 'deputy-file');
  mkdirSync(resolve('tests/output'), { recursive: true });
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.shell-sider')).toBeHidden();
  await expect(page.locator('.print-title')).toContainText('人大代表履职档案');
  await page.pdf({ path: resolve('tests/output/deputy-file.pdf'), format: 'A4', preferCSSPageSize: true });
  await page.emulateMedia({ media: 'screen' });

  // Back to the list: arrow keys move the selection, Enter opens that deputy.
  await page.goto(`${station.server.url}#/roster`);
  await expect(rows).toHaveCount(10);
  await expect(rows.filter({ hasText: '王建国' }).locator('img.deputy-photo')).toBeVisible();
  await expect(page.locator('tbody img.deputy-photo')).toHaveCount(1);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(2)).toHaveClass(/roster-row-selected/);
  await screenshot(page, 'roster-list');
  const third = (await rows.nth(2).locator('.roster-name').textContent())!;
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: third, level: 1 })).toBeVisible();
});

test('import: a county sheet is previewed row by row (with a rejected row and why), then imported', async ({
  page,
  station,
}) => {
  await openSetUpStation(page, station);

  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('代表名册');
  ws.addRow(['莲花镇人大代表名册']);
  ws.addRow([]);
  ws.addRow(['代表姓名', '性别', '民族', '出生年月', '代表层级', '单位职务', '手机', '代表证号']);
  ws.addRow(['孙立平', '男', '汉族', '1970.03', '县、乡', '莲花镇党委书记', '13900000001', 'QS-201']);
  ws.addRow(['钱淑珍', '女', '汉族', '1981年6月', '乡镇', '莲花镇东山村会计', '13900000002', 'QS-202']);
  ws.addRow(['郑国华', '男', '回族', '1966-11-02', '乡镇', '莲花镇个体户', '12345', 'QS-203']);
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());

  await page.goto(`${station.server.url}#/roster`);
  await page.getByRole('button', { name: '导入名册' }).first().click();
  await expect(page.getByRole('heading', { name: '导入名册', level: 1 })).toBeVisible();

  // A file that is not a workbook is refused with a message, nothing written.
  await page.getByTestId('import-file').setInputFiles({
    name: '名册.xlsx',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('这不是表格'),
  });
  await expect(page.getByRole('alert').filter({ hasText: '这个文件不能导入' })).toBeVisible();

  await page.getByTestId('import-file').setInputFiles({
    name: '莲花镇代表名册.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer,
  });
  const preview = page.getByTestId('import-preview');
  await expect(preview).toBeVisible();
  await expect(page.getByTestId('import-count-add')).toContainText('2');
  await expect(page.getByTestId('import-count-reject')).toContainText('1');
  const rejected = preview.locator('tr.import-row-reject');
  await expect(rejected).toHaveCount(1);
  await expect(rejected).toContainText('6');
  await expect(rejected).toContainText('郑国华');
  await expect(rejected).toContainText('手机');
  expect((await station.api('roster.list', {})).total).toBe(0);
  await screenshot(page, 'roster-import-preview');

  await page.getByRole('button', { name: /确认导入/ }).click();
  await expect(page.getByText('名册已导入')).toBeVisible();
  await expect(page.getByText('新增 2 位')).toBeVisible();
  await page.getByRole('button', { name: '查看名册' }).click();
  const rows = page.getByTestId('roster-table').locator('tbody tr.roster-row');
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('roster-table')).toContainText('孙立平');
  await expect(page.getByTestId('roster-table')).toContainText('钱淑珍');
  const sun = (await station.api('roster.list', { q: 'slp' })).items[0]!;
  expect(sun).toMatchObject({ name: '孙立平', birthDate: '1970-03', cardNumber: 'QS-201' });
  expect([...sun.levels].sort()).toEqual(['乡镇', '县'].sort());
});

test('deputy groups are created and renamed with member counts; the roster exports as an xlsx that reads back', async ({
  page,
  station,
}) => {
  await seedDeputies(station);
  await openSetUpStation(page, station);
  await page.goto(`${station.server.url}#/roster`);
  await expect(page.getByTestId('roster-table').locator('tbody tr.roster-row')).toHaveCount(10);

  // 代表小组: the two seeded groups with five members each; a new one, then renamed.
  await page.getByRole('button', { name: '代表小组' }).click();
  const dialog = page.getByRole('dialog', { name: '代表小组' });
  await expect(dialog.getByRole('row', { name: /东片代表小组/ })).toContainText('5 人');
  await dialog.getByLabel('新小组名称').fill('南片代表小组');
  await dialog.getByLabel('新小组名称').press('Enter');
  await expect(dialog.getByRole('row', { name: /南片代表小组/ })).toContainText('0 人');
  await dialog
    .getByRole('row', { name: /南片代表小组/ })
    .getByRole('button', { name: '重命名' })
    .click();
  await dialog.getByLabel('小组名称', { exact: true }).fill('南湖片代表小组');
  await dialog.getByLabel('小组名称', { exact: true }).press('Enter');
  await expect(dialog.getByRole('row', { name: /南湖片代表小组/ })).toBeVisible();
  const groups = await station.api('groups.list', {});
  expect(groups.map((g) => g.name).sort()).toEqual(['东片代表小组', '南湖片代表小组', '西片代表小组'].sort());
  await dialog.getByRole('button', { name: '关闭' }).first().click();
  await expect(dialog).toBeHidden();
  // The list's keys work again once the dialog is closed.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  await expect(page.getByLabel('搜索代表')).toBeFocused();

  // 导出名册: a download of an .xlsx whose rows are the ten deputies.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出名册' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await download.path());
  const names: string[] = [];
  wb.worksheets[0]!.eachRow((row) => names.push(String(row.values.toString())));
  const text = names.join('\n');
  expect(text).toContain('姓名');
  for (const name of ['王建国', '李秀英', '周明华', '吴桂兰']) expect(text).toContain(name);
});
