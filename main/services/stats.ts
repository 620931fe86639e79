import { sql } from 'kysely';
import { nextDay } from '../../db/time';
import {
  ACTIVITY_TYPES,
  PLAN_STATUSES,
  RECEPTION_CHANNELS,
  SATISFACTION_LEVELS,
  type ParsedInput,
  type StatFigure,
  type StationStats,
} from '../api/contract';
import type { ServiceContext } from './context';
import { dutyAttendance } from './duty-attendance';
import { HANDED_OVER, todayAt } from './receptions';

/**
 * The county's figures for a period (DOMAIN.md "What goes up to the county"): each with its
 * definition, so the statistics page, `station-desk stats` and the ledger's summary sheet all
 * say the same thing the same way.
 *
 * The reception log may hold a million rows, so everything is counted in SQL from indexes
 * alone, each a range per group (no row is read, nothing is sorted): the headline figures and
 * the months from receptions_received, channels from receptions_channel, categories from
 * receptions_category, 已办结/已反馈 and the verdicts from receptions_status (migration 0006
 * widened the last three for this). The activity tables are small (a few hundred rows a year).
 *
 * `link` is a hash route (no leading '#') to the records behind a figure; its query string is
 * built with URLSearchParams (values percent-encoded, lists comma-separated):
 *   /receptions?from=F&to=T[&disposition=A,B…][&status=A,B…][&overdue=1]
 *   /duty?tab=attendance&from=F&to=T
 *   /activities?from=F&to=T
 *   /activities?tab=plan&year=YYYY          (the year of `from`)
 */

type Group = StatFigure['group'];
type PlanStatus = (typeof PLAN_STATUSES)[number];

/** A rate 0–100 with one decimal; null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part * 1000) / whole) / 10 : null;
}

const route = (path: string, params: Record<string, string>) =>
  `${path}?${new URLSearchParams(params).toString()}`;

/** The calendar months (YYYY-MM) the period touches, in order. */
export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    out.push(month);
    if (month >= last) return out;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
}

interface MonthRow {
  month: string;
  batches: number;
  persons: number;
  onTheSpot: number;
  notAccepted: number;
  handedOver: number;
  overdue: number;
}
const MONTH_SUMS = ['batches', 'persons', 'onTheSpot', 'notAccepted', 'handedOver', 'overdue'] as const;

/**
 * The reception figures per month of the period: one UNION ALL branch per month, each reading
 * its slice of receptions_received alone (the index holds every column named), so there is
 * no sort of the period's rows as a GROUP BY on the month would need. Each expression costs
 * every row of the period, so they are few and `count(*) FILTER` (measured about twice as fast
 * as `sum(condition)`); closed and answered come from receptionVerdictsStatement. Exported for EXPLAIN.
 */
export function receptionMonthsStatement(from: string, to: string, today: string) {
  const handed = sql.join(HANDED_OVER.map((d) => sql.lit(d)));
  const months = monthsOf(from, to);
  const branches = months.map((month, i) => {
    const start = i === 0 ? from : `${month}-01`;
    const end = i === months.length - 1 ? nextDay(to) : `${months[i + 1]!}-01`;
    return sql`SELECT ${month} AS month,
        count(*) AS batches,
        coalesce(sum(persons), 0) AS persons,
        count(*) FILTER (WHERE disposition = '当场答复') AS onTheSpot,
        count(*) FILTER (WHERE disposition = '不予受理') AS notAccepted,
        count(*) FILTER (WHERE disposition IN (${handed})) AS handedOver,
        count(*) FILTER (WHERE status = '办理中' AND deadline <> '' AND deadline < ${today}) AS overdue
      FROM receptions INDEXED BY receptions_received
      WHERE deleted_at IS NULL AND received_at >= ${start} AND received_at < ${end}`;
  });
  return sql<MonthRow>`${sql.join(branches, sql` UNION ALL `)}`;
}

interface CountRow {
  key: string;
  batches: number;
  persons: number;
}

/**
 * Batches and persons per channel: one UNION ALL branch per channel, each a range of
 * receptions_channel (channel, received_at, persons) read from the index alone. Exported for EXPLAIN.
 */
export function receptionChannelsStatement(from: string, to: string) {
  const end = nextDay(to);
  const branches = RECEPTION_CHANNELS.map(
    (channel) => sql`SELECT ${channel} AS key, count(*) AS batches, coalesce(sum(persons), 0) AS persons
      FROM receptions INDEXED BY receptions_channel
      WHERE deleted_at IS NULL AND channel = ${channel} AND received_at >= ${from} AND received_at < ${end}`,
  );
  return sql<CountRow>`${sql.join(branches, sql` UNION ALL `)}`;
}

/**
 * The categories in the live log, in order, without reading it all: each step seeks the next
 * category after the previous one in receptions_category (a handful of seeks). Exported for EXPLAIN.
 */
export function receptionCategoriesStatement() {
  return sql<{ category: string }>`WITH RECURSIVE c(category) AS (
      SELECT min(category) FROM receptions INDEXED BY receptions_category WHERE deleted_at IS NULL
      UNION ALL
      SELECT (SELECT min(category) FROM receptions INDEXED BY receptions_category
          WHERE deleted_at IS NULL AND category > c.category)
        FROM c WHERE c.category IS NOT NULL
    )
    SELECT category FROM c WHERE category IS NOT NULL`;
}

/**
 * Batches and persons per category: one branch per category, each a range of
 * receptions_category (category, received_at, persons) read from the index alone. Exported for EXPLAIN.
 */
export function receptionCategoryCountsStatement(categories: readonly string[], from: string, to: string) {
  const end = nextDay(to);
  const branches = categories.map(
    (category) => sql`SELECT ${category} AS key, count(*) AS batches, coalesce(sum(persons), 0) AS persons
      FROM receptions INDEXED BY receptions_category
      WHERE deleted_at IS NULL AND category = ${category} AND received_at >= ${from} AND received_at < ${end}`,
  );
  return sql<CountRow>`${sql.join(branches, sql` UNION ALL `)}`;
}

interface VerdictRow {
  /** Receptions of the period now 已反馈, and 已办结. */
  answered: number;
  finished: number;
  /** The answered by verdict: 满意, 基本满意, 不满意 (the rest are 未表态). */
  s1: number;
  s2: number;
  s3: number;
}

/**
 * The period's answered receptions by verdict, and its 已办结 count: ranges of receptions_status
 * (status, received_at, satisfaction) read from the index alone. Exported for EXPLAIN.
 */
export function receptionVerdictsStatement(from: string, to: string) {
  const end = nextDay(to);
  return sql<VerdictRow>`SELECT count(*) AS answered,
      count(*) FILTER (WHERE satisfaction = '满意') AS s1,
      count(*) FILTER (WHERE satisfaction = '基本满意') AS s2,
      count(*) FILTER (WHERE satisfaction = '不满意') AS s3,
      (SELECT count(*) FROM receptions INDEXED BY receptions_status
        WHERE deleted_at IS NULL AND status = '已办结' AND received_at >= ${from} AND received_at < ${end}) AS finished
    FROM receptions INDEXED BY receptions_status
    WHERE deleted_at IS NULL AND status = '已反馈' AND received_at >= ${from} AND received_at < ${end}`;
}

export async function stationStats(
  ctx: ServiceContext,
  input: ParsedInput<'stats.get'>,
): Promise<StationStats> {
  const { from, to } = input;
  const today = todayAt(ctx);
  const db = ctx.db;

  // --- Receptions ---
  const monthRows = (await receptionMonthsStatement(from, to, today).execute(db)).rows;
  const totals = Object.fromEntries(MONTH_SUMS.map((k) => [k, 0])) as Record<
    (typeof MONTH_SUMS)[number],
    number
  >;
  for (const r of monthRows) for (const k of MONTH_SUMS) totals[k] += Number(r[k]);
  const receptionsByMonth = monthRows.map((r) => ({
    month: r.month,
    batches: Number(r.batches),
    persons: Number(r.persons),
  }));

  const byChannel = new Map(
    (await receptionChannelsStatement(from, to).execute(db)).rows.map((r) => [
      r.key,
      { batches: Number(r.batches), persons: Number(r.persons) },
    ]),
  );
  const receptionsByChannel = RECEPTION_CHANNELS.map((channel) => ({
    channel,
    ...(byChannel.get(channel) ?? { batches: 0, persons: 0 }),
  }));
  const categories = (await receptionCategoriesStatement().execute(db)).rows.map((r) => r.category);
  const categoryRows = categories.length
    ? (await receptionCategoryCountsStatement(categories, from, to).execute(db)).rows
    : [];
  const receptionsByCategory = categoryRows
    .map((r) => ({ category: r.key, batches: Number(r.batches), persons: Number(r.persons) }))
    .filter((c) => c.batches > 0)
    .sort((a, b) => b.batches - a.batches || a.category.localeCompare(b.category, 'zh-CN'));
  const v = (await receptionVerdictsStatement(from, to).execute(db)).rows[0]!;
  const answered = Number(v.answered);
  const closed = answered + Number(v.finished);
  const [s1, s2, s3] = [v.s1, v.s2, v.s3].map(Number) as [number, number, number];
  // Any other value (normally '') is 未表态.
  const verdicts = [s1, s2, s3, answered - s1 - s2 - s3];
  const satisfaction = SATISFACTION_LEVELS.map((level, i) => ({ level, count: verdicts[i]! }));
  // The verdicts given (满意, 基本满意, 不满意); 未表态 is left out of the divisor.
  const satisfied = verdicts[0]! + verdicts[1]!;
  const expressed = satisfied + verdicts[2]!;

  // --- Duty ---
  const duty = await dutyAttendance(ctx, { from, to });

  // --- Activities ---
  const held = await sql<{ type: string; n: number }>`SELECT type, count(*) AS n FROM activities
    WHERE deleted_at IS NULL AND date >= ${from} AND date <= ${to} GROUP BY type`.execute(db);
  const heldBy = new Map(held.rows.map((r) => [r.type, Number(r.n)]));

  // A plan item is in the period when its month is one the period touches.
  const fromYm = Number(from.slice(0, 4)) * 100 + Number(from.slice(5, 7));
  const toYm = Number(to.slice(0, 4)) * 100 + Number(to.slice(5, 7));
  const planRows = await sql<{ type: string; status: string; done: number; n: number }>`
    SELECT p.type, p.status,
      EXISTS (SELECT 1 FROM activities a WHERE a.plan_item_id = p.id
        AND a.deleted_at IS NULL AND a.plan_item_id IS NOT NULL) AS done,
      count(*) AS n
    FROM plan_items p
    WHERE p.deleted_at IS NULL AND p.year >= ${Math.floor(fromYm / 100)} AND p.year <= ${Math.floor(toYm / 100)}
      AND p.year * 100 + p.month >= ${fromYm} AND p.year * 100 + p.month <= ${toYm}
    GROUP BY p.type, p.status, done`.execute(db);
  const plan = Object.fromEntries(PLAN_STATUSES.map((s) => [s, 0])) as Record<PlanStatus, number>;
  const plannedBy = new Map<string, number>();
  for (const r of planRows.rows) {
    const n = Number(r.n);
    // 已完成 is derived from a live linked activity; otherwise what the clerk set.
    const status: PlanStatus = Number(r.done) ? '已完成' : (r.status as PlanStatus);
    plan[status] = (plan[status] ?? 0) + n;
    plannedBy.set(r.type, (plannedBy.get(r.type) ?? 0) + n);
  }
  const planned = Object.values(plan).reduce((a, b) => a + b, 0);
  const activitiesByType = ACTIVITY_TYPES.map((type) => ({
    type,
    held: heldBy.get(type) ?? 0,
    planned: plannedBy.get(type) ?? 0,
  }));
  const activitiesHeld = activitiesByType.reduce((a, t) => a + t.held, 0);

  // Every deputy in office (zeros allowed) and anyone else on a list in the period.
  const part = await sql<{ id: string; name: string; present: number; leave: number; absent: number }>`
    WITH f AS (
      SELECT p.deputy_id,
        sum(p.attendance = '出席') AS present,
        sum(p.attendance = '请假') AS leave,
        sum(p.attendance = '缺席') AS absent
      FROM activities a
      JOIN activity_participants p ON p.activity_id = a.id AND p.deleted_at IS NULL
      WHERE a.deleted_at IS NULL AND a.date >= ${from} AND a.date <= ${to}
      GROUP BY p.deputy_id
    )
    SELECT d.id, d.name, coalesce(f.present, 0) AS present, coalesce(f.leave, 0) AS leave,
      coalesce(f.absent, 0) AS absent
    FROM deputies d LEFT JOIN f ON f.deputy_id = d.id
    WHERE (d.deleted_at IS NULL AND d.status = '在任') OR f.deputy_id IS NOT NULL
    ORDER BY d.name_pinyin, d.id`.execute(db);
  let present = 0;
  let invited = 0;
  const participation = part.rows.map((r) => {
    const c = { present: Number(r.present), leave: Number(r.leave), absent: Number(r.absent) };
    const all = c.present + c.leave + c.absent;
    present += c.present;
    invited += all;
    return { deputyId: r.id, name: r.name, ...c, rate: percent(c.present, all) };
  });

  // --- Figures ---
  const period = { from, to };
  const receptions = (extra: Record<string, string> = {}) => route('/receptions', { ...period, ...extra });
  const answeredLink = receptions({ status: '已反馈' });
  const activitiesLink = route('/activities', period);
  const planLink = route('/activities', { tab: 'plan', year: from.slice(0, 4) });
  const dutyLink = route('/duty', { tab: 'attendance', ...period });
  const t = duty.totals;

  const fig = (
    group: Group,
    key: string,
    label: string,
    value: number | null,
    unit: string,
    definition: string,
    link: string | null,
  ): StatFigure => ({ key, group, label, value, unit, definition, link });

  const figures: StatFigure[] = [
    fig(
      '接待',
      'receptions.batches',
      '接待批次',
      totals.batches,
      '批',
      '期间内登记的接待记录条数，一次来访（不论几人）算一批；作废的不计。',
      receptions(),
    ),
    fig(
      '接待',
      'receptions.persons',
      '接待人次',
      totals.persons,
      '人次',
      '期间内各批接待的来访人数之和（集体来访按实际人数计）；作废的不计。',
      receptions(),
    ),
    fig(
      '办理',
      'receptions.onTheSpot',
      '当场答复',
      totals.onTheSpot,
      '件',
      '期间内登记、办理方式为“当场答复”的接待件数。',
      receptions({ disposition: '当场答复' }),
    ),
    fig(
      '办理',
      'receptions.notAccepted',
      '不予受理',
      totals.notAccepted,
      '件',
      '期间内登记、办理方式为“不予受理”的接待件数。',
      receptions({ disposition: '不予受理' }),
    ),
    fig(
      '办理',
      'receptions.handedOver',
      '交办转办',
      totals.handedOver,
      '件',
      '期间内登记、办理方式为交办、转办、联合接待或转为代表建议的接待件数。',
      receptions({ disposition: HANDED_OVER.join(',') }),
    ),
    fig(
      '办理',
      'receptions.closed',
      '已办结',
      closed,
      '件',
      '期间内登记、目前状态为“已办结”或“已反馈”的接待件数。',
      receptions({ status: '已办结,已反馈' }),
    ),
    fig(
      '办理',
      'receptions.answered',
      '已反馈',
      answered,
      '件',
      '期间内登记、已把办理结果反馈给来访群众（状态为“已反馈”）的接待件数。',
      answeredLink,
    ),
    fig(
      '办理',
      'receptions.overdue',
      '逾期未办结',
      totals.overdue,
      '件',
      `期间内登记、仍在办理中且办理期限已过（截至${today}）的接待件数。`,
      receptions({ overdue: '1' }),
    ),
    fig(
      '办理',
      'receptions.answerRate',
      '回音率',
      percent(answered, totals.batches),
      '%',
      '已反馈件数 ÷ 接待批次 × 100%。没有接待时不计算。',
      answeredLink,
    ),
    fig(
      '办理',
      'receptions.satisfaction',
      '满意率',
      percent(satisfied, expressed),
      '%',
      '已反馈的接待中，群众表示“满意”和“基本满意”的件数 ÷ 表了态的件数 × 100%；未表态的不计入。没有人表态时不计算。',
      answeredLink,
    ),
    fig(
      '值班',
      'duty.assigned',
      '应到岗',
      t.assigned,
      '人次',
      '期间内已到日子的值班安排人次（当天的值班已登记后才计入）；调换给他人的不计。',
      dutyLink,
    ),
    fig('值班', 'duty.kept', '到岗', t.kept, '人次', '期间内代表实际到站值班（签到）的人次。', dutyLink),
    fig(
      '值班',
      'duty.rate',
      '进站率',
      percent(t.kept, t.assigned),
      '%',
      '到岗人次 ÷ 应到岗人次 × 100%。没有应到岗时不计算。',
      dutyLink,
    ),
    fig(
      '活动',
      'activities.held',
      '开展活动',
      activitiesHeld,
      '次',
      '期间内记录的代表活动次数（按活动日期）；删除的不计。',
      activitiesLink,
    ),
    fig(
      '活动',
      'activities.planned',
      '计划项目',
      planned,
      '项',
      '年度活动计划中安排在期间所涉月份的项目数（含已取消、延期的）。',
      planLink,
    ),
    fig(
      '活动',
      'activities.planDone',
      '按计划完成',
      plan['已完成'],
      '项',
      '上述计划项目中已有活动记录与之关联（已完成）的项目数。',
      planLink,
    ),
    fig(
      '活动',
      'activities.planRate',
      '计划完成率',
      percent(plan['已完成'], planned - plan['取消']),
      '%',
      '按计划完成项目数 ÷（计划项目数 − 已取消项目数）× 100%。没有应完成的项目时不计算。',
      planLink,
    ),
    fig(
      '活动',
      'activities.deputyTimes',
      '代表参加人次',
      present,
      '人次',
      '期间内各次活动中出席的代表人次之和（请假、缺席的不计）。',
      activitiesLink,
    ),
    fig(
      '活动',
      'activities.participation',
      '代表出席率',
      percent(present, invited),
      '%',
      '出席人次 ÷ 活动通知的代表人次（出席＋请假＋缺席）× 100%。没有活动通知代表时不计算。',
      activitiesLink,
    ),
  ];

  return {
    from,
    to,
    today,
    figures,
    receptionsByMonth,
    receptionsByChannel,
    receptionsByCategory,
    satisfaction,
    duty,
    activitiesByType,
    plan,
    participation,
  };
}
