import type { Kysely, Transaction } from 'kysely';
import { insertSynced, tombstoneSynced, updateSynced, type WriteMeta } from '../../db/changes';
import { uuidv7 } from '../../db/ids';
import type { DB, DutySlotTable } from '../../db/schema';
import type { DutyPlanResult, DutyRule } from '../api/contract';
import { ErrorCode, StationError } from '../api/errors';
import { writeTransaction, type ServiceContext } from './context';
import { expandRule, rotate, type PlannedSlot, type RotationSlot } from './duty-calendar';
import { readRules, ruleSpec } from './duty-rules';
import { loadHolidayCalendar } from './holidays';
import { todayAt } from './receptions';

/**
 * Generating slots from the rules and filling them by rotation. `planPreview` and `plan` run
 * the same computation; only `plan` writes it, in one transaction. Nothing dated before today
 * is created or changed; slots added by hand (no rule) are never touched; slots changed by
 * hand are left alone unless the clerk chose to overwrite them.
 */

export interface PlanOptions {
  from: string;
  to: string;
  ruleId?: string;
  overwriteEdited: boolean;
  reassign: boolean;
}

type SlotRow = Pick<
  DutySlotTable,
  | 'id'
  | 'rule_id'
  | 'date'
  | 'planned_date'
  | 'moved_reason'
  | 'start_time'
  | 'end_time'
  | 'place'
  | 'capacity'
  | 'hand_edited'
  | 'notice_printed_at'
>;
interface AssignmentRow {
  id: string;
  slot_id: string;
  deputy_id: string;
  status: string;
}
type Ref = DutyPlanResult['created'][number];
type SlotChanges = Partial<Omit<SlotRow, 'id' | 'rule_id' | 'planned_date'>>;

interface NewSlot {
  id: string;
  rule: DutyRule;
  planned: PlannedSlot;
}

/** A slot the rotation fills: where it is, how many it needs, who may take it. */
interface FillTarget {
  slotId: string;
  date: string;
  start: string;
  end: string;
  capacity: number;
  candidates: string[];
}

/** Everything the plan would do; `plan` writes it, `planPreview` only reports it. */
interface Computation {
  result: DutyPlanResult;
  removals: SlotRow[];
  updates: { slot: SlotRow; changes: SlotChanges }[];
  creations: NewSlot[];
  /** Assignments tombstoned before the slot is filled again. */
  cleared: string[];
  fills: { slotId: string; deputyIds: string[] }[];
}

const keyOf = (ruleId: string, plannedDate: string, start: string) => `${ruleId}|${plannedDate}|${start}`;
const slotText = (date: string, start: string, end: string) => `${date} ${start}–${end}`;
const overlaps = (a: { start: string; end: string }, b: { start: string; end: string }) =>
  a.start < b.end && b.start < a.end;
const byDateTime = <T extends { date: string; start: string }>(a: T, b: T) =>
  a.date.localeCompare(b.date) || a.start.localeCompare(b.start);

const refOf = (s: SlotRow): Ref => ({
  id: s.id,
  date: s.date,
  start: s.start_time,
  end: s.end_time,
  place: s.place,
});

/** Live slots at each date (after the plan's own removals and moves), for the overlap check. */
class Occupancy {
  private byDate = new Map<string, { id: string; start: string; end: string; place: string }[]>();

  add(o: { id: string; date: string; start: string; end: string; place: string }): void {
    let list = this.byDate.get(o.date);
    if (!list) this.byDate.set(o.date, (list = []));
    list.push({ id: o.id, start: o.start, end: o.end, place: o.place });
  }

  remove(id: string, date: string): void {
    const list = this.byDate.get(date);
    if (list)
      this.byDate.set(
        date,
        list.filter((o) => o.id !== id),
      );
  }

  clash(slot: { id: string; date: string; start: string; end: string; place: string }): boolean {
    return (this.byDate.get(slot.date) ?? []).some(
      (o) => o.id !== slot.id && o.place === slot.place && overlaps(o, slot),
    );
  }
}

async function compute(db: Kysely<DB>, input: PlanOptions, today: string): Promise<Computation> {
  const rules = await readRules(db, input.ruleId);
  if (input.ruleId && rules.length === 0)
    throw new StationError(ErrorCode.notFound, '找不到这条值班规则，可能已被删除。请刷新后重试。', 'ruleId');
  const ruleById = new Map(rules.map((r) => [r.id, r]));
  const fromYear = Number(input.from.slice(0, 4));
  const calendar = await loadHolidayCalendar(db, fromYear, Number(input.to.slice(0, 4)));

  const desired: (PlannedSlot & { rule: DutyRule; key: string })[] = [];
  for (const rule of rules)
    for (const p of expandRule(ruleSpec(rule), input.from, input.to, calendar))
      desired.push({ ...p, rule, key: keyOf(rule.id, p.plannedDate, p.start) });
  desired.sort(byDateTime);
  // A slot planned near `to` may land a few days after it.
  const lastDate = desired.reduce((max, d) => (d.date > max ? d.date : max), input.to);
  const yearStart = `${fromYear}-01-01`;

  // Every live slot the plan may meet: this year's up to the last date (counts, overlaps),
  // and the rules' slots planned in the range wherever they landed.
  const slots: SlotRow[] = await db
    .selectFrom('duty_slots')
    .select([
      'id',
      'rule_id',
      'date',
      'planned_date',
      'moved_reason',
      'start_time',
      'end_time',
      'place',
      'capacity',
      'hand_edited',
      'notice_printed_at',
    ])
    .where('deleted_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('date', '>=', yearStart), eb('date', '<=', lastDate)]),
        eb.and([
          eb('rule_id', 'is not', null),
          eb('planned_date', '>=', input.from),
          eb('planned_date', '<=', input.to),
        ]),
      ]),
    )
    .execute();
  const assignments: AssignmentRow[] = await db
    .selectFrom('duty_assignments as a')
    .innerJoin('duty_slots as s', 's.id', 'a.slot_id')
    .select(['a.id', 'a.slot_id', 'a.deputy_id', 'a.status'])
    .where('a.deleted_at', 'is', null)
    .where('s.deleted_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('s.date', '>=', yearStart), eb('s.date', '<=', lastDate)]),
        eb.and([
          eb('s.rule_id', 'is not', null),
          eb('s.planned_date', '>=', input.from),
          eb('s.planned_date', '<=', input.to),
        ]),
      ]),
    )
    .orderBy('a.id')
    .execute();
  const deputies = await db
    .selectFrom('deputies')
    .select(['id', 'status', 'status_date'])
    .where('deleted_at', 'is', null)
    .orderBy('name_pinyin')
    .orderBy('id')
    .execute();
  const leaves = await db
    .selectFrom('duty_leaves')
    .select(['deputy_id', 'from_date', 'to_date'])
    .where('deleted_at', 'is', null)
    .where('to_date', '>=', yearStart)
    .where('from_date', '<=', lastDate)
    .execute();

  const bySlot = new Map<string, AssignmentRow[]>();
  for (const a of assignments) {
    let list = bySlot.get(a.slot_id);
    if (!list) bySlot.set(a.slot_id, (list = []));
    list.push(a);
  }
  const recorded = (slotId: string) => (bySlot.get(slotId) ?? []).some((a) => a.status !== '已排班');

  const occupancy = new Occupancy();
  for (const s of slots)
    occupancy.add({ id: s.id, date: s.date, start: s.start_time, end: s.end_time, place: s.place });

  // The rules' existing slots planned in the range, by (rule, planned date, start).
  const existing = new Map<string, SlotRow>();
  const duplicates: SlotRow[] = [];
  let pastSkipped = 0;
  for (const s of slots) {
    if (!s.rule_id || !ruleById.has(s.rule_id) || s.planned_date < input.from || s.planned_date > input.to)
      continue;
    if (s.date < today) pastSkipped++;
    const key = keyOf(s.rule_id, s.planned_date, s.start_time);
    if (existing.has(key)) duplicates.push(s);
    else existing.set(key, s);
  }
  const wanted = new Map(desired.filter((d) => d.date >= today).map((d) => [d.key, d]));

  // A hand edit may have changed a slot's start time, which is part of the key. Such a slot
  // is paired with its rule day's unmatched time, in time order, so regeneration sees it as
  // that slot (edited) instead of creating the slot a second time.
  const matched = new Map(existing);
  const looseEdited = new Map<string, SlotRow[]>();
  for (const [key, s] of existing)
    if (s.hand_edited === 1 && s.date >= today && !wanted.has(key)) {
      const day = `${s.rule_id}|${s.planned_date}`;
      looseEdited.set(day, [...(looseEdited.get(day) ?? []), s]);
    }
  for (const [day, list] of looseEdited) {
    const open = desired.filter((d) => `${d.rule.id}|${d.plannedDate}` === day && !existing.has(d.key));
    list.sort((a, b) => a.start_time.localeCompare(b.start_time));
    open.forEach((d, i) => {
      const s = list[i];
      if (!s || d.date < today) return;
      matched.set(d.key, s);
      matched.delete(keyOf(s.rule_id!, s.planned_date, s.start_time));
    });
  }
  const keptIds = new Set([...wanted.keys()].map((key) => matched.get(key)?.id));

  const warnings: { date: string; start: string; text: string }[] = [];
  const warn = (date: string, start: string, text: string) => warnings.push({ date, start, text });
  const created: Ref[] = [];
  const moved: DutyPlanResult['moved'] = [];
  const removed: Ref[] = [];
  const keptEdited: Ref[] = [];
  let unchanged = 0;
  const removals: SlotRow[] = [];
  const updates: Computation['updates'] = [];
  const creations: NewSlot[] = [];
  const removedIds = new Set<string>();
  /** Slots whose assignments are cleared and filled again; slots only topped up. */
  const refill = new Set<string>();
  const topUp = new Set<string>();
  /** Where each slot ends up (new position for moved ones). */
  const position = new Map<string, { date: string; start: string; end: string; capacity: number }>();
  for (const s of slots)
    position.set(s.id, { date: s.date, start: s.start_time, end: s.end_time, capacity: s.capacity });

  // 1. Future slots the rules no longer produce: removed first, so new slots may take their place.
  const orphans = [...existing.values(), ...duplicates]
    .filter((s) => !keptIds.has(s.id))
    .sort((a, b) => a.date.localeCompare(b.date) || a.start_time.localeCompare(b.start_time));
  for (const s of orphans) {
    if (s.date < today) continue;
    if (s.hand_edited === 1 && !input.overwriteEdited) {
      keptEdited.push(refOf(s));
      continue;
    }
    if (recorded(s.id)) {
      warn(
        s.date,
        s.start_time,
        `${slotText(s.date, s.start_time, s.end_time)} 已登记到岗、请假等情况，规则里已没有这次值班，未删除，请手工处理`,
      );
      continue;
    }
    removals.push(s);
    removedIds.add(s.id);
    removed.push(refOf(s));
    occupancy.remove(s.id, s.date);
  }

  // 2. The rules' slots: keep, move or create.
  for (const d of desired) {
    if (d.date < today) continue;
    const e = matched.get(d.key);
    if (e) {
      if (e.date < today) continue; // the slot already happened where it was: never touched
      const changes: SlotChanges = {};
      if (e.date !== d.date) changes.date = d.date;
      if (e.moved_reason !== d.movedReason) changes.moved_reason = d.movedReason;
      if (e.start_time !== d.start) changes.start_time = d.start;
      if (e.end_time !== d.end) changes.end_time = d.end;
      if (e.place !== d.rule.place) changes.place = d.rule.place;
      if (e.capacity !== d.rule.deputiesPerSlot) changes.capacity = d.rule.deputiesPerSlot;
      const divergent = Object.keys(changes).length > 0;
      const isRecorded = recorded(e.id);
      const reassign = input.reassign && !isRecorded;
      const edited = e.hand_edited === 1;
      if (edited && !divergent && !reassign) {
        unchanged++;
        continue;
      }
      if (edited && !input.overwriteEdited) {
        keptEdited.push(refOf(e));
        continue;
      }
      if (isRecorded) {
        if (divergent)
          warn(
            e.date,
            e.start_time,
            `${slotText(e.date, e.start_time, e.end_time)} 已登记到岗、请假等情况，未按规则调整，请手工处理`,
          );
        else {
          unchanged++;
          if (!edited) topUp.add(e.id);
        }
        continue;
      }
      if (divergent) {
        const at = { id: e.id, date: d.date, start: d.start, end: d.end, place: d.rule.place };
        if (occupancy.clash(at)) {
          warn(e.date, e.start_time, `${slotText(d.date, d.start, d.end)} 与已有值班时间重叠，未调整`);
          if (!edited) topUp.add(e.id);
          continue;
        }
        // A printed notice no longer matches the slot.
        if (e.notice_printed_at) changes.notice_printed_at = null;
        if (edited) changes.hand_edited = 0;
        updates.push({ slot: e, changes });
        moved.push({
          id: e.id,
          date: d.date,
          start: d.start,
          end: d.end,
          place: d.rule.place,
          fromDate: e.date,
        });
        occupancy.remove(e.id, e.date);
        occupancy.add(at);
        position.set(e.id, { date: d.date, start: d.start, end: d.end, capacity: d.rule.deputiesPerSlot });
      } else {
        unchanged++;
        if (edited) updates.push({ slot: e, changes: { hand_edited: 0 } });
      }
      // A new size, a hand edit overwritten or a reassignment fills the slot afresh.
      if (edited || reassign || changes.capacity !== undefined) refill.add(e.id);
      else topUp.add(e.id);
      continue;
    }
    const at = { id: '', date: d.date, start: d.start, end: d.end, place: d.rule.place };
    if (occupancy.clash(at)) {
      warn(d.date, d.start, `${slotText(d.date, d.start, d.end)} 与已有值班时间重叠，未生成`);
      continue;
    }
    const id = uuidv7();
    creations.push({ id, rule: d.rule, planned: d });
    created.push({ ...at, id });
    occupancy.add({ ...at, id });
    position.set(id, { date: d.date, start: d.start, end: d.end, capacity: d.rule.deputiesPerSlot });
  }

  // 3. The rotation, over the year so far so the balance carries over.
  const inOffice = new Map(deputies.map((d) => [d.id, d]));
  const leavesOf = new Map<string, { from_date: string; to_date: string }[]>();
  for (const l of leaves) {
    let list = leavesOf.get(l.deputy_id);
    if (!list) leavesOf.set(l.deputy_id, (list = []));
    list.push(l);
  }
  const available = (id: string, date: string): boolean => {
    const d = inOffice.get(id);
    if (!d) return false;
    if (d.status !== '在任' && !(d.status_date && date < d.status_date)) return false;
    return !(leavesOf.get(id) ?? []).some((l) => l.from_date <= date && date <= l.to_date);
  };
  const serving = deputies.filter((d) => d.status === '在任').map((d) => d.id);
  const poolOf = (rule: DutyRule) => (rule.deputyIds.length ? rule.deputyIds : serving);

  const cleared: string[] = [];
  const fixedOf = (slotId: string): string[] => {
    if (refill.has(slotId)) return [];
    return (bySlot.get(slotId) ?? []).filter((a) => a.status !== '调换').map((a) => a.deputy_id);
  };
  for (const id of [...refill, ...removedIds]) for (const a of bySlot.get(id) ?? []) cleared.push(a.id);

  const targets = new Map<string, FillTarget>();
  const target = (slotId: string, rule: DutyRule) => {
    const p = position.get(slotId)!;
    targets.set(slotId, { slotId, ...p, candidates: poolOf(rule) });
  };
  const slotById = new Map(slots.map((s) => [s.id, s]));
  for (const id of [...refill, ...topUp]) target(id, ruleById.get(slotById.get(id)!.rule_id!)!);
  // New deputies on a slot: its printed notice is out of date.
  for (const id of refill) {
    const s = slotById.get(id)!;
    if (!s.notice_printed_at) continue;
    const u = updates.find((x) => x.slot.id === id);
    if (u) u.changes.notice_printed_at = null;
    else updates.push({ slot: s, changes: { notice_printed_at: null } });
  }
  for (const c of creations) target(c.id, c.rule);

  const timeline: (RotationSlot & { slotId: string; start: string; end: string })[] = [];
  for (const s of slots) {
    if (removedIds.has(s.id) || targets.has(s.id)) continue;
    const p = position.get(s.id)!;
    if (p.date < yearStart || p.date > input.to) continue;
    const fixed = fixedOf(s.id);
    timeline.push({ slotId: s.id, date: p.date, start: p.start, end: p.end, capacity: fixed.length, fixed });
  }
  for (const t of targets.values())
    timeline.push({
      slotId: t.slotId,
      date: t.date,
      start: t.start,
      end: t.end,
      capacity: t.capacity,
      fixed: fixedOf(t.slotId),
      candidates: t.candidates,
    });
  timeline.sort(byDateTime);
  const chosen = rotate(timeline, { candidates: deputies.map((d) => d.id), available });

  const fills: Computation['fills'] = [];
  let assigned = 0;
  timeline.forEach((slot, i) => {
    if (!targets.has(slot.slotId)) return;
    const ids = chosen[i]!;
    if (ids.length) fills.push({ slotId: slot.slotId, deputyIds: ids });
    assigned += ids.length;
    const total = slot.fixed.length + ids.length;
    if (total < slot.capacity)
      warn(
        slot.date,
        slot.start,
        `${slotText(slot.date, slot.start, slot.end)} ${
          total ? `只排到${total}位代表` : '没有排到代表'
        }（每班${slot.capacity}人）：可排的代表不够`,
      );
  });

  const inOrder = <T extends Ref>(list: T[]) => list.sort(byDateTime);
  return {
    result: {
      created: inOrder(created),
      moved: inOrder(moved),
      removed: inOrder(removed),
      unchanged,
      keptEdited: inOrder(keptEdited),
      pastSkipped,
      assigned,
      warnings: warnings.sort(byDateTime).map((w) => w.text),
    },
    removals,
    updates,
    creations,
    cleared,
    fills,
  };
}

async function apply(trx: Transaction<DB>, meta: WriteMeta, c: Computation): Promise<void> {
  for (const id of c.cleared) await tombstoneSynced(trx, 'duty_assignments', id, meta);
  for (const s of c.removals) await tombstoneSynced(trx, 'duty_slots', s.id, meta);
  for (const u of c.updates) await updateSynced(trx, 'duty_slots', u.slot.id, u.changes, meta);
  for (const n of c.creations)
    await insertSynced(
      trx,
      'duty_slots',
      {
        id: n.id,
        rule_id: n.rule.id,
        date: n.planned.date,
        planned_date: n.planned.plannedDate,
        moved_reason: n.planned.movedReason,
        start_time: n.planned.start,
        end_time: n.planned.end,
        place: n.rule.place,
        capacity: n.rule.deputiesPerSlot,
        hand_edited: 0,
        note: '',
        notice_printed_at: null,
      },
      meta,
    );
  for (const f of c.fills)
    for (const deputyId of f.deputyIds)
      await insertSynced(
        trx,
        'duty_assignments',
        {
          id: uuidv7(),
          slot_id: f.slotId,
          deputy_id: deputyId,
          status: '已排班',
          signed_in_at: null,
          signed_out_at: null,
          reason: '',
          swapped_with_deputy_id: null,
        },
        meta,
      );
}

/** What generating the plan would add, move, remove and leave alone. Writes nothing. */
export async function planPreview(ctx: ServiceContext, input: PlanOptions): Promise<DutyPlanResult> {
  const { result } = await compute(ctx.db, input, todayAt(ctx));
  // The new slots do not exist: no ids to show.
  return { ...result, created: result.created.map((r) => ({ ...r, id: '' })) };
}

/** Generates the slots of a range from the rules and fills them by rotation, in one transaction. */
export async function plan(ctx: ServiceContext, input: PlanOptions): Promise<DutyPlanResult> {
  const today = todayAt(ctx);
  return writeTransaction(ctx, async (trx, meta) => {
    const computation = await compute(trx, input, today);
    await apply(trx, meta, computation);
    return computation.result;
  });
}
