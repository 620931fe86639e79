import { sql, type Kysely, type Transaction } from 'kysely';
import type { z } from 'zod';
import { insertSynced, tombstoneSynced, updateSynced, type WriteMeta } from '../../db/changes';
import { uuidv7 } from '../../db/ids';
import type { DB, ReceptionTable } from '../../db/schema';
import { dateInZone, daysBetween, localToIso } from '../../db/time';
import {
  type ReceptionDetail,
  type ReceptionListItem,
  type ReceptionSettings,
  type receptionInput,
  type RECEPTION_EVENT_KINDS,
  type RECEPTION_STATUSES,
} from '../api/contract';
import { ErrorCode, StationError } from '../api/errors';
import { writeTransaction, type ServiceContext } from './context';
import { slotAt } from './duty';
import { maskName, maskPhone } from './mask';
import { sortLevels } from './roster';
import { searchDocument } from './search-text';
import { receptionSettings } from './settings';
import { seesConfidential } from './auth';

/**
 * The reception log (接待登记, DOMAIN.md §3): registering, correcting, reading and finding
 * receptions. The handling steps (交办, 催办, 答复, 反馈 …) are in reception-lifecycle.ts.
 *
 * Every write goes through db/changes.ts inside one transaction, and the search row
 * (reception_search, rowid = receptions.num) is rewritten in the same transaction.
 */

export type ReceptionValues = z.output<typeof receptionInput>;
export type ReceptionStatus = (typeof RECEPTION_STATUSES)[number];
export type EventKind = (typeof RECEPTION_EVENT_KINDS)[number];
export type ReceptionAction = ReceptionDetail['allowed'][number];

/** The dispositions that hand the matter to someone else to handle (交办 …): counted as 交办 in figures. */
export const HANDED_OVER = ['交办', '转办', '联合接待', '转为代表建议'] as const;

/** A visit may be registered at most this far ahead of the clock (clocks differ a little). */
const FUTURE_SLACK_MS = 5 * 60_000;

const NOT_FOUND = '找不到这条接待登记，可能已被作废。请刷新后重试。';

// --- Rules -------------------------------------------------------------------------------

/** What may be done to a reception in this status; the service checks the same table. */
export const ALLOWED_ACTIONS: Record<ReceptionStatus, ReceptionAction[]> = {
  登记: ['update', 'handle', 'void'],
  办理中: ['update', 'handle', 'remind', 'reply'],
  已办结: ['answer', 'reopen'],
  已反馈: ['reopen'],
};

/** Days past the deadline while the matter is 办理中 (0 otherwise, or without a deadline). */
export function overdueDays(status: string, deadline: string, today: string): number {
  if (status !== '办理中' || !deadline || deadline >= today) return 0;
  return daysBetween(deadline, today);
}

/** The number clerks see: 2026-0042. */
export function receptionNumber(year: number, seq: number): string {
  return `${year}-${String(seq).padStart(4, '0')}`;
}

/** The station-local date (YYYY-MM-DD) of a stored received_at. */
export const visitDate = (receivedAt: string): string => receivedAt.slice(0, 10);

export const todayAt = (ctx: ServiceContext): string => dateInZone(new Date(), ctx.timeZone);

/** One line for the timeline: long texts cut at 60 characters. */
export function clip(text: string, max = 60): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}

// --- Reading -----------------------------------------------------------------------------

export type Row = Omit<ReceptionTable, 'num'> & { num: number };

function visitorNamesForList(row: Row): string {
  if (!row.confidential) return row.visitor_names;
  return row.visitor_names
    .split('、')
    .map((n) => maskName(n))
    .join('、');
}

export function toListItem(row: Row, deputyNames: string[], today: string): ReceptionListItem {
  return {
    id: row.id,
    number: receptionNumber(row.year, row.year_seq),
    receivedAt: row.received_at,
    channel: row.channel as ReceptionListItem['channel'],
    category: row.category,
    title: row.title,
    status: row.status as ReceptionStatus,
    disposition: row.disposition as ReceptionListItem['disposition'],
    unit: row.unit,
    deadline: row.deadline,
    overdueDays: overdueDays(row.status, row.deadline, today),
    confidential: row.confidential === 1,
    visitorNames: visitorNamesForList(row),
    visitorPhone: maskPhone(row.visitor_phone),
    persons: row.persons,
    deputyNames,
    satisfaction: row.satisfaction as ReceptionListItem['satisfaction'],
  };
}

/** Deputies' names for a page of receptions, in one query: reception id → names in entry order. */
export async function deputyNamesFor(db: Kysely<DB>, ids: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (ids.length === 0) return map;
  const rows = await db
    .selectFrom('reception_deputies as rd')
    .innerJoin('deputies as d', 'd.id', 'rd.deputy_id')
    .select(['rd.reception_id', 'd.name'])
    .where('rd.reception_id', 'in', ids)
    .where('rd.deleted_at', 'is', null)
    .orderBy('rd.rev')
    .execute();
  for (const r of rows) {
    const names = map.get(r.reception_id) ?? [];
    names.push(r.name);
    map.set(r.reception_id, names);
  }
  return map;
}

/** The live reception row, or a not-found error on `id`. */
export async function loadReception(db: Kysely<DB>, id: string): Promise<Row> {
  const row = await db
    .selectFrom('receptions')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new StationError(ErrorCode.notFound, NOT_FOUND, 'id');
  return row;
}

/** A confidential reception (要求保密) is shown and handled only by administrators. */
export function assertVisible(ctx: ServiceContext, row: Pick<Row, 'confidential'>): void {
  if (row.confidential && !seesConfidential(ctx))
    throw new StationError(
      ErrorCode.forbidden,
      '这条接待登记要求保密，只有管理员可以查看和办理。请让管理员登录后操作。',
    );
}

export async function getReception(ctx: ServiceContext, id: string): Promise<ReceptionDetail> {
  assertVisible(ctx, await loadReception(ctx.db, id));
  return readDetail(ctx.db, id, todayAt(ctx));
}

/** One reception in full; `db` may be a transaction (the connection is not shared). */
export async function readDetail(db: Kysely<DB>, id: string, today: string): Promise<ReceptionDetail> {
  const row = await loadReception(db, id);
  const [visitors, deputies, attachments, events] = await Promise.all([
    db
      .selectFrom('reception_visitors')
      .selectAll()
      .where('reception_id', '=', id)
      .where('deleted_at', 'is', null)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('reception_deputies as rd')
      .innerJoin('deputies as d', 'd.id', 'rd.deputy_id')
      .select(['d.id', 'd.name', 'd.levels'])
      .where('rd.reception_id', '=', id)
      .where('rd.deleted_at', 'is', null)
      .orderBy('rd.rev')
      .execute(),
    db
      .selectFrom('reception_attachments as ra')
      .leftJoin('attachments as a', 'a.sha256', 'ra.sha256')
      .select(['ra.sha256', 'ra.file_name', 'a.mime', 'a.size'])
      .where('ra.reception_id', '=', id)
      .where('ra.deleted_at', 'is', null)
      .orderBy('ra.rev')
      .execute(),
    db
      .selectFrom('reception_events')
      .selectAll()
      .where('reception_id', '=', id)
      .where('deleted_at', 'is', null)
      .orderBy('rev')
      .execute(),
  ]);
  const item = toListItem(
    row,
    deputies.map((d) => d.name),
    today,
  );
  return {
    ...item,
    // The detail page is the one place the full names are shown.
    visitorNames: row.visitor_names,
    matter: row.matter,
    visitors: visitors.map((v) => ({
      id: v.id,
      name: v.name,
      gender: v.gender as ReceptionDetail['visitors'][number]['gender'],
      age: v.age,
      birthYear: v.birth_year,
      phone: v.phone,
      address: v.address,
      groupSize: v.group_size,
      idNumber: v.id_number,
    })),
    deputies: deputies.map((d) => ({
      id: d.id,
      name: d.name,
      levels: sortLevels(JSON.parse(d.levels) as ReceptionDetail['deputies'][number]['levels']),
    })),
    staff: JSON.parse(row.staff) as string[],
    referral: row.referral,
    suggestionDeputyId: row.suggestion_deputy_id,
    reply: row.reply_date ? { date: row.reply_date, unit: row.reply_unit, text: row.reply_text } : null,
    answer: row.answer_date
      ? {
          date: row.answer_date,
          method: row.answer_method as NonNullable<ReceptionDetail['answer']>['method'],
          text: row.answer_text,
          satisfaction: (row.satisfaction || '未表态') as NonNullable<
            ReceptionDetail['answer']
          >['satisfaction'],
        }
      : null,
    reminders: row.reminders,
    attachments: attachments.map((a) => ({
      sha256: a.sha256,
      fileName: a.file_name,
      mime: a.mime ?? '',
      size: Number(a.size ?? 0),
    })),
    dutySlotId: row.duty_slot_id,
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind as EventKind,
      date: e.date,
      at: e.created_at,
      actor: e.actor,
      summary: e.summary,
    })),
    allowed: [...ALLOWED_ACTIONS[row.status as ReceptionStatus]],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

// --- Writing helpers (shared with reception-lifecycle.ts) --------------------------------

/** Refuses a step the reception's status does not allow, saying what to do instead. */
export function assertAllowed(row: Row, action: ReceptionAction): void {
  const status = row.status as ReceptionStatus;
  if (ALLOWED_ACTIONS[status].includes(action)) return;
  throw new StationError(ErrorCode.invalidTransition, refusal(status, action));
}

function refusal(status: ReceptionStatus, action: ReceptionAction): string {
  const closed = status === '已办结' || status === '已反馈';
  switch (action) {
    case 'update':
      return '这件事项已办结，不能直接修改。如需更正，请先点“重新办理”。';
    case 'handle':
      return closed
        ? `这件事项${status}，不能再选择处理方式。如需重新处理，请先点“重新办理”。`
        : '这件事项不能办理，请刷新后重试。';
    case 'remind':
      return status === '登记'
        ? '这件事项还没有交办，不能催办。请先选择处理方式（交办、转办等）。'
        : `这件事项${status}，不需要再催办。`;
    case 'reply':
      return status === '登记'
        ? '这件事项还没有交办，不能登记办理答复。请先选择处理方式（交办、转办等）。'
        : `这件事项${status}，已有办理答复。如需重新办理，请先点“重新办理”。`;
    case 'answer':
      return status === '已反馈'
        ? '这件事项已经反馈过来访人。如来访人不满意需要再办，请点“重新办理”。'
        : '这件事项还没有办结，不能反馈。请先登记承办单位的办理答复并办结。';
    case 'reopen':
      return '只有已办结或已反馈的事项才能重新办理；这件事项还在办理中，可以直接修改或催办。';
    case 'void':
      return '这件事项已经开始办理，不能作废（作废只用于刚登记、登记有误的记录）。如有错误，请修改登记内容。';
  }
}

/** Appends a step to the reception's timeline. */
export async function appendEvent(
  trx: Transaction<DB>,
  receptionId: string,
  step: { kind: EventKind; date: string; summary: string; detail: Record<string, unknown> },
  meta: WriteMeta,
): Promise<void> {
  await insertSynced(
    trx,
    'reception_events',
    {
      id: uuidv7(),
      reception_id: receptionId,
      kind: step.kind,
      date: step.date,
      actor: meta.actor,
      summary: step.summary,
      detail: JSON.stringify(step.detail),
    },
    meta,
  );
}

/** A business date (交办, 答复, 反馈 …) cannot be before the visit. */
export function assertNotBeforeVisit(row: Row, date: string, field: string, label: string): void {
  if (date < visitDate(row.received_at))
    throw new StationError(
      ErrorCode.validation,
      `${label}不能早于接待日期（${visitDate(row.received_at)}），请核对`,
      field,
    );
}

/**
 * A step's own date: not before the visit, and not after today at the station (the contract
 * can only check against the machine's clock; the station's zone decides here).
 */
export function assertStepDate(ctx: ServiceContext, row: Row, date: string, label: string): void {
  assertNotBeforeVisit(row, date, 'date', label);
  if (date > todayAt(ctx))
    throw new StationError(ErrorCode.validation, `${label}不能晚于今天，请核对`, 'date');
}

/** Rewrites the reception's search row from what is stored now (same transaction). */
async function reindex(
  trx: Transaction<DB>,
  num: number,
  values: ReceptionValues,
  fresh = false,
): Promise<void> {
  const doc = searchDocument(
    [values.title, values.matter, ...values.visitors.map((v) => v.address)],
    values.visitors.map((v) => v.name),
  );
  if (!fresh) await sql`DELETE FROM reception_search WHERE rowid = ${num}`.execute(trx);
  await sql`INSERT INTO reception_search (rowid, tokens) VALUES (${num}, ${doc})`.execute(trx);
}

export async function dropFromIndex(trx: Transaction<DB>, num: number): Promise<void> {
  await sql`DELETE FROM reception_search WHERE rowid = ${num}`.execute(trx);
}

// --- Register and correct ----------------------------------------------------------------

interface Current {
  row: Row;
  visitors: { id: string; id_number: string }[];
}

/** The checks that need the database or the clock; the contract has done the rest. */
async function checkValues(
  ctx: ServiceContext,
  trx: Transaction<DB>,
  values: ReceptionValues,
  settings: ReceptionSettings,
  current: Current | null,
): Promise<string> {
  const receivedAt = localToIso(values.receivedAt, ctx.timeZone);
  if (Date.parse(receivedAt) > Date.now() + FUTURE_SLACK_MS)
    throw new StationError(ErrorCode.validation, '接待时间不能晚于现在，请核对', 'receivedAt');
  if (!settings.categories.includes(values.category) && values.category !== current?.row.category)
    throw new StationError(
      ErrorCode.validation,
      `问题类别“${values.category}”不在本站的类别列表中，请从列表中选择`,
      'category',
    );
  if (!settings.collectIdNumbers)
    values.visitors.forEach((v, i) => {
      // A number recorded while the switch was on may stay on its visitor; no new ones.
      if (v.idNumber && v.idNumber !== current?.visitors[i]?.id_number)
        throw new StationError(
          ErrorCode.validation,
          '本站没有开启登记身份证号，请不要填写身份证号（管理员可在接待设置中开启）',
          `visitors.${i}.idNumber`,
        );
    });
  if (values.deputyIds.length > 0) {
    const found = await trx
      .selectFrom('deputies')
      .select('id')
      .where('id', 'in', values.deputyIds)
      .where('deleted_at', 'is', null)
      .execute();
    if (found.length !== values.deputyIds.length)
      throw new StationError(
        ErrorCode.validation,
        '所选接待代表有的不在名册中（可能已被删除），请重新选择',
        'deputyIds',
      );
  }
  const hashes = [...new Set(values.attachments.map((a) => a.sha256))];
  if (hashes.length > 0) {
    const found = await trx
      .selectFrom('attachments')
      .select('sha256')
      .where('sha256', 'in', hashes)
      .execute();
    if (found.length !== hashes.length)
      throw new StationError(ErrorCode.validation, '有附件没有上传成功，请重新上传后再保存', 'attachments');
  }
  return receivedAt;
}

/** The duty slot (值班) the visit was received in, from its station-local date and time. */
const dutySlotOf = (trx: Transaction<DB>, receivedAt: string): Promise<string | null> =>
  slotAt(trx, visitDate(receivedAt), receivedAt.slice(11, 16));

/** The reception's own columns from validated input (copies for the list included). */
function columnsFrom(values: ReceptionValues, receivedAt: string) {
  return {
    received_at: receivedAt,
    channel: values.channel,
    category: values.category,
    title: values.title,
    matter: values.matter,
    confidential: values.confidential ? 1 : 0,
    staff: JSON.stringify(values.staff),
    visitor_names: values.visitors.map((v) => v.name).join('、'),
    visitor_phone: values.visitors.find((v) => v.phone)?.phone ?? '',
    persons: values.visitors.reduce((n, v) => n + v.groupSize, 0),
  };
}

function visitorColumns(v: ReceptionValues['visitors'][number], position: number) {
  return {
    position,
    name: v.name,
    gender: v.gender,
    age: v.age,
    birth_year: v.birthYear,
    phone: v.phone,
    address: v.address,
    group_size: v.groupSize,
    id_number: v.idNumber,
  };
}

export async function createReception(
  ctx: ServiceContext,
  values: ReceptionValues,
): Promise<ReceptionDetail> {
  const id = await writeTransaction(ctx, async (trx, meta) => {
    const settings = await receptionSettings(trx);
    const receivedAt = await checkValues(ctx, trx, values, settings, null);
    const year = Number(receivedAt.slice(0, 4));
    // Numbers are never reused: voided receptions keep theirs (the unique index covers them too).
    const { seq } = await trx
      .selectFrom('receptions')
      .select((eb) => eb.fn.max<number | null>('year_seq').as('seq'))
      .where('year', '=', year)
      .executeTakeFirstOrThrow();
    const id = uuidv7();
    await insertSynced(
      trx,
      'receptions',
      {
        id,
        year,
        year_seq: Number(seq ?? 0) + 1,
        ...columnsFrom(values, receivedAt),
        status: '登记',
        disposition: null,
        unit: '',
        deadline: '',
        referral: '',
        suggestion_deputy_id: null,
        reply_date: '',
        reply_unit: '',
        reply_text: '',
        answer_date: '',
        answer_method: '',
        answer_text: '',
        satisfaction: '',
        reminders: 0,
        duty_slot_id: await dutySlotOf(trx, receivedAt),
      },
      meta,
    );
    await writeChildren(trx, id, values, null, meta);
    const { num } = await trx
      .selectFrom('receptions')
      .select('num')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await reindex(trx, num, values, true);
    await appendEvent(
      trx,
      id,
      {
        kind: '登记',
        date: visitDate(receivedAt),
        summary: `登记（${values.channel}）：${clip(values.title)}`,
        detail: { channel: values.channel, category: values.category, title: values.title },
      },
      meta,
    );
    return id;
  });
  return getReception(ctx, id);
}

/** Visitors by position, deputies and attachments as sets: insert, update or tombstone the difference. */
async function writeChildren(
  trx: Transaction<DB>,
  receptionId: string,
  values: ReceptionValues,
  current: Current | null,
  meta: WriteMeta,
): Promise<void> {
  const oldVisitors = current?.visitors ?? [];
  for (const [i, v] of values.visitors.entries()) {
    const cols = visitorColumns(v, i);
    const old = oldVisitors[i];
    if (old) await updateSynced(trx, 'reception_visitors', old.id, cols, meta);
    else
      await insertSynced(
        trx,
        'reception_visitors',
        { id: uuidv7(), reception_id: receptionId, ...cols },
        meta,
      );
  }
  for (const old of oldVisitors.slice(values.visitors.length))
    await tombstoneSynced(trx, 'reception_visitors', old.id, meta);

  const oldDeputies = current
    ? await trx
        .selectFrom('reception_deputies')
        .select(['id', 'deputy_id'])
        .where('reception_id', '=', receptionId)
        .where('deleted_at', 'is', null)
        .execute()
    : [];
  for (const d of oldDeputies)
    if (!values.deputyIds.includes(d.deputy_id)) await tombstoneSynced(trx, 'reception_deputies', d.id, meta);
  for (const deputyId of values.deputyIds)
    if (!oldDeputies.some((d) => d.deputy_id === deputyId))
      await insertSynced(
        trx,
        'reception_deputies',
        { id: uuidv7(), reception_id: receptionId, deputy_id: deputyId },
        meta,
      );

  const oldAttachments = current
    ? await trx
        .selectFrom('reception_attachments')
        .select(['id', 'sha256', 'file_name'])
        .where('reception_id', '=', receptionId)
        .where('deleted_at', 'is', null)
        .execute()
    : [];
  const wanted = new Map(values.attachments.map((a) => [a.sha256, a.fileName]));
  for (const a of oldAttachments) {
    const fileName = wanted.get(a.sha256);
    if (fileName === undefined) await tombstoneSynced(trx, 'reception_attachments', a.id, meta);
    else if (fileName !== a.file_name)
      await updateSynced(trx, 'reception_attachments', a.id, { file_name: fileName }, meta);
  }
  for (const [sha256, fileName] of wanted)
    if (!oldAttachments.some((a) => a.sha256 === sha256))
      await insertSynced(
        trx,
        'reception_attachments',
        { id: uuidv7(), reception_id: receptionId, sha256, file_name: fileName },
        meta,
      );
}

/** Field names as the form labels them, for the 修改 entry on the timeline. */
const FIELD_LABELS: Record<string, string> = {
  receivedAt: '接待时间',
  channel: '接待方式',
  visitors: '来访人',
  deputyIds: '接待代表',
  staff: '工作人员',
  category: '问题类别',
  title: '事项标题',
  matter: '反映内容',
  confidential: '要求保密',
  attachments: '附件',
};

export async function updateReception(
  ctx: ServiceContext,
  input: ReceptionValues & { id: string },
): Promise<ReceptionDetail> {
  const { id, ...values } = input;
  await writeTransaction(ctx, async (trx, meta) => {
    const row = await loadReception(trx, id);
    assertVisible(ctx, row);
    assertAllowed(row, 'update');
    const visitors = await trx
      .selectFrom('reception_visitors')
      .selectAll()
      .where('reception_id', '=', id)
      .where('deleted_at', 'is', null)
      .orderBy('position')
      .execute();
    const settings = await receptionSettings(trx);
    const receivedAt = await checkValues(ctx, trx, values, settings, { row, visitors });
    // The visit cannot move after what already happened to it (a hand-over, a reply …).
    const { first } = await trx
      .selectFrom('reception_events')
      .select((eb) => eb.fn.min<string | null>('date').as('first'))
      .where('reception_id', '=', id)
      .where('deleted_at', 'is', null)
      .where('kind', 'not in', ['登记', '修改'])
      .executeTakeFirstOrThrow();
    const limit = [first, row.deadline].filter((d): d is string => !!d).sort()[0];
    if (limit && visitDate(receivedAt) > limit)
      throw new StationError(
        ErrorCode.validation,
        `接待日期不能晚于已办理的日期或办理期限（${limit}），请核对`,
        'receivedAt',
      );
    const before = await readDetail(trx, id, todayAt(ctx));
    const changed = changedFields(before, values, receivedAt);
    if (changed.length === 0) return;
    const columns = columnsFrom(values, receivedAt);
    // A visit moved in time may now fall in another duty slot (or none).
    const slot = changed.includes('receivedAt') ? { duty_slot_id: await dutySlotOf(trx, receivedAt) } : {};
    await updateSynced(trx, 'receptions', id, { ...columns, ...slot }, meta);
    await writeChildren(trx, id, values, { row, visitors }, meta);
    await reindex(trx, row.num, values);
    await appendEvent(
      trx,
      id,
      {
        kind: '修改',
        date: todayAt(ctx),
        summary: `修改：${changed.map((f) => FIELD_LABELS[f]).join('、')}`,
        detail: { fields: changed },
      },
      meta,
    );
  });
  return getReception(ctx, id);
}

/** The form's fields whose values differ from what is stored. */
function changedFields(before: ReceptionDetail, values: ReceptionValues, receivedAt: string): string[] {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const visitors = (list: ReceptionValues['visitors']) =>
    list.map((v) => [v.name, v.gender, v.age, v.birthYear, v.phone, v.address, v.groupSize, v.idNumber]);
  const checks: Record<string, boolean> = {
    receivedAt: before.receivedAt === receivedAt,
    channel: before.channel === values.channel,
    visitors: same(visitors(before.visitors), visitors(values.visitors)),
    deputyIds: same(
      before.deputies.map((d) => d.id),
      values.deputyIds,
    ),
    staff: same(before.staff, values.staff),
    category: before.category === values.category,
    title: before.title === values.title,
    matter: before.matter === values.matter,
    confidential: before.confidential === values.confidential,
    attachments: same(
      before.attachments.map((a) => [a.sha256, a.fileName]),
      values.attachments.map((a) => [a.sha256, a.fileName]),
    ),
  };
  return Object.keys(FIELD_LABELS).filter((k) => !checks[k]);
}
