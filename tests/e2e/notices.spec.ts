import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { deputyEditableFields } from '../../main/api/contract';
import { expect, openSetUpStation, screenshot, test, type StationServer } from './fixtures';

/** Printing and 保存PDF make a PDF in a second Chromium: slow on a busy two-core machine. */
const PDF_TIMEOUT = 45_000;

const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Six deputies in office with phones: the station board has a grid to draw. */
async function seedDeputies(station: StationServer): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const [name, gender, levels, workplacePost, stationRole, phone] of [
    ['王建国', '男', ['县', '乡镇'], '莲花镇东山村党支部书记', '站长', '13905710001'],
    ['李秀英', '女', ['乡镇'], '莲花镇中心小学教师', '联络员', '13905710002'],
    ['张伟', '男', ['市', '县'], '青山县农业技术推广站站长', '进站代表', '13905710003'],
    ['周明华', '男', ['县'], '莲花镇卫生院院长', '进站代表', '13905710004'],
    ['欧阳晓红', '女', ['乡镇'], '西岭村村委会主任', '进站代表', '13905710005'],
    ['陈立新', '男', ['乡镇'], '莲花镇农机合作社理事长', '进站代表', '13905710006'],
  ] as const) {
    const d = await station.api('roster.create', {
      name,
      gender,
      ethnicity: '汉族',
      levels: [...levels],
      workplacePost,
      stationRole,
      phone,
      constituency: '莲花镇第一选区',
    });
    ids[name] = d.id;
  }
  return ids;
}

/** A button by its exact text (antd puts the icon's name into the accessible name). */
const button = (scope: Locator | Page, text: string) =>
  scope.locator('button').filter({ hasText: new RegExp(`^${text}$`) });

/** An antd radio button by its text. */
const radio = (page: Page, text: string) =>
  page.locator('.ant-radio-button-wrapper').filter({ hasText: new RegExp(`^${text}$`) });

function pdfInfo(file: string): { pages: number; width: number; height: number } {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
  return { pages, width: Number(size?.[1]), height: Number(size?.[2]) };
}

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

/** The PDF is exactly one page of `w`×`h` millimetres (within a point). */
function expectOnePage(file: string, w: number, h: number) {
  const info = pdfInfo(file);
  expect(info.pages).toBe(1);
  expect(Math.abs(info.width - (w * 72) / 25.4)).toBeLessThan(1.5);
  expect(Math.abs(info.height - (h * 72) / 25.4)).toBeLessThan(1.5);
}

/**
 * Clicks 打印 and waits for this click's version to be recorded. The toast alone is not
 * enough: the page is one document, so an earlier print's toast can still be showing.
 */
async function printAndWaitForRecord(page: Page) {
  const recorded = page.waitForResponse((r) => r.url().endsWith('/api/notices.recordPrint'), {
    timeout: PDF_TIMEOUT,
  });
  await button(page, '打印').click();
  expect((await recorded).ok()).toBe(true);
  await expect(page.locator('.ant-message')).toContainText('已记录打印');
}

test('notices: a clerk makes the station board on A3 landscape, saves the PDF, sees it go stale, and cannot print an overflowing rule', async ({
  page,
  station,
}) => {
  test.setTimeout(240_000); // several boards drawn and three PDFs made in Chromium
  const tmp = mkdtempSync(join(tmpdir(), 'notices-e2e-'));
  try {
    const ids = await seedDeputies(station);
    await openSetUpStation(page, station);
    const today = (await station.api('duty.today', {})).date;
    const slot = await station.api('duty.createSlot', {
      date: addDays(today, 5),
      start: '09:00',
      end: '11:30',
      place: '联络站接待室',
      capacity: 3,
      note: '',
      deputyIds: [ids['王建国']!, ids['李秀英']!],
    });

    // 1. 打印公示 from the home page opens the boards, grouped as on the wall.
    await page.getByRole('button', { name: '打印公示' }).click();
    await expect(page).toHaveURL(/#\/notices$/);
    await expect(
      page.getByRole('heading', { name: '上墙公示', level: 1, exact: true }).first(),
    ).toBeVisible();
    for (const group of ['信息公示', '工作制度', '流程', '值班接待'])
      await expect(page.getByRole('heading', { name: group, level: 2 })).toBeVisible();
    await expect(page.getByTestId('board-station-info')).toContainText('还没有打印过');
    await screenshot(page, 'notices-list');

    // 2. 联络站信息公示栏: its own paper is A3 横版; the clerk tries A4 竖版, then goes back to A3 横版.
    await page.getByTestId('board-station-info').click();
    // .first(): the page title; the board drawn beside it may carry the same title as its own <h1>.
    await expect(
      page.getByRole('heading', { name: '联络站信息公示栏', level: 1, exact: true }).first(),
    ).toBeVisible();
    await expect(page.getByTestId('bound-data')).toContainText('代表信息来自名册');
    await expect(page.getByTestId('bound-data')).toContainText('王建国');
    // No deputy has a photo yet: the clerk is told they print as a placeholder.
    await expect(page.getByTestId('bound-warnings')).toContainText('还没有照片');
    await radio(page, 'A4').click();
    await radio(page, '竖版').click();
    await expect(page.locator('.notice-preview-caption')).toContainText('A4 竖版（210×297 毫米）');
    await expect(page).toHaveURL(/paper=A4(&|$)/);
    await radio(page, 'A3').click();
    await radio(page, '横版').click();
    await expect(page.locator('.notice-preview-caption')).toContainText('A3 横版（420×297 毫米）');

    // The title as typed shows on the preview before it is saved.
    const title = '莲花镇人大代表联络站公示栏';
    await page.getByLabel('标题', { exact: true }).fill(title);
    await expect(page.getByTestId('board-frame')).toContainText(title);
    await expect(page.getByText('文字有改动还没保存')).toBeVisible();
    await screenshot(page, 'notices-editor-station-info');

    // 3. 保存PDF saves the texts first, makes the PDF and downloads it.
    const downloadPromise = page.waitForEvent('download');
    await button(page, '保存PDF').click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const pdfFile = join(tmp, download.suggestedFilename());
    await download.saveAs(pdfFile);
    expect(readFileSync(pdfFile).subarray(0, 5).toString()).toBe('%PDF-');
    expectOnePage(pdfFile, 420, 297);
    expect(pdfText(pdfFile).replace(/\s+/g, '')).toContain(title);
    await expect(page.locator('.ant-message')).toContainText(`已保存PDF：${download.suggestedFilename()}`);
    await expect(page.getByText('文字有改动还没保存')).toBeHidden();
    expect(
      (await station.api('notices.templates', {})).find((t) => t.key === 'station-info')?.texts.title,
    ).toBe(title);
    const sha = createHash('sha256').update(readFileSync(pdfFile)).digest('hex');
    await expect(page.getByTestId('editor-versions')).toContainText('A3 横版 · 保存PDF');

    // 4. Printed from the editor, only the board comes out: one page of the chosen paper.
    const printed = join(tmp, 'editor-print.pdf');
    writeFileSync(printed, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    expectOnePage(printed, 420, 297);
    expect(pdfText(printed).replace(/\s+/g, '')).toContain(title);
    expect(pdfText(printed)).not.toContain('保存文字');

    // A print shop's board size: 900×600 mm from the presets; printing follows it.
    await radio(page, '自定义尺寸').click();
    await page.getByRole('button', { name: '900×600' }).click();
    await expect(page.locator('.notice-preview-caption')).toContainText('900×600 毫米');
    await expect(page).toHaveURL(/paper=900x600mm/);
    // Out of range: said on the field, and nothing can be printed.
    await page.getByLabel('宽（毫米）').fill('50');
    await expect(page.locator('[data-field="paper.widthMm"]')).toContainText('宽度至少100毫米');
    await expect(button(page, '保存PDF')).toBeDisabled();
    await page.getByLabel('宽（毫米）').fill('900');
    await expect(page.locator('[data-field="paper.widthMm"]')).not.toContainText('宽度至少');
    await expect(button(page, '保存PDF')).toBeEnabled();
    await screenshot(page, 'notices-editor-custom-size');
    const board = join(tmp, 'editor-board.pdf');
    writeFileSync(board, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    expectOnePage(board, 900, 600);

    // 打印 (the system dialog, stubbed here) keeps a version too.
    await page.evaluate(() => {
      (globalThis as unknown as { print: () => void }).print = () => undefined;
    });
    await printAndWaitForRecord(page);
    await expect(page.getByTestId('editor-versions')).toContainText('900×600 毫米 · 打印');

    // 5. 打印记录: both versions, the PDF's hash, and the PDF to download again.
    await page.goto(`${station.server.url}#/notices?tab=versions`);
    const rows = page.getByTestId('notice-versions').locator('tbody tr');
    await expect(rows).toHaveCount(2);
    const pdfRow = rows.filter({ hasText: 'A3 横版' });
    await expect(pdfRow).toContainText('联络站信息公示栏');
    await expect(pdfRow).toContainText('保存PDF');
    await expect(pdfRow).toContainText(sha.slice(0, 12));
    await expect(rows.filter({ hasText: '900×600 毫米' })).toContainText('打印');
    const againPromise = page.waitForEvent('download');
    await pdfRow.getByRole('button', { name: '下载PDF' }).click();
    const again = await againPromise;
    const againFile = join(tmp, `again-${again.suggestedFilename()}`);
    await again.saveAs(againFile);
    expect(createHash('sha256').update(readFileSync(againFile)).digest('hex')).toBe(sha);
    await screenshot(page, 'notices-versions');

    // 6. A deputy's phone changes: the home page says the board needs reprinting, and why.
    const zhang = await station.api('roster.get', { id: ids['张伟']! });
    await station.api('roster.update', {
      ...deputyEditableFields(zhang),
      id: zhang.id,
      phone: '13905719999',
    });
    await page.goto(`${station.server.url}#/`);
    const card = page.getByTestId('stale-notices');
    await expect(card).toContainText('公示需要重新打印');
    await expect(card).toContainText('联络站信息公示栏');
    await expect(card).toContainText('张伟的联系电话改了');
    await screenshot(page, 'notices-home-stale');
    // The board's card on the notices page says so too, in red.
    await page.goto(`${station.server.url}#/notices`);
    await expect(page.getByTestId('board-station-info').getByTestId('board-stale')).toContainText(
      '张伟的联系电话改了',
    );
    await screenshot(page, 'notices-list-stale');
    // 重新打印 opens the board on the paper it was last printed on.
    await page.goto(`${station.server.url}#/`);
    await card.getByRole('button', { name: '重新打印' }).click();
    await expect(
      page.getByRole('heading', { name: '联络站信息公示栏', level: 1, exact: true }).first(),
    ).toBeVisible();
    await expect(page.locator('.notice-preview-caption')).toContainText('900×600 毫米');
    // Printed again (the dialog stubbed), the board is up to date and the home card goes away.
    await page.evaluate(() => {
      (globalThis as unknown as { print: () => void }).print = () => undefined;
    });
    await printAndWaitForRecord(page);
    expect(await station.api('notices.stale', {})).toEqual([]);
    await page.goto(`${station.server.url}#/`);
    await expect(page.getByTestId('notices-due')).toBeVisible();
    await expect(page.getByTestId('stale-notices')).toBeHidden();

    // 7. A rule text too long for A4: flagged in red, and neither 打印 nor 保存PDF is possible.
    await page.goto(`${station.server.url}#/notices`);
    await page.getByTestId('board-rule-work').click();
    await expect(
      page.getByRole('heading', { name: '代表联络站工作制度', level: 1, exact: true }).first(),
    ).toBeVisible();
    await radio(page, 'A4').click();
    await radio(page, '竖版').click();
    const body = page.getByLabel('正文', { exact: true });
    await body.fill(
      Array.from(
        { length: 60 },
        (_, i) =>
          `${i + 1}. 联络站工作人员应当认真负责，及时登记选民反映的意见建议，按时交办转办并跟踪答复。`,
      ).join('\n'),
    );
    const overflow = page.getByTestId('board-overflow');
    await expect(overflow).toBeVisible();
    await expect(overflow).toContainText('A4 竖版上放不下');
    await expect(button(page, '打印')).toBeDisabled();
    await expect(button(page, '保存PDF')).toBeDisabled();
    await screenshot(page, 'notices-editor-overflow');
    // Back to the shipped text on A3: it fits again.
    await button(page, '恢复默认').click();
    await radio(page, 'A3').click();
    await expect(overflow).toBeHidden();
    await expect(button(page, '保存PDF')).toBeEnabled();
    await screenshot(page, 'notices-editor-rule');

    // 8. The 接待日公告 is made here too: the home page's reminder opens it in the editor …
    await page.goto(`${station.server.url}#/`);
    await page.getByTestId('notices-due').getByRole('button', { name: '打印' }).click();
    await expect(
      page.getByRole('heading', { name: '接待日公告', level: 1, exact: true }).first(),
    ).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`#/notices/edit/reception-notice\\?subject=${slot.id}`));
    await expect(page.getByRole('combobox', { name: '哪一次接待' })).toBeVisible();
    await expect(page.getByTestId('bound-data')).toContainText('李秀英、王建国');
    await expect(page.getByTestId('notice-post-by')).toContainText('前张贴');
    await expect(page.getByTestId('board-frame')).toContainText('联络站接待室');
    await screenshot(page, 'notices-editor-reception-notice');
    // … printing it marks the slot's notice as posted, as the duty schedule's reminder expects …
    await page.evaluate(() => {
      (globalThis as unknown as { print: () => void }).print = () => undefined;
    });
    await button(page, '打印').click();
    await expect(page.getByTestId('notice-post-by')).toContainText('打印过', { timeout: PDF_TIMEOUT });
    expect((await station.api('duty.getSlot', { id: slot.id })).noticePrintedAt).not.toBeNull();
    // … and the old address still leads to it.
    await page.goto(`${station.server.url}#/duty/notice/${slot.id}`);
    await expect(page).toHaveURL(new RegExp(`#/notices/edit/reception-notice\\?subject=${slot.id}`));
    await expect(
      page.getByRole('heading', { name: '接待日公告', level: 1, exact: true }).first(),
    ).toBeVisible();

    // 值班表（月）: this month's or next month's schedule, as the date says.
    await page.goto(`${station.server.url}#/notices/edit/duty-month`);
    await expect(
      page.getByRole('heading', { name: '值班表（月）', level: 1, exact: true }).first(),
    ).toBeVisible();
    await expect(page).toHaveURL(/subject=\d{4}-\d{2}/);
    await screenshot(page, 'notices-editor-duty-month');

    await page.goto(`${station.server.url}#/notices/edit/workflow`);
    await expect(
      page.getByRole('heading', { name: '接待选民工作流程', level: 1, exact: true }).first(),
    ).toBeVisible();
    await screenshot(page, 'notices-editor-workflow');

    // No browser to make PDFs on this PC: refused in Chinese, and nothing is kept.
    const maker = station.ctx.pdf;
    station.ctx.pdf = null;
    try {
      await button(page, '保存PDF').click();
      const problem = page.getByTestId('output-problem');
      await expect(problem).toContainText('没有生成PDF', { timeout: PDF_TIMEOUT });
      await expect(problem).toContainText('找不到可以生成PDF的浏览器');
      await screenshot(page, 'notices-editor-no-pdf-maker');
    } finally {
      station.ctx.pdf = maker;
    }
    expect((await station.api('notices.versions', { template: 'workflow' })).total).toBe(0);

    // An unknown template is refused with a way back.
    await page.goto(`${station.server.url}#/notices/edit/no-such-board`);
    await expect(page.getByText('没有这个公示模板')).toBeVisible();
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
