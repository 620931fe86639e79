import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CALL_NAMES, contract } from '../../main/api/contract';
import { dispatch } from '../../main/api/router';
import { objectShapes, sampleFor } from '../helpers/samples';
import { openTempStation, SAMPLE_STATION } from '../helpers/station';

let station: Awaited<ReturnType<typeof openTempStation>>;
beforeEach(async () => {
  station = await openTempStation();
});
afterEach(() => station.close());

function stateOf() {
  const s = station.ctx.sqlite;
  return {
    sync: s.prepare('SELECT rev, audit_seq, audit_head FROM sync_state').get(),
    stations: s.prepare('SELECT count(*) AS n FROM station').get(),
    keys: s.prepare('SELECT count(*) AS n FROM signing_keys').get(),
  };
}

type Case = { label: string; input: unknown; field?: string };

/** Wrong inputs derived from each call's own schema: every field missing, mistyped, oversized. */
function badInputs(name: (typeof CALL_NAMES)[number]): Case[] {
  const cases: Case[] = [
    { label: 'a string instead of an object', input: 'hello' },
    { label: 'an array', input: [1, 2] },
  ];
  const shapes = objectShapes(contract[name].input);
  for (const [i, shape] of shapes.entries()) {
    const branch = shapes.length > 1 ? ` (branch ${i + 1})` : '';
    cases.push({
      label: `an extra field${branch}`,
      input: { ...sampleFor(shape), sneaky: 'x' },
      field: 'sneaky',
    });
    for (const [key, field] of Object.entries(shape)) {
      const base = sampleFor(shape);
      if (!field.safeParse(undefined).success) {
        const { [key]: _omit, ...rest } = base;
        cases.push({ label: `missing ${key}${branch}`, input: rest, field: key });
      }
      cases.push({
        label: `${key} as an object${branch}`,
        input: { ...base, [key]: { nested: true } },
        field: key,
      });
      cases.push({
        label: `${key} as a huge string${branch}`,
        input: { ...base, [key]: '长'.repeat(100_000) },
        field: key,
      });
    }
  }
  return cases;
}

describe('every API call rejects bad input with a Chinese message naming the field, writing nothing', () => {
  for (const name of CALL_NAMES) {
    for (const c of badInputs(name)) {
      it(`${name}: ${c.label}`, async () => {
        const before = stateOf();
        const result = await dispatch(name, c.input, station.ctx);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error.code).toBe('VALIDATION');
        expect(result.error.message).toMatch(/[\u4e00-\u9fa5]/);
        // The field itself, or a part of it (paper.size, texts.title).
        if (c.field) expect(result.error.field).toMatch(new RegExp(`^${c.field}(\\.|$)`));
        expect(stateOf()).toEqual(before);
      });
    }
  }
});

describe('router', () => {
  it('refuses an unknown call', async () => {
    const result = await dispatch('station.dropEverything', {}, station.ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(await dispatch('__proto__', {}, station.ctx)).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CALL' },
    });
  });

  it('names the station field a clerk got wrong, in words the clerk understands', async () => {
    const result = await dispatch('station.setup', { ...SAMPLE_STATION, code: '莲花镇' }, station.ctx);
    expect(result).toMatchObject({
      ok: false,
      error: { field: 'code', message: expect.stringContaining('站点编码只能用字母') },
    });
    const empty = await dispatch('station.setup', { ...SAMPLE_STATION, name: '   ' }, station.ctx);
    expect(empty).toMatchObject({ ok: false, error: { field: 'name', message: '请填写站点名称' } });
  });

  it('sets up the station once, with its signing key, and audits it', async () => {
    const result = await dispatch('station.setup', SAMPLE_STATION, station.ctx);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const status = result.value as {
      setUp: boolean;
      station: { name: string };
      signingKey: { keyId: string; fingerprint: string };
    };
    expect(status.setUp).toBe(true);
    expect(status.station.name).toBe(SAMPLE_STATION.name);
    expect(status.signingKey.keyId).toMatch(/^[0-9A-F]{16}$/);
    expect(status.signingKey.fingerprint).toMatch(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/);
    const again = await dispatch('station.setup', SAMPLE_STATION, station.ctx);
    expect(again).toMatchObject({ ok: false, error: { code: 'ALREADY_SET_UP' } });
    const audit = station.ctx.sqlite.prepare('SELECT entity, action FROM audit_log ORDER BY seq').all();
    expect(audit).toEqual([
      { entity: 'station', action: 'create' },
      { entity: 'signing_key', action: 'create' },
    ]);
  });

  it('edits the station with an audited diff of what changed', async () => {
    await dispatch('station.setup', SAMPLE_STATION, station.ctx);
    const result = await dispatch(
      'station.update',
      { ...SAMPLE_STATION, phone: '0571-12345678' },
      station.ctx,
    );
    expect(result.ok).toBe(true);
    const last = station.ctx.sqlite
      .prepare('SELECT action, diff FROM audit_log ORDER BY seq DESC LIMIT 1')
      .get() as {
      action: string;
      diff: string;
    };
    expect(last.action).toBe('update');
    expect(JSON.parse(last.diff)).toEqual({ phone: { before: '0571-88886666', after: '0571-12345678' } });
  });

  it('refuses every write while the integrity check has failed, but still answers reads', async () => {
    const health = station.ctx.health as unknown as { report: unknown };
    health.report = { ok: false, problems: ['page 3 is never used'], checkedAt: 'now', durationMs: 1 };
    const write = await dispatch('station.setup', SAMPLE_STATION, station.ctx);
    expect(write).toMatchObject({
      ok: false,
      error: { code: 'WRITES_STOPPED', message: expect.stringContaining('备份') },
    });
    expect((await dispatch('station.get', {}, station.ctx)).ok).toBe(true);
    expect(station.ctx.sqlite.prepare('SELECT count(*) AS n FROM station').get()).toEqual({ n: 0 });
  });

  it('home summary counts come from the database', async () => {
    await dispatch('station.setup', SAMPLE_STATION, station.ctx);
    await dispatch('station.update', { ...SAMPLE_STATION, phone: '0571-12345678' }, station.ctx);
    const result = await dispatch('home.summary', {}, station.ctx);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const summary = result.value as { counts: { key: string; value: number }[]; lastChangeAt: string };
    expect(summary.counts.find((c) => c.key === 'auditEntries')?.value).toBe(3);
    expect(summary.counts.find((c) => c.key === 'changes')?.value).toBe(2);
    expect(summary.lastChangeAt).toMatch(/\+08:00$/);
  });
});
