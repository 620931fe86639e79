import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceptionDetail, ReceptionInput, ReceptionListItem } from '../../main/api/contract';
import { receptionListInput } from '../../main/api/contract';
import { dispatch } from '../../main/api/router';
import { listStatements } from '../../main/services/reception-queries';
import { callOk, openTempStation } from '../helpers/station';
import { addDeputy, SAMPLE_RECEPTION } from '../helpers/receptions';

/**
 * Search over a few hundred receptions registered through the API. Every expectation about
 * Chinese substrings is checked against a plain `includes` over what was registered (the
 * oracle), so the index must find exactly what a scan would.
 */

let station: Awaited<ReturnType<typeof openTempStation>>;
let deputies: string[];
const registered: { id: string; input: ReceptionInput; status: string }[] = [];

const call = <T>(name: Parameters<typeof callOk>[1], input: unknown) => callOk<T>(station.ctx, name, input);
type Page = { items: ReceptionListItem[]; total: number; totalCapped: boolean };
const list = (input: object) => call<Page>('receptions.list', { pageSize: 1000, ...input });
const ids = (p: Page) => p.items.map((i) => i.id).sort();

const WORDS = [
  '道路',
  '灌溉',
  '垃圾清运',
  '医保报销',
  '拖欠工资',
  '校车',
  '养老保险',
  '危房改造',
  '噪音扰民',
  '自来水',
];
const VILLAGES = ['桃源村', '白沙村', '青石村', '东坑村', '新塘村'];
const NAMES = ['刘芳', '陈志强', '杨丽', '赵小军', '黄梅', '周涛', '吴静', '孙建平', '马红霞', '朱永康'];
const CHANNELS = ['来访', '电话', '信件', '网络', '走访'] as const;
const CATEGORIES = ['乡村振兴', '城乡建设', '环境卫生', '社会保障', '教育医疗'];

/** What a clerk might register: varied words, villages, names, channels, months. */
function background(i: number): ReceptionInput {
  const w = WORDS[i % WORDS.length]!;
  const w2 = WORDS[(i * 3 + 1) % WORDS.length]!;
  const v = VILLAGES[i % VILLAGES.length]!;
  const name = NAMES[(i * 7) % NAMES.length]!;
  const month = String((i % 9) + 1).padStart(2, '0');
  const day = String((i % 27) + 1).padStart(2, '0');
  return {
    ...SAMPLE_RECEPTION,
    receivedAt: `2026-${month}-${day} ${String(8 + (i % 9)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`,
    channel: CHANNELS[i % CHANNELS.length]!,
    category: CATEGORIES[i % CATEGORIES.length]!,
    title: `${v}${w}问题`,
    matter: `家住${v}，反映${w}和${w2}的情况，第${i}次登记，希望尽快解决。`,
    visitors: [
      {
        name,
        gender: '女',
        phone: `136${String(i).padStart(8, '0')}`,
        address: `莲花镇${v}`,
        groupSize: 1 + (i % 3),
      },
    ],
    deputyIds: [deputies[i % deputies.length]!],
  };
}

/** The receptions the tests look for by name. */
const TARGETS: ReceptionInput[] = [
  {
    ...SAMPLE_RECEPTION,
    receivedAt: '2026-05-06 10:00',
    title: '柳溪村路灯不亮',
    matter: '柳溪村主干道的路灯坏了三个月，晚上出行不便，老人摔倒过。',
    visitors: [
      { name: '欧阳娜娜', phone: '137 0000 1111', address: '莲花镇柳溪村5组', groupSize: 2 },
      { name: '钱多多', phone: '0571-88886666', address: '莲花镇柳溪村6组' },
    ],
    confidential: true,
  },
  {
    ...SAMPLE_RECEPTION,
    receivedAt: '2026-06-15 15:20',
    channel: '电话',
    title: '低保户申请补助',
    matter: '家里两个老人都是低保户，医药费负担重，想申请临时救助。',
    visitors: [{ name: '张建国', phone: '13912340000', address: '莲花镇桃源村2组' }],
  },
  {
    ...SAMPLE_RECEPTION,
    receivedAt: '2026-07-01 09:00',
    title: '路灯安装位置不合理',
    matter: '新装的路灯正对卧室窗户，晚上睡不着。',
    visitors: [{ name: '李娜', phone: '', address: '莲花镇白沙村' }],
  },
];

beforeAll(async () => {
  station = await openTempStation();
  deputies = [
    await addDeputy(station.ctx),
    await addDeputy(station.ctx, { name: '李四', cardNumber: 'QS18-0002' }),
    await addDeputy(station.ctx, { name: '王小明', cardNumber: 'QS18-0003' }),
  ];
  const inputs = [
    ...Array.from({ length: 150 }, (_, i) => background(i)),
    ...TARGETS.map((t) => ({ ...t, deputyIds: [deputies[0]!] })),
  ];
  inputs.push(...Array.from({ length: 150 }, (_, i) => background(i + 150)));
  for (const input of inputs) {
    const r = await call<ReceptionDetail>('receptions.create', input);
    registered.push({ id: r.id, input, status: r.status });
  }
  // Some handled, so filters have something to separate.
  for (const [i, r] of registered.entries()) {
    if (i % 4 !== 1) continue;
    const date = r.input.receivedAt.slice(0, 10);
    await call('receptions.handle', {
      id: r.id,
      disposition: '交办',
      date,
      unit: '莲花镇农业农村办',
      deadline: date,
    });
    r.status = '办理中';
  }
}, 120_000);
afterAll(() => station.close());

/** Every text the index holds for a reception (title, matter, addresses, names). */
const texts = (input: ReceptionInput) => [
  input.title,
  input.matter,
  ...input.visitors.map((v) => v.address ?? ''),
  ...input.visitors.map((v) => v.name),
];
const oracle = (q: string, keep: (r: (typeof registered)[number]) => boolean = () => true) =>
  registered
    .filter((r) => keep(r) && texts(r.input).some((t) => t.includes(q)))
    .map((r) => r.id)
    .sort();

describe('full-text search over the reception log', () => {
  it('finds two-character words and longer substrings exactly as a scan would', async () => {
    for (const q of [
      '路灯',
      '低保',
      '道路',
      '灌溉',
      '不亮',
      '晚上出行',
      '垃圾清运',
      '柳溪村',
      '卧室窗户',
      '清运',
    ]) {
      const expected = oracle(q);
      const found = await list({ q });
      expect(ids(found), q).toEqual(expected);
      expect(found.total, q).toBe(expected.length);
    }
    expect(oracle('路灯')).toHaveLength(2);
    // Digits are words matched as a prefix, so 第17次 also finds 第170次 … 第179次.
    const seventeen = registered.filter((r) => /第17\d?次/.test(r.input.matter)).map((r) => r.id);
    expect(ids(await list({ q: '第17次' }))).toEqual(seventeen.sort());
    expect(seventeen).toHaveLength(11);
    expect(ids(await list({ q: '路灯不亮' }))).toEqual(oracle('路灯不亮'));
  });

  it('finds a single character (as a prefix of the pairs) and needs every term of a multi-word query', async () => {
    expect(ids(await list({ q: '灯' }))).toEqual(oracle('灯'));
    const both = registered
      .filter(
        (r) =>
          texts(r.input).some((t) => t.includes('路灯')) && texts(r.input).some((t) => t.includes('老人')),
      )
      .map((r) => r.id);
    expect(ids(await list({ q: '路灯 老人' }))).toEqual(both);
    expect(both).toHaveLength(1);
    expect((await list({ q: '路灯 火箭' })).items).toEqual([]);
  });

  it("finds a visitor by name, by full pinyin and by initials (also a second visitor's)", async () => {
    const target = registered.find((r) => r.input.title === '柳溪村路灯不亮')!.id;
    for (const q of ['欧阳娜娜', 'ouyangnana', 'OuYang', 'oynn', 'qianduoduo', 'qdd'])
      expect(ids(await list({ q })), q).toEqual([target]);
    const liu = registered
      .filter((r) => r.input.visitors[0]!.name === '刘芳')
      .map((r) => r.id)
      .sort();
    expect(liu.length).toBeGreaterThan(10);
    expect(ids(await list({ q: 'liufang' }))).toEqual(liu);
    expect(ids(await list({ q: 'lf' }))).toEqual(
      registered
        .filter((r) => ['刘芳'].includes(r.input.visitors[0]!.name))
        .map((r) => r.id)
        .sort(),
    );
  });

  it('finds a visitor by phone number, however it is typed, and masks it in the list', async () => {
    const target = registered.find((r) => r.input.title === '柳溪村路灯不亮')!.id;
    for (const q of ['13700001111', '137 0000 1111', '0571-88886666', '057188886666'])
      expect(ids(await list({ q })), q).toEqual([target]);
    const [item] = (await list({ q: '13700001111' })).items;
    expect(item?.visitorPhone).toBe('137****1111');
    // A partial number is not a phone search (and finds nothing by text either).
    expect((await list({ q: '1370000' })).items).toEqual([]);
  });

  it('combines search with filters', async () => {
    const q = '道路';
    const handled = await list({ q, status: '办理中' });
    expect(ids(handled)).toEqual(oracle(q, (r) => r.status === '办理中'));
    expect(handled.items.length).toBeGreaterThan(0);
    const inMay = await list({ q, from: '2026-05-01', to: '2026-05-31' });
    expect(ids(inMay)).toEqual(oracle(q, (r) => r.input.receivedAt.startsWith('2026-05')));
    expect(inMay.total).toBe(inMay.items.length);
    const byPhone = await list({ q, channel: '电话' });
    expect(ids(byPhone)).toEqual(oracle(q, (r) => r.input.channel === '电话'));
    const cat = await list({ q, category: '社会保障' });
    expect(ids(cat)).toEqual(oracle(q, (r) => r.input.category === '社会保障'));
    const dep = await list({ q, deputyId: deputies[1] });
    expect(ids(dep)).toEqual(oracle(q, (r) => r.input.deputyIds![0] === deputies[1]));
    expect(ids(await list({ q: '路灯', confidential: true }))).toEqual(
      oracle('路灯', (r) => r.input.confidential === true),
    );
  });

  it('lists matches newest-registered first, paged, with the total', async () => {
    const all = oracle('道路');
    const first = await list({ q: '道路', pageSize: 10 });
    const second = await list({ q: '道路', pageSize: 10, page: 2 });
    expect(first.total).toBe(all.length);
    expect(first.totalCapped).toBe(false);
    const order = registered.map((r) => r.id);
    const newestFirst = [...first.items, ...second.items].map((i) => i.id);
    expect(newestFirst).toHaveLength(20);
    expect(newestFirst).toEqual([...newestFirst].sort((a, b) => order.indexOf(b) - order.indexOf(a)));
    expect(new Set(newestFirst).size).toBe(20);
  });

  it('masks confidential visitors in the list and shows them in full on the detail page', async () => {
    const [item] = (await list({ q: '欧阳娜娜' })).items;
    expect(item?.visitorNames).toBe('欧某、钱某');
    expect(item?.persons).toBe(3);
    expect(item?.deputyNames).toEqual(['张三']);
    const detail = await call<ReceptionDetail>('receptions.get', { id: item!.id });
    expect(detail.visitorNames).toBe('欧阳娜娜、钱多多');
    expect(detail.visitors.map((v) => v.phone)).toEqual(['13700001111', '0571-88886666']);
  });

  it('does not find a voided reception, and finds an edited one by its new words only', async () => {
    const extra = await call<ReceptionDetail>('receptions.create', {
      ...SAMPLE_RECEPTION,
      deputyIds: [deputies[0]],
      title: '鱼塘承包合同纠纷',
      matter: '鱼塘承包合同到期后村里不续签。',
      visitors: [{ name: '蒋大鹏', phone: '13855556666' }],
    });
    expect(ids(await list({ q: '鱼塘' }))).toEqual([extra.id]);
    await call('receptions.void', { id: extra.id, reason: '登记错了' });
    expect((await list({ q: '鱼塘' })).items).toEqual([]);
    expect((await list({ q: 'jiangdapeng' })).items).toEqual([]);
    expect((await list({ q: '13855556666' })).items).toEqual([]);

    const edited = registered.find((r) => r.input.title === '路灯安装位置不合理')!;
    await call('receptions.update', {
      ...edited.input,
      deputyIds: [deputies[0]],
      id: edited.id,
      title: '照明设施扰民',
    });
    expect(ids(await list({ q: '照明设施' }))).toEqual([edited.id]);
    expect((await list({ q: '安装位置' })).items).toEqual([]);
    // Words from the matter, which did not change, still find it.
    expect(ids(await list({ q: '卧室' }))).toEqual([edited.id]);
    edited.input = { ...edited.input, title: '照明设施扰民' };
  });

  it('never scans: the search index drives every word query', async () => {
    for (const q of ['路灯', '垃圾清运', '灯', 'ouyang', '道路 老人']) {
      const input = receptionListInput.parse({ q, status: '办理中' });
      const statements = (await listStatements(station.ctx.db, input, '2026-11-23'))!;
      for (const s of [statements.page, statements.count]) {
        const c = s.compile(station.ctx.db);
        const plan = (
          station.ctx.sqlite.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...(c.parameters as unknown[])) as {
            detail: string;
          }[]
        ).map((p) => p.detail);
        expect(plan.join('\n'), q).toMatch(/VIRTUAL TABLE INDEX \d+:M/);
        expect(plan.join('\n'), q).toMatch(/SEARCH r USING INTEGER PRIMARY KEY/);
        expect(plan.join('\n'), q).not.toMatch(/SCAN r\b/);
        expect(c.sql).not.toMatch(/LIKE/i);
      }
    }
  });

  it('counts confidential receptions from their own partial index, not by walking another', async () => {
    const input = receptionListInput.parse({ confidential: true });
    const c = (await listStatements(station.ctx.db, input, '2026-11-23'))!.count.compile(station.ctx.db);
    const plan = (
      station.ctx.sqlite.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...(c.parameters as unknown[])) as {
        detail: string;
      }[]
    ).map((p) => p.detail);
    expect(plan.join('\n')).toMatch(/USING INDEX receptions_confidential/);
  });

  it('finds nothing for punctuation alone, without an error', async () => {
    const r = await dispatch('receptions.list', { q: '，。' }, station.ctx);
    expect(r).toEqual({ ok: true, value: { items: [], total: 0, totalCapped: false } });
  });
});
