import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { BoardData, CallInput } from '../../main/api/contract';
import {
  NOTICE_TEMPLATES,
  boardRoute,
  paperLabel,
  paperMm,
  type NoticeTemplateKey,
  type Paper,
} from '../../resources/notices/catalog';
import { expect, SAMPLE_STATION, screenshot, test, type StationServer } from './fixtures';

/**
 * The wall notices drawn by the print route, for every template and paper: the board reports
 * it fits, the DOM agrees on its own (nothing spills out of a box or off the board), and the
 * PDF Chromium makes from it has the paper's size, one page, the Chinese text and only the
 * bundled fonts, embedded.
 */

// The page's DOM, typed just enough for the code run in the page (the Node tsconfig has no DOM lib).
interface PageRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}
interface PageElement {
  tagName: string;
  namespaceURI: string | null;
  textContent: string | null;
  parentElement: PageElement | null;
  scrollWidth: number;
  scrollHeight: number;
  clientWidth: number;
  clientHeight: number;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): PageRect;
  querySelectorAll(selector: string): Iterable<PageElement>;
}
interface PageCanvas {
  width: number;
  height: number;
  toDataURL(type: string, quality: number): string;
  getContext(kind: '2d'): {
    fillStyle: string;
    fillRect(x: number, y: number, w: number, h: number): void;
    beginPath(): void;
    arc(x: number, y: number, r: number, a: number, b: number): void;
    fill(): void;
  } | null;
}
declare const document: {
  documentElement: PageElement & {
    removeAttribute(name: string): void;
    hasAttribute(name: string): boolean;
  };
  querySelector(selector: string): PageElement | null;
  createElement(tag: 'canvas'): PageCanvas;
};
declare function getComputedStyle(el: PageElement): { overflow: string };
declare const sessionStorage: { setItem(key: string, value: string): void };

const PAPERS: Paper[] = [
  { size: 'A4', orientation: 'portrait' },
  { size: 'A4', orientation: 'landscape' },
  { size: 'A3', orientation: 'portrait' },
  { size: 'A3', orientation: 'landscape' },
  { size: 'custom', orientation: 'landscape', widthMm: 900, heightMm: 600 },
];

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾';
const GIVEN = [
  '建国',
  '秀英',
  '明华',
  '晓红',
  '志强',
  '丽娟',
  '海燕',
  '国庆',
  '春梅',
  '德胜',
  '玉兰',
  '文杰',
];
const LONG_WORKPLACE =
  '青山县莲花镇人民政府农业农村综合服务中心副主任兼东山村驻村第一书记、乡村振兴工作队队长、镇人大代表小组组长';

const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** An ID-photo-like JPEG drawn on a canvas in the page (the service takes JPEGs only). */
async function photoJpeg(page: Page, hue: number): Promise<string> {
  return page.evaluate((h) => {
    const canvas = document.createElement('canvas');
    canvas.width = 240;
    canvas.height = 320;
    const g = canvas.getContext('2d')!;
    g.fillStyle = `hsl(${h}, 45%, 55%)`;
    g.fillRect(0, 0, 240, 320);
    g.fillStyle = '#f0d2b4';
    g.beginPath();
    g.arc(120, 130, 58, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = '#2b2b2b';
    g.fillRect(40, 215, 160, 105);
    return canvas.toDataURL('image/jpeg', 0.85).replace(/^data:image\/jpeg;base64,/, '');
  }, hue);
}

/** `count` deputies; the first three are 站长, 联络员 and 副站长; every third has a photo. */
async function seedDeputies(
  page: Page,
  station: StationServer,
  count: number,
  options: { photos?: boolean; from?: number } = {},
): Promise<string[]> {
  const names: string[] = [];
  const from = options.from ?? 0;
  for (let i = from; i < from + count; i++) {
    const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length + i) % GIVEN.length]}`;
    const input: CallInput<'roster.create'> = {
      name,
      gender: i % 2 ? '女' : '男',
      ethnicity: '汉族',
      levels: i % 3 === 0 ? ['县', '乡镇'] : i % 3 === 1 ? ['乡镇'] : ['市', '县'],
      workplacePost: i === 7 ? LONG_WORKPLACE : `莲花镇${['东山村', '西岭村', '桃源村'][i % 3]}党支部书记`,
      constituency: `第${(i % 9) + 1}选区（${['东山村', '西岭村', '桃源村'][i % 3]}）`,
      phone: `1380571${String(2000 + i)}`,
      stationRole: i === 0 ? '站长' : i === 1 ? '联络员' : i === 2 ? '副站长' : '进站代表',
    };
    const deputy = await station.api('roster.create', input);
    if (options.photos && i % 3 === 0)
      await station.api('roster.setPhoto', {
        id: deputy.id,
        jpegBase64: await photoJpeg(page, (i * 37) % 360),
      });
    names.push(name);
  }
  return names;
}

function printUrl(
  station: StationServer,
  template: NoticeTemplateKey,
  subject: string,
  paper: Paper,
): string {
  return `${station.server.url}#${boardRoute({ template, subject, paper })}`;
}

/** Opens the print route (a hash change after the first load) and waits for the board's verdict. */
async function openBoard(page: Page, url: string): Promise<{ state: string; problem: string }> {
  await page.evaluate(() => {
    document.documentElement.removeAttribute('data-board-ready');
    document.documentElement.removeAttribute('data-board-problem');
  });
  await page.goto(url);
  return verdict(page);
}

/** Waits for the board's data-board-ready and reads it with data-board-problem. */
async function verdict(page: Page): Promise<{ state: string; problem: string }> {
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-board-ready'), null, {
    timeout: 20_000,
  });
  return page.evaluate(() => ({
    state: document.documentElement.getAttribute('data-board-ready') ?? '',
    problem: document.documentElement.getAttribute('data-board-problem') ?? '',
  }));
}

/**
 * Checked in the DOM without the fit engine: no element lies outside the board, none outside a
 * clipping ancestor, and no clipping element holds more than it shows; the board has the
 * paper's size. Returns what is wrong (empty when all is well).
 */
async function layoutFaults(page: Page, paper: Paper): Promise<string[]> {
  const { width, height } = paperMm(paper);
  return page.evaluate(
    ({ widthPx, heightPx }) => {
      const faults: string[] = [];
      const board = document.querySelector('.nb-board');
      if (!board) return ['no board'];
      const b = board.getBoundingClientRect();
      if (Math.abs(b.width - widthPx) > 1 || Math.abs(b.height - heightPx) > 1)
        faults.push(`board is ${b.width}×${b.height}px, paper ${widthPx}×${heightPx}px`);
      const name = (el: PageElement) =>
        `${el.tagName.toLowerCase()}.${String(el.getAttribute('class') ?? '').replace(/\s+/g, '.')} “${(el.textContent ?? '').slice(0, 20)}”`;
      const tol = 1;
      const outside = (r: PageRect, box: PageRect) =>
        r.left < box.left - tol ||
        r.top < box.top - tol ||
        r.right > box.right + tol ||
        r.bottom > box.bottom + tol;
      for (const el of Array.from(board.querySelectorAll('*'))) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        if (outside(r, b)) faults.push(`outside the board: ${name(el)}`);
        // Inside every clipping ancestor (up to the board).
        for (let a = el.parentElement; a && a !== board; a = a.parentElement) {
          if (getComputedStyle(a).overflow === 'visible') continue;
          if (outside(r, a.getBoundingClientRect())) faults.push(`clipped by ${name(a)}: ${name(el)}`);
          break;
        }
        const html = el.namespaceURI === 'http://www.w3.org/1999/xhtml';
        if (html && getComputedStyle(el).overflow !== 'visible') {
          if (el.scrollHeight > el.clientHeight + tol || el.scrollWidth > el.clientWidth + tol)
            faults.push(
              `overflows: ${name(el)} ${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}`,
            );
        }
      }
      return faults.slice(0, 10);
    },
    { widthPx: (width * 96) / 25.4, heightPx: (height * 96) / 25.4 },
  );
}

const PLAN_THEMES: [type: CallInput<'plan.create'>['type'], theme: string][] = [
  ['集中学习', '学习宪法和代表法'],
  ['联系群众', '新春走访困难群众'],
  ['培训', '代表履职能力培训'],
  ['视察', '视察农村人居环境整治'],
  ['专题调研', '调研农村饮水安全工程运行管理情况'],
  ['代表小组活动', '第一代表小组联系选民活动'],
  ['执法检查', '食品安全法执法检查'],
  ['主题活动', '“代表在身边”主题活动'],
  ['集中学习', '学习监督法和预算法'],
  ['述职', '镇人大代表向选民述职'],
  ['视察', '视察美丽乡村建设'],
  ['其他', '年度工作总结'],
];
const PARTICIPANTS = ['全体进站代表', '第一代表小组全体代表', '县、镇人大代表，部分选民代表', ''];

/** `count` plan items of `year`, spread over the months; every third has a fixed day. */
async function seedPlan(
  station: StationServer,
  year: string,
  count: number,
  responsible: string[],
  options: { long?: boolean } = {},
): Promise<void> {
  for (let i = 0; i < count; i++) {
    const month = Math.floor((i * 12) / Math.max(count, 1)) + 1;
    const [type, theme] = PLAN_THEMES[i % PLAN_THEMES.length]!;
    const long = '，听取群众意见建议，形成调研报告并提交镇人大主席团研究处理';
    await station.api('plan.create', {
      year: Number(year),
      month,
      date:
        i % 3 === 0
          ? `${year}-${String(month).padStart(2, '0')}-${String(8 + (i % 20)).padStart(2, '0')}`
          : '',
      type,
      theme: options.long ? `${theme}${long}`.slice(0, 60) : theme,
      responsible: responsible[i % responsible.length] ?? '',
      participants: options.long
        ? `${PARTICIPANTS[i % 3]}；${'各村（社区）党组织书记、村民代表、部分企业负责人和群众代表'.repeat(4)}`.slice(
            0,
            200,
          )
        : PARTICIPANTS[i % PARTICIPANTS.length]!,
      note: '',
    });
  }
}

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });

/** Page size, page count, text and fonts of a PDF, read with poppler. */
function checkPdf(file: string, paper: Paper, expectedTexts: string[], what: string): void {
  const { width, height } = paperMm(paper);
  const info = run('pdfinfo', [file]);
  expect(info, `${what}: one page`).toMatch(/^Pages:\s+1$/m);
  const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info);
  expect(size, `${what}: page size in pdfinfo`).not.toBeNull();
  expect(Math.abs(Number(size![1]) - (width / 25.4) * 72), `${what}: page width`).toBeLessThanOrEqual(1);
  expect(Math.abs(Number(size![2]) - (height / 25.4) * 72), `${what}: page height`).toBeLessThanOrEqual(1);

  // Letter-spaced titles come out with spaces between the characters.
  const text = run('pdftotext', [file, '-']).replace(/\s+/g, '');
  for (const t of expectedTexts)
    expect(text, `${what}: the PDF's text has “${t}”`).toContain(t.replace(/\s+/g, ''));

  const rows = run('pdffonts', [file])
    .split('\n')
    .slice(2)
    .filter((line) => line.trim());
  expect(rows.length, `${what}: fonts in the PDF`).toBeGreaterThan(0);
  const families = new Set<string>();
  for (const row of rows) {
    const cols = row.trim().split(/\s+/);
    const [fontName] = cols;
    // name, type (one or two words), encoding, emb, sub, uni, object id, generation
    const emb = cols[cols.length - 5];
    expect(emb, `${what}: ${fontName} is embedded`).toBe('yes');
    const family = /^[A-Z]{6}\+(NotoSansSC|NotoSerifSC)/.exec(fontName ?? '')?.[1];
    expect(family, `${what}: ${fontName} is a subset of a bundled Noto font`).toBeDefined();
    families.add(family!);
  }
  expect([...families].sort(), `${what}: both bundled faces`).toEqual(['NotoSansSC', 'NotoSerifSC']);
}

async function signIn(page: Page, station: StationServer): Promise<void> {
  await page.addInitScript(
    (token) => sessionStorage.setItem('station-desk.token', token),
    station.server.token,
  );
  await page.goto(`${station.server.url}#/`);
}

/** The subject each template needs: none, a month, a year, a slot. */
interface Subjects {
  month: string;
  year: string;
  slot: string;
}
const subjectOf = (key: NoticeTemplateKey, s: Subjects) => {
  const kind = NOTICE_TEMPLATES.find((t) => t.key === key)!.subject;
  return kind === 'month' ? s.month : kind === 'year' ? s.year : kind === 'slot' ? s.slot : '';
};

/** Text each board must carry in its PDF: its title and a value bound from the database. */
function expectedTexts(data: BoardData): string[] {
  const title = data.texts.title!;
  switch (data.template) {
    case 'station-info':
      return [title, data.station.phone, data.deputies[3]!.name, data.leaders.liaisons[0]!];
    case 'workflow':
      return [title, data.station.phone, '接待登记', '反馈群众'];
    case 'duty-month':
    case 'duty-year':
      return [title, data.subjectText, data.slots[0]!.deputies[0]!];
    case 'reception-notice':
      return [title, data.notice!.slot.place, data.notice!.deputies[0]!.name, data.station.phone];
    case 'activity-plan':
      return [title, data.subjectText, '活动主题', data.plan[0]!.theme, data.plan[0]!.responsible];
    default:
      return [title, data.station.name];
  }
}

test('every board on every paper: fits, nothing spills, PDF of the right size with the text and embedded Noto fonts', async ({
  page,
  station,
}) => {
  test.setTimeout(240_000);
  await station.api('station.setup', SAMPLE_STATION);
  await signIn(page, station);
  const names = await seedDeputies(page, station, 24, { photos: true });

  // A weekly rule planned over next year (a year board of ~100 slots) and this month.
  const today = (await station.api('duty.today', {})).date;
  const nextYear = String(Number(today.slice(0, 4)) + 1);
  await station.api('duty.createRule', {
    name: '每周接待选民日',
    kind: '每周',
    weekdays: [3, 5],
    times: [{ start: '09:00', end: '11:30' }],
    place: '联络站接待室',
    deputiesPerSlot: 3,
    startDate: today,
  });
  await station.api('duty.plan', { from: today, to: addDays(today, 40) });
  await station.api('duty.plan', { from: `${nextYear}-01-01`, to: `${nextYear}-12-31` });
  await station.api('duty.updateSettings', {
    acceptScope: '群众对本镇经济社会发展和民生实事的意见和建议；涉法涉诉、信访事项按有关规定处理。',
  });
  const month = `${nextYear}-03`;
  const slots = await station.api('duty.slots', { from: `${month}-01`, to: `${month}-31` });
  expect(slots.length).toBeGreaterThan(4);
  const subjects: Subjects = { month, year: nextYear, slot: slots[0]!.id };
  // A year's plan of two items a month (a typical station's).
  await seedPlan(station, nextYear, 24, names.slice(0, 5));

  const pdfDir = mkdtempSync(join(tmpdir(), 'notice-boards-'));
  try {
    for (const spec of NOTICE_TEMPLATES) {
      const subject = subjectOf(spec.key, subjects);
      const data = await station.api('notices.data', { template: spec.key, subject });
      if (spec.key === 'duty-year') expect(data.slots.length).toBeGreaterThan(90);
      if (spec.key === 'station-info') expect(data.deputies).toHaveLength(24);
      if (spec.key === 'activity-plan') expect(data.plan).toHaveLength(24);
      const texts = expectedTexts(data);
      for (const paper of PAPERS) {
        const what = `${spec.name} ${paperLabel(paper)}`;
        const verdict = await openBoard(page, printUrl(station, spec.key, subject, paper));
        expect(verdict, what).toEqual({ state: 'ok', problem: '' });
        expect(await layoutFaults(page, paper), `${what}: layout faults`).toEqual([]);
        const title = await page.title();
        expect(title, what).toContain(spec.name);
        if (paper.size === spec.paper.size && paper.orientation === spec.paper.orientation)
          await screenshot(page, `notice-board-${spec.key}`);
        const file = join(pdfDir, `${spec.key}-${paper.size}-${paper.orientation}.pdf`);
        await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
        checkPdf(file, paper, texts, what);
      }
    }
  } finally {
    rmSync(pdfDir, { recursive: true, force: true });
  }
});

test('deputies: a placeholder for a missing photo, never a broken image; 4 and 60 deputies fit on A4, 200 only on a big board', async ({
  page,
  station,
}) => {
  test.setTimeout(120_000);
  await station.api('station.setup', SAMPLE_STATION);
  await signIn(page, station);
  const a4: Paper = { size: 'A4', orientation: 'portrait' };

  // No deputies yet: the board says so instead of drawing an empty grid.
  expect((await openBoard(page, printUrl(station, 'station-info', '', a4))).state).toBe('ok');
  await expect(page.locator('.nb-placeholder-line')).toContainText('还没有');

  await seedDeputies(page, station, 4, { photos: true });
  const four = await openBoardFresh(page, printUrl(station, 'station-info', '', a4));
  expect(four).toEqual({ state: 'ok', problem: '' });
  await expect(page.getByTestId('deputy-card')).toHaveCount(4);
  // Deputies 0 and 3 have photos; 1 and 2 get the silhouette.
  await expect(page.locator('.nb-photo img')).toHaveCount(2);
  await expect(page.locator('.nb-photo-placeholder')).toHaveCount(2);
  const sizes = await page
    .locator('img')
    .evaluateAll((imgs) => imgs.map((img) => (img as unknown as { naturalWidth: number }).naturalWidth));
  expect(sizes.every((w) => w > 0)).toBe(true);
  await expect(page.locator('.nb-card', { hasText: '站长' }).first()).toBeVisible();
  expect(await layoutFaults(page, a4)).toEqual([]);
  await screenshot(page, 'notice-board-station-info-4-A4');

  await seedDeputies(page, station, 56, { from: 4 });
  const sixty = await openBoardFresh(page, printUrl(station, 'station-info', '', a4));
  expect(sixty).toEqual({ state: 'ok', problem: '' });
  await expect(page.getByTestId('deputy-card')).toHaveCount(60);
  expect(await layoutFaults(page, a4)).toEqual([]);
  await screenshot(page, 'notice-board-station-info-60-A4');

  // 200 deputies fit on A3 only in type under a millimetre: refused with what to do instead.
  await seedDeputies(page, station, 140, { from: 60 });
  const a3: Paper = { size: 'A3', orientation: 'landscape' };
  const crowded = await openBoardFresh(page, printUrl(station, 'station-info', '', a3));
  expect(crowded.state).toBe('overflow');
  expect(crowded.problem).toContain('进站代表有200位，在 A3 横版上每位代表的字太小');
  const big: Paper = { size: 'custom', orientation: 'landscape', widthMm: 1200, heightMm: 800 };
  expect(await openBoardFresh(page, printUrl(station, 'station-info', '', big))).toEqual({
    state: 'ok',
    problem: '',
  });
});

/** Opens a board after a full load, so data changed through the API is read afresh. */
async function openBoardFresh(page: Page, url: string) {
  await page.goto(url);
  // A full load: the new document has no verdict until its board is measured.
  await page.reload();
  return verdict(page);
}

test('a rule text too long for A4 is reported in Chinese and fits on a large board; bad URLs say why', async ({
  page,
  station,
}) => {
  await station.api('station.setup', SAMPLE_STATION);
  await signIn(page, station);
  const paragraph =
    '联络站应当坚持以人民为中心，密切联系群众，认真倾听群众意见和建议，及时反映群众的呼声和要求。';
  const body = Array.from({ length: 120 }, (_, i) => `${i + 1}. ${paragraph}`)
    .join('\n')
    .slice(0, 6000);
  await station.api('notices.saveTexts', { template: 'rule-work', texts: { body } });

  const a4 = await openBoard(
    page,
    printUrl(station, 'rule-work', '', { size: 'A4', orientation: 'portrait' }),
  );
  expect(a4.state).toBe('overflow');
  expect(a4.problem).toContain('正文太长，在 A4 竖版上放不下');
  // The DOM agrees on its own: the body holds more than it shows (clipped, not spilled).
  const faults = await layoutFaults(page, { size: 'A4', orientation: 'portrait' });
  expect(faults.some((f) => f.startsWith('overflows: div.nb-text'))).toBe(true);

  const board: Paper = { size: 'custom', orientation: 'landscape', widthMm: 900, heightMm: 600 };
  expect(await openBoardFresh(page, printUrl(station, 'rule-work', '', board))).toEqual({
    state: 'ok',
    problem: '',
  });
  expect(await layoutFaults(page, board)).toEqual([]);
  await screenshot(page, 'notice-board-rule-long-900x600');

  const unknown = await openBoardFresh(page, `${station.server.url}#/print/board?t=no-such&s=&p=A4`);
  expect(unknown.state).toBe('error');
  expect(unknown.problem).toContain('没有“no-such”这个公示模板');
  const badPaper = await openBoardFresh(page, `${station.server.url}#/print/board?t=duties&s=&p=A5`);
  expect(badPaper.state).toBe('error');
  expect(badPaper.problem).toContain('纸张尺寸“A5”不对');
  const badSubject = await openBoardFresh(page, `${station.server.url}#/print/board?t=duty-month&s=&p=A4`);
  expect(badSubject.state).toBe('error');
  expect(badSubject.problem).toContain('没能读取公示内容');
  await expect(page.getByTestId('board-error')).toBeVisible();
});

test('the annual plan board: 0 and 40 items fit on A4, 90 long ones are refused, a year without a plan cannot be printed', async ({
  page,
  station,
}) => {
  test.setTimeout(180_000);
  await station.api('station.setup', SAMPLE_STATION);
  await signIn(page, station);
  const names = await seedDeputies(page, station, 6);
  const year = Number((await station.api('duty.today', {})).date.slice(0, 4));
  const [full, crowded, empty] = [year + 2, year + 3, year + 4].map(String) as [string, string, string];
  const a4: Paper = { size: 'A4', orientation: 'portrait' };
  const a4Landscape: Paper = { size: 'A4', orientation: 'landscape' };

  // No plan: the print route draws the board saying so (the service refuses to print it).
  expect(await openBoard(page, printUrl(station, 'activity-plan', empty, a4))).toEqual({
    state: 'ok',
    problem: '',
  });
  await expect(page.locator('.nb-empty')).toHaveText('本年度暂无活动计划');
  const refused = await station.rawApi('notices.exportPdf', {
    template: 'activity-plan',
    subject: empty,
    paper: a4,
  });
  expect(refused.ok ? '' : refused.error.message).toContain('请先在“活动记录 → 年度活动计划”中制定计划');

  // Forty items on A4, both ways.
  await seedPlan(station, full, 40, names);
  for (const paper of [a4, a4Landscape]) {
    const what = `40 items on ${paperLabel(paper)}`;
    expect(await openBoardFresh(page, printUrl(station, 'activity-plan', full, paper)), what).toEqual({
      state: 'ok',
      problem: '',
    });
    await expect(page.getByTestId('plan-row')).toHaveCount(40);
    expect(await layoutFaults(page, paper), what).toEqual([]);
    await screenshot(page, `notice-board-activity-plan-40-${paper.orientation}`);
  }

  // Forty items with the longest themes and participants still fit on A3; ninety of them
  // would print under 1.2 mm on A4: refused, saying what to do.
  await seedPlan(station, crowded, 40, names, { long: true });
  const a3: Paper = { size: 'A3', orientation: 'portrait' };
  expect(await openBoardFresh(page, printUrl(station, 'activity-plan', crowded, a3))).toEqual({
    state: 'ok',
    problem: '',
  });
  expect(await layoutFaults(page, a3)).toEqual([]);
  await screenshot(page, 'notice-board-activity-plan-40-long-A3');
  await seedPlan(station, crowded, 50, names, { long: true });
  const tooMuch = await openBoardFresh(page, printUrl(station, 'activity-plan', crowded, a4));
  expect(tooMuch.state).toBe('overflow');
  expect(tooMuch.problem).toBe('活动计划太长，在 A4 竖版上放不下：请删减文字或换用 A3。');

  // The editor: a year without a plan says where to make one and cannot be printed.
  await page.goto(`${station.server.url}#/notices/edit/activity-plan?subject=${empty}`);
  await expect(page.getByTestId('no-plan')).toContainText(`${empty}年还没有年度活动计划`);
  await expect(page.getByTestId('no-plan')).toContainText('请先在“活动记录 → 年度活动计划”中制定计划');
  await expect(page.getByRole('button', { name: '保存PDF' })).toBeDisabled();
  await expect(page.locator('.nb-board')).toHaveCount(0);
  await screenshot(page, 'notice-editor-activity-plan-none');
  await page.goto(`${station.server.url}#/notices/edit/activity-plan?subject=${full}&paper=A4`);
  await expect(page.locator('.nb-board')).toBeVisible();
  await expect(page.getByTestId('no-plan')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '保存PDF' })).toBeEnabled({ timeout: 20_000 });
  await screenshot(page, 'notice-editor-activity-plan');
});
