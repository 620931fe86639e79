import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { addDays, dateInZone } from '../../db/time';
import type { DeputyInput } from '../../main/api/contract';
import { closeStation, openStation, type ServiceContext } from '../../main/services/context';
import { fileKeyStore } from '../../main/services/key-store';
import { callOk, SAMPLE_STATION } from '../helpers/station';
import { SAMPLE_DEPUTY, TINY_JPEG } from '../helpers/roster';
import { SCREENSHOTS } from './fixtures';

/**
 * `station-desk notice` as a clerk or a script runs it: the built CLI (out/main/cli.js) as its
 * own process, drawing the boards through Debian's Chromium into real PDFs, checked with
 * poppler (page size, Chinese text, embedded fonts).
 */

const MM_TO_PT = 72 / 25.4;

let root: string;
let data: string;
/** A reception day five days ahead (the CLI runs on the real clock): its notice is due. */
const slotDate = addDays(dateInZone(new Date(), 'Asia/Shanghai'), 5);

const PEOPLE: (Partial<DeputyInput> & { name: string })[] = [
  { name: '张三', cardNumber: 'QS18-0001', stationRole: '站长', levels: ['县', '乡镇'] },
  { name: '李秀英', cardNumber: 'QS18-0002', stationRole: '联络员', phone: '13905710002' },
  { name: '王建国', cardNumber: 'QS18-0003', constituency: '第二选区（荷塘村）', phone: '13905710003' },
  { name: '赵丽', cardNumber: 'QS18-0004', gender: '女', phone: '13905710004' },
];
const ids = new Map<string, string>();

/** Opens the data folder in this process for a few calls, as the app would. */
async function withData(fn: (ctx: ServiceContext) => Promise<void>): Promise<void> {
  const ctx = await openStation(data, { keyStore: fileKeyStore(data), mode: 'cli', appVersion: 'e2e' });
  try {
    await fn(ctx);
  } finally {
    await closeStation(ctx);
  }
}

/** Runs the built command line. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ['out/main/cli.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const poppler = (tool: string, ...args: string[]) => {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  expect(r.status, `${tool} ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
};

/** Page size in points from pdfinfo ("Page size: 1190.55 x 841.89 pts (A3)"). */
function pageSize(file: string): { width: number; height: number; pages: number } {
  const info = poppler('pdfinfo', file);
  const m = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
  expect(m, info).not.toBeNull();
  return { width: Number(m![1]), height: Number(m![2]), pages: Number(/Pages:\s+(\d+)/.exec(info)![1]) };
}

/** Chromium sizes the page in whole CSS pixels, so a side may differ from the exact mm by <1 pt. */
function expectPt(actual: number, mm: number): void {
  expect(Math.abs(actual - mm * MM_TO_PT), `${actual} pt for ${mm} mm`).toBeLessThan(1.5);
}

/** pdffonts' rows: name and whether the font is embedded. */
function fonts(file: string): { name: string; embedded: boolean }[] {
  return poppler('pdffonts', file)
    .split('\n')
    .slice(2)
    .filter((line) => line.trim())
    .map((line) => {
      const cols = line.trim().split(/\s+/);
      // name type [encoding…] emb sub uni object ID: emb is the 5th column from the end.
      return { name: cols[0]!, embedded: cols[cols.length - 5] === 'yes' };
    });
}

/** A first look for people: the PDF's first page as a PNG beside the e2e screenshots. */
function preview(file: string, name: string): void {
  mkdirSync(SCREENSHOTS, { recursive: true });
  poppler('pdftoppm', '-png', '-r', '40', '-singlefile', file, join(SCREENSHOTS, name));
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'station-desk-notice-cli-'));
  data = join(root, 'data');
  await withData(async (ctx) => {
    await callOk(ctx, 'station.setup', SAMPLE_STATION);
    for (const p of PEOPLE) {
      const d = await callOk<{ id: string }>(ctx, 'roster.create', { ...SAMPLE_DEPUTY, ...p });
      ids.set(p.name, d.id);
      if (p.name === '张三') await callOk(ctx, 'roster.setPhoto', { id: d.id, jpegBase64: TINY_JPEG });
    }
    await callOk(ctx, 'duty.createSlot', {
      date: slotDate,
      start: '09:00',
      end: '11:30',
      place: '莲花镇人大代表联络站接待室',
      capacity: 2,
      note: '',
      deputyIds: [ids.get('张三'), ids.get('赵丽')],
    });
    expect(await callOk<unknown[]>(ctx, 'duty.noticesDue', {})).toHaveLength(1);
  });
});

test.afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

test('notice list names every template; render draws the station board on A3 landscape', async () => {
  test.setTimeout(180_000);
  const list = cli(['notice', 'list', '--json']);
  expect(list.code, list.stderr).toBe(0);
  const catalog = JSON.parse(list.stdout) as {
    templates: { key: string; name: string; paperLabel: string }[];
  };
  expect(catalog.templates).toHaveLength(12);
  expect(catalog.templates[0]).toMatchObject({
    key: 'station-info',
    name: '联络站信息公示栏',
    paperLabel: 'A3 横版',
  });

  const out = join(root, 'station-info-A3.pdf');
  const made = cli([
    'notice',
    'render',
    'station-info',
    '--data',
    data,
    '--size',
    'A3',
    '--landscape',
    '--out',
    out,
    '--json',
  ]);
  expect(made.code, made.stderr + made.stdout).toBe(0);
  const result = JSON.parse(made.stdout) as {
    file: string;
    size: number;
    sha256: string;
    print: { how: string; paperLabel: string; pdfSha256: string };
  };
  const bytes = readFileSync(out);
  expect(result).toMatchObject({ file: out, size: bytes.length });
  expect(result.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  expect(result.print).toMatchObject({ how: '保存PDF', paperLabel: 'A3 横版', pdfSha256: result.sha256 });
  // No temp file left beside it.
  expect(readdirSync(root).filter((f) => f.includes('.tmp'))).toEqual([]);

  const size = pageSize(out);
  expect(size.pages).toBe(1);
  expectPt(size.width, 420);
  expectPt(size.height, 297);
  const text = poppler('pdftotext', '-layout', out, '-').replace(/\s+/g, '');
  for (const words of [
    '人大代表联络站信息公示栏',
    SAMPLE_STATION.name,
    SAMPLE_STATION.phone,
    '张三',
    '李秀英',
    '王建国',
    '赵丽',
    '13905710003',
  ])
    expect(text, `the PDF should read “${words}”`).toContain(words);
  const used = fonts(out);
  expect(used.length).toBeGreaterThan(0);
  expect(used.filter((f) => !f.embedded)).toEqual([]);
  expect(used.some((f) => /Noto/i.test(f.name))).toBe(true);
  preview(out, 'notice-cli-station-info-A3-landscape');

  // The version is kept: notice list --data shows it, and nothing needs reprinting yet.
  const listed = cli(['notice', 'list', '--data', data, '--json']);
  expect(listed.code, listed.stderr).toBe(0);
  const withData = JSON.parse(listed.stdout) as {
    templates: { key: string; lastPrint: { pdfSha256: string } | null }[];
    stale: unknown[];
  };
  expect(withData.templates.find((t) => t.key === 'station-info')!.lastPrint!.pdfSha256).toBe(result.sha256);
  expect(withData.stale).toEqual([]);
  const human = cli(['notice', 'list', '--data', data]);
  expect(human.stdout).toContain('打印过的公示都是最新的。');
});

test('render draws a 900×600 mm board for the print shop', async () => {
  test.setTimeout(180_000);
  const out = join(root, 'board-900x600.pdf');
  const made = cli(['notice', 'render', 'station-info', '--data', data, '--size', '900x600', '--out', out]);
  expect(made.code, made.stderr + made.stdout).toBe(0);
  expect(made.stdout).toContain(`已生成：${out}`);
  expect(made.stdout).toContain('900×600 毫米');
  expect(made.stdout).toMatch(/SHA-256：[0-9a-f]{64}/);
  const size = pageSize(out);
  expect(size.pages).toBe(1);
  expectPt(size.width, 900);
  expectPt(size.height, 600);
  const text = poppler('pdftotext', out, '-').replace(/\s+/g, '');
  expect(text).toContain('人大代表联络站信息公示栏');
  expect(text).toContain('张三');
  expect(fonts(out).filter((f) => !f.embedded)).toEqual([]);
  preview(out, 'notice-cli-station-info-900x600');
});

test('a rule text on A4 portrait (the template’s texts, defaults shipped with the app)', async () => {
  test.setTimeout(180_000);
  const out = join(root, 'rule-work-A4.pdf');
  const made = cli(['notice', 'render', 'rule-work', '--data', data, '--size', 'a4', '--out', out]);
  expect(made.code, made.stderr + made.stdout).toBe(0);
  const size = pageSize(out);
  expectPt(size.width, 210);
  expectPt(size.height, 297);
  expect(poppler('pdftotext', out, '-').replace(/\s+/g, '')).toContain('代表联络站工作制度');
  expect(fonts(out).filter((f) => !f.embedded)).toEqual([]);
});

test('a reception-day notice picked by its date; a changed phone then shows in notice list', async () => {
  test.setTimeout(180_000);
  const out = join(root, 'notice.pdf');
  const made = cli([
    'notice',
    'render',
    'reception-notice',
    '--data',
    data,
    '--subject',
    slotDate,
    '--out',
    out,
  ]);
  expect(made.code, made.stderr + made.stdout).toBe(0);
  const size = pageSize(out);
  expectPt(size.width, 210);
  expectPt(size.height, 297);
  const text = poppler('pdftotext', out, '-').replace(/\s+/g, '');
  for (const words of ['人大代表接待选民日公告', '张三', '赵丽', '莲花镇人大代表联络站接待室'])
    expect(text, `the notice should read “${words}”`).toContain(words);
  expect(fonts(out).filter((f) => !f.embedded)).toEqual([]);
  preview(out, 'notice-cli-reception-notice-A4');

  await withData(async (ctx) => {
    await callOk(ctx, 'roster.update', {
      ...SAMPLE_DEPUTY,
      ...PEOPLE[2],
      id: ids.get('王建国'),
      phone: '13905719999',
    });
    // The notice was marked printed with the version.
    expect(await callOk(ctx, 'duty.noticesDue', {})).toEqual([]);
  });
  const listed = cli(['notice', 'list', '--data', data]);
  expect(listed.code, listed.stderr).toBe(0);
  expect(listed.stdout).toContain('需要重新打印（1张）：');
  expect(listed.stdout).toContain('联络站信息公示栏：王建国的联系电话改了');
});

test('an unknown template or size, or a missing subject, is refused in Chinese and writes nothing', () => {
  const out = join(root, 'refused.pdf');
  const unknown = cli(['notice', 'render', 'station-board', '--data', data, '--size', 'A3', '--out', out]);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('没有这个公示模板“station-board”。可用的模板：');
  expect(unknown.stderr).toContain('station-info      联络站信息公示栏');
  expect(unknown.stderr).toContain('reception-notice  接待日公告');

  const badSize = cli([
    'notice',
    'render',
    'station-info',
    '--data',
    data,
    '--size',
    'B5',
    '--out',
    out,
    '--json',
  ]);
  expect(badSize.code).toBe(2);
  const error = JSON.parse(badSize.stdout).error as { code: string; message: string };
  expect(error.code).toBe('USAGE');
  expect(error.message).toBe(
    '纸张尺寸“B5”不对。可以用：A4、A3（加 --landscape 为横版），或者自定义尺寸 宽x高（毫米，100到3000），例如 900x600。',
  );
  const tooSmall = cli(['notice', 'render', 'station-info', '--data', data, '--size', '90x60', '--out', out]);
  expect(tooSmall.code).toBe(2);
  expect(tooSmall.stderr).toContain('自定义尺寸的宽和高都要在100到3000毫米之间（现在是90×60毫米）');

  const noMonth = cli(['notice', 'render', 'duty-month', '--data', data, '--out', out]);
  expect(noMonth.code).toBe(2);
  expect(noMonth.stderr).toContain('模板 duty-month（值班表（月））需要指定月份：--subject 2026-12');
  expect(existsSync(out)).toBe(false);
});

test('no browser: says what to install, exit 1, nothing written or recorded', () => {
  const out = join(root, 'no-browser.pdf');
  const made = cli(['notice', 'render', 'workflow', '--data', data, '--out', out, '--json'], {
    STATION_DESK_CHROMIUM: join(root, 'no-such-browser'),
  });
  expect(made.code).toBe(1);
  const error = JSON.parse(made.stdout).error as { code: string; message: string };
  expect(error.code).toBe('NO_PDF_RENDERER');
  expect(error.message).toContain('STATION_DESK_CHROMIUM');
  expect(error.message).toContain('Chromium');
  expect(existsSync(out)).toBe(false);
  const listed = JSON.parse(cli(['notice', 'list', '--data', data, '--json']).stdout) as {
    templates: { key: string; lastPrint: unknown }[];
  };
  expect(listed.templates.find((t) => t.key === 'workflow')!.lastPrint).toBeNull();
});
