import { insertSynced } from '../../db/changes';
import { uuidv7 } from '../../db/ids';
import { daysBetween, isoInZone, localToIso } from '../../db/time';
import type { DutyRuleInput } from '../api/contract';
import { writeTransaction, type ServiceContext } from './context';
import { expandRule, rotate, type PlannedSlot, type RuleSpec } from './duty-calendar';
import { loadHolidayCalendar } from './holidays';
import { todayAt } from './receptions';
import type { Seeder, SeedReport } from './seed';
import { seededRandom } from './seeded-random';
import { addDays } from '../../db/time';

/**
 * `station-desk seed --duty-years 3`: the duty schedule a station would have kept since 1 January
 * three years ago up to the end of next month — the Wednesday reception day (two time slots)
 * and a village reception on the 15th of odd months, postponed on holidays, two deputies a slot
 * by rotation — with the attendance recorded on past slots (mostly 到岗, some 请假, 缺席 and 调换)
 * and a few deputies' leave periods.
 *
 * The plan API never writes before today, so the slots come from the same pure functions the
 * plan uses (expandRule, rotate) and are written here, through insertSynced, in one
 * transaction: some 1,400 rows for three years, each with its audit entry, so the chain verifies.
 */

type DemoRule = Required<
  Pick<
    DutyRuleInput,
    | 'name'
    | 'kind'
    | 'weekdays'
    | 'monthDays'
    | 'months'
    | 'dates'
    | 'times'
    | 'place'
    | 'deputiesPerSlot'
    | 'deputyIds'
    | 'postponeOnHoliday'
  >
>;

export const DEMO_DUTY_RULES: DemoRule[] = [
  {
    name: '每周三接待日',
    kind: '每周',
    weekdays: [3],
    monthDays: [],
    months: [],
    dates: [],
    times: [
      { start: '09:00', end: '11:30' },
      { start: '14:30', end: '17:00' },
    ],
    place: '联络站接待室',
    deputiesPerSlot: 2,
    deputyIds: [],
    postponeOnHoliday: true,
  },
  {
    name: '单月15日进村接待',
    kind: '每月',
    weekdays: [],
    monthDays: [15],
    months: [1, 3, 5, 7, 9, 11],
    dates: [],
    times: [{ start: '09:00', end: '11:30' }],
    place: '桃源村村民委员会议室',
    deputiesPerSlot: 2,
    deputyIds: [],
    postponeOnHoliday: true,
  },
];

const LEAVE_REASONS = [
  '外出开会',
  '身体不适',
  '单位有紧急任务',
  '出差在外',
  '参加县里组织的培训',
  '家中有事',
  '农忙抢收',
  '参加县人大常委会组织的视察',
];
const ABSENCE_NOTES = ['', '', '', '未请假，电话未接通', '记错了值班时间'];
const LEAVE_PERIODS = [
  { reason: '外出学习培训', days: 35 },
  { reason: '住院治疗', days: 56 },
  { reason: '赴外地挂职', days: 92 },
];

const MINUTE = 60_000;

/** The last day of the month after the one `date` is in. */
function endOfNextMonth(date: string): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  // Day 0 of the month after next is the last day of next month.
  return new Date(Date.UTC(y, m + 1, 0)).toISOString().slice(0, 10);
}

interface Slot extends PlannedSlot {
  id: string;
  ruleId: string;
  place: string;
  capacity: number;
}

interface Assignment {
  id: string;
  slot_id: string;
  deputy_id: string;
  status: string;
  signed_in_at: string | null;
  signed_out_at: string | null;
  reason: string;
  swapped_with_deputy_id: string | null;
}

export interface DutySeedOptions {
  /** Whole past years before this one (0 = no duty data). */
  years: number;
  seed?: number;
  progress?: (message: string) => void;
}

export async function seedDuty(ctx: ServiceContext, options: DutySeedOptions): Promise<SeedReport> {
  const progress = options.progress ?? (() => {});
  const report: SeedReport = { name: 'duty', created: {} };
  if (options.years <= 0) return report;
  const existing = await ctx.db
    .selectFrom('duty_rules')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) {
    progress('本站已有值班规则，不再生成值班示例数据');
    return report;
  }
  const deputies = await ctx.db
    .selectFrom('deputies')
    .select(['id', 'name', 'status', 'status_date', 'station_role'])
    .where('deleted_at', 'is', null)
    .orderBy('name_pinyin')
    .orderBy('id')
    .execute();
  const inOffice = deputies.filter((d) => d.status === '在任');
  if (inOffice.length < 2) {
    progress('名册中在任代表不足2位，跳过值班示例数据');
    return report;
  }

  const rand = seededRandom(options.seed ?? 20261123);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const tz = ctx.timeZone;
  const today = todayAt(ctx);
  const from = `${Number(today.slice(0, 4)) - options.years}-01-01`;
  const to = endOfNextMonth(today);
  const names = new Map(deputies.map((d) => [d.id, d.name]));

  // Leave periods (暂停排班) in the past, for ordinary deputies (the 站长 and the clerk stay).
  const span = daysBetween(from, today);
  // Drawn without repeats: one leave per deputy keeps the demo readable.
  const ordinary = inOffice.filter((d) => d.station_role === '进站代表');
  const leaves = LEAVE_PERIODS.slice(0, ordinary.length >= 8 ? 3 : ordinary.length >= 4 ? 2 : 0).map(
    (period) => {
      const deputy = ordinary.splice(Math.floor(rand() * ordinary.length), 1)[0]!;
      const room = Math.max(1, span - period.days - 14);
      const start = addDays(from, Math.floor(rand() * room));
      return {
        id: uuidv7(),
        deputyId: deputy.id,
        from: start,
        to: addDays(start, period.days - 1),
        reason: period.reason,
      };
    },
  );
  const onLeave = (deputyId: string, date: string) =>
    leaves.some((l) => l.deputyId === deputyId && l.from <= date && date <= l.to);
  const leftOn = new Map(
    deputies.filter((d) => d.status !== '在任').map((d) => [d.id, d.status_date || '0000-00-00']),
  );
  // In office on the day (a deputy who left served until the day before) and not on leave.
  const available = (deputyId: string, date: string) => {
    const left = leftOn.get(deputyId);
    return (left === undefined || date < left) && !onLeave(deputyId, date);
  };

  // The slots of both rules, in date and time order, as the plan would make them.
  const calendar = await loadHolidayCalendar(ctx.db, Number(from.slice(0, 4)), Number(to.slice(0, 4)) + 1);
  const rules = DEMO_DUTY_RULES.map((r) => ({ ...r, id: uuidv7() }));
  const slots: Slot[] = [];
  for (const rule of rules) {
    const spec: RuleSpec = {
      kind: rule.kind,
      weekdays: rule.weekdays,
      monthDays: rule.monthDays,
      months: rule.months,
      dates: rule.dates,
      times: rule.times,
      postponeOnHoliday: rule.postponeOnHoliday,
      startDate: from,
      endDate: '',
    };
    for (const planned of expandRule(spec, from, to, calendar))
      slots.push({
        ...planned,
        id: uuidv7(),
        ruleId: rule.id,
        place: rule.place,
        capacity: rule.deputiesPerSlot,
      });
  }
  slots.sort((a, b) => a.date.localeCompare(b.date) || a.start.localeCompare(b.start));

  // The rotation, a day at a time as the plan does (it prefers deputies not yet on that day).
  // Two rules' slots can overlap on one day (at different places): nobody holds both.
  const candidates = deputies.filter((d) => d.status === '在任' || leftOn.get(d.id)! > from).map((d) => d.id);
  const counts = new Map<string, number>();
  const lastDates = new Map<string, string>();
  const busy = new Map<string, { start: string; end: string; deputies: Set<string> }[]>();
  const overlapping = (date: string, start: string, end: string) => {
    const taken = new Set<string>();
    for (const b of busy.get(date) ?? [])
      if (b.start < end && start < b.end) for (const d of b.deputies) taken.add(d);
    return taken;
  };
  const served = (deputyId: string, date: string) => {
    counts.set(deputyId, (counts.get(deputyId) ?? 0) + 1);
    lastDates.set(deputyId, date);
  };
  // Signed in and out from the PC clock, so to the second.
  const at = (date: string, time: string, minutes: number) =>
    isoInZone(
      new Date(
        Date.parse(localToIso(`${date} ${time}`, tz)) + minutes * MINUTE + Math.floor(rand() * 60) * 1000,
      ),
      tz,
    );
  const planned = (
    slot: Slot,
    deputyId: string,
    status: string,
    reason = '',
    other: string | null = null,
  ): Assignment => ({
    id: uuidv7(),
    slot_id: slot.id,
    deputy_id: deputyId,
    status,
    signed_in_at: null,
    signed_out_at: null,
    reason,
    swapped_with_deputy_id: other,
  });
  const kept = (slot: Slot, deputyId: string, reason = ''): Assignment => ({
    ...planned(slot, deputyId, '到岗', reason),
    signed_in_at: at(slot.date, slot.start, Math.round(rand() * 30) - 15),
    signed_out_at: at(slot.date, slot.end, Math.round(rand() * 30) - 20),
  });

  const days = new Map<string, Slot[]>();
  for (const slot of slots) days.set(slot.date, [...(days.get(slot.date) ?? []), slot]);
  const assignments: Assignment[] = [];
  const swapped = new Set<string>();
  for (const [date, daySlots] of days) {
    // rotate() copies the maps it is given; the counts are carried forward by served().
    const picks = rotate(
      daySlots.map((s) => ({ date, capacity: s.capacity, fixed: [] })),
      { candidates, available, counts, lastDates },
    );
    daySlots.forEach((slot, i) => {
      const taken = overlapping(date, slot.start, slot.end);
      const chosen = (picks[i] ?? []).filter((id) => !taken.has(id));
      const onSlot = new Set(chosen);
      for (const deputyId of chosen) {
        served(deputyId, date);
        if (date >= today) {
          assignments.push(planned(slot, deputyId, '已排班'));
          continue;
        }
        // About 85% 到岗, 7% 请假, 5% 缺席, 3% 调换.
        const r = rand();
        if (r < 0.85) {
          assignments.push(kept(slot, deputyId));
          continue;
        }
        if (r >= 0.92 && r < 0.97) {
          assignments.push(planned(slot, deputyId, '缺席', pick(ABSENCE_NOTES)));
          continue;
        }
        // 调换 needs someone free then; without one the deputy asked for leave instead.
        const free =
          r >= 0.97
            ? candidates.filter((id) => !onSlot.has(id) && !taken.has(id) && available(id, date))
            : [];
        if (!free.length) {
          assignments.push(planned(slot, deputyId, '请假', pick(LEAVE_REASONS)));
          continue;
        }
        const standIn = pick(free);
        onSlot.add(standIn);
        served(standIn, date);
        // Worded as duty.swap words a stand-in, which also marks the slot changed by hand.
        assignments.push(planned(slot, deputyId, '调换', `由${names.get(standIn)}替班`, standIn));
        swapped.add(slot.id);
        assignments.push(kept(slot, standIn, `替${names.get(deputyId)}值班`));
      }
      const day = busy.get(date) ?? [];
      day.push({ start: slot.start, end: slot.end, deputies: onSlot });
      busy.set(date, day);
    });
  }

  await writeTransaction(ctx, async (trx, meta) => {
    for (const rule of rules)
      await insertSynced(
        trx,
        'duty_rules',
        {
          id: rule.id,
          name: rule.name,
          kind: rule.kind,
          spec: JSON.stringify({
            weekdays: rule.weekdays,
            monthDays: rule.monthDays,
            months: rule.months,
            dates: rule.dates,
            times: rule.times,
            deputyIds: rule.deputyIds,
          }),
          place: rule.place,
          deputies_per_slot: rule.deputiesPerSlot,
          postpone_on_holiday: rule.postponeOnHoliday ? 1 : 0,
          start_date: from,
          end_date: '',
        },
        meta,
      );
    for (const slot of slots)
      await insertSynced(
        trx,
        'duty_slots',
        {
          id: slot.id,
          rule_id: slot.ruleId,
          date: slot.date,
          planned_date: slot.plannedDate,
          moved_reason: slot.movedReason,
          start_time: slot.start,
          end_time: slot.end,
          place: slot.place,
          capacity: slot.capacity,
          hand_edited: swapped.has(slot.id) ? 1 : 0,
          note: '',
          // Past notices went up on the wall; the coming ones are the clerk's to print.
          notice_printed_at: slot.date < today ? at(addDays(slot.date, -4), '10:00', 0) : null,
        },
        meta,
      );
    for (const a of assignments) await insertSynced(trx, 'duty_assignments', a, meta);
    for (const l of leaves)
      await insertSynced(
        trx,
        'duty_leaves',
        { id: l.id, deputy_id: l.deputyId, from_date: l.from, to_date: l.to, reason: l.reason },
        meta,
      );
  });

  report.created = {
    duty_rules: rules.length,
    duty_slots: slots.length,
    duty_assignments: assignments.length,
    duty_leaves: leaves.length,
  };
  progress(
    `已生成值班：${rules.length} 条规则，${slots.length} 个值班，${assignments.length} 人次（${from} 至 ${to}）`,
  );
  return report;
}

export const dutySeeder: Seeder = {
  name: 'duty',
  description: '值班排班：每周三接待日和单月15日进村接待，往年的到岗、请假、缺席与调换',
  options: [{ flag: 'duty-years', description: '生成往前几年的值班（0 = 不生成）', default: 3 }],
  run: (ctx, sizes, progress) => seedDuty(ctx, { years: sizes['duty-years'] ?? 3, progress }),
};
