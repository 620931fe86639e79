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

/** 460 KB, 12.3 MB, 1.2 GB: a file's size as the clerk reads it. */
export function formatSize(bytes: number): string {
  if (bytes >= 1 << 30) return `${(bytes / (1 << 30)).toFixed(1)} GB`;
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
