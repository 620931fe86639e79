import { mkdirSync, readdirSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { LATEST_SCHEMA_VERSION } from '../../../db/migrations';
import { mapStorageError } from '../../../db/open';
import type { OutboxTable } from '../../../db/schema';
import type { OutboxItem, OutboxState, OutboxStatus } from '../../api/contract';
import { ErrorCode, StationError } from '../../api/errors';
import { databasePath, nowAt, type ServiceContext } from '../context';
import { formatSecretKey } from '../keys';
import type { ExportWorkerData, ExportWorkerMessage, WrittenPart } from './export-worker';
import { PACKAGE_EXTENSION } from './format';
import { packageKeys, retireKeysExcept } from './key-rotation';
import { requestUpload } from './upload';
import { startWorker } from '../worker';

export type ExportKind = 'incremental' | 'full';
export type ExportProgress = NonNullable<OutboxStatus['exporting']>;
type ExportError = NonNullable<OutboxStatus['exportError']>;

const {
  exportRunning: EXPORT_RUNNING,
  noProfile: NO_PROFILE,
  nothingToExport: NOTHING_TO_EXPORT,
} = ErrorCode;

/** Exports under way and the last failure, per data folder (one process may serve several). */
const running = new Map<string, ExportProgress>();
const failures = new Map<string, ExportError>();

const stationKey = (ctx: ServiceContext) => resolve(ctx.dataDir);

/** Where packages wait until the county confirms them. */
export function outboxFolder(dataDir: string): string {
  return join(dataDir, 'outbox');
}

type LastPackage = Pick<OutboxTable, 'seq' | 'manifest_sha256' | 'rev_to' | 'audit_to'>;

function lastPackage(ctx: ServiceContext): LastPackage | undefined {
  return ctx.sqlite
    .prepare('SELECT seq, manifest_sha256, rev_to, audit_to FROM outbox ORDER BY seq DESC LIMIT 1')
    .get() as LastPackage | undefined;
}

/** Whether anything (synced rows, audit rows, attachment bytes) is newer than the last package. */
function hasChanges(ctx: ServiceContext, last: LastPackage | undefined): boolean {
  if (!last) return true;
  const state = ctx.sqlite.prepare('SELECT rev, audit_seq FROM sync_state WHERE id = 1').get() as {
    rev: number;
    audit_seq: number;
  };
  return (
    state.rev > last.rev_to ||
    state.audit_seq > last.audit_to ||
    ctx.sqlite.prepare('SELECT 1 FROM attachments WHERE sent_seq IS NULL LIMIT 1').get() !== undefined
  );
}

/**
 * Writes to synced rows since the last package (the rev counter's distance): what an incremental
 * export would carry, counted in changes rather than rows, and O(1) for a status polled often.
 */
export function pendingChanges(ctx: ServiceContext): number {
  const from = lastPackage(ctx)?.rev_to ?? 0;
  const { rev } = ctx.sqlite.prepare('SELECT rev FROM sync_state WHERE id = 1').get() as { rev: number };
  return Math.max(0, rev - from);
}

interface Plan {
  station: { code: string; name: string; county: string };
  recipients: string[];
  last: LastPackage | undefined;
}

/** The checks before an export, synchronous so startExport can refuse at once. */
function plan(ctx: ServiceContext, kind: ExportKind): Plan {
  if (running.has(stationKey(ctx)))
    throw new StationError(EXPORT_RUNNING, '正在生成数据包，请等它完成后再试。');
  const station = ctx.sqlite
    .prepare('SELECT code, name, county FROM station WHERE deleted_at IS NULL')
    .get() as Plan['station'] | undefined;
  if (!station)
    throw new StationError(ErrorCode.notSetUp, '本站还没有设置，不能生成数据包。请先完成初始化向导。');
  const profile = ctx.sqlite.prepare('SELECT recipients FROM county_profile WHERE id = 1').get() as
    { recipients: string } | undefined;
  if (!profile)
    throw new StationError(
      NO_PROFILE,
      '还没有县里的加密公钥，数据包无法加密。请先在“数据上报”页导入县里发的配置文件。',
    );
  const last = lastPackage(ctx);
  if (kind === 'incremental' && !hasChanges(ctx, last))
    throw new StationError(
      NOTHING_TO_EXPORT,
      '自上次生成以来没有新的变动，无需生成。如需重新报送全部数据，请选择“全量数据包”。',
    );
  const recipients = (JSON.parse(profile.recipients) as { recipient: string }[]).map((r) => r.recipient);
  return { station, recipients, last };
}

/**
 * Removes what a crash can leave in the outbox folder: temp files, and a package renamed into
 * place but never recorded (its seq will be made again). Recorded packages are never touched.
 */
function cleanOutbox(ctx: ServiceContext): string {
  const dir = outboxFolder(ctx.dataDir);
  mkdirSync(dir, { recursive: true });
  const recorded = new Set(
    (ctx.sqlite.prepare('SELECT file_name FROM outbox').all() as { file_name: string }[]).map(
      (r) => r.file_name,
    ),
  );
  for (const name of readdirSync(dir)) {
    const temp = /\.sdpkg\.tmp-\d+$/.test(name);
    const orphan = name.endsWith(PACKAGE_EXTENSION) && !recorded.has(name);
    if (temp || orphan) unlinkSync(join(dir, name));
  }
  return dir;
}

interface WorkerResult {
  parts: WrittenPart[];
  revTo: number;
  auditTo: number;
}

/** Runs the worker; `parts` receives each package's file name as soon as it is on disk. */
function runWorker(
  data: ExportWorkerData,
  onProgress: (progress: number, stage: string) => void,
  written: string[],
): Promise<WorkerResult> {
  return new Promise((resolvePromise, reject) => {
    const worker = startWorker('export-worker', new URL('./export-worker.ts', import.meta.url), data);
    const parts: WrittenPart[] = [];
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: ExportWorkerMessage) => {
      if (m.type === 'progress') onProgress(m.progress, m.stage);
      else if (m.type === 'part') {
        parts.push(m.part);
        written.push(join(data.outboxDir, m.part.fileName));
      } else if (m.type === 'done')
        settle(() => resolvePromise({ parts, revTo: m.revTo, auditTo: m.auditTo }));
      else
        settle(() =>
          reject(
            m.code === 'EXISTS'
              ? new StationError(EXPORT_RUNNING, '另一个窗口或程序正在生成数据包，请等它完成后再试。')
              : (mapStorageError({ code: m.code }) ?? exportFailed(m.message)),
          ),
        );
    });
    worker.on('error', (error) => settle(() => reject(exportFailed(error.message))));
    worker.on('exit', (code) => settle(() => reject(exportFailed(`worker exited with code ${code}`))));
  });
}

function exportFailed(detail: string): StationError {
  return new StationError(
    ErrorCode.internal,
    `生成数据包失败（${detail}）。请重试；如仍失败，请联系县人大技术人员。`,
  );
}

/** An outbox row as the API shows it. */
export function toOutboxItem(row: OutboxTable): OutboxItem {
  const counts = JSON.parse(row.counts) as Record<string, number>;
  return {
    id: row.id,
    seq: row.seq,
    fileName: row.file_name,
    kind: row.kind,
    createdAt: row.created_at,
    // The column holds only OUTBOX_STATES (written by export.ts and outbox.ts).
    state: row.state as OutboxState,
    stateAt: row.state_at,
    size: row.size,
    counts,
    rows: Object.entries(counts).reduce((sum, [k, n]) => (k === 'attachments' ? sum : sum + n), 0),
    copiedAt: row.copied_at,
    uploadedAt: row.uploaded_at,
    confirmedAt: row.confirmed_at,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
  };
}

/**
 * Makes the export's package(s) in a worker (own read connection, one consistent snapshot;
 * a big export is a run of chained packages, see build.ts), writes them to `<dataDir>/outbox/`
 * atomically, then records them all in the outbox at once. Refuses (StationError) without a
 * county profile, before the station is set up, or while another export runs.
 */
export async function runExport(
  ctx: ServiceContext,
  kind: ExportKind,
  onProgress?: (p: ExportProgress) => void,
  options: { maxPartBytes?: number } = {},
): Promise<OutboxItem[]> {
  const key = stationKey(ctx);
  const p = plan(ctx, kind);
  const progress: ExportProgress = {
    kind,
    startedAt: nowAt(ctx),
    progress: 0,
    stage: '正在准备',
  };
  running.set(key, progress);
  const written: string[] = [];
  try {
    const keys = packageKeys(ctx);
    const outboxDir = cleanOutbox(ctx);
    const firstSeq = (p.last?.seq ?? 0) + 1;
    const result = await runWorker(
      {
        file: databasePath(ctx.dataDir),
        modulePath: createRequire(import.meta.url).resolve('better-sqlite3'),
        nativeBinding: ctx.nativeBinding,
        secretKeyText: formatSecretKey(keys.signing),
        outboxDir,
        options: {
          kind,
          seq: firstSeq,
          prevManifestSha256: p.last?.manifest_sha256 ?? null,
          revFrom: (p.last?.rev_to ?? 0) + 1,
          auditFrom: (p.last?.audit_to ?? 0) + 1,
          station: p.station,
          nextKey: keys.nextKey,
          recipients: p.recipients,
          appVersion: ctx.appVersion,
          schemaVersion: LATEST_SCHEMA_VERSION,
          createdAt: progress.startedAt,
          ...options,
        },
      },
      (value, stage) => {
        progress.progress = value;
        progress.stage = stage;
        onProgress?.({ ...progress });
      },
      written,
    );
    const stateAt = nowAt(ctx);
    const rows: OutboxTable[] = result.parts.map((part) => ({
      id: part.manifest.package_id,
      seq: part.manifest.seq,
      file_name: part.fileName,
      kind,
      manifest_sha256: part.manifestSha256,
      size: part.size,
      // The export's whole range on every part: the next export starts after it.
      rev_from: part.manifest.range.rev_from,
      rev_to: result.revTo,
      audit_from: part.manifest.range.audit_from,
      audit_to: result.auditTo,
      counts: JSON.stringify(part.counts),
      created_at: part.manifest.created_at,
      state: '已生成',
      state_at: stateAt,
      copied_at: null,
      uploaded_at: null,
      confirmed_at: null,
      error_code: null,
      error_message: null,
      attempts: 0,
      next_attempt_at: null,
      receipt: null,
    }));
    // One write: the outbox rows, which attachment bytes went, and the retired key.
    await ctx.db.transaction().execute(async (trx) => {
      const top = await trx
        .selectFrom('outbox')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirst();
      if ((top?.seq ?? 0) !== firstSeq - 1)
        throw new StationError(EXPORT_RUNNING, '另一个窗口或程序同时生成了数据包。请刷新后再试。');
      for (const [i, row] of rows.entries()) {
        await trx.insertInto('outbox').values(row).execute();
        const sent = result.parts[i]!.sentAttachments;
        for (let j = 0; j < sent.length; j += 500) {
          await trx
            .updateTable('attachments')
            .set({ sent_seq: row.seq })
            .where('sha256', 'in', sent.slice(j, j + 500))
            .where('sent_seq', 'is', null)
            .execute();
        }
      }
      if (keys.nextKey) await retireKeysExcept(trx, keys.nextKey.key_id, stateAt);
    });
    written.length = 0;
    failures.delete(key);
    return rows.map(toOutboxItem);
  } catch (error) {
    // Files that were not recorded must not stay: their seqs will be made again.
    for (const path of written) {
      try {
        unlinkSync(path);
      } catch {
        // The next export's cleanup removes it.
      }
    }
    const e =
      error instanceof StationError
        ? error
        : (mapStorageError(error) ?? exportFailed((error as Error)?.message ?? String(error)));
    failures.set(key, { code: e.code, message: e.message, at: nowAt(ctx) });
    throw e;
  } finally {
    running.delete(key);
  }
}

/** Starts runExport in the background for the UI; its state shows in exportState. */
export function startExport(ctx: ServiceContext, kind: ExportKind): void {
  plan(ctx, kind); // Refuse at once (busy, no profile, nothing changed) rather than in the background.
  void runExport(ctx, kind).then(
    () => {
      try {
        requestUpload(ctx);
      } catch {
        // Uploading is the uploader's business; the package waits in the outbox either way.
      }
    },
    () => {
      // Recorded in `failures` for exportState.
    },
  );
}

/** The export running now and the last failure, for packages.status. */
export function exportState(ctx: ServiceContext): Pick<OutboxStatus, 'exporting' | 'exportError'> {
  const key = stationKey(ctx);
  const now = running.get(key);
  return { exporting: now ? { ...now } : null, exportError: failures.get(key) ?? null };
}
