import { readFile } from 'node:fs/promises';
import type { OutboxState, OutboxStatus } from '../../api/contract';
import type { OutboxTable } from '../../../db/schema';
import { nowAt, type ServiceContext } from '../context';
import { packagePath, recordReceipt } from './outbox';
import { getProfile } from './profile';

/**
 * Uploads queued packages to the county's intake URL when the network is there: an idempotent
 * PUT per package, exponential backoff with jitter, forever; never blocks the UI.
 */
export interface Uploader {
  /** Try now (a clerk pressed 立即上传, or an export just finished). */
  nudge(): void;
  stop(): Promise<void>;
}

export interface UploadOptions {
  /** First retry after up to this long; doubles per failed attempt (full jitter). */
  baseDelayMs: number;
  /** The longest wait between two attempts of one package. */
  capMs: number;
  /** Per upload, plus 100 ms per KB (a slow line still gets a big package through). */
  fetchTimeoutMs: number;
  /** The connectivity check (GET /v1/health). */
  healthTimeoutMs: number;
  /** How often to look again when nothing is due (new packages, the county back online). */
  idleMs: number;
  /** 0 ≤ x < 1; the jitter's source. */
  random: () => number;
  /** Called after each pass (tests wait on it instead of sleeping). */
  onPass?: () => void;
}

const DEFAULTS: UploadOptions = {
  baseDelayMs: 30_000,
  capMs: 60 * 60_000,
  fetchTimeoutMs: 60_000,
  healthTimeoutMs: 5_000,
  idleMs: 5 * 60_000,
  random: Math.random,
};

/** A county's answer (receipt or refusal) is small; anything larger is not one. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** Packages the uploader still has to deliver (or get confirmed). */
const UPLOADABLE: OutboxState[] = ['已生成', '上传中', '已拷贝到U盘', '已上传'];

interface Runtime {
  online: boolean | null;
  checkedAt: string | null;
  uploading: string | null;
  uploader: { nudge(): void } | null;
  /** The pass running now; one at a time. */
  pass: Promise<void> | null;
  again: boolean;
}

const runtimes = new WeakMap<ServiceContext, Runtime>();

function runtime(ctx: ServiceContext): Runtime {
  let rt = runtimes.get(ctx);
  if (!rt) {
    rt = { online: null, checkedAt: null, uploading: null, uploader: null, pass: null, again: false };
    runtimes.set(ctx, rt);
  }
  return rt;
}

function log(error: unknown): void {
  console.error('[station-desk] upload failed:', error instanceof Error ? error.stack : error);
}

function pendingRows(ctx: ServiceContext): OutboxTable[] {
  return ctx.sqlite
    .prepare(
      `SELECT * FROM outbox WHERE state IN (${UPLOADABLE.map(() => '?').join(',')})
         AND confirmed_at IS NULL ORDER BY seq`,
    )
    .all(...UPLOADABLE) as OutboxTable[];
}

function isDue(row: OutboxTable, at: number): boolean {
  return row.next_attempt_at === null || Date.parse(row.next_attempt_at) <= at;
}

/** Where a package rests between attempts: what already happened to it. */
function restingState(row: OutboxTable): OutboxState {
  if (row.uploaded_at) return '已上传';
  if (row.copied_at) return '已拷贝到U盘';
  return '已生成';
}

function backoffMs(attempts: number, options: UploadOptions): number {
  const ceiling = Math.min(options.capMs, options.baseDelayMs * 2 ** Math.min(attempts, 40));
  return Math.floor(options.random() * ceiling);
}

/** Another try later: attempts+1, why (Chinese), and when, with full jitter. */
function scheduleRetry(
  ctx: ServiceContext,
  id: string,
  options: UploadOptions,
  error: { code: string | null; message: string | null },
): void {
  const row = ctx.sqlite.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as OutboxTable;
  if (row.state === '已确认' || row.state === '被拒绝') return;
  const next = nowAt(ctx, new Date(Date.now() + backoffMs(row.attempts, options)));
  const state = row.state === '上传中' ? restingState(row) : row.state;
  ctx.sqlite
    .prepare(
      `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, error_code = ?, error_message = ?,
         state = ?, state_at = CASE WHEN state = ? THEN state_at ELSE ? END WHERE id = ?`,
    )
    .run(next, error.code, error.message, state, state, nowAt(ctx), id);
}

async function readAnswer(response: Response): Promise<string | null> {
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_ANSWER_BYTES) {
    await response.body?.cancel();
    return null;
  }
  const text = await response.text();
  return text.length > MAX_ANSWER_BYTES ? null : text;
}

async function checkHealth(base: string, options: UploadOptions, stop?: AbortSignal): Promise<boolean> {
  try {
    const signals = [AbortSignal.timeout(options.healthTimeoutMs), ...(stop ? [stop] : [])];
    const response = await fetch(`${base}/v1/health`, { signal: AbortSignal.any(signals) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

function failureMessage(error: unknown): string {
  const name = (error as Error | undefined)?.name;
  return name === 'TimeoutError' || name === 'AbortError'
    ? '上传超时，稍后自动重试'
    : '网络不通，稍后自动重试';
}

/** One package: PUT, then the county's signed answer, or a retry later. */
async function uploadOne(
  ctx: ServiceContext,
  base: string,
  row: OutboxTable,
  options: UploadOptions,
  stop?: AbortSignal,
): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = await readFile(packagePath(ctx, row.file_name));
  } catch {
    return scheduleRetry(ctx, row.id, options, {
      code: 'PACKAGE_MISSING',
      message: `数据包文件 ${row.file_name} 不见了，无法上传。请重新生成一个完整数据包。`,
    });
  }
  ctx.sqlite
    .prepare(`UPDATE outbox SET state = '上传中', state_at = ? WHERE id = ? AND state != '上传中'`)
    .run(nowAt(ctx), row.id);
  const rt = runtime(ctx);
  rt.uploading = row.file_name;
  let status: number;
  let answer: string | null;
  try {
    const timeout = AbortSignal.timeout(options.fetchTimeoutMs + Math.ceil(bytes.length / 10));
    const response = await fetch(`${base}/v1/packages/${encodeURIComponent(row.id)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
      signal: AbortSignal.any(stop ? [timeout, stop] : [timeout]),
    });
    status = response.status;
    answer = status === 200 || status === 422 ? await readAnswer(response) : null;
    if (answer === null) await response.body?.cancel().catch(() => undefined);
  } catch (error) {
    // Stopping the app is not the package's fault; it is picked up again next time.
    if (stop?.aborted) return;
    return scheduleRetry(ctx, row.id, options, { code: null, message: failureMessage(error) });
  } finally {
    rt.uploading = null;
  }
  if (status !== 200 && status !== 422) {
    return scheduleRetry(ctx, row.id, options, {
      code: null,
      message:
        status === 429
          ? '县里的服务器正忙，稍后自动重试'
          : `县里的服务器出错（HTTP ${status}），稍后自动重试`,
    });
  }
  let document: unknown = null;
  try {
    document = answer === null ? null : JSON.parse(answer);
  } catch {
    // Not JSON: handled as a receipt that does not check out.
  }
  const result = await recordReceipt(ctx, document);
  if (result === null) {
    // An unsigned refusal (the county could not tell whose package this is) is shown, not
    // trusted: only a receipt signed by the county marks a package 被拒绝.
    const refusal = document as { code?: unknown; message?: unknown } | null;
    const unsigned = typeof refusal?.code === 'string' && typeof refusal.message === 'string';
    return scheduleRetry(ctx, row.id, options, {
      code: unsigned ? String(refusal.code).slice(0, 40) : 'BAD_RECEIPT',
      message: unsigned
        ? `县里拒收：${String(refusal.message).slice(0, 300)}（稍后自动重试）`
        : '县里的回执无法核验（签名不对），稍后自动重试',
    });
  }
  ctx.sqlite
    .prepare('UPDATE outbox SET uploaded_at = COALESCE(uploaded_at, ?) WHERE id = ?')
    .run(nowAt(ctx), row.id);
  if (result === 'held') {
    // In the county's hands, waiting for an earlier package: ask again later for the receipt.
    ctx.sqlite
      .prepare(`UPDATE outbox SET state = '已上传', state_at = ? WHERE id = ? AND state = '上传中'`)
      .run(nowAt(ctx), row.id);
    scheduleRetry(ctx, row.id, options, { code: null, message: null });
  }
}

async function onePass(
  ctx: ServiceContext,
  options: UploadOptions,
  force: boolean,
  stop?: AbortSignal,
): Promise<void> {
  const rt = runtime(ctx);
  const profile = await getProfile(ctx);
  if (!profile?.intakeUrl) {
    rt.online = null;
    rt.checkedAt = null;
    return;
  }
  const base = profile.intakeUrl.replace(/\/+$/, '');
  const started = Date.now();
  const due = pendingRows(ctx).filter((row) => force || isDue(row, started));
  const online = await checkHealth(base, options, stop);
  if (stop?.aborted) return;
  rt.online = online;
  rt.checkedAt = nowAt(ctx);
  for (const row of due) {
    if (stop?.aborted) return;
    if (!online) {
      scheduleRetry(ctx, row.id, options, { code: null, message: '网络不通，稍后自动重试' });
      continue;
    }
    // An earlier receipt in this pass may have confirmed it already.
    const current = ctx.sqlite.prepare('SELECT * FROM outbox WHERE id = ?').get(row.id) as OutboxTable;
    if (current.confirmed_at !== null || !UPLOADABLE.includes(current.state)) continue;
    // A failure is recorded on that package only; the ones behind it go on.
    await uploadOne(ctx, base, current, options, stop);
  }
}

/** Runs a pass, or joins the running one and asks for another right after it. */
function runPass(
  ctx: ServiceContext,
  options: UploadOptions,
  force: boolean,
  stop?: AbortSignal,
): Promise<void> {
  const rt = runtime(ctx);
  if (rt.pass) {
    rt.again = true;
    return rt.pass;
  }
  rt.pass = (async () => {
    try {
      let forced = force;
      do {
        rt.again = false;
        await onePass(ctx, options, forced, stop);
        options.onPass?.();
        forced = true;
      } while (rt.again && !stop?.aborted);
    } finally {
      rt.pass = null;
    }
  })();
  return rt.pass;
}

/** When the next package falls due (ms from now), at most `idleMs`. */
function nextWakeMs(ctx: ServiceContext, options: UploadOptions): number {
  const at = Date.now();
  let wake = options.idleMs;
  for (const row of pendingRows(ctx)) {
    const due = row.next_attempt_at === null ? at : Date.parse(row.next_attempt_at);
    wake = Math.min(wake, Math.max(due - at, 0));
  }
  // A floor, so that a row that somehow stays due can never spin the loop.
  return Math.max(wake, 100);
}

/** Starts the background uploader for this station (browser mode and the Electron app). */
export function startUploader(ctx: ServiceContext, overrides: Partial<UploadOptions> = {}): Uploader {
  const options: UploadOptions = { ...DEFAULTS, ...overrides };
  const rt = runtime(ctx);
  const stopper = new AbortController();
  let timer: NodeJS.Timeout | undefined;

  const schedule = (): void => {
    clearTimeout(timer);
    if (stopper.signal.aborted) return;
    let delay = options.idleMs;
    try {
      delay = nextWakeMs(ctx, options);
    } catch (error) {
      log(error);
    }
    timer = setTimeout(() => tick(false), delay);
    // Never keeps the process alive on its own.
    timer.unref();
  };
  const tick = (force: boolean): void => {
    clearTimeout(timer);
    if (stopper.signal.aborted) return;
    runPass(ctx, options, force, stopper.signal).catch(log).finally(schedule);
  };

  const uploader = {
    nudge: () => tick(true),
    async stop() {
      stopper.abort();
      clearTimeout(timer);
      if (rt.uploader === uploader) rt.uploader = null;
      await rt.pass?.catch(() => undefined);
    },
  };
  rt.uploader = uploader;
  tick(false);
  return uploader;
}

/** Nudges the running uploader, or starts one pass in the background where none runs. */
export function requestUpload(ctx: ServiceContext): void {
  const rt = runtime(ctx);
  if (rt.uploader) rt.uploader.nudge();
  else runPass(ctx, DEFAULTS, true).catch(log);
}

/** What packages.status shows about uploading. */
export function uploadState(ctx: ServiceContext): OutboxStatus['upload'] {
  const rt = runtime(ctx);
  return { online: rt.online, checkedAt: rt.checkedAt, uploading: rt.uploading };
}

/** One pass over the queue now, every package regardless of its backoff (e.g. the CLI). */
export async function uploadPending(
  ctx: ServiceContext,
  overrides: Partial<UploadOptions> = {},
): Promise<void> {
  await runPass(ctx, { ...DEFAULTS, ...overrides }, true);
}
