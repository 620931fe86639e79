import type { NavigateFunction } from 'react-router-dom';
import type { ReceptionDetail, ReceptionListItem } from '../../api';

/** Status tag colours: open matters stand out, answered ones are calm. */
export const RECEPTION_STATUS_COLOR: Record<ReceptionListItem['status'], string> = {
  登记: 'blue',
  办理中: 'orange',
  已办结: 'cyan',
  已反馈: 'green',
};

export const SATISFACTION_COLOR: Record<string, string> = {
  满意: 'green',
  基本满意: 'cyan',
  不满意: 'red',
  未表态: 'default',
};

/**
 * A time of visit as the form edits it: 2026-03-08 09:30. The API stores the station's own
 * wall-clock time with its offset (2026-03-08T09:30:00+08:00), so the wall time is the string's
 * start; converting through this PC's time zone would be wrong if the PC's zone differs.
 */
export function toLocalInput(value: string): string {
  return value ? value.slice(0, 16).replace('T', ' ') : '';
}

/** 2026-03-08 09:30 → 2026年3月8日 09:30 */
export function formatReceived(value: string): string {
  const local = toLocalInput(value);
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}:\d{2}))?/.exec(local);
  if (!m) return value || '—';
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日${m[4] ? ` ${m[4]}` : ''}`;
}

/** 2026-03-08 09:30 → 2026-03-08 09:30 (compact, for tables). */
export function shortReceived(value: string): string {
  return toLocalInput(value) || '—';
}

/** The visit's date, YYYY-MM-DD. */
export function receivedDate(value: string): string {
  return toLocalInput(value).slice(0, 10);
}

/** 2026-03-08 → 2026年3月8日 */
export function formatDay(value: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value ?? '');
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : value || '—';
}

/** 45 / 1958 → "45岁" / "1958年生" */
export function ageText(v: { age: number | null; birthYear: number | null }): string {
  if (v.birthYear) return `${v.birthYear}年生`;
  if (v.age) return `${v.age}岁`;
  return '—';
}

/** How the matter is being handled, in one line: 交办 莲花镇政府（期限 2026年4月10日）. */
export function handlingText(r: ReceptionListItem | ReceptionDetail): string {
  if (!r.disposition) return '';
  const parts: string[] = [r.disposition];
  if (r.unit) parts.push(r.unit);
  let text = parts.join(' ');
  if (r.deadline) text += `（期限 ${formatDay(r.deadline)}）`;
  return text;
}

/** Back to the previous page of the app (keeping the list's filters), or to the register when opened directly. */
export function goBack(navigate: NavigateFunction): void {
  const idx = (window.history.state as { idx?: number } | null)?.idx ?? 0;
  if (idx > 0) void navigate(-1);
  else void navigate('/receptions');
}
