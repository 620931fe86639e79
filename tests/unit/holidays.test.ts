import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallName, HolidayYear } from '../../main/api/contract';
import { dispatch } from '../../main/api/router';
import {
  BUILTIN_YEARS,
  builtinHolidays,
  loadHolidayCalendar,
  parseHolidayFile,
} from '../../main/services/holidays';
import { callOk, openTempStation } from '../helpers/station';

let station: Awaited<ReturnType<typeof openTempStation>>;
beforeEach(async () => {
  station = await openTempStation();
});
afterEach(() => station.close());

const call = <T>(name: CallName, input: unknown): Promise<T> => callOk<T>(station.ctx, name, input);

async function fails(name: CallName, input: unknown) {
  const result = await dispatch(name, input, station.ctx);
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('expected a failure');
  return result.error;
}

const rev = () => (station.ctx.sqlite.prepare('SELECT rev FROM sync_state').get() as { rev: number }).rev;
const liveRows = () =>
  station.ctx.sqlite
    .prepare('SELECT date, kind, name FROM holiday_days WHERE deleted_at IS NULL ORDER BY date')
    .all() as { date: string; kind: string; name: string }[];

const DAYS_2027 = [
  { date: '2027-01-01', kind: '休', name: '元旦' },
  { date: '2027-02-06', kind: '休', name: '春节' },
  { date: '2027-02-07', kind: '休', name: '春节' },
  { date: '2027-02-14', kind: '班', name: '春节' },
];

describe('holidays: the shipped calendar', () => {
  it('covers 2004 to at least 2026, read from the data', () => {
    expect(BUILTIN_YEARS.from).toBe(2004);
    expect(BUILTIN_YEARS.to).toBeGreaterThanOrEqual(2026);
    expect(builtinHolidays(BUILTIN_YEARS.to + 1)).toBeNull();
    expect(builtinHolidays(2003)).toBeNull();
  });

  it('shows 2025: the Spring Festival days off and the swapped working days, read-only', async () => {
    const y = await call<HolidayYear>('holidays.year', { year: 2025 });
    expect(y.source).toBe('builtin');
    expect(y.editable).toBe(false);
    expect(y.builtinYears.from).toBe(2004);
    const byDate = new Map(y.days.map((d) => [d.date, d]));
    for (const date of ['2025-01-28', '2025-01-31', '2025-02-04'])
      expect(byDate.get(date)).toEqual({ date, kind: '休', name: '春节' });
    expect(byDate.get('2025-01-26')).toEqual({ date: '2025-01-26', kind: '班', name: '春节' });
    expect(byDate.get('2025-02-08')).toEqual({ date: '2025-02-08', kind: '班', name: '春节' });
    expect(byDate.get('2025-10-06')?.name).toBe('中秋节');
    expect(byDate.get('2025-04-04')?.name).toBe('清明节');
    expect(byDate.get('2025-05-31')?.name).toBe('端午节');
    expect(byDate.get('2025-10-01')?.name).toBe('国庆节');
    expect(y.days.map((d) => d.date)).toEqual([...y.days.map((d) => d.date)].sort());
    // 2025 has 28 official days off and 5 swapped working days.
    expect(y.days.filter((d) => d.kind === '休')).toHaveLength(28);
    expect(y.days.filter((d) => d.kind === '班')).toHaveLength(5);
  });

  it('refuses to change a shipped year', async () => {
    const before = rev();
    const error = await fails('holidays.setYear', { year: 2025, days: [] });
    expect(error.code).toBe('VALIDATION');
    expect(error.field).toBe('year');
    expect(error.message).toContain('2025年的节假日安排随程序提供，不能修改');
    expect(rev()).toBe(before);
  });

  it('says "none" for a year nobody entered yet, editable', async () => {
    const y = await call<HolidayYear>('holidays.year', { year: 2030 });
    expect(y).toMatchObject({ year: 2030, source: 'none', editable: true, days: [], customYears: [] });
  });
});

describe('holidays: years entered by the administrator', () => {
  it('enters 2027, replaces it (tombstones, updates, inserts) and the calendar follows', async () => {
    const first = await call<HolidayYear>('holidays.setYear', { year: 2027, days: DAYS_2027 });
    expect(first).toMatchObject({ year: 2027, source: 'custom', editable: true, customYears: [2027] });
    expect(first.days).toEqual(DAYS_2027);

    const cal = await loadHolidayCalendar(station.ctx.db, 2027, 2027);
    expect(cal.entry('2027-02-06')).toEqual({ date: '2027-02-06', kind: '休', name: '春节' });
    expect(cal.isDayOff('2027-01-01')).toBe(true); // a Friday, 元旦
    expect(cal.isDayOff('2027-02-14')).toBe(false); // a Sunday, 调休上班
    expect(cal.isDayOff('2027-02-13')).toBe(true); // an ordinary Saturday
    expect(cal.nextWorkingDay('2027-02-05')).toBe('2027-02-08');

    const idOf = (date: string) =>
      (
        station.ctx.sqlite
          .prepare('SELECT id FROM holiday_days WHERE date = ? AND deleted_at IS NULL')
          .get(date) as { id: string }
      ).id;
    const keptId = idOf('2027-01-01');
    const second = await call<HolidayYear>('holidays.setYear', {
      year: 2027,
      days: [
        { date: '2027-01-01', kind: '休', name: '元旦' },
        { date: '2027-02-07', kind: '休', name: '除夕' },
        { date: '2027-02-08', kind: '休', name: '春节' },
      ],
    });
    expect(second.days.map((d) => `${d.date}${d.kind}${d.name}`)).toEqual([
      '2027-01-01休元旦',
      '2027-02-07休除夕',
      '2027-02-08休春节',
    ]);
    expect(idOf('2027-01-01')).toBe(keptId);
    // Two dates removed (tombstones stay for the county), one renamed, one added.
    const tombstones = station.ctx.sqlite
      .prepare('SELECT date FROM holiday_days WHERE deleted_at IS NOT NULL ORDER BY date')
      .all();
    expect(tombstones).toEqual([{ date: '2027-02-06' }, { date: '2027-02-14' }]);
    const audit = station.ctx.sqlite
      .prepare("SELECT action, count(*) AS n FROM audit_log WHERE entity = 'holiday_days' GROUP BY action")
      .all();
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'create', n: 5 },
        { action: 'update', n: 1 },
        { action: 'delete', n: 2 },
      ]),
    );
    // Clearing the year leaves it unknown again.
    const cleared = await call<HolidayYear>('holidays.setYear', { year: 2027, days: [] });
    expect(cleared).toMatchObject({ source: 'none', days: [], customYears: [] });
  });

  it('loads the next year too, so a slot on New Year’s Eve moves past the new year’s days off', async () => {
    await call('holidays.setYear', { year: 2027, days: DAYS_2027 });
    // 2026-12-31 is a Thursday; 2027-01-01 (元旦) and the weekend follow.
    const cal = await loadHolidayCalendar(station.ctx.db, 2026, 2026);
    expect(cal.nextWorkingDay('2026-12-31')).toBe('2027-01-04');
    expect(cal.entry('2026-10-01')?.name).toBe('国庆节');
  });
});

describe('holidays: importing a file', () => {
  const FILE = [
    '# 2027 and 2028, from the State Council notice',
    '日期,类型,名称',
    '2027-01-01,休,元旦',
    '',
    '2027-02-06，休，春节',
    '2027-02-14\t班\t春节',
    '2028-1-1  休  元旦',
    '2028/01/02 , 休 , 元旦',
  ].join('\r\n');

  it('enters each year the file holds, skipping comments, blank lines and the header', async () => {
    const result = await call<{ years: HolidayYear[] }>('holidays.importFile', {
      fileName: '节假日.csv',
      text: FILE,
    });
    expect(result.years.map((y) => [y.year, y.source, y.days.length])).toEqual([
      [2027, 'custom', 3],
      [2028, 'custom', 2],
    ]);
    expect(result.years[1]!.customYears).toEqual([2027, 2028]);
    expect(liveRows()).toEqual([
      { date: '2027-01-01', kind: '休', name: '元旦' },
      { date: '2027-02-06', kind: '休', name: '春节' },
      { date: '2027-02-14', kind: '班', name: '春节' },
      { date: '2028-01-01', kind: '休', name: '元旦' },
      { date: '2028-01-02', kind: '休', name: '元旦' },
    ]);
    // Importing again replaces those years: the file is the whole arrangement.
    await call('holidays.importFile', { fileName: 'x.txt', text: '2027-10-01 休 国庆节' });
    expect(liveRows().map((r) => r.date)).toEqual(['2027-10-01', '2028-01-01', '2028-01-02']);
  });

  it('refuses a malformed file naming the line, and writes nothing', async () => {
    const before = rev();
    const cases: [string, string][] = [
      [
        '2027-01-01,休,元旦\n# note\n2027-02-30,休,春节\n',
        '第3行：“2027-02-30”不是真实的日期，请改正后重新导入',
      ],
      ['2027-01-01,休,元旦\n2027-02-06,放,春节', '第2行：类型“放”不对'],
      ['2027-01-01,休', '第1行：缺少节日名称'],
      ['日期,类型,名称\n一月一日,休,元旦', '第2行：“一月一日”不是日期'],
      ['2027-01-01,休,元旦\n2027-01-01,休,元旦', '第2行：2027-01-01 与第1行重复了'],
      ['2027-01-01,休,元旦\n2025-10-01,休,国庆节', '第2行：2025年的节假日安排随程序提供，不能修改'],
      ['# nothing here\n\n', '文件里没有找到节假日'],
    ];
    for (const [text, message] of cases) {
      const error = await fails('holidays.importFile', { fileName: 'bad.csv', text });
      expect(error.code).toBe('VALIDATION');
      expect(error.field).toBe('text');
      expect(error.message).toContain(message);
    }
    expect(rev()).toBe(before);
    expect(liveRows()).toEqual([]);
  });

  it('parses without a database (for the CLI)', () => {
    expect(parseHolidayFile('2029-05-01，休，劳动节\n2029-04-28 班 劳动节')).toEqual([
      { date: '2029-04-28', kind: '班', name: '劳动节' },
      { date: '2029-05-01', kind: '休', name: '劳动节' },
    ]);
    expect(() => parseHolidayFile('2029-13-01,休,元旦')).toThrow('第1行：“2029-13-01”不是真实的日期');
  });
});
