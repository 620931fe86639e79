import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceptionListItem } from '../../main/api/contract';
import { dateInZone } from '../../db/time';
import { displayWidth, totalLine } from '../../main/cli/commands/receptions';
import { closeStation } from '../../main/services/context';
import { runSeeders } from '../../main/services/seed';
import { tempDir, openStationAt } from '../helpers/station';
import { cli } from '../helpers/cli';

/** `station-desk receptions list` on a seeded data folder, run as the real command line. */

interface Listed {
  ok: true;
  total: number;
  totalCapped: boolean;
  items: ReceptionListItem[];
}

let data: string;
let cleanup: () => void;
let phones: { full: string; reception: string }[];
let overdueCount: number;

beforeAll(async () => {
  ({ dir: data, cleanup } = tempDir());
  const ctx = await openStationAt(data);
  await runSeeders(ctx, { deputies: 20, receptions: 1500 }, () => {});
  phones = ctx.sqlite
    .prepare(
      `SELECT v.phone AS full, r.id AS reception FROM reception_visitors v JOIN receptions r ON r.id = v.reception_id
       WHERE v.position = 0 AND length(v.phone) = 11 ORDER BY r.num DESC LIMIT 20`,
    )
    .all() as typeof phones;
  overdueCount = (
    ctx.sqlite
      .prepare(
        "SELECT count(*) AS n FROM receptions WHERE status = '办理中' AND deadline <> '' AND deadline < ?",
      )
      .get(dateInZone(new Date(), ctx.timeZone)) as { n: number }
  ).n;
  await closeStation(ctx);
}, 60_000);
afterAll(() => cleanup());

describe('station-desk receptions list', () => {
  it('--json prints one document: items newest first, total, phones masked', () => {
    const r = cli('receptions', 'list', '--data', data, '--limit', '20', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Listed;
    expect(out).toMatchObject({ ok: true, total: 1500, totalCapped: false });
    expect(out.items).toHaveLength(20);
    const first = out.items[0]!;
    expect(first).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        number: expect.stringMatching(/^\d{4}-\d{4}$/),
        receivedAt: expect.any(String),
        channel: expect.any(String),
        category: expect.any(String),
        title: expect.any(String),
        status: expect.any(String),
        overdueDays: expect.any(Number),
        visitorNames: expect.any(String),
        visitorPhone: expect.any(String),
      }),
    );
    const times = out.items.map((i) => i.receivedAt);
    expect(times).toEqual([...times].sort().reverse());
    // No full phone number anywhere on stdout; the masked form instead.
    for (const p of phones) expect(r.stdout).not.toContain(p.full);
    const masked = out.items.map((i) => i.visitorPhone).filter(Boolean);
    expect(masked.length).toBeGreaterThan(0);
    for (const m of masked) expect(m).toMatch(/^\d{3,4}\*{4}\d{4}$/);
  });

  it('prints an aligned table with a total line, phones masked', () => {
    const r = cli('receptions', 'list', '--data', data, '--limit', '10');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^编号\s+日期\s+方式\s+类别\s+标题\s+来访人\s+电话\s+状态$/);
    expect(lines).toHaveLength(1 + 10 + 2);
    expect(lines[lines.length - 1]).toBe('共 1500 条，显示最新的 10 条');
    // Columns line up on screen (a Chinese character is two columns wide): each row's date and
    // status start where the header's 日期 and 状态 do.
    const column = (line: string, at: number) => displayWidth(line.slice(0, at));
    const dateCol = column(lines[0]!, lines[0]!.indexOf('日期'));
    const statusCol = column(lines[0]!, lines[0]!.indexOf('状态'));
    for (const line of lines.slice(1, 11)) {
      expect(column(line, line.search(/\d{4}-\d{2}-\d{2}/))).toBe(dateCol);
      expect(column(line, line.search(/(登记|办理中|已办结|已反馈)/))).toBe(statusCol);
    }
    for (const p of phones) expect(r.stdout).not.toContain(p.full);
    expect(r.stdout).toMatch(/1\d{2}\*{4}\d{4}/);
  }, 60_000);

  it('filters by status, dates and overdue, and searches words and a phone number', () => {
    const json = (...args: string[]) => {
      const r = cli('receptions', 'list', '--data', data, '--json', '--limit', '1000', ...args);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as Listed;
    };
    const handling = json('--status', '办理中');
    expect(handling.total).toBeGreaterThan(0);
    expect(handling.items.every((i) => i.status === '办理中')).toBe(true);

    const year = new Date().getFullYear() - 2;
    const ranged = json('--from', `${year}-03-01`, '--to', `${year}-03-31`);
    expect(ranged.total).toBeGreaterThan(0);
    expect(ranged.items.every((i) => i.receivedAt.slice(0, 7) === `${year}-03`)).toBe(true);

    const overdue = json('--overdue');
    expect(overdue.total).toBe(overdueCount);
    expect(overdue.items.every((i) => i.overdueDays > 0)).toBe(true);
    const table = cli('receptions', 'list', '--data', data, '--overdue', '--limit', '5');
    expect(table.stdout).toMatch(/办理中 逾期\d+天/);

    const word = json('--q', '低保');
    expect(word.total).toBeGreaterThan(0);
    expect(word.items.every((i) => i.title.includes('低保'))).toBe(true);

    const byPhone = json('--q', phones[0]!.full);
    expect(byPhone.items.map((i) => i.id)).toContain(phones[0]!.reception);
    expect(JSON.stringify(byPhone)).not.toContain(phones[0]!.full);
  }, 180_000);

  it('says "10000 条以上" when the count is capped, "共 N 条" otherwise', () => {
    expect(totalLine(10_000, true, 50)).toBe('10000 条以上，显示最新的 50 条');
    expect(totalLine(12, false, 12)).toBe('共 12 条');
    expect(totalLine(120, false, 50)).toBe('共 120 条，显示最新的 50 条');
  });

  it('refuses bad options with exit 2 and a Chinese message', () => {
    const status = cli('receptions', 'list', '--data', data, '--status', '完成', '--json');
    expect(status.code).toBe(2);
    expect(JSON.parse(status.stdout)).toMatchObject({
      ok: false,
      error: { code: 'USAGE', message: expect.stringMatching(/办理状态/) },
    });
    const from = cli('receptions', 'list', '--data', data, '--from', '2026-02-30');
    expect(from.code).toBe(2);
    expect(from.stderr).toMatch(/开始日期.*(不是一个真实的日期|请核对)/);
    const order = cli('receptions', 'list', '--data', data, '--from', '2026-05-01', '--to', '2026-04-01');
    expect(order.code).toBe(2);
    expect(order.stderr).toContain('开始日期不能晚于结束日期');
    expect(cli('receptions', 'list', '--data', data, '--limit', 'many').code).toBe(2);
    expect(cli('receptions', 'frobnicate', '--data', data).code).toBe(2);
    expect(cli('receptions', 'list').code).toBe(2);
  }, 180_000);

  it('fails (exit 1) on a folder without a station', () => {
    const empty = tempDir();
    try {
      const r = cli('receptions', 'list', '--data', empty.dir, '--json');
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { message: expect.any(String) } });
    } finally {
      empty.cleanup();
    }
  });

  it('is listed in the help', () => {
    const r = cli('--help');
    expect(r.stdout).toMatch(/receptions\s+list the reception log/);
    const help = cli('receptions', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('station-desk receptions list --data DIR');
  }, 60_000);
});
