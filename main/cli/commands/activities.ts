import {
  PLAN_STATUSES,
  type ActivityListItem,
  type CallName,
  type CallOutput,
  type PlanItem,
} from '../../api/contract';
import { ErrorCode } from '../../api/errors';
import { dispatch } from '../../api/router';
import {
  EXIT_OK,
  UsageError,
  parsePositiveInt,
  reportFailure,
  requireString,
  type Command,
  type CommandIO,
  type CommandValues,
} from '../command';
import { withStation } from '../station';
import { formatTable } from './receptions';

/** `station-desk activities list` and `station-desk plan list` (DOMAIN.md §4). */

function onlyList(positionals: string[]): void {
  const [action, ...extra] = positionals;
  if (action !== 'list')
    throw new UsageError(action ? `unknown action "${action}" (list)` : 'missing action: list');
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
}

const str = (values: CommandValues, name: string) =>
  typeof values[name] === 'string' ? (values[name] as string) : undefined;

/** Calls the API on the data folder; its validation messages are usage errors (exit 2). */
async function read<N extends CallName>(
  dataDir: string,
  name: N,
  input: unknown,
  io: CommandIO,
): Promise<CallOutput<N> | number> {
  const result = await withStation(dataDir, { create: false }, (ctx) => dispatch(name, input, ctx));
  if (!result.ok) {
    if (result.error.code === ErrorCode.validation) throw new UsageError(result.error.message);
    return reportFailure(io, result.error);
  }
  return result.value as CallOutput<N>;
}

const ACTIVITY_HEADER = ['日期', '类型', '主题', '地点', '出席', '请假', '缺席', '计划项目'];
const ACTIVITY_CAPS = [10, 12, 30, 16, 4, 4, 4, 24];

function activityRow(item: ActivityListItem): string[] {
  return [
    item.date,
    item.type,
    item.theme,
    item.place,
    String(item.present),
    String(item.leave),
    String(item.absent),
    item.planTheme || '—',
  ];
}

export const activitiesCommand: Command = {
  name: 'activities',
  summary: 'the activity records (活动记录) of a period',
  usage: [
    'station-desk activities list --data DIR [--from DATE] [--to DATE] [--type T] [--limit N] [--json]',
    '',
    '--from/--to  dates of the activity, YYYY-MM-DD (both included)',
    '--type       集中学习, 视察, 专题调研, 执法检查, 代表小组活动, 培训, 述职, 联系群众, 主题活动 or 其他',
    '--limit N    newest N (default 1000, the most one call returns)',
    '',
    'Newest first, with the deputies present, on leave and absent, and the plan item carried out.',
    'Exit 0 when the list was read (even if empty), 1 when it could not be, 2 on bad options.',
  ].join('\n'),
  options: {
    data: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    type: { type: 'string' },
    limit: { type: 'string' },
  },
  async run(values, positionals, io) {
    onlyList(positionals);
    const dataDir = requireString(values, 'data');
    const limit = parsePositiveInt(values.limit, 'limit', 1000);
    const input = {
      from: str(values, 'from'),
      to: str(values, 'to'),
      type: str(values, 'type'),
      pageSize: limit,
    };
    const listed = await read(dataDir, 'activities.list', input, io);
    if (typeof listed === 'number') return listed;
    const { items, total } = listed;
    const shown = items.length < total ? `共 ${total} 次，显示最新的 ${items.length} 次` : `共 ${total} 次`;
    const human = items.length
      ? `${formatTable(ACTIVITY_HEADER, items.map(activityRow), ACTIVITY_CAPS)}\n\n${shown}`
      : '没有符合条件的活动记录。';
    io.result({ ok: true, total, items }, human);
    return EXIT_OK;
  },
};

const PLAN_HEADER = ['月份', '日期', '类型', '主题', '负责人', '状态'];
const PLAN_CAPS = [4, 10, 12, 30, 12, 120];

/** 取消 and 延期 with their reason; 计划中 past its time says so. */
export function planStatusText(item: PlanItem): string {
  if (item.statusReason) return `${item.status}（${item.statusReason}）`;
  if (item.behind) return `${item.status}（已过计划时间，尚未开展）`;
  return item.status;
}

function planRow(item: PlanItem): string[] {
  return [
    `${item.month}月`,
    item.date || '—',
    item.type,
    item.theme,
    item.responsible || '—',
    planStatusText(item),
  ];
}

export const planCommand: Command = {
  name: 'plan',
  summary: 'the annual activity plan (年度活动计划) of a year',
  usage: [
    'station-desk plan list --data DIR --year Y [--json]',
    '',
    'The year’s plan items in month order, each with its status: 已完成 when an activity record',
    'carries it out, else 计划中, 取消 or 延期 (with the reason). Then the counts by status.',
    'Exit 0 when the plan was read (even if empty), 1 when it could not be, 2 on bad options.',
  ].join('\n'),
  options: { data: { type: 'string' }, year: { type: 'string' } },
  async run(values, positionals, io) {
    onlyList(positionals);
    const dataDir = requireString(values, 'data');
    const yearText = requireString(values, 'year');
    if (!/^\d{4}$/.test(yearText.trim()))
      throw new UsageError(`--year must be a year like 2026, got "${yearText}"`);
    const listed = await read(dataDir, 'plan.list', { year: Number(yearText) }, io);
    if (typeof listed === 'number') return listed;
    const counts = PLAN_STATUSES.map((s) => `${s} ${listed.counts[s]}`).join('，');
    const human = listed.items.length
      ? `${formatTable(PLAN_HEADER, listed.items.map(planRow), PLAN_CAPS)}\n\n共 ${listed.items.length} 项：${counts}`
      : `${listed.year}年还没有活动计划。`;
    io.result({ ok: true, ...listed }, human);
    return EXIT_OK;
  },
};
