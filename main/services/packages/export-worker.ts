import { closeSync, existsSync, fsyncSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { writeFileAtomic } from '../key-store';
import { parseSecretKey } from '../keys';
import { buildPackage, type BuildOptions, type BuildResult } from './build';

/**
 * The export worker (worker_threads): its own read-only connection, so a long export never
 * blocks the app's thread. Builds the package, writes it into the outbox folder atomically,
 * and answers with what the main side records. See export.ts for how it is started.
 */

export interface ExportWorkerData {
  file: string;
  /** better-sqlite3's resolved path, so the worker loads the same module as the app. */
  modulePath: string;
  nativeBinding?: string;
  secretKeyText: string;
  outboxDir: string;
  fileName: string;
  options: Omit<BuildOptions, 'signingKey' | 'onProgress'>;
}

export type ExportWorkerMessage =
  | { type: 'progress'; progress: number; stage: string }
  | { type: 'done'; result: Omit<BuildResult, 'bytes'> & { size: number } }
  | { type: 'error'; message: string; code?: string };

async function run(port: NonNullable<typeof parentPort>, data: ExportWorkerData): Promise<void> {
  const post = (m: ExportWorkerMessage) => port.postMessage(m);
  const BetterSqlite = createRequire(import.meta.url)(data.modulePath) as typeof Database;
  let db: Database.Database | undefined;
  try {
    db = new BetterSqlite(data.file, {
      readonly: true,
      fileMustExist: true,
      ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}),
    });
    db.pragma('busy_timeout = 5000');
    const { bytes, ...result } = await buildPackage(db, {
      ...data.options,
      signingKey: parseSecretKey(data.secretKeyText),
      onProgress: (progress, stage) => post({ type: 'progress', progress, stage }),
    });
    db.close();
    db = undefined;
    const path = join(data.outboxDir, data.fileName);
    // Packages are immutable: never replace one (another process may have made this seq).
    if (existsSync(path)) {
      post({ type: 'error', code: 'EXISTS', message: `outbox file exists: ${data.fileName}` });
      return;
    }
    writeFileAtomic(path, bytes, 0o644);
    fsyncFolder(data.outboxDir);
    post({ type: 'done', result: { ...result, size: bytes.length } });
  } catch (error) {
    post({ type: 'error', message: (error as Error)?.message ?? String(error) });
  } finally {
    db?.close();
  }
}

/** Makes the rename itself durable where the OS allows it (not on Windows). */
function fsyncFolder(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder for fsync; NTFS journals the rename itself.
  }
}

if (parentPort && workerData) void run(parentPort, workerData as ExportWorkerData);
