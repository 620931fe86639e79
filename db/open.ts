import { existsSync, mkdirSync } from 'node:fs';
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
      '磁盘空间已满，本次保存没有写入。请清理磁盘或换一个有空间的位置后再试，已填写的内容仍保留在页面上。',
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
      '数据文件已损坏，无法读取。请不要继续使用该文件，在“设置—备份”中从最近的备份恢复，或联系县人大技术人员。',
    );
  return undefined;
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
    fail(
      sqlite,
      mapSqliteError(error) ??
        new StationError(
          ErrorCode.dbCorrupt,
          `无法打开数据文件：${(error as Error).message}。请从备份恢复。`,
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
