import { closeSync, existsSync, fsyncSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { writeFileAtomic } from '../write-file';
import { parseSecretKey } from '../keys';
import { buildPackages, type BuildOptions, type BuiltPart } from './build';
import { packageFileName } from './format';

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
  options: Omit<BuildOptions, 'signingKey' | 'onProgress'>;
}

export type WrittenPart = Omit<BuiltPart, 'bytes'> & { fileName: string; size: number };

export type ExportWorkerMessage =
  | { type: 'progress'; progress: number; stage: string }
  /** One package written into the outbox folder. */
  | { type: 'part'; part: WrittenPart }
  | { type: 'done'; revTo: number; auditTo: number }
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
    const summary = await buildPackages(
      db,
      {
        ...data.options,
        signingKey: parseSecretKey(data.secretKeyText),
        onProgress: (progress, stage) => post({ type: 'progress', progress, stage }),
      },
      ({ bytes, ...part }) => {
        const fileName = packageFileName(part.manifest.station.code, part.manifest.seq);
        const path = join(data.outboxDir, fileName);
        // Packages are immutable: never replace one (another process may have made this seq).
        if (existsSync(path)) throw new ExistsError(fileName);
        writeFileAtomic(path, bytes, 0o644);
        fsyncFolder(data.outboxDir);
        post({ type: 'part', part: { ...part, fileName, size: bytes.length } });
      },
    );
    db.close();
    db = undefined;
    post({ type: 'done', revTo: summary.revTo, auditTo: summary.auditTo });
  } catch (error) {
    if (error instanceof ExistsError) post({ type: 'error', code: 'EXISTS', message: error.message });
    else {
      // The code (ENOSPC, SQLITE_FULL …) crosses too: the main side words it for the clerk.
      const code = (error as { code?: unknown })?.code;
      post({
        type: 'error',
        message: (error as Error)?.message ?? String(error),
        ...(typeof code === 'string' && { code }),
      });
    }
  } finally {
    db?.close();
  }
}

class ExistsError extends Error {
  constructor(fileName: string) {
    super(`outbox file exists: ${fileName}`);
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
