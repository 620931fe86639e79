import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  statfsSync,
} from 'node:fs';
import { copyFile, open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { appendAudit } from '../../db/audit';
import { checkIntegrity } from '../../db/integrity';
import { mapStorageError, openDatabase, type OpenedDatabase } from '../../db/open';
import { SYNCED_TABLES } from '../../db/schema';
import { DEFAULT_TIME_ZONE } from '../../db/time';
import type {
  BackupCheck,
  BackupItem,
  BackupKind,
  BackupSettings,
  BackupStatus,
} from '../api/contract-backup';
import { ErrorCode, StationError } from '../api/errors';
import { databasePath, nowAt, writeTransaction, type ServiceContext } from './context';
import { HealthMonitor } from './health';
import { emptyInspection, type InspectData, type Inspection } from './backup-check-worker';
import { startWorker } from './worker';
import { exportState } from './packages/export';
import { readSetting, writeSetting } from './settings';

/**
 * 备份与恢复. A backup is a whole SQLite file made with the online backup API in a worker (its
 * own connection, so the app keeps working), written under a temp name and renamed when whole:
 * `<code>-<YYYYMMDD-HHmmss>.db`. Automatic ones live in `<data>/backups/` and are pruned to the
 * last N; 立即备份 without a folder goes to `<data>/backups/manual/`; a restore keeps the file it
 * replaces as `<data>/backups/before-restore-<stamp>.db`. Neither of those is ever pruned.
 */

export const BACKUP_SETTINGS_KEY = 'backup';
export const DEFAULT_BACKUP_SETTINGS: BackupSettings = { enabled: true, keep: 14 };

const HOUR_MS = 60 * 60 * 1000;
const STAMP = /(\d{8})-(\d{6})(?:-\d+)?\.db$/;
const TEMP = /\.tmp-\d+(-journal)?$/;

export function backupsFolder(dataDir: string): string {
  return join(dataDir, 'backups');
}
const manualFolder = (dataDir: string) => join(backupsFolder(dataDir), 'manual');

/** Backups and restores under way, per data folder: one at a time. */
const busy = new Set<string>();

function claim(dataDir: string, what: string): () => void {
  const key = resolve(dataDir);
  if (busy.has(key)) throw new StationError(ErrorCode.dbLocked, `正在备份或恢复，请等它完成后再${what}。`);
  busy.add(key);
  return () => busy.delete(key);
}

// --- Settings ----------------------------------------------------------------------------

export async function backupSettings(ctx: ServiceContext): Promise<BackupSettings> {
  const stored = await readSetting<Partial<BackupSettings>>(ctx, BACKUP_SETTINGS_KEY, {});
  return {
    enabled: typeof stored.enabled === 'boolean' ? stored.enabled : DEFAULT_BACKUP_SETTINGS.enabled,
    keep: Number.isInteger(stored.keep) && stored.keep! >= 1 ? stored.keep! : DEFAULT_BACKUP_SETTINGS.keep,
  };
}

export async function updateBackupSettings(
  ctx: ServiceContext,
  input: BackupSettings,
): Promise<BackupStatus> {
  await writeTransaction(ctx, (trx, meta) =>
    writeSetting(trx, BACKUP_SETTINGS_KEY, { enabled: input.enabled, keep: input.keep }, meta),
  );
  pruneAutoBackups(ctx.dataDir, input.keep);
  return backupStatus(ctx);
}

// --- Listing -----------------------------------------------------------------------------

/** `20261207-093015` → ISO time (the station's wall time, as the name was made). */
function stampTime(name: string): string | null {
  const m = STAMP.exec(name);
  if (!m) return null;
  const [d, t] = [m[1]!, m[2]!];
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4)}`;
}

function itemsIn(folder: string, kindOf: (name: string) => BackupKind | null): BackupItem[] {
  if (!existsSync(folder)) return [];
  const items: BackupItem[] = [];
  for (const fileName of readdirSync(folder)) {
    const kind = kindOf(fileName);
    if (!kind || TEMP.test(fileName)) continue;
    const path = join(folder, fileName);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat?.isFile()) continue;
    items.push({
      path,
      fileName,
      kind,
      createdAt: stampTime(fileName) ?? stat.mtime.toISOString(),
      size: stat.size,
    });
  }
  return items;
}

/** The backups in the data folder, newest first. */
export function listBackups(dataDir: string): BackupItem[] {
  const items = [
    ...itemsIn(backupsFolder(dataDir), (name) =>
      name.startsWith('before-restore-') ? 'before-restore' : STAMP.test(name) ? 'auto' : null,
    ),
    ...itemsIn(manualFolder(dataDir), (name) => (STAMP.test(name) ? 'manual' : null)),
  ];
  // Newest first; within one second, the later name (`-2`) first.
  const key = (i: BackupItem) => `${i.createdAt} ${i.fileName.length} ${i.fileName}`;
  return items.sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0));
}

/** Removes the oldest automatic backups beyond `keep`; nothing else is ever pruned. */
export function pruneAutoBackups(dataDir: string, keep: number): string[] {
  const autos = listBackups(dataDir).filter((i) => i.kind === 'auto');
  const removed = autos.slice(keep).map((i) => i.path);
  for (const path of removed) rmSync(path, { force: true });
  return removed;
}

export async function backupStatus(ctx: ServiceContext): Promise<BackupStatus> {
  const items = listBackups(ctx.dataDir);
  return {
    settings: await backupSettings(ctx),
    folder: backupsFolder(ctx.dataDir),
    lastAuto: items.find((i) => i.kind === 'auto') ?? null,
    running: busy.has(resolve(ctx.dataDir)),
    items,
  };
}

// --- Making a backup ----------------------------------------------------------------------

// The copy runs in a worker with its own read-only connection. The first step is small; the
// rest is one step, so the copy is one consistent snapshot (steps from a second connection
// restart whenever the app writes in between; in WAL mode the app's writes go on meanwhile).
// The copy is switched to a rollback journal so it is one self-contained file, then fsynced.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const Database = require(workerData.modulePath);
const opts = workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {};
(async () => {
  let src;
  try {
    src = new Database(workerData.file, { ...opts, readonly: true, fileMustExist: true });
    await src.backup(workerData.dest, { progress: (p) => p.totalPages });
    src.close();
    src = undefined;
    const dest = new Database(workerData.dest, opts);
    dest.pragma('journal_mode = DELETE');
    dest.close();
    const fd = fs.openSync(workerData.dest, 'r+');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    parentPort.postMessage({ ok: true, size: fs.statSync(workerData.dest).size });
  } catch (error) {
    try { if (src) src.close(); } catch {}
    parentPort.postMessage({ ok: false, code: (error && error.code) || '', message: String((error && error.message) || error) });
  }
})();
`;

type CopyResult = { ok: true; size: number } | { ok: false; code: string; message: string };

/** SQLite's online backup of `file` into `dest` (a new file), off the main thread. */
function copyDatabase(file: string, dest: string, nativeBinding?: string): Promise<CopyResult> {
  const modulePath = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise((resolvePromise) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, dest, modulePath, nativeBinding },
    });
    worker.once('message', (result: CopyResult) => {
      resolvePromise(result);
      void worker.terminate();
    });
    worker.once('error', (error) => resolvePromise({ ok: false, code: '', message: error.message }));
  });
}

/** fsync in libuv's thread pool: flushing a gigabyte file takes long and must not block the app. */
async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsync of a folder after a rename, where the system allows it (not on Windows). */
function syncFolder(folder: string): void {
  try {
    const fd = openSync(folder, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder; its rename is durable enough on NTFS.
  }
}

/** A full disk, by code (the one mapping in db/open.ts) or, from the copy worker, by its text. */
const isDiskFull = (code: string, message: string) =>
  mapStorageError({ code })?.code === ErrorCode.diskFull || /ENOSPC|database or disk is full/i.test(message);

/** Why `folder` cannot take a file of about `bytes`, in words for the clerk; null when it can. */
function folderProblem(folder: string, bytes: number): string | null {
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    return `文件夹不存在：${folder}。请插好U盘或先建好文件夹，再选一次。`;
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    return `无法写入文件夹 ${folder}：没有写入权限。请换一个文件夹，或检查U盘是否写保护。`;
  }
  try {
    const fs = statfsSync(folder);
    if (fs.bavail * fs.bsize < bytes)
      return `${folder} 所在磁盘空间不够：备份约需 ${formatSize(bytes)}，只剩 ${formatSize(fs.bavail * fs.bsize)}。请清理磁盘或换一个空间更大的U盘。`;
  } catch {
    // No free-space figure here: the copy itself reports a full disk.
  }
  return null;
}

export function formatSize(bytes: number): string {
  if (bytes >= 1 << 30) return `${(bytes / (1 << 30)).toFixed(1)} GB`;
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** `20261207-093015` in the station's time. */
function fileStamp(ctx: Pick<ServiceContext, 'timeZone'>): string {
  const at = nowAt(ctx);
  return `${at.slice(0, 10).replace(/-/g, '')}-${at.slice(11, 19).replace(/:/g, '')}`;
}

/** The station code as it goes into a file name (codes are already plain; this is a guard). */
function stationCode(sqlite: Database.Database): string | null {
  const row = sqlite.prepare('SELECT code FROM station WHERE deleted_at IS NULL').get() as
    { code: string } | undefined;
  return row ? row.code.replace(/[^\w-]/g, '_') : null;
}

/** A name not taken yet in `folder`: `<base>.db`, else `<base>-2.db`, … */
function freeName(folder: string, base: string): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${base}.db` : `${base}-${n}.db`;
    if (!existsSync(join(folder, name))) return name;
  }
}

/** Copies the live database into `folder/name` whole or not at all; refuses in Chinese on `field`. */
async function writeBackup(
  file: string,
  folder: string,
  name: string,
  nativeBinding: string | undefined,
): Promise<number> {
  const bytes = statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
  const problem = folderProblem(folder, bytes);
  if (problem) throw new StationError(ErrorCode.validation, problem, 'folder');
  const target = join(folder, name);
  const temp = `${target}.tmp-${process.pid}`;
  const result = await copyDatabase(file, temp, nativeBinding);
  if (!result.ok) {
    rmSync(temp, { force: true });
    rmSync(`${temp}-journal`, { force: true });
    if (isDiskFull(result.code, result.message))
      throw new StationError(
        ErrorCode.diskFull,
        `${folder} 所在磁盘已满，备份没有做成（未完成的文件已删除）。请清理磁盘或换一个空间更大的U盘后再试。`,
        'folder',
      );
    throw new StationError(
      ErrorCode.internal,
      `备份没有做成（${result.message}）。未完成的文件已删除，请重试；如仍失败，请联系技术人员。`,
      'folder',
    );
  }
  renameSync(temp, target);
  syncFolder(folder);
  return result.size;
}

/**
 * A backup now: kind 'auto' into `<data>/backups/`, 'manual' into `folder` (a USB stick) or,
 * without one, into `<data>/backups/manual/`.
 */
export async function createBackup(
  ctx: ServiceContext,
  options: { kind: 'auto' | 'manual'; folder?: string },
): Promise<BackupItem> {
  const code = stationCode(ctx.sqlite);
  if (!code)
    throw new StationError(ErrorCode.notSetUp, '本站还没有设置，没有需要备份的数据。请先完成初始化向导。');
  const given = options.folder?.trim();
  const folder = given
    ? resolve(given)
    : options.kind === 'auto'
      ? backupsFolder(ctx.dataDir)
      : manualFolder(ctx.dataDir);
  if (!given) mkdirSync(folder, { recursive: true });
  const release = claim(ctx.dataDir, '备份');
  try {
    if (!given) cleanTemps(folder);
    const fileName = freeName(folder, `${code}-${fileStamp(ctx)}`);
    const size = await writeBackup(databasePath(ctx.dataDir), folder, fileName, ctx.nativeBinding);
    return {
      path: join(folder, fileName),
      fileName,
      kind: options.kind,
      createdAt: stampTime(fileName)!,
      size,
    };
  } finally {
    release();
  }
}

/** Temp files a crash left in our own folders (never on a USB stick: not ours to clean). */
function cleanTemps(folder: string): void {
  for (const name of readdirSync(folder)) if (TEMP.test(name)) rmSync(join(folder, name), { force: true });
}

// --- Automatic backups ---------------------------------------------------------------------

/** Makes today's automatic backup when it is missing and enabled, then prunes. */
export async function runAutoBackup(ctx: ServiceContext): Promise<BackupItem | null> {
  const settings = await backupSettings(ctx);
  // A file that failed its integrity check is not copied over good backups (pruning would
  // push those out); restoring is the way on.
  if (!settings.enabled || ctx.health.writesStopped || !stationCode(ctx.sqlite)) return null;
  const today = nowAt(ctx).slice(0, 10);
  if (listBackups(ctx.dataDir).some((i) => i.kind === 'auto' && i.createdAt.startsWith(today))) return null;
  const item = await createBackup(ctx, { kind: 'auto' });
  pruneAutoBackups(ctx.dataDir, settings.keep);
  return item;
}

/**
 * Checks soon after start and then hourly whether today's automatic backup exists, and makes
 * it. It reads `ctx` at each check, so it follows a restore's new connection.
 */
export function startBackupScheduler(
  ctx: ServiceContext,
  options: { firstDelayMs?: number; everyMs?: number } = {},
): { stop(): void } {
  const tick = () => {
    runAutoBackup(ctx).catch((error: unknown) => {
      // Busy (a restore, a manual backup) or a full disk: the next hour tries again.
      console.warn(`automatic backup: ${(error as Error)?.message ?? String(error)}`);
    });
  };
  const first = setTimeout(tick, options.firstDelayMs ?? 60_000);
  const every = setInterval(tick, options.everyMs ?? HOUR_MS);
  first.unref();
  every.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}

// --- Checking a candidate -------------------------------------------------------------------

/** inspectBackupFile in a worker (backup-check-worker.ts): a 1M-reception file takes half a minute. */
function inspect(file: string, nativeBinding?: string): Promise<Inspection> {
  const data: InspectData = { inspect: file, nativeBinding };
  const worker = startWorker(
    'backup-check-worker',
    new URL('./backup-check-worker.ts', import.meta.url),
    data,
  );
  return new Promise((resolvePromise) => {
    worker.once('message', (result: Inspection) => {
      resolvePromise(result);
      void worker.terminate();
    });
    worker.once('error', (error: Error) =>
      resolvePromise(emptyInspection([`无法检查这个备份文件（${error.message}）。请重试或换一个备份文件。`])),
    );
  });
}

const SQLITE_HEADER = 'SQLite format 3\0';

function hasSqliteHeader(path: string): boolean {
  const buffer = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    return readSync(fd, buffer, 0, 16, 0) === 16 && buffer.toString('latin1') === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

const tableExists = (sqlite: Database.Database, table: string, schema = 'main') =>
  sqlite.prepare(`SELECT 1 FROM ${schema}.sqlite_master WHERE type = 'table' AND name = ?`).get(table) !==
  undefined;

/**
 * What a candidate backup holds and whether it may replace the data file: read-only and never
 * migrated; integrity (in a worker), schema version, station, audit chain. `currentCode`: the
 * station now in the data folder (null when not set up or unreadable: any station is accepted).
 */
export async function checkBackup(
  path: string,
  currentCode: string | null,
  nativeBinding?: string,
): Promise<BackupCheck> {
  const file = resolve(path);
  const check: BackupCheck = { ok: false, path: file, size: 0, ...emptyInspection() };
  const refuse = (problem: string) => {
    check.problems.push(problem);
    return check;
  };
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) return refuse(`找不到文件 ${file}。请检查U盘是否插好、路径是否写对。`);
  if (!stat.isFile()) return refuse(`${file} 是文件夹，不是备份文件。请选择以 .db 结尾的备份文件。`);
  check.size = stat.size;
  let header: boolean;
  try {
    header = hasSqliteHeader(file);
  } catch (error) {
    return refuse(`无法读取 ${file}：${(error as Error).message}。请检查文件权限或U盘。`);
  }
  if (!header)
    return refuse('这个文件不是联络站工作台的备份（不是数据库文件）。请选择以 .db 结尾的备份文件。');

  // The two slow parts, each off the main thread: the chain walk and SQLite's own check.
  const [inspection, integrity] = await Promise.all([
    inspect(file, nativeBinding),
    checkIntegrity(file, nativeBinding),
  ]);
  Object.assign(check, inspection, { problems: [...inspection.problems] });
  if (check.schemaVersion === null) return check; // Not our file, or unreadable: said already.
  if (!integrity.ok)
    check.problems.push(
      `备份文件已损坏（完整性检查未通过：${integrity.problems.slice(0, 3).join('；')}）。请换一个备份文件。`,
    );
  if (check.station && currentCode && check.station.code !== currentCode)
    check.problems.push(
      `这是另一个联络站（${check.station.name}，编码 ${check.station.code}）的备份，本站编码是 ${currentCode}，不能恢复。请选择本站的备份。`,
    );
  else if (!check.station && inspection.problems.length === 0)
    check.problems.push('这个备份里没有站点信息（是尚未设置的空数据），不能用来恢复。');
  check.ok = check.problems.length === 0;
  return check;
}

// --- Restoring --------------------------------------------------------------------------------

export interface RestoreResult {
  check: BackupCheck;
  /** Where the replaced data file was kept; null when there was none. */
  keptAs: string | null;
  /** Whether the county bookkeeping (outbox, rev counter, audit chain) was carried over. */
  carriedOver: boolean;
}

function refuseUnchecked(check: BackupCheck): never {
  throw new StationError(ErrorCode.validation, `不能用这个文件恢复：${check.problems.join('；')}`, 'path');
}

/** Keeps the current data file aside before it is replaced: a SQLite copy, else its raw bytes. */
async function keepAside(dataDir: string, stamp: string, nativeBinding?: string): Promise<string | null> {
  const file = databasePath(dataDir);
  if (!existsSync(file)) return null;
  const folder = backupsFolder(dataDir);
  mkdirSync(folder, { recursive: true });
  const name = freeName(folder, `before-restore-${stamp}`);
  const kept = join(folder, name);
  const temp = `${kept}.tmp-${process.pid}`;
  const copied = await copyDatabase(file, temp, nativeBinding);
  try {
    if (!copied.ok) {
      rmSync(temp, { force: true });
      rmSync(`${temp}-journal`, { force: true });
      if (isDiskFull(copied.code, copied.message)) throw new Error(copied.code || 'ENOSPC');
      // A damaged file cannot be read through SQLite: keep its bytes, and its WAL beside them.
      await copyFile(file, temp);
      await fsyncFile(temp);
      if (existsSync(`${file}-wal`)) await copyFile(`${file}-wal`, `${kept}-wal`);
    }
    renameSync(temp, kept);
    syncFolder(folder);
    return kept;
  } catch (error) {
    rmSync(temp, { force: true });
    const e = error as { code?: string; message?: string };
    if (isDiskFull(e.code ?? '', e.message ?? ''))
      throw new StationError(
        ErrorCode.diskFull,
        '磁盘空间不够，无法先把现在的数据文件留存一份，所以没有恢复（现在的数据未改动）。请清理磁盘后再试。',
      );
    throw error;
  }
}

/**
 * Puts `candidate` in place of station.db (temp + fsync + rename; the old file's WAL and
 * shared-memory files go first, they belong to the replaced file), opens it (migrating an
 * older one) and carries the county bookkeeping over from the kept file.
 */
async function installBackup(
  dataDir: string,
  candidate: string,
  kept: string | null,
  meta: { actor: string; at: string },
  nativeBinding?: string,
): Promise<{ opened: OpenedDatabase; carriedOver: boolean }> {
  const file = databasePath(dataDir);
  const temp = `${file}.tmp-${process.pid}`;
  try {
    // In libuv's thread pool: a gigabyte copy must not hold up the event loop.
    await copyFile(candidate, temp);
    await fsyncFile(temp);
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
    renameSync(temp, file);
    syncFolder(dataDir);
  } catch (error) {
    rmSync(temp, { force: true });
    const e = error as { code?: string; message?: string };
    if (isDiskFull(e.code ?? '', e.message ?? ''))
      throw new StationError(
        ErrorCode.diskFull,
        '磁盘空间不够，没有恢复（现在的数据未改动）。请清理磁盘后再试。',
      );
    throw new StationError(
      ErrorCode.dbLocked,
      `没能替换数据文件（${e.message}）。可能有别的程序正在使用它，请关闭后再试。`,
    );
  }
  const opened = await openDatabase(file, { nativeBinding });
  const carriedOver = kept ? carryOver(opened.sqlite, kept) : false;
  const station = opened.sqlite.prepare('SELECT id FROM station WHERE deleted_at IS NULL').get() as
    { id: string } | undefined;
  // The restore itself goes into the audit chain (and so to the county with the next package).
  await opened.db.transaction().execute((trx) =>
    appendAudit(
      trx,
      {
        actor: meta.actor,
        action: 'restore',
        entity: 'station',
        entityId: station?.id ?? '',
        diff: { backup: basename(candidate), keptAs: kept ? basename(kept) : null, carriedOver },
      },
      meta.at,
    ),
  );
  return { opened, carriedOver };
}

/**
 * After an older backup is in place, the county has already received more than the file now
 * holds. From the kept (current) file, when it can be read, this carries over what the county
 * knows: the outbox (so the next package's seq follows the last one), the county profile, the
 * signing keys, the rev counter and the audit chain's later rows (so the next package continues
 * the county's chain). Rows changed after the backup are stamped with a new rev, so the next
 * package sends the restored version and the county replaces its newer one. Returns false when
 * the kept file cannot be read or its history is not this file's (nothing is carried then).
 */
function carryOver(sqlite: Database.Database, kept: string): boolean {
  try {
    sqlite.prepare('ATTACH DATABASE ? AS kept').run(kept);
  } catch {
    return false;
  }
  try {
    if (!tableExists(sqlite, 'sync_state', 'kept') || !tableExists(sqlite, 'audit_log', 'kept')) return false;
    sqlite.transaction(() => {
      const mine = sqlite.prepare('SELECT rev, audit_seq, audit_head FROM main.sync_state').get() as SyncRow;
      const theirs = sqlite
        .prepare('SELECT rev, audit_seq, audit_head FROM kept.sync_state')
        .get() as SyncRow;
      // Same history: the shorter chain's head is a row of the longer one.
      const shorter = Math.min(mine.audit_seq, theirs.audit_seq);
      const hashAt = (schema: string) =>
        (
          sqlite.prepare(`SELECT hash FROM ${schema}.audit_log WHERE seq = ?`).get(shorter) as
            { hash: string } | undefined
        )?.hash;
      if (shorter > 0 && hashAt('main') !== hashAt('kept')) throw new NotSameHistory();

      // Accounts too: a restore must not bring back a removed colleague or an old password.
      for (const table of ['outbox', 'county_profile', 'accounts'] as const) {
        if (!tableExists(sqlite, table, 'kept')) continue;
        const columns = sharedColumns(sqlite, table);
        sqlite.exec(`DELETE FROM main.${table}`);
        sqlite.exec(`INSERT INTO main.${table} (${columns}) SELECT ${columns} FROM kept.${table}`);
      }
      const keyColumns = sharedColumns(sqlite, 'signing_keys');
      sqlite.exec(
        `INSERT OR REPLACE INTO main.signing_keys (${keyColumns}) SELECT ${keyColumns} FROM kept.signing_keys`,
      );
      if (tableExists(sqlite, 'attachments', 'kept'))
        sqlite.exec(`UPDATE main.attachments SET sent_seq =
          (SELECT k.sent_seq FROM kept.attachments k WHERE k.sha256 = main.attachments.sha256)
          WHERE sent_seq IS NULL`);

      let rev = Math.max(mine.rev, theirs.rev);
      if (theirs.rev > mine.rev) {
        // One new rev for every row the county may hold in a newer version than the restored one.
        rev += 1;
        for (const table of SYNCED_TABLES) {
          if (!tableExists(sqlite, table, 'kept')) continue;
          sqlite
            .prepare(
              `UPDATE main.${table} SET rev = ? WHERE id IN (SELECT id FROM kept.${table} WHERE rev > ?)`,
            )
            .run(rev, mine.rev);
        }
      }
      if (theirs.audit_seq > mine.audit_seq) {
        sqlite
          .prepare('INSERT INTO main.audit_log SELECT * FROM kept.audit_log WHERE seq > ? ORDER BY seq')
          .run(mine.audit_seq);
        sqlite
          .prepare('UPDATE main.sync_state SET audit_seq = ?, audit_head = ? WHERE id = 1')
          .run(theirs.audit_seq, theirs.audit_head);
      }
      sqlite.prepare('UPDATE main.sync_state SET rev = ? WHERE id = 1').run(rev);
    })();
    return true;
  } catch {
    // Another history (NotSameHistory) or a damaged kept file: the file stays as the backup had it.
    return false;
  } finally {
    sqlite.exec('DETACH DATABASE kept');
  }
}

interface SyncRow {
  rev: number;
  audit_seq: number;
  audit_head: string;
}
class NotSameHistory extends Error {}

function sharedColumns(sqlite: Database.Database, table: string): string {
  const names = (schema: string) =>
    (sqlite.prepare(`SELECT name FROM pragma_table_info(?, ?)`).all(table, schema) as { name: string }[]).map(
      (r) => r.name,
    );
  const kept = new Set(names('kept'));
  return names('main')
    .filter((n) => kept.has(n))
    .map((n) => `"${n}"`)
    .join(', ');
}

/**
 * Restores `path` into the running app: checks it, stops writes (holds Kysely's one
 * connection, so every other call waits), keeps the current file aside, puts the backup in
 * place and swaps the new connection into the SAME `ctx` object, so the server and IPC go on.
 */
export async function restoreBackup(ctx: ServiceContext, path: string): Promise<RestoreResult> {
  const check = await checkBackup(path, liveStationCode(ctx), ctx.nativeBinding);
  if (!check.ok) refuseUnchecked(check);
  if (exportState(ctx).exporting)
    throw new StationError(ErrorCode.exportRunning, '正在生成数据包，请等它完成后再恢复。');
  const release = claim(ctx.dataDir, '恢复');
  try {
    const old = ctx.db;
    let result: { opened: OpenedDatabase; carriedOver: boolean; keptAs: string | null } | undefined;
    await old.connection().execute(async () => {
      const keptAs = await keepAside(ctx.dataDir, fileStamp(ctx), ctx.nativeBinding);
      ctx.sqlite.close();
      try {
        result = {
          keptAs,
          ...(await installBackup(
            ctx.dataDir,
            check.path,
            keptAs,
            { actor: ctx.actor, at: nowAt(ctx) },
            ctx.nativeBinding,
          )),
        };
      } catch (error) {
        // Whatever is in place now (the old file when the swap did not happen) serves on.
        result = {
          keptAs,
          opened: await openDatabase(databasePath(ctx.dataDir), { nativeBinding: ctx.nativeBinding }),
          carriedOver: false,
        };
        ctx.db = result.opened.db;
        ctx.sqlite = result.opened.sqlite;
        throw error;
      }
    });
    const { opened, carriedOver, keptAs } = result!;
    ctx.db = opened.db;
    ctx.sqlite = opened.sqlite;
    await old.destroy().catch(() => undefined);
    const started = ctx.health.started;
    ctx.health.stop();
    ctx.health = new HealthMonitor(databasePath(ctx.dataDir), ctx.nativeBinding);
    if (started) ctx.health.start();
    return { check, keptAs, carriedOver };
  } finally {
    release();
  }
}

/**
 * Restores without a running app (`station-desk restore`): works when the current station.db
 * is damaged and cannot be opened at all (its bytes are kept aside as they are).
 */
export async function restoreDataFolder(
  dataDir: string,
  path: string,
  options: { nativeBinding?: string; actor?: string; check?: BackupCheck } = {},
): Promise<RestoreResult> {
  const dir = resolve(dataDir);
  const check = options.check ?? (await checkBackup(path, currentStationCode(dir), options.nativeBinding));
  if (!check.ok) refuseUnchecked(check);
  const release = claim(dir, '恢复');
  try {
    const zone = { timeZone: stationTimeZone(check.path) };
    const keptAs = await keepAside(dir, fileStamp(zone), options.nativeBinding);
    const { opened, carriedOver } = await installBackup(
      dir,
      check.path,
      keptAs,
      { actor: options.actor ?? '管理员', at: nowAt(zone) },
      options.nativeBinding,
    );
    await opened.close();
    return { check, keptAs, carriedOver };
  } finally {
    release();
  }
}

/** The running station's code; null when not set up or unreadable (any station's backup may replace it). */
export function liveStationCode(ctx: ServiceContext): string | null {
  try {
    return stationCode(ctx.sqlite);
  } catch {
    return null;
  }
}

/** The station code in a data folder, or null when it is not set up or cannot be read. */
export function currentStationCode(dataDir: string): string | null {
  const file = databasePath(dataDir);
  if (!existsSync(file)) return null;
  try {
    const sqlite = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return stationCode(sqlite);
    } finally {
      sqlite.close();
    }
  } catch {
    return null;
  }
}

function stationTimeZone(file: string): string {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (
      (
        sqlite.prepare('SELECT time_zone FROM station WHERE deleted_at IS NULL').get() as
          { time_zone: string } | undefined
      )?.time_zone ?? DEFAULT_TIME_ZONE
    );
  } finally {
    sqlite.close();
  }
}
