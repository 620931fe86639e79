import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type {
  Activity,
  DeputyDetail,
  DutySlot,
  PlanItem,
  ReceptionDetail,
  ReceptionInput,
  ReceptionSettings,
  StationStats,
} from '../../main/api/contract';
import { updateSynced } from '../../db/changes';
import { dispatch } from '../../main/api/router';
import { closeStation, writeTransaction, type ServiceContext } from '../../main/services/context';
import { LEDGER_SHEETS, ledgerWorkbook } from '../../main/services/ledger';
import { setUpStation } from '../../main/services/station';
import { stationStats } from '../../main/services/stats';
import { SAMPLE_RECEPTION } from '../helpers/receptions';
import { SAMPLE_DEPUTY } from '../helpers/roster';
import { SAMPLE_STATION, callOk, openStationAt } from '../helpers/station';
import { tempDirs } from '../helpers/temp-dirs';
import { cli } from '../helpers/cli';

/** The ledger workbook (台账): built from a real station file, reopened with exceljs. */

const dir = tempDirs();
const YEAR = { from: '2026-01-01', to: '2026-12-31' };

// Citizens' details that must never reach the ledger.
const ID_NUMBER = '11010519491231002X';
const PHONES = ['13912345678', '13700001111', '13600002222', '13500003333'];
const SECRET_MATTER = '村会计私自挪用集体土地补偿款十二万元';

async function withCtx<T>(data: string, fn: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  const ctx = await openStationAt(data);
  try {
    return await fn(ctx);
  } finally {
    await closeStation(ctx);
  }
}

const visitor = (name: string, phone: string, groupSize = 1, idNumber = '') => ({
  name,
  gender: '男' as const,
  age: 50,
  phone,
  address: '莲花镇桃源村',
  groupSize,
  idNumber,
});

async function reception(ctx: ServiceContext, overrides: Partial<ReceptionInput>): Promise<ReceptionDetail> {
  return callOk<ReceptionDetail>(ctx, 'receptions.create', { ...SAMPLE_RECEPTION, ...overrides });
}

/** Sets a place's attendance directly: sign-in and leave only work on today's slots through the API. */
async function setAttendance(ctx: ServiceContext, slot: DutySlot, deputyId: string, status: string) {
  const place = slot.assignments.find((a) => a.deputyId === deputyId)!;
  await writeTransaction(ctx, (trx, meta) =>
    updateSynced(trx, 'duty_assignments', place.id, { status }, meta),
  );
}

/**
 * A year with known answers: receptions 4 live in 2026 (one confidential, one voided besides,
 * one in 2025), 8 persons; two duty slots; plan items 3 in 2026; activities 2 in 2026.
 */
async function buildStation(data: string) {
  return withCtx(data, async (ctx) => {
    await setUpStation(ctx, SAMPLE_STATION);
    const settings = await callOk<ReceptionSettings>(ctx, 'receptions.settings', {});
    await callOk(ctx, 'receptions.updateSettings', { ...settings, collectIdNumbers: true });
    const add = (name: string, extra: object = {}) =>
      callOk<DeputyDetail>(ctx, 'roster.create', { ...SAMPLE_DEPUTY, name, cardNumber: '', ...extra });
    const zhang = await add('张三', { cardNumber: 'QS18-0001' });
    const li = await add('李四');
    const wang = await add('王芳', { gender: '女' });
    const gone = await add('周离任');
    await callOk(ctx, 'roster.setStatus', {
      id: gone.id,
      status: '调离',
      effectiveDate: '2026-02-01',
      note: '',
    });

    // Receptions.
    const first = await reception(ctx, {
      receivedAt: '2026-01-01 00:10',
      visitors: [visitor('陈早', PHONES[3]!)],
      deputyIds: [wang.id],
    });
    const handed = await reception(ctx, {
      receivedAt: '2026-03-08 09:30',
      visitors: [visitor('王五', PHONES[0]!, 1, ID_NUMBER)],
      deputyIds: [zhang.id, li.id],
    });
    await callOk(ctx, 'receptions.handle', {
      id: handed.id,
      date: '2026-03-09',
      disposition: '交办',
      unit: '莲花镇农业办',
      deadline: '2026-04-30',
      note: '',
    });
    await callOk(ctx, 'receptions.reply', {
      id: handed.id,
      date: '2026-04-20',
      unit: '莲花镇农业办',
      text: '已列入今年道路修缮计划，五月动工。',
    });
    await callOk(ctx, 'receptions.answer', {
      id: handed.id,
      date: '2026-04-25',
      method: '电话',
      text: '已电话告知修缮安排。',
      satisfaction: '满意',
    });
    const secret = await reception(ctx, {
      receivedAt: '2026-05-10 10:00',
      visitors: [visitor('赵秘密', PHONES[1]!, 3)],
      deputyIds: [zhang.id],
      category: SAMPLE_RECEPTION.category,
      title: '反映村财务问题',
      matter: SECRET_MATTER,
      confidential: true,
    });
    const voided = await reception(ctx, {
      receivedAt: '2026-06-01 09:00',
      visitors: [visitor('钱作废', PHONES[2]!)],
      title: '登记错了的一条',
    });
    await callOk(ctx, 'receptions.void', { id: voided.id, reason: '重复登记' });
    const late = await reception(ctx, {
      receivedAt: '2026-07-15 14:00',
      visitors: [visitor('孙一', '', 2), visitor('周二', '')],
      deputyIds: [li.id],
      title: '村口路灯不亮',
    });
    await callOk(ctx, 'receptions.handle', {
      id: late.id,
      date: '2026-07-16',
      disposition: '交办',
      unit: '莲花镇城建办',
      deadline: '2026-08-01',
      note: '',
    });
    await reception(ctx, {
      receivedAt: '2025-12-31 23:30',
      visitors: [visitor('去年人', '')],
      title: '去年的事',
    });

    // Duty: 张三 到岗, 李四 请假 on one slot; 张三 缺席, 王芳 unrecorded on the other.
    const slot = (date: string, deputyIds: string[]) =>
      callOk<DutySlot>(ctx, 'duty.createSlot', {
        date,
        start: '09:00',
        end: '11:30',
        place: '联络站接待室',
        capacity: 2,
        note: '',
        deputyIds,
      });
    const s1 = await slot('2026-03-04', [zhang.id, li.id]);
    await setAttendance(ctx, s1, zhang.id, '到岗');
    await setAttendance(ctx, s1, li.id, '请假');
    const s2 = await slot('2026-03-11', [zhang.id, wang.id]);
    await setAttendance(ctx, s2, zhang.id, '缺席');

    // The plan and the activities.
    const planItem = (year: number, month: number, type: string, theme: string) =>
      callOk<PlanItem>(ctx, 'plan.create', {
        year,
        month,
        type,
        theme,
        responsible: '李秀英',
        participants: '全体进站代表',
        note: '',
      });
    const study = await planItem(2026, 3, '集中学习', '学习代表法');
    const inspect = await planItem(2026, 6, '视察', '视察农村道路');
    await callOk(ctx, 'plan.setStatus', { id: inspect.id, status: '取消', reason: '汛期改期' });
    const report = await planItem(2026, 9, '述职', '代表向选民述职');
    await planItem(2025, 12, '培训', '去年的培训');
    await callOk<Activity>(ctx, 'activities.create', {
      date: '2026-03-20',
      type: '集中学习',
      theme: '学习代表法',
      place: '联络站会议室',
      planItemId: study.id,
      participants: [
        { deputyId: zhang.id, attendance: '出席', note: '' },
        { deputyId: li.id, attendance: '请假', note: '出差' },
        { deputyId: wang.id, attendance: '缺席', note: '' },
      ],
      guests: '镇人大主席团成员',
      summary: '集中学习代表法修正内容。',
      outcomes: '',
    });
    await callOk<Activity>(ctx, 'activities.create', {
      date: '2026-09-10',
      type: '述职',
      theme: '代表向选民述职',
      place: '桃源村村委会',
      planItemId: report.id,
      participants: [{ deputyId: zhang.id, attendance: '出席', note: '' }],
      summary: '张三代表向选民报告履职情况。',
      votersPresent: 30,
      ratings: [{ deputyId: zhang.id, aspect: '总体评价', satisfied: 20, basic: 8, unsatisfied: 2 }],
    });
    await callOk<Activity>(ctx, 'activities.create', {
      date: '2025-12-20',
      type: '培训',
      theme: '去年的培训',
      place: '镇政府',
      summary: '去年的活动。',
    });
    return { first, handed, secret, late, zhang, li, wang, gone };
  });
}

async function open(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return wb;
}

const text = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  return String(v);
};

/** The rows of a sheet's main table: from row 3 up to the first empty first cell or 合计. */
function dataRows(sheet: ExcelJS.Worksheet): ExcelJS.Row[] {
  const rows: ExcelJS.Row[] = [];
  for (let r = 3; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const first = text(row.getCell(1).value);
    if (first === '' || first === '合计') break;
    rows.push(row);
  }
  return rows;
}

const headers = (sheet: ExcelJS.Worksheet) =>
  (sheet.getRow(2).values as ExcelJS.CellValue[]).slice(1).map((v) => text(v));

const column = (sheet: ExcelJS.Worksheet, header: string) => headers(sheet).indexOf(header) + 1;

const cellOf = (sheet: ExcelJS.Worksheet, row: ExcelJS.Row, header: string) =>
  row.getCell(column(sheet, header)).value;

const figure = (stats: StationStats, key: string) => {
  const f = stats.figures.find((x) => x.key === key);
  if (!f) throw new Error(`no figure ${key}`);
  return f.value;
};

function everyCellText(wb: ExcelJS.Workbook): string {
  const parts: string[] = [];
  wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => parts.push(text(cell.value)))));
  return parts.join('\n');
}

describe('ledger workbook', () => {
  it('has every sheet, formatted for printing, with totals that match the statistics', async () => {
    const data = dir();
    const made = await buildStation(data);
    const { ledger, stats } = await withCtx(data, async (ctx) => ({
      ledger: await ledgerWorkbook(ctx, YEAR),
      stats: await stationStats(ctx, YEAR),
    }));
    expect(ledger.fileName).toBe('台账-LHX-001-20260101至20261231.xlsx');
    const wb = await open(ledger.bytes);
    expect(wb.worksheets.map((s) => s.name)).toEqual([...LEDGER_SHEETS]);
    expect(ledger.sheets.map((s) => s.name)).toEqual([...LEDGER_SHEETS]);

    for (const sheet of wb.worksheets) {
      const title = sheet.getCell('A1');
      expect(text(title.value)).toContain('莲花镇人大代表联络站');
      expect(title.font?.bold).toBe(true);
      expect(title.font?.size).toBeGreaterThan(12);
      // The title spans the header's columns.
      expect(sheet.getCell(1, headers(sheet).length).master.address).toBe('A1');
      expect(sheet.getRow(2).getCell(1).font?.bold).toBe(true);
      expect(sheet.getRow(2).getCell(1).fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
      expect(sheet.getRow(2).getCell(1).border?.bottom?.style).toBe('thin');
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
      expect(sheet.pageSetup).toMatchObject({
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: '2:2',
      });
      expect(sheet.headerFooter.oddFooter).toContain('第 &P 页，共 &N 页');
      for (let c = 1; c <= headers(sheet).length; c++)
        expect(sheet.getColumn(c).width ?? 0).toBeGreaterThanOrEqual(6);
    }
    expect(text(wb.getWorksheet('接待登记')!.getCell('A1').value)).toBe(
      '莲花镇人大代表联络站 接待登记台账（2026年1月1日—2026年12月31日）',
    );

    // 接待登记: the live receptions of the year, oldest first; 合计 = the figures.
    const receptions = wb.getWorksheet('接待登记')!;
    expect(headers(receptions)).toEqual(
      expect.arrayContaining([
        '编号',
        '接待时间',
        '方式',
        '来访人',
        '人数',
        '类别',
        '事项',
        '反映内容',
        '接待代表',
        '办理方式',
        '状态',
      ]),
    );
    const rows = dataRows(receptions);
    expect(figure(stats, 'receptions.batches')).toBe(4);
    expect(figure(stats, 'receptions.persons')).toBe(8);
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => text(cellOf(receptions, r, '编号')))).toEqual([
      made.first.number,
      made.handed.number,
      made.secret.number,
      made.late.number,
    ]);
    expect(rows.map((r) => text(cellOf(receptions, r, '接待时间')))).toEqual([
      '2026-01-01 00:10',
      '2026-03-08 09:30',
      '2026-05-10 10:00',
      '2026-07-15 14:00',
    ]);
    const persons = rows.reduce((n, r) => n + Number(cellOf(receptions, r, '人数')), 0);
    expect(persons).toBe(figure(stats, 'receptions.persons'));
    const total = receptions.getRow(3 + rows.length);
    expect(text(total.getCell(1).value)).toBe('合计');
    expect(cellOf(receptions, total, '人数')).toBe(8);
    expect(ledger.sheets.find((s) => s.name === '接待登记')!.rows).toBe(4);
    expect(text(cellOf(receptions, rows[1]!, '接待代表'))).toBe('张三、李四');
    expect(text(cellOf(receptions, rows[1]!, '来访人'))).toBe('王五');
    // The confidential visit: masked name, no matter.
    expect(text(cellOf(receptions, rows[2]!, '来访人'))).toBe('赵某');
    expect(text(cellOf(receptions, rows[2]!, '反映内容'))).toBe('（要求保密）');
    expect(text(cellOf(receptions, rows[1]!, '反映内容'))).toBe(SAMPLE_RECEPTION.matter);
    expect(receptions.getRow(3).getCell(column(receptions, '反映内容')).alignment?.wrapText).toBe(true);

    // Citizens' details appear nowhere; the voided and last year's visits are not there.
    const all = everyCellText(wb);
    for (const phone of PHONES) expect(all).not.toContain(phone);
    expect(all).toContain('139****5678');
    expect(all).not.toContain(ID_NUMBER);
    expect(all).not.toContain(SECRET_MATTER);
    expect(all).not.toContain('赵秘密');
    expect(all).not.toContain('钱作废');
    expect(all).not.toContain('去年人');

    // 办理与答复: the two handed over; one overdue as of today.
    const handling = wb.getWorksheet('办理与答复')!;
    const handled = dataRows(handling);
    expect(handled.map((r) => text(cellOf(handling, r, '编号')))).toEqual([
      made.handed.number,
      made.late.number,
    ]);
    expect(text(cellOf(handling, handled[0]!, '承办单位'))).toBe('莲花镇农业办');
    expect(text(cellOf(handling, handled[0]!, '办理答复'))).toContain('已列入今年道路修缮计划');
    expect(text(cellOf(handling, handled[0]!, '满意度'))).toBe('满意');
    expect(text(cellOf(handling, handled[0]!, '是否逾期'))).toBe('否');
    expect(text(cellOf(handling, handled[1]!, '是否逾期'))).toMatch(/^是（逾期\d+天）$/);
    expect(figure(stats, 'receptions.handedOver')).toBe(2);
    expect(figure(stats, 'receptions.overdue')).toBe(1);

    // 值班到岗: per deputy and 合计, as the statistics.
    const duty = wb.getWorksheet('值班到岗')!;
    const byName = new Map(dataRows(duty).map((r) => [text(r.getCell(1).value), r]));
    const zhang = byName.get('张三')!;
    expect([2, 3, 4, 5, 6].map((c) => zhang.getCell(c).value)).toEqual([2, 1, 0, 1, 0]);
    expect(zhang.getCell(7).value).toBe(0.5);
    expect(zhang.getCell(7).numFmt).toBe('0.0%');
    expect([2, 3, 4, 5, 6].map((c) => byName.get('李四')!.getCell(c).value)).toEqual([1, 0, 1, 0, 0]);
    expect([2, 3, 4, 5, 6].map((c) => byName.get('王芳')!.getCell(c).value)).toEqual([1, 0, 0, 0, 1]);
    const dutyTotal = duty.getRow(3 + byName.size);
    expect(text(dutyTotal.getCell(1).value)).toBe('合计');
    expect(dutyTotal.getCell(2).value).toBe(stats.duty.totals.assigned);
    expect(dutyTotal.getCell(3).value).toBe(stats.duty.totals.kept);
    expect(dutyTotal.getCell(3).value).toBe(figure(stats, 'duty.kept'));
    expect(dutyTotal.getCell(7).value).toBeCloseTo(figure(stats, 'duty.rate')! / 100, 3);
    expect(all).toContain('张三（到岗）');
    expect(all).toContain('王芳（已排班）');

    // 活动记录: the year's activities; attendance by name; the 述职 ratings.
    const activities = wb.getWorksheet('活动记录')!;
    const held = dataRows(activities);
    expect(held).toHaveLength(figure(stats, 'activities.held')!);
    expect(held).toHaveLength(2);
    expect(text(cellOf(activities, held[0]!, '出席代表'))).toBe('张三');
    expect(text(cellOf(activities, held[0]!, '请假'))).toBe('李四');
    expect(text(cellOf(activities, held[0]!, '缺席'))).toBe('王芳');
    expect(text(cellOf(activities, held[0]!, '对应计划'))).toBe('学习代表法');
    expect(text(cellOf(activities, held[1]!, '成效'))).toContain('满意20、基本满意8、不满意2');

    // 年度活动计划: the year's items with the derived status.
    const plan = wb.getWorksheet('年度活动计划')!;
    const items = dataRows(plan);
    expect(items).toHaveLength(figure(stats, 'activities.planned')!);
    expect(items.map((r) => text(cellOf(plan, r, '状态')))).toEqual(['已完成', '取消', '已完成']);
    expect(items.filter((r) => text(cellOf(plan, r, '状态')) === '已完成')).toHaveLength(
      figure(stats, 'activities.planDone')!,
    );
    expect(text(cellOf(plan, items[1]!, '原因'))).toBe('汛期改期');
    expect(text(cellOf(plan, items[0]!, '对应活动'))).toBe('2026-03-20 学习代表法');

    // 代表名册: those in office only.
    const roster = wb.getWorksheet('代表名册')!;
    const names = dataRows(roster).map((r) => text(cellOf(roster, r, '姓名')));
    expect(names.sort()).toEqual(['张三', '李四', '王芳'].sort());
    expect(all).not.toContain('周离任');

    // 汇总: every figure with its definition; rates as numbers formatted as %.
    const summary = wb.getWorksheet('汇总')!;
    const figureRows = dataRows(summary).slice(0, stats.figures.length);
    expect(figureRows.map((r) => text(cellOf(summary, r, '指标')))).toEqual(
      stats.figures.map((f) => f.label),
    );
    stats.figures.forEach((f, i) => {
      const cell = figureRows[i]!.getCell(column(summary, '数值'));
      if (f.value === null) expect(cell.value).toBe('—');
      else if (f.unit === '%') {
        expect(cell.value).toBeCloseTo(f.value / 100, 6);
        expect(cell.numFmt).toBe('0.0%');
      } else expect(cell.value).toBe(f.value);
      expect(text(cellOf(summary, figureRows[i]!, '口径说明'))).toBe(f.definition);
    });
    expect(all).toContain('按月接待情况');
  });

  it('still has every sheet with its header for an empty period', async () => {
    const data = dir();
    await buildStation(data);
    const period = { from: '2024-01-01', to: '2024-01-31' };
    const { ledger, stats } = await withCtx(data, async (ctx) => ({
      ledger: await ledgerWorkbook(ctx, period),
      stats: await stationStats(ctx, period),
    }));
    const wb = await open(ledger.bytes);
    expect(wb.worksheets.map((s) => s.name)).toEqual([...LEDGER_SHEETS]);
    for (const sheet of wb.worksheets) expect(headers(sheet).length).toBeGreaterThan(2);
    expect(dataRows(wb.getWorksheet('接待登记')!)).toHaveLength(0);
    expect(dataRows(wb.getWorksheet('办理与答复')!)).toHaveLength(0);
    expect(dataRows(wb.getWorksheet('活动记录')!)).toHaveLength(0);
    expect(dataRows(wb.getWorksheet('年度活动计划')!)).toHaveLength(0);
    expect(figure(stats, 'receptions.batches')).toBe(0);
    // Rates with nothing to divide by show —.
    const summary = wb.getWorksheet('汇总')!;
    const answerRate = dataRows(summary).find((r) => text(cellOf(summary, r, '指标')) === '回音率')!;
    expect(cellOf(summary, answerRate, '数值')).toBe('—');
    expect(ledger.sheets.find((s) => s.name === '接待登记')!.rows).toBe(0);
  });

  it('is served by stats.ledger as a download, and refuses a period that ends before it starts', async () => {
    const data = dir();
    await buildStation(data);
    await withCtx(data, async (ctx) => {
      const file = await callOk<{ fileName: string; base64: string }>(ctx, 'stats.ledger', YEAR);
      expect(file.fileName).toBe('台账-LHX-001-20260101至20261231.xlsx');
      const wb = await open(Buffer.from(file.base64, 'base64'));
      expect(wb.worksheets.map((s) => s.name)).toEqual([...LEDGER_SHEETS]);
      expect(dataRows(wb.getWorksheet('接待登记')!)).toHaveLength(4);
      const bad = await dispatch('stats.ledger', { from: '2026-12-31', to: '2026-01-01' }, ctx);
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.error.message).toContain('结束日期不能早于开始日期');
    });
  });

  it('reads a long log in pages and keeps it in order', async () => {
    const data = dir();
    await withCtx(data, async (ctx) => {
      await setUpStation(ctx, SAMPLE_STATION);
      // More than one page (500) of receptions, several at the same minute.
      await writeTransaction(ctx, async (trx) => {
        const insert = trx.insertInto('receptions');
        const rows = Array.from({ length: 1203 }, (_, i) => ({
          id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
          year: 2026,
          year_seq: i + 1,
          received_at: `2026-02-${String(1 + Math.floor(i / 100)).padStart(2, '0')}T09:30:00.000+08:00`,
          channel: '来访',
          category: '交通出行',
          title: `事项${i + 1}`,
          matter: '内容',
          confidential: 0,
          staff: '[]',
          visitor_names: `来访人${i + 1}`,
          visitor_phone: '',
          persons: 1 + (i % 3),
          status: '登记',
          disposition: null,
          unit: '',
          deadline: '',
          referral: '',
          suggestion_deputy_id: null,
          reply_date: '',
          reply_unit: '',
          reply_text: '',
          answer_date: '',
          answer_method: '',
          answer_text: '',
          satisfaction: '',
          reminders: 0,
          duty_slot_id: null,
          rev: 1,
          created_at: '2026-02-01T09:30:00.000+08:00',
          updated_at: '2026-02-01T09:30:00.000+08:00',
          deleted_at: null,
        }));
        for (let i = 0; i < rows.length; i += 100) await insert.values(rows.slice(i, i + 100)).execute();
      });
    });
    const { ledger, stats } = await withCtx(data, async (ctx) => ({
      ledger: await ledgerWorkbook(ctx, YEAR),
      stats: await stationStats(ctx, YEAR),
    }));
    const wb = await open(ledger.bytes);
    const sheet = wb.getWorksheet('接待登记')!;
    const rows = dataRows(sheet);
    expect(rows).toHaveLength(1203);
    expect(rows.length).toBe(figure(stats, 'receptions.batches'));
    expect(rows.map((r) => text(r.getCell(1).value))).toEqual(
      Array.from({ length: 1203 }, (_, i) => `2026-${String(i + 1).padStart(4, '0')}`),
    );
    expect(rows.reduce((n, r) => n + Number(cellOf(sheet, r, '人数')), 0)).toBe(
      figure(stats, 'receptions.persons'),
    );
  });
});

// --- station-desk ledger ---------------------------------------------------------------

/** `station-desk ledger` for the year 2026 into `out`. */
const ledger2026 = (data: string, out: string, ...extra: string[]) =>
  cli('ledger', '--data', data, '--from', '2026-01-01', '--to', '2026-12-31', '--out', out, ...extra);

/** A data folder with a station and one reception, built once for the command-line tests. */
async function smallStation(): Promise<string> {
  const data = dir();
  await withCtx(data, async (ctx) => {
    await setUpStation(ctx, SAMPLE_STATION);
    await reception(ctx, {});
  });
  return data;
}

/** Whether this process can write into a folder that has no write permission (root can). */
function chmodIsIgnored(folder: string): boolean {
  const probe = join(folder, 'probe');
  try {
    writeFileSync(probe, 'x');
    rmSync(probe);
    return true;
  } catch {
    return false;
  }
}

/** As root, permissions bind only another user: run the command as nobody when setpriv is there. */
const NOBODY = 65534;
const canDropToNobody = () => process.getuid?.() === 0 && existsSync('/usr/bin/setpriv');

function cliAsNobody(...args: string[]) {
  const r = spawnSync(
    '/usr/bin/setpriv',
    [
      `--reuid=${NOBODY}`,
      `--regid=${NOBODY}`,
      '--clear-groups',
      process.execPath,
      '--import',
      'tsx',
      'main/cli/index.ts',
      ...args,
    ],
    { encoding: 'utf8' },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('station-desk ledger', () => {
  it('writes the workbook and reports its sheets', async () => {
    const data = await smallStation();
    const out = join(dir(), '台账2026.xlsx');
    const r = ledger2026(data, out, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as {
      ok: boolean;
      file: string;
      bytes: number;
      sheets: { name: string; rows: number }[];
    };
    expect(result.ok).toBe(true);
    expect(result.file).toBe(out);
    expect(result.bytes).toBe(statSync(out).size);
    expect(result.sheets.map((s) => s.name)).toEqual([...LEDGER_SHEETS]);
    expect(result.sheets.find((s) => s.name === '接待登记')!.rows).toBe(1);
    const wb = await open(readFileSync(out));
    expect(dataRows(wb.getWorksheet('接待登记')!)).toHaveLength(1);
    // Only the workbook: no temp file beside it.
    expect(readdirSync(join(out, '..'))).toEqual(['台账2026.xlsx']);
  });

  it('refuses an existing file unless --force', async () => {
    const data = await smallStation();
    const out = join(dir(), 'ledger.xlsx');
    writeFileSync(out, 'old');
    const r = ledger2026(data, out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('文件已存在');
    expect(r.stderr).toContain('--force');
    expect(readFileSync(out, 'utf8')).toBe('old');
    const forced = ledger2026(data, out, '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('已导出台账');
    expect((await open(readFileSync(out))).worksheets).toHaveLength(LEDGER_SHEETS.length);
  });

  it('says a folder without write permission cannot be written and leaves nothing', async (t) => {
    const data = await smallStation();
    const folder = dir();
    chmodSync(folder, 0o555);
    try {
      let run = cli;
      if (chmodIsIgnored(folder)) {
        // Running as root: the data folder is handed to nobody, who may not write into `folder`.
        if (!canDropToNobody()) t.skip();
        expect(spawnSync('chown', ['-R', `${NOBODY}:${NOBODY}`, data]).status).toBe(0);
        run = cliAsNobody;
      }
      const out = join(folder, 'ledger.xlsx');
      const r = run('ledger', '--data', data, '--from', '2026-01-01', '--to', '2026-12-31', '--out', out);
      expect(r.stderr).toContain(
        `无法写入文件夹 ${folder}：没有写入权限。请换一个文件夹，或检查U盘是否写保护。`,
      );
      expect(r.code).toBe(1);
      expect(readdirSync(folder)).toEqual([]);
    } finally {
      chmodSync(folder, 0o755);
    }
  });

  it('says so when the folder is missing or is a file', async () => {
    const data = await smallStation();
    const missing = join(dir(), 'no-such-folder', 'ledger.xlsx');
    const r = ledger2026(data, missing, '--json');
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout) as { ok: boolean; error: { message: string } };
    expect(result.ok).toBe(false);
    expect(result.error.message).toContain('文件夹不存在');
    expect(existsSync(join(missing, '..'))).toBe(false);
    const underFile = ledger2026(data, '/etc/passwd/x.xlsx');
    expect(underFile.code).toBe(1);
    expect(underFile.stderr).toContain('/etc/passwd 不是文件夹');
  });

  it('removes its temp file when the final rename fails', async () => {
    const data = await smallStation();
    const folder = dir();
    // The target is a folder: writing the temp file works, replacing the target does not.
    mkdirSync(join(folder, 'ledger.xlsx'));
    writeFileSync(join(folder, 'ledger.xlsx', 'keep'), 'x');
    const r = ledger2026(data, join(folder, 'ledger.xlsx'), '--force');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('无法写入');
    expect(readdirSync(folder)).toEqual(['ledger.xlsx']);
    expect(readdirSync(join(folder, 'ledger.xlsx'))).toEqual(['keep']);
  });

  it('rejects a period that ends before it starts', async () => {
    const data = await smallStation();
    const out = join(dir(), 'ledger.xlsx');
    const r = cli('ledger', '--data', data, '--from', '2026-12-31', '--to', '2026-01-01', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('结束日期不能早于开始日期');
    expect(existsSync(out)).toBe(false);
    const bad = cli('ledger', '--data', data, '--from', '2026-02-30', '--to', '2026-03-01', '--out', out);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('不是一个真实的日期');
  });
});
