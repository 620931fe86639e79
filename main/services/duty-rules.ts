import { sql, type Kysely, type Transaction } from 'kysely';
import { insertSynced, tombstoneSynced, updateSynced } from '../../db/changes';
import { uuidv7 } from '../../db/ids';
import type { DB, DutyRuleTable } from '../../db/schema';
import { WEEKDAY_NAMES, type DutyRule, type ParsedInput } from '../api/contract';
import { ErrorCode, StationError } from '../api/errors';
import { writeTransaction, type ServiceContext } from './context';
import type { RuleSpec } from './duty-calendar';
import { todayAt } from './receptions';

/** Duty rules (接待日规则): stored with their spec as JSON. */

type Db = Kysely<DB> | Transaction<DB>;
type RuleValues = ParsedInput<'duty.createRule'>;

/** What `duty_rules.spec` holds. */
export interface StoredSpec {
  weekdays: number[];
  monthDays: number[];
  months: number[];
  dates: string[];
  times: { start: string; end: string }[];
  deputyIds: string[];
}

function parseSpec(json: string): StoredSpec {
  const s = JSON.parse(json) as Partial<StoredSpec>;
  return {
    weekdays: s.weekdays ?? [],
    monthDays: s.monthDays ?? [],
    months: s.months ?? [],
    dates: s.dates ?? [],
    times: s.times ?? [],
    deputyIds: s.deputyIds ?? [],
  };
}

const byNumber = (a: number, b: number) => a - b;

/** Only the kind's own fields are kept (a weekly rule has no month days), each sorted. */
function toSpec(v: RuleValues): StoredSpec {
  return {
    weekdays: v.kind === '每周' ? [...v.weekdays].sort(byNumber) : [],
    monthDays: v.kind === '每月' ? [...v.monthDays].sort(byNumber) : [],
    months: v.kind === '每月' ? [...v.months].sort(byNumber) : [],
    dates: v.kind === '指定日期' ? [...v.dates].sort() : [],
    times: [...v.times]
      .sort((a, b) => a.start.localeCompare(b.start))
      .map((t) => ({ start: t.start, end: t.end })),
    deputyIds: [...v.deputyIds],
  };
}

/** 每周三 09:00–11:00、14:30–17:00，每班2人，节假日顺延 */
export function ruleSummary(
  kind: DutyRule['kind'],
  spec: StoredSpec,
  deputiesPerSlot: number,
  postponeOnHoliday: boolean,
): string {
  let days: string;
  if (kind === '每周') {
    days = `每周${spec.weekdays.map((d) => WEEKDAY_NAMES[d - 1]!.slice(1)).join('、')}`;
  } else if (kind === '每月') {
    days = `每月${spec.monthDays.map((d) => `${d}日`).join('、')}`;
    if (spec.months.length > 0 && spec.months.length < 12) days += `（${spec.months.join('、')}月）`;
  } else {
    days = `指定日期（共${spec.dates.length}天）`;
  }
  const times = spec.times.map((t) => `${t.start}–${t.end}`).join('、');
  return `${days} ${times}，每班${deputiesPerSlot}人，${postponeOnHoliday ? '节假日顺延' : '节假日照常'}`;
}

export function toRule(row: DutyRuleTable): DutyRule {
  const spec = parseSpec(row.spec);
  const kind = row.kind as DutyRule['kind'];
  const postponeOnHoliday = row.postpone_on_holiday === 1;
  return {
    id: row.id,
    name: row.name,
    kind,
    ...spec,
    place: row.place,
    deputiesPerSlot: row.deputies_per_slot,
    postponeOnHoliday,
    startDate: row.start_date,
    endDate: row.end_date,
    summary: ruleSummary(kind, spec, row.deputies_per_slot, postponeOnHoliday),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** What the expansion needs of a rule. */
export function ruleSpec(rule: DutyRule): RuleSpec {
  return {
    kind: rule.kind,
    weekdays: rule.weekdays,
    monthDays: rule.monthDays,
    months: rule.months,
    dates: rule.dates,
    times: rule.times,
    postponeOnHoliday: rule.postponeOnHoliday,
    startDate: rule.startDate,
    endDate: rule.endDate,
  };
}

/** Live rules, oldest first (or just the given one). */
export async function readRules(db: Db, id?: string): Promise<DutyRule[]> {
  let q = db.selectFrom('duty_rules').selectAll().where('deleted_at', 'is', null);
  if (id) q = q.where('id', '=', id);
  // rowid: the order of insertion, also among rules saved within one millisecond.
  const rows = await q
    .orderBy('created_at')
    .orderBy(sql`rowid`)
    .execute();
  return rows.map(toRule);
}

export async function listRules(ctx: ServiceContext): Promise<DutyRule[]> {
  return readRules(ctx.db);
}

function notFound(): StationError {
  return new StationError(ErrorCode.notFound, '找不到这条值班规则，可能已被删除。请刷新后重试。', 'id');
}

async function checkDeputies(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await db
    .selectFrom('deputies')
    .select('id')
    .where('deleted_at', 'is', null)
    .where('id', 'in', ids)
    .execute();
  if (rows.length !== new Set(ids).size)
    throw new StationError(
      ErrorCode.validation,
      '轮值代表中有人不在名册里（可能已被删除），请刷新后重新选择',
      'deputyIds',
    );
}

function columns(v: RuleValues) {
  return {
    name: v.name,
    kind: v.kind,
    spec: JSON.stringify(toSpec(v)),
    place: v.place,
    deputies_per_slot: v.deputiesPerSlot,
    postpone_on_holiday: v.postponeOnHoliday ? 1 : 0,
    start_date: v.startDate,
    end_date: v.endDate,
  };
}

export async function createRule(
  ctx: ServiceContext,
  input: ParsedInput<'duty.createRule'>,
): Promise<DutyRule> {
  return writeTransaction(ctx, async (trx, meta) => {
    await checkDeputies(trx, input.deputyIds);
    const row = await insertSynced(trx, 'duty_rules', { id: uuidv7(), ...columns(input) }, meta);
    return toRule(row);
  });
}

/** Edits a rule; its slots change only when the plan is generated again. */
export async function updateRule(
  ctx: ServiceContext,
  input: ParsedInput<'duty.updateRule'>,
): Promise<DutyRule> {
  return writeTransaction(ctx, async (trx, meta) => {
    const { id, ...values } = input;
    await checkDeputies(trx, values.deputyIds);
    const row = await updateSynced(trx, 'duty_rules', id, columns(values), meta);
    if (!row) throw notFound();
    return toRule(row);
  });
}

/**
 * Removes a rule and its slots from today on that were not edited by hand and have nothing
 * recorded (every live assignment still 已排班); past slots and the others stay.
 */
export async function deleteRule(ctx: ServiceContext, id: string): Promise<{ id: string }> {
  const today = todayAt(ctx);
  return writeTransaction(ctx, async (trx, meta) => {
    if (!(await tombstoneSynced(trx, 'duty_rules', id, meta))) throw notFound();
    const slots = await trx
      .selectFrom('duty_slots')
      .select('id')
      .where('deleted_at', 'is', null)
      .where('rule_id', '=', id)
      .where('date', '>=', today)
      .where('hand_edited', '=', 0)
      .execute();
    if (slots.length === 0) return { id };
    const assignments = await trx
      .selectFrom('duty_assignments')
      .select(['id', 'slot_id', 'status'])
      .where('deleted_at', 'is', null)
      .where(
        'slot_id',
        'in',
        slots.map((s) => s.id),
      )
      .execute();
    const recorded = new Set(assignments.filter((a) => a.status !== '已排班').map((a) => a.slot_id));
    for (const a of assignments)
      if (!recorded.has(a.slot_id)) await tombstoneSynced(trx, 'duty_assignments', a.id, meta);
    for (const s of slots) if (!recorded.has(s.id)) await tombstoneSynced(trx, 'duty_slots', s.id, meta);
    return { id };
  });
}
