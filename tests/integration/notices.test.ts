import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  BoardData,
  CallName,
  DeputyInput,
  DutySlot,
  NoticePrint,
  NoticeTemplateInfo,
  StaleBoard,
} from '../../main/api/contract';
import { insertSynced, tombstoneSynced, updateSynced } from '../../db/changes';
import { uuidv7 } from '../../db/ids';
import type { PlanItemTable } from '../../db/schema';
import { ErrorCode, StationError } from '../../main/api/errors';
import { dispatch } from '../../main/api/router';
import { writeTransaction, type PdfMaker } from '../../main/services/context';
import { readSetting } from '../../main/services/settings';
import { boardRoute, noticeTemplate } from '../../resources/notices/catalog';
import { callOk, openTempStation, SAMPLE_STATION } from '../helpers/station';
import { SAMPLE_DEPUTY, TINY_JPEG } from '../helpers/roster';

// The station's clock: Wednesday 2 December 2026, 10:00 (Asia/Shanghai). Only Date is faked.
const TODAY = '2026-12-02';
const at = (local: string) => new Date(`${local}+08:00`);

/**
 * A real, minimal PDF (one page, one line of Helvetica) whose text names the route, so each
 * board's bytes differ. The PDF maker's double: these tests are about versions, not drawing
 * (tests/e2e/notice-cli.spec.ts makes real PDFs through Chromium).
 */
function minimalPdf(text: string): Buffer {
  const safe = text.replace(/[()\\]/g, '');
  const content = `BT /F1 10 Tf 20 400 Td (${safe}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

interface FakeMaker extends PdfMaker {
  routes: string[];
  /** Runs inside render, before the bytes are returned (to change data mid-render, or fail). */
  during?: (route: string) => Promise<void> | void;
}

function fakeMaker(): FakeMaker {
  const maker: FakeMaker = {
    routes: [],
    async render(route) {
      maker.routes.push(route);
      await maker.during?.(route);
      return minimalPdf(`${route} #${maker.routes.length}`);
    },
    async close() {},
  };
  return maker;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let station: Awaited<ReturnType<typeof openTempStation>>;
let maker: FakeMaker;
const deputies = new Map<string, DeputyInput & { id: string }>();

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(at(`${TODAY}T10:00:00`));
  station = await openTempStation();
  maker = fakeMaker();
  station.ctx.pdf = maker;
  deputies.clear();
  await call('station.setup', SAMPLE_STATION);
});
afterEach(async () => {
  await station.close();
  vi.useRealTimers();
});

const call = <T = unknown>(name: CallName, input: unknown): Promise<T> => callOk<T>(station.ctx, name, input);

async function fails(name: CallName, input: unknown) {
  const result = await dispatch(name, input, station.ctx);
  if (result.ok) throw new Error(`${name} should have been refused`);
  return result.error;
}

async function addDeputy(name: string, card: string, overrides: Partial<DeputyInput> = {}): Promise<string> {
  const input = { ...SAMPLE_DEPUTY, name, cardNumber: card, phone: `1380571${card.slice(-4)}`, ...overrides };
  const { id } = await call<{ id: string }>('roster.create', input);
  deputies.set(name, { ...input, id });
  return id;
}

async function updateDeputy(name: string, changes: Partial<DeputyInput>) {
  const d = deputies.get(name)!;
  const next = { ...d, ...changes };
  deputies.set(name, next);
  await call('roster.update', next);
}

const A3_LANDSCAPE = { size: 'A3', orientation: 'landscape' } as const;
const A4 = { size: 'A4', orientation: 'portrait' } as const;

const exportPdf = (template: string, subject = '', paper: object = A3_LANDSCAPE) =>
  call<{ print: NoticePrint; fileName: string; base64: string }>('notices.exportPdf', {
    template,
    subject,
    paper,
  });

const stale = () => call<StaleBoard[]>('notices.stale', {});
const reasonsOf = async (template: string, subject = '') =>
  (await stale()).find((s) => s.template === template && s.subject === subject)?.reasons;

const countRows = (table: 'notice_prints' | 'attachments' | 'audit_log') =>
  station.ctx.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number };

describe('notice texts', () => {
  it('lists every template with the shipped texts, saves the station’s own and restores the defaults', async () => {
    const templates = await call<NoticeTemplateInfo[]>('notices.templates', {});
    expect(templates.map((t) => t.key)).toEqual([
      'station-info',
      'duties',
      'rule-work',
      'rule-study',
      'rule-inspection',
      'rule-reception',
      'rule-report',
      'workflow',
      'duty-month',
      'duty-year',
      'reception-notice',
      'activity-plan',
    ]);
    const work = templates.find((t) => t.key === 'rule-work')!;
    const spec = noticeTemplate('rule-work')!;
    expect(work.texts).toEqual({ title: '代表联络站工作制度', body: spec.fields[1]!.default });
    expect(work.lastPrint).toBeNull();
    expect(work.subject).toBe('none');
    expect(templates.find((t) => t.key === 'duty-month')).toMatchObject({
      subject: 'month',
      paper: { size: 'A4', orientation: 'portrait' },
    });

    const auditBefore = countRows('audit_log').n;
    const saved = await call<NoticeTemplateInfo>('notices.saveTexts', {
      template: 'rule-work',
      texts: { title: '莲花镇人大代表联络站工作制度' },
    });
    // Saved title, shipped body: the station changed one field only.
    expect(saved.texts).toEqual({ title: '莲花镇人大代表联络站工作制度', body: spec.fields[1]!.default });
    expect(countRows('audit_log').n).toBe(auditBefore + 1);
    const audit = station.ctx.sqlite
      .prepare(`SELECT entity, entity_id FROM audit_log ORDER BY seq DESC LIMIT 1`)
      .get() as { entity: string; entity_id: string };
    expect(audit).toEqual({ entity: 'settings', entity_id: 'notices.texts' });

    // A second save merges with the first; other templates keep their defaults.
    await call('notices.saveTexts', {
      template: 'rule-work',
      texts: { body: '一、按时开放。\n二、认真登记。' },
    });
    await call('notices.saveTexts', { template: 'station-info', texts: { footer: '' } });
    const again = await call<NoticeTemplateInfo[]>('notices.templates', {});
    expect(again.find((t) => t.key === 'rule-work')!.texts).toEqual({
      title: '莲花镇人大代表联络站工作制度',
      body: '一、按时开放。\n二、认真登记。',
    });
    // An optional field may be emptied (the board then leaves it out).
    expect(again.find((t) => t.key === 'station-info')!.texts.footer).toBe('');
    expect(again.find((t) => t.key === 'rule-study')!.texts.title).toBe('代表学习培训制度');
    expect(await readSetting(station.ctx, 'notices.texts', {})).toEqual({
      'rule-work': { title: '莲花镇人大代表联络站工作制度', body: '一、按时开放。\n二、认真登记。' },
      'station-info': { footer: '' },
    });

    // 恢复默认: saving the defaults back leaves nothing of the station's own.
    const restored = await call<NoticeTemplateInfo>('notices.saveTexts', {
      template: 'rule-work',
      texts: { title: spec.fields[0]!.default, body: spec.fields[1]!.default },
    });
    expect(restored.texts).toEqual({ title: '代表联络站工作制度', body: spec.fields[1]!.default });
    expect(await readSetting(station.ctx, 'notices.texts', {})).toEqual({ 'station-info': { footer: '' } });
  });

  it('refuses texts a template does not have, too long, blank titles and line breaks in one-line fields', async () => {
    const before = countRows('audit_log').n;
    expect(
      await fails('notices.saveTexts', { template: 'rule-work', texts: { slogan: '有事找代表' } }),
    ).toMatchObject({
      code: ErrorCode.validation,
      message: '这个模板没有“slogan”这一项',
      field: 'texts.slogan',
    });
    expect(
      (await fails('notices.saveTexts', { template: 'rule-work', texts: { title: '制'.repeat(31) } }))
        .message,
    ).toBe('标题不能超过30个字（现在31个），请删减');
    expect((await fails('notices.saveTexts', { template: 'duties', texts: { title: '  ' } })).message).toBe(
      '请填写标题',
    );
    expect(
      (await fails('notices.saveTexts', { template: 'station-info', texts: { footer: '有事\n找代表' } }))
        .message,
    ).toBe('底部标语只能写一行');
    expect((await fails('notices.saveTexts', { template: 'rules', texts: {} })).message).toContain(
      '没有这个公示模板',
    );
    expect(countRows('audit_log').n).toBe(before);
  });
});

describe('versions', () => {
  it('keeps every PDF made as a version: the route drawn, the bytes, the hash of what it shows', async () => {
    await addDeputy('张三', 'QS18-0001', { stationRole: '站长' });
    await addDeputy('李四', 'QS18-0002');
    const data = await call<BoardData>('notices.data', { template: 'station-info', subject: '' });

    const made = await exportPdf('station-info');
    expect(maker.routes).toEqual([
      boardRoute({ template: 'station-info', subject: '', paper: A3_LANDSCAPE }),
    ]);
    expect(maker.routes[0]).toBe('/print/board?t=station-info&s=&p=A3-landscape');
    expect(made.fileName).toBe('联络站信息公示栏-A3-landscape-20261202.pdf');
    const pdf = Buffer.from(made.base64, 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(made.print).toMatchObject({
      template: 'station-info',
      templateName: '联络站信息公示栏',
      subject: '',
      subjectText: '',
      paper: A3_LANDSCAPE,
      paperLabel: 'A3 横版',
      how: '保存PDF',
      dataHash: data.dataHash,
      pdfSha256: sha256(pdf),
      pdfSize: pdf.length,
      printedBy: '管理员',
    });
    expect(made.print.printedAt.startsWith(`${TODAY}T10:00:00`)).toBe(true);

    // The row: what the board showed, whose SHA-256 is the recorded hash; the PDF in attachments.
    const row = station.ctx.sqlite.prepare('SELECT * FROM notice_prints').get() as Record<string, string>;
    expect(sha256(Buffer.from(row.data_json!))).toBe(data.dataHash);
    expect(JSON.parse(row.data_json!).deputies.map((d: { name: string }) => d.name)).toEqual([
      '张三',
      '李四',
    ]);
    expect(JSON.parse(row.data_json!).photos).toBeUndefined();
    const kept = station.ctx.sqlite
      .prepare('SELECT mime, size, data FROM attachments WHERE sha256 = ?')
      .get(made.print.pdfSha256) as { mime: string; size: number; data: Buffer };
    expect(kept.mime).toBe('application/pdf');
    expect(Buffer.compare(kept.data, pdf)).toBe(0);
    // The double's bytes are a real PDF (poppler reads them).
    const file = join(station.dir, 'double.pdf');
    writeFileSync(file, pdf);
    expect(spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout).toMatch(/Pages:\s+1/);

    // A custom board and a month's duty table: their own names and labels.
    const board = await exportPdf('station-info', '', {
      size: 'custom',
      orientation: 'portrait',
      widthMm: 900,
      heightMm: 600,
    });
    expect(board.fileName).toBe('联络站信息公示栏-900x600mm-20261202.pdf');
    expect(board.print.paper).toEqual({
      size: 'custom',
      orientation: 'landscape',
      widthMm: 900,
      heightMm: 600,
    });
    expect(board.print.paperLabel).toBe('900×600 毫米');
    expect(maker.routes[1]).toBe('/print/board?t=station-info&s=&p=900x600mm');
    const month = await exportPdf('duty-month', '2026-12', A4);
    expect(month.fileName).toBe('值班表（月）-2026年12月-A4-20261202.pdf');
    expect(month.print.subjectText).toBe('2026年12月');
    const year = await exportPdf('duty-year', '2027', { size: 'A3', orientation: 'portrait' });
    expect(year.fileName).toBe('值班表（年）-2027年-A3-20261202.pdf');

    const all = await call<{ items: NoticePrint[]; total: number }>('notices.versions', {});
    expect(all.total).toBe(4);
    // Newest first, even within one millisecond (the clock is frozen here).
    expect(all.items.map((p) => p.id)).toEqual([
      year.print.id,
      month.print.id,
      board.print.id,
      made.print.id,
    ]);
    const info = await call<{ items: NoticePrint[]; total: number }>('notices.versions', {
      template: 'station-info',
      limit: 1,
    });
    expect(info).toMatchObject({ total: 2, items: [{ id: board.print.id }] });
    const templates = await call<NoticeTemplateInfo[]>('notices.templates', {});
    expect(templates.find((t) => t.key === 'station-info')!.lastPrint!.id).toBe(board.print.id);
    expect(templates.find((t) => t.key === 'workflow')!.lastPrint).toBeNull();

    const again = await call<{ fileName: string; base64: string }>('notices.versionPdf', {
      id: made.print.id,
    });
    expect(again).toEqual({ fileName: made.fileName, base64: made.base64 });
    expect((await fails('notices.versionPdf', { id: '0190a000-0000-7000-8000-00000000dead' })).code).toBe(
      ErrorCode.notFound,
    );
  });

  it('refuses a board that does not fit or bytes that are not a PDF, writing nothing', async () => {
    const before = [countRows('notice_prints').n, countRows('attachments').n, countRows('audit_log').n];
    maker.during = () => {
      throw new StationError(ErrorCode.validation, '正文太长，A4 竖版上放不下：请删减文字或换用 A3', 'paper');
    };
    expect(await fails('notices.exportPdf', { template: 'rule-work', paper: A4 })).toMatchObject({
      code: ErrorCode.validation,
      message: '正文太长，A4 竖版上放不下：请删减文字或换用 A3',
    });
    // After the print dialog too: a board that does not fit is not kept as printed.
    expect((await fails('notices.recordPrint', { template: 'rule-work', paper: A4 })).code).toBe(
      ErrorCode.validation,
    );
    maker.during = undefined;
    maker.render = async () => Buffer.from('<html>not a pdf</html>');
    expect(await fails('notices.exportPdf', { template: 'rule-work', paper: A4 })).toMatchObject({
      code: 'PDF_FAILED',
      message: '生成的PDF文件不完整，没有保存。请重试。',
    });
    expect([countRows('notice_prints').n, countRows('attachments').n, countRows('audit_log').n]).toEqual(
      before,
    );
  });

  it('draws again when the data changes while the board is being drawn, so the version matches its PDF', async () => {
    await addDeputy('张三', 'QS18-0001');
    maker.during = async () => {
      maker.during = undefined;
      await updateDeputy('张三', { phone: '13900000000' });
    };
    const made = await exportPdf('station-info');
    expect(maker.routes).toHaveLength(2);
    const data = await call<BoardData>('notices.data', { template: 'station-info', subject: '' });
    expect(made.print.dataHash).toBe(data.dataHash);
    expect(await stale()).toEqual([]);
  });

  it('without a PDF maker: saving a PDF is refused in Chinese and writes nothing; a print is still kept', async () => {
    station.ctx.pdf = null;
    const before = [countRows('notice_prints').n, countRows('attachments').n, countRows('audit_log').n];
    const refused = await fails('notices.exportPdf', { template: 'workflow', paper: A4 });
    expect(refused.code).toBe('NO_PDF_RENDERER');
    expect(refused.message).toContain('找不到可以生成PDF的浏览器');
    expect(refused.message).toContain('Chromium');
    expect(refused.message).toContain('Edge');
    expect(refused.message).toContain('STATION_DESK_CHROMIUM');
    expect([countRows('notice_prints').n, countRows('attachments').n, countRows('audit_log').n]).toEqual(
      before,
    );

    const printed = await call<NoticePrint>('notices.recordPrint', { template: 'workflow', paper: A4 });
    expect(printed).toMatchObject({ template: 'workflow', how: '打印', pdfSha256: null, pdfSize: null });
    expect(countRows('attachments').n).toBe(before[1]);
    expect((await fails('notices.versionPdf', { id: printed.id })).message).toContain('这次打印没有保存PDF');
    // The print is the board's version: a change after it flags the board.
    expect(await stale()).toEqual([]);
    await call('station.update', { ...SAMPLE_STATION, openingHours: '每周三、周六上午9:00—11:30' });
    expect(await reasonsOf('workflow')).toEqual(['开放时间改了']);

    // A browser that fails mid-way: the print still happened, so it is kept without a PDF.
    station.ctx.pdf = fakeMaker();
    (station.ctx.pdf as FakeMaker).during = () => {
      throw new StationError('PDF_FAILED', '公示页面在60秒内没有画好');
    };
    const kept = await call<NoticePrint>('notices.recordPrint', { template: 'workflow', paper: A4 });
    expect(kept.pdfSha256).toBeNull();
    // With a maker, a print keeps its PDF.
    station.ctx.pdf = fakeMaker();
    const withPdf = await call<NoticePrint>('notices.recordPrint', { template: 'workflow', paper: A4 });
    expect(withPdf.how).toBe('打印');
    expect(withPdf.pdfSha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('boards that need reprinting', () => {
  it('flags the station board when a bound deputy’s phone changes, and names who and what', async () => {
    await addDeputy('张三', 'QS18-0001', { stationRole: '站长' });
    await addDeputy('王五', 'QS18-0003', { stationRole: '联络员' });
    await exportPdf('station-info');
    await exportPdf('rule-work', '', A4);
    expect(await stale()).toEqual([]);

    await updateDeputy('张三', { phone: '13912345678' });
    const [board, ...others] = await stale();
    expect(others).toEqual([]);
    expect(board).toMatchObject({
      template: 'station-info',
      templateName: '联络站信息公示栏',
      subject: '',
      reasons: ['张三的联系电话改了'],
      lastPrint: { template: 'station-info', how: '保存PDF' },
    });

    // Printing it again clears the flag.
    await exportPdf('station-info');
    expect(await stale()).toEqual([]);

    await addDeputy('李四', 'QS18-0002');
    await call('roster.setStatus', {
      id: deputies.get('王五')!.id,
      status: '辞职',
      effectiveDate: '2026-11-30',
      note: '',
    });
    await updateDeputy('张三', { workplacePost: '莲花镇中心卫生院院长', constituency: '第二选区（荷塘村）' });
    await call('notices.saveTexts', { template: 'station-info', texts: { title: '莲花镇人大代表联络站' } });
    await call('station.update', { ...SAMPLE_STATION, phone: '0571-88887777' });
    expect(await reasonsOf('station-info')).toEqual([
      '标题改了',
      '站点电话改了',
      '不再有联络员',
      '王五已不在任',
      '新增代表李四',
      '张三的选区、工作单位及职务改了',
    ]);
    // The rule text shows the station's name only: its phone does not matter there.
    expect(await reasonsOf('rule-work')).toBeUndefined();
    await call('notices.saveTexts', { template: 'rule-work', texts: { body: '一、每周三开放。' } });
    expect(await reasonsOf('rule-work')).toEqual(['正文改了']);

    // Many changes at once: six reasons, then how many there are.
    await exportPdf('station-info');
    for (const [name, card] of [
      ['赵一', 'QS18-0011'],
      ['钱二', 'QS18-0012'],
      ['孙三', 'QS18-0013'],
      ['周四', 'QS18-0014'],
      ['吴五', 'QS18-0015'],
      ['郑六', 'QS18-0016'],
      ['冯七', 'QS18-0017'],
    ] as const)
      await addDeputy(name, card);
    const many = (await reasonsOf('station-info'))!;
    expect(many).toHaveLength(7);
    expect(many[6]).toBe('等7项');
    expect(many.slice(0, 6).every((r) => r.startsWith('新增代表'))).toBe(true);
  });

  it('names the photo that changed', async () => {
    const id = await addDeputy('张三', 'QS18-0001');
    await exportPdf('station-info');
    await call('roster.setPhoto', { id, jpegBase64: TINY_JPEG });
    expect(await reasonsOf('station-info')).toEqual(['张三的照片换了']);
  });

  it('flags a month’s duty table by day: time, deputies, a new slot; months that are over are left out', async () => {
    const zhang = await addDeputy('张三', 'QS18-0001');
    const li = await addDeputy('李四', 'QS18-0002');
    const wang = await addDeputy('王五', 'QS18-0003');
    const slot = (date: string, deputyIds: string[]) =>
      call<DutySlot>('duty.createSlot', {
        date,
        start: '09:00',
        end: '11:00',
        place: '联络站',
        capacity: 2,
        note: '',
        deputyIds,
      });
    const ninth = await slot('2026-12-09', [zhang]);
    const sixteenth = await slot('2026-12-16', [li]);
    await exportPdf('duty-month', '2026-12', A4);
    await exportPdf('duty-month', '2026-11', A4);
    await exportPdf('duty-year', '2026', A4);
    expect(await stale()).toEqual([]);

    await call('duty.updateSlot', {
      id: ninth.id,
      date: ninth.date,
      start: '14:00',
      end: '16:30',
      place: ninth.place,
      capacity: ninth.capacity,
      note: ninth.note,
    });
    await call('duty.setDeputies', { slotId: sixteenth.id, deputyIds: [li, wang] });
    await slot('2026-12-23', [zhang]);
    const expected = ['12月9日的值班时间改了', '12月16日的接待代表改了', '新增12月23日的值班'];
    expect(await reasonsOf('duty-month', '2026-12')).toEqual(expected);
    expect(await reasonsOf('duty-year', '2026')).toEqual(expected);

    // A new title flags every duty table, but November's is over and is not listed.
    await call('notices.saveTexts', { template: 'duty-month', texts: { title: '接待选民日安排' } });
    const boards = await stale();
    expect(boards.map((b) => [b.template, b.subject, b.subjectText])).toEqual([
      ['duty-month', '2026-12', '2026年12月'],
      ['duty-year', '2026', '2026年'],
    ]);
    expect(boards[0]!.reasons).toEqual(['标题改了', ...expected]);

    // Deleting a slot that is on the table.
    await exportPdf('duty-month', '2026-12', A4);
    await call('duty.deleteSlot', { id: sixteenth.id });
    expect(await reasonsOf('duty-month', '2026-12')).toEqual(['12月16日的值班取消了']);
  });

  it('a reception-day notice marks its slot printed; a later change to the slot flags it', async () => {
    const zhang = await addDeputy('张三', 'QS18-0001');
    const li = await addDeputy('李四', 'QS18-0002');
    const s = await call<DutySlot>('duty.createSlot', {
      date: '2026-12-09',
      start: '09:00',
      end: '11:00',
      place: '联络站',
      capacity: 2,
      note: '',
      deputyIds: [zhang],
    });
    const due = () => call<{ slotId: string }[]>('duty.noticesDue', {});
    expect((await due()).map((d) => d.slotId)).toEqual([s.id]);

    const made = await exportPdf('reception-notice', s.id, A4);
    expect(made.fileName).toBe('接待日公告-2026年12月9日-A4-20261202.pdf');
    expect(made.print.subjectText).toBe('2026年12月9日（星期三）');
    expect(await due()).toEqual([]);
    expect((await call<DutySlot>('duty.getSlot', { id: s.id })).noticePrintedAt).toBe(made.print.printedAt);
    // The slot's mark and the version were written in one transaction: one rev apart.
    const revs = station.ctx.sqlite
      .prepare(
        `SELECT (SELECT rev FROM notice_prints) AS print, (SELECT rev FROM duty_slots WHERE id = ?) AS slot`,
      )
      .get(s.id) as { print: number; slot: number };
    expect(revs.slot).toBe(revs.print + 1);
    expect(await stale()).toEqual([]);

    await call('duty.setDeputies', { slotId: s.id, deputyIds: [zhang, li] });
    await call('duty.updateSettings', { acceptScope: '本站受理群众的意见建议。' });
    expect(await reasonsOf('reception-notice', s.id)).toEqual(['新增接待代表李四', '受理范围改了']);
    // Changing who receives makes the notice due again (duty's own rule).
    expect((await due()).map((d) => d.slotId)).toEqual([s.id]);

    // Printed through the dialog with no PDF maker: the slot is marked all the same.
    station.ctx.pdf = null;
    await call('notices.recordPrint', { template: 'reception-notice', subject: s.id, paper: A4 });
    expect(await due()).toEqual([]);
    expect(await stale()).toEqual([]);

    // A notice whose day has passed no longer needs reprinting.
    await call('duty.setDeputies', { slotId: s.id, deputyIds: [li] });
    expect(await reasonsOf('reception-notice', s.id)).toEqual(['张三不再参加接待']);
    vi.setSystemTime(at('2026-12-10T10:00:00'));
    expect(await stale()).toEqual([]);
    // Nor does the notice of a slot since deleted (there is nothing to reprint).
    vi.setSystemTime(at(`${TODAY}T10:00:00`));
    expect(await reasonsOf('reception-notice', s.id)).toEqual(['张三不再参加接待']);
    await call('duty.deleteSlot', { id: s.id });
    expect(await stale()).toEqual([]);
    const versions = await call<{ items: NoticePrint[] }>('notices.versions', {
      template: 'reception-notice',
    });
    expect(versions.items.map((v) => v.subjectText)).toEqual([
      '2026年12月9日（星期三）',
      '2026年12月9日（星期三）',
    ]);
  });

  it('refuses a notice for a slot that does not exist', async () => {
    const error = await fails('notices.exportPdf', {
      template: 'reception-notice',
      subject: '0190a000-0000-7000-8000-00000000beef',
      paper: A4,
    });
    expect(error.code).toBe(ErrorCode.notFound);
    expect(countRows('notice_prints').n).toBe(0);
  });
});

describe('the annual activity plan board (年度活动计划)', () => {
  type PlanValues = Partial<Omit<PlanItemTable, 'id' | 'rev' | 'created_at' | 'updated_at' | 'deleted_at'>>;
  // Plan items written as the activities service stores them (this board reads the table).
  const addPlan = async (values: PlanValues): Promise<string> => {
    const id = uuidv7();
    await writeTransaction(station.ctx, (trx, meta) =>
      insertSynced(
        trx,
        'plan_items',
        {
          id,
          year: 2027,
          month: 1,
          date: '',
          type: '集中学习',
          theme: '学习',
          responsible: '',
          participants: '',
          note: '',
          status: '计划中',
          status_reason: '',
          ...values,
        },
        meta,
      ),
    );
    return id;
  };
  const changePlan = (id: string, changes: PlanValues) =>
    writeTransaction(station.ctx, (trx, meta) => updateSynced(trx, 'plan_items', id, changes, meta));
  const planData = (year: string) =>
    call<BoardData>('notices.data', { template: 'activity-plan', subject: year });
  const A3 = { size: 'A3', orientation: 'portrait' } as const;

  it('prints the year’s live plan in month order without cancelled items, and says what changed since', async () => {
    const inspection = await addPlan({
      month: 3,
      type: '视察',
      theme: '视察农村人居环境整治',
      responsible: '张三',
      participants: '全体进站代表',
    });
    const study = await addPlan({ month: 1, date: '2027-01-15', theme: '学习宪法和代表法' });
    await addPlan({ month: 1, theme: '新年座谈会', type: '联系群众' });
    const cancelled = await addPlan({
      month: 2,
      theme: '春节走访',
      status: '取消',
      status_reason: '合并到3月',
    });
    const gone = await addPlan({ month: 5, theme: '已删除的计划' });
    await writeTransaction(station.ctx, (trx, meta) => tombstoneSynced(trx, 'plan_items', gone, meta));
    await addPlan({ year: 2026, month: 12, theme: '今年的述职' });

    const data = await planData('2027');
    expect(data.subjectText).toBe('2027年');
    expect(data.texts.title).toBe('人大代表联络站年度活动计划');
    // Month, then date ('' = the whole month first), cancelled and deleted ones left off.
    expect(data.plan.map((p) => [p.month, p.date, p.theme])).toEqual([
      [1, '', '新年座谈会'],
      [1, '2027-01-15', '学习宪法和代表法'],
      [3, '', '视察农村人居环境整治'],
    ]);
    expect(data.plan[2]).toEqual({
      id: inspection,
      month: 3,
      date: '',
      type: '视察',
      theme: '视察农村人居环境整治',
      responsible: '张三',
      participants: '全体进站代表',
    });

    const made = await exportPdf('activity-plan', '2027', A3);
    expect(made.fileName).toBe('年度活动计划-2027年-A3-20261202.pdf');
    expect(made.print.subjectText).toBe('2027年');
    expect(maker.routes).toEqual(['/print/board?t=activity-plan&s=2027&p=A3']);
    const shown = JSON.parse(
      (station.ctx.sqlite.prepare('SELECT data_json FROM notice_prints').get() as { data_json: string })
        .data_json,
    );
    expect(Object.keys(shown).sort()).toEqual(['plan', 'station', 'subject', 'texts']);
    expect(await stale()).toEqual([]);

    // Neither a deputy, the station's phone, nor another year's plan is on this board.
    await addDeputy('张三', 'QS18-0001');
    await call('station.update', { ...SAMPLE_STATION, phone: '0571-88887777' });
    await addPlan({ year: 2028, month: 1, theme: '后年的计划' });
    expect(await stale()).toEqual([]);
    // Nor is the note (备注) or the status reason of a cancelled item.
    await changePlan(inspection, { note: '带好相机' });
    await changePlan(cancelled, { status_reason: '天气原因' });
    expect(await stale()).toEqual([]);

    await changePlan(inspection, { responsible: '李四', participants: '第一代表小组' });
    await changePlan(study, { month: 4, date: '2027-04-08' });
    await addPlan({
      month: 6,
      date: '2027-06-20',
      type: '专题调研',
      theme: '调研农村饮水安全工程运行管理和维护情况',
    });
    const reasons = await reasonsOf('activity-plan', '2027');
    expect(reasons).toEqual([
      '计划“视察农村人居环境整治”的负责人、参加人员改了',
      '计划“学习宪法和代表法”的时间改为4月8日',
      '新增6月20日的计划“调研农村饮水安全工程运行管理和…”',
    ]);
    expect((await stale())[0]).toMatchObject({ templateName: '年度活动计划', subjectText: '2027年' });

    // Reprinted; then an item is cancelled, another renamed: each said once.
    await exportPdf('activity-plan', '2027', A3);
    expect(await stale()).toEqual([]);
    await changePlan(inspection, { status: '取消', status_reason: '改期到明年' });
    await changePlan(study, { theme: '学习监督法' });
    expect(await reasonsOf('activity-plan', '2027')).toEqual([
      '计划“视察农村人居环境整治”已取消或删除',
      '计划“学习宪法和代表法”改为“学习监督法”',
    ]);

    // A cancelled item that was held after all (an activity links it) is on the plan again.
    await writeTransaction(station.ctx, (trx, meta) =>
      insertSynced(
        trx,
        'activities',
        {
          id: uuidv7(),
          date: '2027-03-20',
          type: '视察',
          theme: '视察农村人居环境整治',
          place: '东山村',
          plan_item_id: inspection,
          guests: '',
          summary: '',
          outcomes: '',
          photos: '[]',
          voters_present: null,
          ratings: '[]',
        },
        meta,
      ),
    );
    expect((await planData('2027')).plan.map((p) => p.id)).toContain(inspection);
    expect(await reasonsOf('activity-plan', '2027')).toEqual(['计划“学习宪法和代表法”改为“学习监督法”']);

    // The plan's title, like every board's own text, flags it too.
    await call('notices.saveTexts', { template: 'activity-plan', texts: { title: '莲花镇代表活动计划' } });
    expect((await reasonsOf('activity-plan', '2027'))![0]).toBe('标题改了');

    // Once 2027 is over, its plan no longer needs reprinting.
    vi.setSystemTime(at('2028-01-05T10:00:00'));
    expect(await stale()).toEqual([]);
  });

  it('refuses the board of a year without a plan, with or without a PDF maker, writing nothing', async () => {
    await addPlan({ year: 2027, month: 3, theme: '视察', status: '取消', status_reason: '取消了' });
    const data = await planData('2027');
    // The editor shows why from the empty plan; the print route draws an empty table.
    expect(data.plan).toEqual([]);
    const before = [countRows('notice_prints').n, countRows('attachments').n, countRows('audit_log').n];
    const refused = await fails('notices.exportPdf', {
      template: 'activity-plan',
      subject: '2027',
      paper: A4,
    });
    expect(refused).toMatchObject({
      code: ErrorCode.validation,
      field: 'subject',
      message: '2027年还没有年度活动计划，不能打印这块公示。请先在“活动记录 → 年度活动计划”中制定计划。',
    });
    expect(maker.routes).toEqual([]);
    expect(
      (await fails('notices.recordPrint', { template: 'activity-plan', subject: '2027', paper: A4 })).code,
    ).toBe(ErrorCode.validation);
    station.ctx.pdf = null;
    expect(
      (await fails('notices.recordPrint', { template: 'activity-plan', subject: '2027', paper: A4 })).message,
    ).toContain('请先在“活动记录 → 年度活动计划”中制定计划');
    expect([countRows('notice_prints').n, countRows('attachments').n, countRows('audit_log').n]).toEqual(
      before,
    );
    // The subject must be a year.
    expect(
      (await fails('notices.data', { template: 'activity-plan', subject: '2027-03' })).message,
    ).toContain('请选择年份，例如 2026');

    // With one live item the same year prints.
    await addPlan({ year: 2027, month: 4, theme: '集中学习' });
    station.ctx.pdf = fakeMaker();
    expect((await exportPdf('activity-plan', '2027', A4)).print.template).toBe('activity-plan');
  });
});
