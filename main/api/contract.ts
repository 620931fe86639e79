import { z } from 'zod';

// Zod's own messages (wrong type, unknown value …) in Chinese, for the UI and the API alike.
z.config(z.locales.zhCN());

/**
 * Every call the UI (or anything else) can make: name, input schema, output schema, and
 * whether it writes. Read this file as the product's table of contents. The renderer imports
 * it for types and for its forms' validation, so it must stay free of Node imports.
 */

// ---------------------------------------------------------------------------------------
// Building blocks: text fields with Chinese messages that say what to do.

interface TextRule {
  max: number;
  min?: number;
  pattern?: RegExp;
  patternHint?: string;
}

/** A required, trimmed text field. The label goes into every message about it. */
export function text(label: string, rule: TextRule) {
  let s = z
    .string({ error: (iss) => (iss.input === undefined ? `请填写${label}` : `${label}应为文字`) })
    .trim()
    .min(1, `请填写${label}`)
    .max(rule.max, `${label}不能超过${rule.max}个字，请删减`);
  if (rule.min && rule.min > 1) s = s.min(rule.min, `${label}至少需要${rule.min}个字，请写完整`);
  if (rule.pattern) s = s.regex(rule.pattern, rule.patternHint ?? `${label}格式不对`);
  return s.describe(label);
}

/** A call with no input. */
const noInput = z.object({}).strict();

const query = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, doc: string) =>
  ({ kind: 'query', input, output, doc }) as const;
const mutation = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, doc: string) =>
  ({ kind: 'mutation', input, output, doc }) as const;

// ---------------------------------------------------------------------------------------
// Shapes

export const stationInput = z
  .object({
    code: text('站点编码', {
      max: 32,
      pattern: /^[A-Za-z0-9][A-Za-z0-9-]*$/,
      patternHint: '站点编码只能用字母、数字和短横线，例如 LHX-001（县里分配的编码）',
    }),
    name: text('站点名称', { max: 60, min: 2 }),
    township: text('所在乡镇（街道）', { max: 40, min: 2 }),
    county: text('所属县（市、区）', { max: 40, min: 2 }),
    address: text('地址', { max: 120, min: 2 }),
    phone: text('联系电话', {
      max: 40,
      pattern: /^[0-9+()（）\- 转]{5,}$/,
      patternHint: '联系电话只能包含数字、空格、括号和短横线，例如 0571-88886666',
    }),
    openingHours: text('开放时间', { max: 120, min: 2 }),
  })
  .strict();
export type StationInput = z.infer<typeof stationInput>;

export const station = stationInput.extend({
  id: z.string(),
  timeZone: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Station = z.infer<typeof station>;

export const signingKeyInfo = z.object({
  keyId: z.string(),
  fingerprint: z.string(),
  publicKey: z.string(),
  storage: z.enum(['file', 'safeStorage']),
  createdAt: z.string(),
});
export type SigningKeyInfo = z.infer<typeof signingKeyInfo>;

export const stationStatus = z.object({
  setUp: z.boolean(),
  station: station.nullable(),
  signingKey: signingKeyInfo.nullable(),
});
export type StationStatus = z.infer<typeof stationStatus>;

export const health = z.object({
  integrity: z.enum(['pending', 'ok', 'failed']),
  problems: z.array(z.string()),
  checkedAt: z.string().nullable(),
  writesStopped: z.boolean(),
  message: z.string().nullable(),
});
export type Health = z.infer<typeof health>;

export const appInfo = z.object({
  appVersion: z.string(),
  schemaVersion: z.number().int(),
  mode: z.enum(['electron', 'web', 'cli']),
  dataDir: z.string(),
});
export type AppInfo = z.infer<typeof appInfo>;

export const homeSummary = z.object({
  station: station.nullable(),
  counts: z.array(z.object({ key: z.string(), label: z.string(), value: z.number().int() })),
  lastChangeAt: z.string().nullable(),
  health,
});
export type HomeSummary = z.infer<typeof homeSummary>;

export const auditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  diff: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditListInput = z
  .object({
    /** Entries before this sequence number (for paging backwards); omit for the newest. */
    beforeSeq: z.number({ error: '页码参数应为数字' }).int().positive().optional().describe('翻页位置'),
    limit: z
      .number({ error: '每页条数应为数字' })
      .int()
      .min(1, '每页至少1条')
      .max(200, '每页最多200条')
      .default(50)
      .describe('每页条数'),
  })
  .strict();

export const auditChainReport = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), count: z.number().int(), head: z.string() }),
  z.object({
    ok: z.literal(false),
    count: z.number().int(),
    firstBrokenSeq: z.number().int(),
    reason: z.string(),
  }),
]);
export type AuditChainReport = z.infer<typeof auditChainReport>;

// ---------------------------------------------------------------------------------------
// The calls

export const contract = {
  // 系统
  /** Version, schema version, how the app runs and where its data lives. */
  'app.info': query(noInput, appInfo, '程序信息'),
  /** The background integrity check's result; writes stop when it fails. */
  'app.health': query(noInput, health, '数据文件健康状况'),

  // 本站
  /** The station's details and signing key, or setUp = false before the wizard ran. */
  'station.get': query(noInput, stationStatus, '本站信息'),
  /** First-run wizard: saves the station and makes its signing key. */
  'station.setup': mutation(stationInput, stationStatus, '初始化本站'),
  /** An administrator edits the station's details (audited). */
  'station.update': mutation(stationInput, stationStatus, '修改本站信息'),

  // 工作台
  /** The home page: station, live counts, last change, health. */
  'home.summary': query(noInput, homeSummary, '工作台概况'),

  // 操作记录
  /** The audit log, newest first. */
  'audit.list': query(
    auditListInput,
    z.object({ items: z.array(auditEntry), total: z.number().int() }),
    '操作记录',
  ),
  /** Re-checks the audit log's hash chain and names the first broken entry. */
  'audit.verify': query(noInput, auditChainReport, '校验操作记录'),
} as const;

export type Contract = typeof contract;
export type CallName = keyof Contract;
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Contract[N]['output']>;
export const CALL_NAMES = Object.keys(contract) as CallName[];

/** What every transport carries back: a value, or an error the UI can show. */
export type CallResult<T = unknown> =
  { ok: true; value: T } | { ok: false; error: { code: string; message: string; field?: string } };
