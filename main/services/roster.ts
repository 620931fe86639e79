import { sql, type Kysely } from 'kysely';
import { pinyin } from 'pinyin-pro';
import { insertSynced, updateSynced, type WriteMeta } from '../../db/changes';
import { uuidv7 } from '../../db/ids';
import type { DB, DeputyTable } from '../../db/schema';
import {
  DEPUTY_LEVELS,
  type Deputy,
  type DeputyDetail,
  type deputyInput,
  type DEPUTY_STATUSES,
  type rosterListInput,
} from '../api/contract';
import { ErrorCode, StationError } from '../api/errors';
import { storeAttachment } from './attachments';
import { writeTransaction, type ServiceContext } from './context';
import type { z } from 'zod';

export type DeputyValues = z.output<typeof deputyInput>;
type ListInput = z.output<typeof rosterListInput>;
type Status = (typeof DEPUTY_STATUSES)[number];

/** Full pinyin without tones or spaces (zhangsan) and initials (zs), lower case. */
export function pinyinKeys(name: string): { full: string; initials: string } {
  const full = pinyin(name, { toneType: 'none', type: 'array', v: true }).join('').toLowerCase();
  const initials = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase();
  return { full: full.replace(/[^a-z0-9]/g, ''), initials: initials.replace(/[^a-z0-9]/g, '') };
}

/** Levels in the canonical order (全国 → 乡镇), so equal sets compare equal. */
export function sortLevels<T extends string>(levels: readonly T[]): T[] {
  return [...levels].sort(
    (a, b) =>
      DEPUTY_LEVELS.indexOf(a as (typeof DEPUTY_LEVELS)[number]) -
      DEPUTY_LEVELS.indexOf(b as (typeof DEPUTY_LEVELS)[number]),
  );
}

type DeputyRow = DeputyTable & { group_name: string | null };

export function toDeputy(row: DeputyRow): Deputy {
  return {
    id: row.id,
    name: row.name,
    gender: row.gender as Deputy['gender'],
    ethnicity: row.ethnicity,
    birthDate: row.birth_date,
    politicalAffiliation: row.political_affiliation,
    education: row.education,
    workplacePost: row.workplace_post,
    levels: JSON.parse(row.levels) as Deputy['levels'],
    term: row.term,
    cardNumber: row.card_number,
    constituency: row.constituency,
    groupId: row.group_id,
    groupName: row.group_name,
    phone: row.phone,
    address: row.address,
    bio: row.bio,
    stationRole: row.station_role as Deputy['stationRole'],
    status: row.status as Deputy['status'],
    statusDate: row.status_date,
    photo: row.photo_sha256,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The deputy's columns from validated input (pinyin keys computed here, always). */
export function toColumns(input: DeputyValues) {
  const keys = pinyinKeys(input.name);
  return {
    name: input.name,
    name_pinyin: keys.full,
    name_initials: keys.initials,
    gender: input.gender,
    ethnicity: input.ethnicity,
    birth_date: input.birthDate ?? '',
    political_affiliation: input.politicalAffiliation,
    education: input.education,
    workplace_post: input.workplacePost,
    levels: JSON.stringify(sortLevels(input.levels)),
    term: input.term,
    card_number: input.cardNumber,
    constituency: input.constituency,
    group_id: input.groupId,
    phone: input.phone,
    address: input.address,
    bio: input.bio,
    station_role: input.stationRole,
  };
}

function selectDeputies(db: Kysely<DB>) {
  return db
    .selectFrom('deputies as d')
    .leftJoin('deputy_groups as g', 'g.id', 'd.group_id')
    .selectAll('d')
    .select('g.name as group_name')
    .where('d.deleted_at', 'is', null);
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const LEVEL_RANK = sql<number>`CASE
  WHEN d.levels LIKE '%全国%' THEN 0 WHEN d.levels LIKE '%"省"%' THEN 1
  WHEN d.levels LIKE '%"市"%' THEN 2 WHEN d.levels LIKE '%"县"%' THEN 3 ELSE 4 END`;

export async function listDeputies(
  ctx: ServiceContext,
  input: ListInput,
): Promise<{ items: Deputy[]; total: number }> {
  let query = selectDeputies(ctx.db);
  const q = input.q.trim();
  if (q) {
    const p = likePattern(q);
    const letters = q.toLowerCase().replace(/\s+/g, '');
    const lp = likePattern(letters);
    query = query.where(
      sql<boolean>`(d.name LIKE ${p} ESCAPE '\\' OR d.workplace_post LIKE ${p} ESCAPE '\\'
        OR d.constituency LIKE ${p} ESCAPE '\\' OR d.name_pinyin LIKE ${lp} ESCAPE '\\'
        OR d.name_initials LIKE ${lp} ESCAPE '\\')`,
    );
  }
  if (input.level) {
    const level = input.level;
    query = query.where(sql<boolean>`EXISTS (SELECT 1 FROM json_each(d.levels) WHERE value = ${level})`);
  }
  if (input.groupId) query = query.where('d.group_id', '=', input.groupId);
  if (input.status) query = query.where('d.status', '=', input.status);
  const { total } = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  switch (input.sort) {
    case 'group':
      query = query
        .orderBy(sql`g.name IS NULL`)
        .orderBy('g.name')
        .orderBy('d.name_pinyin');
      break;
    case 'level':
      query = query.orderBy(LEVEL_RANK).orderBy('d.name_pinyin');
      break;
    case 'status':
      query = query.orderBy('d.status').orderBy('d.name_pinyin');
      break;
    case 'updated':
      query = query.orderBy('d.updated_at', 'desc');
      break;
    default:
      query = query.orderBy('d.name_pinyin').orderBy('d.name');
  }
  const rows = await query
    .orderBy('d.id')
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize)
    .execute();
  return { items: rows.map(toDeputy), total: Number(total) };
}

export async function allLiveDeputies(db: Kysely<DB>): Promise<Deputy[]> {
  const rows = await selectDeputies(db).orderBy('d.name_pinyin').orderBy('d.id').execute();
  return rows.map(toDeputy);
}

export async function getDeputy(ctx: ServiceContext | { db: Kysely<DB> }, id: string): Promise<DeputyDetail> {
  const row = await selectDeputies(ctx.db).where('d.id', '=', id).executeTakeFirst();
  if (!row)
    throw new StationError(ErrorCode.notFound, '找不到这位代表，可能已被删除。请刷新名册后重试。', 'id');
  const history = await ctx.db
    .selectFrom('deputy_status_history')
    .selectAll()
    .where('deputy_id', '=', id)
    .where('deleted_at', 'is', null)
    .orderBy('effective_date')
    .orderBy('rev')
    .execute();
  return {
    ...toDeputy(row),
    statusHistory: history.map((h) => ({
      id: h.id,
      status: h.status as Status,
      effectiveDate: h.effective_date,
      note: h.note,
      recordedAt: h.created_at,
    })),
  };
}

/** Refuses a card number another live deputy holds, naming them. */
export async function checkCardNumber(
  db: Kysely<DB>,
  cardNumber: string,
  selfId: string | null,
): Promise<void> {
  if (!cardNumber) return;
  let q = db
    .selectFrom('deputies')
    .select(['id', 'name'])
    .where('card_number', '=', cardNumber)
    .where('deleted_at', 'is', null);
  if (selfId) q = q.where('id', '<>', selfId);
  const other = await q.executeTakeFirst();
  if (other)
    throw new StationError(
      ErrorCode.validation,
      `代表证号“${cardNumber}”已登记给代表“${other.name}”，请核对证号后重新填写。`,
      'cardNumber',
    );
}

async function checkGroup(db: Kysely<DB>, groupId: string | null): Promise<void> {
  if (!groupId) return;
  const g = await db
    .selectFrom('deputy_groups')
    .select('id')
    .where('id', '=', groupId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!g) throw new StationError(ErrorCode.validation, '所选代表小组不存在，请重新选择。', 'groupId');
}

/** Inserts a deputy (在任 from the write's date) with the first history entry. */
export async function insertDeputy(db: Kysely<DB>, input: DeputyValues, meta: WriteMeta): Promise<string> {
  const trx = db as Parameters<typeof insertSynced>[0];
  const id = uuidv7();
  const today = meta.at.slice(0, 10);
  await insertSynced(
    trx,
    'deputies',
    { id, ...toColumns(input), status: '在任', status_date: today, photo_sha256: null },
    meta,
  );
  await insertSynced(
    trx,
    'deputy_status_history',
    { id: uuidv7(), deputy_id: id, status: '在任', effective_date: today, note: '新增代表' },
    meta,
  );
  return id;
}

export async function createDeputy(ctx: ServiceContext, input: DeputyValues): Promise<DeputyDetail> {
  const id = await writeTransaction(ctx, async (trx, meta) => {
    await checkCardNumber(trx, input.cardNumber, null);
    await checkGroup(trx, input.groupId);
    return insertDeputy(trx, input, meta);
  });
  return getDeputy(ctx, id);
}

export async function updateDeputy(
  ctx: ServiceContext,
  input: DeputyValues & { id: string },
): Promise<DeputyDetail> {
  const { id, ...values } = input;
  await writeTransaction(ctx, async (trx, meta) => {
    await checkCardNumber(trx, values.cardNumber, id);
    await checkGroup(trx, values.groupId);
    const updated = await updateSynced(trx, 'deputies', id, toColumns(values), meta);
    if (!updated)
      throw new StationError(ErrorCode.notFound, '找不到这位代表，可能已被删除。请刷新名册后重试。', 'id');
  });
  return getDeputy(ctx, id);
}

export async function setDeputyStatus(
  ctx: ServiceContext,
  input: { id: string; status: Status; effectiveDate: string; note: string },
): Promise<DeputyDetail> {
  await writeTransaction(ctx, async (trx, meta) => {
    const updated = await updateSynced(
      trx,
      'deputies',
      input.id,
      { status: input.status, status_date: input.effectiveDate },
      meta,
    );
    if (!updated)
      throw new StationError(ErrorCode.notFound, '找不到这位代表，可能已被删除。请刷新名册后重试。', 'id');
    await insertSynced(
      trx,
      'deputy_status_history',
      {
        id: uuidv7(),
        deputy_id: input.id,
        status: input.status,
        effective_date: input.effectiveDate,
        note: input.note,
      },
      meta,
    );
  });
  return getDeputy(ctx, input.id);
}

export const MAX_PHOTO_BYTES = 1.5 * 1024 * 1024;

export async function setDeputyPhoto(
  ctx: ServiceContext,
  input: { id: string; jpegBase64: string },
): Promise<DeputyDetail> {
  const bytes = Buffer.from(input.jpegBase64.replace(/^data:image\/jpeg;base64,/, ''), 'base64');
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff)
    throw new StationError(
      ErrorCode.validation,
      '照片不是 JPEG 图片，请重新选择照片并裁剪后保存。',
      'jpegBase64',
    );
  if (bytes.length > MAX_PHOTO_BYTES)
    throw new StationError(ErrorCode.validation, '照片超过1.5MB，请裁小一些或换一张再保存。', 'jpegBase64');
  await writeTransaction(ctx, async (trx, meta) => {
    const sha256 = await storeAttachment(trx, bytes, 'image/jpeg', meta.at);
    const updated = await updateSynced(trx, 'deputies', input.id, { photo_sha256: sha256 }, meta);
    if (!updated)
      throw new StationError(ErrorCode.notFound, '找不到这位代表，可能已被删除。请刷新名册后重试。', 'id');
  });
  return getDeputy(ctx, input.id);
}

// --- Deputy groups (代表小组) ---------------------------------------------------------

export async function listGroups(ctx: ServiceContext | { db: Kysely<DB> }) {
  const rows = await ctx.db
    .selectFrom('deputy_groups as g')
    .select(['g.id', 'g.name'])
    .select((eb) =>
      eb
        .selectFrom('deputies as d')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('d.group_id', '=', 'g.id')
        .where('d.deleted_at', 'is', null)
        .as('memberCount'),
    )
    .where('g.deleted_at', 'is', null)
    .orderBy('g.id') // creation order (ids are time-ordered): 第一, 第二, 第三 …
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, memberCount: Number(r.memberCount ?? 0) }));
}

async function checkGroupName(db: Kysely<DB>, name: string, selfId: string | null): Promise<void> {
  let q = db
    .selectFrom('deputy_groups')
    .select('id')
    .where('name', '=', name)
    .where('deleted_at', 'is', null);
  if (selfId) q = q.where('id', '<>', selfId);
  if (await q.executeTakeFirst())
    throw new StationError(ErrorCode.validation, `已有名为“${name}”的代表小组，请换一个名称。`, 'name');
}

export async function insertGroup(db: Kysely<DB>, name: string, meta: WriteMeta): Promise<string> {
  const id = uuidv7();
  await insertSynced(db as Parameters<typeof insertSynced>[0], 'deputy_groups', { id, name }, meta);
  return id;
}

export async function createGroup(ctx: ServiceContext, input: { name: string }) {
  const id = await writeTransaction(ctx, async (trx, meta) => {
    await checkGroupName(trx, input.name, null);
    return insertGroup(trx, input.name, meta);
  });
  return (await listGroups(ctx)).find((g) => g.id === id)!;
}

export async function renameGroup(ctx: ServiceContext, input: { id: string; name: string }) {
  await writeTransaction(ctx, async (trx, meta) => {
    await checkGroupName(trx, input.name, input.id);
    const updated = await updateSynced(trx, 'deputy_groups', input.id, { name: input.name }, meta);
    if (!updated) throw new StationError(ErrorCode.notFound, '找不到这个代表小组，请刷新后重试。', 'id');
  });
  return (await listGroups(ctx)).find((g) => g.id === input.id)!;
}
