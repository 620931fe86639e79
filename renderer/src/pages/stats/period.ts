import dayjs, { type Dayjs } from 'dayjs';

export const ISO = 'YYYY-MM-DD';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface Period {
  from: string;
  to: string;
}

export type QuickKey = '本月' | '本季度' | '本年' | '上一年';
export const QUICK_KEYS: readonly QuickKey[] = ['本月', '本季度', '本年', '上一年'];

export const monthPeriod = (d: Dayjs): Period => ({
  from: d.startOf('month').format(ISO),
  to: d.endOf('month').format(ISO),
});

export function quarterPeriod(d: Dayjs): Period {
  const start = d.month(Math.floor(d.month() / 3) * 3).startOf('month');
  return { from: start.format(ISO), to: start.add(2, 'month').endOf('month').format(ISO) };
}

export const yearPeriod = (d: Dayjs): Period => ({
  from: d.startOf('year').format(ISO),
  to: d.endOf('year').format(ISO),
});

/** The quick periods, counted from the station's date (not the PC's). */
export function quickPeriod(key: QuickKey, today: string): Period {
  const t = dayjs(today);
  switch (key) {
    case '本月':
      return monthPeriod(t);
    case '本季度':
      return quarterPeriod(t);
    case '本年':
      return yearPeriod(t);
    case '上一年':
      return yearPeriod(t.subtract(1, 'year'));
  }
}

/** What kind of period from–to is, so the matching picker shows it. */
export type PeriodKind = 'month' | 'quarter' | 'year' | 'custom';

export function periodKind(p: Period): PeriodKind {
  const d = dayjs(p.from);
  const same = (q: Period) => q.from === p.from && q.to === p.to;
  if (same(monthPeriod(d))) return 'month';
  if (same(quarterPeriod(d))) return 'quarter';
  if (same(yearPeriod(d))) return 'year';
  return 'custom';
}

/** A period from the address, or null when it is missing or not a real range. */
export function periodFromParams(params: URLSearchParams): Period | null {
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  if (!DATE.test(from) || !DATE.test(to)) return null;
  if (!dayjs(from).isValid() || !dayjs(to).isValid() || to < from) return null;
  return { from, to };
}

/** 2026年 / 2026年第4季度 / 2026年12月 / 2026年3月5日 — 2026年4月1日 */
export function periodText(p: Period): string {
  const d = dayjs(p.from);
  switch (periodKind(p)) {
    case 'year':
      return `${d.year()}年`;
    case 'quarter':
      return `${d.year()}年第${Math.floor(d.month() / 3) + 1}季度`;
    case 'month':
      return `${d.year()}年${d.month() + 1}月`;
    case 'custom':
      return `${dayText(p.from)} — ${dayText(p.to)}`;
  }
}

/** 2026-03-05 → 2026年3月5日 */
export function dayText(date: string): string {
  const d = dayjs(date);
  return `${d.year()}年${d.month() + 1}月${d.date()}日`;
}

/** A month (YYYY-MM) cut to the period: the receptions list's range for a bar of the month chart. */
export function monthWithin(month: string, p: Period): Period {
  const m = monthPeriod(dayjs(`${month}-01`));
  return { from: m.from < p.from ? p.from : m.from, to: m.to > p.to ? p.to : m.to };
}

/** 2026-03 → 3月, or 2025年12月 when the period spans years. */
export function monthLabel(month: string, spansYears: boolean): string {
  const [y, m] = month.split('-');
  return spansYears ? `${y}年${Number(m)}月` : `${Number(m)}月`;
}

/** A route with from/to (and more) in its query. */
export function routeWith(path: string, query: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
