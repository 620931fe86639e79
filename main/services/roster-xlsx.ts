import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import {
  DEPUTY_LEVELS,
  deputyEditableFields,
  deputyInput,
  ETHNICITIES,
  type Deputy,
  type ImportPreview,
} from '../api/contract';
import { ErrorCode, StationError } from '../api/errors';
import { dateInZone } from '../../db/time';
import { writeTransaction, type ServiceContext } from './context';
import { updateSynced } from '../../db/changes';
import {
  allLiveDeputies,
  insertDeputy,
  insertGroup,
  listGroups,
  sortLevels,
  toColumns,
  type DeputyValues,
} from './roster';
import { getStation } from './station';

/** The columns the import recognises; the first name of each is what the export writes. */
export const ROSTER_COLUMNS = [
  { field: 'name', label: '姓名', aliases: ['姓名', '代表姓名', '名字'] },
  { field: 'gender', label: '性别', aliases: ['性别'] },
  { field: 'ethnicity', label: '民族', aliases: ['民族'] },
  { field: 'birthDate', label: '出生年月', aliases: ['出生年月', '出生日期', '出生年月日', '生日'] },
  { field: 'politicalAffiliation', label: '政治面貌', aliases: ['政治面貌', '党派', '政治面目'] },
  { field: 'education', label: '学历', aliases: ['学历', '文化程度', '文化'] },
  {
    field: 'workplacePost',
    label: '工作单位及职务',
    aliases: ['工作单位及职务', '单位职务', '工作单位', '单位及职务', '工作单位和职务'],
  },
  { field: 'levels', label: '代表层级', aliases: ['代表层级', '代表级别', '层级', '级别'] },
  { field: 'term', label: '届次', aliases: ['届次', '届别'] },
  { field: 'cardNumber', label: '代表证号', aliases: ['代表证号', '代表证编号', '证号'] },
  { field: 'constituency', label: '选区', aliases: ['选区', '选举单位', '原选举单位', '选区/选举单位'] },
  { field: 'groupName', label: '代表小组', aliases: ['代表小组', '小组', '所在小组'] },
  {
    field: 'phone',
    label: '联系电话',
    aliases: ['联系电话', '手机', '电话', '手机号', '手机号码', '联系方式'],
  },
  { field: 'address', label: '地址', aliases: ['地址', '住址', '家庭住址', '通讯地址'] },
  { field: 'stationRole', label: '站内职务', aliases: ['站内职务'] },
  { field: 'bio', label: '简介', aliases: ['简介', '个人简介'] },
] as const;
type ColumnField = (typeof ROSTER_COLUMNS)[number]['field'];

export const MAX_IMPORT_ROWS = 5000;
const MAX_CELL_CHARS = 2000;
const HEADER_SCAN_ROWS = 15;

/**
 * Full-width letters, digits and the marks used in numbers and dates (－．／＿＠＃＋) →
 * half-width; runs of spaces (full-width too) → one space; line breaks kept; trimmed.
 * Chinese punctuation (（），、) stays as written.
 */
export function normaliseText(value: string): string {
  return value
    .replace(/[０-９Ａ-Ｚａ-ｚ－．／＿＠＃＋]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u3000\u00a0\u2000-\u200b]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .trim();
}

function headerKey(value: string): string {
  return normaliseText(value)
    .replace(/\s+/g, '')
    .replace(/^\*|\*$/g, '')
    .replace(/[(（][^)）]*[)）]$/, '')
    .toLowerCase();
}

const HEADER_LOOKUP = new Map<string, ColumnField>(
  ROSTER_COLUMNS.flatMap((c) => c.aliases.map((a) => [headerKey(a), c.field] as const)),
);

/** The value of a cell as text: formulas give their cached result (never evaluated). */
function cellValue(value: ExcelJS.CellValue): string | Date | number | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value.slice(0, MAX_CELL_CHARS);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'object') {
    if ('result' in value || 'formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: unknown }).result;
      return result === undefined ? null : cellValue(result as ExcelJS.CellValue);
    }
    if ('richText' in value)
      return value.richText
        .map((r) => r.text)
        .join('')
        .slice(0, MAX_CELL_CHARS);
    if ('text' in value) return String((value as { text: unknown }).text).slice(0, MAX_CELL_CHARS);
    if ('error' in value) return null;
  }
  return null;
}

function asText(value: string | Date | number | null): string {
  if (value === null) return '';
  if (value instanceof Date) return isoDate(value);
  if (typeof value === 'number') return String(value);
  return normaliseText(value);
}

function isoDate(d: Date): string {
  // Excel keeps dates as fractional days; round to the nearest whole day (UTC) first.
  return new Date(Math.round(d.getTime() / 86_400_000) * 86_400_000).toISOString().slice(0, 10);
}

/** Reads a birth date: Excel dates, serial numbers, 1975.03, 1975年3月, 1975-03-08, 1975/3/8. */
export function parseBirthDate(value: string | Date | number | null): { value: string } | { error: string } {
  if (value === null) return { value: '' };
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { error: '出生年月无法识别，请写成 1975-03 或 1975-03-08' };
    return { value: isoDate(value) };
  }
  if (typeof value === 'number') {
    // 1975.03 typed as a number, or an Excel serial date.
    if (value > 1900 && value < 2100) return parseBirthDate(value.toFixed(2));
    if (value > 0 && value < 80000)
      return { value: isoDate(new Date(Math.round((value - 25569) * 86400000))) };
  }
  const text = normaliseText(String(value)).replace(/\s+/g, '');
  if (text === '') return { value: '' };
  const m =
    /^(\d{4})[.\-/年](\d{1,2})(?:[.\-/月](\d{1,2})日?|月)?$/.exec(text) ??
    /^(\d{4})(\d{2})(\d{2})?$/.exec(text);
  if (!m) return { error: `出生年月“${text}”无法识别，请写成 1975-03 或 1975-03-08` };
  const month = m[2]!.padStart(2, '0');
  return { value: m[3] ? `${m[1]}-${month}-${m[3].padStart(2, '0')}` : `${m[1]}-${month}` };
}

const LEVEL_WORDS: Record<string, (typeof DEPUTY_LEVELS)[number]> = {
  全国: '全国',
  国家: '全国',
  全国人大: '全国',
  国家级: '全国',
  省: '省',
  省级: '省',
  自治区: '省',
  市: '市',
  市级: '市',
  州: '市',
  县: '县',
  县级: '县',
  区: '县',
  县区: '县',
  乡: '乡镇',
  镇: '乡镇',
  乡镇: '乡镇',
  乡级: '乡镇',
  乡镇级: '乡镇',
  区级: '县',
  地市: '市',
  镇级: '乡镇',
  街道: '乡镇',
};

export function parseLevels(text: string): { value: string[] } | { error: string } {
  const parts = text
    .split(/[、,，;；/\s|和及]+/)
    .map((p) => p.replace(/(人大)?代表$/, '').replace(/人大$/, ''))
    .filter(Boolean);
  const levels = new Set<(typeof DEPUTY_LEVELS)[number]>();
  for (const p of parts) {
    const level = LEVEL_WORDS[p];
    if (!level) return { error: `代表层级“${p}”无法识别，应为 全国、省、市、县、乡镇 中的一个或几个` };
    levels.add(level);
  }
  return { value: sortLevels([...levels]) };
}

function parseEthnicity(text: string): string {
  if (!text) return text;
  if ((ETHNICITIES as readonly string[]).includes(text)) return text;
  if ((ETHNICITIES as readonly string[]).includes(`${text}族`)) return `${text}族`;
  return text;
}

function parseGender(text: string): string {
  if (text === '男性') return '男';
  if (text === '女性') return '女';
  return text;
}

// --- Reading the workbook ---------------------------------------------------------------

interface SheetRow {
  rowNumber: number;
  cells: (string | Date | number | null)[];
}

interface ReadSheet {
  sheetName: string;
  headerRow: number;
  columns: { index: number; header: string; field: ColumnField }[];
  ignoredHeaders: string[];
  rows: SheetRow[];
}

function refuse(message: string): never {
  throw new StationError(ErrorCode.validation, message, 'base64');
}

/** What a roster's .xlsx may hold once unzipped: a 5000-row sheet is a few MB. */
const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;
const CORRUPT = '文件已损坏或不是 Excel（.xlsx）文件，无法读取。请用 Excel 打开检查后另存再导入。';

/**
 * exceljs inflates every entry in memory, so a zip bomb (a small file whose sheet inflates to
 * GBs) must be refused first: the central directory's sizes are summed, and each entry is
 * inflated with its declared size as the cap, so a lie about a size is caught too.
 */
function checkUnzippedSize(bytes: Buffer): void {
  const tooBig = () =>
    refuse(
      '文件解压后太大（超过200MB），不像是名册，可能已损坏或被改动过。请确认选对了文件，或在 Excel 中另存后再导入。',
    );
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > bytes.length) refuse(CORRUPT);
  const count = bytes.readUInt16LE(end + 10);
  let p = bytes.readUInt32LE(end + 16);
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50) refuse(CORRUPT);
    const method = bytes.readUInt16LE(p + 10);
    const compressed = bytes.readUInt32LE(p + 20);
    const size = bytes.readUInt32LE(p + 24);
    const local = bytes.readUInt32LE(p + 42);
    total += size;
    if (size === 0xffffffff || total > MAX_UNZIPPED_BYTES) tooBig();
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50) refuse(CORRUPT);
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    if (method === 8) {
      try {
        inflateRawSync(bytes.subarray(start, start + compressed), { maxOutputLength: Math.max(size, 1) });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') tooBig();
        refuse(CORRUPT);
      }
    }
    p += 46 + bytes.readUInt16LE(p + 28) + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }
}

export async function readRosterWorkbook(bytes: Buffer): Promise<ReadSheet> {
  if (bytes.length === 0) refuse('文件是空的，请选择县里发来的名册 Excel 文件。');
  if (bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])))
    refuse('文件设有密码，请在 Excel 中取消密码后再导入（如果是旧的 .xls 文件，请先另存为 .xlsx）。');
  if (
    !bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) ||
    !bytes.includes('xl/workbook.xml')
  )
    refuse('这不是 Excel（.xlsx）文件。请在 Excel 中打开名册，另存为“Excel 工作簿（*.xlsx）”后再导入。');
  checkUnzippedSize(bytes);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    refuse(CORRUPT);
  }
  let sawContent = false;
  for (const sheet of workbook.worksheets) {
    if (sheet.actualRowCount === 0) continue;
    sawContent = true;
    if (sheet.rowCount > MAX_IMPORT_ROWS + HEADER_SCAN_ROWS + 1)
      refuse(
        `表格有${sheet.rowCount}行，超过了${MAX_IMPORT_ROWS}行的上限。请确认选对了文件，或分成几个文件导入。`,
      );
    const rows: SheetRow[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: SheetRow['cells'] = [];
      const count = Math.min(row.cellCount, 200);
      for (let c = 1; c <= count; c++) cells.push(cellValue(row.getCell(c).value));
      rows.push({ rowNumber, cells });
    });
    // The header is the row among the first few that names the most known columns.
    let best: SheetRow | undefined;
    let bestScore = 0;
    for (const row of rows.filter((r) => r.rowNumber <= HEADER_SCAN_ROWS)) {
      const fields = new Set(row.cells.map((c) => HEADER_LOOKUP.get(headerKey(asText(c)))).filter(Boolean));
      if (fields.has('name') && fields.size > bestScore) {
        best = row;
        bestScore = fields.size;
      }
    }
    if (!best || bestScore < 2) continue;
    const columns: ReadSheet['columns'] = [];
    const ignoredHeaders: string[] = [];
    const seen = new Set<ColumnField>();
    best.cells.forEach((c, index) => {
      const header = asText(c);
      if (!header) return;
      const field = HEADER_LOOKUP.get(headerKey(header));
      if (field && !seen.has(field)) {
        seen.add(field);
        columns.push({ index, header, field });
      } else ignoredHeaders.push(header);
    });
    return {
      sheetName: sheet.name,
      headerRow: best.rowNumber,
      columns,
      ignoredHeaders,
      rows: rows.filter((r) => r.rowNumber > best.rowNumber),
    };
  }
  if (!sawContent) refuse('文件里没有任何内容，请确认选对了名册文件。');
  return refuse('找不到表头：前15行里没有“姓名”“性别”“民族”等列名。请确认名册的表头行，再导入。');
}

// --- The preview --------------------------------------------------------------------------

type RowPlan =
  | { action: 'add'; values: DeputyValues; groupName: string }
  | { action: 'update'; deputyId: string; values: DeputyValues; groupName: string }
  | { action: 'unchanged' | 'reject' };

export interface ImportPlan {
  preview: ImportPreview;
  plans: RowPlan[];
}

const FIELD_LABELS: Record<string, string> = Object.fromEntries(
  ROSTER_COLUMNS.map((c) => [c.field, c.label]),
);
FIELD_LABELS.groupId = '代表小组';

const PLACEHOLDER_GROUP = '00000000-0000-4000-8000-000000000000';

export async function planImport(db: Kysely<DB>, bytes: Buffer): Promise<ImportPlan> {
  const sheet = await readRosterWorkbook(bytes);
  const deputies = await allLiveDeputies(db);
  const groups = await listGroups({ db });
  const groupByName = new Map(groups.map((g) => [g.name, g]));
  const byCard = new Map(deputies.filter((d) => d.cardNumber).map((d) => [d.cardNumber, d]));
  const headerOf = new Map(sheet.columns.map((c) => [c.field, c.header]));
  const has = (f: ColumnField) => headerOf.has(f);
  const columnFor = (field: string) => headerOf.get(field as ColumnField) ?? FIELD_LABELS[field] ?? field;

  const rows: ImportPreview['rows'] = [];
  const plans: RowPlan[] = [];
  const newGroups = new Set<string>();
  const seenCards = new Map<string, number>();
  const seenDeputies = new Map<string, number>();
  const seenKeys = new Map<string, number>();
  let dataRows = 0;

  for (const row of sheet.rows) {
    const raw: Partial<Record<ColumnField, string | Date | number | null>> = {};
    for (const c of sheet.columns) raw[c.field] = row.cells[c.index] ?? null;
    const text = (f: ColumnField) => asText(raw[f] ?? null);
    if (sheet.columns.every((c) => text(c.field) === '')) continue; // a blank row
    if (++dataRows > MAX_IMPORT_ROWS)
      refuse(`名册超过${MAX_IMPORT_ROWS}行，请确认选对了文件，或分成几个文件导入。`);

    const problems: { column: string; message: string }[] = [];
    const parsed: Record<string, unknown> = {};
    for (const c of sheet.columns) {
      const v = text(c.field);
      switch (c.field) {
        case 'birthDate': {
          const r = parseBirthDate(raw.birthDate ?? null);
          if ('error' in r) problems.push({ column: c.header, message: r.error });
          else parsed.birthDate = r.value;
          break;
        }
        case 'levels': {
          const r = parseLevels(v);
          if ('error' in r) problems.push({ column: c.header, message: r.error });
          else parsed.levels = r.value;
          break;
        }
        case 'ethnicity':
          parsed.ethnicity = parseEthnicity(v.replace(/\s+/g, ''));
          break;
        case 'gender':
          parsed.gender = parseGender(v.replace(/\s+/g, ''));
          break;
        case 'name':
          parsed.name = v.replace(/\s+/g, '');
          break;
        case 'phone':
        case 'cardNumber':
          parsed[c.field] = v.replace(/\s+/g, '');
          break;
        case 'stationRole':
          if (v) parsed.stationRole = v;
          break;
        case 'groupName':
          break;
        default:
          parsed[c.field] = v;
      }
    }
    const name = typeof parsed.name === 'string' ? parsed.name : '';
    const groupName = has('groupName') ? text('groupName') : '';

    // Which deputy this row is: by card number, else by name + birth month.
    const card = typeof parsed.cardNumber === 'string' ? parsed.cardNumber : '';
    let match: Deputy | undefined = card ? byCard.get(card) : undefined;
    if (!match && name) {
      const month = String(parsed.birthDate ?? '').slice(0, 7);
      match = deputies.find(
        (d) => d.name === name && d.birthDate.slice(0, 7) === month && (!card || !d.cardNumber),
      );
    }
    const base: Partial<DeputyValues> = match ? deputyEditableFields(match) : {};
    const merged: Record<string, unknown> = { ...base, ...parsed };
    // A month-only date in the file does not erase a known day.
    if (
      match &&
      typeof parsed.birthDate === 'string' &&
      parsed.birthDate.length === 7 &&
      match.birthDate.startsWith(parsed.birthDate)
    )
      merged.birthDate = match.birthDate;
    if (has('groupName'))
      merged.groupId = groupName ? (groupByName.get(groupName)?.id ?? PLACEHOLDER_GROUP) : null;
    // Fields the form requires that the file left empty are reported on their column.
    for (const field of ['gender', 'ethnicity'] as const) if (merged[field] === '') delete merged[field];

    const result = deputyInput.safeParse(merged);
    if (!result.success) {
      const reported = new Set<string>();
      for (const issue of result.error.issues) {
        const field = String(issue.path[0] ?? '');
        if (reported.has(field)) continue;
        reported.add(field);
        const column = columnFor(field);
        const message =
          headerOf.has(field as ColumnField) || !FIELD_LABELS[field]
            ? issue.message
            : `${issue.message}（文件里没有“${FIELD_LABELS[field]}”这一列）`;
        if (!problems.some((p) => p.column === column)) problems.push({ column, message });
      }
    }
    if (card) {
      const first = seenCards.get(card);
      if (first !== undefined)
        problems.push({ column: columnFor('cardNumber'), message: `代表证号与第${first}行重复，请核对` });
      else seenCards.set(card, row.rowNumber);
      const holder = byCard.get(card);
      if (holder && match && holder.id !== match.id)
        problems.push({
          column: columnFor('cardNumber'),
          message: `代表证号“${card}”已登记给代表“${holder.name}”，请核对`,
        });
    }
    if (match) {
      const first = seenDeputies.get(match.id);
      if (first !== undefined)
        problems.push({ column: columnFor('name'), message: `与第${first}行是同一位代表，请删去重复的行` });
      else seenDeputies.set(match.id, row.rowNumber);
    } else if (name && !card) {
      const key = `${name}|${String(parsed.birthDate ?? '').slice(0, 7)}`;
      const first = seenKeys.get(key);
      if (first !== undefined)
        problems.push({
          column: columnFor('name'),
          message: `与第${first}行姓名和出生年月相同，请删去重复的行`,
        });
      else seenKeys.set(key, row.rowNumber);
    }

    if (problems.length > 0 || !result.success) {
      rows.push({
        rowNumber: row.rowNumber,
        action: 'reject',
        name,
        deputyId: match?.id ?? null,
        problems,
        changes: [],
      });
      plans.push({ action: 'reject' });
      continue;
    }
    const values = result.data;
    const groupIsNew = groupName !== '' && !groupByName.has(groupName);
    if (groupIsNew) newGroups.add(groupName);
    if (!match) {
      rows.push({ rowNumber: row.rowNumber, action: 'add', name, deputyId: null, problems: [], changes: [] });
      plans.push({ action: 'add', values, groupName });
      continue;
    }
    const before = deputyEditableFields(match);
    const changes: ImportPreview['rows'][number]['changes'] = [];
    for (const key of Object.keys(values) as (keyof DeputyValues)[]) {
      if (key === 'groupId') {
        const was = match.groupName ?? '';
        const now = has('groupName') ? groupName : was;
        if (was !== now)
          changes.push({ field: '代表小组', before: was, after: groupIsNew ? `${now}（新建）` : now });
        continue;
      }
      const a = JSON.stringify(before[key] ?? '');
      const b = JSON.stringify(values[key] ?? '');
      if (a !== b) {
        const show = (v: unknown) => (Array.isArray(v) ? v.join('、') : String(v ?? ''));
        changes.push({
          field: FIELD_LABELS[key] ?? key,
          before: show(before[key]),
          after: show(values[key]),
        });
      }
    }
    const action = changes.length ? 'update' : 'unchanged';
    rows.push({ rowNumber: row.rowNumber, action, name, deputyId: match.id, problems: [], changes });
    plans.push(action === 'update' ? { action, deputyId: match.id, values, groupName } : { action });
  }
  if (dataRows === 0) refuse('名册里只有表头，没有代表的数据行。请确认选对了文件。');
  const counts = { add: 0, update: 0, unchanged: 0, reject: 0 };
  for (const r of rows) counts[r.action]++;
  return {
    preview: {
      sheetName: sheet.sheetName,
      headerRow: sheet.headerRow,
      columns: sheet.columns.map((c) => ({ header: c.header, field: FIELD_LABELS[c.field] ?? c.field })),
      ignoredHeaders: sheet.ignoredHeaders,
      newGroups: [...newGroups],
      rows,
      counts,
    },
    plans,
  };
}

function decodeFile(base64: string): Buffer {
  return Buffer.from(base64, 'base64');
}

export async function importPreview(ctx: ServiceContext, input: { base64: string }): Promise<ImportPreview> {
  return (await planImport(ctx.db, decodeFile(input.base64))).preview;
}

/** Recomputes the preview inside one transaction and applies its adds and updates. */
export async function importCommit(ctx: ServiceContext, input: { base64: string }): Promise<ImportPreview> {
  const bytes = decodeFile(input.base64);
  return writeTransaction(ctx, async (trx, meta) => {
    const { preview, plans } = await planImport(trx, bytes);
    const groupIds = new Map((await listGroups({ db: trx })).map((g) => [g.name, g.id]));
    for (const name of preview.newGroups) groupIds.set(name, await insertGroup(trx, name, meta));
    for (const plan of plans) {
      if (plan.action !== 'add' && plan.action !== 'update') continue;
      const values = { ...plan.values };
      if (plan.groupName) values.groupId = groupIds.get(plan.groupName) ?? null;
      if (plan.action === 'add') await insertDeputy(trx, values, meta);
      else await updateSynced(trx, 'deputies', plan.deputyId, toColumns(values), meta);
    }
    return preview;
  });
}

// --- Export ---------------------------------------------------------------------------------

export async function buildRosterWorkbook(deputies: Deputy[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '联络站工作台';
  const sheet = workbook.addWorksheet('代表名册', { views: [{ state: 'frozen', ySplit: 1 }] });
  const widths: Record<string, number> = {
    name: 10,
    workplacePost: 36,
    address: 36,
    bio: 40,
    constituency: 20,
    phone: 16,
    cardNumber: 16,
    levels: 14,
  };
  sheet.columns = ROSTER_COLUMNS.map((c) => ({
    header: c.label,
    key: c.field,
    width: widths[c.field] ?? 12,
  }));
  sheet.getRow(1).font = { bold: true };
  for (const d of deputies) {
    const row: Record<string, string> = {};
    for (const c of ROSTER_COLUMNS) {
      if (c.field === 'levels') row.levels = d.levels.join('、');
      else if (c.field === 'groupName') row.groupName = d.groupName ?? '';
      else row[c.field] = String(d[c.field] ?? '');
    }
    const added = sheet.addRow(row);
    added.eachCell((cell) => {
      cell.numFmt = '@';
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function exportRoster(ctx: ServiceContext): Promise<{ fileName: string; base64: string }> {
  const bytes = await buildRosterWorkbook(await allLiveDeputies(ctx.db));
  const code = (await getStation(ctx))?.code ?? '本站';
  const day = dateInZone(new Date(), ctx.timeZone).replace(/-/g, '');
  return { fileName: `代表名册-${code}-${day}.xlsx`, base64: bytes.toString('base64') };
}
