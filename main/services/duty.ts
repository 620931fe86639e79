import { sql, type Kysely, type Transaction } from 'kysely';
import { insertSynced, tombstoneSynced, updateSynced, type WriteMeta } from '../../db/changes';
import { uuidv7 } from '../../db/ids';
import { addDays } from '../../db/time';
import type { DB, DutySlotTable } from '../../db/schema';
import type {
  ATTENDANCE_STATUSES,
  DutyAssignment,
  DutyLeave,
  DutyNotice,
  DutySlot,
  ParsedInput,
} from '../api/contract';
import { ErrorCode, StationError } from '../api/errors';
import { writeTransaction, type ServiceContext } from './context';
import { todayAt } from './receptions';
import { sortLevels } from './roster';
import { readSetting, writeSetting } from './settings';
import { getStation } from './station';

/**
 * Duty slots (值班) and attendance: reading slots with their deputies, editing by hand, the
 * duty-day check-in (到岗/签退/请假/缺席/调换), today's slots, the reception-day notice, the
 * 受理范围 setting and deputies' leave periods.
 *
 * A slot's deputies are rows in duty_assignments. A swap never rewrites a row's deputy: the
 * old row becomes 调换 (history, pointing at who took over) and the new deputy gets a row.
 */

type Db = Kysely<DB> | Transaction<DB>;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
type Levels = DutyAssignment['levels'];

const SLOT_NOT_FOUND = '找不到这个值班，可能已被删除。请刷新后重试。';
const PLACE_NOT_FOUND = '找不到这条值班安排，可能已被调整。请刷新后重试。';

/** What was recorded on a place (已排班 records nothing yet; 调换 is history of its own). */
const RECORDED: readonly AttendanceStatus[] = ['到岗', '请假', '缺席'];

/** IN lists are cut into pieces well under SQLite's parameter limit. */
const CHUNK = 500;

/** How far before and after a slot a reception still counts as received during it. */
export const RECEPTION_SLACK_MINUTES = 30;

/** How many days before the slot the 接待日公告 must be up (DOMAIN.md §2). */
export const NOTICE_DAYS_BEFORE = 3;
/** The home page reminds the clerk of notices for slots this many days ahead. */
export const NOTICE_LOOKAHEAD_DAYS = 7;
/** Past places still 已排班 are counted on the home page back this many days. */
const UNRECORDED_DAYS = 90;

// --- Dates and words ---------------------------------------------------------------------

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** 2026年12月2日（星期三）. */
export function dateText(date: string): string {
  const weekday = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()];
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日（${weekday}）`;
}

/** 12月2日, with the year when it is not this year. */
function shortDate(date: string, today: string): string {
  const md = `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
  return date.slice(0, 4) === today.slice(0, 4) ? md : `${Number(date.slice(0, 4))}年${md}`;
}

/** HH:MM of a stored ISO time (stored with the station's offset, so this is the station's clock). */
const clockOf = (iso: string | null): string => (iso ? iso.slice(11, 16) : '');

/** One line for a deputy's place: 到岗（09:05签到，11:02签退）, 请假：出差, 调换：由李四替班 … */
export function attendanceText(
  place: {
    status: string;
    signed_in_at: string | null;
    signed_out_at: string | null;
    reason: string;
    date: string;
  },
  today: string,
): string {
  // On a stand-in's own place the reason is the swap's account (替张三值班).
  const account = place.reason ? `；${place.reason}` : '';
  switch (place.status) {
    case '到岗': {
      const times = [`${clockOf(place.signed_in_at)}签到`];
      if (place.signed_out_at) times.push(`${clockOf(place.signed_out_at)}签退`);
      return `${place.signed_in_at ? `到岗（${times.join('，')}）` : '到岗'}${account}`;
    }
    case '请假':
    case '缺席':
    case '调换':
      return place.reason ? `${place.status}：${place.reason}` : place.status;
    default:
      return `${place.date < today ? '已排班，未登记到岗' : '已排班'}${account}`;
  }
}

// --- Reading -----------------------------------------------------------------------------

type SlotRow = DutySlotTable & { rule_name: string | null };

function toSlot(row: SlotRow, assignments: DutyAssignment[]): DutySlot {
  return {
    id: row.id,
    ruleId: row.rule_id,
    ruleName: row.rule_id ? (row.rule_name ?? '') : '',
    date: row.date,
    plannedDate: row.planned_date,
    movedReason: row.moved_reason,
    start: row.start_time,
    end: row.end_time,
    place: row.place,
    capacity: row.capacity,
    handEdited: row.hand_edited === 1,
    note: row.note,
    noticePrintedAt: row.notice_printed_at,
    assignments,
  };
}

/** Slots with their assignments, in date and time order. */
export async function readSlots(db: Db, ids: string[]): Promise<DutySlot[]> {
  const unique = [...new Set(ids)];
  const slots: SlotRow[] = [];
  const places = new Map<string, DutyAssignment[]>();
  for (let i = 0; i < unique.length; i += CHUNK) {
    const part = unique.slice(i, i + CHUNK);
    const [slotRows, placeRows] = await Promise.all([
      db
        .selectFrom('duty_slots as s')
        .leftJoin('duty_rules as r', 'r.id', 's.rule_id')
        .selectAll('s')
        .select('r.name as rule_name')
        .where('s.id', 'in', part)
        .where('s.deleted_at', 'is', null)
        .execute(),
      db
        .selectFrom('duty_assignments as a')
        .innerJoin('deputies as d', 'd.id', 'a.deputy_id')
        .leftJoin('deputies as w', 'w.id', 'a.swapped_with_deputy_id')
        .select([
          'a.id',
          'a.slot_id',
          'a.deputy_id',
          'a.status',
          'a.signed_in_at',
          'a.signed_out_at',
          'a.reason',
          'a.swapped_with_deputy_id',
          'd.name',
          'd.levels',
          'w.name as swapped_name',
        ])
        .where('a.slot_id', 'in', part)
        .where('a.deleted_at', 'is', null)
        .orderBy('d.name_pinyin')
        .orderBy('d.id')
        .orderBy('a.rev')
        .execute(),
    ]);
    slots.push(...slotRows);
    for (const p of placeRows) {
      const list = places.get(p.slot_id) ?? [];
      list.push({
        id: p.id,
        deputyId: p.deputy_id,
        deputyName: p.name,
        levels: sortLevels(JSON.parse(p.levels) as Levels),
        status: p.status as AttendanceStatus,
        signedInAt: p.signed_in_at,
        signedOutAt: p.signed_out_at,
        reason: p.reason,
        swappedWith: p.swapped_with_deputy_id
          ? { deputyId: p.swapped_with_deputy_id, deputyName: p.swapped_name ?? '' }
          : null,
      });
      places.set(p.slot_id, list);
    }
  }
  slots.sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      a.start_time.localeCompare(b.start_time) ||
      a.place.localeCompare(b.place) ||
      a.id.localeCompare(b.id),
  );
  return slots.map((s) => toSlot(s, places.get(s.id) ?? []));
}

export async function listSlots(ctx: ServiceContext, input: ParsedInput<'duty.slots'>): Promise<DutySlot[]> {
  let query = ctx.db
    .selectFrom('duty_slots as s')
    .select('s.id')
    .where('s.deleted_at', 'is', null)
    .where('s.date', '>=', input.from)
    .where('s.date', '<=', input.to);
  if (input.deputyId) {
    const deputyId = input.deputyId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('duty_assignments as a')
          .select('a.id')
          .whereRef('a.slot_id', '=', 's.id')
          .where('a.deputy_id', '=', deputyId)
          .where('a.deleted_at', 'is', null),
      ),
    );
  }
  const rows = await query.execute();
  return readSlots(
    ctx.db,
    rows.map((r) => r.id),
  );
}

export async function getSlot(ctx: ServiceContext | { db: Db }, id: string): Promise<DutySlot> {
  const [slot] = await readSlots(ctx.db, [id]);
  if (!slot) throw new StationError(ErrorCode.notFound, SLOT_NOT_FOUND, 'id');
  return slot;
}

/** The live slot row, or a not-found error on `field`. */
async function loadSlot(db: Db, id: string, field = 'id'): Promise<DutySlotTable> {
  const row = await db
    .selectFrom('duty_slots')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new StationError(ErrorCode.notFound, SLOT_NOT_FOUND, field);
  return row;
}

/**
 * The live slot a visit at `date` `time` (HH:MM, station-local) was received in: the slot's
 * date equals the visit's and [start − 30 min, end + 30 min] holds the time; the earliest
 * starting one when several do. One read of the duty_slots_date index (a save is on a budget).
 */
export async function slotAt(db: Db, date: string, time: string): Promise<string | null> {
  const row = await slotAtStatement(db, date, time).executeTakeFirst();
  return row?.id ?? null;
}

/** The window around a visit at `time` (HH:MM) that a slot's start and end must reach. */
function slackWindow(time: string): { startBy: string; endFrom: string } {
  const minutes = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  // No clamping needed: "24:20" still sorts after every stored start, "" before every end.
  const hhmm = (m: number) =>
    m < 0 ? '' : `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return {
    startBy: hhmm(minutes + RECEPTION_SLACK_MINUTES),
    endFrom: hhmm(minutes - RECEPTION_SLACK_MINUTES),
  };
}

/** slotAt's rule without the database (the demo seeder links its receptions with it). */
export function slotHolds(slot: { start: string; end: string }, time: string): boolean {
  const { startBy, endFrom } = slackWindow(time);
  return slot.start <= startBy && slot.end >= endFrom;
}

/** slotAt's statement (tests read its plan). */
export function slotAtStatement(db: Db, date: string, time: string) {
  const { startBy, endFrom } = slackWindow(time);
  return (
    db
      .selectFrom('duty_slots')
      .select('id')
      .where('deleted_at', 'is', null)
      .where('date', '=', date)
      .where('start_time', '<=', startBy)
      .where('end_time', '>=', endFrom)
      .orderBy('start_time')
      // Two slots at one time (two places): the one entered first, in the index's own order.
      .orderBy(sql`rowid`)
      .limit(1)
  );
}

/**
 * Another live slot at the same place on the same date whose time overlaps [start, end),
 * ignoring `excludeId`; null when there is none. Used by hand edits and by the plan.
 */
export async function findOverlap(
  db: Db,
  slot: { date: string; start: string; end: string; place: string; excludeId?: string },
): Promise<{ id: string; start: string; end: string } | null> {
  let query = db
    .selectFrom('duty_slots')
    .select(['id', 'start_time', 'end_time'])
    .where('deleted_at', 'is', null)
    .where('date', '=', slot.date)
    .where('place', '=', slot.place)
    .where('start_time', '<', slot.end)
    .where('end_time', '>', slot.start);
  if (slot.excludeId) query = query.where('id', '<>', slot.excludeId);
  const row = await query.orderBy('start_time').limit(1).executeTakeFirst();
  return row ? { id: row.id, start: row.start_time, end: row.end_time } : null;
}

// --- Checks ------------------------------------------------------------------------------

async function assertNoOverlap(
  db: Db,
  slot: { date: string; start: string; end: string; place: string; excludeId?: string },
): Promise<void> {
  const other = await findOverlap(db, slot);
  if (other)
    throw new StationError(
      ErrorCode.validation,
      `该地点这个时间已有值班（${other.start}–${other.end}），时间不能重叠`,
      'start',
    );
}

function assertCapacity(capacity: number, count: number, field: string): void {
  if (count > capacity)
    throw new StationError(
      ErrorCode.validation,
      `每班${capacity}人，现在安排了${count}位代表。请减少代表，或增加每班人数`,
      field,
    );
}

/** The live leave period (暂停排班) of any of these deputies that holds `date`, if any. */
async function leaveOn(
  db: Db,
  deputyIds: string[],
  date: string,
): Promise<{ name: string; from: string; to: string } | undefined> {
  if (deputyIds.length === 0) return undefined;
  const row = await db
    .selectFrom('duty_leaves as l')
    .innerJoin('deputies as d', 'd.id', 'l.deputy_id')
    .select(['d.name', 'l.from_date', 'l.to_date'])
    .where('l.deputy_id', 'in', deputyIds)
    .where('l.deleted_at', 'is', null)
    .where('l.from_date', '<=', date)
    .where('l.to_date', '>=', date)
    .orderBy('l.from_date')
    .executeTakeFirst();
  return row ? { name: row.name, from: row.from_date, to: row.to_date } : undefined;
}

/**
 * The deputies may serve on `date`: in the roster, in office (在任) and not in a leave period.
 * `doing` ends the message: 安排值班, 调换 …
 */
async function assertCanServe(
  db: Db,
  deputyIds: string[],
  date: string,
  field: string,
  doing: string,
): Promise<void> {
  if (deputyIds.length === 0) return;
  const rows = await db
    .selectFrom('deputies')
    .select(['id', 'name', 'status'])
    .where('id', 'in', deputyIds)
    .where('deleted_at', 'is', null)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of deputyIds) {
    const d = byId.get(id);
    if (!d)
      throw new StationError(
        ErrorCode.validation,
        '所选代表有的不在名册中（可能已被删除），请刷新后重新选择',
        field,
      );
    if (d.status !== '在任')
      throw new StationError(ErrorCode.validation, `${d.name}已不在任（${d.status}），不能${doing}`, field);
  }
  const leave = await leaveOn(db, deputyIds, date);
  if (leave)
    throw new StationError(
      ErrorCode.validation,
      `${leave.name}在${leave.from}至${leave.to}请假（暂停排班），不能${doing}`,
      field,
    );
}

// --- Editing by hand ---------------------------------------------------------------------

async function insertPlace(
  trx: Transaction<DB>,
  slotId: string,
  deputyId: string,
  meta: WriteMeta,
  reason = '',
): Promise<string> {
  const id = uuidv7();
  await insertSynced(
    trx,
    'duty_assignments',
    {
      id,
      slot_id: slotId,
      deputy_id: deputyId,
      status: '已排班',
      signed_in_at: null,
      signed_out_at: null,
      reason,
      swapped_with_deputy_id: null,
    },
    meta,
  );
  return id;
}

/** The slot's live rows with the deputies' names (swapped-out rows included). */
async function placesOf(db: Db, slotId: string) {
  return db
    .selectFrom('duty_assignments as a')
    .innerJoin('deputies as d', 'd.id', 'a.deputy_id')
    .select(['a.id', 'a.deputy_id', 'a.status', 'd.name'])
    .where('a.slot_id', '=', slotId)
    .where('a.deleted_at', 'is', null)
    .orderBy('a.rev')
    .execute();
}

/**
 * Marks a slot changed by hand (the plan leaves it alone) and, when what the printed notice
 * shows changed, forgets that it was printed so the home page asks for a new one.
 */
async function touchSlot(
  trx: Transaction<DB>,
  slotId: string,
  meta: WriteMeta,
  noticeStale: boolean,
): Promise<void> {
  await updateSynced(
    trx,
    'duty_slots',
    slotId,
    noticeStale ? { hand_edited: 1, notice_printed_at: null } : { hand_edited: 1 },
    meta,
  );
}

export async function createSlot(
  ctx: ServiceContext,
  input: ParsedInput<'duty.createSlot'>,
): Promise<DutySlot> {
  const id = await writeTransaction(ctx, async (trx, meta) => {
    await assertNoOverlap(trx, input);
    assertCapacity(input.capacity, input.deputyIds.length, 'deputyIds');
    await assertCanServe(trx, input.deputyIds, input.date, 'deputyIds', '安排值班');
    const id = uuidv7();
    await insertSynced(
      trx,
      'duty_slots',
      {
        id,
        rule_id: null,
        date: input.date,
        planned_date: input.date,
        moved_reason: '',
        start_time: input.start,
        end_time: input.end,
        place: input.place,
        capacity: input.capacity,
        hand_edited: 1,
        note: input.note,
        notice_printed_at: null,
      },
      meta,
    );
    for (const deputyId of input.deputyIds) await insertPlace(trx, id, deputyId, meta);
    return id;
  });
  return getSlot(ctx, id);
}

export async function updateSlot(
  ctx: ServiceContext,
  input: ParsedInput<'duty.updateSlot'>,
): Promise<DutySlot> {
  await writeTransaction(ctx, async (trx, meta) => {
    const slot = await loadSlot(trx, input.id);
    const today = todayAt(ctx);
    const dateChanged = input.date !== slot.date;
    const timeChanged = input.start !== slot.start_time || input.end !== slot.end_time;
    if (slot.date < today && (dateChanged || timeChanged))
      throw new StationError(
        ErrorCode.validation,
        `这个值班在${shortDate(slot.date, today)}，已经过去，日期和时间不能再改（那是历史记录）；地点、人数和备注可以修改`,
        dateChanged ? 'date' : 'start',
      );
    if (dateChanged && input.date < today)
      throw new StationError(ErrorCode.validation, '值班日期不能改到今天以前，请核对', 'date');
    const places = await placesOf(trx, slot.id);
    if (dateChanged && places.some((p) => p.status === '到岗' || p.status === '缺席'))
      throw new StationError(
        ErrorCode.validation,
        '这个值班已有到岗或缺席登记，不能改日期。如登记有误，请先撤销登记',
        'date',
      );
    await assertNoOverlap(trx, { ...input, excludeId: slot.id });
    const seated = places.filter((p) => p.status !== '调换').length;
    if (input.capacity < seated)
      throw new StationError(
        ErrorCode.validation,
        `这个值班已安排${seated}位代表，每班人数不能少于${seated}。请先调整值班代表`,
        'capacity',
      );
    const shownChanged = dateChanged || timeChanged || input.place !== slot.place;
    if (!shownChanged && input.capacity === slot.capacity && input.note === slot.note) return;
    // A generated slot keeps its planned date so the plan still recognises it; a slot added by
    // hand has no plan, so its planned date follows it.
    const plannedDate = slot.rule_id === null ? input.date : slot.planned_date;
    let movedReason = slot.moved_reason;
    if (input.date === plannedDate)
      movedReason = ''; // back on its day: 不顺延
    else if (dateChanged && !movedReason) movedReason = '手工调整';
    await updateSynced(
      trx,
      'duty_slots',
      slot.id,
      {
        date: input.date,
        planned_date: plannedDate,
        moved_reason: movedReason,
        start_time: input.start,
        end_time: input.end,
        place: input.place,
        capacity: input.capacity,
        note: input.note,
        hand_edited: 1,
        // The printed notice shows the date, time and place: it must be printed again.
        ...(shownChanged ? { notice_printed_at: null } : {}),
      },
      meta,
    );
  });
  return getSlot(ctx, input.id);
}

export async function deleteSlot(ctx: ServiceContext, id: string): Promise<{ id: string }> {
  await writeTransaction(ctx, async (trx, meta) => {
    const slot = await loadSlot(trx, id);
    const today = todayAt(ctx);
    if (slot.date < today)
      throw new StationError(
        ErrorCode.invalidTransition,
        `这个值班在${shortDate(slot.date, today)}，已经过去，不能删除（那是历史记录）`,
      );
    const places = await placesOf(trx, id);
    const recorded = places.filter((p) => p.status !== '已排班');
    if (recorded.length > 0)
      throw new StationError(
        ErrorCode.invalidTransition,
        `这个值班已有登记（${recorded.map((p) => `${p.name}${p.status}`).join('、')}），不能删除。如登记有误，请先撤销`,
      );
    for (const p of places) await tombstoneSynced(trx, 'duty_assignments', p.id, meta);
    await tombstoneSynced(trx, 'duty_slots', id, meta);
  });
  return { id };
}

export async function setSlotDeputies(
  ctx: ServiceContext,
  input: ParsedInput<'duty.setDeputies'>,
): Promise<DutySlot> {
  await writeTransaction(ctx, async (trx, meta) => {
    const slot = await loadSlot(trx, input.slotId, 'slotId');
    // 调换 rows are history and stay; the others are the slot's current places.
    const seated = (await placesOf(trx, slot.id)).filter((p) => p.status !== '调换');
    const wanted = new Set(input.deputyIds);
    const leaving = seated.filter((p) => !wanted.has(p.deputy_id));
    const kept = leaving.find((p) => RECORDED.includes(p.status as AttendanceStatus));
    if (kept)
      throw new StationError(
        ErrorCode.validation,
        `${kept.name}已登记${kept.status}，不能从这个值班移出。如登记有误，请先撤销登记`,
        'deputyIds',
      );
    const joining = input.deputyIds.filter((id) => !seated.some((p) => p.deputy_id === id));
    assertCapacity(slot.capacity, input.deputyIds.length, 'deputyIds');
    await assertCanServe(trx, joining, slot.date, 'deputyIds', '安排这一天的值班');
    if (leaving.length === 0 && joining.length === 0) return;
    for (const p of leaving) await tombstoneSynced(trx, 'duty_assignments', p.id, meta);
    for (const deputyId of joining) await insertPlace(trx, slot.id, deputyId, meta);
    await touchSlot(trx, slot.id, meta, true);
  });
  return getSlot(ctx, input.slotId);
}

// --- The duty day ------------------------------------------------------------------------

/** A place with its slot's date and the deputy's name, or not-found on assignmentId. */
async function loadPlace(db: Db, assignmentId: string) {
  const row = await db
    .selectFrom('duty_assignments as a')
    .innerJoin('duty_slots as s', 's.id', 'a.slot_id')
    .innerJoin('deputies as d', 'd.id', 'a.deputy_id')
    .select([
      'a.id',
      'a.slot_id',
      'a.deputy_id',
      'a.status',
      'a.signed_in_at',
      'a.signed_out_at',
      'a.reason',
      's.date',
      'd.name',
    ])
    .where('a.id', '=', assignmentId)
    .where('a.deleted_at', 'is', null)
    .where('s.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new StationError(ErrorCode.notFound, PLACE_NOT_FOUND, 'assignmentId');
  return { ...row, status: row.status as AttendanceStatus };
}
type Place = Awaited<ReturnType<typeof loadPlace>>;

/** Why a step cannot follow the place's status. */
function wrongStatus(p: Place, step: string): StationError {
  const message =
    p.status === '调换'
      ? `${p.name}的这次值班已调换给别人，不能再${step}`
      : p.status === '已排班'
        ? `${p.name}这次值班还没有任何登记，不能${step}`
        : `${p.name}这次值班已登记为${p.status}，不能再${step}。如登记有误，请先撤销`;
  return new StationError(ErrorCode.invalidTransition, message);
}

/** Runs one check-in step on a place in a transaction and returns its slot afterwards. */
async function onPlace(
  ctx: ServiceContext,
  assignmentId: string,
  step: (trx: Transaction<DB>, meta: WriteMeta, p: Place, today: string) => Promise<void>,
): Promise<DutySlot> {
  const slotId = await writeTransaction(ctx, async (trx, meta) => {
    const p = await loadPlace(trx, assignmentId);
    await step(trx, meta, p, todayAt(ctx));
    return p.slot_id;
  });
  return getSlot(ctx, slotId);
}

export function signIn(ctx: ServiceContext, assignmentId: string): Promise<DutySlot> {
  return onPlace(ctx, assignmentId, async (trx, meta, p, today) => {
    if (p.date !== today)
      throw new StationError(
        ErrorCode.validation,
        `只能为今天的值班签到，这个值班在${shortDate(p.date, today)}`,
        'assignmentId',
      );
    if (p.status === '到岗')
      throw new StationError(
        ErrorCode.invalidTransition,
        `${p.name}已于${clockOf(p.signed_in_at)}签到，不用再签`,
      );
    if (p.status === '调换') throw wrongStatus(p, '签到，请为接替的代表签到');
    // A deputy who asked for leave or was marked absent may come after all: that reason goes;
    // a planned place's reason (a swap's account) stays.
    await updateSynced(
      trx,
      'duty_assignments',
      p.id,
      {
        status: '到岗',
        signed_in_at: meta.at,
        signed_out_at: null,
        reason: p.status === '已排班' ? p.reason : '',
      },
      meta,
    );
  });
}

export function signOut(ctx: ServiceContext, assignmentId: string): Promise<DutySlot> {
  return onPlace(ctx, assignmentId, async (trx, meta, p, today) => {
    if (p.date !== today)
      throw new StationError(
        ErrorCode.validation,
        `只能为今天的值班签退，这个值班在${shortDate(p.date, today)}`,
        'assignmentId',
      );
    if (p.status !== '到岗')
      throw new StationError(ErrorCode.invalidTransition, `${p.name}还没有签到，不能签退`);
    if (p.signed_out_at)
      throw new StationError(ErrorCode.invalidTransition, `${p.name}已于${clockOf(p.signed_out_at)}签退`);
    await updateSynced(trx, 'duty_assignments', p.id, { signed_out_at: meta.at }, meta);
  });
}

export function recordLeave(ctx: ServiceContext, input: ParsedInput<'duty.recordLeave'>): Promise<DutySlot> {
  return onPlace(ctx, input.assignmentId, async (trx, meta, p, today) => {
    if (p.date < today)
      throw new StationError(ErrorCode.validation, '已过去的值班不能请假，请登记缺席', 'assignmentId');
    if (p.status !== '已排班') throw wrongStatus(p, '登记请假');
    await updateSynced(trx, 'duty_assignments', p.id, { status: '请假', reason: input.reason }, meta);
    // The notice names who receives: it changed.
    await updateSynced(trx, 'duty_slots', p.slot_id, { notice_printed_at: null }, meta);
  });
}

export function recordAbsence(
  ctx: ServiceContext,
  input: ParsedInput<'duty.recordAbsence'>,
): Promise<DutySlot> {
  return onPlace(ctx, input.assignmentId, async (trx, meta, p, today) => {
    if (p.date > today)
      throw new StationError(
        ErrorCode.validation,
        `值班日（${shortDate(p.date, today)}）还没到，不能登记缺席；代表事先请假的，请登记请假`,
        'assignmentId',
      );
    if (p.status !== '已排班') throw wrongStatus(p, '登记缺席');
    await updateSynced(trx, 'duty_assignments', p.id, { status: '缺席', reason: input.note }, meta);
  });
}

export function clearAttendance(ctx: ServiceContext, assignmentId: string): Promise<DutySlot> {
  return onPlace(ctx, assignmentId, async (trx, meta, p) => {
    if (p.status === '调换')
      throw new StationError(
        ErrorCode.invalidTransition,
        `${p.name}的这次值班已调换，调换不能撤销；如需换回，请再做一次调换`,
      );
    if (!RECORDED.includes(p.status))
      throw new StationError(ErrorCode.invalidTransition, `${p.name}这次值班还没有登记，不需要撤销`);
    // A sign-in kept the place's own reason (a swap's account); a leave or absence replaced it.
    await updateSynced(
      trx,
      'duty_assignments',
      p.id,
      {
        status: '已排班',
        signed_in_at: null,
        signed_out_at: null,
        reason: p.status === '到岗' ? p.reason : '',
      },
      meta,
    );
    if (p.status === '请假')
      await updateSynced(trx, 'duty_slots', p.slot_id, { notice_printed_at: null }, meta);
  });
}

/**
 * 调换. Without `otherSlotId` the other deputy stands in; with it, the two deputies trade
 * slots. Old rows become 调换 pointing at who took over; the newcomers get rows of their own.
 */
export function swapDuty(ctx: ServiceContext, input: ParsedInput<'duty.swap'>): Promise<DutySlot> {
  return onPlace(ctx, input.assignmentId, async (trx, meta, p, today) => {
    if (p.status !== '已排班') throw wrongStatus(p, '调换');
    if (p.date < today) throw new StationError(ErrorCode.validation, '已过去的值班不能调换', 'assignmentId');
    if (input.deputyId === p.deputy_id)
      throw new StationError(ErrorCode.validation, '请选择另一位代表来调换', 'deputyId');
    const other = await trx
      .selectFrom('deputies')
      .select(['id', 'name'])
      .where('id', '=', input.deputyId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!other)
      throw new StationError(
        ErrorCode.validation,
        '找不到这位代表，可能已被删除。请刷新后重新选择',
        'deputyId',
      );
    await assertCanServe(trx, [other.id], p.date, 'deputyId', '调换');
    const here = await placesOf(trx, p.slot_id);
    if (here.some((h) => h.deputy_id === other.id && h.status !== '调换'))
      throw new StationError(ErrorCode.validation, `${other.name}已在这个值班中，请选择别的代表`, 'deputyId');

    if (!input.otherSlotId) {
      await updateSynced(
        trx,
        'duty_assignments',
        p.id,
        { status: '调换', swapped_with_deputy_id: other.id, reason: `由${other.name}替班` },
        meta,
      );
      await insertPlace(trx, p.slot_id, other.id, meta, `替${p.name}值班`);
      await touchSlot(trx, p.slot_id, meta, true);
      return;
    }

    if (input.otherSlotId === p.slot_id)
      throw new StationError(ErrorCode.validation, '请选择另一个值班来调换', 'otherSlotId');
    const theirs = await loadSlot(trx, input.otherSlotId, 'otherSlotId');
    if (theirs.date < today)
      throw new StationError(ErrorCode.validation, '对方的值班已经过去，不能调换', 'otherSlotId');
    const there = await placesOf(trx, theirs.id);
    const theirPlace = there.find((t) => t.deputy_id === other.id && t.status === '已排班');
    if (!theirPlace)
      throw new StationError(
        ErrorCode.validation,
        `${other.name}在所选的值班中没有待值的安排，不能与其调换；请选择${other.name}的值班`,
        'otherSlotId',
      );
    if (there.some((t) => t.deputy_id === p.deputy_id && t.status !== '调换'))
      throw new StationError(ErrorCode.validation, `${p.name}已在所选的值班中，不能调换`, 'otherSlotId');
    const away = await leaveOn(trx, [p.deputy_id], theirs.date);
    if (away)
      throw new StationError(
        ErrorCode.validation,
        `${p.name}在${away.from}至${away.to}请假（暂停排班），不能去所选的值班`,
        'otherSlotId',
      );
    await updateSynced(
      trx,
      'duty_assignments',
      p.id,
      { status: '调换', swapped_with_deputy_id: other.id, reason: `与${other.name}调换` },
      meta,
    );
    await updateSynced(
      trx,
      'duty_assignments',
      theirPlace.id,
      { status: '调换', swapped_with_deputy_id: p.deputy_id, reason: `与${p.name}调换` },
      meta,
    );
    await insertPlace(trx, p.slot_id, other.id, meta, `与${p.name}调换`);
    await insertPlace(trx, theirs.id, p.deputy_id, meta, `与${other.name}调换`);
    await touchSlot(trx, p.slot_id, meta, true);
    await touchSlot(trx, theirs.id, meta, true);
  });
}

export async function dutyToday(
  ctx: ServiceContext,
): Promise<{ date: string; slots: DutySlot[]; unrecorded: number }> {
  const today = todayAt(ctx);
  const rows = await ctx.db
    .selectFrom('duty_slots')
    .select('id')
    .where('deleted_at', 'is', null)
    .where('date', '=', today)
    .execute();
  const { n } = await ctx.db
    .selectFrom('duty_slots as s')
    .innerJoin('duty_assignments as a', 'a.slot_id', 's.id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('s.deleted_at', 'is', null)
    .where('s.date', '>=', addDays(today, -UNRECORDED_DAYS))
    .where('s.date', '<', today)
    .where('a.deleted_at', 'is', null)
    .where('a.status', '=', '已排班')
    .executeTakeFirstOrThrow();
  return {
    date: today,
    slots: await readSlots(
      ctx.db,
      rows.map((r) => r.id),
    ),
    unrecorded: Number(n),
  };
}

// --- The reception-day notice (接待日公告) -----------------------------------------------

export async function dutyNotice(ctx: ServiceContext, slotId: string): Promise<DutyNotice> {
  const slot = await getSlot(ctx, slotId);
  const receiving = slot.assignments.filter((a) => a.status !== '请假' && a.status !== '调换');
  const posts = new Map<string, string>();
  if (receiving.length > 0) {
    const rows = await ctx.db
      .selectFrom('deputies')
      .select(['id', 'workplace_post'])
      .where(
        'id',
        'in',
        receiving.map((a) => a.deputyId),
      )
      .execute();
    for (const r of rows) posts.set(r.id, r.workplace_post);
  }
  const station = await getStation(ctx);
  const settings = await dutySettings(ctx);
  return {
    slot,
    station: { name: station?.name ?? '', address: station?.address ?? '', phone: station?.phone ?? '' },
    dateText: dateText(slot.date),
    deputies: receiving.map((a) => ({
      name: a.deputyName,
      levels: a.levels,
      workplacePost: posts.get(a.deputyId) ?? '',
    })),
    acceptScope: settings.acceptScope,
    postBy: addDays(slot.date, -NOTICE_DAYS_BEFORE),
  };
}

export async function markNoticePrinted(ctx: ServiceContext, slotId: string): Promise<DutySlot> {
  await writeTransaction(ctx, async (trx, meta) => {
    await loadSlot(trx, slotId, 'slotId');
    await updateSynced(trx, 'duty_slots', slotId, { notice_printed_at: meta.at }, meta);
  });
  return getSlot(ctx, slotId);
}

export async function noticesDue(
  ctx: ServiceContext,
): Promise<
  { slotId: string; date: string; start: string; end: string; place: string; postBy: string; late: boolean }[]
> {
  const today = todayAt(ctx);
  const rows = await ctx.db
    .selectFrom('duty_slots as s')
    .select(['s.id', 's.date', 's.start_time', 's.end_time', 's.place'])
    .where('s.deleted_at', 'is', null)
    .where('s.date', '>=', today)
    .where('s.date', '<=', addDays(today, NOTICE_LOOKAHEAD_DAYS))
    .where('s.notice_printed_at', 'is', null)
    // A slot nobody will receive at has no notice to print.
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('duty_assignments as a')
          .select('a.id')
          .whereRef('a.slot_id', '=', 's.id')
          .where('a.deleted_at', 'is', null)
          .where('a.status', 'not in', ['调换', '请假']),
      ),
    )
    .orderBy('s.date')
    .orderBy('s.start_time')
    .orderBy('s.place')
    .execute();
  return rows.map((r) => {
    const postBy = addDays(r.date, -NOTICE_DAYS_BEFORE);
    return {
      slotId: r.id,
      date: r.date,
      start: r.start_time,
      end: r.end_time,
      place: r.place,
      postBy,
      late: today > postBy,
    };
  });
}

// --- Settings ----------------------------------------------------------------------------

export const DUTY_SETTINGS_KEY = 'duty';

/** 受理范围 printed on each notice until the station writes its own. */
export const DEFAULT_ACCEPT_SCOPE =
  '本站受理：群众对本地经济社会发展和民生问题的意见建议；对政府及其部门工作的意见建议；' +
  '生产生活中遇到、需要向有关方面反映的困难和问题。' +
  '以下事项不属于本站受理范围：已进入诉讼、仲裁、行政复议程序的事项；' +
  '应通过信访渠道反映的个人信访诉求。对这些事项，工作人员将说明原因，并告知正确的反映渠道。';

export async function dutySettings(
  ctx: ServiceContext | { db: Kysely<DB> },
): Promise<{ acceptScope: string }> {
  const stored = await readSetting<{ acceptScope?: unknown }>(ctx.db, DUTY_SETTINGS_KEY, {});
  return {
    acceptScope:
      typeof stored.acceptScope === 'string' && stored.acceptScope.trim() !== ''
        ? stored.acceptScope
        : DEFAULT_ACCEPT_SCOPE,
  };
}

export async function updateDutySettings(
  ctx: ServiceContext,
  input: ParsedInput<'duty.updateSettings'>,
): Promise<{ acceptScope: string }> {
  await writeTransaction(ctx, (trx, meta) =>
    writeSetting(trx, DUTY_SETTINGS_KEY, { acceptScope: input.acceptScope }, meta),
  );
  return dutySettings(ctx);
}

// --- Leave periods (暂停排班) ------------------------------------------------------------

async function readLeaves(db: Db, id?: string): Promise<DutyLeave[]> {
  let query = db
    .selectFrom('duty_leaves as l')
    .innerJoin('deputies as d', 'd.id', 'l.deputy_id')
    .select(['l.id', 'l.deputy_id', 'd.name', 'l.from_date', 'l.to_date', 'l.reason'])
    .where('l.deleted_at', 'is', null);
  if (id) query = query.where('l.id', '=', id);
  const rows = await query.orderBy('l.from_date', 'desc').orderBy('l.rev', 'desc').execute();
  return rows.map((r) => ({
    id: r.id,
    deputyId: r.deputy_id,
    deputyName: r.name,
    from: r.from_date,
    to: r.to_date,
    reason: r.reason,
  }));
}

export function listLeaves(ctx: ServiceContext): Promise<DutyLeave[]> {
  return readLeaves(ctx.db);
}

export async function addLeave(ctx: ServiceContext, input: ParsedInput<'duty.addLeave'>): Promise<DutyLeave> {
  const id = await writeTransaction(ctx, async (trx, meta) => {
    const deputy = await trx
      .selectFrom('deputies')
      .select(['id', 'name'])
      .where('id', '=', input.deputyId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!deputy)
      throw new StationError(
        ErrorCode.validation,
        '找不到这位代表，可能已被删除。请刷新后重新选择',
        'deputyId',
      );
    const overlap = await trx
      .selectFrom('duty_leaves')
      .select(['from_date', 'to_date'])
      .where('deputy_id', '=', input.deputyId)
      .where('deleted_at', 'is', null)
      .where('from_date', '<=', input.to)
      .where('to_date', '>=', input.from)
      .executeTakeFirst();
    if (overlap)
      throw new StationError(
        ErrorCode.validation,
        `${deputy.name}在${overlap.from_date}至${overlap.to_date}已登记请假，时间不能重叠；如需延长，请先撤销原来的请假`,
        'from',
      );
    const id = uuidv7();
    await insertSynced(
      trx,
      'duty_leaves',
      { id, deputy_id: input.deputyId, from_date: input.from, to_date: input.to, reason: input.reason },
      meta,
    );
    return id;
  });
  const [leave] = await readLeaves(ctx.db, id);
  return leave!;
}

export async function removeLeave(ctx: ServiceContext, id: string): Promise<{ id: string }> {
  await writeTransaction(ctx, async (trx, meta) => {
    if (!(await tombstoneSynced(trx, 'duty_leaves', id, meta)))
      throw new StationError(ErrorCode.notFound, '找不到这条请假记录，可能已被撤销。请刷新后重试。', 'id');
  });
  return { id };
}
