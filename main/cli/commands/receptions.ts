import type { CallOutput, ReceptionListItem } from '../../api/contract';
import { ErrorCode } from '../../api/errors';
import { dispatch } from '../../api/router';
import {
  EXIT_OK,
  UsageError,
  parsePositiveInt,
  reportFailure,
  requireString,
  type Command,
} from '../command';
import { withStation } from '../station';

/** Display width in a terminal: CJK and full-width characters take two columns. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd)
        ? 2
        : 1;
  }
  return w;
}

function fit(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

/** An aligned table: each column as wide as its widest cell (capped), two spaces between. */
export function formatTable(header: string[], rows: string[][], caps: number[]): string {
  const cells = rows.map((r) => r.map((c, i) => fit(c, caps[i] ?? 40)));
  const widths = header.map((h, i) =>
    Math.max(displayWidth(h), ...cells.map((r) => displayWidth(r[i] ?? ''))),
  );
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...cells.map(line)].join('\n');
}

const HEADER = ['编号', '日期', '方式', '类别', '标题', '来访人', '电话', '状态'];
const CAPS = [9, 10, 4, 8, 30, 16, 13, 16];

function row(item: ReceptionListItem): string[] {
  return [
    item.number,
    item.receivedAt.slice(0, 10),
    item.channel,
    item.category,
    item.title,
    item.visitorNames,
    // Already masked by the API (138****5678); the detail page is the one place for the full number.
    item.visitorPhone || '—',
    item.overdueDays > 0 ? `${item.status} 逾期${item.overdueDays}天` : item.status,
  ];
}

export function totalLine(total: number, capped: boolean, shown: number): string {
  const all = capped ? `${total} 条以上` : `共 ${total} 条`;
  return shown < total || capped ? `${all}，显示最新的 ${shown} 条` : all;
}

export const receptionsCommand: Command = {
  name: 'receptions',
  summary: 'list the reception log (接待登记簿), searched and filtered, phones masked',
  usage: [
    'station-desk receptions list --data DIR [--q TEXT] [--status S] [--from DATE --to DATE]',
    '       [--channel C] [--category C] [--overdue] [--limit N] [--json]',
    '',
    '--q        words from the title or the matter (two or more characters), a visitor’s name,',
    '           its pinyin or initials, or a full phone number',
    '--status   登记, 办理中, 已办结 or 已反馈',
    '--from/--to  dates of the visit, YYYY-MM-DD (both included)',
    '--channel  来访, 电话, 信件, 网络 or 走访;  --category  one of the station’s categories',
    '--overdue  only matters past their deadline;  --limit N  newest N (default 50, at most 1000)',
    '',
    'Newest first. Visitors’ phones are masked (138****5678); confidential visitors appear as 王某.',
    'Exit 0 when the list was read (even if empty), 1 when it could not be, 2 on bad options.',
  ].join('\n'),
  options: {
    data: { type: 'string' },
    q: { type: 'string' },
    status: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    channel: { type: 'string' },
    category: { type: 'string' },
    overdue: { type: 'boolean' },
    limit: { type: 'string' },
  },
  async run(values, positionals, io) {
    const [action, ...extra] = positionals;
    if (action !== 'list')
      throw new UsageError(action ? `unknown action "${action}" (list)` : 'missing action: list');
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const dataDir = requireString(values, 'data');
    const limit = parsePositiveInt(values.limit, 'limit', 50);
    const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
    const input = {
      q: str('q') ?? '',
      status: str('status'),
      from: str('from'),
      to: str('to'),
      channel: str('channel'),
      category: str('category'),
      overdue: values.overdue === true,
      pageSize: limit,
    };
    // Validation is the API's own (the same Chinese messages as the form): a bad value is a usage error.
    const result = await withStation(dataDir, { create: false }, (ctx) =>
      dispatch('receptions.list', input, ctx),
    );
    if (!result.ok) {
      if (result.error.code === ErrorCode.validation) throw new UsageError(result.error.message);
      return reportFailure(io, result.error);
    }
    const { items, total, totalCapped } = result.value as CallOutput<'receptions.list'>;
    const human = items.length
      ? `${formatTable(HEADER, items.map(row), CAPS)}\n\n${totalLine(total, totalCapped, items.length)}`
      : '没有符合条件的接待登记。';
    io.result({ ok: true, total, totalCapped, items }, human);
    return EXIT_OK;
  },
};
