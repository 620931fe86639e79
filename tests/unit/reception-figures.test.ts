import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallName, DeputyFile, ReceptionDetail, ReceptionListItem } from '../../main/api/contract';
import { receptionListInput } from '../../main/api/contract';
import { dispatch } from '../../main/api/router';
import { listStatements, monthlyStatement } from '../../main/services/reception-queries';
import { overdueDays } from '../../main/services/receptions';
import { callOk, openTempStation } from '../helpers/station';
import { addDeputy, SAMPLE_RECEPTION } from '../helpers/receptions';

let station: Awaited<ReturnType<typeof openTempStation>>;
let deputyId: string;
beforeEach(async () => {
  station = await openTempStation();
  deputyId = await addDeputy(station.ctx);
});
afterEach(async () => {
  vi.useRealTimers();
  await station.close();
});

const call = <T = ReceptionDetail>(name: CallName, input: unknown): Promise<T> =>
  callOk<T>(station.ctx, name, input);
type Page = { items: ReceptionListItem[]; total: number; totalCapped: boolean };
const list = (input: object = {}) => call<Page>('receptions.list', { pageSize: 1000, ...input });
const register = (overrides: object = {}) =>
  call('receptions.create', { ...SAMPLE_RECEPTION, deputyIds: [deputyId], ...overrides });

/** Station time (Asia/Shanghai, +08:00) for the code under test; only Date is faked. */
function stationClock(local: string) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(`${local.replace(' ', 'T')}:00+08:00`));
}

async function callFails(name: CallName, input: unknown) {
  const result = await dispatch(name, input, station.ctx);
  if (result.ok) throw new Error(`${name} should have failed`);
  return result.error;
}

const handOver = (id: string, date: string, deadline: string) =>
  call('receptions.handle', { id, disposition: '交办', date, unit: '东城街道办事处', deadline });

describe('overdue', () => {
  it('counts days past the deadline only while 办理中, across month, year and leap-day ends', () => {
    expect(overdueDays('办理中', '2026-01-31', '2026-01-31')).toBe(0);
    expect(overdueDays('办理中', '2026-01-31', '2026-02-01')).toBe(1);
    expect(overdueDays('办理中', '2026-02-28', '2026-03-01')).toBe(1);
    expect(overdueDays('办理中', '2028-02-28', '2028-03-01')).toBe(2);
    expect(overdueDays('办理中', '2028-02-29', '2028-03-01')).toBe(1);
    expect(overdueDays('办理中', '2026-12-31', '2027-01-01')).toBe(1);
    expect(overdueDays('办理中', '2025-12-31', '2026-12-31')).toBe(365);
    expect(overdueDays('办理中', '2027-12-31', '2028-12-31')).toBe(366);
    expect(overdueDays('办理中', '', '2027-01-01')).toBe(0);
    for (const status of ['登记', '已办结', '已反馈'])
      expect(overdueDays(status, '2026-01-31', '2026-03-01')).toBe(0);
  });

  it("uses the station's date: 01:00 on 1 February in Shanghai is already past a 31 January deadline", async () => {
    stationClock('2026-01-25 10:00');
    const r = await register({ receivedAt: '2026-01-20 09:00' });
    await handOver(r.id, '2026-01-21', '2026-01-31');
    stationClock('2026-01-31 23:59');
    expect((await call('receptions.get', { id: r.id })).overdueDays).toBe(0);
    expect((await list({ overdue: true })).items).toEqual([]);
    stationClock('2026-02-01 01:00'); // still 31 January in UTC
    expect((await call('receptions.get', { id: r.id })).overdueDays).toBe(1);
    const overdue = await list({ overdue: true });
    expect(overdue.items.map((i) => [i.id, i.overdueDays])).toEqual([[r.id, 1]]);
    stationClock('2026-03-01 09:00');
    expect((await list({ overdue: true })).items[0]?.overdueDays).toBe(29);
  });

  it('across a leap day and a year end', async () => {
    stationClock('2028-02-20 10:00');
    const leap = await register({ receivedAt: '2028-02-10 09:00' });
    await handOver(leap.id, '2028-02-11', '2028-02-28');
    stationClock('2028-02-29 10:00');
    expect((await call('receptions.get', { id: leap.id })).overdueDays).toBe(1);
    stationClock('2028-03-01 10:00');
    expect((await call('receptions.get', { id: leap.id })).overdueDays).toBe(2);
    stationClock('2028-12-30 10:00');
    const yearEnd = await register({ receivedAt: '2028-12-29 09:00' });
    await handOver(yearEnd.id, '2028-12-29', '2028-12-31');
    stationClock('2029-01-01 08:00');
    expect((await call('receptions.get', { id: yearEnd.id })).overdueDays).toBe(1);
    const overdue = await list({ overdue: true });
    expect(overdue.items.map((i) => i.id)).toEqual([yearEnd.id, leap.id]);
    expect(overdue.total).toBe(2);
    // The home page asks for the longest overdue first.
    const longest = await list({ overdue: true, sort: 'deadline' });
    expect(longest.items.map((i) => [i.id, i.overdueDays])).toEqual([
      [leap.id, 308],
      [yearEnd.id, 1],
    ]);
  });

  it('is no longer overdue once answered, closed, or given a later deadline', async () => {
    stationClock('2026-04-20 10:00');
    const a = await register();
    const b = await register();
    const c = await register();
    for (const r of [a, b, c]) await handOver(r.id, '2026-03-09', '2026-03-31');
    expect((await list({ overdue: true })).total).toBe(3);
    await call('receptions.reply', {
      id: a.id,
      date: '2026-04-01',
      unit: '东城街道办事处',
      text: '已修好。',
    });
    await handOver(b.id, '2026-04-02', '2026-05-31');
    expect((await list({ overdue: true })).items.map((i) => i.id)).toEqual([c.id]);
  });
});

describe('dates of the steps', () => {
  it("refuses a step dated after today at the station, even where the machine's clock is a day ahead", async () => {
    station.ctx.timeZone = 'America/New_York';
    stationClock('2026-02-01 10:00'); // 02:00 UTC on 1 February = 21:00 on 31 January in New York
    const r = await register({ receivedAt: '2026-01-20 09:00' });
    const early = await callFails('receptions.handle', {
      id: r.id,
      disposition: '交办',
      date: '2026-02-01',
      unit: '东城街道办事处',
      deadline: '2026-02-10',
    });
    expect(early).toMatchObject({
      code: 'VALIDATION',
      field: 'date',
      message: '办理日期不能晚于今天，请核对',
    });
    expect((await handOver(r.id, '2026-01-31', '2026-02-10')).status).toBe('办理中');
  });

  it('refuses a deadline before the hand-over, and moving the visit after what already happened', async () => {
    const r = await register();
    const e = await callFails('receptions.handle', {
      id: r.id,
      disposition: '交办',
      date: '2026-03-20',
      unit: '东城街道办事处',
      deadline: '2026-03-15',
    });
    expect(e).toMatchObject({ field: 'deadline', message: '办理期限不能早于办理日期（2026-03-20），请核对' });
    await handOver(r.id, '2026-03-10', '2026-04-30');
    const moved = await callFails('receptions.update', {
      ...SAMPLE_RECEPTION,
      deputyIds: [deputyId],
      id: r.id,
      receivedAt: '2026-03-12 10:00',
    });
    expect(moved).toMatchObject({ field: 'receivedAt', message: expect.stringContaining('2026-03-10') });
    const ok = await call('receptions.update', {
      ...SAMPLE_RECEPTION,
      deputyIds: [deputyId],
      id: r.id,
      receivedAt: '2026-03-10 08:00',
    });
    expect(ok.receivedAt).toBe('2026-03-10T08:00:00+08:00');
  });
});

describe('home counts', () => {
  it('本月接待 counts this month’s visits; 逾期未办结 the overdue matters', async () => {
    stationClock('2026-02-01 10:00');
    const jan = await register({ receivedAt: '2026-01-31 23:30' });
    await register({ receivedAt: '2026-02-01 09:00' });
    await handOver(jan.id, '2026-01-31', '2026-01-31');
    const summary = await call<{ counts: { key: string; label: string; value: number }[] }>(
      'home.summary',
      {},
    );
    const count = (key: string) => summary.counts.find((c) => c.key === key);
    expect(count('receptionsThisMonth')).toEqual({ key: 'receptionsThisMonth', label: '本月接待', value: 1 });
    expect(count('overdueReceptions')).toEqual({ key: 'overdueReceptions', label: '逾期未办结', value: 1 });
  });
});

describe('monthly figures', () => {
  it('per month: batches, persons, handed over, closed, answered, overdue; voided and other years left out', async () => {
    stationClock('2026-11-23 10:00');
    const group = [{ name: '王五', groupSize: 3 }];
    const j1 = await register({ receivedAt: '2026-01-05 09:00' });
    await register({ receivedAt: '2026-01-31 23:59', visitors: group });
    await handOver(j1.id, '2026-01-06', '2026-01-31'); // overdue
    const f = await register({ receivedAt: '2026-02-01 00:00' });
    await call('receptions.handle', {
      id: f.id,
      disposition: '当场答复',
      date: '2026-02-01',
      answer: '已当面讲清申请条件。',
      satisfaction: '满意',
    });
    const m = await register({ receivedAt: '2026-03-10 10:00' });
    await handOver(m.id, '2026-03-10', '2026-12-31');
    await call('receptions.reply', {
      id: m.id,
      date: '2026-03-20',
      unit: '东城街道办事处',
      text: '已修好。',
    });
    const s = await register({ receivedAt: '2026-03-11 10:00' });
    await call('receptions.handle', { id: s.id, disposition: '转为代表建议', date: '2026-03-12', deputyId });
    const voided = await register({ receivedAt: '2026-01-10 10:00' });
    await call('receptions.void', { id: voided.id, reason: '重复登记' });
    await register({ receivedAt: '2025-12-31 23:59' });
    await register({ receivedAt: '2027-01-01 00:00' }).catch(() => undefined); // the future: refused

    const { year, months } = await call<{ year: number; months: Record<string, number>[] }>(
      'receptions.monthly',
      {
        year: 2026,
      },
    );
    expect(year).toBe(2026);
    expect(months).toHaveLength(12);
    const zero = { batches: 0, persons: 0, handedOver: 0, closed: 0, answered: 0, overdue: 0 };
    expect(months[0]).toEqual({
      month: 1,
      batches: 2,
      persons: 4,
      handedOver: 1,
      closed: 0,
      answered: 0,
      overdue: 1,
    });
    expect(months[1]).toEqual({
      month: 2,
      batches: 1,
      persons: 1,
      handedOver: 0,
      closed: 1,
      answered: 1,
      overdue: 0,
    });
    expect(months[2]).toEqual({
      month: 3,
      batches: 2,
      persons: 2,
      handedOver: 2,
      closed: 1,
      answered: 0,
      overdue: 0,
    });
    for (const mo of months.slice(3)) expect(mo).toEqual({ month: mo.month, ...zero });
    const last = await call<{ months: Record<string, number>[] }>('receptions.monthly', { year: 2025 });
    expect(last.months[11]).toMatchObject({ month: 12, batches: 1 });
  });

  it('reads the covering index alone, one range per month, without sorting', () => {
    const c = monthlyStatement(2026, '2026-11-23').compile(station.ctx.db);
    const plan = (
      station.ctx.sqlite.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...(c.parameters as unknown[])) as {
        detail: string;
      }[]
    ).map((p) => p.detail);
    const searches = plan.filter((d) => d.startsWith('SEARCH'));
    expect(searches).toHaveLength(12);
    for (const d of searches)
      expect(d).toBe(
        'SEARCH receptions USING COVERING INDEX receptions_received (received_at>? AND received_at<?)',
      );
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
  });
});

describe('the list without search', () => {
  it('newest visit first; date range inclusive of its last day; filters by channel, category, status, deputy', async () => {
    const li = await addDeputy(station.ctx, { name: '李四', cardNumber: 'QS18-0002' });
    const a = await register({ receivedAt: '2026-03-31 23:59', channel: '电话' });
    const b = await register({ receivedAt: '2026-03-01 00:00', category: '社会保障', deputyIds: [li] });
    const c = await register({ receivedAt: '2026-04-01 00:00', deputyIds: [deputyId, li] });
    const d = await register({ receivedAt: '2026-02-28 23:59' });
    await handOver(d.id, '2026-03-01', '2026-04-01');
    const idsOf = (p: Page) => p.items.map((i) => i.id);
    expect(idsOf(await list())).toEqual([c.id, a.id, b.id, d.id]);
    expect(idsOf(await list({ from: '2026-03-01', to: '2026-03-31' }))).toEqual([a.id, b.id]);
    expect(idsOf(await list({ to: '2026-02-28' }))).toEqual([d.id]);
    expect(idsOf(await list({ channel: '电话' }))).toEqual([a.id]);
    expect(idsOf(await list({ category: '社会保障' }))).toEqual([b.id]);
    expect(idsOf(await list({ status: '办理中' }))).toEqual([d.id]);
    expect(idsOf(await list({ status: '登记' }))).toEqual([c.id, a.id, b.id]);
    const byLi = await list({ deputyId: li });
    expect(idsOf(byLi)).toEqual([c.id, b.id]);
    expect(byLi.total).toBe(2);
    expect(byLi.items[0]?.deputyNames).toEqual(['张三', '李四']);
    expect(idsOf(await list({ deputyId: li, channel: '来访', from: '2026-03-02' }))).toEqual([c.id]);
    // Both plans for the deputy filter return the same rows.
    for (const deputyPlan of ['scan', 'lookup'] as const) {
      const input = receptionListInput.parse({ deputyId: li });
      const s = (await listStatements(station.ctx.db, input, '2026-11-23', { deputyPlan }))!;
      const rows = (await s.page.execute(station.ctx.db)).rows.map((r) => r.id);
      expect(rows, deputyPlan).toEqual([c.id, b.id]);
    }
    const paged = await list({ pageSize: 3, page: 2 });
    expect(idsOf(paged)).toEqual([d.id]);
    expect(paged.total).toBe(4);
  });

  it('uses the partial indexes: newest first from receptions_received, a filter from its own index', async () => {
    await register();
    const planOf = async (filters: object) => {
      const s = (await listStatements(station.ctx.db, receptionListInput.parse(filters), '2026-11-23'))!;
      return [s.page, s.count].map((q) => {
        const c = q.compile(station.ctx.db);
        return (
          station.ctx.sqlite.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...(c.parameters as unknown[])) as {
            detail: string;
          }[]
        )
          .map((p) => p.detail)
          .join('\n');
      });
    };
    const [plainPage, plainCount] = await planOf({});
    expect(plainPage).toMatch(/SCAN r USING INDEX receptions_received/);
    // Counted from an index alone (SQLite takes the narrowest that covers).
    expect(plainCount).toMatch(/USING COVERING INDEX receptions_/);
    expect((await planOf({ status: '办理中' }))[0]).toMatch(/USING INDEX receptions_status \(status=\?\)/);
    expect((await planOf({ category: '其他' }))[0]).toMatch(/USING INDEX receptions_category/);
    expect((await planOf({ from: '2026-01-01', to: '2026-01-31' }))[0]).toMatch(
      /USING INDEX receptions_received \(received_at>\? AND received_at<\?\)/,
    );
    expect((await planOf({ overdue: true }))[1]).toMatch(/USING INDEX receptions_overdue/);
    expect((await planOf({ confidential: true }))[0]).toMatch(/USING INDEX receptions_confidential/);
    expect((await planOf({ q: '13912345678' }))[0]).toMatch(/USING INDEX reception_visitors_phone/);
  });
});

describe('the registration form', () => {
  it('offers in-service deputies by pinyin, the categories and the staff names used lately', async () => {
    const li = await addDeputy(station.ctx, {
      name: '李四',
      cardNumber: 'QS18-0002',
      levels: ['县', '乡镇'],
    });
    const wang = await addDeputy(station.ctx, { name: '王小明', cardNumber: 'QS18-0003' });
    await call('roster.setStatus', { id: li, status: '调离', effectiveDate: '2026-06-01', note: '' });
    await register({ staff: ['李秀英', '陈刚'] });
    await register({ staff: ['陈刚'] });
    const options = await call<{
      deputies: {
        id: string;
        name: string;
        levels: string[];
        pinyin: string;
        initials: string;
        onDutyToday: boolean;
        presentNow: boolean;
      }[];
      categories: string[];
      collectIdNumbers: boolean;
      recentStaff: string[];
    }>('receptions.formOptions', {});
    expect(options.deputies).toEqual([
      {
        id: wang,
        name: '王小明',
        levels: ['乡镇'],
        pinyin: 'wangxiaoming',
        initials: 'wxm',
        onDutyToday: false,
        presentNow: false,
      },
      {
        id: deputyId,
        name: '张三',
        levels: ['乡镇'],
        pinyin: 'zhangsan',
        initials: 'zs',
        onDutyToday: false,
        presentNow: false,
      },
    ]);
    expect(options.categories).toContain('乡村振兴');
    expect(options.collectIdNumbers).toBe(false);
    expect(options.recentStaff.sort()).toEqual(['李秀英', '陈刚'].sort());
  });

  it('recognises a returning visitor by phone: latest details, how often, when last', async () => {
    const none = await call('receptions.visitorByPhone', { phone: '13912345678' });
    expect(none).toEqual({ visitor: null, previousCount: 0, lastReceivedAt: null });
    await register(); // 王五, 56 years old on 2026-03-08
    const first = await call<{ visitor: { birthYear: number | null }; previousCount: number }>(
      'receptions.visitorByPhone',
      { phone: '139 1234 5678' },
    );
    expect(first.visitor.birthYear).toBe(1970);
    expect(first.previousCount).toBe(1);
    await register({
      receivedAt: '2026-05-01 10:00',
      visitors: [
        { name: '李娜', phone: '13800000000' },
        { name: '王五', gender: '男', birthYear: 1969, phone: '13912345678', address: '莲花镇白沙村1组' },
      ],
    });
    const voided = await register({
      receivedAt: '2026-06-01 10:00',
      visitors: [{ name: '王五五', phone: '13912345678' }],
    });
    await call('receptions.void', { id: voided.id, reason: '登记错了' });
    expect(await call('receptions.visitorByPhone', { phone: '13912345678' })).toEqual({
      visitor: { name: '王五', gender: '男', birthYear: 1969, address: '莲花镇白沙村1组', idNumber: '' },
      previousCount: 2,
      lastReceivedAt: '2026-05-01T10:00:00+08:00',
    });
  });
});

describe("the deputy's file (一人一档)", () => {
  it('lists the receptions the deputy took part in that year, with number, status and category', async () => {
    const li = await addDeputy(station.ctx, { name: '李四', cardNumber: 'QS18-0002' });
    const a = await register({ receivedAt: '2026-03-08 09:30' });
    await handOver(a.id, '2026-03-09', '2026-04-10');
    await register({ receivedAt: '2026-05-01 09:30', title: '柳溪村路灯不亮', category: '城乡建设' });
    await register({ receivedAt: '2025-12-01 09:30' });
    await register({ deputyIds: [li] });
    const v = await register({ receivedAt: '2026-06-01 09:30' });
    await call('receptions.void', { id: v.id, reason: '重复' });
    const file = await call<DeputyFile>('roster.deputyFile', { id: deputyId, year: 2026 });
    const section = file.sections.find((s) => s.key === 'receptions')!;
    expect(section.total).toBe(2);
    expect(section.items).toEqual([
      { date: '2026-03-08', title: '2026-0001 桃源村机耕路年久失修', detail: '交通出行，办理中' },
      { date: '2026-05-01', title: '2026-0002 柳溪村路灯不亮', detail: '城乡建设，登记' },
    ]);
  });
});
