import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type MigrationProvider, type SqliteDatabase } from 'kysely';
import { ErrorCode, StationError } from '../main/api/errors';
import { MIGRATIONS, LATEST_SCHEMA_VERSION } from './migrations';
import type { DB } from './schema';

export interface OpenOptions {
  /** Create the file when it does not exist (first run). */
  create?: boolean;
  /** Path of a better-sqlite3 binary built for another ABI (Electron in development). */
  nativeBinding?: string;
  /** Override the migrations (tests of the migration machinery only). */
  migrations?: Record<string, import('kysely').Migration>;
}

export interface OpenedDatabase {
  db: Kysely<DB>;
  sqlite: Database.Database;
  file: string;
  schemaVersion: number;
  /** The schema version found on open, before migrating. */
  migratedFrom: number;
  /** Copy of the file taken before migrating an existing database. */
  preMigrationCopy: string | null;
  close(): Promise<void>;
}

const staticProvider = (migrations: Record<string, import('kysely').Migration>): MigrationProvider => ({
  getMigrations: () => Promise.resolve(migrations),
});

/** Translates SQLite's own errors into messages a clerk can act on. */
export function mapSqliteError(error: unknown): StationError | undefined {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  if (code === 'SQLITE_FULL')
    return new StationError(
      ErrorCode.diskFull,
      '磁盘空间已满，本次保存没有写入。请清理磁盘（删除不用的文件、清空回收站）后再试。',
    );
  if (code.startsWith('SQLITE_READONLY'))
    return new StationError(
      ErrorCode.dbReadOnly,
      '数据文件所在位置只读，无法保存。请检查该文件夹的权限或U盘写保护开关后再试。',
    );
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return new StationError(
      ErrorCode.dbLocked,
      '数据文件正被另一个程序占用。请关闭其他打开本站数据的窗口后再试。',
    );
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'))
    return new StationError(
      ErrorCode.dbCorrupt,
      '数据文件已损坏，无法读取。请不要继续使用该文件，请管理员在“设置—备份与恢复”中选最近的备份点“恢复…”，或联系县人大技术人员。',
    );
  return undefined;
}

/**
 * Translates the system's errors from writing files (packages, keys, the database folder) into
 * the same codes and advice: a full disk, or a folder that is read-only or not ours to write.
 */
export function mapFileError(error: unknown): StationError | undefined {
  const code = (error as { code?: unknown })?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new StationError(
      ErrorCode.diskFull,
      '磁盘空间已满，文件没有写入。请清理磁盘（删除不用的文件、清空回收站）后再试。',
    );
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM')
    return new StationError(
      ErrorCode.dbReadOnly,
      '数据文件夹只读或没有写入权限，无法保存。请检查该文件夹的权限或U盘写保护开关后再试。',
    );
  return undefined;
}

/** A database or file-system error in the clerk's words, or undefined when it is neither. */
export function mapStorageError(error: unknown): StationError | undefined {
  return mapSqliteError(error) ?? mapFileError(error);
}

/** Whether the database file and its folder (where SQLite puts -wal and -shm) can be written. */
function writable(file: string): boolean {
  try {
    accessSync(dirname(file), constants.W_OK);
    if (existsSync(file)) accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function fail(sqlite: Database.Database | undefined, error: StationError): never {
  sqlite?.close();
  throw error;
}

function appliedMigrations(sqlite: Database.Database): string[] {
  const table = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'")
    .get();
  if (!table) return [];
  return (sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map(
    (r) => r.name,
  );
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/**
 * Kysely's SQLite driver prepares every statement on every call, and preparing costs more than
 * running most of ours (a reception save runs ~25 statements). The same SQL text gets the same
 * prepared statement back; SQLite re-prepares it by itself after a schema change. Kysely runs
 * each statement to completion before the next (we never stream), so sharing one is safe.
 */
function withStatementCache(sqlite: Database.Database, limit = 500): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): Database.Statement {
      // SQLite rolls a transaction back by itself on some errors (SQLITE_FULL, I/O errors);
      // Kysely's ROLLBACK after that would fail ("no transaction is active") and the clerk
      // would see that instead of the real error (a full disk). Nothing is left to roll back.
      if (sql === 'rollback' && !sqlite.inTransaction) sql = 'SELECT 0 WHERE 0';
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        // Statements with lists of values (IN (?, ?, …)) vary; drop the oldest beyond the limit.
        if (cache.size >= limit) cache.delete(cache.keys().next().value!);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

/**
 * Opens the station database: refuses a file that is not a database or that was written by a
 * newer version (never touching it), sets the durability pragmas, copies the file aside and
 * migrates when the schema is older. The full integrity check runs later, in the background.
 */
export async function openDatabase(file: string, options: OpenOptions = {}): Promise<OpenedDatabase> {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = options.migrations ? Object.keys(migrations).length : LATEST_SCHEMA_VERSION;
  if (!existsSync(file) && !options.create) {
    throw new StationError(ErrorCode.notSetUp, `找不到数据文件 ${file}。请先完成本站设置（初始化）。`);
  }
  mkdirSync(dirname(file), { recursive: true });
  let sqlite: Database.Database | undefined;
  let applied: string[];
  try {
    sqlite = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    // Reading the schema touches the header: a file that is not SQLite fails here, untouched.
    sqlite.pragma('schema_version');
    applied = appliedMigrations(sqlite);
  } catch (error) {
    // A WAL database in a read-only folder cannot open its -shm file ("unable to open"): that
    // is the folder, not a damaged file, and the clerk must not be sent to restore a backup.
    const readOnly = writable(file)
      ? undefined
      : new StationError(
          ErrorCode.dbReadOnly,
          '数据文件夹只读或没有写入权限，无法打开本站数据。请检查该文件夹的权限或U盘写保护开关后再试；数据文件没有损坏，不要从备份恢复。',
        );
    fail(
      sqlite,
      mapSqliteError(error) ??
        readOnly ??
        new StationError(
          ErrorCode.dbCorrupt,
          `无法打开数据文件：${(error as Error).message}。请联系技术人员用最近的备份恢复（命令 station-desk restore）。`,
        ),
    );
  }
  const unknown = applied.filter((name) => !(name in migrations));
  if (unknown.length > 0) {
    fail(
      sqlite,
      new StationError(
        ErrorCode.dbNewerSchema,
        `该数据文件由更新版本的联络站工作台写入（数据结构版本 ${applied.length}，本程序只认识到 ${latest}）。请安装最新版本后再打开；文件未作任何改动。`,
      ),
    );
  }
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // 64 MB of page cache (SQLite's default is 2 MB): lists and searches over a million
  // receptions read pages all over the file, and a station PC has the memory.
  sqlite.pragma('cache_size = -65536');

  let preMigrationCopy: string | null = null;
  if (applied.length > 0 && applied.length < latest) {
    const backups = join(dirname(file), 'backups');
    mkdirSync(backups, { recursive: true });
    preMigrationCopy = join(backups, `${basename(file)}.before-v${applied.length + 1}.${stamp()}.db`);
    sqlite.prepare('VACUUM INTO ?').run(preMigrationCopy);
  }

  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  if (applied.length < latest) {
    const migrator = new Migrator({ db, provider: staticProvider(migrations) });
    const { error } = await migrator.migrateToLatest();
    if (error) {
      await db.destroy();
      throw new StationError(
        ErrorCode.internal,
        `升级数据结构失败：${(error as Error).message}。原文件已保留${preMigrationCopy ? `，升级前的副本在 ${preMigrationCopy}` : ''}。请联系技术人员。`,
      );
    }
  }
  return {
    db,
    sqlite,
    file,
    schemaVersion: latest,
    migratedFrom: applied.length,
    preMigrationCopy,
    close: () => db.destroy(),
  };
}
