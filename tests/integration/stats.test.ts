import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { insertSynced } from '../../db/changes';
import { uuidv7 } from '../../db/ids';
import type { CallName, DutyAttendance, ReceptionDetail, StationStats } from '../../main/api/contract';
import { dispatch } from '../../main/api/router';
import { writeTransaction } from '../../main/services/context';
import {
  receptionCategoriesStatement,
  receptionCategoryCountsStatement,
  receptionChannelsStatement,
  receptionMonthsStatement,
  receptionVerdictsStatement,
} from '../../main/services/stats';
import { displayWidth } from '../../main/cli/commands/receptions';
import { addDeputy, SAMPLE_RECEPTION } from '../helpers/receptions';
import { callOk, openTempStation } from '../helpers/station';
import { cli } from '../helpers/cli';

/**
 * The statistics (stats.get and `station-desk stats`) over a hand-built station whose every
 * figure is known. Today at the station: Wednesday 2 December 2026; the period is October
 * and November 2026.
 */

const TODAY = '2026-12-02';
const PERIOD = { from: '2026-10-01', to: '2026-11-30' };

let station: Awaited<ReturnType<typeof openTempStation>>;
const ids: Record<string, string> = {};

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(`${TODAY}T10:00:00+08:00`));
  station = await openTempStation();
  const names = ['张三', '李四', '王五', '赵六', '钱七', '孙八', '周九'];
  for (const [i, name] of names.entries())
    ids[name] = await addDeputy(station.ctx, { name, cardNumber: `QS18-000${i + 1}` });
  // 钱七 left but is on an activity's list in the period; 孙八 left and is on none.
  for (const name of ['钱七', '孙八'])
    await call('roster.setStatus', { id: ids[name], status: '辞职', effectiveDate: '2026-09-20', note: '' });
});
afterEach(async () => {
  vi.useRealTimers();
  await station.close();
});

const call = <T>(name: CallName, input: unknown): Promise<T> => callOk<T>(station.ctx, name, input);
const stats = (period: { from: string; to: string } = PERIOD) => call<StationStats>('stats.get', period);
const value = (s: StationStats, key: string) => {
  const f = s.figures.find((x) => x.key === key);
  if (!f) throw new Error(`no figure ${key}`);
  return f.value;
};
const values = (s: StationStats) => Object.fromEntries(s.figures.map((f) => [f.key, f.value]));

const register = (receivedAt: string, overrides: object = {}) =>
  call<ReceptionDetail>('receptions.create', {
    ...SAMPLE_RECEPTION,
    deputyIds: [ids['张三']],
    receivedAt,
    ...overrides,
  });
const handle = (id: string, input: object) => call<ReceptionDetail>('receptions.handle', { id, ...input });
const handOver = (id: string, disposition: string, date: string, deadline: string) =>
  handle(id, { disposition, date, unit: '莲花镇人民政府', deadline });
const visitors = (...sizes: number[]) => sizes.map((groupSize, i) => ({ name: `来访人${i + 1}`, groupSize }));

/**
 * The reception log (persons in brackets):
 *   R1 10-01 00:00 来访 交通出行 (1) 当场答复, 满意                 → 已反馈
 *   R2 10-15 电话 社会保障 (3: a group of three) 当场答复, 基本满意  → 已反馈
 *   R3 10-20 来访 交通出行 (1) 交办, deadline 11-10                 → 办理中, overdue
 *   R4 11-05 信件 社会保障 (1) 转办, deadline 12-31                 → 办理中
 *   R5 11-06 来访 城乡建设 (2: two visitors) 联合接待, replied, answered 不满意 → 已反馈
 *   R6 11-10 网络 其他 (1) 不予受理                                  → 已反馈, 未表态
 *   R7 11-12 来访 社会保障 (1) 转为代表建议, no deadline             → 办理中
 *   R8 11-20 电话 交通出行 (1) 交办, deadline 11-25, replied 11-26   → 已办结 (not overdue)
 *   R9 11-30 23:59 来访 交通出行 (1) nothing yet                     → 登记 (last day: counted)
 * Outside: 09-30 23:59 and 12-01 00:00 (登记); 10-25 voided.
 */
async function receptionLog() {
  const r1 = await register('2026-10-01 00:00');
  await handle(r1.id, {
    disposition: '当场答复',
    date: '2026-10-01',
    answer: '已讲清。',
    satisfaction: '满意',
  });
  const r2 = await register('2026-10-15 10:00', {
    channel: '电话',
    category: '社会保障',
    visitors: visitors(3),
  });
  await handle(r2.id, {
    disposition: '当场答复',
    date: '2026-10-15',
    answer: '已讲清。',
    satisfaction: '基本满意',
  });
  const r3 = await register('2026-10-20 09:00');
  await handOver(r3.id, '交办', '2026-10-21', '2026-11-10');
  const r4 = await register('2026-11-05 09:00', { channel: '信件', category: '社会保障' });
  await handOver(r4.id, '转办', '2026-11-05', '2026-12-31');
  const r5 = await register('2026-11-06 09:00', { category: '城乡建设', visitors: visitors(1, 1) });
  await handOver(r5.id, '联合接待', '2026-11-06', '2026-11-30');
  await call('receptions.reply', { id: r5.id, date: '2026-11-20', unit: '莲花镇人民政府', text: '已处理。' });
  await call('receptions.answer', {
    id: r5.id,
    date: '2026-11-21',
    method: '电话',
    text: '已告知处理结果。',
    satisfaction: '不满意',
  });
  const r6 = await register('2026-11-10 09:00', { channel: '网络', category: '其他' });
  await handle(r6.id, { disposition: '不予受理', date: '2026-11-10', referral: '已告知向法院起诉。' });
  const r7 = await register('2026-11-12 09:00', { category: '社会保障' });
  await handle(r7.id, { disposition: '转为代表建议', date: '2026-11-12', deputyId: ids['张三'] });
  const r8 = await register('2026-11-20 09:00', { channel: '电话' });
  await handOver(r8.id, '交办', '2026-11-20', '2026-11-25');
  await call('receptions.reply', { id: r8.id, date: '2026-11-26', unit: '莲花镇人民政府', text: '已修好。' });
  await register('2026-11-30 23:59');
  await register('2026-09-30 23:59');
  await register('2026-12-01 00:00');
  const voided = await register('2026-10-25 09:00', { visitors: visitors(5) });
  await call('receptions.void', { id: voided.id, reason: '重复登记' });
}

type DutyStatus = '已排班' | '到岗' | '请假' | '缺席';

/** A past duty slot as the check-in left it (the service records attendance only on today's). */
async function dutySlot(date: string, places: [string, DutyStatus][]) {
  await writeTransaction(station.ctx, async (trx, meta) => {
    const slotId = uuidv7();
    await insertSynced(
      trx,
      'duty_slots',
      {
        id: slotId,
        rule_id: null,
        date,
        planned_date: date,
        moved_reason: '',
        start_time: '09:00',
        end_time: '11:00',
        place: '联络站',
        capacity: 5,
        hand_edited: 1,
        note: '',
        notice_printed_at: null,
      },
      meta,
    );
    for (const [name, status] of places)
      await insertSynced(
        trx,
        'duty_assignments',
        {
          id: uuidv7(),
          slot_id: slotId,
          deputy_id: ids[name]!,
          status,
          signed_in_at: status === '到岗' ? `${date}T09:02:00.000+08:00` : null,
          signed_out_at: null,
          reason: '',
          swapped_with_deputy_id: null,
        },
        meta,
      );
  });
}

/** 应到 5 (张三 ×2, 李四 ×2, 王五), 到岗 3: 进站率 60%. Before and after the period: not counted. */
async function dutyBooks() {
  await dutySlot('2026-09-30', [['张三', '到岗']]);
  await dutySlot('2026-10-14', [
    ['张三', '到岗'],
    ['李四', '请假'],
  ]);
  await dutySlot('2026-11-11', [
    ['张三', '到岗'],
    ['李四', '到岗'],
    ['王五', '缺席'],
  ]);
  await dutySlot('2026-12-09', [['张三', '已排班']]);
}

// Activities and the plan are written directly (their service is being written alongside).
async function planItem(month: number, type: string, status = '计划中', options: { deleted?: boolean } = {}) {
  return writeTransaction(station.ctx, async (trx, meta) => {
    const id = uuidv7();
    await insertSynced(
      trx,
      'plan_items',
      {
        id,
        year: 2026,
        month,
        date: '',
        type,
        theme: `${month}月${type}`,
        responsible: '',
        participants: '',
        note: '',
        status,
        status_reason: status === '计划中' ? '' : '因故',
      },
      meta,
    );
    if (options.deleted)
      await trx.updateTable('plan_items').set({ deleted_at: meta.at }).where('id', '=', id).execute();
    return id;
  });
}

async function activity(
  date: string,
  type: string,
  planItemId: string | null,
  participants: [string, '出席' | '请假' | '缺席', { deleted?: boolean }?][],
  options: { deleted?: boolean } = {},
) {
  await writeTransaction(station.ctx, async (trx, meta) => {
    const id = uuidv7();
    await insertSynced(
      trx,
      'activities',
      {
        id,
        date,
        type,
        theme: `${date}${type}`,
        place: '联络站',
        plan_item_id: planItemId,
        guests: '',
        summary: '活动内容。',
        outcomes: '',
        photos: '[]',
        voters_present: null,
        ratings: '[]',
      },
      meta,
    );
    for (const [name, attendance, p] of participants) {
      const pid = uuidv7();
      await insertSynced(
        trx,
        'activity_participants',
        { id: pid, activity_id: id, deputy_id: ids[name]!, attendance, note: '' },
        meta,
      );
      if (p?.deleted)
        await trx
          .updateTable('activity_participants')
          .set({ deleted_at: meta.at })
          .where('id', '=', pid)
          .execute();
    }
    if (options.deleted)
      await trx.updateTable('activities').set({ deleted_at: meta.at }).where('id', '=', id).execute();
  });
}

/**
 * The plan of 2026 (in the period: October and November):
 *   P1 10月 集中学习  done by A1        P5 10月 联系群众  计划中
 *   P2 11月 视察      done by A2        P9 10月 视察      计划中 (its only activity was deleted)
 *   P3 11月 专题调研  取消              P4 11月 代表小组活动 延期
 *   outside: 9月 培训 (done by A3, held 10-05), 12月 述职 取消, a deleted 11月 item.
 * Activities: A1 10-10 集中学习, A2 11-15 视察, A3 10-05 培训, A4 11-30 联系群众 (last day);
 *   outside: 12-01 视察; deleted: 10-20 视察.
 */
async function activityBooks() {
  const p1 = await planItem(10, '集中学习');
  const p2 = await planItem(11, '视察');
  await planItem(11, '专题调研', '取消');
  await planItem(11, '代表小组活动', '延期');
  await planItem(10, '联系群众');
  const p6 = await planItem(9, '培训');
  await planItem(12, '述职', '取消');
  await planItem(11, '视察', '计划中', { deleted: true });
  const p9 = await planItem(10, '视察');
  await activity('2026-10-10', '集中学习', p1, [
    ['张三', '出席'],
    ['李四', '出席'],
    ['王五', '请假'],
  ]);
  await activity('2026-11-15', '视察', p2, [
    ['张三', '出席'],
    ['钱七', '出席'],
    ['赵六', '缺席'],
    ['李四', '出席', { deleted: true }],
  ]);
  await activity('2026-10-05', '培训', p6, [['张三', '请假']]);
  await activity('2026-11-30', '联系群众', null, [['王五', '出席']]);
  await activity('2026-12-01', '视察', null, [['张三', '出席']]);
  await activity('2026-10-20', '视察', p9, [['李四', '出席']], { deleted: true });
}

async function books() {
  await receptionLog();
  await dutyBooks();
  await activityBooks();
}

const FIGURE_KEYS = [
  'receptions.batches',
  'receptions.persons',
  'receptions.onTheSpot',
  'receptions.notAccepted',
  'receptions.handedOver',
  'receptions.closed',
  'receptions.answered',
  'receptions.overdue',
  'receptions.answerRate',
  'receptions.satisfaction',
  'duty.assigned',
  'duty.kept',
  'duty.rate',
  'activities.held',
  'activities.planned',
  'activities.planDone',
  'activities.planRate',
  'activities.deputyTimes',
  'activities.participation',
];

describe('stats.get over the hand-built books', () => {
  it('gives every figure its known value, in the stable order, with label, unit and definition', async () => {
    await books();
    const s = await stats();
    expect([s.from, s.to, s.today]).toEqual([PERIOD.from, PERIOD.to, TODAY]);
    expect(s.figures.map((f) => f.key)).toEqual(FIGURE_KEYS);
    expect(values(s)).toEqual({
      'receptions.batches': 9,
      'receptions.persons': 12,
      'receptions.onTheSpot': 2,
      'receptions.notAccepted': 1,
      'receptions.handedOver': 5,
      'receptions.closed': 5,
      'receptions.answered': 4,
      'receptions.overdue': 1,
      'receptions.answerRate': 44.4, // 4 ÷ 9
      'receptions.satisfaction': 66.7, // (满意 1 + 基本满意 1) ÷ 3 who said; 未表态 left out
      'duty.assigned': 5,
      'duty.kept': 3,
      'duty.rate': 60,
      'activities.held': 4,
      'activities.planned': 6,
      'activities.planDone': 2,
      'activities.planRate': 40, // 2 ÷ (6 − 1 取消)
      'activities.deputyTimes': 5,
      'activities.participation': 62.5, // 5 出席 ÷ 8 on the lists
    });
    const byKey = Object.fromEntries(s.figures.map((f) => [f.key, f]));
    expect(byKey['receptions.batches']).toMatchObject({ group: '接待', label: '接待批次', unit: '批' });
    expect(byKey['receptions.persons']).toMatchObject({ group: '接待', label: '接待人次', unit: '人次' });
    expect(byKey['receptions.handedOver']).toMatchObject({ group: '办理', label: '交办转办', unit: '件' });
    expect(byKey['receptions.answerRate']).toMatchObject({ group: '办理', label: '回音率', unit: '%' });
    expect(byKey['duty.rate']).toMatchObject({ group: '值班', label: '进站率', unit: '%' });
    expect(byKey['activities.planRate']).toMatchObject({ group: '活动', label: '计划完成率', unit: '%' });
    for (const f of s.figures) {
      expect(f.label, f.key).toMatch(/^[\u4e00-\u9fff]+$/);
      expect(f.definition, f.key).toMatch(/^[\u4e00-\u9fff].{10,}。$/);
    }
    expect(byKey['receptions.batches']!.definition).toContain('作废的不计');
    expect(byKey['receptions.overdue']!.definition).toContain(TODAY);
  });

  it('breaks the receptions down by month, channel, category and verdict', async () => {
    await books();
    const s = await stats();
    expect(s.receptionsByMonth).toEqual([
      { month: '2026-10', batches: 3, persons: 5 },
      { month: '2026-11', batches: 6, persons: 7 },
    ]);
    expect(s.receptionsByChannel).toEqual([
      { channel: '来访', batches: 5, persons: 6 },
      { channel: '电话', batches: 2, persons: 4 },
      { channel: '信件', batches: 1, persons: 1 },
      { channel: '网络', batches: 1, persons: 1 },
      { channel: '走访', batches: 0, persons: 0 },
    ]);
    // Most first; a tie by name in pinyin order (城 chéng before 其 qí, though 其 has the lower code point).
    expect(s.receptionsByCategory).toEqual([
      { category: '交通出行', batches: 4, persons: 4 },
      { category: '社会保障', batches: 3, persons: 5 },
      { category: '城乡建设', batches: 1, persons: 2 },
      { category: '其他', batches: 1, persons: 1 },
    ]);
    expect(s.satisfaction).toEqual([
      { level: '满意', count: 1 },
      { level: '基本满意', count: 1 },
      { level: '不满意', count: 1 },
      { level: '未表态', count: 1 },
    ]);
  });

  it('puts the duty attendance as duty.attendance gives it', async () => {
    await books();
    const s = await stats();
    expect(s.duty).toEqual(await call<DutyAttendance>('duty.attendance', PERIOD));
    expect(s.duty.totals).toMatchObject({ assigned: 5, kept: 3, leave: 1, absent: 1 });
  });

  it('breaks the activities down by type, plan status and deputy', async () => {
    await books();
    const s = await stats();
    const byType = Object.fromEntries(s.activitiesByType.map((t) => [t.type, [t.held, t.planned]]));
    expect(byType).toEqual({
      集中学习: [1, 1],
      视察: [1, 2],
      专题调研: [0, 1],
      执法检查: [0, 0],
      代表小组活动: [0, 1],
      培训: [1, 0],
      述职: [0, 0],
      联系群众: [1, 1],
      主题活动: [0, 0],
      其他: [0, 0],
    });
    expect(s.activitiesByType.map((t) => t.type)[0]).toBe('集中学习');
    expect(s.plan).toEqual({ 计划中: 2, 已完成: 2, 取消: 1, 延期: 1 });
    // In office (周九 never invited: rate null) and 钱七, who left but took part; not 孙八.
    // Pinyin order: lisi, qianqi, wangwu, zhangsan, zhaoliu, zhoujiu.
    expect(s.participation.map((p) => [p.name, p.present, p.leave, p.absent, p.rate])).toEqual([
      ['李四', 1, 0, 0, 100],
      ['钱七', 1, 0, 0, 100],
      ['王五', 1, 1, 0, 50],
      ['张三', 2, 1, 0, 66.7],
      ['赵六', 0, 0, 1, 0],
      ['周九', 0, 0, 0, null],
    ]);
    expect(s.participation.map((p) => p.deputyId)).toEqual(
      ['李四', '钱七', '王五', '张三', '赵六', '周九'].map((n) => ids[n]),
    );
  });

  it('links each figure to the records behind it', async () => {
    await books();
    const s = await stats();
    const link = (key: string) => s.figures.find((f) => f.key === key)!.link!;
    const query = (key: string) => {
      const [path, search] = link(key).split('?');
      return { path, ...Object.fromEntries(new URLSearchParams(search)) };
    };
    const period = { from: PERIOD.from, to: PERIOD.to };
    expect(link('receptions.batches')).toBe('/receptions?from=2026-10-01&to=2026-11-30');
    expect(query('receptions.persons')).toEqual({ path: '/receptions', ...period });
    expect(query('receptions.onTheSpot')).toEqual({
      path: '/receptions',
      ...period,
      disposition: '当场答复',
    });
    expect(query('receptions.notAccepted')).toEqual({
      path: '/receptions',
      ...period,
      disposition: '不予受理',
    });
    expect(query('receptions.handedOver')).toEqual({
      path: '/receptions',
      ...period,
      disposition: '交办,转办,联合接待,转为代表建议',
    });
    expect(query('receptions.closed')).toEqual({ path: '/receptions', ...period, status: '已办结,已反馈' });
    for (const key of ['receptions.answered', 'receptions.answerRate', 'receptions.satisfaction'])
      expect(query(key), key).toEqual({ path: '/receptions', ...period, status: '已反馈' });
    expect(query('receptions.overdue')).toEqual({ path: '/receptions', ...period, overdue: '1' });
    for (const key of ['duty.assigned', 'duty.kept', 'duty.rate'])
      expect(link(key), key).toBe('/duty?tab=attendance&from=2026-10-01&to=2026-11-30');
    for (const key of ['activities.held', 'activities.deputyTimes', 'activities.participation'])
      expect(link(key), key).toBe('/activities?from=2026-10-01&to=2026-11-30');
    for (const key of ['activities.planned', 'activities.planDone', 'activities.planRate'])
      expect(link(key), key).toBe('/activities?tab=plan&year=2026');
    // Values are percent-encoded.
    expect(link('receptions.onTheSpot')).toBe(
      `/receptions?from=2026-10-01&to=2026-11-30&disposition=${encodeURIComponent('当场答复')}`,
    );
  });
});

describe('through the activities service', () => {
  it('agrees with plan.list and activities.list on what the service writes', async () => {
    const plan = (month: number, type: string) =>
      call<{ id: string }>('plan.create', { year: 2026, month, type, theme: `${month}月${type}` });
    const record = (date: string, type: string, planItemId: string | null, who: [string, string][]) =>
      call<{ id: string }>('activities.create', {
        date,
        type,
        theme: `${date}${type}`,
        place: '联络站',
        planItemId,
        summary: '活动内容。',
        participants: who.map(([name, attendance]) => ({ deputyId: ids[name], attendance })),
      });
    const study = await plan(10, '集中学习');
    const visit = await plan(11, '视察');
    const survey = await plan(11, '专题调研');
    await plan(11, '联系群众');
    await call('plan.setStatus', { id: survey.id, status: '取消', reason: '与县人大视察时间冲突' });
    await record('2026-10-12', '集中学习', study.id, [
      ['张三', '出席'],
      ['李四', '请假'],
    ]);
    const gone = await record('2026-11-03', '视察', visit.id, [['王五', '出席']]);
    await call('activities.delete', { id: gone.id });
    await record('2026-11-18', '其他', null, [
      ['张三', '出席'],
      ['赵六', '缺席'],
    ]);

    const s = await stats();
    expect(values(s)).toMatchObject({
      'activities.held': 2,
      'activities.planned': 4,
      'activities.planDone': 1, // the visit's only activity was deleted
      'activities.planRate': 33.3, // 1 ÷ (4 − 1 取消)
      'activities.deputyTimes': 2,
      'activities.participation': 50,
    });
    const listed = await call<{ counts: Record<string, number> }>('plan.list', { year: 2026 });
    expect(s.plan).toEqual(listed.counts);
    const held = await call<{ total: number }>('activities.list', PERIOD);
    expect(value(s, 'activities.held')).toBe(held.total);
  });
});

describe('edges', () => {
  it('an empty period: every count 0, every rate null, breakdowns with zeros', async () => {
    await books();
    const s = await stats({ from: '2025-11-15', to: '2026-01-10' });
    for (const f of s.figures) expect(f.value, f.key).toBe(f.unit === '%' ? null : 0);
    expect(s.receptionsByMonth).toEqual(
      ['2025-11', '2025-12', '2026-01'].map((month) => ({ month, batches: 0, persons: 0 })),
    );
    expect(s.receptionsByChannel.map((c) => [c.channel, c.batches, c.persons])).toEqual(
      ['来访', '电话', '信件', '网络', '走访'].map((c) => [c, 0, 0]),
    );
    expect(s.receptionsByCategory).toEqual([]);
    expect(s.satisfaction.map((l) => l.count)).toEqual([0, 0, 0, 0]);
    expect(s.activitiesByType).toHaveLength(10);
    for (const t of s.activitiesByType) expect([t.held, t.planned]).toEqual([0, 0]);
    expect(s.plan).toEqual({ 计划中: 0, 已完成: 0, 取消: 0, 延期: 0 });
    // Those in office, each with nothing.
    expect(s.participation.map((p) => [p.name, p.present + p.leave + p.absent, p.rate])).toEqual(
      ['李四', '王五', '张三', '赵六', '周九'].map((n) => [n, 0, null]),
    );
    expect(JSON.stringify(s)).not.toMatch(/NaN|Infinity/);
  });

  it('an empty station answers too', async () => {
    const s = await stats({ from: '2026-01-01', to: '2026-12-31' });
    expect(s.receptionsByMonth).toHaveLength(12);
    expect(value(s, 'receptions.batches')).toBe(0);
    expect(value(s, 'receptions.answerRate')).toBeNull();
  });

  it('divides by zero nowhere: a rate is null only when its divisor is 0', async () => {
    await books();
    // December so far: one reception not yet answered (回音率 0, not null); nobody has said how
    // satisfied they are (满意率 null); the one plan item is cancelled (计划完成率 null though planned 1).
    const s = await stats({ from: '2026-12-01', to: '2026-12-31' });
    expect(values(s)).toMatchObject({
      'receptions.batches': 1,
      'receptions.answered': 0,
      'receptions.answerRate': 0,
      'receptions.satisfaction': null,
      'activities.held': 1,
      'activities.planned': 1,
      'activities.planDone': 0,
      'activities.planRate': null,
      'activities.deputyTimes': 1,
      'activities.participation': 100,
      // 12-09 is still to come: nothing assigned yet.
      'duty.assigned': 0,
      'duty.rate': null,
    });
    expect(s.plan).toEqual({ 计划中: 0, 已完成: 0, 取消: 1, 延期: 0 });
  });

  it('counts a reception on the last day of the period, not one the day after; voided ones never', async () => {
    await books();
    const last = await stats({ from: '2026-11-30', to: '2026-11-30' });
    expect([value(last, 'receptions.batches'), value(last, 'activities.held')]).toEqual([1, 1]);
    const next = await stats({ from: '2026-12-01', to: '2026-12-01' });
    expect(value(next, 'receptions.batches')).toBe(1);
    const first = await stats({ from: '2026-10-01', to: '2026-10-01' });
    expect([value(first, 'receptions.batches'), value(first, 'receptions.persons')]).toEqual([1, 1]);
    const september = await stats({ from: '2026-09-30', to: '2026-09-30' });
    expect(value(september, 'receptions.batches')).toBe(1);
    // The voided one (10-25, five visitors) is in no figure.
    const voidDay = await stats({ from: '2026-10-25', to: '2026-10-25' });
    expect([value(voidDay, 'receptions.batches'), value(voidDay, 'receptions.persons')]).toEqual([0, 0]);
    // A month split by the period counts only its part.
    const split = await stats({ from: '2026-10-16', to: '2026-11-06' });
    expect(split.receptionsByMonth).toEqual([
      { month: '2026-10', batches: 1, persons: 1 },
      { month: '2026-11', batches: 2, persons: 3 },
    ]);
  });

  it('takes a plan item when any day of its month is in the period', async () => {
    await books();
    // 31 October to 1 November touches both months: all six items.
    const s = await stats({ from: '2026-10-31', to: '2026-11-01' });
    expect(value(s, 'activities.planned')).toBe(6);
    expect(value(s, 'activities.held')).toBe(0);
    expect(s.plan).toEqual({ 计划中: 2, 已完成: 2, 取消: 1, 延期: 1 });
  });

  it('refuses a period that ends before it starts, or too long', async () => {
    const backwards = await dispatch('stats.get', { from: '2026-11-30', to: '2026-10-01' }, station.ctx);
    expect(backwards).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        field: 'to',
        message: expect.stringContaining('结束日期不能早于开始日期'),
      },
    });
    const long = await dispatch('stats.get', { from: '2010-01-01', to: '2026-11-30' }, station.ctx);
    expect(long).toMatchObject({ ok: false, error: { message: expect.stringContaining('统计最长3700天') } });
  });
});

describe('performance shape', () => {
  const plan = (q: {
    compile: (db: typeof station.ctx.db) => { sql: string; parameters: readonly unknown[] };
  }) => {
    const c = q.compile(station.ctx.db);
    return (
      station.ctx.sqlite.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...(c.parameters as unknown[])) as {
        detail: string;
      }[]
    ).map((p) => p.detail);
  };

  it('reads receptions_received: the months from the index alone, without sorting', () => {
    const months = plan(receptionMonthsStatement('2026-01-15', '2026-12-31', TODAY));
    const searches = months.filter((d) => d.startsWith('SEARCH'));
    expect(searches).toHaveLength(12);
    for (const d of searches)
      expect(d).toBe(
        'SEARCH receptions USING COVERING INDEX receptions_received (received_at>? AND received_at<?)',
      );
    expect(months.join('\n')).not.toMatch(/TEMP B-TREE|SCAN/);
  });

  it('reads channels, categories and verdicts as index ranges alone: no row, no sort, no scan', async () => {
    await books();
    const channels = plan(receptionChannelsStatement('2026-01-01', '2026-12-31'));
    expect(channels.filter((d) => d.startsWith('SEARCH'))).toEqual(
      Array(5).fill(
        'SEARCH receptions USING COVERING INDEX receptions_channel (channel=? AND received_at>? AND received_at<?)',
      ),
    );
    // The categories present: one seek per category, never a walk over the log.
    const list = plan(receptionCategoriesStatement());
    expect(list.filter((d) => d.includes('receptions'))).toEqual([
      'SEARCH receptions USING COVERING INDEX receptions_category',
      'SEARCH receptions USING COVERING INDEX receptions_category (category>?)',
    ]);
    const categories = (await receptionCategoriesStatement().execute(station.ctx.db)).rows.map(
      (r) => r.category,
    );
    expect(categories).toEqual(['交通出行', '其他', '城乡建设', '社会保障']);
    const counts = plan(receptionCategoryCountsStatement(categories, '2026-01-01', '2026-12-31'));
    expect(counts.filter((d) => d.startsWith('SEARCH'))).toEqual(
      Array(4).fill(
        'SEARCH receptions USING COVERING INDEX receptions_category (category=? AND received_at>? AND received_at<?)',
      ),
    );
    const verdicts = plan(receptionVerdictsStatement('2026-01-01', '2026-12-31'));
    // 已反馈 by verdict, and 已办结 in a subquery.
    expect(verdicts.filter((d) => d.startsWith('SEARCH'))).toEqual(
      Array(2).fill(
        'SEARCH receptions USING COVERING INDEX receptions_status (status=? AND received_at>? AND received_at<?)',
      ),
    );
    // (SCAN c walks the handful of categories found, not the log.)
    for (const p of [channels, list, counts, verdicts])
      expect(p.join('\n')).not.toMatch(/TEMP B-TREE|SCAN receptions/);
  });
});

describe('station-desk stats', () => {
  const statsCli = (...args: string[]) => cli('stats', ...args);
  const period = ['--from', PERIOD.from, '--to', PERIOD.to];

  it('--json prints what stats.get gives; the table shows the figures and the months', async () => {
    await books();
    // The command runs on the real clock: compare with stats.get on the same clock.
    vi.useRealTimers();
    const json = statsCli('--data', station.dir, ...period, '--json');
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const { ok, ...printed } = JSON.parse(json.stdout) as StationStats & { ok: boolean };
    expect(ok).toBe(true);
    expect(printed).toEqual(await stats());
    expect(values(printed)['receptions.batches']).toBe(9);

    const human = statsCli('--data', station.dir, ...period);
    expect(human.code).toBe(0);
    const lines = human.stdout.split('\n');
    expect(lines[0]).toContain('2026-10-01 至 2026-11-30');
    for (const group of ['【接待】', '【办理】', '【值班】', '【活动】', '【各月接待】'])
      expect(human.stdout).toContain(group);
    const valueOf = (label: string) =>
      lines
        .find((l) => l.trim().startsWith(label))
        ?.slice(lines.find((l) => l.trim().startsWith(label))!.indexOf(label) + label.length)
        .trim();
    expect(valueOf('接待批次')).toBe('9 批');
    expect(valueOf('接待人次')).toBe('12 人次');
    expect(valueOf('回音率')).toBe('44.4%');
    expect(valueOf('进站率')).toBe('60.0%');
    expect(valueOf('计划完成率')).toBe('40.0%');
    // Values line up in one column (CJK characters are two columns wide).
    const column = ['接待批次', '回音率', '进站率', '代表出席率'].map((label) => {
      const l = lines.find((x) => x.trim().startsWith(label))!;
      return displayWidth(l.slice(0, l.indexOf(valueOf(label)!)));
    });
    expect(new Set(column).size).toBe(1);
    expect(human.stdout).toMatch(/2026-10\s+3\s+5/);
    expect(human.stdout).toMatch(/2026-11\s+6\s+7/);

    const empty = statsCli('--data', station.dir, '--from', '2025-01-01', '--to', '2025-01-31');
    expect(empty.stdout).toMatch(/满意率\s+—/);
  });

  it('refuses dates the wrong way round (exit 1, in Chinese) and missing options (exit 2)', async () => {
    vi.useRealTimers();
    const backwards = statsCli('--data', station.dir, '--from', '2026-11-30', '--to', '2026-10-01');
    expect(backwards.code).toBe(1);
    expect(backwards.stderr).toContain('结束日期不能早于开始日期');
    const asJson = statsCli('--data', station.dir, '--from', '2026-11-30', '--to', '2026-10-01', '--json');
    expect(asJson.code).toBe(1);
    expect(JSON.parse(asJson.stdout)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('结束日期不能早于开始日期') },
    });
    const badDate = statsCli('--data', station.dir, '--from', '2026-02-30', '--to', '2026-03-01');
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toMatch(/错误：.*开始日期/);
    const missing = statsCli('--data', station.dir, '--from', '2026-01-01');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing --to');
  });
});
