import dayjs, { type Dayjs } from 'dayjs';
import { useCall, type DutyAssignment, type DutySlot } from '../../api';

export type AttendanceStatus = DutyAssignment['status'];

/** 到岗 green, 请假 orange, 缺席 red; 调换 is shown struck through, 已排班 plain. */
export const STATUS_COLOR: Record<AttendanceStatus, string> = {
  已排班: 'default',
  到岗: 'green',
  请假: 'orange',
  缺席: 'red',
  调换: 'default',
};

export const WEEKDAY_SHORT = ['一', '二', '三', '四', '五', '六', '日'] as const;

export const ISO = 'YYYY-MM-DD';

/** ISO weekday of a date: 1 = 周一 … 7 = 周日. */
export const isoWeekday = (d: Dayjs): number => ((d.day() + 6) % 7) + 1;

/** The Monday of the date's week. */
export const weekStart = (d: Dayjs): Dayjs => d.subtract(isoWeekday(d) - 1, 'day').startOf('day');

/** 2026-12-02 → 12月2日 */
export function dayText(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return m ? `${Number(m[2])}月${Number(m[3])}日` : date;
}

/** 2026-12-02 → 2026年12月2日 */
export function fullDayText(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date || '—';
}

/** 2026-12-02 → 周三 */
export function weekdayText(date: string): string {
  const d = dayjs(date);
  return d.isValid() ? `周${WEEKDAY_SHORT[isoWeekday(d) - 1]}` : '';
}

/** 09:00–11:30 */
export const timeText = (s: { start: string; end: string }) => `${s.start}–${s.end}`;

/** 12月2日 09:00–11:30 联络站接待室 — how a slot is named in one line. */
export const slotLine = (s: Pick<DutySlot, 'date' | 'start' | 'end' | 'place'>) =>
  `${dayText(s.date)} ${timeText(s)} ${s.place}`;

/**
 * The station's wall-clock time in an ISO string with offset (…T09:02:00+08:00): the string
 * itself, not the PC's zone, says what the clock showed.
 */
export const clockOf = (iso: string | null | undefined) => (iso ? iso.slice(11, 16) : '');

/** 县、乡镇 → 县、乡镇人大代表 */
export const levelsText = (levels: readonly string[]) =>
  levels.length ? `${levels.join('、')}人大代表` : '人大代表';

/** 0.875 → 87.5% */
export function rateText(rate: number | null): string {
  if (rate === null) return '—';
  return `${Math.round(rate * 1000) / 10}%`;
}

/** The station's date today (duty.today answers it); the PC's date until it has. */
export function useStationToday(): string {
  const today = useCall('duty.today', {});
  return today.data?.date ?? dayjs().format(ISO);
}

/** Deputies in office with pinyin for the pickers' search (the reception form's list). */
export function useActiveDeputies() {
  const options = useCall('receptions.formOptions', {});
  return { ...options, deputies: options.data?.deputies ?? [] };
}

/** Options of a deputy Select, searchable by name, pinyin and initials. */
export function deputyOptions(deputies: { id: string; name: string; pinyin: string; initials: string }[]) {
  return deputies.map((d) => ({
    value: d.id,
    label: d.name,
    searchKeys: `${d.name} ${d.pinyin} ${d.initials}`,
  }));
}

/** Which actions the date allows on an assignment: the same rules the service applies. */
export function allowedActions(a: DutyAssignment, slotDate: string, today: string) {
  const open = a.status === '已排班';
  return {
    // A deputy on leave or marked absent may come after all.
    signIn: slotDate === today && (open || a.status === '请假' || a.status === '缺席'),
    signOut: slotDate === today && a.status === '到岗' && !a.signedOutAt,
    leave: slotDate >= today && open,
    swap: slotDate >= today && open,
    absence: slotDate <= today && open,
    clear: a.status === '到岗' || a.status === '请假' || a.status === '缺席',
  };
}
