import { readFileSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../worker';
import { receivePackage } from './county';
import { ErrorCode, StationError } from '../../api/errors';
import { PackageError } from '../packages/format';

export type FileOutcome = Awaited<ReturnType<typeof receivePackage>>;
export type FileResult = { file: string; outcome: FileOutcome } | { file: string; error: Error };

// The messages between receivePackageFiles and its workers (import-worker.ts).
export interface ImportWorkerData {
  role: 'county-import';
  dataDir: string;
}

export type ImportWorkerRequest = { type: 'prepare'; file: string } | { type: 'receive' };

/** An error crossing back to the main thread, rebuilt there by `reviveError`. */
export interface SentError {
  kind: 'package' | 'station' | 'other';
  code: string;
  detail: string;
  message: string;
  field?: string;
}

export type ImportWorkerReply =
  { type: 'prepared' } | { type: 'outcome'; outcome: FileOutcome } | { type: 'failed'; error: SentError };

export function sendError(error: unknown): SentError {
  if (error instanceof PackageError)
    return { kind: 'package', code: error.code, detail: error.detail, message: error.message };
  if (error instanceof StationError)
    return { kind: 'station', code: error.code, detail: '', message: error.message, field: error.field };
  const e = error as NodeJS.ErrnoException;
  return { kind: 'other', code: e?.code ?? '', detail: '', message: e?.message ?? String(error) };
}

export function reviveError(e: SentError): Error {
  if (e.kind === 'package') return new PackageError(e.code as PackageError['code'], e.detail);
  if (e.kind === 'station') return new StationError(e.code || ErrorCode.internal, e.message, e.field);
  return Object.assign(new Error(e.message), { code: e.code || undefined });
}

/**
 * Receives package files in the order given, each as receivePackage would. With two or more,
 * two workers take turns: while one applies a package, the other decrypts and parses the next
 * (both cores busy; about half of a package's time is decrypting and parsing). Packages still
 * apply strictly one after another, in order.
 */
export async function receivePackageFiles(dataDir: string, files: string[]): Promise<FileResult[]> {
  if (files.length < 2) return Promise.all(files.map((file) => receiveOne(dataDir, file)));
  const data: ImportWorkerData = { role: 'county-import', dataDir };
  const workers = [0, 1].map(() =>
    startWorker('county-import-worker', new URL('./import-worker.ts', import.meta.url), data),
  );
  try {
    const ask = (worker: Worker, request: ImportWorkerRequest) =>
      new Promise<ImportWorkerReply>((resolve, reject) => {
        const onExit = (code: number) => reject(new Error(`county import worker exited with code ${code}`));
        worker.once('exit', onExit);
        worker.once('error', reject);
        worker.once('message', (reply: ImportWorkerReply) => {
          worker.off('exit', onExit);
          worker.off('error', reject);
          resolve(reply);
        });
        worker.postMessage(request);
      });
    const prepare = (i: number) => ask(workers[i % 2]!, { type: 'prepare', file: files[i]! });
    const pending = [prepare(0), prepare(1)];
    const results: FileResult[] = [];
    for (let i = 0; i < files.length; i++) {
      await pending[i];
      const reply = await ask(workers[i % 2]!, { type: 'receive' });
      if (i + 2 < files.length) pending.push(prepare(i + 2));
      results.push(
        reply.type === 'outcome'
          ? { file: files[i]!, outcome: reply.outcome }
          : {
              file: files[i]!,
              error: reply.type === 'failed' ? reviveError(reply.error) : new Error('no answer'),
            },
      );
    }
    return results;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

async function receiveOne(dataDir: string, file: string): Promise<FileResult> {
  try {
    return { file, outcome: await receivePackage(dataDir, readFileSync(file)) };
  } catch (error) {
    return { file, error: error as Error };
  }
}
