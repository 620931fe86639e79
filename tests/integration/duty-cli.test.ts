import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type {
  DeputyDetail,
  DutyAttendance,
  DutyPlanResult,
  DutyRule,
  DutySlot,
  HolidayYear,
} from '../../main/api/contract';
import { dateInZone } from '../../db/time';
import { closeStation, type ServiceContext } from '../../main/services/context';
import { BUILTIN_YEARS } from '../../main/services/holidays';
import { setUpStation } from '../../main/services/station';
import { SAMPLE_DEPUTY } from '../helpers/roster';
import { SAMPLE_STATION, callOk, openStationAt } from '../helpers/station';
import { tempDirs } from '../helpers/temp-dirs';
import { cli } from '../helpers/cli';

/** `station-desk holidays` and `station-desk duty`, run as the real command line. */

const dir = tempDirs();

async function withCtx<T>(data: string, fn: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  const ctx = await openStationAt(data);
  try {
    return await fn(ctx);
  } finally {
    await closeStation(ctx);
  }
}

/** A station with six deputies and, with `rule`, a weekly Wednesday rule (two time slots). */
async function stationDir(options: { rule?: boolean } = {}) {
  const data = dir();
  return withCtx(data, async (ctx) => {
    await setUpStation(ctx, SAMPLE_STATION);
    const deputies: DeputyDetail[] = [];
    for (const name of ['张三', '李四', '王五', '赵六', '钱七', '孙八'])
      deputies.push(
        await callOk<DeputyDetail>(ctx, 'roster.create', { ...SAMPLE_DEPUTY, name, cardNumber: '' }),
      );
    const today = dateInZone(new Date(), ctx.timeZone);
    const rule = options.rule
      ? await callOk<DutyRule>(ctx, 'duty.createRule', {
          name: '每周三接待日',
          kind: '每周',
          weekdays: [3],
          times: [
            { start: '09:00', end: '11:30' },
            { start: '14:30', end: '17:00' },
          ],
          place: '联络站接待室',
          deputiesPerSlot: 2,
          startDate: today,
        })
      : null;
    return { data, deputies, rule, today };
  });
}

const countRows = (data: string, table: string) => {
  const db = new Database(join(data, 'station.db'), { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE deleted_at IS NULL`).get() as { n: number })
      .n;
  } finally {
    db.close();
  }
};

const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

type HolidaysOut = { ok: true; year: number; source: string; days: HolidayYear['days'] };

describe('station-desk holidays', () => {
  it('--year 2025 --json lists the days off and the swapped working days of the shipped data', () => {
    const r = cli('holidays', '--year', '2025', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as HolidaysOut;
    expect(out).toMatchObject({ ok: true, year: 2025, source: 'builtin' });
    expect(out.days).toContainEqual({ date: '2025-01-28', kind: '休', name: '春节' });
    expect(out.days).toContainEqual(expect.objectContaining({ date: '2025-01-26', kind: '班' }));
    expect(out.days).toContainEqual(expect.objectContaining({ date: '2025-10-11', kind: '班' }));
    for (let d = 1; d <= 8; d++)
      expect(out.days, `10-0${d}`).toContainEqual(
        expect.objectContaining({ date: `2025-10-0${d}`, kind: '休' }),
      );
    expect(out.days.map((d) => d.date)).toEqual([...out.days.map((d) => d.date)].sort());
  }, 60_000);

  it('prints the year by festival, as the State Council notice reads', () => {
    const r = cli('holidays', '--year', '2025');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/春节\s+1月28日—2月4日 放假（8天）；1月26日（周日）、2月8日（周六）上班/);
    // National Day and Mid-Autumn share one run of days off in 2025: one line.
    expect(r.stdout).toMatch(
      /国庆节、中秋节\s+10月1日—10月8日 放假（8天）；9月28日（周日）、10月11日（周六）上班/,
    );
    expect(r.stdout).toMatch(/元旦\s+1月1日 放假（1天）/);
  }, 60_000);

  it('fails (exit 1) for a year nobody covers, saying which years are shipped and how to add one', () => {
    const year = BUILTIN_YEARS.to + 1;
    const r = cli('holidays', '--year', String(year));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`没有${year}年的节假日安排`);
    expect(r.stderr).toContain(`${BUILTIN_YEARS.from}—${BUILTIN_YEARS.to}年`);
    expect(r.stderr).toContain('节假日');
    expect(r.stderr).toContain('station-desk holidays import');
    const json = cli('holidays', '--year', String(year), '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining(`没有${year}年的节假日安排`) },
    });
    expect(cli('holidays', '--year', 'next').code).toBe(2);
    expect(cli('holidays').code).toBe(2);
    expect(cli('holidays', 'frobnicate', '--year', '2025').code).toBe(2);
  }, 120_000);

  it('imports a year from a file, then shows it with --data', async () => {
    const { data } = await stationDir();
    const year = BUILTIN_YEARS.to + 1;
    const file = join(data, `${year}.csv`);
    writeFileSync(
      file,
      [
        '日期,类型,名称',
        `${year}-01-01,休,元旦`,
        `${year}-02-06,休,春节`,
        `${year}-02-07,休,春节`,
        `${year}-02-08,休,春节`,
        `${year}-02-14,班,春节`,
        '',
      ].join('\n'),
    );
    const imported = cli('holidays', 'import', file, '--data', data, '--json');
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({
      ok: true,
      years: [{ year, source: 'custom', days: expect.any(Array) }],
    });
    const shown = cli('holidays', '--year', String(year), '--data', data, '--json');
    expect(shown.code, shown.stderr).toBe(0);
    const out = JSON.parse(shown.stdout) as HolidaysOut;
    expect(out).toMatchObject({ year, source: 'custom' });
    expect(out.days).toHaveLength(5);
    expect(out.days).toContainEqual({ date: `${year}-02-14`, kind: '班', name: '春节' });
    // The shipped data alone still does not know it.
    expect(cli('holidays', '--year', String(year)).code).toBe(1);
    // A file saved by Notepad or Excel on Chinese Windows is GBK: 休,元旦 in GBK bytes.
    const gbk = join(data, 'gbk.csv');
    writeFileSync(
      gbk,
      Buffer.concat([
        Buffer.from(`${year + 1}-01-01,`),
        Buffer.from([0xd0, 0xdd, 0x2c, 0xd4, 0xaa, 0xb5, 0xa9]),
      ]),
    );
    const fromGbk = cli('holidays', 'import', gbk, '--data', data, '--json');
    expect(fromGbk.code, fromGbk.stderr).toBe(0);
    expect(JSON.parse(fromGbk.stdout).years[0].days).toEqual([
      { date: `${year + 1}-01-01`, kind: '休', name: '元旦' },
    ]);
    const human = cli('holidays', '--year', String(year), '--data', data);
    expect(human.stdout).toMatch(/春节\s+2月6日—2月8日 放假（3天）；2月14日（周[一二三四五六日]）上班/);
  }, 120_000);

  it('refuses a malformed file (exit 1) naming the line, and writes nothing', async () => {
    const { data } = await stationDir();
    const year = BUILTIN_YEARS.to + 1;
    const file = join(data, 'bad.csv');
    writeFileSync(file, `${year}-01-01,休,元旦\n${year}-01-02,休,元旦\n${year}-02-30,休,春节\n`);
    const r = cli('holidays', 'import', file, '--data', data);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/第3行/);
    expect(r.stderr).toContain(`${year}-02-30`);
    expect(countRows(data, 'holiday_days')).toBe(0);
    const missing = cli('holidays', 'import', join(data, 'nope.csv'), '--data', data, '--json');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false, error: { code: 'FILE_UNREADABLE' } });
    expect(cli('holidays', 'import', '--data', data).code).toBe(2);
  }, 120_000);
});

describe('station-desk duty', () => {
  it('plan --dry-run writes nothing; plan creates the slots; hand edits are kept and named', async () => {
    const { data, today } = await stationDir({ rule: true });
    const from = addDays(today, 1);
    const to = addDays(today, 35);
    const preview = cli('duty', 'plan', '--data', data, '--from', from, '--to', to, '--dry-run', '--json');
    expect(preview.code, preview.stderr).toBe(0);
    const planned = JSON.parse(preview.stdout) as DutyPlanResult & { ok: true; dryRun: boolean };
    expect(planned).toMatchObject({ ok: true, dryRun: true });
    // Five weeks: four or five Wednesdays (fewer if a holiday merges two), two slots each.
    expect(planned.created.length).toBeGreaterThanOrEqual(6);
    expect(planned.created.every((s) => s.place === '联络站接待室')).toBe(true);
    expect(countRows(data, 'duty_slots')).toBe(0);

    const done = cli('duty', 'plan', '--data', data, '--from', from, '--to', to, '--json');
    expect(done.code, done.stderr).toBe(0);
    const result = JSON.parse(done.stdout) as DutyPlanResult & { dryRun: boolean };
    expect(result.dryRun).toBe(false);
    expect(result.created).toHaveLength(planned.created.length);
    expect(result.assigned).toBe(2 * result.created.length);
    expect(countRows(data, 'duty_slots')).toBe(result.created.length);
    expect(countRows(data, 'duty_assignments')).toBe(result.assigned);

    // A slot moved by hand to another room: the plan leaves it and says how to regenerate it.
    const first = result.created[0]!;
    await withCtx(data, (ctx) =>
      callOk(ctx, 'duty.updateSlot', {
        id: first.id,
        date: first.date,
        start: first.start,
        end: first.end,
        place: '村委会议室',
        capacity: 2,
        note: '接待室装修',
      }),
    );
    const again = cli('duty', 'plan', '--data', data, '--from', from, '--to', to, '--dry-run');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('排班预览（未写入）');
    expect(again.stdout).toMatch(/新增 0，调整 0，删除 0，未变 \d+/);
    expect(again.stdout).toContain('曾手工调整过');
    expect(again.stdout).toContain(first.date);
    expect(again.stdout).toContain('--overwrite-edited');
  }, 120_000);

  it('refuses a bad range with the station’s Chinese message (exit 1) and bad options (exit 2)', async () => {
    const { data } = await stationDir({ rule: true });
    const r = cli('duty', 'plan', '--data', data, '--from', '2030-05-01', '--to', '2030-04-01');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('结束日期不能早于开始日期');
    const json = cli('duty', 'plan', '--data', data, '--from', '2030-01-01', '--to', '2033-12-31', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('请缩短日期范围') },
    });
    expect(cli('duty', 'plan', '--data', data, '--from', '2030-01-01').code).toBe(2);
    expect(cli('duty', 'schedule', '--data', data).code).toBe(2);
    expect(
      cli('duty', 'list', '--data', data, '--from', '2030-01-01', '--to', '2030-01-31', '--dry-run').code,
    ).toBe(2);
  }, 120_000);

  it('lists the slots with deputies and attendance, and the attendance figures per deputy', async () => {
    const { data, deputies, today } = await stationDir();
    // Today's slot by hand: one deputy signs in, the other asked for leave.
    const slot = await withCtx(data, async (ctx) => {
      const created = await callOk<DutySlot>(ctx, 'duty.createSlot', {
        date: today,
        start: '09:00',
        end: '11:30',
        place: '联络站接待室',
        capacity: 2,
        deputyIds: [deputies[0]!.id, deputies[1]!.id],
      });
      const [a, b] = created.assignments;
      await callOk(ctx, 'duty.signIn', { assignmentId: a!.id });
      return callOk<DutySlot>(ctx, 'duty.recordLeave', { assignmentId: b!.id, reason: '外出开会' });
    });
    const signedIn = slot.assignments.find((a) => a.status === '到岗')!;
    const onLeave = slot.assignments.find((a) => a.status === '请假')!;

    const listed = cli('duty', 'list', '--data', data, '--from', today, '--to', today, '--json');
    expect(listed.code, listed.stderr).toBe(0);
    const out = JSON.parse(listed.stdout) as { ok: true; slots: DutySlot[] };
    expect(out.slots).toHaveLength(1);
    expect(out.slots[0]!.assignments.map((a) => [a.deputyName, a.status]).sort()).toEqual(
      [
        [signedIn.deputyName, '到岗'],
        [onLeave.deputyName, '请假'],
      ].sort(),
    );
    const table = cli('duty', 'list', '--data', data, '--from', today, '--to', today);
    expect(table.stdout).toMatch(/^日期\s+星期\s+时段\s+地点\s+值班代表$/m);
    expect(table.stdout).toContain(`${onLeave.deputyName}（请假）`);
    expect(table.stdout).toMatch(new RegExp(`${signedIn.deputyName}（到岗 \\d{2}:\\d{2}）`));

    const figures = cli('duty', 'attendance', '--data', data, '--from', today, '--to', today, '--json');
    expect(figures.code, figures.stderr).toBe(0);
    const att = JSON.parse(figures.stdout) as DutyAttendance & { ok: true };
    expect(att.totals).toMatchObject({ assigned: 2, kept: 1, leave: 1, absent: 0, unrecorded: 0, rate: 0.5 });
    expect(att.deputies.find((d) => d.deputyId === signedIn.deputyId)).toMatchObject({
      assigned: 1,
      kept: 1,
      rate: 1,
    });
    expect(att.deputies.find((d) => d.deputyId === onLeave.deputyId)).toMatchObject({
      assigned: 1,
      leave: 1,
      rate: 0,
    });
    const human = cli('duty', 'attendance', '--data', data, '--from', today, '--to', today);
    expect(human.stdout).toMatch(/^代表\s+应到\s+到岗\s+请假\s+缺席\s+未登记\s+进站率$/m);
    expect(human.stdout).toMatch(/^合计\s+2\s+1\s+1\s+0\s+0\s+50\.0%$/m);
  }, 120_000);

  it('is listed in the help', () => {
    const r = cli('--help');
    expect(r.stdout).toMatch(/duty\s+plan the duty schedule/);
    expect(r.stdout).toMatch(/holidays\s+a year’s official days off/);
    const help = cli('duty', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('station-desk duty plan --data DIR --from DATE --to DATE');
  }, 60_000);
});
