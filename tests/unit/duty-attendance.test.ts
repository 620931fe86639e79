import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { insertSynced } from '../../db/changes';
import { uuidv7 } from '../../db/ids';
import type { AttendanceFigures, CallName, DutyAttendance, DutySlot } from '../../main/api/contract';
import { dispatch } from '../../main/api/router';
import { writeTransaction } from '../../main/services/context';
import { callOk, openTempStation } from '../helpers/station';
import { addDeputy } from '../helpers/receptions';

// Today at the station: Wednesday 2 December 2026.
const TODAY = '2026-12-02';

let station: Awaited<ReturnType<typeof openTempStation>>;
const ids: Record<string, string> = {};

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(`${TODAY}T10:00:00+08:00`));
  station = await openTempStation();
  const names = ['张三', '李四', '王五', '赵六', '钱七', '孙八'];
  for (const [i, name] of names.entries())
    ids[name] = await addDeputy(station.ctx, { name, cardNumber: `QS18-000${i + 1}` });
  // 钱七 left with places on the books; 孙八 left with none.
  for (const name of ['钱七', '孙八'])
    await call('roster.setStatus', { id: ids[name], status: '辞职', effectiveDate: '2026-11-20', note: '' });
});
afterEach(async () => {
  await station.close();
  vi.useRealTimers();
});

const call = <T>(name: CallName, input: unknown): Promise<T> => callOk<T>(station.ctx, name, input);

type Status = '已排班' | '到岗' | '请假' | '缺席' | '调换';

/**
 * Writes a slot with places in the given statuses, as the check-in would have left them (the
 * service only records attendance on today's slot, so history is written directly).
 */
async function slot(date: string, places: [string, Status, { deleted?: boolean }?][], deleted = false) {
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
    for (const [name, status, options] of places) {
      const id = uuidv7();
      await insertSynced(
        trx,
        'duty_assignments',
        {
          id,
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
      if (options?.deleted)
        await trx.updateTable('duty_assignments').set({ deleted_at: meta.at }).where('id', '=', id).execute();
    }
    if (deleted)
      await trx.updateTable('duty_slots').set({ deleted_at: meta.at }).where('id', '=', slotId).execute();
  });
}

/** The figures as a compact row: assigned, kept, leave, absent, unrecorded, swappedOut, upcoming, rate. */
const row = (f: AttendanceFigures) => [
  f.assigned,
  f.kept,
  f.leave,
  f.absent,
  f.unrecorded,
  f.swappedOut,
  f.upcoming,
  f.rate,
];

/**
 * The hand-built books (today 2026-12-02, period 2026-11-01 … 2026-12-31):
 *   10-28 张三 到岗                                   (before the period)
 *   11-04 张三 到岗, 李四 请假, 王五 缺席
 *   11-11 张三 到岗, 李四 调换, 王五 到岗
 *   11-18 张三 已排班 (nothing recorded), 钱七 到岗, 王五 到岗, 李四 到岗 (row deleted)
 *   11-25 张三 到岗                                   (slot deleted)
 *   12-02 张三 已排班 (today, not yet counted), 李四 到岗
 *   12-09 王五 已排班, 张三 请假 (asked in advance: upcoming until that day)
 *   2027-01-06 王五 已排班                            (after the period)
 */
async function books() {
  await slot('2026-10-28', [['张三', '到岗']]);
  await slot('2026-11-04', [
    ['张三', '到岗'],
    ['李四', '请假'],
    ['王五', '缺席'],
  ]);
  await slot('2026-11-11', [
    ['张三', '到岗'],
    ['李四', '调换'],
    ['王五', '到岗'],
  ]);
  await slot('2026-11-18', [
    ['张三', '已排班'],
    ['钱七', '到岗'],
    ['王五', '到岗'],
    ['李四', '到岗', { deleted: true }],
  ]);
  await slot('2026-11-25', [['张三', '到岗']], true);
  await slot(TODAY, [
    ['张三', '已排班'],
    ['李四', '到岗'],
  ]);
  await slot('2026-12-09', [
    ['王五', '已排班'],
    ['张三', '请假'],
  ]);
  await slot('2027-01-06', [['王五', '已排班']]);
}

const PERIOD = { from: '2026-11-01', to: '2026-12-31' };

describe('duty attendance figures (进站率)', () => {
  it('counts each deputy’s places and the station’s totals over a period', async () => {
    await books();
    const figures = await call<DutyAttendance>('duty.attendance', PERIOD);
    expect(figures.from).toBe(PERIOD.from);
    expect(figures.to).toBe(PERIOD.to);
    // Everyone in office (赵六 with nothing: rate null) and 钱七, who left but served; 孙八 did neither.
    // Pinyin order: lisi, qianqi, wangwu, zhangsan, zhaoliu.
    expect(figures.deputies.map((d) => [d.name, ...row(d)])).toEqual([
      ['李四', 2, 1, 1, 0, 0, 1, 0, 0.5],
      ['钱七', 1, 1, 0, 0, 0, 0, 0, 1],
      ['王五', 3, 2, 0, 1, 0, 0, 1, 2 / 3],
      ['张三', 3, 2, 0, 0, 1, 0, 2, 2 / 3],
      ['赵六', 0, 0, 0, 0, 0, 0, 0, null],
    ]);
    expect(figures.deputies.map((d) => d.deputyId)).toEqual(
      ['李四', '钱七', '王五', '张三', '赵六'].map((n) => ids[n]),
    );
    expect(row(figures.totals)).toEqual([9, 6, 1, 1, 1, 1, 3, 2 / 3]);
  });

  it('narrows to one deputy, zeros and a null rate included', async () => {
    await books();
    const one = await call<DutyAttendance>('duty.attendance', { ...PERIOD, deputyId: ids['张三'] });
    expect(one.deputies.map((d) => [d.name, ...row(d)])).toEqual([['张三', 3, 2, 0, 0, 1, 0, 2, 2 / 3]]);
    expect(row(one.totals)).toEqual([3, 2, 0, 0, 1, 0, 2, 2 / 3]);

    const idle = await call<DutyAttendance>('duty.attendance', { ...PERIOD, deputyId: ids['赵六'] });
    expect(idle.deputies.map((d) => [d.name, ...row(d)])).toEqual([['赵六', 0, 0, 0, 0, 0, 0, 0, null]]);
    expect(idle.totals.rate).toBeNull();

    // A period holding only October: 张三's one kept place.
    const october = await call<DutyAttendance>('duty.attendance', {
      from: '2026-10-01',
      to: '2026-10-31',
      deputyId: ids['张三'],
    });
    expect(row(october.totals)).toEqual([1, 1, 0, 0, 0, 0, 0, 1]);
  });

  it('follows the check-in: a sign-in today counts at once, a place still planned today does not', async () => {
    const s = await call<DutySlot>('duty.createSlot', {
      date: TODAY,
      start: '09:00',
      end: '11:00',
      place: '联络站',
      capacity: 2,
      deputyIds: [ids['张三'], ids['李四']],
    });
    const before = await call<DutyAttendance>('duty.attendance', PERIOD);
    expect(row(before.totals)).toEqual([0, 0, 0, 0, 0, 0, 2, null]);
    const zhang = s.assignments.find((a) => a.deputyName === '张三')!.id;
    await call('duty.signIn', { assignmentId: zhang });
    const after = await call<DutyAttendance>('duty.attendance', { ...PERIOD, deputyId: ids['张三'] });
    expect(row(after.totals)).toEqual([1, 1, 0, 0, 0, 0, 0, 1]);
  });

  it('refuses a period that ends before it starts, and an unknown deputy', async () => {
    const backwards = await dispatch(
      'duty.attendance',
      { from: '2026-12-31', to: '2026-11-01' },
      station.ctx,
    );
    expect(backwards.ok).toBe(false);
    if (!backwards.ok) expect(backwards.error).toMatchObject({ code: 'VALIDATION', field: 'to' });
    const unknown = await dispatch(
      'duty.attendance',
      { ...PERIOD, deputyId: '0190a000-0000-7000-8000-0000000000ff' },
      station.ctx,
    );
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.code).toBe('NOT_FOUND');
  });
});
