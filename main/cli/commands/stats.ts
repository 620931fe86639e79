import type { StatFigure, StationStats } from '../../api/contract';
import { dispatch } from '../../api/router';
import { EXIT_OK, UsageError, reportFailure, requireString, type Command } from '../command';
import { withStation } from '../station';
import { formatTable } from './receptions';

/** A figure's value as the clerk reads it: 12 批, 66.7%, — when there was nothing to divide by. */
export function figureText(f: StatFigure): string {
  if (f.value === null) return '—';
  if (f.unit === '%') return `${f.value.toFixed(1)}%`;
  return `${f.value} ${f.unit}`;
}

export function formatStats(stats: StationStats): string {
  const lines = [`统计期间：${stats.from} 至 ${stats.to}（逾期按 ${stats.today} 计）`];
  // One table for all groups, so the values line up; a group's name heads its rows.
  const rows: string[][] = [];
  for (const group of new Set(stats.figures.map((f) => f.group))) {
    rows.push([`【${group}】`, '']);
    for (const f of stats.figures.filter((x) => x.group === group))
      rows.push([`  ${f.label}`, figureText(f)]);
  }
  lines.push('', formatTable(['指标', '数值'], rows, [20, 20]));
  lines.push(
    '',
    '【各月接待】',
    formatTable(
      ['  月份', '批次', '人次'],
      stats.receptionsByMonth.map((m) => [`  ${m.month}`, String(m.batches), String(m.persons)]),
      [10, 10, 10],
    ),
  );
  return lines.join('\n');
}

export const statsCommand: Command = {
  name: 'stats',
  summary: 'the county’s figures (统计) for a period',
  usage: [
    'station-desk stats --data DIR --from DATE --to DATE [--json]',
    '',
    'The figures that go up to the county: receptions (批次, 人次), their handling (当场答复,',
    '交办转办, 已办结, 已反馈, 逾期, 回音率, 满意率), duty attendance (进站率) and activities',
    '(开展活动, 计划完成率, 代表出席率), then the receptions by month. --json prints every figure',
    'with its definition and the breakdowns (by channel, category, satisfaction, deputy).',
    '',
    'Dates are YYYY-MM-DD, both included, at most ten years. Exit 0 on success, 1 when the',
    'station refuses (the Chinese message says why), 2 on bad options.',
  ].join('\n'),
  options: { data: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
  async run(values, positionals, io) {
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const dataDir = requireString(values, 'data');
    const from = requireString(values, 'from');
    const to = requireString(values, 'to');
    const result = await withStation(dataDir, { create: false }, (ctx) =>
      dispatch('stats.get', { from, to }, ctx),
    );
    // A bad date or a range the wrong way round is the station's refusal: exit 1, its message.
    if (!result.ok) return reportFailure(io, result.error);
    const stats = result.value as StationStats;
    io.result({ ok: true, ...stats }, formatStats(stats));
    return EXIT_OK;
  },
};
