import { insertSynced } from '../../db/changes';
import { uuidv7 } from '../../db/ids';
import { activityInput, type ActivityType } from '../api/contract';
import { endOfMonth, insertActivity } from './activities';
import { writeTransaction, type ServiceContext } from './context';
import { todayAt } from './receptions';
import type { Seeder, SeedReport } from './seed';
import { seededRandom } from './seeded-random';

/**
 * `station-desk seed --activity-years 3`: each of the last N years up to this one gets an annual
 * plan of 12–20 items across the months and the activities that carried it out — most past items
 * done (an activity linked), some cancelled or postponed with a reason, a few activities outside
 * the plan, and a 述职 (sometimes two) with the voters' ratings. Participants are in-office
 * deputies, mostly 出席, some 请假 or 缺席. Nothing is dated after today.
 *
 * The rows go through insertSynced (the service's own insertActivity), one transaction a year,
 * and every activity is parsed with the contract's schema first, so its ratings add up.
 */

interface PlanTemplate {
  month: number;
  type: ActivityType;
  theme: string;
  participants: string;
  /** Always in the plan (the rest are drawn). */
  core?: boolean;
}

const PLAN_TEMPLATES: PlanTemplate[] = [
  { month: 1, type: '集中学习', theme: '学习传达县人代会精神', participants: '全体进站代表', core: true },
  { month: 2, type: '代表小组活动', theme: '讨论制定本年度代表小组活动计划', participants: '各代表小组' },
  { month: 3, type: '视察', theme: '春耕备耕和农资供应情况视察', participants: '第一代表小组' },
  { month: 3, type: '培训', theme: '代表履职能力培训', participants: '全体进站代表', core: true },
  { month: 4, type: '专题调研', theme: '农村人居环境整治专题调研', participants: '第二代表小组' },
  { month: 4, type: '其他', theme: '代表联络站开放日', participants: '进站代表、选民代表' },
  { month: 5, type: '执法检查', theme: '《食品安全法》贯彻实施情况执法检查', participants: '县、镇人大代表' },
  { month: 5, type: '联系群众', theme: '“代表进村入户”走访选民', participants: '全体进站代表', core: true },
  { month: 6, type: '集中学习', theme: '学习代表法和地方组织法', participants: '全体进站代表' },
  { month: 6, type: '视察', theme: '防汛防台准备工作视察', participants: '第三代表小组', core: true },
  { month: 7, type: '主题活动', theme: '“人大代表在行动”主题活动', participants: '全体进站代表' },
  { month: 7, type: '述职', theme: '县人大代表向原选区选民述职', participants: '县人大代表' },
  { month: 8, type: '专题调研', theme: '特色茶叶产业发展专题调研', participants: '第一代表小组' },
  { month: 9, type: '视察', theme: '民生实事项目推进情况视察', participants: '全体进站代表', core: true },
  { month: 9, type: '代表小组活动', theme: '代表小组集中接待选民', participants: '各代表小组' },
  { month: 10, type: '执法检查', theme: '《安全生产法》执法检查', participants: '县、镇人大代表' },
  { month: 11, type: '联系群众', theme: '走访慰问困难群众', participants: '第二代表小组' },
  { month: 11, type: '培训', theme: '基层人大工作业务培训', participants: '联络员、进站代表' },
  { month: 12, type: '述职', theme: '镇人大代表向选民述职评议', participants: '全体进站代表', core: true },
  { month: 12, type: '集中学习', theme: '年度履职工作总结交流', participants: '全体进站代表', core: true },
];

/** Activities outside the plan, as they come up in a year. */
const UNPLANNED: { type: ActivityType; theme: string }[] = [
  { type: '联系群众', theme: '回访反映道路积水问题的选民' },
  { type: '其他', theme: '参与镇村环境卫生大检查' },
  { type: '代表小组活动', theme: '代表小组讨论镇政府工作报告征求意见稿' },
  { type: '联系群众', theme: '到敬老院听取老人意见' },
  { type: '视察', theme: '察看新建村级文化礼堂' },
];

const PLACES: Record<ActivityType, string[]> = {
  集中学习: ['联络站会议室', '镇人大会议室'],
  视察: ['桃源村', '柳溪村', '镇工业园区', '青石村', '镇中心小学'],
  专题调研: ['白沙村茶叶合作社', '下湾村', '东岭村'],
  执法检查: ['镇农贸市场', '镇区餐饮店', '鑫达机械厂'],
  代表小组活动: ['联络站会议室', '桃源村代表联络点'],
  培训: ['县人大培训中心', '镇人大会议室'],
  述职: ['镇人大会议室', '桃源村文化礼堂', '柳溪村村民委员会'],
  联系群众: ['桃源村', '柳溪村', '南山村', '梅林村'],
  主题活动: ['镇文化广场', '联络站'],
  其他: ['联络站', '镇政府大院'],
};

const SUMMARIES: Record<ActivityType, string> = {
  集中学习: '代表们集中学习了有关文件精神，联系本地实际交流了学习体会。',
  视察: '代表们实地察看了项目现场，听取了有关部门的情况汇报，提出了意见和建议。',
  专题调研: '通过座谈、走访和实地察看，了解了有关情况，梳理了存在的问题。',
  执法检查: '检查组听取了情况汇报，抽查了经营单位，查阅了台账资料。',
  代表小组活动: '代表小组成员围绕议题开展讨论，交流了近期履职情况。',
  培训: '邀请县人大常委会有关同志授课，讲解代表履职的方法和要求。',
  述职: '代表向到会选民报告了一年来的履职情况，现场回答了选民提问，选民进行了满意度测评。',
  联系群众: '代表们走村入户，听取群众意见，对群众反映的问题逐一登记。',
  主题活动: '围绕主题开展了形式多样的活动，代表们亮身份、作表率。',
  其他: '代表们参加活动并提出了意见建议。',
};

const OUTCOMES = [
  '形成意见建议3条，已转交镇政府办理。',
  '收集群众意见5条，已登记交办。',
  '形成调研报告1篇，报送镇人大主席团。',
  '',
  '',
];
const GUESTS = [
  '镇人大主席团有关负责同志',
  '镇农业农村办负责同志',
  '县人大常委会联络工委同志',
  '村两委干部',
  '',
];
const CANCEL_REASONS = [
  '与县人大集中活动时间冲突，并入县里活动',
  '上级工作安排调整',
  '主要内容已在其他活动中完成',
];
const POSTPONE_REASONS = ['因防汛工作推迟', '因疫情防控要求推迟', '因换届工作推迟到下季度'];
const LEAVE_NOTES = ['外出开会', '身体不适', '出差在外', '单位有紧急任务', '家中有事'];

/** Types every in-office deputy is invited to; the others take a group of 5–10. */
const EVERYONE: ActivityType[] = ['集中学习', '培训', '述职', '主题活动'];

export interface ActivitySeedOptions {
  /** The last N years up to this one (0 = none). */
  years: number;
  seed?: number;
  progress?: (message: string) => void;
}

export async function seedActivities(ctx: ServiceContext, options: ActivitySeedOptions): Promise<SeedReport> {
  const progress = options.progress ?? (() => {});
  const report: SeedReport = { name: 'activities', created: {} };
  if (options.years <= 0) return report;
  const existing = await ctx.db
    .selectFrom('plan_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) {
    progress('本站已有年度活动计划，不再生成活动示例数据');
    return report;
  }
  const deputies = (
    await ctx.db
      .selectFrom('deputies')
      .select(['id'])
      .where('deleted_at', 'is', null)
      .where('status', '=', '在任')
      .orderBy('name_pinyin')
      .orderBy('id')
      .execute()
  ).map((d) => d.id);
  if (deputies.length < 3) {
    progress('名册中在任代表不足3位，跳过活动示例数据');
    return report;
  }

  const rand = seededRandom(options.seed ?? 20261124);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const sample = <T>(list: readonly T[], n: number): T[] => {
    const pool = [...list];
    const out: T[] = [];
    while (out.length < n && pool.length) out.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]!);
    return out;
  };
  const dayIn = (year: number, month: number) =>
    `${year}-${String(month).padStart(2, '0')}-${String(between(1, Number(endOfMonth(year, month).slice(8)))).padStart(2, '0')}`;

  const today = todayAt(ctx);
  const thisYear = Number(today.slice(0, 4));
  const totals = { plan_items: 0, activities: 0, activity_participants: 0 };

  const participantsFor = (type: ActivityType) => {
    const invited = EVERYONE.includes(type)
      ? sample(
          deputies,
          between(Math.min(Math.ceil(deputies.length * 0.7), 20), Math.min(deputies.length, 30)),
        )
      : sample(deputies, Math.min(deputies.length, between(5, 10)));
    // About 85% 出席, 10% 请假, 5% 缺席.
    return invited.map((deputyId, i) => {
      const r = i === 0 ? 0 : rand();
      if (r < 0.85) return { deputyId, attendance: '出席' as const, note: '' };
      if (r < 0.95) return { deputyId, attendance: '请假' as const, note: pick(LEAVE_NOTES) };
      return { deputyId, attendance: '缺席' as const, note: '' };
    });
  };

  const activityValues = (date: string, type: ActivityType, theme: string, planItemId: string | null) => {
    const participants = participantsFor(type);
    let votersPresent: number | null = null;
    let ratings: { deputyId: string; satisfied: number; basic: number; unsatisfied: number }[] = [];
    if (type === '述职') {
      votersPresent = between(30, 80);
      const voters = votersPresent;
      const present = participants.filter((p) => p.attendance === '出席');
      ratings = sample(present, Math.min(present.length, between(3, 5))).map((p) => {
        const unsatisfied = Math.min(voters, between(0, 3));
        const basic = Math.min(voters - unsatisfied, Math.round(voters * (0.05 + rand() * 0.2)));
        return { deputyId: p.deputyId, satisfied: voters - unsatisfied - basic, basic, unsatisfied };
      });
    }
    // The contract's own checks (ratings add up, reporters among the participants).
    return activityInput.parse({
      date,
      type,
      theme,
      place: pick(PLACES[type]),
      planItemId,
      participants,
      guests: pick(GUESTS),
      summary: SUMMARIES[type],
      outcomes: pick(OUTCOMES),
      votersPresent,
      ratings,
    });
  };

  for (let year = thisYear - options.years + 1; year <= thisYear; year++) {
    // The core items, plus a draw of the rest: 12–20 items a year, in month order.
    const optional = PLAN_TEMPLATES.filter((t) => !t.core);
    const core = PLAN_TEMPLATES.filter((t) => t.core);
    const drawn = sample(optional, Math.max(0, between(12, 20) - core.length));
    const templates = [...core, ...drawn].sort((a, b) => a.month - b.month);

    const counts = await writeTransaction(ctx, async (trx, meta) => {
      let plans = 0;
      let activities = 0;
      let participants = 0;
      for (const t of templates) {
        const date = rand() < 0.4 ? dayIn(year, t.month) : '';
        const due = date || endOfMonth(year, t.month);
        const id = uuidv7();
        // Past items: mostly done, some cancelled or postponed; a few of this year's left behind.
        let status = '计划中';
        let reason = '';
        let held: string | null = null;
        if (due < today) {
          // A 述职 is never skipped: the county counts on one a year.
          const r = t.type === '述职' ? 0 : rand();
          if (r < 0.8) held = date || dayIn(year, t.month);
          else if (r < 0.88) [status, reason] = ['取消', pick(CANCEL_REASONS)];
          else if (r < 0.96 || year < thisYear) [status, reason] = ['延期', pick(POSTPONE_REASONS)];
        } else if (`${year}-${String(t.month).padStart(2, '0')}` === today.slice(0, 7) && rand() < 0.5) {
          // This month's item may already have been held, on a day that has passed.
          const day = date || dayIn(year, t.month);
          if (day <= today) held = day;
        }
        await insertSynced(
          trx,
          'plan_items',
          {
            id,
            year,
            month: t.month,
            date,
            type: t.type,
            theme: t.theme,
            responsible: pick(['站长', '副站长', '联络员', '代表小组组长']),
            participants: t.participants,
            note: '',
            status,
            status_reason: reason,
          },
          meta,
        );
        plans++;
        if (held) {
          const values = activityValues(held, t.type, t.theme, id);
          await insertActivity(trx, values, meta);
          activities++;
          participants += values.participants.length;
        }
      }
      // A few activities outside the plan, on days already past.
      for (const u of sample(UNPLANNED, between(2, 4))) {
        const day = dayIn(year, between(1, 12));
        if (day > today) continue;
        const values = activityValues(day, u.type, u.theme, null);
        await insertActivity(trx, values, meta);
        activities++;
        participants += values.participants.length;
      }
      return { plans, activities, participants };
    });
    totals.plan_items += counts.plans;
    totals.activities += counts.activities;
    totals.activity_participants += counts.participants;
    progress(`已生成${year}年活动计划 ${counts.plans} 项，活动记录 ${counts.activities} 次`);
  }
  report.created = totals;
  return report;
}

export const activitiesSeeder: Seeder = {
  name: 'activities',
  description: '年度活动计划与活动记录：学习、视察、调研、述职（含满意度测评），出席、请假与缺席',
  options: [
    { flag: 'activity-years', description: '生成最近几年（含今年）的计划和活动（0 = 不生成）', default: 3 },
  ],
  run: (ctx, sizes, progress) => seedActivities(ctx, { years: sizes['activity-years'] ?? 3, progress }),
};
