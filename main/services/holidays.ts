import { createRequire } from 'node:module';
import { sql, type Kysely, type Transaction } from 'kysely';
import { insertSynced, tombstoneSynced, updateSynced, type WriteMeta } from '../../db/changes';
import { uuidv7 } from '../../db/ids';
import type { DB } from '../../db/schema';
import { nextDay } from '../../db/time';
import type { HolidayYear, ParsedInput } from '../api/contract';
import { ErrorCode, StationError } from '../api/errors';
import { writeTransaction, type ServiceContext } from './context';

/**
 * China's holiday calendar (节假日 and 调休): the shipped years come from the `chinese-days`
 * package's data; years it does not cover yet are entered by the administrator (holiday_days).
 */

export interface HolidayDay {
  date: string;
  kind: '休' | '班';
  name: string;
}

/** What the rule expansion needs to know about days, over the years it was loaded for. */
export interface HolidayCalendar {
  /** The holiday-calendar entry for a date (休 with the festival's name, or 班), else null. */
  entry(date: string): HolidayDay | null;
  /** An official day off, or a Saturday/Sunday that is not a swapped working day. */
  isDayOff(date: string): boolean;
  /** The first date after `date` that is not a day off. */
  nextWorkingDay(date: string): string;
}

// ---------------------------------------------------------------------------------------
// The shipped data

interface ShippedFile {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

interface Shipped {
  byYear: Map<number, HolidayDay[]>;
  from: number;
  to: number;
}

/** The package's short names as people say them (清明 → 清明节). */
const FESTIVAL_NAMES: Record<string, string> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' };

/** `Spring Festival,春节,4` → 春节 (the Chinese name, the second part). */
function festivalName(value: string): string {
  const parts = value.split(',');
  const name = (parts[1] ?? parts[0] ?? '').trim();
  return FESTIVAL_NAMES[name] ?? name;
}

let shipped: Shipped | null = null;

// Loaded on first use (≈70 KB of JSON); the package stays external to the bundle.
function shippedData(): Shipped {
  if (shipped) return shipped;
  const file = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as ShippedFile;
  const byYear = new Map<number, HolidayDay[]>();
  const add = (date: string, kind: HolidayDay['kind'], value: string) => {
    const year = Number(date.slice(0, 4));
    let days = byYear.get(year);
    if (!days) byYear.set(year, (days = []));
    days.push({ date, kind, name: festivalName(value) });
  };
  for (const [date, value] of Object.entries(file.holidays)) add(date, '休', value);
  for (const [date, value] of Object.entries(file.workdays)) add(date, '班', value);
  for (const days of byYear.values()) days.sort((a, b) => a.date.localeCompare(b.date));
  const years = [...byYear.keys()];
  shipped = { byYear, from: Math.min(...years), to: Math.max(...years) };
  return shipped;
}

/** The shipped data's years (e.g. 2004–2026), read from the data on first use. */
export const BUILTIN_YEARS: { from: number; to: number } = {
  get from() {
    return shippedData().from;
  },
  get to() {
    return shippedData().to;
  },
};

export function isBuiltinYear(year: number): boolean {
  const data = shippedData();
  return year >= data.from && year <= data.to;
}

/** The shipped days of a year, or null when the package does not cover it. */
export function builtinHolidays(year: number): HolidayDay[] | null {
  if (!isBuiltinYear(year)) return null;
  return (shippedData().byYear.get(year) ?? []).map((d) => ({ ...d }));
}

// ---------------------------------------------------------------------------------------
// The calendar

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** A calendar over the given entries; dates without one behave as ordinary weeks. */
export function makeHolidayCalendar(days: Iterable<HolidayDay>): HolidayCalendar {
  const byDate = new Map<string, HolidayDay>();
  for (const d of days) byDate.set(d.date, d);
  const isDayOff = (date: string): boolean => {
    const e = byDate.get(date);
    if (e) return e.kind === '休';
    return isoWeekday(date) >= 6;
  };
  return {
    entry: (date) => byDate.get(date) ?? null,
    isDayOff,
    nextWorkingDay(date) {
      let d = nextDay(date);
      // The longest run of days off in China is 9 days; the bound only guards bad data.
      for (let i = 0; i < 60 && isDayOff(d); i++) d = nextDay(d);
      return d;
    },
  };
}

type Db = Kysely<DB> | Transaction<DB>;

async function customRows(db: Db, fromYear: number, toYear: number): Promise<HolidayDay[]> {
  const rows = await db
    .selectFrom('holiday_days')
    .select(['date', 'kind', 'name'])
    .where('deleted_at', 'is', null)
    .where('date', '>=', `${fromYear}-01-01`)
    .where('date', '<=', `${toYear}-12-31`)
    .orderBy('date')
    .execute();
  return rows.map((r) => ({ date: r.date, kind: r.kind as HolidayDay['kind'], name: r.name }));
}

/** The calendar for the given years: shipped data, else the administrator's entries. */
export async function loadHolidayCalendar(
  db: Kysely<DB>,
  fromYear: number,
  toYear: number,
): Promise<HolidayCalendar> {
  // One year more: a slot on New Year's Eve may move into January.
  const last = toYear + 1;
  const days: HolidayDay[] = [];
  for (let y = fromYear; y <= last; y++) days.push(...(builtinHolidays(y) ?? []));
  for (const d of await customRows(db, fromYear, last))
    if (!isBuiltinYear(Number(d.date.slice(0, 4)))) days.push(d);
  return makeHolidayCalendar(days);
}

// ---------------------------------------------------------------------------------------
// Reading and entering years

async function readYear(db: Db, year: number): Promise<HolidayYear> {
  const { from, to } = shippedData();
  const builtinYears = { from, to };
  const years = await db
    .selectFrom('holiday_days')
    .select(sql<string>`DISTINCT substr(date, 1, 4)`.as('year'))
    .where('deleted_at', 'is', null)
    .execute();
  const customYears = years
    .map((r) => Number(r.year))
    .filter((y) => !isBuiltinYear(y))
    .sort((a, b) => a - b);
  const builtin = builtinHolidays(year);
  if (builtin) return { year, source: 'builtin', editable: false, days: builtin, builtinYears, customYears };
  const days = await customRows(db, year, year);
  return { year, source: days.length ? 'custom' : 'none', editable: true, days, builtinYears, customYears };
}

export async function holidayYear(ctx: ServiceContext, year: number): Promise<HolidayYear> {
  return readYear(ctx.db, year);
}

function builtinRefusal(year: number): string {
  return `${year}年的节假日安排随程序提供，不能修改`;
}

/** Replaces a year's rows: removed dates tombstoned, changed ones updated, new ones inserted. */
async function writeYear(
  trx: Transaction<DB>,
  meta: WriteMeta,
  year: number,
  days: HolidayDay[],
): Promise<void> {
  const existing = await trx
    .selectFrom('holiday_days')
    .select(['id', 'date', 'kind', 'name'])
    .where('deleted_at', 'is', null)
    .where('date', '>=', `${year}-01-01`)
    .where('date', '<=', `${year}-12-31`)
    .execute();
  const wanted = new Map(days.map((d) => [d.date, d]));
  for (const row of existing) {
    const day = wanted.get(row.date);
    if (!day) await tombstoneSynced(trx, 'holiday_days', row.id, meta);
    else if (day.kind !== row.kind || day.name !== row.name)
      await updateSynced(trx, 'holiday_days', row.id, { kind: day.kind, name: day.name }, meta);
    wanted.delete(row.date);
  }
  const fresh = [...wanted.values()].sort((a, b) => a.date.localeCompare(b.date));
  for (const d of fresh)
    await insertSynced(trx, 'holiday_days', { id: uuidv7(), date: d.date, kind: d.kind, name: d.name }, meta);
}

/** The administrator enters a year the shipped data does not cover (replaces its days). */
export async function setHolidayYear(
  ctx: ServiceContext,
  input: ParsedInput<'holidays.setYear'>,
): Promise<HolidayYear> {
  if (isBuiltinYear(input.year))
    throw new StationError(ErrorCode.validation, builtinRefusal(input.year), 'year');
  return writeTransaction(ctx, async (trx, meta) => {
    await writeYear(trx, meta, input.year, input.days);
    return readYear(trx, input.year);
  });
}

// ---------------------------------------------------------------------------------------
// Holiday files: one day per line, 2027-01-01,休,元旦

const MAX_DAYS_PER_YEAR = 120;
const MAX_NAME = 20;

function fileError(message: string): StationError {
  return new StationError(ErrorCode.validation, message, 'text');
}

/** 2027-1-1, 2027/01/01 and 2027.1.1 → 2027-01-01; null when it does not look like a date. */
function normaliseDate(text: string): string | null {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  if (!m) return null;
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

function isRealDate(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

function splitLine(line: string): string[] {
  const byComma = line.split(/[,，\t]/).map((f) => f.trim());
  const fields = byComma.length > 1 ? byComma : line.split(/\s+/);
  // A trailing separator (2027-01-01,休,元旦,) is harmless.
  while (fields.length > 3 && fields[fields.length - 1] === '') fields.pop();
  return fields;
}

/**
 * Reads a holiday file: one day per line (`2027-01-01,休,元旦`; commas, Chinese commas, tabs
 * or spaces); blank lines, `#` comments and a header line are skipped. Any malformed line
 * refuses the whole file with a message naming the line. Days come back sorted by date.
 */
export function parseHolidayFile(text: string): HolidayDay[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const days: HolidayDay[] = [];
  const lineOf = new Map<string, number>();
  const perYear = new Map<number, number>();
  let seenContent = false;
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const n = i + 1;
    const fields = splitLine(line);
    const first = fields[0] ?? '';
    if (!seenContent && !/^\d/.test(first) && line.includes('日期')) {
      seenContent = true;
      continue; // the header row: 日期,类型,名称
    }
    seenContent = true;
    const at = `第${n}行：`;
    const date = normaliseDate(first);
    if (!date)
      throw fileError(`${at}“${first}”不是日期，日期应写成 年-月-日，例如 2027-01-01，请改正后重新导入`);
    if (!isRealDate(date)) throw fileError(`${at}“${first}”不是真实的日期，请改正后重新导入`);
    const year = Number(date.slice(0, 4));
    if (year < 2000 || year > 2100) throw fileError(`${at}年份“${year}”不对，请改正后重新导入`);
    if (isBuiltinYear(year))
      throw fileError(`${at}${builtinRefusal(year)}，请从文件中删去这一年的内容后重新导入`);
    if (fields.length > 3)
      throw fileError(`${at}内容多了，每行应只写 日期、类型、名称 三项，例如 2027-01-01,休,元旦`);
    const kind = (fields[1] ?? '').trim();
    if (kind !== '休' && kind !== '班')
      throw fileError(
        `${at}类型${kind ? `“${kind}”` : ''}不对，应写“休”（放假）或“班”（调休上班），请改正后重新导入`,
      );
    const name = (fields[2] ?? '').trim();
    if (!name) throw fileError(`${at}缺少节日名称（例如 元旦、春节），请补上后重新导入`);
    if ([...name].length > MAX_NAME)
      throw fileError(`${at}节日名称“${name}”太长，最多${MAX_NAME}个字，请改正后重新导入`);
    const earlier = lineOf.get(date);
    if (earlier !== undefined) throw fileError(`${at}${date} 与第${earlier}行重复了，请删去一行后重新导入`);
    lineOf.set(date, n);
    const count = (perYear.get(year) ?? 0) + 1;
    if (count > MAX_DAYS_PER_YEAR)
      throw fileError(`${at}${year}年的节假日和调休日超过${MAX_DAYS_PER_YEAR}天，请核对文件`);
    perYear.set(year, count);
    days.push({ date, kind, name });
  }
  if (days.length === 0)
    throw fileError('文件里没有找到节假日。每行写一天，例如 2027-01-01,休,元旦，请改正后重新导入');
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * Enters every year the file holds, in one transaction: each year's days are replaced by the
 * file's (the file is the whole arrangement of those years).
 */
export async function importHolidayFile(
  ctx: ServiceContext,
  input: { fileName: string; text: string },
): Promise<{ years: HolidayYear[] }> {
  const days = parseHolidayFile(input.text);
  const byYear = new Map<number, HolidayDay[]>();
  for (const d of days) {
    const year = Number(d.date.slice(0, 4));
    let list = byYear.get(year);
    if (!list) byYear.set(year, (list = []));
    list.push(d);
  }
  return writeTransaction(ctx, async (trx, meta) => {
    const years: HolidayYear[] = [];
    for (const [year, list] of byYear) await writeYear(trx, meta, year, list);
    for (const year of byYear.keys()) years.push(await readYear(trx, year));
    return { years };
  });
}
