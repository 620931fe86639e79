import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceptionDetail, ReceptionInput, ReceptionListItem } from '../../main/api/contract';
import { receptionListInput } from '../../main/api/contract';
import { dispatch } from '../../main/api/router';
import { listStatements } from '../../main/services/reception-queries';
import { callOk, openTempStation } from '../helpers/station';
import { addDeputy, SAMPLE_RECEPTION } from '../helpers/receptions';

/**
 * The list filters the statistics page links to: several statuses (已办结 and 已反馈), several
 * dispositions (交办, 转办 …), with a date range and overdue. Each result is checked against
 * what was registered (the oracle), so a filter that is ignored or too wide fails.
 */

let station: Awaited<ReturnType<typeof openTempStation>>;
type Page = { items: ReceptionListItem[]; total: number; totalCapped: boolean };
const call = <T>(name: Parameters<typeof callOk>[1], input: unknown) => callOk<T>(station.ctx, name, input);
const list = (input: object) => call<Page>('receptions.list', { pageSize: 1000, ...input });
const ids = (p: Page) => p.items.map((i) => i.id).sort();

interface Made {
  id: string;
  month: string;
  disposition: string | null;
  status: string;
  overdue: boolean;
}
const made: Made[] = [];
const oracle = (keep: (m: Made) => boolean) =>
  made
    .filter(keep)
    .map((m) => m.id)
    .sort();

/** What happens to reception i: a cycle through every disposition and every later step. */
const PLAN = [
  'none',
  '当场答复',
  '交办',
  '交办-closed',
  '交办-answered',
  '转办',
  '转办-overdue',
  '联合接待',
  '不予受理',
  '转为代表建议',
] as const;

beforeAll(async () => {
  station = await openTempStation();
  const deputy = await addDeputy(station.ctx);
  for (let i = 0; i < 40; i++) {
    const month = i < 20 ? '2026-03' : '2026-04';
    const date = `${month}-${String((i % 20) + 1).padStart(2, '0')}`;
    const input: ReceptionInput = {
      ...SAMPLE_RECEPTION,
      receivedAt: `${date} 09:30`,
      title: `第${i}件事项`,
      deputyIds: [deputy],
    };
    const r = await call<ReceptionDetail>('receptions.create', input);
    const step = PLAN[i % PLAN.length]!;
    let last: ReceptionDetail = r;
    // Deadlines far ahead keep these from going overdue whatever day the test runs.
    const later = '2099-12-31';
    if (step === '当场答复')
      last = await call('receptions.handle', {
        id: r.id,
        date,
        disposition: '当场答复',
        answer: '已向来访人说明修缮计划和时间安排，来访人表示理解。',
        satisfaction: '满意',
      });
    else if (step.startsWith('交办') || step.startsWith('转办') || step === '联合接待') {
      const disposition = step.slice(0, step === '联合接待' ? 4 : 2);
      last = await call('receptions.handle', {
        id: r.id,
        date,
        disposition,
        unit: '莲花镇农业农村办',
        deadline: step === '转办-overdue' ? date : later,
      });
      if (step === '交办-closed' || step === '交办-answered')
        last = await call('receptions.reply', {
          id: r.id,
          date,
          unit: '莲花镇农业农村办',
          text: '已安排施工队修缮道路，本月底完工。',
        });
      if (step === '交办-answered')
        last = await call('receptions.answer', {
          id: r.id,
          date,
          method: '电话',
          text: '电话告知来访人道路已列入修缮计划，月底前完工。',
          satisfaction: '基本满意',
        });
    } else if (step === '不予受理')
      last = await call('receptions.handle', {
        id: r.id,
        date,
        disposition: '不予受理',
        referral: '该事项已进入诉讼程序，告知来访人向法院了解进展。',
      });
    else if (step === '转为代表建议')
      last = await call('receptions.handle', {
        id: r.id,
        date,
        disposition: '转为代表建议',
        deputyId: deputy,
      });
    made.push({
      id: r.id,
      month,
      disposition: last.disposition,
      status: last.status,
      overdue: step === '转办-overdue',
    });
  }
}, 120_000);
afterAll(() => station.close());

describe('receptions.list: lists of statuses and dispositions', () => {
  it('the data set has every status and disposition the links use', () => {
    const statuses = new Set(made.map((m) => m.status));
    for (const s of ['登记', '办理中', '已办结', '已反馈']) expect(statuses).toContain(s);
    const dispositions = new Set(made.map((m) => m.disposition));
    for (const d of ['当场答复', '交办', '转办', '联合接待', '不予受理', '转为代表建议'])
      expect(dispositions).toContain(d);
  });

  it('several statuses: any of them', async () => {
    const page = await list({ status: ['已办结', '已反馈'] });
    const want = oracle((m) => m.status === '已办结' || m.status === '已反馈');
    expect(want.length).toBeGreaterThan(4);
    expect(ids(page)).toEqual(want);
    expect(page.total).toBe(want.length);
  });

  it('one status, as a value or a list of one, as before', async () => {
    const want = oracle((m) => m.status === '办理中');
    expect(ids(await list({ status: '办理中' }))).toEqual(want);
    expect(ids(await list({ status: ['办理中'] }))).toEqual(want);
  });

  it('several dispositions, and one', async () => {
    const handed = ['交办', '转办', '联合接待', '转为代表建议'];
    const page = await list({ disposition: handed });
    const want = oracle((m) => handed.includes(m.disposition ?? ''));
    expect(ids(page)).toEqual(want);
    expect(page.total).toBe(want.length);
    const onTheSpot = await list({ disposition: '当场答复' });
    expect(ids(onTheSpot)).toEqual(oracle((m) => m.disposition === '当场答复'));
    expect(onTheSpot.total).toBe(4);
  });

  it('an empty list filters nothing', async () => {
    expect((await list({ status: [], disposition: [] })).total).toBe(made.length);
  });

  it('combined with a month, a status list and overdue', async () => {
    const april = { from: '2026-04-01', to: '2026-04-30' };
    const page = await list({ ...april, disposition: ['交办', '转办'], status: ['办理中', '已办结'] });
    const want = oracle(
      (m) =>
        m.month === '2026-04' &&
        ['交办', '转办'].includes(m.disposition ?? '') &&
        ['办理中', '已办结'].includes(m.status),
    );
    expect(want.length).toBeGreaterThan(2);
    expect(ids(page)).toEqual(want);
    expect(page.total).toBe(want.length);
    const overdue = await list({ ...april, overdue: true, disposition: ['转办'] });
    expect(ids(overdue)).toEqual(oracle((m) => m.month === '2026-04' && m.overdue));
    expect(overdue.total).toBe(2);
  });

  it('the count statement agrees with the page for every combination', async () => {
    for (const filters of [
      { status: ['已办结', '已反馈'] },
      { disposition: ['交办', '转办'], status: ['已办结', '已反馈'] },
      { disposition: '当场答复', from: '2026-03-01', to: '2026-03-31' },
    ]) {
      const s = (await listStatements(station.ctx.db, receptionListInput.parse(filters), '2026-11-23'))!;
      const counted = Number((await s.count.execute(station.ctx.db)).rows[0]!.n);
      const rows = (await s.page.execute(station.ctx.db)).rows;
      expect(counted).toBe(rows.length);
    }
  });

  it('refuses a status or disposition that does not exist, naming the field', async () => {
    for (const [input, word] of [
      [{ status: '完成' }, '办理状态'],
      [{ status: ['已反馈', '完成'] }, '办理状态'],
      [{ disposition: ['上报'] }, '处理方式'],
    ] as const) {
      const r = await dispatch('receptions.list', input, station.ctx);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.message).toContain(word);
        expect(r.error.field).toBe(Object.keys(input)[0]);
      }
    }
  });
});
