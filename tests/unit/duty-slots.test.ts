import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { insertSynced } from '../../db/changes';
import type {
  CallName,
  DeputyFile,
  DutyLeave,
  DutyNotice,
  DutySlot,
  ReceptionDetail,
} from '../../main/api/contract';
import { dispatch } from '../../main/api/router';
import { writeTransaction } from '../../main/services/context';
import { DEFAULT_ACCEPT_SCOPE, slotAtStatement } from '../../main/services/duty';
import { callOk, openTempStation, SAMPLE_STATION } from '../helpers/station';
import { addDeputy, SAMPLE_RECEPTION } from '../helpers/receptions';

// The station's clock is fixed at Wednesday 2 December 2026, 10:00 (Asia/Shanghai); only Date
// is faked, so SQLite and promises run as usual.
const TODAY = '2026-12-02';
const at = (local: string) => new Date(`${local}+08:00`);

let station: Awaited<ReturnType<typeof openTempStation>>;
let zhang: string;
let li: string;
let wang: string;
let zhao: string;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(at(`${TODAY}T10:00:00`));
  station = await openTempStation();
  zhang = await addDeputy(station.ctx, { name: '张三', cardNumber: 'QS18-0001' });
  li = await addDeputy(station.ctx, {
    name: '李四',
    cardNumber: 'QS18-0002',
    levels: ['乡镇', '县'],
    workplacePost: '桃源村党支部书记',
  });
  wang = await addDeputy(station.ctx, { name: '王五', cardNumber: 'QS18-0003' });
  zhao = await addDeputy(station.ctx, { name: '赵六', cardNumber: 'QS18-0004' });
});
afterEach(async () => {
  await station.close();
  vi.useRealTimers();
});

const call = <T = DutySlot>(name: CallName, input: unknown): Promise<T> =>
  callOk<T>(station.ctx, name, input);

async function fails(name: CallName, input: unknown) {
  const result = await dispatch(name, input, station.ctx);
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('expected a failure');
  return result.error;
}

const create = (overrides: object = {}) =>
  call('duty.createSlot', {
    date: '2026-12-09',
    start: '09:00',
    end: '11:00',
    place: '联络站',
    capacity: 2,
    note: '',
    deputyIds: [],
    ...overrides,
  });

const update = (slot: DutySlot, overrides: object = {}) =>
  call('duty.updateSlot', {
    id: slot.id,
    date: slot.date,
    start: slot.start,
    end: slot.end,
    place: slot.place,
    capacity: slot.capacity,
    note: slot.note,
    ...overrides,
  });

/** The assignment id of a deputy's live (not swapped-out) place on a slot. */
function placeOf(slot: DutySlot, deputyId: string): string {
  const place = slot.assignments.find((a) => a.deputyId === deputyId && a.status !== '调换');
  if (!place) throw new Error(`no place for ${deputyId}`);
  return place.id;
}

const statuses = (slot: DutySlot) => slot.assignments.map((a) => [a.deputyName, a.status, a.reason]);

const resign = (id: string) =>
  call('roster.setStatus', { id, status: '辞职', effectiveDate: '2026-11-30', note: '' });

/** A slot the plan made (rule_id set, not edited by hand), written as the plan writes rows. */
async function insertRuleSlot(slot: { date: string; plannedDate: string; movedReason: string }) {
  const ruleId = '0190a000-0000-7000-8000-000000000001';
  const id = '0190a000-0000-7000-8000-000000000002';
  await writeTransaction(station.ctx, async (trx, meta) => {
    await insertSynced(
      trx,
      'duty_rules',
      {
        id: ruleId,
        name: '每周三接待日',
        kind: '每周',
        spec: '{}',
        place: '联络站',
        deputies_per_slot: 2,
        postpone_on_holiday: 1,
        start_date: '2026-01-01',
        end_date: '',
      },
      meta,
    );
    await insertSynced(
      trx,
      'duty_slots',
      {
        id,
        rule_id: ruleId,
        date: slot.date,
        planned_date: slot.plannedDate,
        moved_reason: slot.movedReason,
        start_time: '09:00',
        end_time: '11:00',
        place: '联络站',
        capacity: 2,
        hand_edited: 0,
        note: '',
        notice_printed_at: null,
      },
      meta,
    );
    await insertSynced(
      trx,
      'duty_assignments',
      {
        id: '0190a000-0000-7000-8000-000000000003',
        slot_id: id,
        deputy_id: zhang,
        status: '已排班',
        signed_in_at: null,
        signed_out_at: null,
        reason: '',
        swapped_with_deputy_id: null,
      },
      meta,
    );
  });
  return call('duty.getSlot', { id });
}

describe('duty slots: adding and changing by hand', () => {
  it('adds a slot on its own date, marked as edited by hand, with deputies in pinyin order', async () => {
    const s = await create({ deputyIds: [zhang, li] });
    expect(s).toMatchObject({
      ruleId: null,
      ruleName: '',
      date: '2026-12-09',
      plannedDate: '2026-12-09',
      movedReason: '',
      start: '09:00',
      end: '11:00',
      place: '联络站',
      capacity: 2,
      handEdited: true,
      noticePrintedAt: null,
    });
    expect(s.assignments.map((a) => [a.deputyName, a.status, a.signedInAt, a.swappedWith])).toEqual([
      ['李四', '已排班', null, null],
      ['张三', '已排班', null, null],
    ]);
    // Levels sorted from the highest, as everywhere else.
    expect(s.assignments[0]!.levels).toEqual(['县', '乡镇']);
    expect(await call('duty.getSlot', { id: s.id })).toEqual(s);
    // Written through the one write path: an audit entry per row.
    const audited = station.ctx.sqlite
      .prepare(
        `SELECT entity, count(*) AS n FROM audit_log WHERE entity LIKE 'duty_%' GROUP BY entity ORDER BY entity`,
      )
      .all();
    expect(audited).toEqual([
      { entity: 'duty_assignments', n: 2 },
      { entity: 'duty_slots', n: 1 },
    ]);
    // A range, and one deputy's slots.
    const other = await create({ date: '2026-12-16', deputyIds: [zhao] });
    const range = { from: '2026-12-01', to: '2026-12-31' };
    expect((await call<DutySlot[]>('duty.slots', range)).map((x) => x.id)).toEqual([s.id, other.id]);
    expect((await call<DutySlot[]>('duty.slots', { ...range, deputyId: zhao })).map((x) => x.id)).toEqual([
      other.id,
    ]);
    expect(await call<DutySlot[]>('duty.slots', { ...range, deputyId: wang })).toEqual([]);
  });

  it('refuses a slot whose end is not after its start (the contract says so, on the end field)', async () => {
    for (const end of ['08:00', '09:00']) {
      const e = await fails('duty.createSlot', {
        date: '2026-12-09',
        start: '09:00',
        end,
        place: '联络站',
        capacity: 2,
        deputyIds: [],
      });
      expect(e).toMatchObject({ code: 'VALIDATION', field: 'end' });
      expect(e.message).toContain('结束时间应晚于开始时间');
    }
    const s = await create();
    const e = await fails('duty.updateSlot', {
      id: s.id,
      date: s.date,
      start: '11:00',
      end: '10:00',
      place: s.place,
      capacity: 2,
    });
    expect(e).toMatchObject({ code: 'VALIDATION', field: 'end' });
  });

  it('refuses overlapping slots at one place; another place, another day or an adjoining time is fine', async () => {
    await create({ start: '09:00', end: '11:00' });
    for (const [start, end] of [
      ['10:00', '12:00'],
      ['08:00', '09:30'],
      ['08:00', '12:00'],
      ['09:30', '10:30'],
    ]) {
      const e = await fails('duty.createSlot', {
        date: '2026-12-09',
        start,
        end,
        place: '联络站',
        capacity: 2,
        deputyIds: [],
      });
      expect(e).toEqual({
        code: 'VALIDATION',
        message: '该地点这个时间已有值班（09:00–11:00），时间不能重叠',
        field: 'start',
      });
    }
    await create({ start: '11:00', end: '12:00' });
    await create({ start: '10:00', end: '12:00', place: '桃源村联络点' });
    await create({ date: '2026-12-10', start: '10:00', end: '12:00' });
    expect(
      (await call<DutySlot[]>('duty.slots', { from: '2026-12-01', to: '2026-12-31' })).map((s) => [
        s.date,
        s.start,
        s.place,
      ]),
    ).toEqual([
      ['2026-12-09', '09:00', '联络站'],
      ['2026-12-09', '10:00', '桃源村联络点'],
      ['2026-12-09', '11:00', '联络站'],
      ['2026-12-10', '10:00', '联络站'],
    ]);
  });

  it('refuses more deputies than the slot holds, a deputy twice, a deputy not in office or on leave', async () => {
    const tooMany = await fails('duty.createSlot', {
      date: '2026-12-09',
      start: '09:00',
      end: '11:00',
      place: '联络站',
      capacity: 1,
      deputyIds: [zhang, li],
    });
    expect(tooMany).toMatchObject({ code: 'VALIDATION', field: 'deputyIds' });
    expect(tooMany.message).toContain('每班1人');

    const twice = await fails('duty.createSlot', {
      date: '2026-12-09',
      start: '09:00',
      end: '11:00',
      place: '联络站',
      capacity: 3,
      deputyIds: [zhang, zhang],
    });
    expect(twice).toMatchObject({ code: 'VALIDATION', field: 'deputyIds' });
    expect(twice.message).toContain('同一位代表不能重复安排');

    await resign(li);
    const resigned = await fails('duty.createSlot', {
      date: '2026-12-09',
      start: '09:00',
      end: '11:00',
      place: '联络站',
      capacity: 2,
      deputyIds: [zhang, li],
    });
    expect(resigned).toEqual({
      code: 'VALIDATION',
      message: '李四已不在任（辞职），不能安排值班',
      field: 'deputyIds',
    });

    await call<DutyLeave>('duty.addLeave', {
      deputyId: wang,
      from: '2026-12-01',
      to: '2026-12-31',
      reason: '住院',
    });
    const onLeave = await fails('duty.createSlot', {
      date: '2026-12-09',
      start: '09:00',
      end: '11:00',
      place: '联络站',
      capacity: 2,
      deputyIds: [wang],
    });
    expect(onLeave).toMatchObject({ code: 'VALIDATION', field: 'deputyIds' });
    expect(onLeave.message).toContain('王五在2026-12-01至2026-12-31请假');

    expect(station.ctx.sqlite.prepare('SELECT count(*) AS n FROM duty_slots').get()).toEqual({ n: 0 });
    // The unique index backs the rule up below the service.
    const s = await create({ deputyIds: [zhang] });
    expect(() =>
      station.ctx.sqlite
        .prepare(
          `INSERT INTO duty_assignments (id, slot_id, deputy_id, status, reason, rev, created_at, updated_at)
           VALUES ('x', ?, ?, '已排班', '', 0, '', '')`,
        )
        .run(s.id, zhang),
    ).toThrow(/UNIQUE/);
  });

  it('updates a generated slot: marked as edited, planned date kept, moving it back to its day clears the reason', async () => {
    const s = await insertRuleSlot({
      date: '2026-12-10',
      plannedDate: '2026-12-09',
      movedReason: '示例节日顺延',
    });
    expect(s).toMatchObject({ ruleName: '每周三接待日', handEdited: false, movedReason: '示例节日顺延' });

    const noted = await update(s, { note: '请带好代表证' });
    expect(noted).toMatchObject({
      note: '请带好代表证',
      handEdited: true,
      date: '2026-12-10',
      plannedDate: '2026-12-09',
      movedReason: '示例节日顺延',
    });
    // 不顺延: back on the planned date, the slot did not move.
    const kept = await update(noted, { date: '2026-12-09' });
    expect(kept).toMatchObject({ date: '2026-12-09', plannedDate: '2026-12-09', movedReason: '' });

    // Saving its own time is no overlap; another slot's time is.
    await create({ date: '2026-12-09', start: '14:00', end: '16:00' });
    expect((await update(kept, { start: '09:30', end: '11:30' })).start).toBe('09:30');
    const e = await fails('duty.updateSlot', {
      id: s.id,
      date: '2026-12-09',
      start: '13:00',
      end: '14:30',
      place: '联络站',
      capacity: 2,
    });
    expect(e).toMatchObject({
      code: 'VALIDATION',
      field: 'start',
      message: expect.stringContaining('14:00–16:00'),
    });

    const two = await create({ date: '2026-12-16', deputyIds: [zhang, li] });
    const small = await fails('duty.updateSlot', { ...fields(two), capacity: 1 });
    expect(small).toMatchObject({ code: 'VALIDATION', field: 'capacity' });
    expect(small.message).toContain('已安排2位代表');
  });

  it('keeps the date and time of a past slot (history) and does not move a slot into the past', async () => {
    const past = await create({ date: '2026-11-25', deputyIds: [zhang] });
    const moved = await fails('duty.updateSlot', { ...fields(past), date: '2026-11-26' });
    expect(moved).toMatchObject({ code: 'VALIDATION', field: 'date' });
    expect(moved.message).toContain('11月25日，已经过去');
    const retimed = await fails('duty.updateSlot', { ...fields(past), start: '09:30' });
    expect(retimed).toMatchObject({ code: 'VALIDATION', field: 'start' });
    expect((await update(past, { note: '实到两人' })).note).toBe('实到两人');

    const future = await create({ date: '2026-12-09' });
    const back = await fails('duty.updateSlot', { ...fields(future), date: '2026-11-30' });
    expect(back).toMatchObject({
      code: 'VALIDATION',
      field: 'date',
      message: '值班日期不能改到今天以前，请核对',
    });
  });

  it('deletes a future slot with nothing recorded (tombstones); refuses one with records or in the past', async () => {
    const s = await create({ deputyIds: [zhang] });
    expect(await call('duty.deleteSlot', { id: s.id })).toEqual({ id: s.id });
    expect(await fails('duty.getSlot', { id: s.id })).toMatchObject({ code: 'NOT_FOUND' });
    const rows = station.ctx.sqlite
      .prepare('SELECT deleted_at IS NOT NULL AS gone FROM duty_assignments WHERE slot_id = ?')
      .all(s.id);
    expect(rows).toEqual([{ gone: 1 }]);
    expect(
      station.ctx.sqlite
        .prepare('SELECT deleted_at IS NOT NULL AS gone FROM duty_slots WHERE id = ?')
        .get(s.id),
    ).toEqual({ gone: 1 });

    const today = await create({ date: TODAY, deputyIds: [zhang, li] });
    await call('duty.signIn', { assignmentId: placeOf(today, zhang) });
    const recorded = await fails('duty.deleteSlot', { id: today.id });
    expect(recorded.code).toBe('INVALID_TRANSITION');
    expect(recorded.message).toContain('张三到岗');

    const past = await create({ date: '2026-11-25' });
    expect((await fails('duty.deleteSlot', { id: past.id })).message).toContain('已经过去');
  });

  it('sets a slot’s deputies: planned ones come and go, recorded ones stay, office, leave and size are checked', async () => {
    const s = await create({ date: TODAY, capacity: 3, deputyIds: [zhang, li] });
    await call('duty.signIn', { assignmentId: placeOf(s, zhang) });
    const removeSigned = await fails('duty.setDeputies', { slotId: s.id, deputyIds: [li] });
    expect(removeSigned).toMatchObject({ code: 'VALIDATION', field: 'deputyIds' });
    expect(removeSigned.message).toContain('张三已登记到岗');

    const changed = await call('duty.setDeputies', { slotId: s.id, deputyIds: [zhang, wang] });
    expect(statuses(changed)).toEqual([
      ['王五', '已排班', ''],
      ['张三', '到岗', ''],
    ]);
    expect(changed.handEdited).toBe(true);

    const tooMany = await fails('duty.setDeputies', { slotId: s.id, deputyIds: [zhang, wang, li, zhao] });
    expect(tooMany).toMatchObject({ code: 'VALIDATION', field: 'deputyIds' });
    expect((await fails('duty.setDeputies', { slotId: s.id, deputyIds: [zhang, zhang] })).message).toContain(
      '同一位代表不能重复安排',
    );
    await call<DutyLeave>('duty.addLeave', { deputyId: zhao, from: TODAY, to: TODAY, reason: '外出' });
    expect((await fails('duty.setDeputies', { slotId: s.id, deputyIds: [zhang, zhao] })).message).toContain(
      '赵六在2026-12-02至2026-12-02请假',
    );
    await resign(li);
    expect((await fails('duty.setDeputies', { slotId: s.id, deputyIds: [zhang, li] })).message).toBe(
      '李四已不在任（辞职），不能安排这一天的值班',
    );
    expect(statuses(await call('duty.getSlot', { id: s.id }))).toEqual(statuses(changed));
  });
});

function fields(s: DutySlot) {
  return {
    id: s.id,
    date: s.date,
    start: s.start,
    end: s.end,
    place: s.place,
    capacity: s.capacity,
    note: s.note,
  };
}

describe('duty day: signing in, leave, absence, swaps', () => {
  it('signs in only on today’s slot and records the PC clock’s time; signs out once', async () => {
    const today = await create({ date: TODAY, deputyIds: [zhang, li] });
    const next = await create({ date: '2026-12-09', deputyIds: [zhang] });
    const past = await create({ date: '2026-11-25', deputyIds: [zhang] });
    expect(await fails('duty.signIn', { assignmentId: placeOf(next, zhang) })).toEqual({
      code: 'VALIDATION',
      message: '只能为今天的值班签到，这个值班在12月9日',
      field: 'assignmentId',
    });
    expect((await fails('duty.signIn', { assignmentId: placeOf(past, zhang) })).message).toBe(
      '只能为今天的值班签到，这个值班在11月25日',
    );

    vi.setSystemTime(at(`${TODAY}T09:05:00`));
    const signed = await call('duty.signIn', { assignmentId: placeOf(today, zhang) });
    const place = signed.assignments.find((a) => a.deputyId === zhang)!;
    expect(place).toMatchObject({
      status: '到岗',
      signedInAt: '2026-12-02T09:05:00.000+08:00',
      signedOutAt: null,
    });
    const again = await fails('duty.signIn', { assignmentId: place.id });
    expect(again.code).toBe('INVALID_TRANSITION');
    expect(again.message).toContain('09:05');
    // Signing in is audited like every other write.
    expect(
      station.ctx.sqlite
        .prepare(`SELECT count(*) AS n FROM audit_log WHERE entity = 'duty_assignments' AND entity_id = ?`)
        .get(place.id),
    ).toEqual({ n: 2 });

    expect((await fails('duty.signOut', { assignmentId: placeOf(today, li) })).code).toBe(
      'INVALID_TRANSITION',
    );
    vi.setSystemTime(at(`${TODAY}T11:02:00`));
    const out = await call('duty.signOut', { assignmentId: place.id });
    expect(out.assignments.find((a) => a.deputyId === zhang)!.signedOutAt).toBe(
      '2026-12-02T11:02:00.000+08:00',
    );
    expect((await fails('duty.signOut', { assignmentId: place.id })).code).toBe('INVALID_TRANSITION');
  });

  it('records leave only in advance, absence only once the day has come, and undoes either', async () => {
    const today = await create({ date: TODAY, deputyIds: [zhang, li] });
    const next = await create({ date: '2026-12-09', deputyIds: [zhang, li] });
    const past = await create({ date: '2026-11-25', deputyIds: [zhang, li] });

    const leave = await call('duty.recordLeave', { assignmentId: placeOf(next, zhang), reason: '外出学习' });
    expect(statuses(leave)).toContainEqual(['张三', '请假', '外出学习']);
    expect(await fails('duty.recordLeave', { assignmentId: placeOf(past, zhang), reason: '生病' })).toEqual({
      code: 'VALIDATION',
      message: '已过去的值班不能请假，请登记缺席',
      field: 'assignmentId',
    });
    // Twice is refused: the place is no longer 已排班.
    expect(
      (await fails('duty.recordLeave', { assignmentId: placeOf(next, zhang), reason: '外出学习' })).code,
    ).toBe('INVALID_TRANSITION');

    const absentEarly = await fails('duty.recordAbsence', { assignmentId: placeOf(next, li), note: '' });
    expect(absentEarly).toMatchObject({ code: 'VALIDATION', field: 'assignmentId' });
    const absent = await call('duty.recordAbsence', {
      assignmentId: placeOf(past, zhang),
      note: '未请假未到',
    });
    expect(statuses(absent)).toContainEqual(['张三', '缺席', '未请假未到']);
    await call('duty.recordAbsence', { assignmentId: placeOf(today, li), note: '' });

    // Undo: back to 已排班 with nothing recorded.
    const cleared = await call('duty.clearAttendance', { assignmentId: placeOf(next, zhang) });
    expect(cleared.assignments.find((a) => a.deputyId === zhang)).toMatchObject({
      status: '已排班',
      reason: '',
      signedInAt: null,
    });
    expect((await fails('duty.clearAttendance', { assignmentId: placeOf(next, zhang) })).code).toBe(
      'INVALID_TRANSITION',
    );
    // Today's leave is still "in advance"; a deputy on leave who comes anyway signs in.
    await call('duty.recordLeave', { assignmentId: placeOf(today, zhang), reason: '家中有事' });
    const came = await call('duty.signIn', { assignmentId: placeOf(today, zhang) });
    expect(came.assignments.find((a) => a.deputyId === zhang)).toMatchObject({ status: '到岗', reason: '' });
    const undone = await call('duty.clearAttendance', { assignmentId: placeOf(today, zhang) });
    expect(undone.assignments.find((a) => a.deputyId === zhang)).toMatchObject({
      status: '已排班',
      signedInAt: null,
      signedOutAt: null,
    });
  });

  it('swaps: another deputy stands in; the old place stays as 调换 history', async () => {
    const s = await create({ date: TODAY, deputyIds: [zhang, wang] });
    const swapped = await call('duty.swap', { assignmentId: placeOf(s, zhang), deputyId: li });
    expect(swapped.handEdited).toBe(true);
    expect(
      swapped.assignments.map((a) => [a.deputyName, a.status, a.reason, a.swappedWith?.deputyName]),
    ).toEqual([
      ['李四', '已排班', '替张三值班', undefined],
      ['王五', '已排班', '', undefined],
      ['张三', '调换', '由李四替班', '李四'],
    ]);
    // The stand-in signs in; the swapped-out place cannot be swapped or signed again.
    const signed = await call('duty.signIn', { assignmentId: placeOf(swapped, li) });
    expect(signed.assignments.find((a) => a.deputyId === li)).toMatchObject({
      status: '到岗',
      reason: '替张三值班',
    });
    const old = swapped.assignments.find((a) => a.deputyId === zhang)!.id;
    expect((await fails('duty.swap', { assignmentId: old, deputyId: zhao })).code).toBe('INVALID_TRANSITION');
    expect((await fails('duty.signIn', { assignmentId: old })).code).toBe('INVALID_TRANSITION');
    // Zhang can be put back on the slot: the swapped-out row is history and holds no place.
    const back = await call('duty.setDeputies', { slotId: s.id, deputyIds: [li, zhang] });
    expect(statuses(back)).toEqual([
      ['李四', '到岗', '替张三值班'],
      ['张三', '调换', '由李四替班'],
      ['张三', '已排班', ''],
    ]);
  });

  it('swaps slot for slot: both slots are updated in one go', async () => {
    const mine = await create({ date: '2026-12-09', deputyIds: [zhang, wang] });
    const theirs = await create({ date: '2026-12-16', deputyIds: [li] });
    const a = await call('duty.swap', {
      assignmentId: placeOf(mine, zhang),
      deputyId: li,
      otherSlotId: theirs.id,
    });
    const b = await call('duty.getSlot', { id: theirs.id });
    expect(a.assignments.map((x) => [x.deputyName, x.status, x.reason, x.swappedWith?.deputyId])).toEqual([
      ['李四', '已排班', '与张三调换', undefined],
      ['王五', '已排班', '', undefined],
      ['张三', '调换', '与李四调换', li],
    ]);
    expect(b.assignments.map((x) => [x.deputyName, x.status, x.reason, x.swappedWith?.deputyId])).toEqual([
      ['李四', '调换', '与张三调换', zhang],
      ['张三', '已排班', '与李四调换', undefined],
    ]);
    expect([a.handEdited, b.handEdited]).toEqual([true, true]);
  });

  it('refuses a swap with a deputy not in office, on leave, already on the slot, or without a place there', async () => {
    const s = await create({ date: '2026-12-09', deputyIds: [zhang, wang] });
    const other = await create({ date: '2026-12-16', deputyIds: [zhao] });
    const past = await create({ date: '2026-11-25', deputyIds: [zhang] });
    const before = statuses(s);
    await resign(li);
    expect(await fails('duty.swap', { assignmentId: placeOf(s, zhang), deputyId: li })).toEqual({
      code: 'VALIDATION',
      message: '李四已不在任（辞职），不能调换',
      field: 'deputyId',
    });
    expect(await fails('duty.swap', { assignmentId: placeOf(s, zhang), deputyId: wang })).toMatchObject({
      code: 'VALIDATION',
      field: 'deputyId',
      message: '王五已在这个值班中，请选择别的代表',
    });
    // Zhao has no place to give on the slot named (their own is on 12-16).
    const wangs = await create({ date: '2026-12-23', deputyIds: [wang] });
    const noPlace = await fails('duty.swap', {
      assignmentId: placeOf(s, zhang),
      deputyId: zhao,
      otherSlotId: wangs.id,
    });
    expect(noPlace).toMatchObject({ code: 'VALIDATION', field: 'otherSlotId' });
    expect(noPlace.message).toContain('赵六在所选的值班中没有待值的安排');
    // Zhang is already on the other slot.
    const both = await create({ date: '2026-12-30', deputyIds: [zhang, zhao] });
    expect(
      await fails('duty.swap', { assignmentId: placeOf(s, zhang), deputyId: zhao, otherSlotId: both.id }),
    ).toMatchObject({ code: 'VALIDATION', field: 'otherSlotId', message: '张三已在所选的值班中，不能调换' });
    await call<DutyLeave>('duty.addLeave', {
      deputyId: zhao,
      from: '2026-12-09',
      to: '2026-12-09',
      reason: '开会',
    });
    expect(
      (await fails('duty.swap', { assignmentId: placeOf(s, zhang), deputyId: zhao, otherSlotId: other.id }))
        .message,
    ).toContain('赵六在2026-12-09至2026-12-09请假');
    expect((await fails('duty.swap', { assignmentId: placeOf(past, zhang), deputyId: wang })).message).toBe(
      '已过去的值班不能调换',
    );
    // Nothing was written by the refusals.
    expect(statuses(await call('duty.getSlot', { id: s.id }))).toEqual(before);
    expect(statuses(await call('duty.getSlot', { id: other.id }))).toEqual([['赵六', '已排班', '']]);
  });

  it('shows today’s slots and counts places of the last 90 days with nothing recorded', async () => {
    const today = await create({ date: TODAY, deputyIds: [zhang] });
    const past = await create({ date: '2026-11-25', deputyIds: [zhang, li] });
    await create({ date: '2026-08-01', deputyIds: [zhang] }); // more than 90 days ago
    await call('duty.recordAbsence', { assignmentId: placeOf(past, li), note: '' });
    const gone = await create({ date: '2026-11-18', deputyIds: [wang] });
    await station.ctx.db
      .updateTable('duty_slots')
      .set({ deleted_at: TODAY })
      .where('id', '=', gone.id)
      .execute();
    const result = await call<{ date: string; slots: DutySlot[]; unrecorded: number }>('duty.today', {});
    expect(result.date).toBe(TODAY);
    expect(result.slots.map((s) => s.id)).toEqual([today.id]);
    expect(result.unrecorded).toBe(1);
  });
});

describe('the reception-day notice (接待日公告)', () => {
  it('gives the date, time, place, the deputies who will receive, what the station accepts and when to post it', async () => {
    await call('station.setup', SAMPLE_STATION);
    const s = await create({ capacity: 3, deputyIds: [zhang, li, wang] });
    await call('duty.recordLeave', { assignmentId: placeOf(s, wang), reason: '外出' });
    await call('duty.swap', { assignmentId: placeOf(s, zhang), deputyId: zhao });
    const notice = await call<DutyNotice>('duty.notice', { slotId: s.id });
    expect(notice).toMatchObject({
      station: { name: SAMPLE_STATION.name, address: SAMPLE_STATION.address, phone: SAMPLE_STATION.phone },
      dateText: '2026年12月9日（星期三）',
      postBy: '2026-12-06',
      acceptScope: DEFAULT_ACCEPT_SCOPE,
    });
    expect(notice.slot).toMatchObject({ start: '09:00', end: '11:00', place: '联络站' });
    expect(notice.deputies).toEqual([
      { name: '李四', levels: ['县', '乡镇'], workplacePost: '桃源村党支部书记' },
      { name: '赵六', levels: ['乡镇'], workplacePost: '莲花镇卫生院院长' },
    ]);
    expect(DEFAULT_ACCEPT_SCOPE).toMatch(/意见建议.*诉讼.*仲裁.*行政复议.*信访/s);

    await call('duty.updateSettings', { acceptScope: '受理群众反映的各类意见建议。' });
    expect(await call('duty.settings', {})).toEqual({ acceptScope: '受理群众反映的各类意见建议。' });
    expect((await call<DutyNotice>('duty.notice', { slotId: s.id })).acceptScope).toBe(
      '受理群众反映的各类意见建议。',
    );
  });

  it('reminds of notices for the next 7 days not yet printed, late once the 3 days are short', async () => {
    const todays = await create({ date: TODAY, deputyIds: [zhang] });
    const in2 = await create({ date: '2026-12-04', deputyIds: [zhang] });
    const in3 = await create({ date: '2026-12-05', deputyIds: [zhang] });
    const in7 = await create({ date: '2026-12-09', deputyIds: [zhang] });
    await create({ date: '2026-12-10', deputyIds: [zhang] }); // 8 days ahead
    await create({ date: '2026-12-01', deputyIds: [zhang] }); // yesterday
    await create({ date: '2026-12-03' }); // nobody on it
    const allAway = await create({ date: '2026-12-06', deputyIds: [li] });
    await call('duty.recordLeave', { assignmentId: placeOf(allAway, li), reason: '出差' });
    const generated = await insertRuleSlot({
      date: '2026-12-08',
      plannedDate: '2026-12-08',
      movedReason: '',
    });

    type Due = { slotId: string; date: string; postBy: string; late: boolean };
    const due = await call<Due[]>('duty.noticesDue', {});
    expect(due.map((d) => [d.slotId, d.postBy, d.late])).toEqual([
      [todays.id, '2026-11-29', true],
      [in2.id, '2026-12-01', true],
      [in3.id, '2026-12-02', false],
      [generated.id, '2026-12-05', false],
      [in7.id, '2026-12-06', false],
    ]);

    // Printing is recorded and does not count as a hand edit.
    const printed = await call('duty.markNoticePrinted', { slotId: generated.id });
    expect(printed.noticePrintedAt).toBe('2026-12-02T10:00:00.000+08:00');
    expect(printed.handEdited).toBe(false);
    await call('duty.markNoticePrinted', { slotId: in3.id });
    expect((await call<Due[]>('duty.noticesDue', {})).map((d) => d.slotId)).toEqual([
      todays.id,
      in2.id,
      in7.id,
    ]);
    // A printed notice whose time changes must be printed again.
    const moved = await update(in3, { start: '14:00', end: '16:00' });
    expect(moved.noticePrintedAt).toBeNull();
    expect((await call<Due[]>('duty.noticesDue', {})).map((d) => d.slotId)).toContain(in3.id);
  });
});

describe('duty hooks: receptions, the registration form, the deputy file', () => {
  it('links a reception to the slot it was received in (30 minutes either side), not outside it', async () => {
    vi.setSystemTime(at(`${TODAY}T18:00:00`));
    const morning = await create({ date: TODAY, start: '09:00', end: '11:00', deputyIds: [zhang] });
    const afternoon = await create({ date: TODAY, start: '14:30', end: '17:00', deputyIds: [li] });
    const register = (time: string) =>
      call<ReceptionDetail>('receptions.create', { ...SAMPLE_RECEPTION, receivedAt: `${TODAY} ${time}` });
    expect((await register('09:30')).dutySlotId).toBe(morning.id);
    expect((await register('08:30')).dutySlotId).toBe(morning.id);
    expect((await register('11:30')).dutySlotId).toBe(morning.id);
    expect((await register('14:05')).dutySlotId).toBe(afternoon.id);
    expect((await register('08:29')).dutySlotId).toBeNull();
    const between = await register('12:30');
    expect(between.dutySlotId).toBeNull();
    expect(
      (
        await call<ReceptionDetail>('receptions.create', {
          ...SAMPLE_RECEPTION,
          receivedAt: '2026-12-01 09:30',
        })
      ).dutySlotId,
    ).toBeNull();

    // Correcting the time links it again; other corrections leave the link alone.
    const corrected = await call<ReceptionDetail>('receptions.update', {
      ...SAMPLE_RECEPTION,
      id: between.id,
      receivedAt: `${TODAY} 15:00`,
    });
    expect(corrected.dutySlotId).toBe(afternoon.id);
    const retitled = await call<ReceptionDetail>('receptions.update', {
      ...SAMPLE_RECEPTION,
      id: between.id,
      receivedAt: `${TODAY} 15:00`,
      title: '桃源村机耕路需要硬化',
    });
    expect(retitled.dutySlotId).toBe(afternoon.id);
    // A deleted slot links nothing.
    await call('duty.deleteSlot', { id: afternoon.id });
    expect((await register('15:00')).dutySlotId).toBeNull();
  });

  it('finds the slot with one read of the date index, without sorting (a save is on a 3 ms budget)', () => {
    const c = slotAtStatement(station.ctx.db, TODAY, '09:30').compile();
    const plan = (
      station.ctx.sqlite.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...(c.parameters as unknown[])) as {
        detail: string;
      }[]
    ).map((p) => p.detail);
    expect(plan).toEqual(['SEARCH duty_slots USING INDEX duty_slots_date (date=? AND start_time<?)']);
  });

  it('offers the deputies on duty today first on the registration form', async () => {
    const s = await create({ date: TODAY, capacity: 3, deputyIds: [zhang, li, zhao] });
    await create({ date: '2026-12-09', deputyIds: [wang] });
    await call('duty.recordLeave', { assignmentId: placeOf(s, li), reason: '外出' });
    await call('duty.signIn', { assignmentId: placeOf(s, zhao) });
    type Options = { deputies: { name: string; onDutyToday: boolean; presentNow: boolean }[] };
    const options = await call<Options>('receptions.formOptions', {});
    // On duty first; only 赵六 has signed in, so only he is present.
    expect(options.deputies.map((d) => [d.name, d.onDutyToday, d.presentNow])).toEqual([
      ['张三', true, false],
      ['赵六', true, true],
      ['李四', false, false],
      ['王五', false, false],
    ]);
    await call('duty.signOut', { assignmentId: placeOf(s, zhao) });
    const after = await call<Options>('receptions.formOptions', {});
    expect(after.deputies.find((d) => d.name === '赵六')?.presentNow).toBe(false);
  });

  it('lists the deputy’s duty places of the year in the deputy file', async () => {
    await create({ date: '2026-11-25', deputyIds: [zhang] });
    const today = await create({ date: TODAY, place: '莲花镇人大代表联络站', deputyIds: [zhang] });
    const next = await create({ date: '2026-12-09', start: '14:30', end: '17:00', deputyIds: [zhang] });
    const later = await create({ date: '2026-12-16', deputyIds: [zhang] });
    await create({ date: '2027-01-06', deputyIds: [zhang] });
    await create({ date: '2026-12-23', deputyIds: [li] });
    vi.setSystemTime(at(`${TODAY}T09:05:00`));
    await call('duty.signIn', { assignmentId: placeOf(today, zhang) });
    await call('duty.recordLeave', { assignmentId: placeOf(next, zhang), reason: '外出学习' });
    await call('duty.swap', { assignmentId: placeOf(later, zhang), deputyId: li });

    const file = await call<DeputyFile>('roster.deputyFile', { id: zhang, year: 2026 });
    const duty = file.sections.find((s) => s.key === 'duty')!;
    expect(duty.title).toBe('值班');
    expect(duty.total).toBe(4);
    expect(duty.items).toEqual([
      { date: '2026-11-25', title: '09:00–11:00 联络站', detail: '已排班，未登记到岗' },
      { date: '2026-12-02', title: '09:00–11:00 莲花镇人大代表联络站', detail: '到岗（09:05签到）' },
      { date: '2026-12-09', title: '14:30–17:00 联络站', detail: '请假：外出学习' },
      { date: '2026-12-16', title: '09:00–11:00 联络站', detail: '调换：由李四替班' },
    ]);
    const liFile = await call<DeputyFile>('roster.deputyFile', { id: li, year: 2026 });
    expect(liFile.sections.find((s) => s.key === 'duty')!.items.map((i) => [i.date, i.detail])).toEqual([
      ['2026-12-16', '已排班；替张三值班'],
      ['2026-12-23', '已排班'],
    ]);
  });
});

describe('deputies’ leave periods (暂停排班)', () => {
  it('registers periods, refuses an overlap for the same deputy, lists newest first and removes', async () => {
    const first = await call<DutyLeave>('duty.addLeave', {
      deputyId: zhang,
      from: '2026-12-10',
      to: '2026-12-20',
      reason: '外出学习',
    });
    expect(first).toMatchObject({
      deputyId: zhang,
      deputyName: '张三',
      from: '2026-12-10',
      to: '2026-12-20',
    });
    const overlap = await fails('duty.addLeave', {
      deputyId: zhang,
      from: '2026-12-15',
      to: '2026-12-25',
      reason: '住院',
    });
    expect(overlap).toMatchObject({ code: 'VALIDATION', field: 'from' });
    expect(overlap.message).toContain('张三在2026-12-10至2026-12-20已登记请假');
    // Another deputy, or the day after, is fine.
    await call<DutyLeave>('duty.addLeave', {
      deputyId: li,
      from: '2027-01-01',
      to: '2027-01-10',
      reason: '出国',
    });
    const adjoining = await call<DutyLeave>('duty.addLeave', {
      deputyId: zhang,
      from: '2026-12-21',
      to: '2026-12-31',
      reason: '住院',
    });
    expect((await call<DutyLeave[]>('duty.leaves', {})).map((l) => [l.deputyName, l.from])).toEqual([
      ['李四', '2027-01-01'],
      ['张三', '2026-12-21'],
      ['张三', '2026-12-10'],
    ]);
    expect(
      (
        await fails('duty.addLeave', {
          deputyId: '0190a000-0000-7000-8000-0000000000ff',
          from: TODAY,
          to: TODAY,
          reason: '无',
        })
      ).field,
    ).toBe('deputyId');

    expect(await call('duty.removeLeave', { id: adjoining.id })).toEqual({ id: adjoining.id });
    expect((await call<DutyLeave[]>('duty.leaves', {})).map((l) => l.id)).not.toContain(adjoining.id);
    expect(await fails('duty.removeLeave', { id: adjoining.id })).toMatchObject({ code: 'NOT_FOUND' });
    // The leave keeps the deputy off slots that day; once removed they may be planned again.
    expect(
      (
        await fails('duty.createSlot', {
          date: '2026-12-12',
          start: '09:00',
          end: '11:00',
          place: '联络站',
          capacity: 2,
          deputyIds: [zhang],
        })
      ).field,
    ).toBe('deputyIds');
    await call('duty.removeLeave', { id: first.id });
    expect((await create({ date: '2026-12-12', deputyIds: [zhang] })).assignments).toHaveLength(1);
  });
});
