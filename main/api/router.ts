import type { z } from 'zod';
import {
  ADMIN_CALLS,
  ALLOWED_WHEN_WRITES_STOPPED,
  contract,
  UNLOCKED_CALLS,
  type CallName,
  type CallResult,
} from './contract';
import { ErrorCode, StationError, type ApiErrorShape } from './errors';
import { handlers } from './handlers';
import { mapStorageError } from '../../db/open';
import type { ServiceContext } from '../services/context';
import { refreshSession } from '../services/auth';

function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** The label a schema field was given with `.describe()`, for messages about it. */
function labelAt(schema: z.ZodType, path: PropertyKey[]): string | undefined {
  let current: unknown = schema;
  for (const key of path) {
    let s = current as {
      shape?: Record<string, unknown>;
      def?: { innerType?: unknown; element?: unknown; in?: unknown };
    };
    // Look through defaults, nullables, refinements and pipes to the object or list inside.
    while (!s.shape && !s.def?.element && (s.def?.innerType || s.def?.in))
      s = (s.def.innerType ?? s.def.in) as typeof s;
    current = typeof key === 'number' ? s.def?.element : s.shape?.[String(key)];
    if (!current) return undefined;
  }
  return (current as z.ZodType).description;
}

/** Turns the first validation issue into one Chinese message naming the field. */
export function validationError(schema: z.ZodType, error: z.ZodError): StationError {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const field = [...issue.path, key].join('.');
    return new StationError(
      ErrorCode.validation,
      `多余的字段“${field}”：本操作不接受它，请去掉后再提交。`,
      field,
    );
  }
  // A plain list's item (levels.0) is reported on the list itself: that is the field the form
  // shows. A field inside a list of objects (visitors.0.phone) keeps its full path.
  const last = issue.path.length - 1;
  const field = (typeof issue.path[last] === 'number' ? issue.path.slice(0, last) : issue.path)
    .map(String)
    .join('.');
  if (!field)
    return new StationError(
      ErrorCode.validation,
      `提交的内容格式不对（${issue.message}），请刷新页面后重试。`,
    );
  const label = labelAt(schema, issue.path);
  // Messages written for our fields already name the field; zod's generic ones get the label.
  const message = label && !issue.message.includes(label) ? `${label}：${issue.message}` : issue.message;
  return new StationError(ErrorCode.validation, message, field || undefined);
}

function toErrorShape(error: unknown): ApiErrorShape {
  if (error instanceof StationError) return error.toJSON();
  const mapped = mapStorageError(error);
  if (mapped) return mapped.toJSON();
  // Unexpected: keep the details in the log (no input values, which may hold personal data).
  console.error('[station-desk] internal error:', error instanceof Error ? error.stack : error);
  return {
    code: ErrorCode.internal,
    message: '程序内部出错，本次操作没有完成。请重试；如果反复出现，请记下时间并联系技术人员。',
  };
}

/**
 * The lock screen and roles, checked before the input is even read: one check here, so every
 * transport (IPC, HTTP) gets it. Returns the refusal, or null to go on.
 */
async function admit(name: CallName, ctx: ServiceContext): Promise<ApiErrorShape | null> {
  try {
    const locked = await refreshSession(ctx);
    if (locked && !UNLOCKED_CALLS.has(name)) return { code: ErrorCode.locked, message: '已锁定，请先登录。' };
    if (ctx.session.role === 'clerk' && ADMIN_CALLS.has(name))
      return {
        code: ErrorCode.forbidden,
        message: `这项操作（${contract[name].doc}）只有管理员可以进行。请让管理员登录后操作。`,
      };
    return null;
  } catch (error) {
    // Accounts unreadable (a damaged file): the lock screen's own calls still answer, the rest
    // stay closed with the database's message.
    return UNLOCKED_CALLS.has(name) ? null : toErrorShape(error);
  }
}

/**
 * Every string of an input with lone UTF-16 surrogates (broken pastes, hostile clients) made
 * well-formed (U+FFFD) before validation: SQLite stores each as three replacement characters,
 * so a value within its limit could come back over it and fail the output check on every read.
 */
function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') {
    const s = value as string & { isWellFormed(): boolean; toWellFormed(): string };
    return s.isWellFormed() ? value : s.toWellFormed();
  }
  if (Array.isArray(value)) return value.map(wellFormed);
  // fromEntries defines own properties: a `__proto__` key stays a key (and zod refuses it).
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wellFormed(v)]));
  return value;
}

/**
 * The one entry point for every transport: checks the name, parses the input with the call's
 * schema, refuses writes while the data file is damaged, runs the handler, checks the output.
 */
export async function dispatch(name: unknown, rawInput: unknown, ctx: ServiceContext): Promise<CallResult> {
  if (!isCallName(name)) {
    return {
      ok: false,
      error: { code: ErrorCode.unknownCall, message: '未知的操作。请升级或重新启动程序。' },
    };
  }
  const def = contract[name];
  const refused = await admit(name, ctx);
  if (refused) return { ok: false, error: refused };
  const parsed = def.input.safeParse(wellFormed(rawInput ?? {}));
  if (!parsed.success) return { ok: false, error: validationError(def.input, parsed.error).toJSON() };
  if (def.kind === 'mutation' && ctx.health.writesStopped && !ALLOWED_WHEN_WRITES_STOPPED.has(name)) {
    return {
      ok: false,
      error: {
        code: ErrorCode.writesStopped,
        message: ctx.health.snapshot().message ?? '数据文件有问题，已暂停保存。',
      },
    };
  }
  try {
    const handler = handlers[name] as (input: unknown, ctx: ServiceContext) => unknown;
    const value = await handler(parsed.data, ctx);
    return { ok: true, value: def.output.parse(value) };
  } catch (error) {
    return { ok: false, error: toErrorShape(error) };
  }
}
