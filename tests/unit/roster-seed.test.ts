import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PHONE_PATTERN } from '../../main/api/contract';
import { SEEDERS, runSeeders } from '../../main/services/seed';
import { allLiveDeputies } from '../../main/services/roster';
import { openTempStation } from '../helpers/station';
import { planImport, MAX_IMPORT_ROWS } from '../../main/services/roster-xlsx';
import { buildWorkbook } from '../helpers/roster';

let station: Awaited<ReturnType<typeof openTempStation>>;
beforeEach(async () => {
  station = await openTempStation();
});
afterEach(() => station.close());

describe('the deputies seeder', () => {
  it('is registered with --deputies (default 40)', () => {
    const seeder = SEEDERS.find((s) => s.name === 'deputies');
    expect(seeder?.options).toEqual([expect.objectContaining({ flag: 'deputies', default: 40 })]);
  });

  it('makes 200 valid, realistic deputies quickly, the same ones each time', async () => {
    const started = Date.now();
    const reports = await runSeeders(station.ctx, { deputies: 200 }, () => {});
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(reports.find((r) => r.name === 'deputies')?.created).toEqual({ deputy_groups: 4, deputies: 200 });
    const all = await allLiveDeputies(station.ctx.db);
    expect(all).toHaveLength(200);
    for (const d of all) {
      expect(d.phone).toMatch(PHONE_PATTERN);
      expect(d.levels.length).toBeGreaterThan(0);
      expect(d.groupName).toMatch(/代表小组$/);
    }
    const cards = all.map((d) => d.cardNumber).filter(Boolean);
    expect(new Set(cards).size).toBe(cards.length);
    expect(all.filter((d) => d.ethnicity === '汉族').length).toBeGreaterThan(150);
    expect(all.filter((d) => d.levels.length === 1 && d.levels[0] === '乡镇').length).toBeGreaterThan(100);

    const other = await openTempStation();
    try {
      await runSeeders(other.ctx, { deputies: 200 }, () => {});
      const again = await allLiveDeputies(other.ctx.db);
      const key = (list: typeof all) => list.map((d) => `${d.name}|${d.birthDate}|${d.phone}`).sort();
      expect(key(again)).toEqual(key(all));
    } finally {
      await other.close();
    }
  });
});

describe('import guards', () => {
  it(`refuses a sheet of more than ${MAX_IMPORT_ROWS} rows`, async () => {
    const rows: unknown[][] = [['姓名', '性别', '民族', '代表层级']];
    for (let i = 0; i <= MAX_IMPORT_ROWS + 20; i++) rows.push([`代表${i}`, '男', '汉族', '乡镇']);
    await expect(planImport(station.ctx.db, await buildWorkbook(rows))).rejects.toThrow(/上限|超过/);
  });
});
