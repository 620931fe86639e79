import { describe, expect, it } from 'vitest';
import { nextDay } from '../../db/time';
import { expandRule, rotate, type RuleSpec } from '../../main/services/duty-calendar';
import { builtinHolidays, makeHolidayCalendar, type HolidayDay } from '../../main/services/holidays';

/** The shipped calendar of the given years. */
function calendar(...years: number[]) {
  return makeHolidayCalendar(years.flatMap((y) => builtinHolidays(y) ?? []));
}

const rule = (spec: Partial<RuleSpec>): RuleSpec => ({
  kind: '每周',
  weekdays: [],
  monthDays: [],
  months: [],
  dates: [],
  times: [{ start: '09:00', end: '11:00' }],
  postponeOnHoliday: true,
  startDate: '2000-01-01',
  endDate: '',
  ...spec,
});

const dates = (slots: { date: string }[]) => slots.map((s) => s.date);

describe('expandRule: weekly, monthly and dated rules', () => {
  it('crosses a year end: Thursday 2026-01-01 (元旦) moves to the swapped working Sunday 01-04', () => {
    const slots = expandRule(rule({ weekdays: [4] }), '2025-12-15', '2026-01-15', calendar(2025, 2026));
    expect(slots.map((s) => [s.plannedDate, s.date, s.movedReason])).toEqual([
      ['2025-12-18', '2025-12-18', ''],
      ['2025-12-25', '2025-12-25', ''],
      ['2026-01-01', '2026-01-04', '元旦顺延'],
      ['2026-01-08', '2026-01-08', ''],
      ['2026-01-15', '2026-01-15', ''],
    ]);
  });

  it('moves a slot planned on New Year’s Eve into the next year (2022-12-31, a Saturday)', () => {
    const slots = expandRule(
      rule({ kind: '每月', monthDays: [31] }),
      '2022-11-01',
      '2022-12-31',
      calendar(2022, 2023),
    );
    // November has no 31st; 2022-12-31 to 2023-01-02 are the 元旦 days off.
    expect(slots.map((s) => [s.plannedDate, s.date, s.movedReason])).toEqual([
      ['2022-12-31', '2023-01-03', '元旦顺延'],
    ]);
  });

  it('uses 29 February in a leap year (2028) and skips it in 2027', () => {
    const spec = rule({ kind: '每月', monthDays: [29], months: [2], postponeOnHoliday: false });
    expect(dates(expandRule(spec, '2027-01-01', '2028-12-31', calendar()))).toEqual(['2028-02-29']);
    // A day 31 rule skips the short months.
    const thirtyFirst = rule({ kind: '每月', monthDays: [31], postponeOnHoliday: false });
    expect(dates(expandRule(thirtyFirst, '2027-01-01', '2027-06-30', calendar()))).toEqual([
      '2027-01-31',
      '2027-03-31',
      '2027-05-31',
    ]);
  });

  it('plans the 15th of odd months; a Sunday 15th moves to Monday (周末顺延)', () => {
    const spec = rule({ kind: '每月', monthDays: [15], months: [1, 3, 5, 7, 9, 11] });
    const slots = expandRule(spec, '2026-01-01', '2026-12-31', calendar(2026));
    expect(slots.map((s) => [s.plannedDate, s.date, s.movedReason])).toEqual([
      ['2026-01-15', '2026-01-15', ''],
      ['2026-03-15', '2026-03-16', '周末顺延'],
      ['2026-05-15', '2026-05-15', ''],
      ['2026-07-15', '2026-07-15', ''],
      ['2026-09-15', '2026-09-15', ''],
      ['2026-11-15', '2026-11-16', '周末顺延'],
    ]);
    // Without 节假日顺延 the dates stay.
    expect(
      dates(expandRule({ ...spec, postponeOnHoliday: false }, '2026-01-01', '2026-12-31', calendar(2026))),
    ).toEqual(['2026-01-15', '2026-03-15', '2026-05-15', '2026-07-15', '2026-09-15', '2026-11-15']);
  });

  it('follows the 2025 Spring Festival: 01-28..02-04 off, 01-26 and 02-08 are working days', () => {
    const cal = calendar(2025);
    // Tuesdays: 01-28 is 春节 → the first working day after the break is Wednesday 02-05.
    const tuesdays = expandRule(rule({ weekdays: [2] }), '2025-01-20', '2025-02-12', cal);
    // 02-04 (春节 too) lands on 02-05 as well: one slot there, the first one's.
    expect(tuesdays.map((s) => [s.plannedDate, s.date, s.movedReason])).toEqual([
      ['2025-01-21', '2025-01-21', ''],
      ['2025-01-28', '2025-02-05', '春节顺延'],
      ['2025-02-11', '2025-02-11', ''],
    ]);
    // Sundays of a weekly rule: 01-26 is a swapped working day (kept), 02-02 is 春节 (moved).
    const sundays = expandRule(rule({ weekdays: [7] }), '2025-01-20', '2025-02-09', cal);
    expect(sundays.map((s) => [s.plannedDate, s.date, s.movedReason])).toEqual([
      ['2025-01-26', '2025-01-26', ''],
      ['2025-02-02', '2025-02-05', '春节顺延'],
      ['2025-02-09', '2025-02-09', ''],
    ]);
    // Monthly on the 26th and the 8th: both fall on weekends that are 调休 working days.
    const monthly = expandRule(rule({ kind: '每月', monthDays: [8, 26] }), '2025-01-01', '2025-02-28', cal);
    expect(monthly.map((s) => [s.plannedDate, s.date, s.movedReason])).toEqual([
      ['2025-01-08', '2025-01-08', ''],
      ['2025-01-26', '2025-01-26', ''],
      ['2025-02-08', '2025-02-08', ''],
      ['2025-02-26', '2025-02-26', ''],
    ]);
    // The 1st of February 2025 is a Saturday inside the break.
    const first = expandRule(
      rule({ kind: '每月', monthDays: [1], months: [2] }),
      '2025-01-01',
      '2025-12-31',
      cal,
    );
    expect(first.map((s) => [s.date, s.movedReason])).toEqual([['2025-02-05', '春节顺延']]);
  });

  it('2025 National Day: Wednesdays 10-01 and 10-08 both land on Thursday 10-09, kept once', () => {
    const spec = rule({
      weekdays: [3],
      times: [
        { start: '14:30', end: '17:00' },
        { start: '09:00', end: '11:00' },
      ],
    });
    const slots = expandRule(spec, '2025-09-24', '2025-10-15', calendar(2025));
    expect(slots).toEqual([
      { plannedDate: '2025-09-24', date: '2025-09-24', movedReason: '', start: '09:00', end: '11:00' },
      { plannedDate: '2025-09-24', date: '2025-09-24', movedReason: '', start: '14:30', end: '17:00' },
      {
        plannedDate: '2025-10-01',
        date: '2025-10-09',
        movedReason: '国庆节顺延',
        start: '09:00',
        end: '11:00',
      },
      {
        plannedDate: '2025-10-01',
        date: '2025-10-09',
        movedReason: '国庆节顺延',
        start: '14:30',
        end: '17:00',
      },
      { plannedDate: '2025-10-15', date: '2025-10-15', movedReason: '', start: '09:00', end: '11:00' },
      { plannedDate: '2025-10-15', date: '2025-10-15', movedReason: '', start: '14:30', end: '17:00' },
    ]);
    // 10-06 is 中秋 inside the break: a Monday rule names it.
    const monday = expandRule(rule({ weekdays: [1] }), '2025-10-06', '2025-10-06', calendar(2025));
    expect(monday.map((s) => [s.date, s.movedReason])).toEqual([['2025-10-09', '中秋节顺延']]);
  });

  it('keeps the date when 节假日顺延 is off, and a weekly Saturday unless it is an official day off', () => {
    const cal = calendar(2025);
    const off = expandRule(
      rule({ weekdays: [3], postponeOnHoliday: false }),
      '2025-10-01',
      '2025-10-08',
      cal,
    );
    expect(dates(off)).toEqual(['2025-10-01', '2025-10-08']);
    expect(off.every((s) => s.movedReason === '')).toBe(true);
    const saturdays = expandRule(rule({ weekdays: [6] }), '2025-09-20', '2025-10-11', cal);
    expect(saturdays.map((s) => [s.plannedDate, s.date])).toEqual([
      ['2025-09-20', '2025-09-20'],
      ['2025-09-27', '2025-09-27'],
      ['2025-10-04', '2025-10-09'],
      ['2025-10-11', '2025-10-11'],
    ]);
  });

  it('keeps to the rule’s own period and its listed dates', () => {
    const spec = rule({ weekdays: [3], startDate: '2026-06-10', endDate: '2026-06-24' });
    expect(dates(expandRule(spec, '2026-06-01', '2026-06-30', calendar(2026)))).toEqual([
      '2026-06-10',
      '2026-06-17',
      '2026-06-24',
    ]);
    const listed = rule({
      kind: '指定日期',
      dates: ['2025-10-02', '2025-07-05', '2025-10-01', '2025-12-03'],
    });
    const slots = expandRule(listed, '2025-01-01', '2025-11-30', calendar(2025));
    // 07-05 is a Saturday (moved); 10-01 and 10-02 both land on 10-09 (kept once); 12-03 is out of range.
    expect(slots.map((s) => [s.plannedDate, s.date, s.movedReason])).toEqual([
      ['2025-07-05', '2025-07-07', '周末顺延'],
      ['2025-10-01', '2025-10-09', '国庆节顺延'],
    ]);
  });

  it('treats years the calendar does not know as ordinary weeks', () => {
    const days: HolidayDay[] = [{ date: '2031-01-01', kind: '休', name: '元旦' }];
    const cal = makeHolidayCalendar(days);
    expect(cal.isDayOff('2031-01-01')).toBe(true);
    expect(cal.isDayOff('2031-01-04')).toBe(true); // Saturday
    expect(cal.isDayOff('2031-01-06')).toBe(false);
    expect(cal.nextWorkingDay('2031-01-03')).toBe('2031-01-06');
  });
});

/** Every date of a year that is the given ISO weekday. */
function weekdaysOf(year: number, weekday: number): string[] {
  return dates(
    expandRule(rule({ weekdays: [weekday] }), `${year}-01-01`, `${year}-12-31`, makeHolidayCalendar([])),
  );
}

const tally = (chosen: string[][], fixed: string[][] = []) => {
  const counts = new Map<string, number>();
  for (const ids of [...chosen, ...fixed]) for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
};

describe('rotate: fair turns', () => {
  const seven = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

  it('a year of weekly slots, 2 per slot over 7 deputies: counts differ by at most one', () => {
    const slots = weekdaysOf(2026, 3).map((date) => ({ date, capacity: 2, fixed: [] }));
    const chosen = rotate(slots, { candidates: seven, available: () => true });
    expect(chosen.every((ids) => ids.length === 2 && ids[0] !== ids[1])).toBe(true);
    const counts = [...tally(chosen).values()];
    expect(counts).toHaveLength(7);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(slots.length * 2);
    // Turns go round in candidate order at first.
    expect(chosen.slice(0, 4)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'a'],
    ]);
  });

  it('two time slots a day: no one takes both while others are free; still balanced', () => {
    const slots = weekdaysOf(2026, 3).flatMap((date) => [
      { date, capacity: 2, fixed: [] },
      { date, capacity: 2, fixed: [] },
    ]);
    const chosen = rotate(slots, { candidates: seven, available: () => true });
    for (let i = 0; i < chosen.length; i += 2)
      expect(new Set([...chosen[i]!, ...chosen[i + 1]!]).size).toBe(4);
    const counts = [...tally(chosen).values()];
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it('skips a deputy on a leave period and a resigned deputy', () => {
    const slots = weekdaysOf(2026, 3).map((date) => ({ date, capacity: 2, fixed: [] }));
    // b is on leave from March to May; g resigned on 2026-07-01.
    const available = (id: string, date: string) =>
      !(id === 'b' && date >= '2026-03-01' && date <= '2026-05-31') && !(id === 'g' && date >= '2026-07-01');
    const chosen = rotate(slots, { candidates: seven, available });
    slots.forEach((s, i) => {
      if (s.date >= '2026-03-01' && s.date <= '2026-05-31') expect(chosen[i]).not.toContain('b');
      if (s.date >= '2026-07-01') expect(chosen[i]).not.toContain('g');
      expect(chosen[i]).toHaveLength(2);
    });
    // Those who were always there stay within one of each other.
    const counts = tally(chosen);
    const steady = ['a', 'c', 'd', 'e', 'f'].map((id) => counts.get(id)!);
    expect(Math.max(...steady) - Math.min(...steady)).toBeLessThanOrEqual(1);
    // b catches up after the leave rather than being punished or flooded.
    expect(counts.get('b')!).toBeGreaterThan(0);
  });

  it('counts fixed deputies, carries earlier counts over, and returns fewer when too few are available', () => {
    const chosen = rotate(
      [
        { date: '2026-06-03', capacity: 2, fixed: ['a'] },
        { date: '2026-06-10', capacity: 3, fixed: [] },
        { date: '2026-06-17', capacity: 3, fixed: [] },
      ],
      {
        candidates: ['a', 'b', 'c', 'd'],
        available: (id, date) => !(date === '2026-06-17' && id !== 'a'),
        counts: new Map([['b', 4]]),
        lastDates: new Map([['c', '2026-05-27']]),
      },
    );
    // Slot 1: a is fixed; d (never served) before c (served 05-27) before b (4 duties).
    expect(chosen[0]).toEqual(['d']);
    // Slot 2: a, c, d have one duty each now … a served on 06-03 and so did d; c longest ago.
    expect(chosen[1]).toEqual(['c', 'a', 'd']);
    // Slot 3: only a is available.
    expect(chosen[2]).toEqual(['a']);
  });

  it('never repeats a deputy within a slot, even with one candidate', () => {
    let d = '2026-01-05';
    const slots = [];
    for (let i = 0; i < 5; i++, d = nextDay(d)) slots.push({ date: d, capacity: 3, fixed: ['x'] });
    const chosen = rotate(slots, { candidates: ['x', 'y'], available: () => true });
    expect(chosen).toEqual([['y'], ['y'], ['y'], ['y'], ['y']]);
  });
});
