import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema';
import { nextDay } from '../../db/time';
import {
  RECEPTION_COUNT_CAP,
  RECEPTION_COUNT_CAP_NARROWED,
  type ReceptionDetail,
  type ReceptionListItem,
  type receptionListInput,
} from '../api/contract';
import type { ServiceContext } from './context';
import { deputyNamesFor, HANDED_OVER, todayAt, toListItem, type Row } from './receptions';
import { sortLevels } from './roster';
import { searchQuery } from './search-text';
import { receptionSettings } from './settings';
import { seesConfidential } from './auth';

/**
 * Reading the reception log in bulk: the list (filters, full-text search, phone), the
 * registration form's helpers, the monthly figures and the home page's counts.
 *
 * Only partial indexes exist (WHERE deleted_at IS NULL, and narrower ones), so every query
 * names `deleted_at IS NULL` and the partial indexes' other conditions as literals: SQLite
 * uses a partial index only when the query's WHERE visibly implies the index's.
 */

type ListInput = z.output<typeof receptionListInput>;

// --- Finding -----------------------------------------------------------------------------

/** A phone number typed into the search box: 7 or more digits and nothing but phone punctuation. */
function phoneCandidates(q: string): string[] | null {
  if (!/^[\d\s()（）+-]+$/.test(q)) return null;
  const typed = q.replace(/[\s()（）]/g, '');
  const digits = typed.replace(/\D/g, '');
  if (digits.length < 7) return null;
  const out = new Set([typed, digits]);
  // Landlines are stored as typed (0571-88886666 or 057188886666): try both area-code splits.
  if (digits.startsWith('0')) {
    out.add(`${digits.slice(0, 3)}-${digits.slice(3)}`);
    out.add(`${digits.slice(0, 4)}-${digits.slice(4)}`);
  }
  return [...out];
}

/** A filter given as one value or a list (the statistics page links to several statuses). */
const asList = <T extends string>(v: T | T[] | undefined): T[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/**
 * The list's WHERE for the filters (not the search). Literal constants where a partial index's
 * own WHERE must be implied by the query (SQLite matches those only against literals).
 */
function filterSql(input: ListInput, today: string, deputyAs: 'set' | 'probe' = 'set') {
  const parts = [sql`r.deleted_at IS NULL`];
  if (input.from) parts.push(sql`r.received_at >= ${input.from}`);
  if (input.to) parts.push(sql`r.received_at < ${nextDay(input.to)}`);
  if (input.channel) parts.push(sql`r.channel = ${input.channel}`);
  if (input.category) parts.push(sql`r.category = ${input.category}`);
  const statuses = asList(input.status);
  if (statuses.length === 1) parts.push(sql`r.status = ${statuses[0]}`);
  if (statuses.length > 1) parts.push(sql`r.status IN (${sql.join(statuses)})`);
  const dispositions = asList(input.disposition);
  if (dispositions.length === 1) parts.push(sql`r.disposition = ${dispositions[0]}`);
  if (dispositions.length > 1) parts.push(sql`r.disposition IN (${sql.join(dispositions)})`);
  if (input.confidential === true) parts.push(sql`r.confidential = 1`);
  if (input.confidential === false) parts.push(sql`r.confidential = 0`);
  if (input.overdue) parts.push(sql`r.status = '办理中' AND r.deadline <> '' AND r.deadline < ${today}`);
  // 'set' lets SQLite start from the deputy's receptions; 'probe' checks each row it walks.
  if (input.deputyId && deputyAs === 'set')
    parts.push(sql`r.id IN (SELECT rd.reception_id FROM reception_deputies rd
      WHERE rd.deputy_id = ${input.deputyId} AND rd.deleted_at IS NULL)`);
  if (input.deputyId && deputyAs === 'probe')
    parts.push(sql`EXISTS (SELECT 1 FROM reception_deputies rd
      WHERE rd.deputy_id = ${input.deputyId} AND rd.reception_id = r.id AND rd.deleted_at IS NULL)`);
  return sql.join(parts, sql` AND `);
}

/** How many filters are set (a date range counts once). */
const filterCount = (input: ListInput) =>
  [
    input.from || input.to,
    input.channel,
    input.category,
    asList(input.status).length > 0,
    asList(input.disposition).length > 0,
    input.confidential !== undefined,
    input.overdue,
    input.deputyId,
  ].filter(Boolean).length;
const hasFilters = (input: ListInput) => filterCount(input) > 0;

const NEWEST_FIRST = sql`r.received_at DESC, r.num DESC`;

/** The page and the (capped) count statements of one list request. */
export interface ListStatements {
  page: RawBuilder<Row>;
  count: RawBuilder<{ n: number }>;
  /** Counting stops here: "N 条以上" beyond it. */
  cap: number;
}

/**
 * Builds the list's two statements. Three shapes:
 * - a phone number: the visitors' phone index finds the receptions, then the filters;
 * - words: the search index drives (`MATCH … ORDER BY rowid DESC`, newest-registered first)
 *   and each match is joined to its row for the filters; without filters the count reads the
 *   search index alone (voided receptions have no search row);
 * - filters only: newest visit first through receptions_received or a filter's own index.
 * For a deputy who took part in many receptions, scanning by time and probing their set beats
 * fetching and sorting all of them; for a deputy with few, the opposite. Their count (one
 * covering-index read) decides which plan the page uses; either stays near 20 ms at 1M rows.
 */
export async function listStatements(
  db: Kysely<DB>,
  input: ListInput,
  today: string,
  /** Tests force the deputy filter's plan to check both give the same rows. */
  options: { deputyPlan?: 'scan' | 'lookup' } = {},
): Promise<ListStatements | null> {
  let where = filterSql(input, today);
  // One filter (or none) is counted from an index alone; a search with filters, or several
  // filters, must read each matching row (~4 µs each), so those stop counting sooner.
  const narrowed = filterCount(input) >= 2 || (input.q.trim() !== '' && hasFilters(input));
  const cap = narrowed ? RECEPTION_COUNT_CAP_NARROWED : RECEPTION_COUNT_CAP;
  const CAPPED = cap + 1;
  const limit = sql`LIMIT ${input.pageSize} OFFSET ${(input.page - 1) * input.pageSize}`;
  const q = input.q.trim();
  const phones = q ? phoneCandidates(q) : null;
  if (phones) {
    const byPhone = sql`${where} AND r.id IN (SELECT v.reception_id FROM reception_visitors v
        WHERE v.phone IN (${sql.join(phones)}) AND v.phone <> '' AND v.deleted_at IS NULL)`;
    return {
      page: sql<Row>`SELECT r.* FROM receptions r WHERE ${byPhone} ORDER BY ${NEWEST_FIRST} ${limit}`,
      count: sql`SELECT count(*) AS n FROM (SELECT 1 FROM receptions r WHERE ${byPhone} LIMIT ${CAPPED})`,
      cap,
    };
  }
  if (q) {
    const match = searchQuery(q);
    if (!match) return null;
    const joined = sql`reception_search s JOIN receptions r ON r.num = s.rowid`;
    return {
      page: sql<Row>`SELECT r.* FROM ${joined} WHERE reception_search MATCH ${match} AND ${where}
        ORDER BY s.rowid DESC ${limit}`,
      count: hasFilters(input)
        ? sql`SELECT count(*) AS n FROM (SELECT 1 FROM ${joined}
            WHERE reception_search MATCH ${match} AND ${where} LIMIT ${CAPPED})`
        : sql`SELECT count(*) AS n FROM (SELECT rowid FROM reception_search
            WHERE reception_search MATCH ${match} LIMIT ${CAPPED})`,
      cap,
    };
  }
  let pageFrom = sql`receptions r`;
  let deputyCount: number | null = null;
  if (input.deputyId) {
    const { links, newest } = await deputyShare(db, input.deputyId);
    // Fetching and sorting their receptions costs about 8 µs each; scanning newest-first costs
    // about 1 µs per index entry, (offset + page) × newest / links entries until the page is full.
    // Scan when that is cheaper: links² × 8 ≥ (offset + page) × newest (measured on a seeded log).
    const reach = input.page * input.pageSize;
    const dense = options.deputyPlan ? options.deputyPlan === 'scan' : links * links * 8 >= reach * newest;
    const alone = !hasFilters({ ...input, deputyId: undefined });
    // Dense: walk newest-first (or another filter's index) and probe each row for the deputy;
    // sparse: start from the deputy's own few receptions.
    if (dense) where = filterSql(input, today, 'probe');
    if (dense && alone) pageFrom = sql`receptions r INDEXED BY receptions_received`;
    // The deputy alone: their links are live exactly while their receptions are (void tombstones both).
    if (alone) deputyCount = Math.min(links, CAPPED);
  }
  // The partial indexes hold exactly these rows; left alone, SQLite counts confidential ones by
  // walking receptions_status (157 ms at 1M against 0.5 ms for the page).
  const countFrom = input.overdue
    ? sql`receptions r INDEXED BY receptions_overdue`
    : input.confidential === true
      ? sql`receptions r INDEXED BY receptions_confidential`
      : sql`receptions r`;
  const count =
    deputyCount === null
      ? sql<{
          n: number;
        }>`SELECT count(*) AS n FROM (SELECT 1 FROM ${countFrom} WHERE ${where} LIMIT ${CAPPED})`
      : sql<{ n: number }>`SELECT ${deputyCount} AS n`;
  const order = input.sort === 'deadline' ? sql`r.deadline, r.num` : NEWEST_FIRST;
  return {
    page: sql<Row>`SELECT r.* FROM ${pageFrom} WHERE ${where} ORDER BY ${order} ${limit}`,
    count,
    cap,
  };
}

/** How many receptions a deputy took part in, and the highest reception number (≈ the log's size). */
async function deputyShare(db: Kysely<DB>, deputyId: string): Promise<{ links: number; newest: number }> {
  const { rows } = await sql<{ links: number; newest: number | null }>`SELECT
      (SELECT count(*) FROM reception_deputies WHERE deputy_id = ${deputyId} AND deleted_at IS NULL) AS links,
      (SELECT max(num) FROM receptions) AS newest`.execute(db);
  return { links: Number(rows[0]!.links), newest: Number(rows[0]!.newest ?? 0) };
}

export async function listReceptions(
  ctx: ServiceContext,
  input: ListInput,
): Promise<{ items: ReceptionListItem[]; total: number; totalCapped: boolean }> {
  const today = todayAt(ctx);
  // Confidential receptions (要求保密) are listed and found only for administrators.
  if (!seesConfidential(ctx)) {
    if (input.confidential === true) return { items: [], total: 0, totalCapped: false };
    input = { ...input, confidential: false };
  }
  const statements = await listStatements(ctx.db, input, today);
  if (!statements) return { items: [], total: 0, totalCapped: false };
  const { rows } = await statements.page.execute(ctx.db);
  const counted = Number((await statements.count.execute(ctx.db)).rows[0]!.n);
  const names = await deputyNamesFor(
    ctx.db,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => toListItem(r, names.get(r.id) ?? [], today)),
    total: Math.min(counted, statements.cap),
    totalCapped: counted > statements.cap,
  };
}

// --- The form's helpers ------------------------------------------------------------------

/**
 * Deputies on duty on `date` (today), for the registration form to offer first: those with a
 * live place on a live slot that day who are expected (已排班) or came (到岗); and those present
 * now (signed in, not out), whom a new registration names as its receivers to begin with.
 */
export async function deputiesOnDutyToday(
  ctx: ServiceContext,
  date: string,
): Promise<{ onDuty: Set<string>; present: Set<string> }> {
  const rows = await ctx.db
    .selectFrom('duty_slots as s')
    .innerJoin('duty_assignments as a', 'a.slot_id', 's.id')
    .select(['a.deputy_id', 'a.status', 'a.signed_out_at'])
    .where('s.deleted_at', 'is', null)
    .where('s.date', '=', date)
    .where('a.deleted_at', 'is', null)
    .where('a.status', 'in', ['已排班', '到岗'])
    .execute();
  return {
    onDuty: new Set(rows.map((r) => r.deputy_id)),
    // Signed in and not yet signed out: receiving visitors right now.
    present: new Set(rows.filter((r) => r.status === '到岗' && !r.signed_out_at).map((r) => r.deputy_id)),
  };
}

export async function formOptions(ctx: ServiceContext) {
  const settings = await receptionSettings(ctx);
  const { onDuty, present } = await deputiesOnDutyToday(ctx, todayAt(ctx));
  const deputies = await ctx.db
    .selectFrom('deputies')
    .select(['id', 'name', 'levels', 'name_pinyin', 'name_initials'])
    .where('deleted_at', 'is', null)
    .where('status', '=', '在任')
    .orderBy('name_pinyin')
    .orderBy('id')
    .execute();
  const recent = await ctx.db
    .selectFrom('receptions')
    .select('staff')
    .where('deleted_at', 'is', null)
    .orderBy('received_at', 'desc')
    .limit(200)
    .execute();
  const staff = new Set<string>();
  for (const r of recent) for (const name of JSON.parse(r.staff) as string[]) staff.add(name);
  const options = deputies.map((d) => ({
    id: d.id,
    name: d.name,
    levels: sortLevels(JSON.parse(d.levels) as ReceptionDetail['deputies'][number]['levels']),
    pinyin: d.name_pinyin,
    initials: d.name_initials,
    onDutyToday: onDuty.has(d.id),
    presentNow: present.has(d.id),
  }));
  return {
    // On duty first, then by pinyin (a stable sort keeps the query's order within each part).
    deputies: options.sort((a, b) => Number(b.onDutyToday) - Number(a.onDutyToday)),
    categories: settings.categories,
    collectIdNumbers: settings.collectIdNumbers,
    recentStaff: [...staff],
  };
}

/** A returning visitor: the details from their latest visit, how many times, and when last. */
export async function visitorByPhone(ctx: ServiceContext, phone: string) {
  if (!phone) return { visitor: null, previousCount: 0, lastReceivedAt: null };
  // A clerk is not shown what a confidential visit recorded about the visitor.
  const visible = seesConfidential(ctx) ? [0, 1] : [0];
  const latest = await ctx.db
    .selectFrom('reception_visitors as v')
    .innerJoin('receptions as r', 'r.id', 'v.reception_id')
    .select(['v.name', 'v.gender', 'v.age', 'v.birth_year', 'v.address', 'v.id_number', 'r.received_at'])
    .where('v.phone', '=', phone)
    .where(sql<boolean>`v.phone <> ''`)
    .where('v.deleted_at', 'is', null)
    .where('r.deleted_at', 'is', null)
    .where('r.confidential', 'in', visible)
    .orderBy('r.received_at', 'desc')
    .orderBy('v.rev', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest) return { visitor: null, previousCount: 0, lastReceivedAt: null };
  const { n } = await ctx.db
    .selectFrom('reception_visitors as v')
    .innerJoin('receptions as r', 'r.id', 'v.reception_id')
    .select(sql<number>`count(DISTINCT v.reception_id)`.as('n'))
    .where('v.phone', '=', phone)
    .where(sql<boolean>`v.phone <> ''`)
    .where('v.deleted_at', 'is', null)
    .where('r.deleted_at', 'is', null)
    .where('r.confidential', 'in', visible)
    .executeTakeFirstOrThrow();
  const visitYear = Number(latest.received_at.slice(0, 4));
  return {
    visitor: {
      name: latest.name,
      gender: latest.gender as '男' | '女' | '',
      birthYear: latest.birth_year ?? (latest.age ? visitYear - latest.age : null),
      address: latest.address,
      idNumber: latest.id_number,
    },
    previousCount: Number(n),
    lastReceivedAt: latest.received_at,
  };
}

// --- Figures -----------------------------------------------------------------------------

/**
 * Per month of a year: batches (接待批次), persons, handed over, closed, answered, overdue.
 * One statement of twelve month ranges over the covering index receptions_received: each
 * branch reads its slice of the index alone and aggregates as it goes, so there is no sort
 * (a GROUP BY on the month would sort every row of the year in a temp B-tree first).
 */
export async function monthlyFigures(ctx: ServiceContext, year: number) {
  const { rows } = await monthlyStatement(year, todayAt(ctx)).execute(ctx.db);
  const byMonth = new Map(rows.map((r) => [Number(r.month), r]));
  return {
    year,
    months: Array.from({ length: 12 }, (_, i) => {
      const r = byMonth.get(i + 1);
      return {
        month: i + 1,
        batches: Number(r?.batches ?? 0),
        persons: Number(r?.persons ?? 0),
        handedOver: Number(r?.handedOver ?? 0),
        closed: Number(r?.closed ?? 0),
        answered: Number(r?.answered ?? 0),
        overdue: Number(r?.overdue ?? 0),
      };
    }),
  };
}

/** The monthly figures' one statement (exported for EXPLAIN QUERY PLAN in tests and the benchmark). */
export function monthlyStatement(year: number, today: string) {
  const handed = sql.join(HANDED_OVER.map((d) => sql.lit(d)));
  const branches = Array.from({ length: 12 }, (_, i) => {
    const from = `${year}-${String(i + 1).padStart(2, '0')}-01`;
    const to = i === 11 ? `${year + 1}-01-01` : `${year}-${String(i + 2).padStart(2, '0')}-01`;
    return sql`SELECT ${sql.lit(i + 1)} AS month,
        count(*) AS batches,
        coalesce(sum(persons), 0) AS persons,
        coalesce(sum(disposition IN (${handed})), 0) AS handedOver,
        coalesce(sum(status IN ('已办结', '已反馈')), 0) AS closed,
        coalesce(sum(status = '已反馈'), 0) AS answered,
        coalesce(sum(status = '办理中' AND deadline <> '' AND deadline < ${today}), 0) AS overdue
      FROM receptions INDEXED BY receptions_received
      WHERE deleted_at IS NULL AND received_at >= ${from} AND received_at < ${to}`;
  });
  return sql<{
    month: number;
    batches: number;
    persons: number;
    handedOver: number;
    closed: number;
    answered: number;
    overdue: number;
  }>`${sql.join(branches, sql` UNION ALL `)}`;
}

/** Live receptions overdue today (home page): read from the small partial index receptions_overdue. */
export async function overdueCount(ctx: ServiceContext): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM receptions INDEXED BY receptions_overdue
    WHERE deleted_at IS NULL AND status = '办理中' AND deadline <> '' AND deadline < ${todayAt(ctx)}`.execute(
    ctx.db,
  );
  return Number(rows[0]!.n);
}

/** Receptions registered this month (home page), by the month of the visit. */
export async function receptionsThisMonth(ctx: ServiceContext): Promise<number> {
  const month = todayAt(ctx).slice(0, 7);
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM receptions
    WHERE deleted_at IS NULL AND received_at >= ${`${month}-01`} AND received_at < ${`${month}-99`}`.execute(
    ctx.db,
  );
  return Number(rows[0]!.n);
}
