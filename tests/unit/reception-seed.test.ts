import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceptionListItem } from '../../main/api/contract';
import {
  DEFAULT_RECEPTION_CATEGORIES,
  RECEPTION_CHANNELS,
  RECEPTION_COUNT_CAP_NARROWED,
} from '../../main/api/contract';
import { verifyAuditChain } from '../../db/audit';
import { SYNCED_TABLES, type ReceptionEventTable, type ReceptionVisitorTable } from '../../db/schema';
import { dateInZone } from '../../db/time';
import { seedReceptions } from '../../main/services/reception-seed';
import { slotAt } from '../../main/services/duty';
import { HANDED_OVER, type Row } from '../../main/services/receptions';
import { pinyinKeys } from '../../main/services/roster';
import { SEEDERS, runSeeders } from '../../main/services/seed';
import { searchDocument } from '../../main/services/search-text';
import { callOk, openTempStation } from '../helpers/station';

/**
 * The reception seeder on a small log (2,000): the rows must be what the service would have
 * written (numbering, copies on the reception row, timeline, revs, audit chain, search rows),
 * so the list, the search and the figures work on a seeded database as on a real one.
 */

const COUNT = 2000;
let station: Awaited<ReturnType<typeof openTempStation>>;
let report: Awaited<ReturnType<typeof seedReceptions>>;
type Page = { items: ReceptionListItem[]; total: number; totalCapped: boolean };

// Rows as stored (the seeder writes them with raw SQL, so the tests read them the same way).
type Reception = Row;
type Visitor = ReceptionVisitorTable;
type Event = ReceptionEventTable;

const all = <T>(sql: string, ...params: unknown[]) => station.ctx.sqlite.prepare(sql).all(...params) as T[];
const one = <T>(sql: string, ...params: unknown[]) => station.ctx.sqlite.prepare(sql).get(...params) as T;
const list = (input: object) => callOk<Page>(station.ctx, 'receptions.list', { pageSize: 1000, ...input });

let receptions: Reception[];
let visitorsOf: Map<string, Visitor[]>;
let eventsOf: Map<string, Event[]>;
const today = () => dateInZone(new Date(), station.ctx.timeZone);

function groupBy<T extends { reception_id: string }>(rows: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const list = map.get(r.reception_id) ?? [];
    list.push(r);
    map.set(r.reception_id, list);
  }
  return map;
}

beforeAll(async () => {
  station = await openTempStation();
  await runSeeders(station.ctx, { deputies: 30, receptions: 0 }, () => {});
  report = await seedReceptions(station.ctx, COUNT, { seed: 7 });
  receptions = all<Reception>('SELECT * FROM receptions ORDER BY num');
  visitorsOf = groupBy(all<Visitor>('SELECT * FROM reception_visitors ORDER BY position'));
  eventsOf = groupBy(all<Event>('SELECT * FROM reception_events ORDER BY rev'));
}, 60_000);
afterAll(() => station.close());

describe('the receptions seeder', () => {
  it('is registered after the roster with --receptions (default 300)', () => {
    const names = SEEDERS.map((s) => s.name);
    expect(names.indexOf('receptions')).toBeGreaterThan(names.indexOf('deputies'));
    expect(SEEDERS.find((s) => s.name === 'receptions')?.options).toEqual([
      expect.objectContaining({ flag: 'receptions', default: 300 }),
    ]);
  });

  it('writes the counts it reports, in every table', () => {
    const count = (table: string) => one<{ n: number }>(`SELECT count(*) AS n FROM ${table}`).n;
    expect(report.created.receptions).toBe(COUNT);
    for (const table of ['receptions', 'reception_visitors', 'reception_deputies', 'reception_events'])
      expect(count(table), table).toBe(report.created[table]);
    expect(count('reception_search')).toBe(COUNT);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE entity = 'receptions'").n).toBe(
      COUNT,
    );
    // Every reception has its visitors and a timeline; receivers are deputies or staff.
    for (const r of receptions) {
      expect(visitorsOf.get(r.id)?.length ?? 0).toBeGreaterThan(0);
      expect(eventsOf.get(r.id)?.[0]?.kind).toBe('登记');
    }
    const withoutReceivers = one<{ n: number }>(`SELECT count(*) AS n FROM receptions r WHERE r.staff = '[]'
      AND NOT EXISTS (SELECT 1 FROM reception_deputies d WHERE d.reception_id = r.id)`).n;
    expect(withoutReceivers).toBe(0);
  });

  it('numbers receptions per year without gaps, in the order of the visits', () => {
    const byYear = new Map<number, number[]>();
    for (const r of receptions) {
      expect(r.year).toBe(Number(r.received_at.slice(0, 4)));
      byYear.set(r.year, [...(byYear.get(r.year) ?? []), r.year_seq]);
    }
    expect(byYear.size).toBeGreaterThanOrEqual(9);
    for (const seqs of byYear.values()) expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const times = receptions.map((r) => r.received_at);
    expect(times).toEqual([...times].sort());
    // Stored like the service stores it: to the minute, with the station's offset, never ahead of now.
    for (const t of times) expect(t).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+08:00$/);
    expect(Date.parse(times[times.length - 1]!)).toBeLessThan(Date.now());
    // Denser recently: the last three years hold more than the three before.
    const year = new Date().getFullYear();
    const inYears = (from: number, to: number) =>
      receptions.filter((r) => r.year >= from && r.year <= to).length;
    expect(inYears(year - 2, year)).toBeGreaterThan(inYears(year - 5, year - 3));
  });

  it('copies the visitors onto the reception row as the service does', () => {
    for (const r of receptions) {
      const vs = visitorsOf.get(r.id)!;
      expect(r.visitor_names).toBe(vs.map((v) => v.name).join('、'));
      expect(r.visitor_phone).toBe(vs.find((v) => v.phone)?.phone ?? '');
      expect(r.persons).toBe(vs.reduce((n, v) => n + v.group_size, 0));
      expect(vs.map((v) => v.position)).toEqual(vs.map((_, i) => i));
    }
    expect(receptions.some((r) => r.persons > 3)).toBe(true);
    expect(receptions.some((r) => r.visitor_names.includes('、'))).toBe(true);
  });

  it('spreads channels and categories realistically', () => {
    const share = (key: 'channel' | 'category', value: string) =>
      receptions.filter((r) => r[key] === value).length / COUNT;
    for (const c of RECEPTION_CHANNELS) expect(share('channel', c), c).toBeGreaterThan(0.02);
    expect(share('channel', '来访')).toBeGreaterThan(share('channel', '电话'));
    expect(share('channel', '电话')).toBeGreaterThan(share('channel', '信件'));
    for (const c of receptions.map((r) => r.category))
      expect(DEFAULT_RECEPTION_CATEGORIES as readonly string[]).toContain(c);
    expect(new Set(receptions.map((r) => r.category)).size).toBe(DEFAULT_RECEPTION_CATEGORIES.length);
  });

  it('keeps status, handling columns and the timeline consistent', () => {
    const statuses = new Map<string, number>();
    for (const r of receptions) {
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      const events = eventsOf.get(r.id)!;
      const kinds = events.map((e) => e.kind);
      const last = kinds[kinds.length - 1];
      const visit = r.received_at.slice(0, 10);
      // Oldest first by rev, and by time; no step before the visit or after today.
      expect(events.map((e) => e.created_at)).toEqual(events.map((e) => e.created_at).sort());
      for (const e of events) {
        expect(e.date >= visit && e.date <= today(), `${r.id} ${e.kind} ${e.date}`).toBe(true);
      }
      expect(r.reminders).toBe(kinds.filter((k) => k === '催办').length);
      expect(r.updated_at).toBe(events[events.length - 1]!.created_at);
      switch (r.status) {
        case '登记':
          expect(kinds).toEqual(['登记']);
          expect(r.disposition).toBeNull();
          break;
        case '办理中':
          expect(HANDED_OVER as readonly string[]).toContain(r.disposition);
          expect(r.unit).not.toBe('');
          expect(['催办', '重新办理', r.disposition]).toContain(last);
          break;
        case '已办结':
          expect(last).toBe('办结');
          expect(r.reply_date).not.toBe('');
          expect(r.reply_text).not.toBe('');
          break;
        case '已反馈':
          expect(['反馈', '当场答复', '不予受理']).toContain(last);
          expect(r.answer_date >= visit).toBe(true);
          expect(r.answer_text).not.toBe('');
          expect(r.satisfaction).not.toBe('');
          if (r.reply_date) expect(r.answer_date >= r.reply_date).toBe(true);
          break;
        default:
          throw new Error(`unknown status ${r.status}`);
      }
      if (r.disposition === '不予受理') expect(r.referral).not.toBe('');
      if (r.disposition === '当场答复' || r.disposition === '不予受理') expect(r.answer_method).toBe('当场');
      if (r.disposition === '转为代表建议') expect(r.suggestion_deputy_id).not.toBeNull();
      if (r.deadline) expect(r.deadline > visit).toBe(true);
      if (kinds.includes('重新办理')) expect(kinds.filter((k) => k === '反馈').length).toBeGreaterThan(0);
    }
    // Mostly answered; some of each other status; every disposition used.
    expect(statuses.get('已反馈')! / COUNT).toBeGreaterThan(0.8);
    for (const s of ['登记', '办理中', '已办结']) expect(statuses.get(s) ?? 0, s).toBeGreaterThan(0);
    const dispositions = new Set(receptions.map((r) => r.disposition));
    for (const d of ['不予受理', '当场答复', '交办', '转办', '转为代表建议', '联合接待'])
      expect(dispositions).toContain(d);
    const answered = receptions.filter((r) => r.satisfaction && r.disposition !== '不予受理');
    const share = (s: string) => answered.filter((r) => r.satisfaction === s).length / answered.length;
    expect(share('满意') + share('基本满意')).toBeGreaterThan(0.8);
    expect(share('不满意')).toBeGreaterThan(0);
    expect(receptions.some((r) => eventsOf.get(r.id)!.some((e) => e.kind === '重新办理'))).toBe(true);
    // Old matters are settled; the open ones are recent.
    const old = receptions.filter((r) => r.year <= new Date().getFullYear() - 3);
    expect(old.filter((r) => r.status === '已反馈').length / old.length).toBeGreaterThan(0.97);
    expect(
      receptions.filter((r) => r.status === '登记').every((r) => r.year >= new Date().getFullYear() - 1),
    ).toBe(true);
  });

  it('leaves some matters overdue, and the list and the API see them', async () => {
    const overdue = receptions.filter((r) => r.status === '办理中' && r.deadline && r.deadline < today());
    expect(overdue.length).toBeGreaterThan(0);
    const page = await list({ overdue: true });
    expect(page.total).toBe(overdue.length);
    expect(page.items.every((i) => i.overdueDays > 0)).toBe(true);
  });

  it('links a visit made during a duty slot to that slot, exactly as a registration would', async () => {
    let linked = 0;
    for (const r of receptions) {
      const expected = await slotAt(station.ctx.db, r.received_at.slice(0, 10), r.received_at.slice(11, 16));
      expect(r.duty_slot_id, r.received_at).toBe(expected);
      if (expected) linked += 1;
    }
    // Visits fall on any day and hour; the seeded duty covers two half-days a week and some 15ths.
    expect(linked).toBeGreaterThan(COUNT * 0.02);
    expect(linked).toBeLessThan(COUNT * 0.5);
  });

  it('gives every synced row its own rev and keeps the audit chain valid', () => {
    const revs = SYNCED_TABLES.flatMap((t) => all<{ rev: number }>(`SELECT rev FROM ${t}`).map((r) => r.rev));
    expect(new Set(revs).size).toBe(revs.length);
    expect(one<{ rev: number }>('SELECT rev FROM sync_state').rev).toBe(Math.max(...revs));
    const chain = verifyAuditChain(station.ctx.sqlite);
    expect(chain).toMatchObject({ ok: true });
    expect(one<{ n: number }>('SELECT count(*) AS n FROM audit_log').n).toBe(chain.count);
  });

  it('leaves a sound file with its durability settings back', () => {
    const s = station.ctx.sqlite;
    expect(s.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(s.pragma('foreign_key_check')).toEqual([]);
    expect(s.pragma('synchronous', { simple: true })).toBe(2);
    expect(s.pragma('foreign_keys', { simple: true })).toBe(1);
    // FTS5's default pending-terms buffer (1 MB), raised only while seeding.
    expect(s.prepare("SELECT v FROM reception_search_config WHERE k = 'hashsize'").get()).toEqual({
      v: 1048576,
    });
  });

  it('indexes the same search document the service would', () => {
    // A contentless index keeps no text; check that a row's own tokens find it.
    const r = receptions[123]!;
    const vs = visitorsOf.get(r.id)!;
    const doc = searchDocument(
      [r.title, r.matter, ...vs.map((v) => v.address)],
      vs.map((v) => v.name),
    );
    // Every token of the document, all required: the row is among the matches.
    const terms = [...new Set(doc.split(' '))].map((t) => `"${t}"`).join(' AND ');
    const found = all<{ rowid: number }>(
      'SELECT rowid FROM reception_search WHERE reception_search MATCH ?',
      terms,
    ).map((f) => f.rowid);
    expect(found).toContain(r.num);
  });

  it('is found by a two-character word exactly as a scan would find it', async () => {
    for (const word of ['低保', '灌溉', '垃圾', '道路', '工资']) {
      const expected = receptions
        .filter((r) => r.title.includes(word) || r.matter.includes(word))
        .map((r) => r.id);
      expect(expected.length, word).toBeGreaterThan(0);
      const page = await list({ q: word });
      expect(page.total, word).toBe(expected.length);
      if (expected.length <= 1000) expect(page.items.map((i) => i.id).sort()).toEqual(expected.sort());
    }
  });

  it('finds a visitor by the pinyin and the initials of the name', async () => {
    const r = receptions[COUNT - 50]!;
    const name = visitorsOf.get(r.id)![0]!.name;
    const { full, initials } = pinyinKeys(name);
    const day = r.received_at.slice(0, 10);
    for (const q of [full, initials, name]) {
      const page = await list({ q, from: day, to: day });
      expect(
        page.items.map((i) => i.id),
        q,
      ).toContain(r.id);
    }
  });

  it('counts a single filter up to 10000, and two filters or a search with a filter only up to 1000', async () => {
    const everything = { from: '2000-01-01', to: dateInZone(new Date(), station.ctx.timeZone) };
    const oneFilter = await callOk<Page>(station.ctx, 'receptions.list', everything);
    expect(oneFilter).toMatchObject({ total: COUNT, totalCapped: false });
    const twoFilters = await callOk<Page>(station.ctx, 'receptions.list', {
      ...everything,
      confidential: false,
    });
    expect(twoFilters).toMatchObject({ total: RECEPTION_COUNT_CAP_NARROWED, totalCapped: true });
    expect(twoFilters.items).toHaveLength(50);
    expect(twoFilters.items.every((i) => !i.confidential)).toBe(true);
    const notConfidential = one<{ n: number }>(
      'SELECT count(*) AS n FROM receptions WHERE confidential = 0 AND deleted_at IS NULL',
    ).n;
    expect(notConfidential).toBeGreaterThan(RECEPTION_COUNT_CAP_NARROWED);
  });

  it('continues the numbering and the chain when seeded again, with the indexes rebuilt', async () => {
    const indexes = () =>
      all<{ name: string; sql: string }>(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name",
      );
    const before = indexes();
    const lastYear = receptions[receptions.length - 1]!.year;
    const lastSeq = one<{ s: number }>(
      'SELECT max(year_seq) AS s FROM receptions WHERE year = ?',
      lastYear,
    ).s;
    await seedReceptions(station.ctx, 200, { seed: 8, rebuildIndexes: true });
    expect(indexes()).toEqual(before);
    const seqs = all<{ year_seq: number }>(
      'SELECT year_seq FROM receptions WHERE year = ? ORDER BY year_seq',
      lastYear,
    ).map((r) => r.year_seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(seqs.length).toBeGreaterThan(lastSeq);
    expect(verifyAuditChain(station.ctx.sqlite)).toMatchObject({ ok: true });
    expect(station.ctx.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  }, 30_000);
});
