import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, watch } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyAuditChain } from '../../db/audit';
import { openDatabase } from '../../db/open';
import { checkFiles, openPackage } from '../../main/services/county/verify';
import { closeStation, openStation } from '../../main/services/context';
import { fileKeyStore } from '../../main/services/key-store';
import { outboxFolder, runExport } from '../../main/services/packages/export';
import { PACKAGE_EXTENSION } from '../../main/services/packages/format';
import { tempDir } from '../helpers/station';
import { prepareStation } from '../crash/prepare';

/**
 * Crash safety: tests/crash/child.ts runs the real write paths (reception, check-in, roster
 * import, export) on a station folder and is killed with SIGKILL at a random moment, again and
 * again. After each kill the folder must be whole: the database opens, integrity_check and the
 * audit chain pass, every write the child reported as saved is there, and every package file
 * in the outbox is complete (a recorded one matches its outbox row).
 *
 * Default: 200 kills over two station folders at once. Long: CRASH_KILLS=2000.
 * Replay a failure: CRASH_SEED=<the printed seed>.
 *
 * The child is bundled once with esbuild (as the app's build does): a bundled start takes
 * ~0.5 s against ~1.5 s through tsx's loader, and the start is most of each kill's cost.
 */

const KILLS = Number(process.env.CRASH_KILLS ?? 200);
const LANES = 2;
const SEED = Number(process.env.CRASH_SEED ?? randomInt(2 ** 31));

/** mulberry32: a small seeded generator, so a failing run's delays can be replayed. */
function rng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

// Bundled under node_modules so the bundle resolves better-sqlite3 and exceljs as the app does;
// export-worker.js sits beside child.js, where export.ts looks for it outside sources.
const bundleDir = join(process.cwd(), 'node_modules', '.cache', `crash-child-${process.pid}`);
const work = tempDir('station-desk-crash-');

beforeAll(async () => {
  await build({
    entryPoints: ['tests/crash/child.ts', 'main/services/packages/export-worker.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outdir: bundleDir,
    entryNames: '[name]',
    external: ['better-sqlite3', 'exceljs'],
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: 'warning',
  });
});
afterAll(() => {
  rmSync(bundleDir, { recursive: true, force: true });
  work.cleanup();
});

/**
 * Starts the child and kills it: a fifth of the time during start-up (a random delay after the
 * spawn); a fifth the moment a package's temp file, and a fifth the moment a package file,
 * appears in the outbox (the export's narrow windows: writing it, and renamed but not yet
 * recorded); otherwise a random delay after READY. Returns the complete SAVED lines it printed
 * and the write the kill interrupted.
 */
function runAndKill(
  dataDir: string,
  random: (n: number) => number,
): Promise<{ saved: string[]; interrupted: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(bundleDir, 'child.js'), dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const kill = (ms: number) => setTimeout(() => child.kill('SIGKILL'), ms);
    const mode = random(5);
    if (mode === 0) kill(random(600));
    const watcher =
      mode === 1 || mode === 2
        ? watch(outboxFolder(dataDir), (_event, name) => {
            if (name && (mode === 1 ? /\.tmp-\d+$/ : /\.sdpkg$/).test(name)) child.kill('SIGKILL');
          })
        : null;
    child.stdout.on('data', (chunk: Buffer) => {
      const before = out;
      out += chunk.toString('utf8');
      // In the outbox modes, a late kill in case no package is made (the child's first export is
      // its third round, well within this).
      if (!before.includes('READY\n') && out.includes('READY\n')) kill(watcher ? 3000 : random(700));
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      watcher?.close();
      if (signal !== 'SIGKILL' || out.includes('FAILED'))
        reject(new Error(`child ended by itself (code ${code}): ${out.slice(-2000)} ${err.slice(-2000)}`));
      // A line without its newline was cut by the kill and is not a report.
      const lines = out
        .slice(0, out.lastIndexOf('\n') + 1)
        .split('\n')
        .filter(Boolean);
      const last = lines.at(-1) ?? '';
      resolve({
        saved: lines.filter((l) => l.startsWith('SAVED ')),
        interrupted: last.startsWith('BEGIN ')
          ? last.slice(6)
          : last === 'READY' || last.startsWith('SAVED')
            ? 'between writes'
            : 'start-up',
      });
    });
  });
}

/**
 * Every package file in the outbox is whole; recorded ones match their row. Returns leftovers.
 * `seen` holds the files already verified (by inode, size and time), so each is read once.
 */
function checkOutbox(
  dataDir: string,
  recorded: Map<string, { manifest_sha256: string; size: number }>,
  seen: Set<string>,
) {
  const dir = outboxFolder(dataDir);
  const names = existsSync(dir) ? readdirSync(dir) : [];
  let leftovers = 0;
  for (const name of names) {
    const path = join(dir, name);
    if (!name.endsWith(PACKAGE_EXTENSION)) {
      // The worker's temp file, removed by the next export's cleanup.
      expect(name, `unexpected file in the outbox: ${name}`).toMatch(/\.sdpkg\.tmp-\d+$/);
      leftovers += 1;
      continue;
    }
    const row = recorded.get(name);
    if (!row) leftovers += 1; // renamed into place but not recorded: removed by the next export
    const info = statSync(path);
    const id = `${name}:${info.ino}:${info.size}:${info.mtimeMs}:${row ? 'recorded' : ''}`;
    if (seen.has(id)) continue;
    const pkg = openPackage(readFileSync(path));
    checkFiles(pkg);
    if (row) expect([pkg.manifestSha256, info.size]).toEqual([row.manifest_sha256, row.size]);
    seen.add(id);
  }
  for (const name of recorded.keys()) expect(names, `outbox row without its file`).toContain(name);
  return leftovers;
}

/** After a kill: the whole folder is consistent and holds every reported save. */
async function check(dataDir: string, saved: string[], seen: Set<string>): Promise<number> {
  const opened = await openDatabase(join(dataDir, 'station.db'));
  try {
    const s = opened.sqlite;
    expect(s.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(verifyAuditChain(s)).toMatchObject({ ok: true });
    const has = (sql: string, ...args: string[]) => s.prepare(sql).get(...args) !== undefined;
    for (const line of saved) {
      const [, kind, key, detail] = line.split(' ');
      const found =
        kind === 'receptions'
          ? has('SELECT 1 FROM receptions WHERE id = ?', key!)
          : kind === 'duty'
            ? has(
                "SELECT 1 FROM audit_log WHERE entity = 'duty_assignments' AND entity_id = ? AND instr(diff, ?) > 0",
                key!,
                detail!,
              )
            : kind === 'roster'
              ? has('SELECT 1 FROM deputies WHERE card_number = ?', key!)
              : has('SELECT 1 FROM outbox WHERE id = ?', key!);
      expect(found, `reported as saved but missing: ${line}`).toBe(true);
    }
    const rows = s.prepare('SELECT file_name, manifest_sha256, size FROM outbox').all() as {
      file_name: string;
      manifest_sha256: string;
      size: number;
    }[];
    return checkOutbox(dataDir, new Map(rows.map((r) => [r.file_name, r])), seen);
  } finally {
    await opened.close();
  }
}

it(`keeps every saved write through ${KILLS} SIGKILLs`, { timeout: 60 * 60_000 }, async () => {
  console.log(`crash test: ${KILLS} kills, seed ${SEED} (replay with CRASH_SEED=${SEED})`);
  const started = Date.now();
  let saves = 0;
  let leftovers = 0;
  const interrupted: Record<string, number> = {};
  let childMs = 0;
  let checkMs = 0;
  const lane = async (n: number) => {
    const dataDir = join(work.dir, `station-${n}`);
    await prepareStation(dataDir);
    mkdirSync(outboxFolder(dataDir)); // watched from the start
    const random = rng(SEED + n);
    const seen = new Set<string>();
    for (let k = n; k < KILLS; k += LANES) {
      const t0 = Date.now();
      const { saved, interrupted: during } = await runAndKill(dataDir, random);
      const t1 = Date.now();
      interrupted[during] = (interrupted[during] ?? 0) + 1;
      leftovers += await check(dataDir, saved, seen).catch((error: unknown) => {
        throw new Error(`kill ${k} (lane ${n}, seed ${SEED}): ${(error as Error).message}`);
      });
      saves += saved.length;
      childMs += t1 - t0;
      checkMs += Date.now() - t1;
    }
    // What the kills left in the outbox goes with the next export; nothing unrecorded stays.
    const ctx = await openStation(dataDir, {
      keyStore: fileKeyStore(dataDir),
      mode: 'cli',
      appVersion: 'test',
    });
    try {
      await runExport(ctx, 'full');
      const names = ctx.sqlite.prepare('SELECT file_name FROM outbox ORDER BY file_name').pluck().all();
      expect(readdirSync(outboxFolder(dataDir)).sort()).toEqual(names);
    } finally {
      await closeStation(ctx);
    }
  };
  await Promise.all(Array.from({ length: LANES }, (_, n) => lane(n)));
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `crash test: ${KILLS} kills, ${saves} reported saves verified, ${leftovers} leftover files ` +
      `cleaned by the next export; kills during ${JSON.stringify(interrupted)}; ${seconds.toFixed(1)} s ` +
      `(per kill: child ${(childMs / KILLS).toFixed(0)} ms, check ${(checkMs / KILLS).toFixed(0)} ms, ` +
      `${LANES} at a time); seed ${SEED}`,
  );
  expect(saves).toBeGreaterThan(KILLS);
});
