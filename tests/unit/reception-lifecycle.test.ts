import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallName, ReceptionDetail, ReceptionListItem } from '../../main/api/contract';
import { dispatch } from '../../main/api/router';
import { callOk, openTempStation } from '../helpers/station';
import { addDeputy, SAMPLE_RECEPTION } from '../helpers/receptions';

let station: Awaited<ReturnType<typeof openTempStation>>;
let deputyId: string;
beforeEach(async () => {
  station = await openTempStation();
  deputyId = await addDeputy(station.ctx);
});
afterEach(() => station.close());

const call = <T = ReceptionDetail>(name: CallName, input: unknown): Promise<T> =>
  callOk<T>(station.ctx, name, input);

async function fails(name: CallName, input: unknown) {
  const result = await dispatch(name, input, station.ctx);
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('expected a failure');
  return result.error;
}

const register = (overrides: object = {}) =>
  call('receptions.create', { ...SAMPLE_RECEPTION, deputyIds: [deputyId], ...overrides });

/** Everything a refused step must leave alone: the counter, the audit head, the row, the timeline. */
function snapshot(id: string) {
  const s = station.ctx.sqlite;
  return {
    sync: s.prepare('SELECT rev, audit_seq, audit_head FROM sync_state').get(),
    row: s.prepare('SELECT * FROM receptions WHERE id = ?').get(id),
    events: s.prepare('SELECT count(*) AS n FROM reception_events WHERE reception_id = ?').get(id),
  };
}

const ACTIONS = ['update', 'handle', 'remind', 'reply', 'answer', 'reopen', 'void'] as const;
type Action = (typeof ACTIONS)[number];

/** A valid input for each step, so only the status decides whether it is accepted. */
function inputFor(action: Action, id: string): [CallName, object] {
  switch (action) {
    case 'update':
      return [
        'receptions.update',
        { ...SAMPLE_RECEPTION, id, deputyIds: [deputyId], title: '桃源村机耕路需要硬化' },
      ];
    case 'handle':
      return [
        'receptions.handle',
        { id, disposition: '交办', date: '2026-03-09', unit: '莲花镇农业农村办', deadline: '2026-04-10' },
      ];
    case 'remind':
      return ['receptions.remind', { id, date: '2026-03-20', note: '电话催问进度' }];
    case 'reply':
      return [
        'receptions.reply',
        { id, date: '2026-03-25', unit: '莲花镇农业农村办', text: '已列入今年机耕路修缮计划，4月动工。' },
      ];
    case 'answer':
      return [
        'receptions.answer',
        {
          id,
          date: '2026-03-26',
          method: '电话',
          text: '镇农办已把机耕路列入今年修缮计划，4月动工，5月底前完工。',
          satisfaction: '满意',
        },
      ];
    case 'reopen':
      return ['receptions.reopen', { id, reason: '来访人反映至今没有动工' }];
    case 'void':
      return ['receptions.void', { id, reason: '重复登记' }];
  }
}

/** A fresh reception brought to each status through the API. */
async function inStatus(status: ReceptionDetail['status']): Promise<ReceptionDetail> {
  const r = await register();
  if (status === '登记') return r;
  await call(...inputFor('handle', r.id));
  if (status === '办理中') return call('receptions.get', { id: r.id });
  await call(...inputFor('reply', r.id));
  if (status === '已办结') return call('receptions.get', { id: r.id });
  return call(...inputFor('answer', r.id));
}

describe('receptions: registering', () => {
  it('registers as 登记 with a yearly number, a timeline entry and what may be done next', async () => {
    const r = await register();
    expect(r).toMatchObject({
      number: '2026-0001',
      status: '登记',
      receivedAt: '2026-03-08T09:30:00+08:00',
      disposition: null,
      persons: 1,
      deputyNames: ['张三'],
      visitorPhone: '139****5678',
      visitorNames: '王五',
    });
    expect(r.visitors[0]).toMatchObject({ name: '王五', phone: '13912345678', age: 56 });
    expect(r.deputies).toEqual([{ id: deputyId, name: '张三', levels: ['乡镇'] }]);
    expect(r.events.map((e) => [e.kind, e.date, e.actor])).toEqual([['登记', '2026-03-08', '管理员']]);
    expect(r.allowed).toEqual(['update', 'handle', 'void']);
    expect((await register()).number).toBe('2026-0002');
    // The year comes from the visit: a visit on 31 December is numbered in that year.
    expect((await register({ receivedAt: '2025-12-31 23:50' })).number).toBe('2025-0001');
    expect((await register({ receivedAt: '2026-01-01 00:10' })).number).toBe('2026-0003');
  });

  it('writes every row through the one write path: rev, audit entry per row', async () => {
    const before = station.ctx.sqlite.prepare('SELECT audit_seq FROM sync_state').get() as {
      audit_seq: number;
    };
    const r = await register({ attachments: [] });
    const entities = station.ctx.sqlite
      .prepare('SELECT entity, action FROM audit_log WHERE seq > ? ORDER BY seq')
      .all(before.audit_seq);
    expect(entities).toEqual([
      { entity: 'receptions', action: 'create' },
      { entity: 'reception_visitors', action: 'create' },
      { entity: 'reception_deputies', action: 'create' },
      { entity: 'reception_events', action: 'create' },
    ]);
    const revs = station.ctx.sqlite
      .prepare(
        `SELECT rev FROM receptions WHERE id = ? UNION ALL SELECT rev FROM reception_visitors WHERE reception_id = ?`,
      )
      .all(r.id, r.id) as { rev: number }[];
    expect(revs.every((x) => x.rev > 0)).toBe(true);
  });

  it('keeps the number when a correction moves the visit to another year', async () => {
    const r = await register();
    const updated = await call('receptions.update', {
      ...SAMPLE_RECEPTION,
      id: r.id,
      deputyIds: [deputyId],
      receivedAt: '2025-11-02 10:00',
    });
    expect(updated.number).toBe('2026-0001');
    expect(updated.receivedAt).toBe('2025-11-02T10:00:00+08:00');
  });
});

describe('receptions: every step from every status', () => {
  const STATUSES = ['登记', '办理中', '已办结', '已反馈'] as const;
  for (const status of STATUSES) {
    it(`${status}: \`allowed\` lists exactly the steps the service accepts; refused ones change nothing`, async () => {
      const offered = (await inStatus(status)).allowed;
      const accepted: Action[] = [];
      for (const action of ACTIONS) {
        const r = await inStatus(status);
        const before = snapshot(r.id);
        const result = await dispatch(...inputFor(action, r.id), station.ctx);
        if (result.ok) {
          accepted.push(action);
        } else {
          expect(result.error.code, `${status} → ${action}`).toBe('INVALID_TRANSITION');
          expect(result.error.message).toMatch(/[\u4e00-\u9fa5]/);
          expect(snapshot(r.id)).toEqual(before);
        }
      }
      expect(accepted).toEqual(offered);
    });
  }

  it('the table: 登记 {update, handle, void}; 办理中 {update, handle, remind, reply}; 已办结 {answer, reopen}; 已反馈 {reopen}', async () => {
    expect((await inStatus('登记')).allowed).toEqual(['update', 'handle', 'void']);
    expect((await inStatus('办理中')).allowed).toEqual(['update', 'handle', 'remind', 'reply']);
    expect((await inStatus('已办结')).allowed).toEqual(['answer', 'reopen']);
    expect((await inStatus('已反馈')).allowed).toEqual(['reopen']);
  });
});

describe('receptions: the handling steps', () => {
  it('交办 → 催办 → 答复 → 办结 → 反馈, each on the timeline with its date and a one-line account', async () => {
    const r = await register();
    const handed = await call('receptions.handle', {
      id: r.id,
      disposition: '交办',
      date: '2026-03-09',
      unit: '东城街道办事处',
      deadline: '2026-04-10',
    });
    expect(handed).toMatchObject({
      status: '办理中',
      disposition: '交办',
      unit: '东城街道办事处',
      deadline: '2026-04-10',
    });
    await call('receptions.remind', { id: r.id, date: '2026-03-20', note: '电话催问' });
    const reminded = await call('receptions.remind', { id: r.id, date: '2026-04-01' });
    expect(reminded.reminders).toBe(2);
    expect(reminded.status).toBe('办理中');
    const partial = await call('receptions.reply', {
      id: r.id,
      date: '2026-04-05',
      unit: '东城街道办事处',
      text: '已派人勘察，正在编制修缮方案。',
      close: false,
    });
    expect(partial.status).toBe('办理中');
    expect(partial.reply).toEqual({
      date: '2026-04-05',
      unit: '东城街道办事处',
      text: '已派人勘察，正在编制修缮方案。',
    });
    const closed = await call('receptions.reply', {
      id: r.id,
      date: '2026-04-08',
      unit: '东城街道办事处',
      text: '机耕路已修缮完毕。',
    });
    expect(closed.status).toBe('已办结');
    const answered = await call('receptions.answer', {
      id: r.id,
      date: '2026-04-09',
      method: '上门',
      text: '机耕路已修缮完毕，农机可以下田。',
      satisfaction: '满意',
    });
    expect(answered).toMatchObject({
      status: '已反馈',
      satisfaction: '满意',
      answer: {
        date: '2026-04-09',
        method: '上门',
        text: '机耕路已修缮完毕，农机可以下田。',
        satisfaction: '满意',
      },
    });
    expect(answered.events.map((e) => [e.kind, e.date, e.summary])).toEqual([
      ['登记', '2026-03-08', '登记（来访）：桃源村机耕路年久失修'],
      ['交办', '2026-03-09', '交办：东城街道办事处，期限 2026-04-10'],
      ['催办', '2026-03-20', '第1次催办（东城街道办事处）：电话催问'],
      ['催办', '2026-04-01', '第2次催办（东城街道办事处）'],
      ['办理答复', '2026-04-05', '东城街道办事处答复：已派人勘察，正在编制修缮方案。'],
      ['办理答复', '2026-04-08', '东城街道办事处答复：机耕路已修缮完毕。'],
      ['办结', '2026-04-08', '办结，待反馈来访人'],
      ['反馈', '2026-04-09', '反馈来访人（上门），满意：机耕路已修缮完毕，农机可以下田。'],
    ]);
    const detail = JSON.parse(
      (
        station.ctx.sqlite
          .prepare(`SELECT detail FROM reception_events WHERE reception_id = ? AND kind = '交办'`)
          .get(r.id) as { detail: string }
      ).detail,
    );
    expect(detail).toEqual({ disposition: '交办', unit: '东城街道办事处', deadline: '2026-04-10', note: '' });
  });

  it('不予受理 and 当场答复 record the answer at once and end as 已反馈', async () => {
    const a = await register();
    const refused = await call('receptions.handle', {
      id: a.id,
      disposition: '不予受理',
      date: '2026-03-08',
      referral: '案件已进入诉讼程序，告知其依法向法院反映',
    });
    expect(refused).toMatchObject({
      status: '已反馈',
      disposition: '不予受理',
      referral: '案件已进入诉讼程序，告知其依法向法院反映',
      answer: {
        date: '2026-03-08',
        method: '当场',
        text: '案件已进入诉讼程序，告知其依法向法院反映',
        satisfaction: '未表态',
      },
    });
    expect(refused.allowed).toEqual(['reopen']);
    const b = await register();
    const spot = await call('receptions.handle', {
      id: b.id,
      disposition: '当场答复',
      date: '2026-03-08',
      answer: '低保申请条件和材料已当面讲清，并给了镇民政办的电话。',
      satisfaction: '基本满意',
    });
    expect(spot).toMatchObject({ status: '已反馈', answer: { method: '当场', satisfaction: '基本满意' } });
    expect(spot.events.at(-1)).toMatchObject({ kind: '当场答复', date: '2026-03-08' });
    // Without a satisfaction the visitor said nothing: 未表态.
    const c = await register();
    const quiet = await call('receptions.handle', {
      id: c.id,
      disposition: '当场答复',
      date: '2026-03-08',
      answer: '已讲明医保报销比例的计算办法。',
    });
    expect(quiet.satisfaction).toBe('未表态');
  });

  it('转办, 联合接待 and 转为代表建议 put the matter 办理中; a suggestion names its deputy as the unit', async () => {
    for (const disposition of ['转办', '联合接待'] as const) {
      const r = await register();
      const h = await call('receptions.handle', {
        id: r.id,
        disposition,
        date: '2026-03-09',
        unit: '县交通运输局',
        deadline: '2026-03-31',
      });
      expect(h).toMatchObject({
        status: '办理中',
        disposition,
        unit: '县交通运输局',
        deadline: '2026-03-31',
      });
    }
    const r = await register();
    const s = await call('receptions.handle', {
      id: r.id,
      disposition: '转为代表建议',
      date: '2026-03-09',
      deputyId,
    });
    expect(s).toMatchObject({
      status: '办理中',
      disposition: '转为代表建议',
      suggestionDeputyId: deputyId,
      unit: '张三（代表建议）',
      deadline: '',
    });
    expect(s.events.at(-1)?.summary).toBe('转为代表建议：张三代表');
    const unknown = await fails('receptions.handle', {
      id: (await register()).id,
      disposition: '转为代表建议',
      date: '2026-03-09',
      deputyId: '01920000-0000-7000-8000-000000000000',
    });
    expect(unknown).toMatchObject({ code: 'VALIDATION', field: 'deputyId' });
  });

  it('an unsatisfied visitor reopens the matter; the earlier answer stays on the timeline', async () => {
    const r = await inStatus('已办结');
    await call('receptions.answer', {
      id: r.id,
      date: '2026-03-26',
      method: '电话',
      text: '镇里说今年资金紧张，明年再修。',
      satisfaction: '不满意',
    });
    const reopened = await call('receptions.reopen', { id: r.id, reason: '来访人不满意，要求今年修' });
    expect(reopened.status).toBe('办理中');
    expect(reopened.allowed).toEqual(['update', 'handle', 'remind', 'reply']);
    expect(reopened.events.at(-1)).toMatchObject({
      kind: '重新办理',
      summary: '重新办理：来访人不满意，要求今年修',
    });
    // The earlier reply and answer are still there (history is never cleared).
    expect(reopened.reply?.text).toBe('已列入今年机耕路修缮计划，4月动工。');
    expect(reopened.answer?.satisfaction).toBe('不满意');
    await call('receptions.handle', {
      id: r.id,
      disposition: '转办',
      date: '2026-04-01',
      unit: '县农业农村局',
      deadline: '2026-05-01',
    });
    await call('receptions.reply', {
      id: r.id,
      date: '2026-04-20',
      unit: '县农业农村局',
      text: '追加资金，已动工。',
    });
    const again = await call('receptions.answer', {
      id: r.id,
      date: '2026-04-21',
      method: '当面',
      text: '县农业农村局追加了资金，机耕路已动工。',
      satisfaction: '基本满意',
    });
    expect(again.status).toBe('已反馈');
    expect(again.events.map((e) => e.kind)).toEqual([
      '登记',
      '交办',
      '办理答复',
      '办结',
      '反馈',
      '重新办理',
      '转办',
      '办理答复',
      '办结',
      '反馈',
    ]);
    // A matter already closed (not yet answered) reopens too.
    const closed = await inStatus('已办结');
    expect((await call('receptions.reopen', { id: closed.id, reason: '答复内容有误' })).status).toBe(
      '办理中',
    );
  });

  it('refuses an answer that is only a form reply, or empty', async () => {
    const r = await inStatus('已办结');
    const before = snapshot(r.id);
    for (const text of ['已转办，请等待', '已转办，请耐心等待。', '正在办理中', '   ']) {
      const e = await fails('receptions.answer', {
        id: r.id,
        date: '2026-03-26',
        method: '电话',
        text,
        satisfaction: '满意',
      });
      expect(e).toMatchObject({ code: 'VALIDATION', field: 'text' });
    }
    expect(snapshot(r.id)).toEqual(before);
    const form = await fails('receptions.handle', {
      id: (await register()).id,
      disposition: '当场答复',
      date: '2026-03-08',
      answer: '已受理，请等待',
    });
    expect(form).toMatchObject({ code: 'VALIDATION', field: 'answer' });
  });

  it('refuses to edit a closed matter and says to reopen it first', async () => {
    for (const status of ['已办结', '已反馈'] as const) {
      const r = await inStatus(status);
      const before = snapshot(r.id);
      const e = await fails(...inputFor('update', r.id));
      expect(e).toEqual({
        code: 'INVALID_TRANSITION',
        message: '这件事项已办结，不能直接修改。如需更正，请先点“重新办理”。',
      });
      expect(snapshot(r.id)).toEqual(before);
    }
  });

  it('records a correction as 修改 naming the fields that changed, and nothing when nothing did', async () => {
    const r = await register();
    const same = await call('receptions.update', { ...SAMPLE_RECEPTION, id: r.id, deputyIds: [deputyId] });
    expect(same.events).toHaveLength(1);
    const edited = await call('receptions.update', {
      ...SAMPLE_RECEPTION,
      id: r.id,
      deputyIds: [deputyId],
      title: '桃源村机耕路需要硬化',
      visitors: [{ ...SAMPLE_RECEPTION.visitors[0]!, phone: '13800001111' }],
    });
    expect(edited.title).toBe('桃源村机耕路需要硬化');
    expect(edited.visitors[0]?.phone).toBe('13800001111');
    expect(edited.visitorPhone).toBe('138****1111');
    expect(edited.events.at(-1)).toMatchObject({ kind: '修改', summary: '修改：来访人、事项标题' });
    // The visitor row was updated in place, not replaced.
    expect(edited.visitors[0]?.id).toBe(r.visitors[0]?.id);
  });

  it('voids a fresh registration: the reception and its rows become tombstones and it is gone from lists', async () => {
    const keep = await register({ title: '柳溪村路灯不亮' });
    const r = await register();
    expect(await call('receptions.void', { id: r.id, reason: '重复登记' })).toEqual({ id: r.id });
    const s = station.ctx.sqlite;
    expect(s.prepare('SELECT deleted_at IS NOT NULL AS gone FROM receptions WHERE id = ?').get(r.id)).toEqual(
      { gone: 1 },
    );
    for (const table of ['reception_visitors', 'reception_deputies', 'reception_events'])
      expect(
        s
          .prepare(`SELECT count(*) AS n FROM ${table} WHERE reception_id = ? AND deleted_at IS NULL`)
          .get(r.id),
        table,
      ).toEqual({ n: 0 });
    expect(
      s
        .prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'delete' AND entity LIKE 'reception%'`)
        .get(),
    ).toEqual({ n: 5 }); // reception, visitor, deputy, 登记 and 作废 entries
    expect(await fails('receptions.get', { id: r.id })).toMatchObject({ code: 'NOT_FOUND' });
    const list = await call<{ items: ReceptionListItem[]; total: number }>('receptions.list', {});
    expect(list.items.map((i) => i.id)).toEqual([keep.id]);
    expect(await fails('receptions.void', { id: r.id, reason: '再来一次' })).toMatchObject({
      code: 'NOT_FOUND',
    });
    // Its number is not reused.
    expect((await register()).number).toBe('2026-0003');
  });

  it('refuses business dates before the visit, on the date field', async () => {
    const r = await register();
    const e = await fails('receptions.handle', {
      id: r.id,
      disposition: '交办',
      date: '2026-03-07',
      unit: '东城街道办事处',
      deadline: '2026-04-10',
    });
    expect(e).toMatchObject({
      code: 'VALIDATION',
      field: 'date',
      message: expect.stringContaining('不能早于接待日期'),
    });
    const d = await fails('receptions.handle', {
      id: r.id,
      disposition: '交办',
      date: '2026-03-09',
      unit: '东城街道办事处',
      deadline: '2026-03-01',
    });
    expect(d).toMatchObject({
      code: 'VALIDATION',
      field: 'deadline',
      message: '办理期限不能早于接待日期（2026-03-08），请核对',
    });
    const h = await inStatus('办理中');
    expect(await fails('receptions.remind', { id: h.id, date: '2026-01-01' })).toMatchObject({
      field: 'date',
    });
    expect(
      await fails('receptions.reply', { id: h.id, date: '2026-03-01', unit: '镇农办', text: '已修好。' }),
    ).toMatchObject({ field: 'date' });
    const c = await inStatus('已办结');
    expect(
      await fails('receptions.answer', {
        id: c.id,
        date: '2026-03-01',
        method: '电话',
        text: '已修好，请放心。',
        satisfaction: '满意',
      }),
    ).toMatchObject({ field: 'date' });
  });

  it('an unknown reception is not found, for every step', async () => {
    const id = '01920000-0000-7000-8000-000000000000';
    for (const action of ACTIONS) {
      const e = await fails(...inputFor(action, id));
      expect(e, action).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    }
  });
});
