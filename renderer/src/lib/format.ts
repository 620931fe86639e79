import dayjs from 'dayjs';

/** 2026年11月23日 17:05 — how a clerk writes a time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY年M月D日 HH:mm') : iso;
}

/** 2026年11月23日 17:05（3 分钟前） */
export function formatDateTimeWithAgo(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? `${d.format('YYYY年M月D日 HH:mm')}（${d.fromNow()}）` : iso;
}
