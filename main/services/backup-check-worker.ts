import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { verifyAuditChain } from '../../db/audit';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../db/migrations';
import type { BackupCheck } from '../api/contract-backup';

/**
 * The read-only part of checking a backup file (backup.ts checkBackup): schema version,
 * station, counts, last write and the audit chain, without migrating or writing anything.
 * Walking a million-row audit chain takes seconds, so backup.ts runs this in a worker
 * (bundled as backup-check-worker.js beside the main chunk; inline when that file is missing).
 */

export interface InspectData {
  inspect: string;
  nativeBinding?: string;
}

export type Inspection = Pick<
  BackupCheck,
  'schemaVersion' | 'station' | 'lastWriteAt' | 'counts' | 'auditCount' | 'problems'
>;

const tableExists = (sqlite: Database.Database, table: string) =>
  sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;

function countRows(sqlite: Database.Database, table: string): number {
  if (!tableExists(sqlite, table)) return 0;
  return (
    sqlite.prepare(`SELECT count(*) AS n FROM ${table} WHERE deleted_at IS NULL`).get() as { n: number }
  ).n;
}

/** What a check knows before it has read anything. */
export function emptyInspection(problems: string[] = []): Inspection {
  return {
    schemaVersion: null,
    station: null,
    lastWriteAt: null,
    counts: { deputies: 0, receptions: 0, activities: 0 },
    auditCount: 0,
    problems,
  };
}

export function inspectBackupFile(file: string, nativeBinding?: string): Inspection {
  const result = emptyInspection();
  const refuse = (problem: string) => {
    result.problems.push(problem);
    return result;
  };
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(file, {
      readonly: true,
      fileMustExist: true,
      ...(nativeBinding ? { nativeBinding } : {}),
    });
    if (!tableExists(sqlite, 'kysely_migration') || !tableExists(sqlite, 'sync_state'))
      return refuse('这个数据库文件不是联络站工作台的数据（缺少数据结构记录）。请选择本程序做的备份。');
    const applied = (sqlite.prepare('SELECT name FROM kysely_migration').all() as { name: string }[]).map(
      (r) => r.name,
    );
    result.schemaVersion = applied.length;
    if (applied.some((name) => !(name in MIGRATIONS)))
      return refuse(
        `这个备份由更新版本的联络站工作台做成（数据结构版本 ${applied.length}，本程序只认识到 ${LATEST_SCHEMA_VERSION}）。请先安装最新版本再恢复。`,
      );
    result.station =
      (sqlite.prepare('SELECT code, name FROM station WHERE deleted_at IS NULL').get() as
        Inspection['station'] | undefined) ?? null;
    result.counts = {
      deputies: countRows(sqlite, 'deputies'),
      receptions: countRows(sqlite, 'receptions'),
      activities: countRows(sqlite, 'activities'),
    };
    result.lastWriteAt =
      (
        sqlite.prepare('SELECT at FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
          { at: string } | undefined
      )?.at ?? null;
    const audit = verifyAuditChain(sqlite);
    result.auditCount = audit.count;
    if (!audit.ok)
      result.problems.push(`操作记录不完整：${audit.reason}。这个备份可能被改动过，不能用来恢复。`);
    return result;
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    return refuse(
      code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')
        ? '这个备份文件已损坏，无法读取。请换一个备份文件（例如更早一天的自动备份）。'
        : `无法读取这个备份文件（${(error as Error).message}）。请换一个备份文件。`,
    );
  } finally {
    sqlite?.close();
  }
}

const data = workerData as InspectData | undefined;
if (parentPort && data && typeof data.inspect === 'string')
  parentPort.postMessage(inspectBackupFile(data.inspect, data.nativeBinding));
