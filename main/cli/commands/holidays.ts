import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { CallOutput, HolidayYear } from '../../api/contract';
import { ErrorCode } from '../../api/errors';
import { dispatch } from '../../api/router';
import { BUILTIN_YEARS, builtinHolidays, type HolidayDay } from '../../services/holidays';
import { EXIT_OK, UsageError, reportFailure, requireString, type Command } from '../command';
import { withStation } from '../station';
import { nextDay } from '../../../db/time';

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

const weekdayOf = (date: string) => WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!;

/** 1月28日, or 2024年12月29日 for a day outside the year being shown. */
function dayText(date: string, year: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y === year ? '' : `${y}年`}${m}月${d}日`;
}

/**
 * A year's arrangement as the State Council's notice reads, one festival a line:
 * 春节  1月28日—2月4日 放假（8天）；1月26日（周日）、2月8日（周六）上班
 * Festivals that share one run of days off are one line (国庆节、中秋节 10月1日—10月8日).
 */
export function formatHolidayYear(year: number, days: HolidayDay[]): string {
  const sorted = [...days].sort((a, b) => a.date.localeCompare(b.date));
  interface Group {
    label: string;
    names: Set<string>;
    runs: string[][];
    work: HolidayDay[];
    first: string;
  }
  const groups: Group[] = [];
  // Runs of consecutive days off, each labelled by the festivals it holds.
  let run: HolidayDay[] = [];
  const closeRun = () => {
    if (!run.length) return;
    const names = [...new Set(run.map((d) => d.name || '放假'))];
    const label = names.join('、');
    const dates = run.map((d) => d.date);
    const group = groups.find((g) => g.label === label);
    if (group) group.runs.push(dates);
    else groups.push({ label, names: new Set(names), runs: [dates], work: [], first: dates[0]! });
    run = [];
  };
  for (const d of sorted.filter((x) => x.kind === '休')) {
    if (run.length && nextDay(run[run.length - 1]!.date) !== d.date) closeRun();
    run.push(d);
  }
  closeRun();
  // Each swapped working day joins its festival's line (the nearest one if it has two).
  for (const d of sorted.filter((x) => x.kind === '班')) {
    const name = d.name || '调休上班';
    const candidates = groups.filter((g) => g.names.has(name));
    const distance = (g: Group) => Math.abs(Date.parse(g.first) - Date.parse(d.date));
    const group = candidates.sort((a, b) => distance(a) - distance(b))[0];
    if (group) group.work.push(d);
    else groups.push({ label: name, names: new Set([name]), runs: [], work: [d], first: d.date });
  }
  groups.sort((a, b) => a.first.localeCompare(b.first));
  const width = Math.max(2, ...groups.map((g) => g.label.length));
  return groups
    .map((g) => {
      const parts: string[] = [];
      if (g.runs.length) {
        const text = g.runs
          .map((r) =>
            r.length === 1
              ? dayText(r[0]!, year)
              : `${dayText(r[0]!, year)}—${dayText(r[r.length - 1]!, year)}`,
          )
          .join('、');
        parts.push(`${text} 放假（${g.runs.reduce((s, r) => s + r.length, 0)}天）`);
      }
      if (g.work.length)
        parts.push(`${g.work.map((d) => `${dayText(d.date, year)}（${weekdayOf(d.date)}）`).join('、')}上班`);
      // Ideographic spaces pad as wide as the Chinese names.
      return `${g.label}${'\u3000'.repeat(width - g.label.length)}  ${parts.join('；')}`;
    })
    .join('\n');
}

const yearsText = (from: number, to: number) => `${from}—${to}年`;

/** The message for a year nobody has entered: which years exist and how to add one. */
export function uncoveredMessage(year: number, customYears: number[] = []): string {
  const entered = customYears.length ? `，本站另录入了 ${customYears.map((y) => `${y}年`).join('、')}` : '';
  return (
    `没有${year}年的节假日安排：程序自带 ${yearsText(BUILTIN_YEARS.from, BUILTIN_YEARS.to)}的数据${entered}。` +
    `请在“设置 → 节假日”页录入${year}年的放假和调休安排，` +
    `或用 station-desk holidays import FILE --data DIR 导入（每行一天，例如 ${year}-01-01,休,元旦）。`
  );
}

/** Holiday files come from Excel or Notepad on Chinese Windows: UTF-8 (with or without BOM) or GBK. */
export function decodeHolidayFile(bytes: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gb18030').decode(bytes);
  }
  return text.replace(/^\uFEFF/, '');
}

function parseYear(value: unknown): number {
  if (value === undefined) throw new UsageError('missing --year');
  const year = Number(value);
  if (!Number.isInteger(year) || year < 2000 || year > 2100)
    throw new UsageError(`--year must be a year between 2000 and 2100, got "${String(value)}"`);
  return year;
}

const sourceText = { builtin: '程序自带', custom: '本站录入', none: '无' } as const;

export const holidaysCommand: Command = {
  name: 'holidays',
  summary: 'a year’s official days off (休) and swapped working days (班 / 调休上班); import a year',
  usage: [
    'station-desk holidays --year Y [--data DIR] [--json]',
    '       station-desk holidays import FILE --data DIR [--json]',
    '',
    '--year Y   the days off and the swapped working days of year Y, by festival. Without --data',
    '           only the data shipped with the app; with --data also the years entered there.',
    'import     enters the years a file holds (replacing those years’ entries), one day a line:',
    '           2027-01-01,休,元旦   (commas, tabs or spaces; 休 = day off, 班 = working day)',
    '',
    'Exit 0 when the year is known or the file was imported, 1 when the year is not covered or',
    'the file is refused (the message names the line), 2 on bad options.',
  ].join('\n'),
  options: {
    data: { type: 'string' },
    year: { type: 'string' },
  },
  async run(values, positionals, io) {
    const [action, file, ...extra] = positionals;
    const dataDir = typeof values.data === 'string' ? values.data : undefined;

    if (action === 'import') {
      if (!file) throw new UsageError('missing FILE: the holiday file to import');
      if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
      if (values.year !== undefined)
        throw new UsageError('--year is not used by import (the file names its dates)');
      const data = requireString(values, 'data');
      let bytes: Buffer;
      try {
        bytes = readFileSync(resolve(file));
      } catch {
        return reportFailure(io, { code: 'FILE_UNREADABLE', message: `读不到文件：${file}` });
      }
      const result = await withStation(data, { create: false }, (ctx) =>
        dispatch('holidays.importFile', { fileName: basename(file), text: decodeHolidayFile(bytes) }, ctx),
      );
      // A malformed file is the operation failing (exit 1): the message names the line.
      if (!result.ok) return reportFailure(io, result.error);
      const { years } = result.value as CallOutput<'holidays.importFile'>;
      const summary = years
        .map((y) => {
          const off = y.days.filter((d) => d.kind === '休').length;
          return `${y.year}年（放假 ${off} 天，调休上班 ${y.days.length - off} 天）`;
        })
        .join('、');
      io.result(
        { ok: true, years: years.map((y) => ({ year: y.year, source: y.source, days: y.days })) },
        `已导入：${summary}`,
      );
      return EXIT_OK;
    }
    if (action !== undefined) throw new UsageError(`unknown action "${action}" (import, or --year Y)`);

    const year = parseYear(values.year);
    let shown: Pick<HolidayYear, 'year' | 'source' | 'days'>;
    if (dataDir === undefined) {
      const days = builtinHolidays(year);
      if (!days) return reportFailure(io, { code: ErrorCode.notFound, message: uncoveredMessage(year) });
      shown = { year, source: 'builtin', days: [...days].sort((a, b) => a.date.localeCompare(b.date)) };
    } else {
      const result = await withStation(dataDir, { create: false }, (ctx) =>
        dispatch('holidays.year', { year }, ctx),
      );
      if (!result.ok) return reportFailure(io, result.error);
      const known = result.value as CallOutput<'holidays.year'>;
      if (known.source === 'none')
        return reportFailure(io, {
          code: ErrorCode.notFound,
          message: uncoveredMessage(year, known.customYears),
        });
      shown = known;
    }
    const human = shown.days.length
      ? `${year}年节假日安排（${sourceText[shown.source]}）\n${formatHolidayYear(year, shown.days)}`
      : `${year}年没有放假或调休安排（${sourceText[shown.source]}）。`;
    io.result({ ok: true, year, source: shown.source, days: shown.days }, human);
    return EXIT_OK;
  },
};
