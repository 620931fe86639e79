import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallName, Deputy, DeputyDetail, DeputyFile } from '../../main/api/contract';
import { dispatch } from '../../main/api/router';
import { callOk, openTempStation } from '../helpers/station';
import { SAMPLE_DEPUTY, TINY_JPEG, TINY_PNG } from '../helpers/roster';

let station: Awaited<ReturnType<typeof openTempStation>>;
beforeEach(async () => {
  station = await openTempStation();
});
afterEach(() => station.close());

const call = <T>(name: CallName, input: unknown): Promise<T> => callOk<T>(station.ctx, name, input);

async function fails(name: CallName, input: unknown) {
  const result = await dispatch(name, input, station.ctx);
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('expected a failure');
  return result.error;
}

const count = (table: string) =>
  (station.ctx.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

async function addSome() {
  const g1 = await call<{ id: string }>('groups.create', { name: '第一代表小组' });
  const g2 = await call<{ id: string }>('groups.create', { name: '第二代表小组' });
  const zhang = await call<DeputyDetail>('roster.create', { ...SAMPLE_DEPUTY, groupId: g1.id });
  const li = await call<DeputyDetail>('roster.create', {
    ...SAMPLE_DEPUTY,
    name: '李四',
    gender: '女',
    cardNumber: 'QS18-0002',
    levels: ['县', '乡镇'],
    workplacePost: '桃源种植专业合作社理事长',
    constituency: '第二选区（柳溪村）',
    groupId: g2.id,
  });
  const wang = await call<DeputyDetail>('roster.create', {
    ...SAMPLE_DEPUTY,
    name: '王小明',
    cardNumber: '',
    levels: ['市'],
    workplacePost: '青山县鑫达机械厂车间主任',
    constituency: '第三选区（白沙村）',
  });
  return { g1, g2, zhang, li, wang };
}

const names = (r: { items: Deputy[] }) => r.items.map((d) => d.name);

describe('roster: list and search', () => {
  it('finds 张三 by name, full pinyin and initials; workplace and constituency too', async () => {
    await addSome();
    const find = (q: string) => call<{ items: Deputy[]; total: number }>('roster.list', { q });
    expect(names(await find('zs'))).toEqual(['张三']);
    expect(names(await find('zhangsan'))).toEqual(['张三']);
    expect(names(await find('ZhangSan'))).toEqual(['张三']);
    expect(names(await find('张'))).toEqual(['张三']);
    expect(names(await find('wxm'))).toEqual(['王小明']);
    expect(names(await find('合作社'))).toEqual(['李四']);
    expect(names(await find('柳溪'))).toEqual(['李四']);
    expect(names(await find('%'))).toEqual([]);
    const all = await find('');
    expect(all.total).toBe(3);
    // Sorted by pinyin: li, wang, zhang.
    expect(names(all)).toEqual(['李四', '王小明', '张三']);
  });

  it('filters by level, group and status, sorts and pages with a total', async () => {
    const { g1, li } = await addSome();
    const list = (input: object) => call<{ items: Deputy[]; total: number }>('roster.list', input);
    expect(names(await list({ level: '乡镇' }))).toEqual(['李四', '张三']);
    expect(names(await list({ level: '市' }))).toEqual(['王小明']);
    expect(names(await list({ groupId: g1.id }))).toEqual(['张三']);
    await call('roster.setStatus', {
      id: li.id,
      status: '调离',
      effectiveDate: '2026-06-01',
      note: '调往县城',
    });
    expect(names(await list({ status: '调离' }))).toEqual(['李四']);
    expect(names(await list({ status: '在任' }))).toEqual(['王小明', '张三']);
    expect(names(await list({ sort: 'level' }))).toEqual(['王小明', '李四', '张三']);
    const page2 = await list({ pageSize: 2, page: 2 });
    expect(page2).toMatchObject({ total: 3 });
    expect(names(page2)).toEqual(['张三']);
    const groups = await call<{ name: string; memberCount: number }[]>('groups.list', {});
    expect(groups).toEqual([
      expect.objectContaining({ name: '第一代表小组', memberCount: 1 }),
      expect.objectContaining({ name: '第二代表小组', memberCount: 1 }),
    ]);
  });
});

describe('roster: create, update, status', () => {
  it('creates a deputy 在任 from today with a first history entry, and counts it on the home page', async () => {
    const d = await call<DeputyDetail>('roster.create', { ...SAMPLE_DEPUTY, levels: ['乡镇', '县'] });
    expect(d).toMatchObject({
      name: '张三',
      status: '在任',
      levels: ['县', '乡镇'],
      groupId: null,
      photo: null,
    });
    expect(d.statusHistory).toHaveLength(1);
    expect(d.statusHistory[0]).toMatchObject({ status: '在任', effectiveDate: d.statusDate });
    const home = await call<{ counts: { key: string; label: string; value: number }[] }>('home.summary', {});
    expect(home.counts).toContainEqual({ key: 'deputies', label: '在任代表', value: 1 });
  });

  it('records two status changes in order, each with audit rows, and shows them in the deputy file', async () => {
    const d = await call<DeputyDetail>('roster.create', SAMPLE_DEPUTY);
    await call('roster.setStatus', {
      id: d.id,
      status: '调离',
      effectiveDate: '2026-03-01',
      note: '调往县城工作',
    });
    const after = await call<DeputyDetail>('roster.setStatus', {
      id: d.id,
      status: '辞职',
      effectiveDate: '2026-04-15',
      note: '',
    });
    expect(after).toMatchObject({ status: '辞职', statusDate: '2026-04-15' });
    expect(after.statusHistory.map((h) => [h.status, h.effectiveDate])).toEqual(
      [
        ['调离', '2026-03-01'],
        ['辞职', '2026-04-15'],
        ['在任', d.statusDate],
      ].sort((a, b) => a[1]!.localeCompare(b[1]!)),
    );
    const audit = station.ctx.sqlite
      .prepare(
        "SELECT entity, action FROM audit_log WHERE entity IN ('deputies', 'deputy_status_history') ORDER BY seq",
      )
      .all();
    expect(audit).toEqual([
      { entity: 'deputies', action: 'create' },
      { entity: 'deputy_status_history', action: 'create' },
      { entity: 'deputies', action: 'update' },
      { entity: 'deputy_status_history', action: 'create' },
      { entity: 'deputies', action: 'update' },
      { entity: 'deputy_status_history', action: 'create' },
    ]);
    expect((await call<{ ok: boolean }>('audit.verify', {})).ok).toBe(true);

    const file = await call<DeputyFile>('roster.deputyFile', { id: d.id, year: 2026 });
    expect(file.sections.map((s) => [s.title, s.total])).toEqual(
      expect.arrayContaining([
        ['值班', 0],
        ['接待', 0],
        ['活动', 0],
        ['建议', 0],
        ['述职', 0],
      ]),
    );
    const status = file.sections.find((s) => s.key === 'status')!;
    expect(status.items.filter((i) => i.date.startsWith('2026-0')).map((i) => i.title)).toContain('调离');
    expect(status.items.map((i) => i.title)).toContain('辞职');
    const other = await call<DeputyFile>('roster.deputyFile', { id: d.id, year: 1999 });
    expect(other.sections.every((s) => s.total === 0 && s.items.length === 0)).toBe(true);
  });

  it('refuses a duplicate card number on create and on update, naming the other deputy', async () => {
    const zhang = await call<DeputyDetail>('roster.create', SAMPLE_DEPUTY);
    const e1 = await fails('roster.create', { ...SAMPLE_DEPUTY, name: '李四' });
    expect(e1).toMatchObject({ code: 'VALIDATION', field: 'cardNumber' });
    expect(e1.message).toContain('张三');
    const li = await call<DeputyDetail>('roster.create', {
      ...SAMPLE_DEPUTY,
      name: '李四',
      cardNumber: 'QS18-0002',
    });
    const e2 = await fails('roster.update', { ...SAMPLE_DEPUTY, id: li.id, name: '李四' });
    expect(e2).toMatchObject({ code: 'VALIDATION', field: 'cardNumber' });
    expect(e2.message).toContain('张三');
    // Keeping one's own number is fine; empty numbers never clash.
    await call('roster.update', { ...SAMPLE_DEPUTY, id: zhang.id, phone: '13900001111' });
    await call('roster.create', { ...SAMPLE_DEPUTY, name: '王五', cardNumber: '' });
    await call('roster.create', { ...SAMPLE_DEPUTY, name: '赵六', cardNumber: '' });
    expect(count('deputies')).toBe(4);
  });

  it('refuses bad phones, impossible and future birth dates, unknown levels and ethnicities on their field', async () => {
    const cases: [object, string, string][] = [
      [{ phone: '12345' }, 'phone', '11位手机号'],
      [{ phone: '10000000000' }, 'phone', '11位手机号'],
      [{ birthDate: '1975-02-30' }, 'birthDate', '不是一个真实的日期'],
      [{ birthDate: `${new Date().getFullYear() + 1}-01` }, 'birthDate', '不能晚于今天'],
      [{ levels: ['村'] }, 'levels', '代表层级'],
      [{ levels: [] }, 'levels', '至少选择一个'],
      [{ ethnicity: '火星族' }, 'ethnicity', '民族'],
      [{ name: '  ' }, 'name', '姓名'],
    ];
    for (const [patch, field, text] of cases) {
      const e = await fails('roster.create', { ...SAMPLE_DEPUTY, ...patch });
      expect(e, JSON.stringify(patch)).toMatchObject({ code: 'VALIDATION', field });
      expect(e.message).toContain(text);
    }
    expect(count('deputies')).toBe(0);
    // Landlines with area code are fine, and spaces are tidied away.
    const ok = await call<DeputyDetail>('roster.create', { ...SAMPLE_DEPUTY, phone: '0571 8888 1234' });
    expect(ok.phone).toBe('057188881234');
  });

  it('keeps group names unique, with a Chinese message on the name', async () => {
    const g = await call<{ id: string; name: string }>('groups.create', { name: '第一代表小组' });
    expect(await fails('groups.create', { name: '第一代表小组' })).toMatchObject({
      field: 'name',
      message: expect.stringContaining('已有名为'),
    });
    const other = await call<{ id: string }>('groups.create', { name: '第二代表小组' });
    expect(await fails('groups.rename', { id: other.id, name: '第一代表小组' })).toMatchObject({
      field: 'name',
    });
    expect(await call('groups.rename', { id: g.id, name: '莲花片代表小组' })).toMatchObject({
      id: g.id,
      name: '莲花片代表小组',
      memberCount: 0,
    });
  });
});

describe('roster: photos', () => {
  it('stores a JPEG once by hash (two deputies share one attachment row) and serves it back', async () => {
    const a = await call<DeputyDetail>('roster.create', SAMPLE_DEPUTY);
    const b = await call<DeputyDetail>('roster.create', { ...SAMPLE_DEPUTY, name: '李四', cardNumber: '' });
    const pa = await call<DeputyDetail>('roster.setPhoto', { id: a.id, jpegBase64: TINY_JPEG });
    const pb = await call<DeputyDetail>('roster.setPhoto', { id: b.id, jpegBase64: TINY_JPEG });
    expect(pa.photo).toMatch(/^[0-9a-f]{64}$/);
    expect(pb.photo).toBe(pa.photo);
    expect(count('attachments')).toBe(1);
    const { dataUrl } = await call<{ dataUrl: string }>('attachment.get', { sha256: pa.photo });
    expect(dataUrl).toBe(`data:image/jpeg;base64,${TINY_JPEG}`);
  });

  it('refuses a PNG and an unknown attachment', async () => {
    const a = await call<DeputyDetail>('roster.create', SAMPLE_DEPUTY);
    const e = await fails('roster.setPhoto', { id: a.id, jpegBase64: TINY_PNG });
    expect(e).toMatchObject({
      code: 'VALIDATION',
      field: 'jpegBase64',
      message: expect.stringContaining('JPEG'),
    });
    expect(count('attachments')).toBe(0);
    expect(await fails('attachment.get', { sha256: 'ab'.repeat(32) })).toMatchObject({ code: 'NOT_FOUND' });
  });
});
