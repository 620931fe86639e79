import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface IntegrityReport {
  ok: boolean;
  /**
   * False when the check could not run at all (the file could not be opened for a reason other
   * than damage: busy, no memory, a worker that failed). Such a report says nothing about the
   * file and must not stop writes.
   */
  checked: boolean;
  /** What SQLite reported, when not ok (at most 20 lines). */
  problems: string[];
  checkedAt: string;
  durationMs: number;
}

// Runs in a worker with its own read-only connection, so a 10-second check on a large file
// never blocks the app. Plain CommonJS so it works the same from sources, tests and bundles.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const started = Date.now();
let db;
let result;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true, nativeBinding: workerData.nativeBinding });
  const rows = db.pragma('integrity_check(20)', { simple: false }).map((r) => r.integrity_check);
  const ok = rows.length === 1 && rows[0] === 'ok';
  result = { ok, checked: true, problems: ok ? [] : rows, durationMs: Date.now() - started };
} catch (error) {
  const code = String((error && error.code) || '');
  const damaged = code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT');
  result = { ok: false, checked: damaged, problems: [String(error && error.message || error)], durationMs: Date.now() - started };
}
// Close before answering: the caller may terminate this worker as soon as the answer arrives,
// and a connection left open keeps the WAL from being checkpointed when the app closes.
try { if (db) db.close(); } catch {}
parentPort.postMessage(result);
`;

/** `PRAGMA integrity_check` over the whole file, off the main thread. */
export function checkIntegrity(file: string, nativeBinding?: string): Promise<IntegrityReport> {
  const modulePath = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, modulePath, nativeBinding } });
    worker.once('message', (result: Omit<IntegrityReport, 'checkedAt'>) => {
      resolve({ ...result, checkedAt: new Date().toISOString() });
      void worker.terminate();
    });
    worker.once('error', (error) => {
      resolve({
        ok: false,
        checked: false,
        problems: [error.message],
        checkedAt: new Date().toISOString(),
        durationMs: 0,
      });
    });
  });
}
