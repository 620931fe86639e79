import type { CallInput, CallName, CallOutput, CallResult } from '../../../main/api/contract';
import type { ApiErrorShape } from '../../../main/api/errors';

/**
 * The renderer's one way to reach the app: `call(name, input)`.
 * - In Electron the preload exposes `window.station.call` (IPC).
 * - In browser mode the page posts to `/api/<name>` with the per-run token, which the page
 *   was opened with in its URL fragment (`#token=…`).
 * Either way the answer is a CallResult; errors become an ApiError with a Chinese message.
 */

declare global {
  interface Window {
    /** Exposed by preload/index.ts in Electron; absent in browser mode. */
    station?: {
      call(name: string, input: unknown): Promise<CallResult>;
    };
  }
}

export class ApiError extends Error implements ApiErrorShape {
  readonly code: string;
  readonly field: string | undefined;

  constructor(shape: ApiErrorShape) {
    super(shape.message);
    this.name = 'ApiError';
    this.code = shape.code;
    this.field = shape.field;
  }
}

const TOKEN_KEY = 'station-desk.token';

/**
 * Takes the token out of the address bar (`#token=…`) once, keeps it for this tab in
 * sessionStorage, and removes it from the URL so it is not bookmarked or shown.
 */
export function takeTokenFromUrl(): void {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (!match?.[1]) return;
  sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
  const { pathname, search } = window.location;
  window.history.replaceState(window.history.state, '', `${pathname}${search}#/`);
}

function token(): string {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

const NETWORK_ERROR: ApiErrorShape = {
  code: 'NETWORK',
  message: '连接不上本机的工作台服务。请确认程序仍在运行，然后刷新页面重试。',
};

async function overHttp(name: string, input: unknown): Promise<CallResult> {
  let response: Response;
  try {
    response = await fetch(`/api/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Station-Token': token() },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    return { ok: false, error: NETWORK_ERROR };
  }
  try {
    return (await response.json()) as CallResult;
  } catch {
    return {
      ok: false,
      error: {
        code: 'BAD_RESPONSE',
        message: `工作台服务的答复无法识别（${response.status}），请刷新页面重试。`,
      },
    };
  }
}

const lockedListeners = new Set<() => void>();

/**
 * Runs `listener` whenever a call is refused because the app is locked (LOCKED: the idle time
 * ran out on the server, or another window locked): App.tsx then shows the lock screen.
 */
export function onLocked(listener: () => void): () => void {
  lockedListeners.add(listener);
  return () => lockedListeners.delete(listener);
}

export async function call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  const result = window.station ? await window.station.call(name, input) : await overHttp(name, input);
  if (!result.ok && result.error.code === 'LOCKED') for (const listener of lockedListeners) listener();
  if (!result.ok) throw new ApiError(result.error);
  return result.value as CallOutput<N>;
}

/** A Chinese message for anything thrown, for an Alert or a toast. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return '操作没有完成，出现了意外的问题。请重试；如果反复出现，请记下时间并联系技术人员。';
}
