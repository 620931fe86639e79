import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { nextDay } from '../../db/time';
import type { ParsedInput, StationStats } from '../api/contract';
import type { ServiceContext } from './context';
import { maskName, maskPhone } from './mask';
import { deputyNamesFor, HANDED_OVER, overdueDays, receptionNumber, type Row } from './receptions';
import { allLiveDeputies } from './roster';
import { getStation } from './station';
import { stationStats } from './stats';
import { seesConfidential } from './auth';

/**
 * The ledger workbook (台账) of a period: one .xlsx with a sheet per book and a summary sheet
 * whose figures are stationStats' own, formatted for printing on A4 landscape.
 *
 * Written with exceljs' streaming writer: the receptions of a year (100,000+) are read a page
 * at a time by keyset and each row is written out as it is read, so the log is never held in
 * memory. Everything is read inside one read transaction, so the sheets and the summary are
 * one snapshot and agree even if a clerk saves a reception meanwhile.
 */

export const LEDGER_SHEETS = [
  '汇总',
  '接待登记',
  '办理与答复',
  '值班到岗',
  '活动记录',
  '年度活动计划',
  '代表名册',
] as const;

export interface LedgerWorkbook {
  fileName: string;
  bytes: Buffer;
  /** Data rows of each sheet's main table (titles, headers and 合计 rows not counted). */
  sheets: { name: string; rows: number }[];
}

/** Receptions read per query while streaming the log. */
const PAGE = 500;
/** Ids per IN (…) list. */
const CHUNK = 500;

const CONFIDENTIAL_MATTER = '（要求保密）';

// --- Formatting --------------------------------------------------------------------------

interface Column {
  header: string;
  width: number;
  /** Long text: wrapped and aligned left. */
  wrap?: boolean;
  numFmt?: string;
}

type Sheet = ExcelJS.Worksheet;
type Cell = ExcelJS.CellValue;

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const TOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const FONT = '宋体';
const PERCENT = '0.0%';

/** 2026年1月1日 */
const dayText = (date: string) =>
  `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** One sheet: title row (1), header row (2), data rows; frozen below the header, A4 landscape. */
class SheetWriter {
  readonly sheet: Sheet;
  private rowNumber = 2;
  rows = 0;
  /** Set when the zip stopped draining: write on without waiting (see caughtUp). */
  unthrottled = false;

  constructor(
    workbook: ExcelJS.stream.xlsx.WorkbookWriter,
    readonly name: string,
    title: string,
    readonly columns: Column[],
  ) {
    this.sheet = workbook.addWorksheet(name, {
      views: [{ state: 'frozen', ySplit: 2, xSplit: 0, topLeftCell: 'A3', activeCell: 'A3' }],
      pageSetup: {
        paperSize: 9, // A4
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        horizontalCentered: true,
        printTitlesRow: '2:2',
        margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
    });
    this.sheet.columns = columns.map((c) => ({ width: c.width }));
    const titleRow = this.sheet.getRow(1);
    titleRow.height = 32;
    const titleCell = titleRow.getCell(1);
    titleCell.value = title;
    titleCell.font = { name: FONT, bold: true, size: 16 };
    titleCell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    this.sheet.mergeCells(1, 1, 1, columns.length);
    titleRow.commit();
    this.header(
      2,
      columns.map((c) => c.header),
    );
  }

  private header(at: number, labels: string[], span = labels.length): void {
    const row = this.sheet.getRow(at);
    row.height = 22;
    labels.forEach((label, i) => {
      const cell = row.getCell(i + 1);
      cell.value = label;
      cell.font = { name: FONT, bold: true, size: 11 };
      cell.fill = HEADER_FILL;
      cell.border = THIN;
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    });
    this.spanLast(row, labels.length, span, HEADER_FILL);
    row.commit();
  }

  /** Widens a small table's last cell across to column `span` (bordered like the rest). */
  private spanLast(row: ExcelJS.Row, last: number, span: number, fill?: ExcelJS.Fill): void {
    if (span <= last) return;
    for (let c = last + 1; c <= span; c++) {
      const cell = row.getCell(c);
      cell.border = THIN;
      if (fill) cell.fill = fill;
    }
    this.sheet.mergeCells(row.number, last, row.number, span);
  }

  /** A data row of the main table; written out at once. */
  add(
    values: Cell[],
    options: { total?: boolean; columns?: Column[]; counted?: boolean; span?: number } = {},
  ): void {
    const columns = options.columns ?? this.columns;
    const row = this.sheet.getRow(++this.rowNumber);
    values.forEach((value, i) => {
      const cell = row.getCell(i + 1);
      const column = columns[i];
      cell.value = value;
      cell.border = THIN;
      cell.font = { name: FONT, size: 10, bold: options.total === true };
      if (options.total) cell.fill = TOTAL_FILL;
      if (column?.numFmt && typeof value === 'number') cell.numFmt = column.numFmt;
      cell.alignment = column?.wrap
        ? { horizontal: 'left', vertical: 'top', wrapText: true }
        : {
            horizontal: typeof value === 'number' ? 'right' : 'center',
            vertical: 'top',
            wrapText: true,
          };
    });
    this.spanLast(row, values.length, options.span ?? 0, options.total ? TOTAL_FILL : undefined);
    row.commit();
    if (options.counted ?? (!options.total && !options.columns)) this.rows++;
  }

  /** A further small table below the main one: a gap, a caption, its own header row. */
  section(caption: string, labels: string[], span?: number): void {
    this.rowNumber++;
    const row = this.sheet.getRow(++this.rowNumber);
    const cell = row.getCell(1);
    cell.value = caption;
    cell.font = { name: FONT, bold: true, size: 12 };
    row.height = 22;
    row.commit();
    this.header(++this.rowNumber, labels, span);
  }

  /** A line of explanation under a table (not bordered). */
  note(text: string): void {
    this.rowNumber++; // a blank line between the table and its note
    const row = this.sheet.getRow(++this.rowNumber);
    const cell = row.getCell(1);
    cell.value = text;
    cell.font = { name: FONT, size: 9, italic: true };
    row.commit();
  }

  commit(): void {
    this.sheet.commit();
  }
}

const rate = (value: number | null) => (value === null ? '—' : value);

/** How much of a sheet's XML is written but not yet taken by the zip (exceljs and archiver internals). */
function queuedBytes(sheet: Sheet): number {
  type Pipe = { writableLength?: number; _writableState?: { length?: number } };
  const buf = (sheet as unknown as { stream?: { buffers?: unknown[]; pipes?: Pipe[] } }).stream;
  const waiting = (buf?.buffers?.length ?? 0) * 65_536;
  // archiver's streams come from readable-stream, whose older versions lack writableLength.
  const piped = (buf?.pipes ?? []).reduce(
    (n, p) => n + (p.writableLength ?? p._writableState?.length ?? 0),
    0,
  );
  return waiting + piped;
}

/**
 * exceljs' streaming writer ignores backpressure and better-sqlite3 never yields, so without a
 * pause the whole log would pile up in memory before the zip compresses any of it. Waits until
 * the zip has caught up (or stops making progress, so a change inside exceljs cannot hang us).
 */
async function caughtUp(w: SheetWriter): Promise<void> {
  let last = Infinity;
  let since = Date.now();
  while (!w.unthrottled) {
    const queued = queuedBytes(w.sheet);
    if (queued < 2 * 1024 * 1024) return;
    if (queued < last) since = Date.now();
    else if (Date.now() - since > 5_000) w.unthrottled = true;
    last = queued;
    // setImmediate lets the zip's compression callbacks (I/O phase) run between checks.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

// --- Reading -----------------------------------------------------------------------------

/** Live receptions visited within from..to, oldest first, a page at a time (keyset on received_at, num). */
async function* receptionPages(
  db: Kysely<DB>,
  from: string,
  to: string,
  only: ReturnType<typeof sql> | null,
  /** Leaves out confidential receptions (要求保密): a clerk's ledger. */
  hideConfidential: boolean,
): AsyncGenerator<Row[]> {
  const end = nextDay(to);
  let after: { at: string; num: number } | null = null;
  for (;;) {
    const cursor: ReturnType<typeof sql> = after
      ? sql`AND (received_at > ${after.at} OR (received_at = ${after.at} AND num > ${after.num}))`
      : sql``;
    const { rows } = await sql<Row>`SELECT * FROM receptions
      WHERE deleted_at IS NULL AND received_at >= ${from} AND received_at < ${end} ${cursor}
        ${only ? sql`AND ${only}` : sql``} ${hideConfidential ? sql`AND confidential = 0` : sql``}
      ORDER BY received_at, num LIMIT ${PAGE}`.execute(db);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1]!;
    after = { at: last.received_at, num: last.num };
  }
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** 2026-03-08T09:30:00.000+08:00 → 2026-03-08 09:30 (the station's own wall time). */
const wallTime = (receivedAt: string) => `${receivedAt.slice(0, 10)} ${receivedAt.slice(11, 16)}`;

/** Confidential visitors appear as 王某 (as in the reception list). */
function visitorNames(row: Row): string {
  if (!row.confidential) return row.visitor_names;
  return row.visitor_names
    .split('、')
    .map((n) => maskName(n))
    .join('、');
}

// --- The sheets --------------------------------------------------------------------------

async function summarySheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, title: string, stats: StationStats) {
  const w = new SheetWriter(wb, '汇总', title, [
    { header: '类别', width: 10 },
    { header: '指标', width: 22, wrap: true },
    { header: '数值', width: 12, numFmt: '#,##0' },
    { header: '单位', width: 8 },
    { header: '口径说明', width: 70, wrap: true },
  ]);
  const valueAs = (numFmt: string) => w.columns.map((c, i) => (i === 2 ? { ...c, numFmt } : c));
  for (const f of stats.figures) {
    // Rates come as 0–100: written as fractions so Excel shows them with its % format.
    const isRate = f.unit === '%';
    const value = f.value === null ? '—' : isRate ? f.value / 100 : f.value;
    const numFmt = isRate ? PERCENT : Number.isInteger(f.value) ? '#,##0' : '#,##0.0';
    w.add([f.group, f.label, value, f.unit, f.definition], { counted: true, columns: valueAs(numFmt) });
  }
  w.note(`统计日期：${stats.today}。比率以百分数显示；“—”表示没有可计算的基数。`);

  const small: Column[] = [
    { header: '', width: 10 },
    { header: '', width: 10, numFmt: '#,##0' },
    { header: '', width: 10, numFmt: '#,##0' },
  ];
  w.section('按月接待情况', ['月份', '接待批次', '接待人数']);
  let batches = 0;
  let persons = 0;
  for (const m of stats.receptionsByMonth) {
    w.add([`${Number(m.month.slice(0, 4))}年${Number(m.month.slice(5, 7))}月`, m.batches, m.persons], {
      columns: small,
    });
    batches += m.batches;
    persons += m.persons;
  }
  w.add(['合计', batches, persons], { total: true, columns: small });

  if (stats.receptionsByCategory.length > 0) {
    w.section('按类别接待情况', ['类别', '接待批次', '接待人数']);
    for (const c of stats.receptionsByCategory) w.add([c.category, c.batches, c.persons], { columns: small });
  }
  w.section('活动开展与计划', ['活动类型', '已开展', '计划数']);
  for (const a of stats.activitiesByType) w.add([a.type, a.held, a.planned], { columns: small });
  w.commit();
  return w;
}

async function receptionsSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  title: string,
  db: Kysely<DB>,
  from: string,
  to: string,
  hideConfidential: boolean,
) {
  const w = new SheetWriter(wb, '接待登记', title, [
    { header: '编号', width: 11 },
    { header: '接待时间', width: 17 },
    { header: '方式', width: 7 },
    { header: '来访人', width: 14, wrap: true },
    { header: '联系电话', width: 14 },
    { header: '人数', width: 6, numFmt: '0' },
    { header: '类别', width: 11, wrap: true },
    { header: '事项', width: 24, wrap: true },
    { header: '反映内容', width: 46, wrap: true },
    { header: '接待代表', width: 14, wrap: true },
    { header: '办理方式', width: 10 },
    { header: '状态', width: 8 },
  ]);
  let persons = 0;
  for await (const page of receptionPages(db, from, to, null, hideConfidential)) {
    await caughtUp(w);
    const names = await deputyNamesFor(
      db,
      page.map((r) => r.id),
    );
    for (const r of page) {
      persons += r.persons;
      w.add([
        receptionNumber(r.year, r.year_seq),
        wallTime(r.received_at),
        r.channel,
        visitorNames(r),
        maskPhone(r.visitor_phone),
        r.persons,
        r.category,
        r.title,
        r.confidential ? CONFIDENTIAL_MATTER : r.matter,
        (names.get(r.id) ?? []).join('、'),
        r.disposition ?? '',
        r.status,
      ]);
    }
  }
  w.add(['合计', `共 ${w.rows} 批次`, '', '', '', persons, '', '', '', '', '', ''], { total: true });
  w.note(
    hideConfidential
      ? '来访人姓名和电话按规定部分隐去；要求保密的登记只在管理员导出的台账中列出（汇总数字包含它们）。'
      : '来访人姓名和电话按规定部分隐去；要求保密的登记只显示姓氏，不显示反映内容。',
  );
  w.commit();
  return w;
}

async function handlingSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  title: string,
  db: Kysely<DB>,
  from: string,
  to: string,
  today: string,
  hideConfidential: boolean,
) {
  const w = new SheetWriter(wb, '办理与答复', title, [
    { header: '编号', width: 11 },
    { header: '接待日期', width: 11 },
    { header: '事项', width: 24, wrap: true },
    { header: '办理方式', width: 10 },
    { header: '承办单位', width: 16, wrap: true },
    { header: '办理期限', width: 11 },
    { header: '办理答复', width: 44, wrap: true },
    { header: '反馈日期', width: 11 },
    { header: '反馈方式', width: 8 },
    { header: '满意度', width: 8 },
    { header: '是否逾期', width: 12, wrap: true },
  ]);
  const handed = sql.join(HANDED_OVER.map((d) => sql.lit(d)));
  const suggesters = new Map(
    (await db.selectFrom('deputies').select(['id', 'name']).execute()).map((d) => [d.id, d.name]),
  );
  let overdue = 0;
  for await (const page of receptionPages(
    db,
    from,
    to,
    sql`(disposition IN (${handed}) OR answer_date <> '')`,
    hideConfidential,
  )) {
    await caughtUp(w);
    for (const r of page) {
      let unit = r.unit;
      if (r.disposition === '转为代表建议' && r.suggestion_deputy_id)
        unit = `代表建议（${suggesters.get(r.suggestion_deputy_id) ?? ''}）`;
      let reply = '';
      if (r.reply_date) reply = `${r.reply_date} ${r.reply_unit}：${r.reply_text}`;
      else if (r.disposition === '不予受理') reply = `不予受理，已告知：${r.referral || r.answer_text}`;
      else if (r.disposition === '当场答复') reply = `当场答复：${r.answer_text}`;
      const days = overdueDays(r.status, r.deadline, today);
      if (days > 0) overdue++;
      w.add([
        receptionNumber(r.year, r.year_seq),
        r.received_at.slice(0, 10),
        r.title,
        r.disposition ?? '',
        unit,
        r.deadline,
        reply,
        r.answer_date,
        r.answer_method,
        r.answer_date ? r.satisfaction || '未表态' : '',
        days > 0 ? `是（逾期${days}天）` : '否',
      ]);
    }
  }
  w.note(`共 ${w.rows} 件；截至 ${today} 逾期未办结 ${overdue} 件。逾期：办理中且已过办理期限。`);
  w.commit();
  return w;
}

async function dutySheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  title: string,
  db: Kysely<DB>,
  stats: StationStats,
) {
  const w = new SheetWriter(wb, '值班到岗', title, [
    { header: '代表', width: 14 },
    { header: '应到岗', width: 10, numFmt: '0' },
    { header: '到岗', width: 10, numFmt: '0' },
    { header: '请假', width: 10, numFmt: '0' },
    { header: '缺席', width: 10, numFmt: '0' },
    { header: '未记录', width: 10, numFmt: '0' },
    { header: '进站率', width: 10, numFmt: PERCENT },
    { header: '调换给他人', width: 12, numFmt: '0' },
  ]);
  const cells = (f: StationStats['duty']['totals']) => [
    f.assigned,
    f.kept,
    f.leave,
    f.absent,
    f.unrecorded,
    rate(f.rate),
    f.swappedOut,
  ];
  for (const d of stats.duty.deputies) w.add([d.name, ...cells(d)]);
  w.add(['合计', ...cells(stats.duty.totals)], { total: true });
  w.note('进站率 = 到岗 ÷ 应到岗；调换给他人的不计入应到岗；当天以后的值班不计入。');

  // The slots themselves, with each deputy's attendance.
  const slots = await db
    .selectFrom('duty_slots')
    .select(['id', 'date', 'start_time', 'end_time', 'place'])
    .where('deleted_at', 'is', null)
    .where('date', '>=', stats.from)
    .where('date', '<=', stats.to)
    .orderBy('date')
    .orderBy('start_time')
    .execute();
  // The last column of this list spans to the end of the sheet: the names need the room.
  w.section('值班安排及到岗情况', ['日期', '时段', '地点', '值班代表（到岗情况）'], w.columns.length);
  const slotColumns: Column[] = [
    { header: '', width: 14 },
    { header: '', width: 10 },
    { header: '', width: 10, wrap: true },
    { header: '', width: 10, wrap: true },
  ];
  for (const part of chunks(slots)) {
    const places = await db
      .selectFrom('duty_assignments as a')
      .innerJoin('deputies as d', 'd.id', 'a.deputy_id')
      .select(['a.slot_id', 'a.status', 'd.name'])
      .where('a.deleted_at', 'is', null)
      .where(
        'a.slot_id',
        'in',
        part.map((s) => s.id),
      )
      .orderBy('a.rev')
      .execute();
    const bySlot = new Map<string, string[]>();
    for (const p of places) {
      const list = bySlot.get(p.slot_id) ?? [];
      list.push(`${p.name}（${p.status}）`);
      bySlot.set(p.slot_id, list);
    }
    for (const s of part) {
      const row: Cell[] = [
        s.date,
        `${s.start_time}–${s.end_time}`,
        s.place,
        (bySlot.get(s.id) ?? []).join('、') || '（未排代表）',
      ];
      w.add(row, { columns: slotColumns, span: w.columns.length });
    }
  }
  if (slots.length === 0) w.note('这段时间没有值班安排。');
  w.commit();
  return w;
}

interface RatingJson {
  deputyId: string;
  aspect: string;
  satisfied: number;
  basic: number;
  unsatisfied: number;
}

async function activitiesSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  title: string,
  db: Kysely<DB>,
  from: string,
  to: string,
) {
  const w = new SheetWriter(wb, '活动记录', title, [
    { header: '日期', width: 11 },
    { header: '类型', width: 11 },
    { header: '主题', width: 20, wrap: true },
    { header: '地点', width: 14, wrap: true },
    { header: '出席代表', width: 18, wrap: true },
    { header: '请假', width: 10, wrap: true },
    { header: '缺席', width: 10, wrap: true },
    { header: '其他参加人员', width: 16, wrap: true },
    { header: '活动内容', width: 40, wrap: true },
    { header: '成效', width: 30, wrap: true },
    { header: '对应计划', width: 16, wrap: true },
  ]);
  const activities = await db
    .selectFrom('activities as a')
    .leftJoin('plan_items as p', (join) =>
      join.onRef('p.id', '=', 'a.plan_item_id').on('p.deleted_at', 'is', null),
    )
    .select([
      'a.id',
      'a.date',
      'a.type',
      'a.theme',
      'a.place',
      'a.guests',
      'a.summary',
      'a.outcomes',
      'a.voters_present',
      'a.ratings',
      'p.theme as plan_theme',
    ])
    .where('a.deleted_at', 'is', null)
    .where('a.date', '>=', from)
    .where('a.date', '<=', to)
    .orderBy('a.date')
    .orderBy('a.rev')
    .execute();
  const names = new Map(
    (await db.selectFrom('deputies').select(['id', 'name']).execute()).map((d) => [d.id, d.name]),
  );
  for (const part of chunks(activities)) {
    const people = await db
      .selectFrom('activity_participants as ap')
      .innerJoin('deputies as d', 'd.id', 'ap.deputy_id')
      .select(['ap.activity_id', 'ap.attendance', 'd.name'])
      .where('ap.deleted_at', 'is', null)
      .where(
        'ap.activity_id',
        'in',
        part.map((a) => a.id),
      )
      .orderBy('ap.rev')
      .execute();
    for (const a of part) {
      const mine = people.filter((p) => p.activity_id === a.id);
      const who = (attendance: string) =>
        mine
          .filter((p) => p.attendance === attendance)
          .map((p) => p.name)
          .join('、');
      let outcomes = a.outcomes;
      const ratings = JSON.parse(a.ratings || '[]') as RatingJson[];
      if (a.type === '述职' && (ratings.length > 0 || a.voters_present !== null)) {
        const lines = ratings.map(
          (r) =>
            `${names.get(r.deputyId) ?? ''}（${r.aspect}）：满意${r.satisfied}、基本满意${r.basic}、不满意${r.unsatisfied}`,
        );
        const head = a.voters_present !== null ? `满意度测评（到会选民${a.voters_present}人）` : '满意度测评';
        outcomes = [outcomes, `${head}：${lines.join('；')}`].filter(Boolean).join('\n');
      }
      w.add([
        a.date,
        a.type,
        a.theme,
        a.place,
        who('出席'),
        who('请假'),
        who('缺席'),
        a.guests,
        a.summary,
        outcomes,
        a.plan_theme ?? '',
      ]);
    }
  }
  w.note(`共 ${w.rows} 次活动。`);
  w.commit();
  return w;
}

async function planSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  title: string,
  db: Kysely<DB>,
  from: string,
  to: string,
) {
  const w = new SheetWriter(wb, '年度活动计划', title, [
    { header: '月份', width: 10 },
    { header: '日期', width: 11 },
    { header: '类型', width: 11 },
    { header: '主题', width: 26, wrap: true },
    { header: '负责人', width: 10, wrap: true },
    { header: '参加人员', width: 22, wrap: true },
    { header: '状态', width: 8 },
    { header: '原因', width: 20, wrap: true },
    { header: '对应活动', width: 30, wrap: true },
  ]);
  // Items whose month lies in the period (the months of from and to included).
  const month = sql<string>`printf('%04d-%02d', year, month)`;
  const items = await db
    .selectFrom('plan_items')
    .selectAll()
    .where('deleted_at', 'is', null)
    .where(month, '>=', from.slice(0, 7))
    .where(month, '<=', to.slice(0, 7))
    .orderBy('year')
    .orderBy('month')
    .orderBy('date')
    .orderBy('rev')
    .execute();
  for (const part of chunks(items)) {
    const linked = await db
      .selectFrom('activities')
      .select(['plan_item_id', 'date', 'theme'])
      .where('deleted_at', 'is', null)
      .where(
        'plan_item_id',
        'in',
        part.map((p) => p.id),
      )
      .orderBy('date')
      .execute();
    for (const p of part) {
      const done = linked.filter((a) => a.plan_item_id === p.id);
      w.add([
        `${p.year}年${p.month}月`,
        p.date,
        p.type,
        p.theme,
        p.responsible,
        p.participants,
        done.length > 0 ? '已完成' : p.status,
        done.length > 0 ? '' : p.status_reason,
        done.map((a) => `${a.date} ${a.theme}`).join('\n'),
      ]);
    }
  }
  w.note(`共 ${w.rows} 项。状态“已完成”表示已有活动记录与之对应。`);
  w.commit();
  return w;
}

async function rosterSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, title: string, db: Kysely<DB>) {
  const w = new SheetWriter(wb, '代表名册', title, [
    { header: '序号', width: 6, numFmt: '0' },
    { header: '姓名', width: 10 },
    { header: '性别', width: 6 },
    { header: '代表层级', width: 14, wrap: true },
    { header: '选区', width: 20, wrap: true },
    { header: '代表小组', width: 14, wrap: true },
    { header: '工作单位及职务', width: 36, wrap: true },
    { header: '联系电话', width: 15 },
    { header: '站内职务', width: 12 },
  ]);
  const deputies = (await allLiveDeputies(db)).filter((d) => d.status === '在任');
  deputies.forEach((d, i) =>
    w.add([
      i + 1,
      d.name,
      d.gender,
      d.levels.join('、'),
      d.constituency,
      d.groupName ?? '',
      d.workplacePost,
      d.phone,
      d.stationRole,
    ]),
  );
  w.note(`在任代表共 ${w.rows} 人。`);
  w.commit();
  return w;
}

// --- The workbook ------------------------------------------------------------------------

export async function ledgerWorkbook(
  ctx: ServiceContext,
  input: ParsedInput<'stats.ledger'>,
): Promise<LedgerWorkbook> {
  const { from, to } = input;
  // One read transaction: every sheet and the summary see the same data.
  return ctx.db.transaction().execute(async (trx) => {
    const snapshot: ServiceContext = { ...ctx, db: trx };
    const hide = !seesConfidential(ctx);
    const stats = await stationStats(snapshot, { from, to });
    const station = await getStation(snapshot);
    const stationName = station?.name ?? '人大代表联络站';
    const period = `（${dayText(from)}—${dayText(to)}）`;
    const title = (book: string) => `${stationName} ${book}${period}`;

    const out = new PassThrough();
    const parts: Buffer[] = [];
    out.on('data', (chunk: Buffer) => parts.push(chunk));
    const ended = new Promise<void>((resolve, reject) => {
      out.on('end', resolve);
      out.on('error', reject);
    });
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    wb.creator = '联络站工作台';
    const written = [
      await summarySheet(wb, title('台账汇总'), stats),
      await receptionsSheet(wb, title('接待登记台账'), trx, from, to, hide),
      await handlingSheet(wb, title('办理与答复台账'), trx, from, to, stats.today, hide),
      await dutySheet(wb, title('代表值班到岗情况'), trx, stats),
      await activitiesSheet(wb, title('活动记录台账'), trx, from, to),
      await planSheet(wb, title('年度活动计划'), trx, from, to),
      await rosterSheet(wb, `${stationName} 代表名册（截至${dayText(stats.today)}）`, trx),
    ];
    await wb.commit();
    await ended;
    const code = station?.code ?? '本站';
    return {
      fileName: `台账-${code}-${from.replace(/-/g, '')}至${to.replace(/-/g, '')}.xlsx`,
      bytes: Buffer.concat(parts),
      sheets: written.map((w) => ({ name: w.name, rows: w.rows })),
    };
  });
}
