import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DutyAttendance, DutyPlanResult, DutyRule, DutySlot } from '../../main/api/contract';
import { verifyAuditChain } from '../../db/audit';
import type { DutyAssignmentTable, DutyLeaveTable, DutySlotTable } from '../../db/schema';
import { dateInZone, localToIso } from '../../db/time';
import { seedDuty } from '../../main/services/duty-seed';
import { SEEDERS, runSeeders } from '../../main/services/seed';
import { callOk, openTempStation } from '../helpers/station';

/**
 * The duty seeder on a demo station of 30 deputies: three past years and up to the end of next
 * month of the two demo rules, attendance on past slots in the expected proportions, a few
 * leave periods the rotation respected, rows the duty service reads back, a valid audit chain,
 * and no second helping when seed runs again.
 */

let station: Awaited<ReturnType<typeof openTempStation>>;
let messages: string[];
let slots: DutySlotTable[];
let places: DutyAssignmentTable[];
let leaves: DutyLeaveTable[];
let today: string;

const all = <T>(sql: string, ...params: unknown[]) => station.ctx.sqlite.prepare(sql).all(...params) as T[];
const count = (table: string) =>
  (station.ctx.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

beforeAll(async () => {
  station = await openTempStation();
  messages = [];
  await runSeeders(station.ctx, { deputies: 30, receptions: 0 }, (m) => messages.push(m));
  today = dateInZone(new Date(), station.ctx.timeZone);
  slots = all<DutySlotTable>('SELECT * FROM duty_slots ORDER BY date, start_time');
  places = all<DutyAssignmentTable>('SELECT * FROM duty_assignments');
  leaves = all<DutyLeaveTable>('SELECT * FROM duty_leaves');
}, 60_000);
afterAll(() => station.close());

const year = () => Number(today.slice(0, 4));
const slotById = () => new Map(slots.map((s) => [s.id, s]));

describe('the duty seeder', () => {
  it('is registered after the roster and before the receptions, with --duty-years (default 3)', () => {
    const names = SEEDERS.map((s) => s.name);
    expect(names.indexOf('duty')).toBe(names.indexOf('deputies') + 1);
    expect(names.indexOf('duty')).toBeLessThan(names.indexOf('receptions'));
    expect(SEEDERS.find((s) => s.name === 'duty')?.options).toEqual([
      expect.objectContaining({ flag: 'duty-years', default: 3 }),
    ]);
    expect(messages.some((m) => /已生成值班：2 条规则/.test(m))).toBe(true);
  });

  it('makes the weekly and the monthly rule, which the rules service reads back', async () => {
    const rules = await callOk<DutyRule[]>(station.ctx, 'duty.rules', {});
    expect(rules).toHaveLength(2);
    const weekly = rules.find((r) => r.kind === '每周')!;
    expect(weekly).toMatchObject({
      weekdays: [3],
      times: [
        { start: '09:00', end: '11:30' },
        { start: '14:30', end: '17:00' },
      ],
      place: '联络站接待室',
      deputiesPerSlot: 2,
      postponeOnHoliday: true,
      startDate: `${year() - 3}-01-01`,
      endDate: '',
    });
    const monthly = rules.find((r) => r.kind === '每月')!;
    expect(monthly).toMatchObject({ monthDays: [15], months: [1, 3, 5, 7, 9, 11], deputiesPerSlot: 2 });
    expect(monthly.place).toMatch(/村民委员会/);
  });

  it('covers 1 January three years ago to the end of next month, holidays postponed', () => {
    const first = slots[0]!;
    expect(first.date >= `${year() - 3}-01-01` && first.date <= `${year() - 3}-01-09`).toBe(true);
    const m = Number(today.slice(5, 7));
    const endOfNext = new Date(Date.UTC(year(), m + 1, 0)).toISOString().slice(0, 10);
    const last = slots[slots.length - 1]!;
    expect(last.date > today && last.date <= endOfNext).toBe(true);
    expect(last.date.slice(0, 7)).toBe(endOfNext.slice(0, 7));
    // A full year has about 52 Wednesdays with two slots each, and six 15ths.
    const y = year() - 2;
    const inYear = slots.filter((s) => s.planned_date.startsWith(`${y}-`));
    const weekly = inYear.filter((s) => s.place === '联络站接待室');
    expect(weekly.length).toBeGreaterThanOrEqual(96);
    expect(weekly.length).toBeLessThanOrEqual(106);
    expect(inYear.length - weekly.length).toBe(6);
    // 节假日顺延: National Day's Wednesday moves; a moved slot says why and keeps its planned date.
    const moved = slots.filter((s) => s.moved_reason);
    expect(moved.some((s) => s.moved_reason === '国庆节顺延')).toBe(true);
    expect(moved.some((s) => s.moved_reason === '春节顺延')).toBe(true);
    for (const s of moved) expect(s.date > s.planned_date).toBe(true);
    expect(slots.every((s) => s.rule_id)).toBe(true);
  });

  it('puts two deputies on every slot, nobody on two overlapping slots of a day', () => {
    const bySlot = new Map<string, DutyAssignmentTable[]>();
    for (const p of places) bySlot.set(p.slot_id, [...(bySlot.get(p.slot_id) ?? []), p]);
    for (const s of slots) {
      const live = (bySlot.get(s.id) ?? []).filter((p) => p.status !== '调换');
      expect(live, s.date).toHaveLength(2);
      expect(new Set(live.map((p) => p.deputy_id)).size).toBe(2);
    }
    const slot = slotById();
    const byDeputyDay = new Map<string, DutySlotTable[]>();
    for (const p of places.filter((x) => x.status !== '调换')) {
      const s = slot.get(p.slot_id)!;
      const key = `${p.deputy_id} ${s.date}`;
      byDeputyDay.set(key, [...(byDeputyDay.get(key) ?? []), s]);
    }
    for (const day of byDeputyDay.values())
      for (let i = 0; i < day.length; i++)
        for (let j = i + 1; j < day.length; j++)
          expect(day[i]!.start_time < day[j]!.end_time && day[j]!.start_time < day[i]!.end_time).toBe(false);
  });

  it('records attendance on past slots in realistic proportions, leaves future ones planned', () => {
    const slot = slotById();
    const past = places.filter((p) => slot.get(p.slot_id)!.date < today);
    const future = places.filter((p) => slot.get(p.slot_id)!.date >= today);
    expect(future.length).toBeGreaterThan(0);
    expect(future.every((p) => p.status === '已排班')).toBe(true);
    expect(past.some((p) => p.status === '已排班')).toBe(false);
    const share = (status: string) => past.filter((p) => p.status === status).length / past.length;
    expect(share('到岗')).toBeGreaterThan(0.8);
    expect(share('到岗')).toBeLessThan(0.93);
    expect(share('请假')).toBeGreaterThan(0.03);
    expect(share('请假')).toBeLessThan(0.12);
    expect(share('缺席')).toBeGreaterThan(0.02);
    expect(share('缺席')).toBeLessThan(0.09);
    expect(share('调换')).toBeGreaterThan(0.005);
    expect(share('调换')).toBeLessThan(0.06);

    for (const p of past.filter((x) => x.status === '到岗')) {
      const s = slot.get(p.slot_id)!;
      const start = Date.parse(localToIso(`${s.date} ${s.start_time}`, station.ctx.timeZone));
      const end = Date.parse(localToIso(`${s.date} ${s.end_time}`, station.ctx.timeZone));
      const signedIn = Date.parse(p.signed_in_at!);
      const signedOut = Date.parse(p.signed_out_at!);
      expect(Math.abs(signedIn - start)).toBeLessThanOrEqual(16 * 60_000);
      expect(Math.abs(signedOut - end)).toBeLessThanOrEqual(21 * 60_000);
      expect(p.signed_in_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/);
    }
    for (const p of past.filter((x) => x.status === '请假')) expect(p.reason).not.toBe('');
    // A swap hands the place to someone who then kept it, on the same slot.
    for (const p of past.filter((x) => x.status === '调换')) {
      const standIn = past.find((o) => o.slot_id === p.slot_id && o.deputy_id === p.swapped_with_deputy_id);
      expect(standIn?.status).toBe('到岗');
      expect(p.reason).toMatch(/^由.+替班$/);
      // As duty.swap leaves it: the slot counts as changed by hand.
      expect(slot.get(p.slot_id)!.hand_edited).toBe(1);
    }
    const swappedSlots = new Set(past.filter((x) => x.status === '调换').map((x) => x.slot_id));
    expect(slots.filter((s) => s.hand_edited === 1).every((s) => swappedSlots.has(s.id))).toBe(true);
  });

  it('leaves three past leave periods, of different deputies, that the rotation respected', () => {
    expect(leaves).toHaveLength(3);
    expect(new Set(leaves.map((l) => l.deputy_id)).size).toBe(3);
    const slot = slotById();
    for (const l of leaves) {
      expect(l.to_date < today && l.from_date <= l.to_date).toBe(true);
      const during = places.filter((p) => {
        const d = slot.get(p.slot_id)!.date;
        return p.deputy_id === l.deputy_id && d >= l.from_date && d <= l.to_date;
      });
      expect(during).toEqual([]);
    }
  });

  it('balances the duty over the deputies (a few apart at most, leave and swaps included)', () => {
    const counts = new Map<string, number>();
    for (const p of places.filter((x) => x.status !== '调换'))
      counts.set(p.deputy_id, (counts.get(p.deputy_id) ?? 0) + 1);
    expect(counts.size).toBe(30);
    const n = [...counts.values()];
    expect(Math.max(...n) - Math.min(...n)).toBeLessThanOrEqual(6);
  });

  it('writes rows the duty service reads, with attendance figures to match', async () => {
    const from = `${year() - 1}-01-01`;
    const to = `${year() - 1}-12-31`;
    const read = await callOk<DutySlot[]>(station.ctx, 'duty.slots', { from, to: `${year() - 1}-03-31` });
    expect(read.length).toBeGreaterThan(20);
    expect(read.every((s) => s.assignments.length >= 2 && s.noticePrintedAt)).toBe(true);
    const figures = await callOk<DutyAttendance>(station.ctx, 'duty.attendance', { from, to });
    expect(figures.totals.rate).toBeGreaterThan(0.8);
    expect(figures.totals.rate).toBeLessThan(0.95);
    expect(figures.totals.unrecorded).toBe(0);
    expect(figures.deputies.length).toBeGreaterThan(20);
  });

  it('leaves nothing for the plan to change in the coming weeks', async () => {
    const result = await callOk<DutyPlanResult>(station.ctx, 'duty.planPreview', {
      from: today,
      to: slots[slots.length - 1]!.date,
    });
    expect(result.created).toEqual([]);
    expect(result.moved).toEqual([]);
    expect(result.removed).toEqual([]);
    expect(result.unchanged).toBe(slots.filter((s) => s.date >= today).length);
  });

  it('keeps the audit chain valid, one entry per row', () => {
    expect(verifyAuditChain(station.ctx.sqlite)).toMatchObject({ ok: true });
    for (const table of ['duty_rules', 'duty_slots', 'duty_assignments', 'duty_leaves']) {
      const audited = (
        station.ctx.sqlite
          .prepare('SELECT count(*) AS n FROM audit_log WHERE entity = ? AND action = ?')
          .get(table, 'create') as { n: number }
      ).n;
      expect(audited, table).toBe(count(table));
    }
  });

  it('does not add a second schedule when seed runs again, and --duty-years 0 adds none', async () => {
    const before = ['duty_rules', 'duty_slots', 'duty_assignments', 'duty_leaves'].map(count);
    const again: string[] = [];
    const reports = await runSeeders(station.ctx, { deputies: 0, receptions: 0 }, (m) => again.push(m));
    expect(reports.find((r) => r.name === 'duty')?.created).toEqual({});
    expect(again.some((m) => m.includes('已有值班规则'))).toBe(true);
    expect(['duty_rules', 'duty_slots', 'duty_assignments', 'duty_leaves'].map(count)).toEqual(before);

    const other = await openTempStation();
    try {
      await runSeeders(other.ctx, { deputies: 10, receptions: 0, 'duty-years': 0 }, () => {});
      expect(await seedDuty(other.ctx, { years: 0 })).toEqual({ name: 'duty', created: {} });
      const n = other.ctx.sqlite.prepare('SELECT count(*) AS n FROM duty_slots').get() as { n: number };
      expect(n.n).toBe(0);
    } finally {
      await other.close();
    }
  });
});
