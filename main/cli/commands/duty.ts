import type { AttendanceFigures, CallName, CallOutput, DutyPlanResult, DutySlot } from '../../api/contract';
import { dispatch } from '../../api/router';
import {
  EXIT_OK,
  UsageError,
  reportFailure,
  requireString,
  type Command,
  type CommandValues,
} from '../command';
import { withStation } from '../station';
import { formatTable } from './receptions';

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const weekdayOf = (date: string) => WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
const slotText = (s: { date: string; start: string; end: string; place: string }) =>
  `${s.date}（${weekdayOf(s.date)}）${s.start}–${s.end} ${s.place}`;

/** Lists longer than this are cut in the human output (the JSON has them all). */
const SHOWN = 20;

function listed<T>(items: T[], line: (item: T) => string): string[] {
  const lines = items.slice(0, SHOWN).map((i) => `  ${line(i)}`);
  if (items.length > SHOWN) lines.push(`  ……另有 ${items.length - SHOWN} 个`);
  return lines;
}

export function formatPlan(result: DutyPlanResult, dryRun: boolean, from: string, to: string): string {
  const lines = [
    `${dryRun ? '排班预览（未写入）' : '已生成排班'}：${from} 至 ${to}`,
    `新增 ${result.created.length}，调整 ${result.moved.length}，删除 ${result.removed.length}，` +
      `未变 ${result.unchanged}，跳过的过去值班 ${result.pastSkipped}，排入代表 ${result.assigned} 人次`,
  ];
  if (result.moved.length) {
    lines.push(dryRun ? '将调整日期：' : '调整了日期：');
    lines.push(...listed(result.moved, (m) => `${m.fromDate} → ${slotText(m)}`));
  }
  if (result.removed.length) {
    lines.push(dryRun ? '将删除：' : '删除了：');
    lines.push(...listed(result.removed, slotText));
  }
  if (result.warnings.length) {
    lines.push('请注意：');
    lines.push(...listed(result.warnings, (w) => w));
  }
  if (result.keptEdited.length) {
    lines.push(`以下 ${result.keptEdited.length} 个值班曾手工调整过，${dryRun ? '将保持' : '已保持'}原样：`);
    lines.push(...listed(result.keptEdited, slotText));
    lines.push('如要按规则重新生成这些值班，请加 --overwrite-edited 再运行一次。');
  }
  return lines.join('\n');
}

function deputiesText(slot: DutySlot): string {
  if (!slot.assignments.length) return '（未排代表）';
  return slot.assignments
    .map((a) => {
      if (a.status === '已排班') return a.deputyName;
      if (a.status === '调换')
        return `${a.deputyName}（调换${a.swappedWith ? `给${a.swappedWith.deputyName}` : ''}）`;
      if (a.status === '到岗' && a.signedInAt) return `${a.deputyName}（到岗 ${a.signedInAt.slice(11, 16)}）`;
      return `${a.deputyName}（${a.status}）`;
    })
    .join('、');
}

export function formatSlots(slots: DutySlot[]): string {
  if (!slots.length) return '这段时间没有值班安排。';
  const rows = slots.map((s) => [
    s.date,
    weekdayOf(s.date),
    `${s.start}–${s.end}`,
    s.place,
    deputiesText(s) + (s.movedReason ? `  〔${s.movedReason}，原定${s.plannedDate}〕` : ''),
  ]);
  return `${formatTable(['日期', '星期', '时段', '地点', '值班代表'], rows, [10, 4, 11, 16, 200])}\n\n共 ${slots.length} 个值班`;
}

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

const figureCells = (f: AttendanceFigures) => [
  String(f.assigned),
  String(f.kept),
  String(f.leave),
  String(f.absent),
  String(f.unrecorded),
  percent(f.rate),
];

export function formatAttendance(value: CallOutput<'duty.attendance'>): string {
  const header = ['代表', '应到', '到岗', '请假', '缺席', '未登记', '进站率'];
  const rows = value.deputies.map((d) => [d.name, ...figureCells(d)]);
  rows.push(['合计', ...figureCells(value.totals)]);
  const t = value.totals;
  const notes = [
    `${value.from} 至 ${value.to}；进站率 = 到岗 ÷ 应到（调换给他人的不计入应到）`,
    t.swappedOut ? `调换 ${t.swappedOut} 人次` : '',
    t.upcoming ? `之后已排 ${t.upcoming} 人次` : '',
  ].filter(Boolean);
  return `${formatTable(header, rows, [12, 6, 6, 6, 6, 6, 8])}\n\n${notes.join('；')}`;
}

const str = (values: CommandValues, name: string) =>
  typeof values[name] === 'string' ? (values[name] as string) : undefined;

export const dutyCommand: Command = {
  name: 'duty',
  summary: 'plan the duty schedule (值班排班) from the rules, list slots, attendance figures (进站率)',
  usage: [
    'station-desk duty plan --data DIR --from DATE --to DATE [--rule ID] [--overwrite-edited]',
    '       [--reassign] [--dry-run] [--json]',
    '       station-desk duty list --data DIR --from DATE --to DATE [--deputy ID] [--json]',
    '       station-desk duty attendance --data DIR --from DATE --to DATE [--deputy ID] [--json]',
    '',
    'plan        generates the slots of the range from the rules (节假日顺延) and fills them by',
    '            rotation. Slots before today are never touched; slots changed by hand are left',
    '            alone unless --overwrite-edited. --reassign re-runs the rotation for future',
    '            unedited slots; --rule ID plans one rule only; --dry-run shows what would change.',
    'list        the slots with their deputies and attendance (one deputy’s with --deputy).',
    'attendance  per deputy: 应到, 到岗, 请假, 缺席, 未登记 and 进站率, and the station’s totals.',
    '',
    'Dates are YYYY-MM-DD, both included. Exit 0 on success, 1 when the station refuses',
    '(the Chinese message says why), 2 on bad options.',
  ].join('\n'),
  options: {
    data: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    rule: { type: 'string' },
    deputy: { type: 'string' },
    'overwrite-edited': { type: 'boolean' },
    reassign: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
  },
  async run(values, positionals, io) {
    const [action, ...extra] = positionals;
    const actions = ['plan', 'list', 'attendance'];
    if (!action || !actions.includes(action))
      throw new UsageError(
        action
          ? `unknown action "${action}" (${actions.join(', ')})`
          : `missing action: ${actions.join(', ')}`,
      );
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const dataDir = requireString(values, 'data');
    const from = requireString(values, 'from');
    const to = requireString(values, 'to');
    const planOnly = ['rule', 'overwrite-edited', 'reassign', 'dry-run'];
    if (action !== 'plan')
      for (const flag of planOnly)
        if (values[flag] !== undefined) throw new UsageError(`--${flag} is for duty plan only`);
    if (action === 'plan' && values.deputy !== undefined)
      throw new UsageError('--deputy is for duty list and duty attendance');

    const dryRun = values['dry-run'] === true;
    const [name, input]: [CallName, object] =
      action === 'plan'
        ? [
            dryRun ? 'duty.planPreview' : 'duty.plan',
            {
              from,
              to,
              ruleId: str(values, 'rule'),
              overwriteEdited: values['overwrite-edited'] === true,
              reassign: values.reassign === true,
            },
          ]
        : [
            action === 'list' ? 'duty.slots' : 'duty.attendance',
            { from, to, deputyId: str(values, 'deputy') },
          ];
    const result = await withStation(dataDir, { create: false }, (ctx) => dispatch(name, input, ctx));
    // The station's own refusals (a range too long, an unknown rule, dates in the wrong order)
    // are the operation failing: exit 1 with its Chinese message.
    if (!result.ok) return reportFailure(io, result.error);

    if (action === 'plan') {
      const plan = result.value as DutyPlanResult;
      io.result({ ok: true, dryRun, from, to, ...plan }, formatPlan(plan, dryRun, from, to));
    } else if (action === 'list') {
      const slots = result.value as DutySlot[];
      io.result({ ok: true, from, to, slots }, formatSlots(slots));
    } else {
      const figures = result.value as CallOutput<'duty.attendance'>;
      io.result({ ok: true, ...figures }, formatAttendance(figures));
    }
    return EXIT_OK;
  },
};
