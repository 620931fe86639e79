import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityListItem, PlanList } from '../../main/api/contract';
import { displayWidth } from '../../main/cli/commands/receptions';
import { closeStation } from '../../main/services/context';
import { todayAt } from '../../main/services/receptions';
import { runSeeders } from '../../main/services/seed';
import { tempDir, openStationAt } from '../helpers/station';
import { cli } from '../helpers/cli';

/** `station-desk activities list` and `station-desk plan list` on a seeded data folder, as the real command line. */

let data: string;
let cleanup: () => void;
let year: number;
let lastYear: number;
let activityCount: number;
let lastYearReports: number;
let lastYearPlan: { status: string; n: number }[];

beforeAll(async () => {
  ({ dir: data, cleanup } = tempDir());
  const ctx = await openStationAt(data);
  await runSeeders(ctx, { deputies: 20, receptions: 10, 'duty-years': 0, 'activity-years': 2 }, () => {});
  year = Number(todayAt(ctx).slice(0, 4));
  lastYear = year - 1;
  const n = (sql: string, ...args: unknown[]) => (ctx.sqlite.prepare(sql).get(...args) as { n: number }).n;
  activityCount = n('SELECT count(*) AS n FROM activities WHERE deleted_at IS NULL');
  lastYearReports = n(
    "SELECT count(*) AS n FROM activities WHERE deleted_at IS NULL AND type = '述职' AND date LIKE ?",
    `${lastYear}-%`,
  );
  lastYearPlan = ctx.sqlite
    .prepare('SELECT status, count(*) AS n FROM plan_items WHERE year = ? GROUP BY status')
    .all(lastYear) as typeof lastYearPlan;
  await closeStation(ctx);
}, 60_000);
afterAll(() => cleanup());

describe('station-desk activities list', () => {
  it('--json prints one document with every activity, newest first', () => {
    const r = cli('activities', 'list', '--data', data, '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { ok: true; total: number; items: ActivityListItem[] };
    expect(out.ok).toBe(true);
    expect(out.total).toBe(activityCount);
    expect(out.items).toHaveLength(activityCount);
    const dates = out.items.map((i) => i.date);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(out.items[0]).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        type: expect.any(String),
        theme: expect.any(String),
        present: expect.any(Number),
        leave: expect.any(Number),
        absent: expect.any(Number),
        planTheme: expect.any(String),
      }),
    );
  }, 120_000);

  it('filters by dates and type', () => {
    const r = cli(
      'activities',
      'list',
      '--data',
      data,
      '--json',
      '--from',
      `${lastYear}-01-01`,
      '--to',
      `${lastYear}-12-31`,
      '--type',
      '述职',
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { total: number; items: ActivityListItem[] };
    expect(out.total).toBe(lastYearReports);
    expect(lastYearReports).toBeGreaterThan(0);
    expect(out.items.every((i) => i.type === '述职' && i.date.startsWith(`${lastYear}-`))).toBe(true);
  }, 120_000);

  it('prints an aligned table with a total line', () => {
    const r = cli('activities', 'list', '--data', data, '--limit', '8');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^日期\s+类型\s+主题\s+地点\s+出席\s+请假\s+缺席\s+计划项目$/);
    expect(lines).toHaveLength(1 + 8 + 2);
    expect(lines[lines.length - 1]).toBe(`共 ${activityCount} 次，显示最新的 8 次`);
    const column = (line: string, at: number) => displayWidth(line.slice(0, at));
    const typeCol = column(lines[0]!, lines[0]!.indexOf('类型'));
    for (const line of lines.slice(1, 9)) {
      expect(line).toMatch(/^\d{4}-\d{2}-\d{2} /);
      expect(column(line, line.indexOf(' ') + line.slice(line.indexOf(' ')).search(/\S/))).toBe(typeCol);
    }
  }, 120_000);

  it('refuses bad options with exit 2 and a missing data folder with exit 1', () => {
    expect(cli('activities', 'list', '--data', data, '--type', '聊天').code).toBe(2);
    const order = cli('activities', 'list', '--data', data, '--from', '2025-05-01', '--to', '2025-04-01');
    expect(order.code).toBe(2);
    expect(order.stderr).toContain('结束日期不能早于开始日期');
    expect(cli('activities', 'list', '--data', data, '--from', '2025-13-01').code).toBe(2);
    expect(cli('activities', 'frobnicate', '--data', data).code).toBe(2);
    expect(cli('activities', 'list').code).toBe(2);
    const missing = cli('activities', 'list', '--data', `${data}/nowhere`, '--json');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false, error: { code: expect.any(String) } });
  }, 120_000);
});

describe('station-desk plan list', () => {
  it('--json gives the plan with derived statuses and counts', () => {
    const r = cli('plan', 'list', '--data', data, '--year', String(lastYear), '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as PlanList & { ok: true };
    expect(out).toMatchObject({ ok: true, year: lastYear });
    const stored = Object.fromEntries(lastYearPlan.map((p) => [p.status, p.n]));
    const total = Object.values(stored).reduce((a, b) => a + b, 0);
    expect(out.items).toHaveLength(total);
    expect(Object.values(out.counts).reduce((a, b) => a + b, 0)).toBe(total);
    expect(out.counts['取消']).toBe(stored['取消'] ?? 0);
    expect(out.counts['延期']).toBe(stored['延期'] ?? 0);
    for (const item of out.items) expect(item.status === '已完成').toBe(item.activities.length > 0);
    const months = out.items.map((i) => i.month);
    expect(months).toEqual([...months].sort((a, b) => a - b));
  }, 120_000);

  it('prints the plan as a table with reasons and the counts', () => {
    const r = cli('plan', 'list', '--data', data, '--year', String(lastYear));
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^月份\s+日期\s+类型\s+主题\s+负责人\s+状态$/);
    expect(lines[1]).toMatch(/^1月 /);
    expect(lines[lines.length - 1]).toMatch(/^共 \d+ 项：计划中 \d+，已完成 \d+，取消 \d+，延期 \d+$/);
    // Cancelled and postponed items carry their reason.
    for (const line of lines.slice(1, -2)) {
      const status = line.split(/\s{2,}/).pop()!;
      expect(status).toMatch(/^(已完成|计划中|取消|延期)/);
      if (/^(取消|延期)/.test(status)) expect(status).toMatch(/^(取消|延期)（.+）$/);
    }
    const empty = cli('plan', 'list', '--data', data, '--year', '2001');
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain('2001年还没有活动计划');
  }, 120_000);

  it('refuses a missing or bad year with exit 2', () => {
    expect(cli('plan', 'list', '--data', data).code).toBe(2);
    expect(cli('plan', 'list', '--data', data, '--year', 'next').code).toBe(2);
    const r = cli('plan', 'list', '--data', data, '--year', '1999', '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 'USAGE' } });
  }, 120_000);
});
