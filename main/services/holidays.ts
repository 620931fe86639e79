import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { HolidayYear, ParsedInput } from '../api/contract';
import type { ServiceContext } from './context';

/**
 * China's holiday calendar (节假日 and 调休): the shipped years come from the `chinese-days`
 * package's data; years it does not cover yet are entered by the administrator (holiday_days).
 * SKELETON — implemented by the holidays/plan work.
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

/** The shipped data's years (e.g. 2004–2026). */
export const BUILTIN_YEARS: { from: number; to: number } = { from: 0, to: 0 };

/** The shipped days of a year, or null when the package does not cover it. */
export function builtinHolidays(_year: number): HolidayDay[] | null {
  throw new Error('not implemented');
}

/** The calendar for the given years: shipped data, else the administrator's entries. */
export async function loadHolidayCalendar(
  _db: Kysely<DB>,
  _fromYear: number,
  _toYear: number,
): Promise<HolidayCalendar> {
  throw new Error('not implemented');
}

export async function holidayYear(_ctx: ServiceContext, _year: number): Promise<HolidayYear> {
  throw new Error('not implemented');
}

export async function setHolidayYear(
  _ctx: ServiceContext,
  _input: ParsedInput<'holidays.setYear'>,
): Promise<HolidayYear> {
  throw new Error('not implemented');
}

export async function importHolidayFile(
  _ctx: ServiceContext,
  _input: { fileName: string; text: string },
): Promise<{ years: HolidayYear[] }> {
  throw new Error('not implemented');
}
