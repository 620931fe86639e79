/**
 * `npm run bench`: figures for the budgets in shared/DESIGN.md, each beside a baseline measured
 * in the same process with plain better-sqlite3, so ratios survive a slower or busier machine.
 * Benchmarks print; they never fail on time. Areas add their measurements to BENCHES.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { dispatch } from '../../main/api/router';
import { closeStation, openStation, type ServiceContext } from '../../main/services/context';
import { fileKeyStore } from '../../main/services/key-store';
import { openDatabase } from '../../db/open';
import { startWebServer } from '../../main/web/server';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';
import { SAMPLE_STATION } from '../helpers/station';
import { deputiesSeeder } from '../../main/services/roster-seed';
import { seedReceptions } from '../../main/services/reception-seed';
import { listStatements } from '../../main/services/reception-queries';
import { pinyinKeys } from '../../main/services/roster';
import { receptionListInput, type DutyPlanResult, type ReceptionInput } from '../../main/api/contract';
import { dateInZone, isoInZone } from '../../db/time';
import { packageBench, plainInserts } from './packages';
import { ms, timed, type Figure } from './figure';
import { searchQuery } from '../../main/services/search-text';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeEach(count: number, fn: (i: number) => unknown): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await fn(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times;
}

/** Plain better-sqlite3, WAL + synchronous=FULL: the floor any durable write stands on. */
async function baselineInsert(dir: string, count: number): Promise<number> {
  const db = new Database(join(dir, 'baseline.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  const times = await timeEach(count, (i) => insert.run(`接待记录 ${i}`));
  db.close();
  return median(times);
}

type Bench = (dir: string, ctx: ServiceContext) => Promise<Figure[]>;

/** Receptions in the bench's seeded station (DESIGN.md's budgets are for 1,000,000). */
const BENCH_RECEPTIONS = Number(process.env.BENCH_RECEPTIONS ?? 1_000_000);

/** Median of `runs` timed calls after one warm-up call. */
async function medianOf(runs: number, fn: () => unknown): Promise<number> {
  await fn();
  return median(await timeEach(runs, fn));
}

async function ok<T>(ctx: ServiceContext, name: Parameters<typeof dispatch>[0], input: unknown): Promise<T> {
  const r = await dispatch(name, input, ctx);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value as T;
}

/**
 * For a figure over its budget: the list's two statements (the page and the capped count),
 * each timed on its own (median of 5) with SQLite's plan, so the slow one is named.
 */
async function planOf(ctx: ServiceContext, input: object): Promise<string> {
  const parsed = receptionListInput.parse(input);
  const statements = await listStatements(ctx.db, parsed, dateInZone(new Date(), ctx.timeZone));
  if (!statements) return '(no statement)';
  const parts: string[] = [];
  for (const which of ['page', 'count'] as const) {
    const { sql, parameters } = statements[which].compile(ctx.db);
    const params = parameters as unknown[];
    const plan = (ctx.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
      .map((r) => r.detail)
      .join(' | ');
    const stmt = ctx.sqlite.prepare(sql);
    const t = await medianOf(5, () => stmt.all(...params));
    parts.push(`${which} ${ms(t)}: ${plan}`);
  }
  return parts.join('  //  ');
}

/**
 * The reception log's budgets on its own station: 200 deputies and BENCH_RECEPTIONS receptions
 * seeded, then saves through the API, first pages of the list under each filter, searches and
 * the monthly figures. Each list or search figure is the median of several runs; a figure over
 * its budget prints the page query's plan.
 */
async function receptionBench(dir: string): Promise<Figure[]> {
  const sub = join(dir, 'receptions');
  const ctx = await openStation(sub, {
    keyStore: fileKeyStore(sub),
    mode: 'cli',
    appVersion: 'bench',
    checkIntegrity: false,
  });
  const figures: Figure[] = [];
  try {
    await dispatch('station.setup', SAMPLE_STATION, ctx);
    await deputiesSeeder.run(ctx, { deputies: 200 }, () => {});
    const seeded = await seedReceptions(ctx, BENCH_RECEPTIONS, {
      progress: (m) => process.stderr.write(`  ${m}\n`),
    });
    const n = BENCH_RECEPTIONS.toLocaleString('en');
    const plainMs = plainInserts(join(sub, 'plain-seed.db'), BENCH_RECEPTIONS);
    figures.push({
      name: `seed ${n} receptions with visitors, deputies, timeline, search rows, audit chain, indexes`,
      value: `${(seeded.ms / 1000).toFixed(1)} s`,
      budget: BENCH_RECEPTIONS === 1_000_000 ? '< 3 min' : '< 3 min for 1,000,000',
      met: seeded.ms * (1_000_000 / BENCH_RECEPTIONS) < 180_000,
      ratio: `×${(seeded.ms / plainMs).toFixed(1)} plain rows in one go`,
      // CPU time too: on a shared machine the wall clock says more about the neighbours.
      baseline: `${n} plain rows in one go ${(plainMs / 1000).toFixed(1)} s; CPU ${(seeded.cpuMs / 1000).toFixed(1)} s; ${Object.entries(
        seeded.created,
      )
        .map(([t, c]) => `${t} ${c}`)
        .join(', ')}`,
    });

    // Save: the whole API path of one registration (validation, numbering, 3+ rows, search row, audit).
    const deputies = ctx.sqlite
      .prepare("SELECT id FROM deputies WHERE status = '在任' ORDER BY id LIMIT 3")
      .all() as { id: string }[];
    const local = isoInZone(new Date(Date.now() - 3_600_000), ctx.timeZone)
      .slice(0, 16)
      .replace('T', ' ');
    const input = (i: number): ReceptionInput => ({
      receivedAt: local,
      channel: '来访',
      visitors: [
        {
          name: '欧阳彩虹',
          gender: '女',
          age: 61,
          phone: '13800001111',
          address: '莲花镇彩虹桥村3组',
          groupSize: 1,
        },
      ],
      deputyIds: [deputies[i % deputies.length]!.id],
      staff: ['周晓琳'],
      category: '交通出行',
      title: `彩虹桥村便桥栏杆损坏（${i}）`,
      matter:
        '彩虹桥村便桥的栏杆去年被洪水冲坏，至今没有修复，孩子上学每天要从桥上过，家长很担心，希望尽快修好。',
      confidential: false,
      attachments: [],
    });
    const base = await baselineInsert(sub, 200);
    await ok(ctx, 'receptions.create', input(0));
    const saves = await timeEach(200, (i) => ok(ctx, 'receptions.create', input(i + 1)));
    figures.push(
      timed(
        `save one reception via the API (receptions.create, ${n} in the log; median of 200)`,
        median(saves),
        3,
        base,
        'plain durable insert',
      ),
    );

    // First page of the list, unfiltered and under each filter.
    const busy = ctx.sqlite
      .prepare(
        'SELECT deputy_id AS id, count(*) AS n FROM reception_deputies GROUP BY deputy_id ORDER BY n DESC',
      )
      .all() as { id: string; n: number }[];
    const today = dateInZone(new Date(), ctx.timeZone);
    const monthAgo = dateInZone(new Date(Date.now() - 30 * 86_400_000), ctx.timeZone);
    const year = Number(today.slice(0, 4));
    const lists: [string, object][] = [
      ['no filter', {}],
      ['status 办理中', { status: '办理中' }],
      ['status 登记 (rare)', { status: '登记' }],
      ['category 安全生产', { category: '安全生产' }],
      ['channel 信件', { channel: '信件' }],
      ['deputy, the busiest', { deputyId: busy[0]!.id }],
      ['deputy, the least busy', { deputyId: busy[busy.length - 1]!.id }],
      ['overdue', { overdue: true }],
      ['confidential', { confidential: true }],
      ['date range (last 30 days)', { from: monthAgo, to: today }],
      [`date range (${year - 5})`, { from: `${year - 5}-01-01`, to: `${year - 5}-12-31` }],
      ['status 已反馈 + category 教育医疗', { status: '已反馈', category: '教育医疗' }],
      ['channel 电话 + date range', { channel: '电话', from: `${year - 3}-03-01`, to: `${year - 3}-05-31` }],
      ['deputy + status 办理中', { deputyId: busy[0]!.id, status: '办理中' }],
    ];
    // Baseline: the newest 50 rows through the time index, in plain better-sqlite3.
    const newest50 = ctx.sqlite.prepare(
      'SELECT * FROM receptions WHERE deleted_at IS NULL ORDER BY received_at DESC LIMIT 50',
    );
    const listBase = await medianOf(15, () => newest50.all());
    const listTimes: [string, number][] = [];
    for (const [label, filter] of lists)
      listTimes.push([label, await medianOf(15, () => ok(ctx, 'receptions.list', filter))]);
    for (const [label, t] of listTimes) {
      const f = timed(`reception list, first page of 50, ${label}`, t, 50, listBase, 'plain indexed page');
      if (!f.met)
        f.baseline += ` — OVER BUDGET — ${await planOf(ctx, lists.find((l) => l[0] === label)![1])}`;
      figures.push(f);
    }
    const worstList = listTimes.reduce((a, b) => (b[1] > a[1] ? b : a));
    figures.push({
      ...timed(
        'reception list, first page: the worst of the filters',
        worstList[1],
        50,
        listBase,
        'plain indexed page',
      ),
      value: `${ms(worstList[1])} (${worstList[0]})`,
    });

    // Search.
    const newest = ctx.sqlite
      .prepare(
        `SELECT v.name, v.phone FROM reception_visitors v JOIN receptions r ON r.id = v.reception_id
         WHERE v.phone LIKE '1%' AND v.name <> '欧阳彩虹' ORDER BY r.num DESC LIMIT 1`,
      )
      .get() as { name: string; phone: string };
    const keys = pinyinKeys(newest.name);
    const searches: [string, string][] = [
      ['2-character word 低保', '低保'],
      ['2-character word 灌溉', '灌溉'],
      ['phrase 垃圾收集点', '垃圾收集点'],
      ['phrase 城乡居民医保报销', '城乡居民医保报销'],
      ['rare word 彩虹桥 (only in the 201 saved above)', '彩虹桥'],
      ['common word 希望 (in most matters)', '希望'],
      ['two words 道路 硬化', '道路 硬化'],
      [`visitor's name ${newest.name}`, newest.name],
      [`pinyin of a name (${keys.full})`, keys.full],
      [`pinyin initials (${keys.initials})`, keys.initials],
      ['phone number', newest.phone],
      ['search + filter (低保, status 已反馈)', '低保'],
    ];
    // Baselines: one FTS5 query on the same index in plain better-sqlite3, and the LIKE scan
    // over every matter that the index exists to avoid.
    const ftsQuery = ctx.sqlite.prepare(
      'SELECT rowid FROM reception_search WHERE reception_search MATCH ? ORDER BY rowid DESC LIMIT 50',
    );
    const ftsBase = await medianOf(15, () => ftsQuery.all(searchQuery('低保')));
    const likeScan = ctx.sqlite.prepare("SELECT count(*) FROM receptions WHERE matter LIKE '%低保%'");
    const likeMs = await medianOf(3, () => likeScan.get());
    const searchTimes: [string, number, number][] = [];
    for (const [label, q] of searches) {
      const input = label.includes('status') ? { q, status: '已反馈' } : { q };
      const page = await ok<{ total: number; totalCapped: boolean }>(ctx, 'receptions.list', input);
      searchTimes.push([label, await medianOf(15, () => ok(ctx, 'receptions.list', input)), page.total]);
    }
    for (const [label, t, total] of searchTimes) {
      const input = label.includes('status')
        ? { q: searches.find((s) => s[0] === label)![1], status: '已反馈' }
        : { q: searches.find((s) => s[0] === label)![1] };
      const f = timed(`reception search, first page: ${label}`, t, 20, ftsBase, 'plain FTS5 query');
      f.baseline += `; ${total >= 10_000 ? '10000+' : total} found`;
      if (!f.met) f.baseline += ` — OVER BUDGET — ${await planOf(ctx, input)}`;
      figures.push(f);
    }
    const worstSearch = searchTimes.reduce((a, b) => (b[1] > a[1] ? b : a));
    figures.push({
      ...timed(
        'reception search: the worst of the searches',
        worstSearch[1],
        20,
        ftsBase,
        'plain FTS5 query',
      ),
      value: `${ms(worstSearch[1])} (${worstSearch[0]})`,
      baseline: `plain FTS5 query ${ms(ftsBase)}; the LIKE scan it avoids ${ms(likeMs)}`,
    });

    // Monthly figures for a year. Baseline: the year's receptions counted per month in plain SQL.
    const perMonth = ctx.sqlite.prepare(
      `SELECT substr(received_at, 1, 7) AS month, count(*) FROM receptions
       WHERE received_at >= ? AND received_at < ? AND deleted_at IS NULL GROUP BY month`,
    );
    for (const y of [year, year - 1]) {
      const base = await medianOf(9, () => perMonth.all(`${y}-01-01`, `${y + 1}-01-01`));
      const t = await medianOf(9, () => ok(ctx, 'receptions.monthly', { year: y }));
      figures.push(
        timed(`monthly statistics for ${y} (receptions.monthly)`, t, 200, base, 'plain count per month'),
      );
    }
    // The statistics page (stats.get): every figure, the months, channels, categories and verdicts,
    // duty and activities, for the last full year (the busiest in the seeded log) and this year so far.
    for (const [label, period] of [
      [`${year - 1}`, { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` }],
      [`${year} to date`, { from: `${year}-01-01`, to: today }],
    ] as const) {
      const base = await medianOf(9, () => perMonth.all(period.from, `${period.to}T99`));
      const t = await medianOf(9, () => ok(ctx, 'stats.get', period));
      figures.push(timed(`statistics for ${label} (stats.get)`, t, 200, base, 'plain count per month'));
    }
    // The home page on the full log: its counts include this month's receptions and the overdue.
    figures.push(
      timed(
        'home page summary with the full log (home.summary)',
        await medianOf(9, () => ok(ctx, 'home.summary', {})),
        50,
        listBase,
        'plain indexed page',
      ),
    );
    figures.push(...(await packageBench(ctx, sub, input)));
  } finally {
    await closeStation(ctx);
  }
  return figures;
}

const BENCHES: Bench[] = [
  async (dir, ctx) => {
    const count = 500;
    const base = await baselineInsert(dir, count);
    // A synced write through the whole API path: validation, rev, row, audit chain, output check.
    const times = await timeEach(count, (i) =>
      dispatch('station.update', { ...SAMPLE_STATION, phone: `0571-${10000000 + i}` }, ctx),
    );
    return [
      timed(
        'save one audited record via the API (station.update, median)',
        median(times),
        3,
        base,
        'plain durable insert',
      ),
    ];
  },
  async (_dir, ctx) => {
    const file = ctx.sqlite.name;
    const times = await timeEach(20, async () => {
      const opened = await openDatabase(file);
      await opened.close();
    });
    return [
      {
        name: 'open the station database (schema check, no migration)',
        value: ms(median(times)),
        budget: 'start-up stays fast',
      },
    ];
  },
  async (_dir, ctx) => {
    const times = await timeEach(200, () => dispatch('home.summary', {}, ctx));
    return [
      { name: 'home page summary (home.summary)', value: ms(median(times)), budget: '< 50 ms (first page)' },
    ];
  },
  async (_dir, ctx) => {
    await deputiesSeeder.run(ctx, { deputies: 200 }, () => {});
    const list = await timeEach(200, () => dispatch('roster.list', {}, ctx));
    const initials = await timeEach(200, () => dispatch('roster.list', { q: 'zs' }, ctx));
    const file = (await dispatch('roster.exportXlsx', {}, ctx)) as { ok: true; value: { base64: string } };
    const preview = await timeEach(5, () =>
      dispatch('roster.importPreview', { fileName: 'r.xlsx', base64: file.value.base64 }, ctx),
    );
    return [
      {
        name: 'roster list, 200 deputies, first page (roster.list)',
        value: ms(median(list)),
        budget: '< 50 ms',
      },
      {
        name: 'roster search by pinyin initials "zs", 200 deputies',
        value: ms(median(initials)),
        budget: '< 50 ms',
      },
      {
        name: 'roster import preview of a 200-row export',
        value: ms(median(preview)),
        budget: 'a few seconds at most',
      },
    ];
  },
  async (_dir, ctx) => {
    // The station above now has its 200 deputies: a weekly rule with two time slots, then the
    // next twelve months planned in one call (expansion, 节假日顺延, rotation, ~200 rows + audit).
    const today = dateInZone(new Date(), ctx.timeZone);
    const [y, m, d] = today.split('-').map(Number);
    const to = new Date(Date.UTC(y!, m! - 1 + 12, d! - 1)).toISOString().slice(0, 10);
    await ok(ctx, 'duty.createRule', {
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
    });
    const start = performance.now();
    const plan = await ok<DutyPlanResult>(ctx, 'duty.plan', { from: today, to });
    const t = performance.now() - start;
    return [
      {
        name: 'plan a year of duty (duty.plan, 12 months, weekly rule with two time slots, 200 deputies)',
        value: ms(t),
        budget: 'no budget',
        baseline: `${plan.created.length} slots, ${plan.assigned} places filled`,
      },
    ];
  },
  async (_dir, ctx) => {
    const name = 'browser mode: first screen usable, cold cache (navigation → home page shown)';
    if (!existsSync('out/renderer/index.html') || !existsSync(CHROMIUM_PATH)) {
      return [{ name, value: 'skipped (needs npm run build and /usr/bin/chromium)', budget: '< 1.5 s' }];
    }
    const server = await startWebServer({ ctx, staticDir: 'out/renderer' });
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    });
    try {
      // Baseline: the same fresh context showing a page that needs nothing (Chromium's own floor).
      const blank: number[] = [];
      for (let i = 0; i < 5; i++) {
        const context = await browser.newContext();
        const page = await context.newPage();
        const start = performance.now();
        await page.goto('data:text/html;charset=utf-8,<h1>工作台</h1>');
        await page.getByRole('heading', { name: '工作台' }).waitFor();
        blank.push(performance.now() - start);
        await context.close();
      }
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        // A fresh context has an empty cache: the clerk's first load of the day. Only the load
        // itself is timed, not the making of the browser context.
        const context = await browser.newContext();
        const page = await context.newPage();
        const start = performance.now();
        await page.goto(server.openUrl);
        await page.getByRole('heading', { name: '工作台' }).waitFor();
        times.push(performance.now() - start);
        await context.close();
      }
      return [timed(name, median(times), 1500, median(blank), 'an empty page')];
    } finally {
      await browser.close();
      await server.close();
    }
  },
];

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'station-desk-bench-'));
  try {
    const ctx = await openStation(dir, {
      keyStore: fileKeyStore(dir),
      mode: 'cli',
      appVersion: 'bench',
      checkIntegrity: false,
    });
    await dispatch('station.setup', SAMPLE_STATION, ctx);
    const figures: Figure[] = [];
    for (const bench of BENCHES) figures.push(...(await bench(dir, ctx)));
    await closeStation(ctx);
    figures.push(...(await receptionBench(dir)));
    console.log(`station-desk bench — node ${process.version}, ${new Date().toISOString()}\n`);
    for (const f of figures) {
      const verdict = f.met === undefined ? '' : f.met ? '  ✓' : '  ✗ MISSED';
      console.log(
        `${f.name}\n  ${f.value}   budget ${f.budget}${verdict}${f.baseline ? `\n  baseline: ${f.baseline}` : ''}`,
      );
    }
    // The budgets alone, as a table for BENCHMARKS.md.
    console.log('\n| what | figure | budget | against the baseline | met |\n| --- | --- | --- | --- | --- |');
    for (const f of figures.filter((f) => f.met !== undefined))
      console.log(`| ${f.name} | ${f.value} | ${f.budget} | ${f.ratio ?? ''} | ${f.met ? '✓' : '✗'} |`);
    const missed = figures.filter((f) => f.met === false).length;
    console.log(`\n${missed === 0 ? 'every budget met' : `${missed} budget(s) missed`}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
