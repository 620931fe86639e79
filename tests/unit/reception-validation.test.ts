import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_RECEPTION_CATEGORIES,
  idNumberValid,
  isFormReply,
  type CallName,
  type ReceptionDetail,
} from '../../main/api/contract';
import { dispatch } from '../../main/api/router';
import { isoInZone } from '../../db/time';
import { callOk, openTempStation } from '../helpers/station';
import { addDeputy, SAMPLE_RECEPTION } from '../helpers/receptions';
import { TINY_JPEG, TINY_PNG } from '../helpers/roster';

let station: Awaited<ReturnType<typeof openTempStation>>;
let deputyId: string;
beforeEach(async () => {
  station = await openTempStation();
  deputyId = await addDeputy(station.ctx);
});
afterEach(() => station.close());

const call = <T = ReceptionDetail>(name: CallName, input: unknown): Promise<T> =>
  callOk<T>(station.ctx, name, input);

const written = () =>
  station.ctx.sqlite.prepare('SELECT rev, audit_seq, audit_head FROM sync_state').get() as {
    rev: number;
  };

/** Fails through the router, and checks that nothing was written. */
async function fails(name: CallName, input: unknown) {
  const before = written();
  const result = await dispatch(name, input, station.ctx);
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('expected a failure');
  expect(written()).toEqual(before);
  return result.error;
}

const reception = (overrides: object = {}) => ({ ...SAMPLE_RECEPTION, deputyIds: [deputyId], ...overrides });
const visitor = (overrides: object) => ({ ...SAMPLE_RECEPTION.visitors[0]!, ...overrides });
const withVisitors = (...visitors: object[]) => reception({ visitors: visitors.map(visitor) });

const turnIdNumbers = (on: boolean) =>
  call('receptions.updateSettings', { categories: [...DEFAULT_RECEPTION_CATEGORIES], collectIdNumbers: on });

describe('ID numbers (GB 11643)', () => {
  it('knows valid numbers, including the X check character and a leap day', () => {
    expect(idNumberValid('11010519491231002X')).toBe(true);
    expect(idNumberValid('330102198002291237')).toBe(true);
    expect(idNumberValid('440524198001010013')).toBe(true);
  });

  it('refuses a wrong check digit, a wrong length, an impossible birth date, lower-level junk', () => {
    expect(idNumberValid('110105194912310021')).toBe(false); // check should be X
    expect(idNumberValid('440524198001010014')).toBe(false);
    expect(idNumberValid('11010519491231002')).toBe(false);
    expect(idNumberValid('1101051949123100211')).toBe(false);
    expect(idNumberValid('330102198102291234')).toBe(false); // 1981-02-29, check digit right
    expect(idNumberValid('11010518800101001X')).toBe(false); // born before 1900s
    expect(idNumberValid('11010519491231002x')).toBe(false); // the API upper-cases first
  });

  it('refuses an ID number while the station has not turned them on, on that visitor', async () => {
    const e = await fails(
      'receptions.create',
      withVisitors({ name: '王五' }, { name: '赵六', phone: '', idNumber: '11010519491231002X' }),
    );
    expect(e).toMatchObject({
      code: 'VALIDATION',
      field: 'visitors.1.idNumber',
      message: expect.stringContaining('没有开启登记身份证号'),
    });
  });

  it('accepts valid numbers once turned on (lower-case x and spaces normalised), refuses bad ones by field', async () => {
    await turnIdNumbers(true);
    const r = await call('receptions.create', withVisitors({ idNumber: '110105 19491231 002x' }));
    expect(r.visitors[0]?.idNumber).toBe('11010519491231002X');
    const wrongCheck = await fails('receptions.create', withVisitors({ idNumber: '110105194912310021' }));
    expect(wrongCheck).toMatchObject({
      field: 'visitors.0.idNumber',
      message: '身份证号校验不通过（可能有一位抄错了），请对照证件重新输入',
    });
    const short = await fails(
      'receptions.create',
      withVisitors({ name: '王五' }, { name: '赵六', idNumber: '11010519491231002' }),
    );
    expect(short).toMatchObject({ field: 'visitors.1.idNumber', message: expect.stringContaining('18位') });
    const leap = await fails('receptions.create', withVisitors({ idNumber: '330102198102291234' }));
    expect(leap.field).toBe('visitors.0.idNumber');
  });

  it('a number recorded while the switch was on may stay on its visitor after it is turned off', async () => {
    await turnIdNumbers(true);
    const r = await call('receptions.create', withVisitors({ idNumber: '440524198001010013' }));
    await turnIdNumbers(false);
    const kept = await call('receptions.update', {
      ...withVisitors({ idNumber: '440524198001010013' }),
      id: r.id,
    });
    expect(kept.visitors[0]?.idNumber).toBe('440524198001010013');
    const e = await fails('receptions.update', {
      ...withVisitors({ idNumber: '11010519491231002X' }),
      id: r.id,
    });
    expect(e.field).toBe('visitors.0.idNumber');
  });
});

describe('the registration form', () => {
  it('checks phones: mobiles and landlines pass (spaces dropped), anything else names the visitor', async () => {
    const r = await call(
      'receptions.create',
      withVisitors({ phone: '139 1234 5678' }, { name: '赵六', phone: '0571-88886666' }),
    );
    expect(r.visitors.map((v) => v.phone)).toEqual(['13912345678', '0571-88886666']);
    for (const phone of ['1391234567', '12912345678', '88886666', 'abc']) {
      const e = await fails('receptions.create', withVisitors({ name: '王五' }, { name: '赵六', phone }));
      expect(e, phone).toMatchObject({
        code: 'VALIDATION',
        field: 'visitors.1.phone',
        message: expect.stringContaining('11位手机号'),
      });
    }
    expect((await fails('receptions.create', withVisitors({ phone: '1391234567' }))).field).toBe(
      'visitors.0.phone',
    );
  });

  it('refuses a visit in the future (beyond five minutes of clock difference)', async () => {
    const local = (ms: number) =>
      isoInZone(new Date(Date.now() + ms), station.ctx.timeZone)
        .slice(0, 16)
        .replace('T', ' ');
    const e = await fails('receptions.create', reception({ receivedAt: local(60 * 60_000) }));
    expect(e).toEqual({ code: 'VALIDATION', message: '接待时间不能晚于现在，请核对', field: 'receivedAt' });
    const now = await call('receptions.create', reception({ receivedAt: local(2 * 60_000) }));
    expect(now.status).toBe('登记');
    expect((await fails('receptions.create', reception({ receivedAt: '2026-02-30 09:00' }))).field).toBe(
      'receivedAt',
    );
    expect((await fails('receptions.create', reception({ receivedAt: '2026-03-08' }))).field).toBe(
      'receivedAt',
    );
  });

  it('needs a deputy or a member of staff, a matter, a visitor', async () => {
    const none = await fails('receptions.create', reception({ deputyIds: [], staff: [] }));
    expect(none).toEqual({
      code: 'VALIDATION',
      field: 'deputyIds',
      message: '请至少选择一位接待代表，或填写接待的工作人员',
    });
    // Staff alone is enough (a letter answered by the office).
    expect(
      (await call('receptions.create', reception({ deputyIds: [], staff: ['李秀英'] }))).deputies,
    ).toEqual([]);
    expect(await fails('receptions.create', reception({ matter: '   ' }))).toMatchObject({
      field: 'matter',
      message: '请填写反映内容',
    });
    expect(await fails('receptions.create', reception({ visitors: [] }))).toMatchObject({
      field: 'visitors',
    });
    expect(await fails('receptions.create', withVisitors({ name: '' }))).toMatchObject({
      field: 'visitors.0.name',
    });
  });

  it('refuses an unknown or deleted deputy on deputyIds', async () => {
    const e = await fails(
      'receptions.create',
      reception({ deputyIds: [deputyId, '01920000-0000-7000-8000-000000000000'] }),
    );
    expect(e).toMatchObject({ code: 'VALIDATION', field: 'deputyIds' });
    station.ctx.sqlite.prepare(`UPDATE deputies SET deleted_at = 'x' WHERE id = ?`).run(deputyId);
    expect((await fails('receptions.create', reception())).field).toBe('deputyIds');
  });

  it("takes a category only from the station's list; a correction may keep one since removed", async () => {
    const e = await fails('receptions.create', reception({ category: '外星人' }));
    expect(e).toMatchObject({
      code: 'VALIDATION',
      field: 'category',
      message: expect.stringContaining('外星人'),
    });
    const r = await call('receptions.create', reception({ category: '交通出行' }));
    await call('receptions.updateSettings', { categories: ['乡村振兴', '其他'], collectIdNumbers: false });
    const kept = await call('receptions.update', {
      ...reception({ category: '交通出行', title: '机耕路' }),
      id: r.id,
    });
    expect(kept.category).toBe('交通出行');
    expect((await fails('receptions.create', reception({ category: '交通出行' }))).field).toBe('category');
    expect((await call('receptions.create', reception({ category: '其他' }))).category).toBe('其他');
  });

  it('refuses a deadline before the visit, on deadline', async () => {
    const r = await call('receptions.create', reception());
    const e = await fails('receptions.handle', {
      id: r.id,
      disposition: '转办',
      date: '2026-03-08',
      unit: '县住建局',
      deadline: '2026-03-07',
    });
    expect(e).toEqual({
      code: 'VALIDATION',
      field: 'deadline',
      message: '办理期限不能早于接待日期（2026-03-08），请核对',
    });
    // The same day is fine.
    const ok = await call('receptions.handle', {
      id: r.id,
      disposition: '转办',
      date: '2026-03-08',
      unit: '县住建局',
      deadline: '2026-03-08',
    });
    expect(ok.deadline).toBe('2026-03-08');
  });

  it('stores attachments by content (JPEG, PNG, PDF sniffed from the bytes) and refuses unknown hashes', async () => {
    const png = await call<{ sha256: string; mime: string; size: number }>('attachment.put', {
      fileName: '现场照片.png',
      base64: TINY_PNG,
    });
    expect(png).toMatchObject({ mime: 'image/png', fileName: '现场照片.png' });
    expect(png.sha256).toMatch(/^[0-9a-f]{64}$/);
    const jpeg = await call<{ mime: string }>('attachment.put', { fileName: 'a.jpg', base64: TINY_JPEG });
    expect(jpeg.mime).toBe('image/jpeg');
    const pdf = await call<{ mime: string }>('attachment.put', {
      fileName: '来信.pdf',
      base64: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n').toString('base64'),
    });
    expect(pdf.mime).toBe('application/pdf');
    const again = await call<{ sha256: string }>('attachment.put', {
      fileName: '另一个名字.png',
      base64: TINY_PNG,
    });
    expect(again.sha256).toBe(png.sha256);
    expect(station.ctx.sqlite.prepare('SELECT count(*) AS n FROM attachments').get()).toEqual({ n: 3 });
    const text = await fails('attachment.put', {
      fileName: '说明.txt',
      base64: Buffer.from('这不是图片').toString('base64'),
    });
    expect(text).toMatchObject({
      code: 'VALIDATION',
      field: 'base64',
      message: expect.stringContaining('JPG、PNG'),
    });
    const r = await call(
      'receptions.create',
      reception({ attachments: [{ sha256: png.sha256, fileName: '现场照片.png' }] }),
    );
    expect(r.attachments).toEqual([
      { sha256: png.sha256, fileName: '现场照片.png', mime: 'image/png', size: png.size },
    ]);
    const unknown = await fails(
      'receptions.create',
      reception({ attachments: [{ sha256: 'ab'.repeat(32), fileName: 'x.png' }] }),
    );
    expect(unknown).toMatchObject({ code: 'VALIDATION', field: 'attachments' });
  });
});

describe('settings', () => {
  it('start with the shipped categories and ID numbers off; edits are synced and audited', async () => {
    expect(await call('receptions.settings', {})).toEqual({
      categories: [...DEFAULT_RECEPTION_CATEGORIES],
      collectIdNumbers: false,
    });
    const saved = await call('receptions.updateSettings', {
      categories: ['乡村振兴', '其他'],
      collectIdNumbers: true,
    });
    expect(saved).toEqual({ categories: ['乡村振兴', '其他'], collectIdNumbers: true });
    await call('receptions.updateSettings', {
      categories: ['乡村振兴', '其他', '环境卫生'],
      collectIdNumbers: true,
    });
    const row = station.ctx.sqlite
      .prepare(`SELECT value, rev FROM settings WHERE id = 'receptions'`)
      .get() as {
      value: string;
      rev: number;
    };
    expect(JSON.parse(row.value)).toEqual({
      categories: ['乡村振兴', '其他', '环境卫生'],
      collectIdNumbers: true,
    });
    expect(row.rev).toBeGreaterThan(0);
    expect(
      station.ctx.sqlite.prepare(`SELECT action FROM audit_log WHERE entity = 'settings' ORDER BY seq`).all(),
    ).toEqual([{ action: 'create' }, { action: 'update' }]);
    const form = await call<{ categories: string[]; collectIdNumbers: boolean }>(
      'receptions.formOptions',
      {},
    );
    expect(form).toMatchObject({ categories: ['乡村振兴', '其他', '环境卫生'], collectIdNumbers: true });
    expect((await fails('receptions.updateSettings', { categories: [], collectIdNumbers: true })).field).toBe(
      'categories',
    );
    expect(
      (await fails('receptions.updateSettings', { categories: ['其他', '其他'], collectIdNumbers: true }))
        .field,
    ).toBe('categories');
  });
});

describe('form replies (件件有回音)', () => {
  it('are recognised in any combination, real answers are not', () => {
    for (const t of [
      '已转办，请等待',
      '已转办，请耐心等待。',
      '正在办理中',
      '已受理，正在处理',
      '收到！',
      '请等待答复',
    ])
      expect(isFormReply(t), t).toBe(true);
    for (const t of [
      '已转办县住建局，4月10日前修好路灯',
      '等待期间可先到镇民政办领取临时救助',
      '不予办理：超过申请期限',
    ])
      expect(isFormReply(t), t).toBe(false);
  });
});
