import { execSync } from 'node:child_process';
import { readFileSync, writeFileSync, appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import type { ReceptionInput } from '../../main/api/contract';
import { enrollStation, initCounty } from '../../main/services/county/county';
import { receivePackageFiles } from '../../main/services/county/import-files';
import type { ServiceContext } from '../../main/services/context';
import { ageDecrypt, parseAgeIdentities } from '../../main/services/packages/age';
import { outboxFolder, runExport } from '../../main/services/packages/export';
import { importProfile } from '../../main/services/packages/profile';
import { readZip } from '../../main/services/packages/zip';
import { getStationStatus } from '../../main/services/station';
import { dispatch } from '../../main/api/router';
import type { Figure } from './figure';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MB`;

/**
 * The packages' budgets on the bench's seeded station: the full export against `gzip -6 |
 * sha256sum` on the same (uncompressed payload) bytes, an incremental export of about 1,000
 * changed rows, and the county's verify + import against plain better-sqlite3 inserts.
 */
export async function packageBench(
  ctx: ServiceContext,
  dir: string,
  reception: (i: number) => ReceptionInput,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  const countyDir = join(dir, 'county');
  const profilePath = join(dir, 'county-profile.json');
  await initCounty({ dataDir: countyDir, name: '青山县人大常委会', profileOut: profilePath });
  await importProfile(ctx, readFileSync(profilePath, 'utf8'));
  const status = await getStationStatus(ctx);
  await enrollStation(countyDir, status.station!.code, status.signingKey!.publicKey);

  // Full export: the whole database, as a run of packages.
  execSync('sync');
  let started = performance.now();
  const full = await runExport(ctx, 'full');
  const exportMs = performance.now() - started;
  const files = full.map((item) => join(outboxFolder(ctx.dataDir), item.fileName));
  const rows = full.reduce((n, item) => n + item.rows, 0);

  // The same bytes through gzip -6 | sha256sum: the payloads decrypted and decompressed.
  const identities = parseAgeIdentities(readFileSync(join(countyDir, 'keys', 'identity.age'), 'utf8'));
  const plain = join(dir, 'payloads.tar');
  writeFileSync(plain, '');
  let plainBytes = 0;
  for (const file of files) {
    const payload = readZip(readFileSync(file), { maxEntries: 3, maxTotalBytes: 2 ** 31 }).find(
      (e) => e.name === 'payload.tar.gz.age',
    )!.data;
    const tar = gunzipSync(await ageDecrypt(payload, identities));
    plainBytes += tar.length;
    appendFileSync(plain, tar);
  }
  started = performance.now();
  execSync(`gzip -6 -c ${JSON.stringify(plain)} | sha256sum`, { stdio: 'ignore' });
  const gzipMs = performance.now() - started;
  rmSync(plain);
  const ours = plainBytes / exportMs;
  const theirs = plainBytes / gzipMs;
  figures.push({
    name: `full export: ${rows.toLocaleString('en')} rows, ${mb(plainBytes)} of payload, ${full.length} package(s)`,
    value: `${seconds(exportMs)} (${((ours * 1000) / 1024 ** 2).toFixed(1)} MB/s)`,
    budget: '≥ 50% of gzip + sha256sum throughput',
    met: ours / theirs >= 0.5,
    ratio: `${(ours / theirs).toFixed(2)} of gzip + sha256sum`,
    baseline: `gzip -6 | sha256sum ${seconds(gzipMs)} (${((theirs * 1000) / 1024 ** 2).toFixed(1)} MB/s); ratio ${(ours / theirs).toFixed(2)}`,
  });

  // Verify + import at the county into an empty replica, as `county import` does with many files.
  // The disk first writes back what the export left dirty, so the fsyncs time this phase only.
  execSync('sync');
  started = performance.now();
  for (const result of await receivePackageFiles(countyDir, files)) {
    if (!('outcome' in result) || result.outcome.status !== 'applied')
      throw new Error(
        `county refused ${result.file}: ${'outcome' in result ? result.outcome.code : result.error.message}`,
      );
  }
  const importMs = performance.now() - started;
  const baseMs = plainInserts(join(dir, 'plain-inserts.db'), rows);
  figures.push({
    name: `county verify + import of the full export (${rows.toLocaleString('en')} rows)`,
    value: `${seconds(importMs)} (${Math.round(rows / (importMs / 1000)).toLocaleString('en')} rows/s)`,
    budget: '≥ 100,000 rows/s',
    met: rows / (importMs / 1000) >= 100_000,
    ratio: `${(baseMs / importMs).toFixed(2)} of plain inserts`,
    baseline: `plain better-sqlite3 inserts of as many rows ${seconds(baseMs)} (${Math.round(rows / (baseMs / 1000)).toLocaleString('en')} rows/s)`,
  });

  // Incremental: registrations (about four rows each, plus their audit rows) since the full export.
  for (let i = 0; i < 250; i++) {
    const r = await dispatch('receptions.create', reception(100_000 + i), ctx);
    if (!r.ok) throw new Error(r.error.message);
  }
  const saveStarted = performance.now();
  const saved = await dispatch('receptions.create', reception(100_250), ctx);
  if (!saved.ok) throw new Error(saved.error.message);
  const saveMs = performance.now() - saveStarted;
  started = performance.now();
  const incremental = await runExport(ctx, 'incremental');
  const incrementalMs = performance.now() - started;
  const changed = incremental.reduce((n, item) => n + item.rows, 0);
  figures.push({
    name: `incremental export of ${changed.toLocaleString('en')} changed rows (audit rows included)`,
    value: `${incrementalMs.toFixed(0)} ms`,
    budget: '< 1 s for 1,000',
    met: incrementalMs * (1000 / changed) < 1000,
    ratio: `×${(incrementalMs / saveMs).toFixed(0)} one durable save`,
    baseline: `one durable reception save ${saveMs.toFixed(1)} ms`,
  });
  return figures;
}

/** The floor: `count` two-column rows inserted in one transaction. */
export function plainInserts(file: string, count: number): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (id, body) VALUES (?, ?)');
  const started = performance.now();
  db.transaction(() => {
    for (let i = 0; i < count; i++) insert.run(`row-${i}`, `{"n":${i},"text":"接待记录"}`);
  })();
  const ms = performance.now() - started;
  db.close();
  return ms;
}
