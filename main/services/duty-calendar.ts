import { nextDay } from '../../db/time';
import { isoWeekday, type HolidayCalendar } from './holidays';

/**
 * Pure functions of the duty schedule: a rule's dates in a range (with 节假日顺延) and the
 * rotation that fills slots with deputies. No database here, so the seeder and the tests
 * use them directly.
 */

export interface RuleSpec {
  kind: '每周' | '每月' | '指定日期';
  weekdays: number[];
  monthDays: number[];
  months: number[];
  dates: string[];
  times: { start: string; end: string }[];
  postponeOnHoliday: boolean;
  startDate: string;
  /** '' = no end. */
  endDate: string;
}

export interface PlannedSlot {
  /** The rule's own date. */
  plannedDate: string;
  /** Where the slot lands after 节假日顺延 (= plannedDate when it did not move). */
  date: string;
  /** e.g. 国庆节顺延; '' when it did not move. */
  movedReason: string;
  start: string;
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Days in a month (month 1–12); February of leap years has 29. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The rule's own dates in [lo, hi], before 节假日顺延, in order. */
function ruleDates(rule: RuleSpec, lo: string, hi: string): string[] {
  const out: string[] = [];
  if (rule.kind === '每周') {
    const days = new Set(rule.weekdays);
    for (let d = lo; d <= hi; d = nextDay(d)) if (days.has(isoWeekday(d))) out.push(d);
  } else if (rule.kind === '每月') {
    const months = new Set(rule.months.length ? rule.months : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const monthDays = [...rule.monthDays].sort((a, b) => a - b);
    let year = Number(lo.slice(0, 4));
    let month = Number(lo.slice(5, 7));
    const endKey = Number(hi.slice(0, 4)) * 12 + Number(hi.slice(5, 7));
    while (year * 12 + month <= endKey) {
      if (months.has(month)) {
        const last = daysInMonth(year, month);
        for (const day of monthDays) {
          // 31日 in April, 29 Feb in a common year: the month lacks the day, so none that month.
          if (day > last) continue;
          const d = `${year}-${pad(month)}-${pad(day)}`;
          if (d >= lo && d <= hi) out.push(d);
        }
      }
      if (++month > 12) {
        month = 1;
        year++;
      }
    }
  } else {
    for (const d of [...rule.dates].sort()) if (d >= lo && d <= hi) out.push(d);
  }
  return out;
}

/** Where a planned date lands with 节假日顺延, and why it moved. */
export function postpone(
  rule: Pick<RuleSpec, 'kind' | 'postponeOnHoliday'>,
  date: string,
  calendar: HolidayCalendar,
): { date: string; movedReason: string } {
  if (!rule.postponeOnHoliday) return { date, movedReason: '' };
  const entry = calendar.entry(date);
  if (entry?.kind === '休') return { date: calendar.nextWorkingDay(date), movedReason: `${entry.name}顺延` };
  // A weekly rule chose its weekday, Saturday included; a monthly or dated one did not choose
  // the weekend, so its weekend days move too.
  if (rule.kind !== '每周' && calendar.isDayOff(date))
    return { date: calendar.nextWorkingDay(date), movedReason: '周末顺延' };
  return { date, movedReason: '' };
}

/**
 * The rule's slots whose planned date lies in [from, to] (and in the rule's own period), one
 * per time range per date, in date and time order. When two planned dates land on the same
 * date after moving (2025: Wednesdays 10-01 and 10-08 both move to Thursday 10-09), only the
 * first is kept: one duty day there, not two identical slots.
 */
export function expandRule(
  rule: RuleSpec,
  from: string,
  to: string,
  calendar: HolidayCalendar,
): PlannedSlot[] {
  const lo = from > rule.startDate ? from : rule.startDate;
  const hi = rule.endDate && rule.endDate < to ? rule.endDate : to;
  if (lo > hi) return [];
  const times = [...rule.times].sort((a, b) => a.start.localeCompare(b.start));
  const seen = new Set<string>();
  const out: PlannedSlot[] = [];
  for (const plannedDate of ruleDates(rule, lo, hi)) {
    const { date, movedReason } = postpone(rule, plannedDate, calendar);
    for (const t of times) {
      const key = `${date} ${t.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ plannedDate, date, movedReason, start: t.start, end: t.end });
    }
  }
  // Stable: equal dates and times keep the planned order.
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.start.localeCompare(b.start));
}

// ---------------------------------------------------------------------------------------
// The rotation

export interface RotationSlot {
  date: string;
  /** How many deputies the slot needs in all. */
  capacity: number;
  /** Deputies already on it (kept, not chosen by the rotation). */
  fixed: string[];
  /** Who may take this slot (e.g. its rule's pool); default: every candidate. */
  candidates?: string[];
}

export interface RotationInput {
  /** In-turn order (pinyin); ties in duty count are broken by who served least recently, then this order. */
  candidates: string[];
  /** Whether a deputy can serve on a date (在任 then, not on leave). */
  available(deputyId: string, date: string): boolean;
  /** Duty counts so far (e.g. this year's earlier slots), so the balance carries over. */
  counts?: Map<string, number>;
  /** Each deputy's last duty date so far. */
  lastDates?: Map<string, string>;
}

/**
 * The deputies chosen for each slot (fixed ones not repeated), slots in the given order
 * (date order, so "least recently" means something). Each slot takes, among the available
 * candidates not already on it: first those not on another slot that date, then the fewest
 * duties so far (fixed deputies and earlier choices count), then who served least recently,
 * then candidate order. With everyone available, counts never drift more than one apart.
 * A slot gets fewer than it needs when not enough candidates are available.
 */
export function rotate(slots: RotationSlot[], input: RotationInput): string[][] {
  const counts = new Map(input.counts ?? []);
  const lastDates = new Map(input.lastDates ?? []);
  const order = new Map(input.candidates.map((id, i) => [id, i]));
  const onDate = new Map<string, Set<string>>();
  const dateSet = (date: string) => {
    let set = onDate.get(date);
    if (!set) onDate.set(date, (set = new Set()));
    return set;
  };
  for (const s of slots) for (const id of s.fixed) dateSet(s.date).add(id);

  const serve = (id: string, date: string) => {
    counts.set(id, (counts.get(id) ?? 0) + 1);
    const last = lastDates.get(id);
    if (!last || last < date) lastDates.set(id, date);
  };

  return slots.map((slot) => {
    for (const id of slot.fixed) serve(id, slot.date);
    const need = slot.capacity - slot.fixed.length;
    if (need <= 0) return [];
    const taken = new Set(slot.fixed);
    const sameDay = dateSet(slot.date);
    const allowed = slot.candidates ? new Set(slot.candidates) : null;
    const pool = input.candidates.filter(
      (id) => !taken.has(id) && (!allowed || allowed.has(id)) && input.available(id, slot.date),
    );
    pool.sort(
      (a, b) =>
        Number(sameDay.has(a)) - Number(sameDay.has(b)) ||
        (counts.get(a) ?? 0) - (counts.get(b) ?? 0) ||
        (lastDates.get(a) ?? '').localeCompare(lastDates.get(b) ?? '') ||
        order.get(a)! - order.get(b)!,
    );
    const chosen = pool.slice(0, need);
    for (const id of chosen) {
      serve(id, slot.date);
      sameDay.add(id);
    }
    return chosen;
  });
}
