import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  Activity,
  ActivityInput,
  CallName,
  CallOutput,
  DeputyDetail,
  DeputyFile,
  PlanItem,
  PlanList,
} from '../../main/api/contract';
import { dispatch } from '../../main/api/router';
import { addDays } from '../../db/time';
import { writeTransaction } from '../../main/services/context';
import { tombstoneSynced } from '../../db/changes';
import { verifyAudit } from '../../main/services/audit';
import { seedActivities } from '../../main/services/activity-seed';
import { deputiesSeeder } from '../../main/services/roster-seed';
import { todayAt } from '../../main/services/receptions';
import { callOk, openTempStation, SAMPLE_STATION } from '../helpers/station';
import { SAMPLE_DEPUTY, TINY_JPEG } from '../helpers/roster';

/** The activities and annual-plan service through the router, on a real SQLite file. */

let station: Awaited<ReturnType<typeof openTempStation>>;
beforeEach(async () => {
  station = await openTempStation();
});
afterEach(() => station.close());

const call = <T>(name: CallName, input: unknown): Promise<T> => callOk<T>(station.ctx, name, input);

async function fails(name: CallName, input: unknown) {
  const result = await dispatch(name, input, station.ctx);
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('expected a failure');
  return result.error;
}

const count = (sql: string, ...args: unknown[]) =>
  (station.ctx.sqlite.prepare(sql).get(...args) as { n: number }).n;

const today = () => todayAt(station.ctx);
const thisYear = () => Number(today().slice(0, 4));
/** A past day safely inside this year's earliest part, or last year's when it is 1 January. */
const pastDay = () => (today().slice(5) === '01-01' ? addDays(today(), -1) : `${thisYear()}-01-01`);

async function deputies() {
  const zhang = await call<DeputyDetail>('roster.create', SAMPLE_DEPUTY);
  const li = await call<DeputyDetail>('roster.create', {
    ...SAMPLE_DEPUTY,
    name: '李四',
    gender: '女',
    cardNumber: 'QS18-0002',
  });
  const wang = await call<DeputyDetail>('roster.create', {
    ...SAMPLE_DEPUTY,
    name: '王五',
    cardNumber: 'QS18-0003',
  });
  return { zhang, li, wang };
}

function activityInput(over: Partial<ActivityInput> = {}): ActivityInput {
  return {
    date: pastDay(),
    type: '视察',
    theme: '农村人居环境整治视察',
    place: '桃源村',
    summary: '实地察看了村庄垃圾分类和污水处理设施。',
    ...over,
  };
}

describe('activities: create, read, update, delete', () => {
  it('round-trips an activity with participants, photos and a plan link', async () => {
    const { zhang, li, wang } = await deputies();
    const year = Number(pastDay().slice(0, 4));
    const item = await call<PlanItem>('plan.create', {
      year,
      month: 1,
      type: '视察',
      theme: '视察人居环境',
    });
    const photo = await call<{ sha256: string }>('attachment.put', {
      fileName: '现场.jpg',
      base64: TINY_JPEG,
    });
    const created = await call<Activity>(
      'activities.create',
      activityInput({
        planItemId: item.id,
        guests: '镇农办主任',
        photos: [{ sha256: photo.sha256, fileName: '现场.jpg' }],
        participants: [
          { deputyId: zhang.id, attendance: '出席' },
          { deputyId: li.id, attendance: '请假', note: '外出开会' },
          { deputyId: wang.id, attendance: '缺席' },
        ],
      }),
    );
    expect(created).toMatchObject({
      type: '视察',
      planItemId: item.id,
      planTheme: '视察人居环境',
      present: 1,
      leave: 1,
      absent: 1,
      photoCount: 1,
      guests: '镇农办主任',
      votersPresent: null,
      ratings: [],
    });
    expect(created.photos).toEqual([
      { sha256: photo.sha256, fileName: '现场.jpg', mime: 'image/jpeg', size: expect.any(Number) },
    ]);
    expect(created.photos[0]!.size).toBeGreaterThan(0);
    expect(created.participants.map((p) => [p.name, p.attendance, p.note]).sort()).toEqual([
      ['张三', '出席', ''],
      ['李四', '请假', '外出开会'],
      ['王五', '缺席', ''],
    ]);
    expect(await call<Activity>('activities.get', { id: created.id })).toEqual(created);

    const rowIds = () =>
      Object.fromEntries(
        (
          station.ctx.sqlite
            .prepare(
              'SELECT deputy_id, id FROM activity_participants WHERE activity_id = ? AND deleted_at IS NULL',
            )
            .all(created.id) as { deputy_id: string; id: string }[]
        ).map((r) => [r.deputy_id, r.id]),
      );
    const before = rowIds();

    // Update: 李四 now present, 王五 removed, a fourth deputy added; 张三's row is untouched.
    const zhao = await call<DeputyDetail>('roster.create', {
      ...SAMPLE_DEPUTY,
      name: '赵六',
      cardNumber: 'QS18-0004',
    });
    const zhangRev = count('SELECT rev AS n FROM activity_participants WHERE id = ?', before[zhang.id]);
    const updated = await call<Activity>('activities.update', {
      ...activityInput({
        theme: '农村人居环境整治回头看',
        planItemId: null,
        participants: [
          { deputyId: zhang.id, attendance: '出席' },
          { deputyId: li.id, attendance: '出席' },
          { deputyId: zhao.id, attendance: '出席' },
        ],
      }),
      id: created.id,
    });
    expect(updated).toMatchObject({
      theme: '农村人居环境整治回头看',
      planItemId: null,
      planTheme: '',
      present: 3,
      leave: 0,
      absent: 0,
      photoCount: 0,
    });
    const after = rowIds();
    expect(after[zhang.id]).toBe(before[zhang.id]);
    expect(after[li.id]).toBe(before[li.id]);
    expect(after[wang.id]).toBeUndefined();
    expect(after[zhao.id]).toBeDefined();
    expect(count('SELECT rev AS n FROM activity_participants WHERE id = ?', before[zhang.id])).toBe(zhangRev);
    expect(
      count(
        'SELECT count(*) AS n FROM activity_participants WHERE id = ? AND deleted_at IS NOT NULL',
        before[wang.id],
      ),
    ).toBe(1);

    // Delete: the activity and its participant rows become tombstones (they travel to the county).
    expect(await call('activities.delete', { id: created.id })).toEqual({ id: created.id });
    expect(count('SELECT count(*) AS n FROM activities WHERE deleted_at IS NOT NULL')).toBe(1);
    expect(
      count(
        'SELECT count(*) AS n FROM activity_participants WHERE activity_id = ? AND deleted_at IS NULL',
        created.id,
      ),
    ).toBe(0);
    const gone = await fails('activities.get', { id: created.id });
    expect(gone.code).toBe('NOT_FOUND');
    expect(gone.message).toMatch(/找不到这条活动记录/);
    expect((await fails('activities.delete', { id: created.id })).code).toBe('NOT_FOUND');

    // Every write was audited and the chain still verifies.
    expect(
      count("SELECT count(*) AS n FROM audit_log WHERE entity = 'activity_participants'"),
    ).toBeGreaterThanOrEqual(3 + 3 + 2);
    expect(verifyAudit(station.ctx)).toMatchObject({ ok: true });
  });

  it('refuses a participant not in the roster, naming the entry', async () => {
    const { zhang, li } = await deputies();
    const error = await fails(
      'activities.create',
      activityInput({
        participants: [
          { deputyId: zhang.id, attendance: '出席' },
          { deputyId: li.id, attendance: '出席' },
          { deputyId: '01900000-0000-7000-8000-000000000000', attendance: '出席' },
        ],
      }),
    );
    expect(error).toMatchObject({ code: 'VALIDATION', field: 'participants' });
    expect(error.message).toContain('第3位');
    expect(error.message).toContain('不在代表名册中');

    // A tombstoned deputy is not in the roster either.
    await writeTransaction(station.ctx, (trx, meta) => tombstoneSynced(trx, 'deputies', li.id, meta));
    const again = await fails(
      'activities.create',
      activityInput({ participants: [{ deputyId: li.id, attendance: '出席' }] }),
    );
    expect(again).toMatchObject({ field: 'participants' });
    expect(again.message).toContain('第1位');
    expect(count('SELECT count(*) AS n FROM activities')).toBe(0);
  });

  it('refuses an activity without date or type, in the future, or with a bad plan link or photo', async () => {
    const { date: _d, ...noDate } = activityInput();
    expect((await fails('activities.create', noDate)).field).toBe('date');
    const { type: _t, ...noType } = activityInput();
    expect((await fails('activities.create', noType)).field).toBe('type');
    expect((await fails('activities.create', activityInput({ type: '聊天' as never }))).field).toBe('type');
    const future = await fails('activities.create', activityInput({ date: addDays(today(), 2) }));
    expect(future.field).toBe('date');
    expect(future.message).toMatch(/不能晚于今天/);

    const missingPlan = await fails(
      'activities.create',
      activityInput({ planItemId: '01900000-0000-7000-8000-000000000000' }),
    );
    expect(missingPlan).toMatchObject({ code: 'VALIDATION', field: 'planItemId' });
    const otherYear = await call<PlanItem>('plan.create', {
      year: Number(pastDay().slice(0, 4)) - 1,
      month: 5,
      type: '视察',
      theme: '去年的视察',
    });
    const wrongYear = await fails('activities.create', activityInput({ planItemId: otherYear.id }));
    expect(wrongYear.field).toBe('planItemId');
    expect(wrongYear.message).toMatch(/年的计划/);

    const badPhoto = await fails(
      'activities.create',
      activityInput({ photos: [{ sha256: 'a'.repeat(64), fileName: 'x.jpg' }] }),
    );
    expect(badPhoto.field).toBe('photos');
    expect(count('SELECT count(*) AS n FROM activities')).toBe(0);
  });

  it('checks a 述职 ratings against the voters present and shows the rate', async () => {
    const { zhang, li } = await deputies();
    const base = activityInput({
      type: '述职',
      theme: '代表向选民述职',
      participants: [
        { deputyId: zhang.id, attendance: '出席' },
        { deputyId: li.id, attendance: '出席' },
      ],
      votersPresent: 52,
    });
    const wrong = await fails('activities.create', {
      ...base,
      ratings: [{ deputyId: zhang.id, satisfied: 40, basic: 10, unsatisfied: 1 }],
    });
    expect(wrong.code).toBe('VALIDATION');
    expect(wrong.field).toMatch(/^ratings\.0/);
    expect(wrong.message).toMatch(/合计51票，与到会选民52人不符/);
    const notThere = await fails('activities.create', {
      ...base,
      participants: [{ deputyId: li.id, attendance: '出席' }],
      ratings: [{ deputyId: zhang.id, satisfied: 40, basic: 10, unsatisfied: 2 }],
    });
    expect(notThere.message).toMatch(/述职代表应在参加代表之中/);
    const notReport = await fails('activities.create', {
      ...base,
      type: '视察',
      ratings: [{ deputyId: zhang.id, satisfied: 40, basic: 10, unsatisfied: 2 }],
    });
    expect(notReport.message).toMatch(/只有述职活动/);
    expect(count('SELECT count(*) AS n FROM activities')).toBe(0);

    const ok = await call<Activity>('activities.create', {
      ...base,
      ratings: [
        { deputyId: zhang.id, satisfied: 40, basic: 10, unsatisfied: 2 },
        { deputyId: li.id, aspect: '联系群众', satisfied: 0, basic: 0, unsatisfied: 52 },
      ],
    });
    expect(ok.votersPresent).toBe(52);
    expect(ok.ratings).toEqual([
      {
        deputyId: zhang.id,
        name: '张三',
        aspect: '总体评价',
        satisfied: 40,
        basic: 10,
        unsatisfied: 2,
        rate: 96.2,
      },
      { deputyId: li.id, name: '李四', aspect: '联系群众', satisfied: 0, basic: 0, unsatisfied: 52, rate: 0 },
    ]);

    // Zero voters: the rate is null (nothing to divide by), not NaN or 0.
    const empty = await call<Activity>('activities.update', {
      ...base,
      id: ok.id,
      votersPresent: 0,
      ratings: [{ deputyId: zhang.id, satisfied: 0, basic: 0, unsatisfied: 0 }],
    });
    expect(empty.ratings[0]!.rate).toBeNull();
  });
});

describe('the annual plan', () => {
  it('derives 已完成 from a linked activity and falls back to the stored status', async () => {
    const year = Number(pastDay().slice(0, 4));
    const item = await call<PlanItem>('plan.create', {
      year,
      month: 1,
      type: '集中学习',
      theme: '学习代表法',
      responsible: '王站长',
    });
    expect(item).toMatchObject({ status: '计划中', statusReason: '', activities: [] });
    const postponed = await call<PlanItem>('plan.setStatus', { id: item.id, status: '延期', reason: '疫情' });
    expect(postponed).toMatchObject({ status: '延期', statusReason: '疫情', behind: false });
    const missingReason = await fails('plan.setStatus', { id: item.id, status: '取消' });
    expect(missingReason.field).toBe('reason');

    const a = await call<Activity>(
      'activities.create',
      activityInput({ type: '集中学习', theme: '学习代表法', planItemId: item.id }),
    );
    const list = await call<PlanList>('plan.list', { year });
    expect(list.items[0]).toMatchObject({
      status: '已完成',
      statusReason: '',
      behind: false,
      activities: [{ id: a.id, date: a.date, theme: '学习代表法' }],
    });
    expect(list.counts).toEqual({ 计划中: 0, 已完成: 1, 取消: 0, 延期: 0 });
    // The derived status is never stored.
    expect(
      (
        station.ctx.sqlite.prepare('SELECT status FROM plan_items WHERE id = ?').get(item.id) as {
          status: string;
        }
      ).status,
    ).toBe('延期');

    // A done item cannot be cancelled or deleted.
    const cancel = await fails('plan.setStatus', { id: item.id, status: '取消', reason: '不办了' });
    expect(cancel.code).toBe('VALIDATION');
    expect(cancel.message).toMatch(/已有活动记录/);
    const del = await fails('plan.delete', { id: item.id });
    expect(del.code).toBe('VALIDATION');
    expect(del.message).toBe(
      '这个计划项目已有活动记录，不能删除。如活动记录有误，请先修改或删除那条活动记录',
    );

    // Deleting the activity brings the stored status back.
    await call('activities.delete', { id: a.id });
    expect((await call<PlanList>('plan.list', { year })).items[0]).toMatchObject({
      status: '延期',
      statusReason: '疫情',
      activities: [],
    });
    expect(await call('plan.delete', { id: item.id })).toEqual({ id: item.id });
    expect((await call<PlanList>('plan.list', { year })).items).toEqual([]);
    const gone = await fails('plan.update', {
      id: item.id,
      year,
      month: 2,
      type: '集中学习',
      theme: 'x',
    });
    expect(gone.code).toBe('NOT_FOUND');
    expect(gone.message).toMatch(/找不到这个计划项目/);
    expect(verifyAudit(station.ctx)).toMatchObject({ ok: true });
  });

  it('sorts by month and date, counts every status and flags items behind', async () => {
    const year = thisYear() - 1;
    const add = (month: number, theme: string, date = '') =>
      call<PlanItem>('plan.create', { year, month, date, type: '视察', theme });
    const dated = await add(3, '三月视察', `${year}-03-20`);
    const monthOnly = await add(3, '三月调研');
    const early = await add(3, '三月初', `${year}-03-02`);
    const jan = await add(1, '一月学习');
    const dec = await add(12, '十二月述职');
    await call('plan.setStatus', { id: dec.id, status: '取消', reason: '换届' });

    const list = await call<PlanList>('plan.list', { year });
    expect(list.items.map((i) => i.theme)).toEqual([
      '一月学习',
      '三月调研',
      '三月初',
      '三月视察',
      '十二月述职',
    ]);
    expect(list.counts).toEqual({ 计划中: 4, 已完成: 0, 取消: 1, 延期: 0 });
    // Last year: everything still 计划中 is behind; the cancelled one is not.
    const behind = Object.fromEntries(list.items.map((i) => [i.theme, i.behind]));
    expect(behind).toEqual({
      一月学习: true,
      三月调研: true,
      三月初: true,
      三月视察: true,
      十二月述职: false,
    });
    expect([dated.id, monthOnly.id, early.id, jan.id].every(Boolean)).toBe(true);

    // Next year: nothing is behind yet.
    await call('plan.create', { year: thisYear() + 1, month: 1, type: '培训', theme: '明年培训' });
    expect((await call<PlanList>('plan.list', { year: thisYear() + 1 })).items[0]!.behind).toBe(false);

    // Dates must lie in the item's month (the contract's check).
    const bad = await fails('plan.create', {
      year,
      month: 4,
      date: `${year}-05-01`,
      type: '视察',
      theme: 'x',
    });
    expect(bad.field).toBe('date');

    // An item with activities cannot move to another year.
    const linked = await add(6, '六月视察');
    await call('activities.create', activityInput({ date: `${year}-06-10`, planItemId: linked.id }));
    const moved = await fails('plan.update', {
      id: linked.id,
      year: year + 1,
      month: 6,
      type: '视察',
      theme: 'x',
    });
    expect(moved.field).toBe('year');
    const edited = await call<PlanItem>('plan.update', {
      id: linked.id,
      year,
      month: 6,
      type: '视察',
      theme: '六月视察（改）',
      responsible: '李站长',
    });
    expect(edited).toMatchObject({ theme: '六月视察（改）', responsible: '李站长', status: '已完成' });
  });
});

describe('activities.list', () => {
  it('filters by dates, type, deputy, plan item and words, newest first, paged', async () => {
    const { zhang, li } = await deputies();
    const year = thisYear() - 1;
    const item = await call<PlanItem>('plan.create', { year, month: 5, type: '专题调研', theme: '调研产业' });
    const make = (date: string, over: Partial<ActivityInput> = {}) =>
      call<Activity>('activities.create', activityInput({ date, ...over }));
    await make(`${year}-02-01`, {
      theme: '春耕视察',
      participants: [{ deputyId: zhang.id, attendance: '出席' }],
    });
    await make(`${year}-05-10`, {
      type: '专题调研',
      theme: '茶叶产业调研',
      planItemId: item.id,
      participants: [
        { deputyId: zhang.id, attendance: '请假' },
        { deputyId: li.id, attendance: '出席' },
      ],
    });
    await make(`${year}-05-10`, { theme: '100%_覆盖检查', place: '柳溪村' });
    await make(`${year}-09-01`, { type: '集中学习', theme: '学习会', summary: '学习了选举法修正案。' });

    type L = CallOutput<'activities.list'>;
    const list = (input: object) => call<L>('activities.list', input);
    const all = await list({});
    expect(all.total).toBe(4);
    expect(all.items.map((i) => i.theme)).toEqual(['学习会', '100%_覆盖检查', '茶叶产业调研', '春耕视察']);
    const research = all.items.find((i) => i.theme === '茶叶产业调研')!;
    expect(research).toMatchObject({
      planItemId: item.id,
      planTheme: '调研产业',
      present: 1,
      leave: 1,
      absent: 0,
    });

    expect((await list({ from: `${year}-05-01`, to: `${year}-05-31` })).total).toBe(2);
    expect((await list({ type: '集中学习' })).items.map((i) => i.theme)).toEqual(['学习会']);
    expect((await list({ deputyId: zhang.id })).items.map((i) => i.theme)).toEqual([
      '茶叶产业调研',
      '春耕视察',
    ]);
    expect((await list({ deputyId: li.id })).total).toBe(1);
    expect((await list({ planItemId: item.id })).items.map((i) => i.theme)).toEqual(['茶叶产业调研']);
    expect((await list({ q: '选举法' })).items.map((i) => i.theme)).toEqual(['学习会']);
    expect((await list({ q: '柳溪' })).total).toBe(1);
    // % and _ are literal, not wildcards.
    expect((await list({ q: '%_' })).items.map((i) => i.theme)).toEqual(['100%_覆盖检查']);
    expect((await list({ q: '0%' })).total).toBe(1);
    expect((await list({ q: '_' })).total).toBe(1);

    const page2 = await list({ page: 2, pageSize: 3 });
    expect(page2).toMatchObject({ total: 4 });
    expect(page2.items.map((i) => i.theme)).toEqual(['春耕视察']);
    expect((await fails('activities.list', { from: `${year}-06-01`, to: `${year}-05-01` })).field).toBe('to');
  });
});

describe('deputy file', () => {
  it('shows the activities a deputy was on and the 述职 ratings', async () => {
    const { zhang, li } = await deputies();
    const year = Number(pastDay().slice(0, 4));
    await call('activities.create', {
      ...activityInput({ theme: '视察道路', place: '白沙村' }),
      participants: [
        { deputyId: zhang.id, attendance: '出席' },
        { deputyId: li.id, attendance: '请假' },
      ],
    });
    await call('activities.create', {
      ...activityInput({ type: '述职', theme: '年度述职', place: '镇会议室' }),
      participants: [
        { deputyId: zhang.id, attendance: '出席' },
        { deputyId: li.id, attendance: '出席' },
      ],
      votersPresent: 52,
      ratings: [{ deputyId: zhang.id, satisfied: 40, basic: 10, unsatisfied: 2 }],
    });
    const file = (id: string) => call<DeputyFile>('roster.deputyFile', { id, year });
    const section = (f: DeputyFile, key: string) => f.sections.find((s) => s.key === key)!;

    const z = await file(zhang.id);
    const keys = z.sections.map((s) => s.key);
    expect(keys.indexOf('activities')).toBeGreaterThan(keys.indexOf('receptions'));
    expect(keys.indexOf('reports')).toBeGreaterThan(keys.indexOf('activities'));
    expect(section(z, 'activities')).toMatchObject({ title: '活动', total: 2 });
    expect(
      section(z, 'activities')
        .items.map((i) => i.title)
        .sort(),
    ).toEqual(['视察：视察道路', '述职：年度述职']);
    expect(section(z, 'activities').items.find((i) => i.title === '视察：视察道路')!.detail).toMatch(
      /白沙村.*出席/,
    );
    expect(section(z, 'reports')).toMatchObject({ title: '述职', total: 1 });
    expect(section(z, 'reports').items[0]!.detail).toBe(
      '到会选民52人，总体评价：满意40、基本满意10、不满意2，满意率96.2%',
    );

    const l = await file(li.id);
    expect(section(l, 'activities').items.find((i) => i.title === '视察：视察道路')!.detail).toMatch(/请假/);
    // 李四 was at the 述职 but did not report: no entry under 述职.
    expect(section(l, 'reports').total).toBe(0);
    // Another year: nothing.
    expect(
      section(await call<DeputyFile>('roster.deputyFile', { id: zhang.id, year: year - 1 }), 'activities')
        .total,
    ).toBe(0);
  });
});

describe('activity seeder', () => {
  it('writes plans and activities with sane numbers, nothing after today, audit intact', async () => {
    await call('station.setup', SAMPLE_STATION);
    await deputiesSeeder.run(station.ctx, { deputies: 30 }, () => {});
    const report = await seedActivities(station.ctx, { years: 2 });
    expect(report.created.plan_items).toBeGreaterThan(0);
    expect(report.created.activities).toBeGreaterThan(0);
    const years = [thisYear() - 1, thisYear()];
    for (const year of years) {
      const plan = await call<PlanList>('plan.list', { year });
      expect(plan.items.length).toBeGreaterThanOrEqual(12);
      expect(plan.items.length).toBeLessThanOrEqual(20);
      expect(new Set(plan.items.map((i) => i.month)).size).toBeGreaterThanOrEqual(8);
      // Last year's plan is mostly done; whatever is left was cancelled or postponed, with a reason.
      if (year < thisYear()) {
        expect(plan.counts['已完成']).toBeGreaterThanOrEqual(plan.items.length * 0.6);
        expect(plan.counts['计划中']).toBe(0);
        for (const i of plan.items.filter((i) => i.status === '取消' || i.status === '延期'))
          expect(i.statusReason).not.toBe('');
      }
    }
    expect(count('SELECT count(*) AS n FROM activities WHERE date > ?', today())).toBe(0);
    expect(
      count(
        `SELECT count(*) AS n FROM activities a JOIN plan_items p ON p.id = a.plan_item_id
         WHERE substr(a.date, 1, 4) <> CAST(p.year AS TEXT)`,
      ),
    ).toBe(0);
    // Participants are in-office deputies, mostly present.
    expect(
      count(
        `SELECT count(*) AS n FROM activity_participants p JOIN deputies d ON d.id = p.deputy_id
         WHERE d.status <> '在任'`,
      ),
    ).toBe(0);
    const attendance = station.ctx.sqlite
      .prepare('SELECT attendance, count(*) AS n FROM activity_participants GROUP BY attendance')
      .all() as { attendance: string; n: number }[];
    const by = Object.fromEntries(attendance.map((a) => [a.attendance, a.n]));
    expect(by['出席']).toBeGreaterThan((by['请假'] ?? 0) + (by['缺席'] ?? 0));
    expect(by['请假']).toBeGreaterThan(0);

    // Every 述职's ratings add up to the voters present; there is one in last year's.
    const reports = station.ctx.sqlite
      .prepare("SELECT id, date, voters_present, ratings FROM activities WHERE type = '述职'")
      .all() as { id: string; date: string; voters_present: number; ratings: string }[];
    expect(reports.some((r) => r.date.startsWith(String(thisYear() - 1)))).toBe(true);
    for (const r of reports) {
      const ratings = JSON.parse(r.ratings) as { satisfied: number; basic: number; unsatisfied: number }[];
      expect(ratings.length).toBeGreaterThan(0);
      for (const x of ratings) expect(x.satisfied + x.basic + x.unsatisfied).toBe(r.voters_present);
      // The stored records pass the contract's own checks (read back and re-saved unchanged).
      const a = await call<Activity>('activities.get', { id: r.id });
      const {
        id,
        present: _p,
        leave: _l,
        absent: _a,
        photoCount: _c,
        planTheme: _t,
        createdAt: _x,
        updatedAt: _y,
        ...rest
      } = a;
      await call('activities.update', {
        id,
        date: rest.date,
        type: rest.type,
        theme: rest.theme,
        place: rest.place,
        planItemId: rest.planItemId,
        participants: rest.participants.map((p) => ({
          deputyId: p.deputyId,
          attendance: p.attendance,
          note: p.note,
        })),
        guests: rest.guests,
        summary: rest.summary,
        outcomes: rest.outcomes,
        photos: rest.photos.map((p) => ({ sha256: p.sha256, fileName: p.fileName })),
        votersPresent: rest.votersPresent,
        ratings: rest.ratings.map((x) => ({
          deputyId: x.deputyId,
          aspect: x.aspect,
          satisfied: x.satisfied,
          basic: x.basic,
          unsatisfied: x.unsatisfied,
        })),
      });
    }
    expect(verifyAudit(station.ctx)).toMatchObject({ ok: true });

    // Deterministic and idempotent: a second run adds nothing.
    const again = await seedActivities(station.ctx, { years: 2 });
    expect(again.created).toEqual({});
  });
});
