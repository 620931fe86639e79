import type { HolidayCalendar } from './holidays';

/**
 * Pure functions of the duty schedule: a rule's dates in a range (with 节假日顺延) and the
 * rotation that fills slots with deputies. No database here, so the seeder and the tests
 * use them directly. SKELETON — implemented by the holidays/plan work.
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

/** The rule's slots whose planned date lies in [from, to], in date and time order. */
export function expandRule(
  _rule: RuleSpec,
  _from: string,
  _to: string,
  _calendar: HolidayCalendar,
): PlannedSlot[] {
  throw new Error('not implemented');
}

export interface RotationSlot {
  date: string;
  /** How many deputies the slot needs in all. */
  capacity: number;
  /** Deputies already on it (kept, not chosen by the rotation). */
  fixed: string[];
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

/** The deputies chosen for each slot (fixed ones not repeated), slots in the given order. */
export function rotate(_slots: RotationSlot[], _input: RotationInput): string[][] {
  throw new Error('not implemented');
}
