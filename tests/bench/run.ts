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

interface Figure {
  name: string;
  value: string;
  budget: string;
  baseline?: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function ms(n: number): string {
  return `${n.toFixed(3)} ms`;
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

const BENCHES: Bench[] = [
  async (dir, ctx) => {
    const count = 500;
    const base = await baselineInsert(dir, count);
    // A synced write through the whole API path: validation, rev, row, audit chain, output check.
    const times = await timeEach(count, (i) =>
      dispatch('station.update', { ...SAMPLE_STATION, phone: `0571-${10000000 + i}` }, ctx),
    );
    const ours = median(times);
    return [
      {
        name: 'save one audited record via the API (median; receptions come later)',
        value: ms(ours),
        budget: '< 3 ms',
        baseline: `${ms(base)} plain durable insert (×${(ours / base).toFixed(1)})`,
      },
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
      return [{ name, value: ms(median(times)), budget: '< 1.5 s' }];
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
    console.log(`station-desk bench — node ${process.version}, ${new Date().toISOString()}\n`);
    for (const f of figures) {
      console.log(
        `${f.name}\n  ${f.value}   budget ${f.budget}${f.baseline ? `\n  baseline: ${f.baseline}` : ''}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
