import dayjs from 'dayjs';
import {
  paperSlug,
  type NoticeSubjectKind,
  type NoticeTemplateKey,
  type Paper,
} from '../../../../resources/notices/catalog';

/** The catalog's groups, in the order a station wall is put up. */
export const NOTICE_GROUPS = ['信息公示', '工作制度', '流程', '值班接待', '活动'] as const;

/** The editor's address for one board; the paper is left out when it is the template's own. */
export function editorPath(template: NoticeTemplateKey, subject?: string, paper?: Paper): string {
  const q = new URLSearchParams();
  if (subject) q.set('subject', subject);
  if (paper) q.set('paper', paperSlug(paper));
  const query = q.toString();
  return `/notices/edit/${template}${query ? `?${query}` : ''}`;
}

/** 2026-12 → 2026年12月; 2026 → 2026年. */
export function monthText(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

/**
 * What a board is about when the clerk did not say: the month about to be posted (next
 * month once today is past the 20th), the coming year in December, the next duty slot.
 */
export function defaultSubject(
  kind: NoticeSubjectKind,
  today: string,
  upcomingSlotIds: readonly string[],
): string {
  const d = dayjs(today);
  switch (kind) {
    case 'none':
      return '';
    case 'month':
      return (d.date() > 20 ? d.add(1, 'month') : d).format('YYYY-MM');
    case 'year':
      return String(d.month() === 11 ? d.year() + 1 : d.year());
    case 'slot':
      return upcomingSlotIds[0] ?? '';
  }
}

/** Months a clerk may post: half a year back, a year ahead. */
export function monthOptions(today: string, current: string): { value: string; label: string }[] {
  const start = dayjs(today).startOf('month').subtract(6, 'month');
  const values = Array.from({ length: 19 }, (_, i) => start.add(i, 'month').format('YYYY-MM'));
  if (current && !values.includes(current)) values.push(current);
  return values.sort().map((value) => ({ value, label: monthText(value) }));
}

export function yearOptions(today: string, current: string): { value: string; label: string }[] {
  const year = dayjs(today).year();
  const values = [year - 1, year, year + 1].map(String);
  if (current && !values.includes(current)) values.push(current);
  return values.sort().map((value) => ({ value, label: `${value}年` }));
}

/** A PDF's hash as people compare it: the first 12 hex digits. */
export const shortHash = (sha256: string | null) => (sha256 ? sha256.slice(0, 12) : '—');

/** 1.2 MB, 340 KB */
export function sizeText(bytes: number | null): string {
  if (bytes === null) return '';
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * 张三的联系电话改了；新增代表李四；标题改了等5项 — the first few reasons, then how many in all.
 * The service may already have cut the list short with its own 等N项; N then counts all.
 */
export function reasonsText(reasons: readonly string[], first = 3): string {
  const summary = reasons.length ? /^等(\d+)项$/.exec(reasons[reasons.length - 1]!) : null;
  const real = summary ? reasons.slice(0, -1) : reasons;
  const total = summary ? Number(summary[1]) : real.length;
  const shown = real.slice(0, first).join('；');
  return total > Math.min(first, real.length) ? `${shown}等${total}项` : shown;
}
