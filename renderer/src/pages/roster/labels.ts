import type { Deputy } from '../../api';

/** Status tag colours: 在任 stands out, the rest are quiet. */
export const STATUS_COLOR: Record<Deputy['status'], string> = {
  在任: 'green',
  届满: 'default',
  辞职: 'orange',
  罢免: 'red',
  调离: 'blue',
  去世: 'default',
};

/** 1975-03 → 1975年3月; 1975-03-08 → 1975年3月8日. */
export function formatBirth(value: string): string {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value);
  if (!m) return value || '—';
  return `${m[1]}年${Number(m[2])}月${m[3] ? `${Number(m[3])}日` : ''}`;
}

export function formatDay(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : value || '—';
}

export const levelText = (levels: readonly string[]) => (levels.length ? levels.join('、') : '—');
