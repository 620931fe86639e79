import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { insertSynced, updateSynced } from '../../db/changes';
import { uuidv7 } from '../../db/ids';
import type {
  CallName,
  DeputyDetail,
  DutyPlanResult,
  DutyRule,
  DutyRuleInput,
} from '../../main/api/contract';
import { dispatch } from '../../main/api/router';
import { writeTransaction } from '../../main/services/context';
import { SAMPLE_DEPUTY } from '../helpers/roster';
import { callOk, openTempStation } from '../helpers/station';

let station: Awaited<ReturnType<typeof openTempStation>>;

/** The station's clock: 10:00 in Shanghai on the given date. */
function setToday(date: string) {
  vi.setSystemTime(new Date(`${date}T10:00:00+08:00`));
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  setToday('2026-05-06'); // a Wednesday, just after the 劳动节 break
  station = await openTempStation();
});
afterEach(async () => {
  await station.close();
  vi.useRealTimers();
});

const call = <T>(name: CallName, input: unknown): Promise<T> => callOk<T>(station.ctx, name, input);

async function fails(name: CallName, input: unknown) {
  const result = await dispatch(name, input, station.ctx);
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('expected a failure');
  return result.error;
}

const sql = <T>(query: string, ...params: unknown[]) =>
  station.ctx.sqlite.prepare(query).all(...params) as T[];
const rev = () => sql<{ rev: number }>('SELECT rev FROM sync_state')[0]!.rev;

interface SlotRow {
  id: string;
  rule_id: string | null;
  date: string;
  planned_date: string;
  moved_reason: string;
  start_time: string;
  end_time: string;
  place: string;
  capacity: number;
  hand_edited: number;
  rev: number;
}
const liveSlots = () =>
  sql<SlotRow>('SELECT * FROM duty_slots WHERE deleted_at IS NULL ORDER BY date, start_time');
const deputiesOn = (slotId: string) =>
  sql<{ deputy_id: string }>(
    'SELECT deputy_id FROM duty_assignments WHERE slot_id = ? AND deleted_at IS NULL ORDER BY deputy_id',
    slotId,
  ).map((r) => r.deputy_id);

const NAMES = ['赵一', '钱二', '孙三', '李四', '周五', '吴六', '郑七'];

async function addDeputies(names = NAMES): Promise<DeputyDetail[]> {
  const out: DeputyDetail[] = [];
  for (const name of names)
    out.push(await call<DeputyDetail>('roster.create', { ...SAMPLE_DEPUTY, name, cardNumber: '' }));
  return out;
}

const WEDNESDAYS: DutyRuleInput = {
  name: '每周三接待日',
  kind: '每周',
  weekdays: [3],
  times: [
    { start: '14:30', end: '17:00' },
    { start: '09:00', end: '11:00' },
  ],
  place: '联络站接待室',
  deputiesPerSlot: 2,
  startDate: '2026-01-01',
};

const addRule = (input: Partial<DutyRuleInput> = {}) =>
  call<DutyRule>('duty.createRule', { ...WEDNESDAYS, ...input });
const runPlan = (input: object) => call<DutyPlanResult>('duty.plan', input);
const preview = (input: object) => call<DutyPlanResult>('duty.planPreview', input);

/** Changes a slot the way a hand edit does (duty.updateSlot / duty.setDeputies mark it edited). */
async function handEdit(slotId: string, changes: Partial<SlotRow>) {
  await writeTransaction(station.ctx, (trx, meta) =>
    updateSynced(trx, 'duty_slots', slotId, { ...changes, hand_edited: 1 }, meta),
  );
}

async function setStatus(assignmentSlotId: string, status: string) {
  const [a] = sql<{ id: string }>(
    'SELECT id FROM duty_assignments WHERE slot_id = ? AND deleted_at IS NULL ORDER BY id LIMIT 1',
    assignmentSlotId,
  );
  await writeTransaction(station.ctx, (trx, meta) =>
    updateSynced(trx, 'duty_assignments', a!.id, { status, reason: '外出开会' }, meta),
  );
}

describe('duty rules', () => {
  it('stores rules with a one-line summary, checks the deputies and edits', async () => {
    const [zhao] = await addDeputies(['赵一']);
    const weekly = await addRule();
    expect(weekly.summary).toBe('每周三 09:00–11:00、14:30–17:00，每班2人，节假日顺延');
    expect(weekly.times.map((t) => t.start)).toEqual(['09:00', '14:30']);
    const monthly = await addRule({
      name: '单月15日',
      kind: '每月',
      monthDays: [15],
      months: [11, 1, 3, 5, 7, 9],
      weekdays: [3],
      times: [{ start: '09:00', end: '11:30' }],
      deputiesPerSlot: 3,
      postponeOnHoliday: false,
      deputyIds: [zhao!.id],
    });
    expect(monthly.summary).toBe('每月15日（1、3、5、7、9、11月） 09:00–11:30，每班3人，节假日照常');
    // Only the kind's own fields are kept.
    expect(monthly.weekdays).toEqual([]);
    expect(monthly.deputyIds).toEqual([zhao!.id]);
    const listed = await addRule({
      name: '指定日期',
      kind: '指定日期',
      dates: ['2026-06-03', '2026-06-10', '2026-06-17', '2026-06-24', '2026-07-01'],
    });
    expect(listed.summary).toBe('指定日期（共5天） 09:00–11:00、14:30–17:00，每班2人，节假日顺延');
    const twoDays = await addRule({
      name: '周二周四',
      weekdays: [4, 2],
      times: [{ start: '09:00', end: '11:00' }],
    });
    expect(twoDays.summary).toBe('每周二、四 09:00–11:00，每班2人，节假日顺延');

    const error = await fails('duty.createRule', { ...WEDNESDAYS, deputyIds: [uuidv7()] });
    expect(error).toMatchObject({ code: 'VALIDATION', field: 'deputyIds' });

    const renamed = await call<DutyRule>('duty.updateRule', {
      ...WEDNESDAYS,
      id: weekly.id,
      name: '周三接待',
    });
    expect(renamed.name).toBe('周三接待');
    expect((await call<DutyRule[]>('duty.rules', {})).map((r) => r.name)).toEqual([
      '周三接待',
      '单月15日',
      '指定日期',
      '周二周四',
    ]);
    expect((await fails('duty.updateRule', { ...WEDNESDAYS, id: uuidv7() })).code).toBe('NOT_FOUND');
  });

  it('deleting a rule removes its future, untouched slots; past, recorded and edited ones stay', async () => {
    await addDeputies();
    const rule = await addRule();
    await runPlan({ from: '2026-05-01', to: '2026-06-30' });
    setToday('2026-05-20');
    const slots = liveSlots();
    const past = slots.filter((s) => s.date < '2026-05-20');
    const recorded = slots.find((s) => s.date === '2026-05-27' && s.start_time === '09:00')!;
    const edited = slots.find((s) => s.date === '2026-06-03' && s.start_time === '14:30')!;
    await setStatus(recorded.id, '请假');
    await handEdit(edited.id, { end_time: '16:30' });

    await call('duty.deleteRule', { id: rule.id });
    expect(await call<DutyRule[]>('duty.rules', {})).toEqual([]);
    const left = liveSlots().map((s) => s.id);
    expect(left.sort()).toEqual([...past.map((s) => s.id), recorded.id, edited.id].sort());
    // The removed slots' assignments went with them; the kept ones still have theirs.
    const orphanAssignments = sql<{ n: number }>(
      `SELECT count(*) AS n FROM duty_assignments a JOIN duty_slots s ON s.id = a.slot_id
       WHERE a.deleted_at IS NULL AND s.deleted_at IS NOT NULL`,
    )[0]!.n;
    expect(orphanAssignments).toBe(0);
    expect(deputiesOn(recorded.id)).toHaveLength(2);
  });
});

describe('duty plan: generating a year', () => {
  it('plans the rest of 2026 fairly, fast, and a second run changes nothing', async () => {
    const deputies = await addDeputies();
    const rule = await addRule();
    const before = rev();

    const shown = await preview({ from: '2026-01-01', to: '2026-12-31' });
    expect(rev()).toBe(before);
    expect(liveSlots()).toEqual([]);
    expect(shown.created).toHaveLength(70);
    expect(shown.created.every((r) => r.id === '')).toBe(true);

    const started = performance.now();
    const result = await runPlan({ from: '2026-01-01', to: '2026-12-31' });
    const took = performance.now() - started;
    expect(took).toBeLessThan(1000);

    // Wednesdays from today (05-06) to 12-30: 35 days, two slots each; none before today.
    expect(result.created).toHaveLength(70);
    expect(result).toMatchObject({ unchanged: 0, pastSkipped: 0, assigned: 140, warnings: [], removed: [] });
    expect(result.created[0]).toMatchObject({
      date: '2026-05-06',
      start: '09:00',
      end: '11:00',
      place: '联络站接待室',
    });
    expect(result.created.map((r) => r.date)).toEqual([...result.created.map((r) => r.date)].sort());
    expect({ ...shown, created: shown.created.map((r) => r.date) }).toEqual({
      ...result,
      created: result.created.map((r) => r.date),
    });
    const slots = liveSlots();
    expect(slots).toHaveLength(70);
    expect(slots.every((s) => s.rule_id === rule.id && s.capacity === 2 && s.hand_edited === 0)).toBe(true);
    // 10-07 (Wednesday) is 国庆节: moved to Thursday 10-08.
    const national = slots.filter((s) => s.planned_date === '2026-10-07');
    expect(national.map((s) => [s.date, s.moved_reason])).toEqual([
      ['2026-10-08', '国庆节顺延'],
      ['2026-10-08', '国庆节顺延'],
    ]);
    expect(result.created.map((r) => r.id).sort()).toEqual(slots.map((s) => s.id).sort());

    // Fair: 140 places over 7 deputies, 20 each; nobody on both slots of a day.
    const counts = new Map<string, number>();
    for (const s of slots) for (const id of deputiesOn(s.id)) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(deputies.map((d) => d.id).sort());
    expect(Math.max(...counts.values()) - Math.min(...counts.values())).toBeLessThanOrEqual(1);
    for (let i = 0; i < slots.length; i += 2)
      expect(new Set([...deputiesOn(slots[i]!.id), ...deputiesOn(slots[i + 1]!.id)]).size).toBe(4);

    const revAfter = rev();
    const again = await runPlan({ from: '2026-01-01', to: '2026-12-31' });
    expect(again).toEqual({
      created: [],
      moved: [],
      removed: [],
      unchanged: 70,
      keptEdited: [],
      pastSkipped: 0,
      assigned: 0,
      warnings: [],
    });
    expect(rev()).toBe(revAfter);
  });

  it('never creates or changes anything before today; the balance carries over', async () => {
    await addDeputies();
    const rule = await addRule();
    const first = await runPlan({ from: '2026-04-01', to: '2026-05-31' });
    expect(first.created.map((r) => r.date)).toEqual([
      '2026-05-06',
      '2026-05-06',
      '2026-05-13',
      '2026-05-13',
      '2026-05-20',
      '2026-05-20',
      '2026-05-27',
      '2026-05-27',
    ]);

    setToday('2026-05-20');
    const pastRows = liveSlots().filter((s) => s.date < '2026-05-20');
    // Drop the afternoon and move the place: only slots from today on follow.
    await call('duty.updateRule', {
      ...WEDNESDAYS,
      id: rule.id,
      place: '村委会二楼',
      times: [{ start: '09:00', end: '11:00' }],
    });
    const result = await runPlan({ from: '2026-04-01', to: '2026-06-30', reassign: true });
    expect(result.pastSkipped).toBe(4);
    expect(result.removed.map((r) => `${r.date} ${r.start}`)).toEqual([
      '2026-05-20 14:30',
      '2026-05-27 14:30',
    ]);
    expect(result.moved.map((r) => [r.date, r.place, r.fromDate])).toEqual([
      ['2026-05-20', '村委会二楼', '2026-05-20'],
      ['2026-05-27', '村委会二楼', '2026-05-27'],
    ]);
    expect(result.created.map((r) => r.date)).toEqual([
      '2026-06-03',
      '2026-06-10',
      '2026-06-17',
      '2026-06-24',
    ]);
    // The past rows are exactly as they were (same rev), afternoon included.
    const pastNow = liveSlots().filter((s) => s.date < '2026-05-20');
    expect(pastNow).toEqual(pastRows);

    // Counts carried over from May: over May 6 – June 24 nobody is more than one ahead.
    const counts = new Map<string, number>();
    for (const s of liveSlots()) for (const id of deputiesOn(s.id)) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect(Math.max(...counts.values()) - Math.min(...counts.values())).toBeLessThanOrEqual(1);
  });

  it('a removed rule time removes unedited future slots; something recorded stays with a warning', async () => {
    await addDeputies();
    const rule = await addRule();
    await runPlan({ from: '2026-05-01', to: '2026-05-31' });
    const recorded = liveSlots().find((s) => s.date === '2026-05-13' && s.start_time === '14:30')!;
    await setStatus(recorded.id, '请假');
    await call('duty.updateRule', { ...WEDNESDAYS, id: rule.id, times: [{ start: '09:00', end: '11:00' }] });

    const result = await runPlan({ from: '2026-05-01', to: '2026-05-31' });
    expect(result.removed.map((r) => r.date)).toEqual(['2026-05-06', '2026-05-20', '2026-05-27']);
    expect(result.warnings).toEqual([
      '2026-05-13 14:30–17:00 已登记到岗、请假等情况，规则里已没有这次值班，未删除，请手工处理',
    ]);
    expect(result.unchanged).toBe(4);
    expect(liveSlots().map((s) => `${s.date} ${s.start_time}`)).toEqual([
      '2026-05-06 09:00',
      '2026-05-13 09:00',
      '2026-05-13 14:30',
      '2026-05-20 09:00',
      '2026-05-27 09:00',
    ]);
    const live = sql<{ n: number }>(
      `SELECT count(*) AS n FROM duty_assignments a JOIN duty_slots s ON s.id = a.slot_id
       WHERE a.deleted_at IS NULL AND s.deleted_at IS NOT NULL`,
    )[0]!.n;
    expect(live).toBe(0);
  });
});

describe('duty plan: hand edits', () => {
  it('keeps hand edits on regeneration (keptEdited) unless told to overwrite them', async () => {
    await addDeputies();
    await addRule();
    await runPlan({ from: '2026-05-01', to: '2026-06-30' });
    const slots = liveSlots();
    const moved = slots.find((s) => s.date === '2026-05-20' && s.start_time === '09:00')!;
    const picked = slots.find((s) => s.date === '2026-05-27' && s.start_time === '09:00')!;
    const shifted = slots.find((s) => s.date === '2026-06-03' && s.start_time === '09:00')!;
    const pickedDeputies = deputiesOn(picked.id);
    // The clerk moved one slot to Thursday, started another half an hour later (its start time
    // is part of the plan's key) and hand-picked a third one's deputies.
    await handEdit(moved.id, { date: '2026-05-21' });
    await handEdit(shifted.id, { start_time: '09:30', end_time: '11:30' });
    await handEdit(picked.id, {});
    const movedDeputies = deputiesOn(moved.id);

    const before = rev();
    const kept = await runPlan({ from: '2026-05-01', to: '2026-06-30' });
    expect(kept.keptEdited).toEqual([
      { id: moved.id, date: '2026-05-21', start: '09:00', end: '11:00', place: '联络站接待室' },
      { id: shifted.id, date: '2026-06-03', start: '09:30', end: '11:30', place: '联络站接待室' },
    ]);
    expect(kept).toMatchObject({
      created: [],
      moved: [],
      removed: [],
      unchanged: 14,
      assigned: 0,
      warnings: [],
    });
    expect(rev()).toBe(before);
    // Reassigning would change both: both are listed and left alone.
    const reassign = await preview({ from: '2026-05-01', to: '2026-06-30', reassign: true });
    expect(reassign.keptEdited.map((r) => r.id)).toEqual([moved.id, picked.id, shifted.id]);

    const overwritten = await runPlan({ from: '2026-05-01', to: '2026-06-30', overwriteEdited: true });
    expect(overwritten.keptEdited).toEqual([]);
    expect(overwritten.moved).toEqual([
      {
        id: moved.id,
        date: '2026-05-20',
        start: '09:00',
        end: '11:00',
        place: '联络站接待室',
        fromDate: '2026-05-21',
      },
      {
        id: shifted.id,
        date: '2026-06-03',
        start: '09:00',
        end: '11:00',
        place: '联络站接待室',
        fromDate: '2026-06-03',
      },
    ]);
    expect(overwritten).toMatchObject({ created: [], removed: [], assigned: 4 });
    expect(liveSlots()).toHaveLength(16);
    const row = liveSlots().find((s) => s.id === moved.id)!;
    expect(row).toMatchObject({ date: '2026-05-20', hand_edited: 0 });
    expect(deputiesOn(moved.id)).toHaveLength(2);
    // Its old places were tombstoned and filled again.
    const tombstoned = sql<{ deputy_id: string }>(
      'SELECT deputy_id FROM duty_assignments WHERE slot_id = ? AND deleted_at IS NOT NULL ORDER BY deputy_id',
      moved.id,
    ).map((r) => r.deputy_id);
    expect(tombstoned).toEqual(movedDeputies);
    // The hand-picked slot was not something the plan changes: it keeps its deputies and its mark.
    expect(liveSlots().find((s) => s.id === picked.id)!.hand_edited).toBe(1);
    expect(deputiesOn(picked.id)).toEqual(pickedDeputies);
  });

  it('never touches slots added by hand; a new slot that would overlap one is not created', async () => {
    await addDeputies();
    await addRule();
    const handSlot = uuidv7();
    await writeTransaction(station.ctx, (trx, meta) =>
      insertSynced(
        trx,
        'duty_slots',
        {
          id: handSlot,
          rule_id: null,
          date: '2026-05-13',
          planned_date: '2026-05-13',
          moved_reason: '',
          start_time: '10:00',
          end_time: '12:00',
          place: '联络站接待室',
          capacity: 1,
          hand_edited: 1,
          note: '',
          notice_printed_at: null,
        },
        meta,
      ),
    );
    const result = await runPlan({ from: '2026-05-01', to: '2026-05-31' });
    expect(result.warnings).toEqual(['2026-05-13 09:00–11:00 与已有值班时间重叠，未生成']);
    expect(result.created).toHaveLength(7);
    // The hand slot is counted in no list and keeps its (empty) deputy list.
    expect(liveSlots().find((s) => s.id === handSlot)).toMatchObject({
      date: '2026-05-13',
      start_time: '10:00',
    });
    expect(deputiesOn(handSlot)).toEqual([]);
  });
});

describe('duty plan: who can serve', () => {
  it('skips a deputy on leave and one who resigned; warns when too few are left', async () => {
    const ds = await addDeputies(['赵一', '钱二', '孙三', '李四']);
    const [zhao, qian, sun, li] = ds as [DeputyDetail, DeputyDetail, DeputyDetail, DeputyDetail];
    // 钱二 is away for June; 孙三 resigns on 2026-06-15.
    await writeTransaction(station.ctx, (trx, meta) =>
      insertSynced(
        trx,
        'duty_leaves',
        {
          id: uuidv7(),
          deputy_id: qian.id,
          from_date: '2026-06-01',
          to_date: '2026-06-30',
          reason: '外出学习',
        },
        meta,
      ),
    );
    await call('roster.setStatus', { id: sun.id, status: '辞职', effectiveDate: '2026-06-15', note: '' });
    const rule = await addRule({
      times: [{ start: '09:00', end: '11:00' }],
      deputyIds: [zhao.id, qian.id, sun.id, li.id],
    });
    const result = await runPlan({ from: '2026-05-01', to: '2026-07-31', ruleId: rule.id });
    for (const s of liveSlots()) {
      const on = deputiesOn(s.id);
      if (s.date >= '2026-06-01' && s.date <= '2026-06-30') expect(on).not.toContain(qian.id);
      if (s.date >= '2026-06-15') expect(on).not.toContain(sun.id);
    }
    // Before the resignation 孙三 still took turns (listed on the rule).
    const sunDates = liveSlots()
      .filter((s) => deputiesOn(s.id).includes(sun.id))
      .map((s) => s.date);
    expect(sunDates.length).toBeGreaterThan(0);
    expect(sunDates.every((d) => d < '2026-06-15')).toBe(true);
    // From 06-17 to 06-24 only 赵一 and 李四 are left: still two per slot.
    expect(result.warnings).toEqual([]);

    // A rule without a pool takes every deputy in office (孙三 no longer): with 3 per slot in June
    // only 赵一 and 李四 are there.
    const june = await addRule({
      name: '六月加班',
      weekdays: [5],
      times: [{ start: '09:00', end: '11:00' }],
      deputiesPerSlot: 3,
      startDate: '2026-06-01',
      endDate: '2026-06-30',
    });
    const more = await runPlan({ from: '2026-06-01', to: '2026-06-30', ruleId: june.id });
    expect(more.created.map((r) => r.date)).toEqual(['2026-06-05', '2026-06-12', '2026-06-22', '2026-06-26']);
    expect(more.warnings).toEqual([
      '2026-06-05 09:00–11:00 只排到2位代表（每班3人）：可排的代表不够',
      '2026-06-12 09:00–11:00 只排到2位代表（每班3人）：可排的代表不够',
      '2026-06-22 09:00–11:00 只排到2位代表（每班3人）：可排的代表不够',
      '2026-06-26 09:00–11:00 只排到2位代表（每班3人）：可排的代表不够',
    ]);
    expect(more.assigned).toBe(8);
  });

  it('refuses an unknown rule', async () => {
    const error = await fails('duty.plan', { from: '2026-05-01', to: '2026-05-31', ruleId: uuidv7() });
    expect(error.code).toBe('NOT_FOUND');
  });
});
