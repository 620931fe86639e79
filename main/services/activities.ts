import { sql, type Kysely, type Transaction } from 'kysely';
import { insertSynced, tombstoneSynced, updateSynced, type WriteMeta } from '../../db/changes';
import { uuidv7 } from '../../db/ids';
import type { DB, PlanItemTable } from '../../db/schema';
import {
  PLAN_STATUSES,
  type Activity,
  type ActivityListItem,
  type CallOutput,
  type ParsedInput,
  type PlanItem,
  type PlanList,
} from '../api/contract';
import { ErrorCode, StationError } from '../api/errors';
import { writeTransaction, type ServiceContext } from './context';
import { todayAt } from './receptions';

/**
 * Activities (活动记录) and the annual plan (年度活动计划), DOMAIN.md §4. Every write goes
 * through db/changes.ts in one transaction, so it is audited and travels to the county.
 *
 * A plan item's stored status is what the clerk set (计划中/取消/延期); 已完成 is derived on
 * every read from a linked live activity, so the plan can never disagree with the records.
 */

type PlanStatus = (typeof PLAN_STATUSES)[number];
type PlanRow = Omit<PlanItemTable, 'rev' | 'deleted_at'> & { rev: number; deleted_at: string | null };
type ActivityValues = ParsedInput<'activities.create'>;
type Rating = ActivityValues['ratings'][number];
type Photo = ActivityValues['photos'][number];

const PLAN_NOT_FOUND = '找不到这个计划项目，可能已被删除。请刷新后重试。';
const ACTIVITY_NOT_FOUND = '找不到这条活动记录，可能已被删除。请刷新后重试。';

// --- Small helpers -----------------------------------------------------------------------

/** The last day of a month, YYYY-MM-DD. */
export function endOfMonth(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/** Still 计划中 after its date (or, without one, its month) has passed. */
export function isBehind(
  item: { year: number; month: number; date: string },
  status: PlanStatus,
  today: string,
): boolean {
  if (status !== '计划中') return false;
  return (item.date || endOfMonth(item.year, item.month)) < today;
}

/** (满意 + 基本满意) ÷ votes × 100, one decimal; null when nobody voted. */
export function satisfactionRate(r: {
  satisfied: number;
  basic: number;
  unsatisfied: number;
}): number | null {
  const votes = r.satisfied + r.basic + r.unsatisfied;
  if (votes === 0) return null;
  return Math.round(((r.satisfied + r.basic) / votes) * 1000) / 10;
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

type Db = Kysely<DB> | Transaction<DB>;

// --- The plan: reading --------------------------------------------------------------------

async function loadPlanRow(db: Db, id: string): Promise<PlanRow> {
  const row = await db
    .selectFrom('plan_items')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new StationError(ErrorCode.notFound, PLAN_NOT_FOUND, 'id');
  return row;
}

/** Live activities linked to these plan items, by item, in date order. */
async function linkedActivities(
  db: Db,
  ids: string[],
): Promise<Map<string, { id: string; date: string; theme: string }[]>> {
  const map = new Map<string, { id: string; date: string; theme: string }[]>();
  if (ids.length === 0) return map;
  const rows = await db
    .selectFrom('activities')
    .select(['id', 'date', 'theme', 'plan_item_id'])
    .where('plan_item_id', 'in', ids)
    .where('deleted_at', 'is', null)
    .orderBy('date')
    .orderBy('rev')
    .execute();
  for (const r of rows) {
    const list = map.get(r.plan_item_id!) ?? [];
    list.push({ id: r.id, date: r.date, theme: r.theme });
    map.set(r.plan_item_id!, list);
  }
  return map;
}

function toPlanItem(
  row: PlanRow,
  activities: { id: string; date: string; theme: string }[],
  today: string,
): PlanItem {
  const done = activities.length > 0;
  const status: PlanStatus = done ? '已完成' : (row.status as PlanStatus);
  return {
    id: row.id,
    year: row.year,
    month: row.month,
    date: row.date,
    type: row.type as PlanItem['type'],
    theme: row.theme,
    responsible: row.responsible,
    participants: row.participants,
    note: row.note,
    status,
    statusReason: done ? '' : row.status_reason,
    behind: isBehind(row, status, today),
    activities,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function readPlanItem(db: Db, id: string, today: string): Promise<PlanItem> {
  const row = await loadPlanRow(db, id);
  const linked = await linkedActivities(db, [id]);
  return toPlanItem(row, linked.get(id) ?? [], today);
}

export async function listPlan(ctx: ServiceContext, input: ParsedInput<'plan.list'>): Promise<PlanList> {
  const rows = await ctx.db
    .selectFrom('plan_items')
    .selectAll()
    .where('year', '=', input.year)
    .where('deleted_at', 'is', null)
    // Within a month: the items for the whole month first, then dated ones by date; then as entered.
    .orderBy('month')
    .orderBy('date')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const linked = await linkedActivities(
    ctx.db,
    rows.map((r) => r.id),
  );
  const today = todayAt(ctx);
  const items = rows.map((r) => toPlanItem(r, linked.get(r.id) ?? [], today));
  const counts = Object.fromEntries(PLAN_STATUSES.map((s) => [s, 0])) as Record<PlanStatus, number>;
  for (const item of items) counts[item.status] += 1;
  return { year: input.year, items, counts };
}

// --- The plan: writing --------------------------------------------------------------------

function planColumns(input: ParsedInput<'plan.create'>) {
  return {
    year: input.year,
    month: input.month,
    date: input.date,
    type: input.type,
    theme: input.theme,
    responsible: input.responsible,
    participants: input.participants,
    note: input.note,
  };
}

export async function createPlanItem(
  ctx: ServiceContext,
  input: ParsedInput<'plan.create'>,
): Promise<PlanItem> {
  const id = uuidv7();
  await writeTransaction(ctx, (trx, meta) =>
    insertSynced(trx, 'plan_items', { id, ...planColumns(input), status: '计划中', status_reason: '' }, meta),
  );
  return readPlanItem(ctx.db, id, todayAt(ctx));
}

export async function updatePlanItem(
  ctx: ServiceContext,
  input: ParsedInput<'plan.update'>,
): Promise<PlanItem> {
  const { id, ...values } = input;
  await writeTransaction(ctx, async (trx, meta) => {
    const row = await loadPlanRow(trx, id);
    if (values.year !== row.year) {
      const linked = (await linkedActivities(trx, [id])).get(id) ?? [];
      const other = linked.find((a) => Number(a.date.slice(0, 4)) !== values.year);
      if (other)
        throw new StationError(
          ErrorCode.validation,
          `这个计划项目已有${other.date.slice(0, 4)}年的活动记录（${other.date}），不能改到${values.year}年。如确需改动，请先在活动记录中取消关联`,
          'year',
        );
    }
    await updateSynced(trx, 'plan_items', id, planColumns(values), meta);
  });
  return readPlanItem(ctx.db, id, todayAt(ctx));
}

export async function setPlanStatus(
  ctx: ServiceContext,
  input: ParsedInput<'plan.setStatus'>,
): Promise<PlanItem> {
  await writeTransaction(ctx, async (trx, meta) => {
    await loadPlanRow(trx, input.id);
    const linked = (await linkedActivities(trx, [input.id])).get(input.id) ?? [];
    if (linked.length > 0 && input.status !== '计划中')
      throw new StationError(
        ErrorCode.validation,
        `这个计划项目已有活动记录（${linked.map((a) => a.date).join('、')}），已经完成，不能设为“${input.status}”。如活动记录有误，请先修改或删除活动记录`,
        'status',
      );
    await updateSynced(
      trx,
      'plan_items',
      input.id,
      { status: input.status, status_reason: input.status === '计划中' ? '' : input.reason },
      meta,
    );
  });
  return readPlanItem(ctx.db, input.id, todayAt(ctx));
}

export async function deletePlanItem(ctx: ServiceContext, id: string): Promise<{ id: string }> {
  await writeTransaction(ctx, async (trx, meta) => {
    await loadPlanRow(trx, id);
    const linked = (await linkedActivities(trx, [id])).get(id) ?? [];
    if (linked.length > 0)
      throw new StationError(
        ErrorCode.validation,
        '这个计划项目已有活动记录，不能删除。如活动记录有误，请先修改或删除那条活动记录',
        'id',
      );
    await tombstoneSynced(trx, 'plan_items', id, meta);
  });
  return { id };
}

// --- Activities: reading ------------------------------------------------------------------

const countOf = (attendance: string) =>
  sql<number>`(SELECT count(*) FROM activity_participants p
    WHERE p.activity_id = a.id AND p.deleted_at IS NULL AND p.attendance = ${attendance})`;

function selectActivities(db: Db) {
  return db
    .selectFrom('activities as a')
    .leftJoin('plan_items as pi', 'pi.id', 'a.plan_item_id')
    .where('a.deleted_at', 'is', null);
}

type ListRow = {
  id: string;
  date: string;
  type: string;
  theme: string;
  place: string;
  plan_item_id: string | null;
  plan_theme: string | null;
  present: number;
  leave: number;
  absent: number;
  photos: string;
};

function listColumns<Q extends ReturnType<typeof selectActivities>>(query: Q) {
  return query.select([
    'a.id',
    'a.date',
    'a.type',
    'a.theme',
    'a.place',
    'a.plan_item_id',
    'a.photos',
    'pi.theme as plan_theme',
    countOf('出席').as('present'),
    countOf('请假').as('leave'),
    countOf('缺席').as('absent'),
  ]);
}

function toListItem(row: ListRow): ActivityListItem {
  return {
    id: row.id,
    date: row.date,
    type: row.type as ActivityListItem['type'],
    theme: row.theme,
    place: row.place,
    planItemId: row.plan_item_id,
    planTheme: row.plan_theme ?? '',
    present: Number(row.present),
    leave: Number(row.leave),
    absent: Number(row.absent),
    photoCount: (JSON.parse(row.photos) as unknown[]).length,
  };
}

export async function listActivities(
  ctx: ServiceContext,
  input: ParsedInput<'activities.list'>,
): Promise<CallOutput<'activities.list'>> {
  let query = selectActivities(ctx.db);
  if (input.from) query = query.where('a.date', '>=', input.from);
  if (input.to) query = query.where('a.date', '<=', input.to);
  if (input.type) query = query.where('a.type', '=', input.type);
  if (input.planItemId) query = query.where('a.plan_item_id', '=', input.planItemId);
  if (input.deputyId) {
    const deputyId = input.deputyId;
    query = query.where(
      sql<boolean>`EXISTS (SELECT 1 FROM activity_participants p
        WHERE p.activity_id = a.id AND p.deleted_at IS NULL AND p.deputy_id = ${deputyId})`,
    );
  }
  const q = input.q.trim();
  if (q) {
    const p = likePattern(q);
    query = query.where(
      sql<boolean>`(a.theme LIKE ${p} ESCAPE '\\' OR a.place LIKE ${p} ESCAPE '\\'
        OR a.summary LIKE ${p} ESCAPE '\\')`,
    );
  }
  const { total } = await query
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  const rows = await listColumns(query)
    .orderBy('a.date', 'desc')
    .orderBy('a.rev', 'desc')
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize)
    .execute();
  return { items: rows.map(toListItem), total: Number(total) };
}

async function readActivity(db: Db, id: string): Promise<Activity> {
  const row = await listColumns(selectActivities(db).where('a.id', '=', id))
    .select([
      'a.guests',
      'a.summary',
      'a.outcomes',
      'a.voters_present',
      'a.ratings',
      'a.created_at',
      'a.updated_at',
    ])
    .executeTakeFirst();
  if (!row) throw new StationError(ErrorCode.notFound, ACTIVITY_NOT_FOUND, 'id');
  const participants = await db
    .selectFrom('activity_participants as p')
    .innerJoin('deputies as d', 'd.id', 'p.deputy_id')
    .select(['p.deputy_id', 'd.name', 'p.attendance', 'p.note'])
    .where('p.activity_id', '=', id)
    .where('p.deleted_at', 'is', null)
    // Roster order: rows carry no position, and an edit must not reshuffle the list.
    .orderBy('d.name_pinyin')
    .orderBy('d.id')
    .execute();
  const photos = JSON.parse(row.photos) as Photo[];
  const stored = photos.length
    ? await db
        .selectFrom('attachments')
        .select(['sha256', 'mime', 'size'])
        .where(
          'sha256',
          'in',
          photos.map((p) => p.sha256),
        )
        .execute()
    : [];
  const files = new Map(stored.map((s) => [s.sha256, s]));
  const ratings = JSON.parse(row.ratings) as Rating[];
  const names = await deputyNames(
    db,
    ratings.map((r) => r.deputyId),
  );
  return {
    ...toListItem(row),
    participants: participants.map((p) => ({
      deputyId: p.deputy_id,
      name: p.name,
      attendance: p.attendance as Activity['participants'][number]['attendance'],
      note: p.note,
    })),
    guests: row.guests,
    summary: row.summary,
    outcomes: row.outcomes,
    photos: photos.map((p) => ({
      sha256: p.sha256,
      fileName: p.fileName,
      mime: files.get(p.sha256)?.mime ?? '',
      size: Number(files.get(p.sha256)?.size ?? 0),
    })),
    votersPresent: row.voters_present,
    ratings: ratings.map((r) => ({
      deputyId: r.deputyId,
      name: names.get(r.deputyId) ?? '',
      aspect: r.aspect,
      satisfied: r.satisfied,
      basic: r.basic,
      unsatisfied: r.unsatisfied,
      rate: satisfactionRate(r),
    })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function deputyNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('deputies')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function getActivity(ctx: ServiceContext, id: string): Promise<Activity> {
  return readActivity(ctx.db, id);
}

// --- Activities: writing ------------------------------------------------------------------

/** The checks that need the database or the station's clock; the contract did the rest. */
async function checkActivity(
  ctx: ServiceContext,
  trx: Transaction<DB>,
  values: ActivityValues,
): Promise<void> {
  if (values.date > todayAt(ctx))
    throw new StationError(ErrorCode.validation, '活动日期不能晚于今天，请核对', 'date');

  const ids = values.participants.map((p) => p.deputyId);
  if (ids.length > 0) {
    const found = new Set(
      (
        await trx
          .selectFrom('deputies')
          .select('id')
          .where('id', 'in', ids)
          .where('deleted_at', 'is', null)
          .execute()
      ).map((r) => r.id),
    );
    const missing = ids.findIndex((id) => !found.has(id));
    if (missing >= 0)
      throw new StationError(
        ErrorCode.validation,
        `参加代表第${missing + 1}位不在代表名册中，请从名册中选择`,
        'participants',
      );
  }

  if (values.planItemId) {
    const item = await trx
      .selectFrom('plan_items')
      .select(['year', 'theme'])
      .where('id', '=', values.planItemId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!item)
      throw new StationError(
        ErrorCode.validation,
        '所选计划项目不存在（可能已被删除），请重新选择或不关联计划',
        'planItemId',
      );
    const year = Number(values.date.slice(0, 4));
    if (item.year !== year)
      throw new StationError(
        ErrorCode.validation,
        `所选计划项目“${item.theme}”是${item.year}年的计划，活动日期在${year}年，请选择${year}年的计划项目`,
        'planItemId',
      );
  }

  const hashes = [...new Set(values.photos.map((p) => p.sha256))];
  if (hashes.length > 0) {
    const found = await trx
      .selectFrom('attachments')
      .select('sha256')
      .where('sha256', 'in', hashes)
      .execute();
    if (found.length !== hashes.length)
      throw new StationError(ErrorCode.validation, '有照片没有上传成功，请重新上传后再保存', 'photos');
  }
}

function activityColumns(values: ActivityValues) {
  return {
    date: values.date,
    type: values.type,
    theme: values.theme,
    place: values.place,
    plan_item_id: values.planItemId,
    guests: values.guests,
    summary: values.summary,
    outcomes: values.outcomes,
    photos: JSON.stringify(values.photos.map((p) => ({ sha256: p.sha256, fileName: p.fileName }))),
    voters_present: values.type === '述职' ? values.votersPresent : null,
    ratings: JSON.stringify(
      values.type === '述职'
        ? values.ratings.map((r) => ({
            deputyId: r.deputyId,
            aspect: r.aspect,
            satisfied: r.satisfied,
            basic: r.basic,
            unsatisfied: r.unsatisfied,
          }))
        : [],
    ),
  };
}

/** Participant rows as a set keyed by deputy: update changed ones, tombstone removed, insert new. */
async function writeParticipants(
  trx: Transaction<DB>,
  activityId: string,
  participants: ActivityValues['participants'],
  meta: WriteMeta,
  fresh: boolean,
): Promise<void> {
  const old = fresh
    ? []
    : await trx
        .selectFrom('activity_participants')
        .select(['id', 'deputy_id'])
        .where('activity_id', '=', activityId)
        .where('deleted_at', 'is', null)
        .execute();
  const byDeputy = new Map(old.map((o) => [o.deputy_id, o.id]));
  const wanted = new Set(participants.map((p) => p.deputyId));
  for (const o of old)
    if (!wanted.has(o.deputy_id)) await tombstoneSynced(trx, 'activity_participants', o.id, meta);
  for (const p of participants) {
    const id = byDeputy.get(p.deputyId);
    if (id)
      await updateSynced(trx, 'activity_participants', id, { attendance: p.attendance, note: p.note }, meta);
    else
      await insertSynced(
        trx,
        'activity_participants',
        {
          id: uuidv7(),
          activity_id: activityId,
          deputy_id: p.deputyId,
          attendance: p.attendance,
          note: p.note,
        },
        meta,
      );
  }
}

/** Writes a new activity inside the caller's transaction (the seeder uses it too). */
export async function insertActivity(
  trx: Transaction<DB>,
  values: ActivityValues,
  meta: WriteMeta,
  id: string = uuidv7(),
): Promise<string> {
  await insertSynced(trx, 'activities', { id, ...activityColumns(values) }, meta);
  await writeParticipants(trx, id, values.participants, meta, true);
  return id;
}

export async function createActivity(
  ctx: ServiceContext,
  input: ParsedInput<'activities.create'>,
): Promise<Activity> {
  const id = await writeTransaction(ctx, async (trx, meta) => {
    await checkActivity(ctx, trx, input);
    return insertActivity(trx, input, meta);
  });
  return getActivity(ctx, id);
}

export async function updateActivity(
  ctx: ServiceContext,
  input: ParsedInput<'activities.update'>,
): Promise<Activity> {
  const { id, ...values } = input;
  await writeTransaction(ctx, async (trx, meta) => {
    const exists = await trx
      .selectFrom('activities')
      .select('id')
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!exists) throw new StationError(ErrorCode.notFound, ACTIVITY_NOT_FOUND, 'id');
    await checkActivity(ctx, trx, values);
    await updateSynced(trx, 'activities', id, activityColumns(values), meta);
    await writeParticipants(trx, id, values.participants, meta, false);
  });
  return getActivity(ctx, id);
}

export async function deleteActivity(ctx: ServiceContext, id: string): Promise<{ id: string }> {
  await writeTransaction(ctx, async (trx, meta) => {
    const participants = await trx
      .selectFrom('activity_participants')
      .select('id')
      .where('activity_id', '=', id)
      .where('deleted_at', 'is', null)
      .execute();
    if (!(await tombstoneSynced(trx, 'activities', id, meta)))
      throw new StationError(ErrorCode.notFound, ACTIVITY_NOT_FOUND, 'id');
    for (const p of participants) await tombstoneSynced(trx, 'activity_participants', p.id, meta);
  });
  return { id };
}
