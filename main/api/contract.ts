import { z } from 'zod';
import { authCalls } from './contract-auth';
import { backupCalls } from './contract-backup';
import { folderInput, mutation, noInput, optionalText, pick, query, text, uuid } from './contract-kit';
import {
  CUSTOM_PAPER_MAX_MM,
  CUSTOM_PAPER_MIN_MM,
  NOTICE_TEMPLATE_KEYS,
  PAPER_ORIENTATIONS,
  PAPER_SIZES,
  noticeTemplate,
  type NoticeSubjectKind,
  type NoticeTemplateKey,
} from '../../resources/notices/catalog';

// Zod's own messages (wrong type, unknown value …) in Chinese, for the UI and the API alike.
z.config(z.locales.zhCN());

/**
 * Every call the UI (or anything else) can make: name, input schema, output schema, and
 * whether it writes. Read this file as the product's table of contents. The renderer imports
 * it for types and for its forms' validation, so it must stay free of Node imports.
 */

// ---------------------------------------------------------------------------------------
// Building blocks (text, uuid, query, mutation …) are in contract-kit.ts.

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
// Roster (代表名册) — DOMAIN.md §1 and §5

export const DEPUTY_LEVELS = ['全国', '省', '市', '县', '乡镇'] as const;
export const GENDERS = ['男', '女'] as const;
export const STATION_ROLES = ['站长', '副站长', '联络员', '进站代表'] as const;
export const DEPUTY_STATUSES = ['在任', '届满', '辞职', '罢免', '调离', '去世'] as const;
/** The 56 ethnic groups, in the national standard's order (GB 3304). */
export const ETHNICITIES = [
  '汉族',
  '蒙古族',
  '回族',
  '藏族',
  '维吾尔族',
  '苗族',
  '彝族',
  '壮族',
  '布依族',
  '朝鲜族',
  '满族',
  '侗族',
  '瑶族',
  '白族',
  '土家族',
  '哈尼族',
  '哈萨克族',
  '傣族',
  '黎族',
  '傈僳族',
  '佤族',
  '畲族',
  '高山族',
  '拉祜族',
  '水族',
  '东乡族',
  '纳西族',
  '景颇族',
  '柯尔克孜族',
  '土族',
  '达斡尔族',
  '仫佬族',
  '羌族',
  '布朗族',
  '撒拉族',
  '毛南族',
  '仡佬族',
  '锡伯族',
  '阿昌族',
  '普米族',
  '塔吉克族',
  '怒族',
  '乌孜别克族',
  '俄罗斯族',
  '鄂温克族',
  '德昂族',
  '保安族',
  '裕固族',
  '京族',
  '塔塔尔族',
  '独龙族',
  '鄂伦春族',
  '赫哲族',
  '门巴族',
  '珞巴族',
  '基诺族',
] as const;

/**
 * Today's date for "not in the future" checks: the date where it is latest on Earth (UTC+14).
 * This schema cannot know the station's zone, and the machine's own zone is no guide (a server
 * or a test run in UTC while the station keeps Beijing time), so it refuses only dates that are
 * in the future everywhere; services check exactly against the station's date (`todayAt`).
 */
function latestToday(): string {
  return new Date(Date.now() + 14 * 3_600_000).toISOString().slice(0, 10);
}

/** A real calendar date YYYY-MM-DD (no 2月30日), not in the future when `past` is set. */
export function calendarDate(label: string, options: { past?: boolean } = {}) {
  return z
    .string({ error: `请填写${label}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}应写成 年-月-日，例如 1975-03-08`)
    .refine((v) => {
      const d = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
    }, `${label}不是一个真实的日期，请核对`)
    .refine((v) => !options.past || v <= latestToday(), `${label}不能晚于今天`)
    .describe(label);
}

/** Birth dates are often known only to the month (出生年月): YYYY-MM or YYYY-MM-DD. */
export const birthDate = z
  .string({ error: '出生年月应为文字' })
  .trim()
  .regex(/^(19|20)\d{2}-(0[1-9]|1[0-2])(-\d{2})?$/, '出生年月应写成 1975-03 或 1975-03-08')
  .refine(
    (v) => v.length === 7 || calendarDate('出生日期').safeParse(v).success,
    '出生日期不是一个真实的日期，请核对',
  )
  .refine((v) => v.slice(0, 7) <= new Date().toISOString().slice(0, 7), '出生年月不能晚于今天')
  .describe('出生年月');

/** An 11-digit mobile (1[3-9]…) or a landline with area code (0571-88886666, extension allowed). */
export const PHONE_PATTERN = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/;

/** An optional phone number: spaces and brackets dropped, then a mobile or a landline. */
export function phoneField(label: string) {
  return z
    .string({ error: `${label}应为文字` })
    .trim()
    .transform((v) => v.replace(/[\s（）()]/g, ''))
    .refine(
      (v) => v === '' || PHONE_PATTERN.test(v),
      `${label}应为11位手机号，或带区号的座机号（如 0571-88886666）`,
    )
    .default('')
    .describe(label);
}
export const deputyPhone = phoneField('联系电话');

export const deputyInput = z
  .object({
    name: text('姓名', { max: 20 }),
    gender: pick('性别', GENDERS),
    ethnicity: pick('民族', ETHNICITIES),
    birthDate: birthDate.optional().or(z.literal('')).default(''),
    politicalAffiliation: optionalText('政治面貌', 20),
    education: optionalText('学历', 20),
    workplacePost: optionalText('工作单位及职务', 100),
    levels: z
      .array(pick('代表层级', DEPUTY_LEVELS), { error: '请选择代表层级' })
      .min(1, '请至少选择一个代表层级')
      .max(5)
      .refine((v) => new Set(v).size === v.length, '代表层级有重复')
      .describe('代表层级'),
    term: optionalText('届次', 20),
    cardNumber: optionalText('代表证号', 30),
    constituency: optionalText('选区/选举单位', 60),
    groupId: uuid('代表小组').nullable().default(null),
    phone: deputyPhone,
    address: optionalText('地址', 120),
    bio: optionalText('简介', 2000),
    stationRole: pick('站内职务', STATION_ROLES).default('进站代表'),
  })
  .strict();
export type DeputyInput = z.input<typeof deputyInput>;

export const deputyStatusEntry = z.object({
  id: z.string(),
  status: z.enum(DEPUTY_STATUSES),
  effectiveDate: z.string(),
  note: z.string(),
  recordedAt: z.string(),
});

export const deputy = z.object({
  id: z.string(),
  name: z.string(),
  gender: z.enum(GENDERS),
  ethnicity: z.string(),
  birthDate: z.string(),
  politicalAffiliation: z.string(),
  education: z.string(),
  workplacePost: z.string(),
  levels: z.array(z.enum(DEPUTY_LEVELS)),
  term: z.string(),
  cardNumber: z.string(),
  constituency: z.string(),
  groupId: z.string().nullable(),
  groupName: z.string().nullable(),
  phone: z.string(),
  address: z.string(),
  bio: z.string(),
  stationRole: z.enum(STATION_ROLES),
  status: z.enum(DEPUTY_STATUSES),
  statusDate: z.string(),
  /** SHA-256 of the ID photo (an attachment), or null. */
  photo: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Deputy = z.infer<typeof deputy>;

/** A stored deputy's editable fields: what the edit form starts from and what an import compares. */
export function deputyEditableFields(d: Deputy): z.output<typeof deputyInput> {
  return {
    name: d.name,
    gender: d.gender,
    ethnicity: d.ethnicity as z.output<typeof deputyInput>['ethnicity'],
    birthDate: d.birthDate,
    politicalAffiliation: d.politicalAffiliation,
    education: d.education,
    workplacePost: d.workplacePost,
    levels: d.levels,
    term: d.term,
    cardNumber: d.cardNumber,
    constituency: d.constituency,
    groupId: d.groupId,
    phone: d.phone,
    address: d.address,
    bio: d.bio,
    stationRole: d.stationRole,
  };
}

export const deputyDetail = deputy.extend({ statusHistory: z.array(deputyStatusEntry) });
export type DeputyDetail = z.infer<typeof deputyDetail>;

export const rosterListInput = z
  .object({
    /** Name, pinyin (zhangsan), initials (zs), workplace or constituency. */
    q: z.string().trim().max(50, '搜索内容不能超过50个字').default('').describe('搜索'),
    level: pick('代表层级', DEPUTY_LEVELS).optional(),
    groupId: uuid('代表小组').optional(),
    status: pick('状态', DEPUTY_STATUSES).optional(),
    sort: z.enum(['name', 'group', 'level', 'status', 'updated']).default('name').describe('排序'),
    page: z.number().int().min(1).max(100_000).default(1).describe('页码'),
    pageSize: z.number().int().min(1).max(200).default(50).describe('每页条数'),
  })
  .strict();

export const deputyGroup = z.object({ id: z.string(), name: z.string(), memberCount: z.number().int() });

/** An xlsx file carried through the API (base64), at most 8 MB. */
const xlsxFile = z
  .object({
    fileName: text('文件名', { max: 200 }),
    base64: z
      .string({ error: '请选择要导入的文件' })
      .min(1, '请选择要导入的文件')
      .max(11_200_000, '文件太大（超过8MB）。名册一般不会这么大，请确认选对了文件')
      .describe('文件'),
  })
  .strict();

export const importRow = z.object({
  /** The row number as Excel shows it. */
  rowNumber: z.number().int(),
  action: z.enum(['add', 'update', 'unchanged', 'reject']),
  name: z.string(),
  /** The deputy an update matched (by card number, else name + birth date). */
  deputyId: z.string().nullable(),
  /** Why a row is rejected: the column (as headed in the file) and the reason. */
  problems: z.array(z.object({ column: z.string(), message: z.string() })),
  /** For updates: the fields that would change, before → after. */
  changes: z.array(z.object({ field: z.string(), before: z.string(), after: z.string() })),
});
export const importPreview = z.object({
  sheetName: z.string(),
  headerRow: z.number().int(),
  /** Recognised columns: header as written → field label. Unknown headers are listed apart. */
  columns: z.array(z.object({ header: z.string(), field: z.string() })),
  ignoredHeaders: z.array(z.string()),
  /** Group names (代表小组) the file uses that do not exist yet: the import creates them. */
  newGroups: z.array(z.string()),
  rows: z.array(importRow),
  counts: z.object({
    add: z.number().int(),
    update: z.number().int(),
    unchanged: z.number().int(),
    reject: z.number().int(),
  }),
});
export type ImportPreview = z.infer<typeof importPreview>;

export const fileDownload = z.object({ fileName: z.string(), base64: z.string() });

export const deputyFile = z.object({
  deputy: deputy,
  year: z.number().int(),
  /** One section per kind of record; sections of areas not built yet are empty ("暂无记录"). */
  sections: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      total: z.number().int(),
      items: z.array(z.object({ date: z.string(), title: z.string(), detail: z.string() })),
    }),
  ),
});
export type DeputyFile = z.infer<typeof deputyFile>;

// ---------------------------------------------------------------------------------------
// Receptions (接待登记) — DOMAIN.md §3

export const RECEPTION_CHANNELS = ['来访', '电话', '信件', '网络', '走访'] as const;
/** 登记 → 办理中 → 已办结 → 已反馈; reopening goes back to 办理中. */
export const RECEPTION_STATUSES = ['登记', '办理中', '已办结', '已反馈'] as const;
export const DISPOSITIONS = ['不予受理', '当场答复', '交办', '转办', '转为代表建议', '联合接待'] as const;
export const ANSWER_METHODS = ['当面', '电话', '短信', '书面', '上门'] as const;
export const SATISFACTION_LEVELS = ['满意', '基本满意', '不满意', '未表态'] as const;
/** The categories a new station starts with; the administrator edits the list. */
export const DEFAULT_RECEPTION_CATEGORIES = [
  '乡村振兴',
  '城乡建设',
  '环境卫生',
  '社会保障',
  '教育医疗',
  '劳动就业',
  '交通出行',
  '安全生产',
  '营商环境',
  '矛盾纠纷',
  '其他',
] as const;
/** What can happen on a reception's timeline. */
export const RECEPTION_EVENT_KINDS = [
  '登记',
  '修改',
  ...DISPOSITIONS,
  '催办',
  '办理答复',
  '办结',
  '反馈',
  '重新办理',
  '作废',
] as const;

/** GB 11643: 17 digits, a check character (0-9 or X) and a real birth date inside. */
export function idNumberValid(v: string): boolean {
  if (!/^\d{17}[\dX]$/.test(v)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(v[i]), 0);
  if ('10X98765432'[sum % 11] !== v[17]) return false;
  const birth = `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`;
  const d = new Date(`${birth}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === birth && v.slice(6, 8) >= '19';
}

export const idNumberField = z
  .string({ error: '身份证号应为文字' })
  .trim()
  .transform((v) => v.replace(/\s/g, '').toUpperCase())
  .refine((v) => v === '' || /^\d{17}[\dX]$/.test(v), '身份证号应为18位（最后一位可以是X），请核对')
  .refine(
    (v) => v === '' || !/^\d{17}[\dX]$/.test(v) || idNumberValid(v),
    '身份证号校验不通过（可能有一位抄错了），请对照证件重新输入',
  )
  .default('')
  .describe('身份证号');

/** Phrases that only say "we passed it on": not an answer to the visitor (件件有回音). */
const FORM_REPLY_WORDS = [
  '请耐心等待',
  '耐心等待',
  '请等待',
  '等待答复',
  '等待',
  '已转办',
  '已交办',
  '已转交',
  '已经转办',
  '已经交办',
  '已受理',
  '已收到',
  '收到',
  '正在办理中',
  '正在处理中',
  '正在办理',
  '正在处理',
  '办理中',
  '处理中',
  '请',
];
/** True when the text is nothing but form phrases, in any order or combination (word break). */
export function isFormReply(text: string): boolean {
  const rest = text.replace(/[\s，。,.!！、；;：:…~]/g, '');
  const reachable = [true];
  for (let i = 0; i < rest.length; i++) {
    if (!reachable[i]) continue;
    for (const w of FORM_REPLY_WORDS) if (rest.startsWith(w, i)) reachable[i + w.length] = true;
  }
  return reachable[rest.length] === true;
}

/** An answer to the visitor: what was done or why not, never a form phrase. */
export function answerText(label: string) {
  return text(label, { max: 2000 }).refine(
    (v) => !isFormReply(v),
    `${label}要写明办理结果（解决了什么、怎么解决、不能解决的原因），“已转办，请等待”这类话不算答复`,
  );
}

/** Local date and time at the station: 2026-03-08 09:30 (a T in the middle is accepted too). */
export const localDateTime = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}$/, `${label}应写成 年-月-日 时:分，例如 2026-03-08 09:30`)
    .transform((v) => v.replace('T', ' '))
    .refine((v) => {
      const d = new Date(`${v.replace(' ', 'T')}:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 16).replace('T', ' ') === v;
    }, `${label}不是一个真实的时间，请核对`)
    .describe(label);

const optionalCount = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label}应为数字` })
    .int(`${label}应为整数`)
    .min(min, `${label}不能小于${min}`)
    .max(max, `${label}不能大于${max}`)
    .nullable()
    .default(null)
    .describe(label);

export const visitorInput = z
  .object({
    name: text('来访人姓名', { max: 20 }),
    gender: z.enum(GENDERS, { error: '请从列表中选择性别' }).or(z.literal('')).default('').describe('性别'),
    /** Age at the visit, or the birth year: either one, as the visitor says it. */
    age: optionalCount('年龄', 1, 120),
    birthYear: optionalCount('出生年份', 1900, 2100),
    phone: phoneField('来访人电话'),
    address: optionalText('住址（村、社区）', 120),
    /** How many came together (a group of villagers counts as one visit, many persons). */
    groupSize: z
      .number({ error: '同来人数应为数字' })
      .int('同来人数应为整数')
      .min(1, '同来人数至少为1')
      .max(10_000, '同来人数不能大于10000')
      .default(1)
      .describe('同来人数'),
    /** Only when the station has turned ID numbers on (receptions.settings). */
    idNumber: idNumberField,
  })
  .strict();
export type VisitorInput = z.input<typeof visitorInput>;

const attachmentRef = z
  .object({
    sha256: z.string().regex(/^[0-9a-f]{64}$/, '附件编号格式不对'),
    fileName: text('附件名称', { max: 200 }),
  })
  .strict();

const receptionFields = z.object({
  /** Station-local time of the visit or call; not in the future. */
  receivedAt: localDateTime('接待时间'),
  channel: pick('接待方式', RECEPTION_CHANNELS),
  visitors: z
    .array(visitorInput, { error: '请登记来访人' })
    .min(1, '请至少登记一位来访人')
    .max(50)
    .describe('来访人'),
  deputyIds: z
    .array(uuid('接待代表'))
    .max(30, '接待代表最多30位')
    .refine((v) => new Set(v).size === v.length, '接待代表有重复')
    .default([])
    .describe('接待代表'),
  staff: z
    .array(text('工作人员姓名', { max: 20 }))
    .max(10, '工作人员最多10位')
    .default([])
    .describe('工作人员'),
  /** One of the station's categories (receptions.settings). */
  category: text('问题类别', { max: 20 }),
  title: text('事项标题', { max: 60 }),
  /** The matter in the visitor's own words (原话原意). */
  matter: text('反映内容', { max: 5000 }),
  confidential: z.boolean().default(false).describe('要求保密'),
  attachments: z.array(attachmentRef).max(20, '附件最多20个').default([]).describe('附件'),
});

function receptionChecks<T extends z.ZodType<z.output<typeof receptionFields>>>(schema: T) {
  return schema.superRefine((v, ctx) => {
    if (v.deputyIds.length === 0 && v.staff.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['deputyIds'],
        message: '请至少选择一位接待代表，或填写接待的工作人员',
      });
  });
}

export const receptionInput = receptionChecks(receptionFields.strict());
export type ReceptionInput = z.input<typeof receptionInput>;
export const receptionUpdateInput = receptionChecks(
  receptionFields.extend({ id: uuid('接待记录') }).strict(),
);

const receptionId = { id: uuid('接待记录') };
const businessDate = (label: string) => calendarDate(label, { past: true });
const handleCommon = { ...receptionId, date: businessDate('办理日期'), note: optionalText('说明', 500) };

/** How a matter is handled (DOMAIN.md §3). Each disposition asks for what it needs. */
export const handleInput = z.discriminatedUnion(
  'disposition',
  [
    z
      .object({
        ...handleCommon,
        disposition: z.literal('不予受理'),
        /** What the visitor was told and where they were referred (e.g. 向法院起诉). */
        referral: text('告知的去向', { max: 500 }),
      })
      .strict(),
    z
      .object({
        ...handleCommon,
        disposition: z.literal('当场答复'),
        answer: answerText('答复内容'),
        satisfaction: pick('满意度', SATISFACTION_LEVELS).default('未表态'),
      })
      .strict(),
    z
      .object({
        ...handleCommon,
        disposition: z.enum(['交办', '转办', '联合接待']),
        /** The receiving unit(s): a township office, a county organ, or the departments joined. */
        unit: text('承办单位', { max: 100 }),
        deadline: calendarDate('办理期限'),
      })
      .strict(),
    z
      .object({
        ...handleCommon,
        disposition: z.literal('转为代表建议'),
        /** The deputy who takes it up as a formal suggestion. */
        deputyId: uuid('提出建议的代表'),
        deadline: calendarDate('办理期限').or(z.literal('')).default(''),
      })
      .strict(),
  ],
  { error: '请选择处理方式' },
);
export type HandleInput = z.input<typeof handleInput>;

export const receptionSettings = z.object({
  categories: z.array(z.string()),
  collectIdNumbers: z.boolean(),
});
export type ReceptionSettings = z.infer<typeof receptionSettings>;

export const receptionSettingsInput = z
  .object({
    categories: z
      .array(text('类别名称', { max: 20 }))
      .min(1, '至少要保留一个问题类别')
      .max(40, '问题类别最多40个')
      .refine((v) => new Set(v).size === v.length, '问题类别有重复')
      .describe('问题类别'),
    collectIdNumbers: z.boolean().describe('登记身份证号'),
  })
  .strict();

export const receptionVisitor = z.object({
  id: z.string(),
  name: z.string(),
  gender: z.enum(GENDERS).or(z.literal('')),
  age: z.number().int().nullable(),
  birthYear: z.number().int().nullable(),
  phone: z.string(),
  address: z.string(),
  groupSize: z.number().int(),
  idNumber: z.string(),
});

export const receptionEvent = z.object({
  id: z.string(),
  kind: z.enum(RECEPTION_EVENT_KINDS),
  /** The business date (when it was handed over, answered …), YYYY-MM-DD. */
  date: z.string(),
  /** When it was recorded (ISO 8601) and by whom. */
  at: z.string(),
  actor: z.string(),
  /** A one-line Chinese account: 交办 乡政府，期限 2026-04-10. */
  summary: z.string(),
});

export const receptionListItem = z.object({
  id: z.string(),
  /** 接待编号: year and running number, e.g. 2026-0042. */
  number: z.string(),
  receivedAt: z.string(),
  channel: z.enum(RECEPTION_CHANNELS),
  category: z.string(),
  title: z.string(),
  status: z.enum(RECEPTION_STATUSES),
  disposition: z.enum(DISPOSITIONS).nullable(),
  unit: z.string(),
  deadline: z.string(),
  /** Days past the deadline while still 办理中; 0 when not overdue. */
  overdueDays: z.number().int(),
  confidential: z.boolean(),
  /** Visitors' names (a confidential visitor's name as 王某), e.g. 王某、李四. */
  visitorNames: z.string(),
  /** The first visitor's phone, masked: 138****5678. */
  visitorPhone: z.string(),
  persons: z.number().int(),
  deputyNames: z.array(z.string()),
  satisfaction: z.enum(SATISFACTION_LEVELS).or(z.literal('')),
});
export type ReceptionListItem = z.infer<typeof receptionListItem>;

export const receptionDetail = receptionListItem.extend({
  matter: z.string(),
  /** Full phones and ID numbers: the detail page is the one place they are shown. */
  visitors: z.array(receptionVisitor),
  deputies: z.array(z.object({ id: z.string(), name: z.string(), levels: z.array(z.enum(DEPUTY_LEVELS)) })),
  staff: z.array(z.string()),
  referral: z.string(),
  suggestionDeputyId: z.string().nullable(),
  reply: z.object({ date: z.string(), unit: z.string(), text: z.string() }).nullable(),
  answer: z
    .object({
      date: z.string(),
      method: z.enum(ANSWER_METHODS).or(z.literal('当场')),
      text: z.string(),
      satisfaction: z.enum(SATISFACTION_LEVELS),
    })
    .nullable(),
  reminders: z.number().int(),
  attachments: z.array(
    z.object({ sha256: z.string(), fileName: z.string(), mime: z.string(), size: z.number().int() }),
  ),
  dutySlotId: z.string().nullable(),
  /** Oldest first. */
  events: z.array(receptionEvent),
  /** What may be done next, so the page offers only those buttons (the service checks again). */
  allowed: z.array(z.enum(['update', 'handle', 'remind', 'reply', 'answer', 'reopen', 'void'])),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ReceptionDetail = z.infer<typeof receptionDetail>;

/** A list filter given as one value or a list of them (existing callers pass one). */
const oneOrMore = <T extends readonly [string, ...string[]]>(label: string, values: T) =>
  z
    .union([pick(label, values), z.array(pick(label, values)).max(values.length)], {
      error: `请从列表中选择${label}`,
    })
    .optional()
    .describe(label);

export const receptionListInput = z
  .object({
    /** Words from the title, the matter or a visitor's name (2+ characters, or pinyin); a full phone number. */
    q: z.string().trim().max(50, '搜索内容不能超过50个字').default('').describe('搜索'),
    from: calendarDate('开始日期').optional(),
    to: calendarDate('结束日期').optional(),
    channel: pick('接待方式', RECEPTION_CHANNELS).optional(),
    category: z.string().trim().max(20).optional().describe('问题类别'),
    /** One status or several (the statistics page's links: 已办结 and 已反馈); [] = any. */
    status: oneOrMore('办理状态', RECEPTION_STATUSES),
    /** How the matter was handled: one disposition or several (交办, 转办 …); [] = any. */
    disposition: oneOrMore('处理方式', DISPOSITIONS),
    deputyId: uuid('接待代表').optional(),
    overdue: z.boolean().default(false).describe('只看逾期'),
    confidential: z.boolean().optional().describe('要求保密'),
    /** Newest visit first, or (without a search) the longest overdue first: the earliest deadline. */
    sort: z.enum(['newest', 'deadline']).default('newest').describe('排序'),
    page: z.number().int().min(1).max(100_000).default(1).describe('页码'),
    /** Up to 1000 for a printed ledger (台账) of a date range. */
    pageSize: z.number().int().min(1).max(1000).default(50).describe('每页条数'),
  })
  .strict()
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: '开始日期不能晚于结束日期', path: ['to'] });

/**
 * Totals above the cap are reported as the cap with `totalCapped` ("10000 条以上") instead of
 * counted to the end. A count that must read every matching row (a search with filters, or
 * several filters) stops at the narrower cap.
 */
export const RECEPTION_COUNT_CAP = 10_000;
export const RECEPTION_COUNT_CAP_NARROWED = 1_000;

// ---------------------------------------------------------------------------------------
// Duty schedule (值班排班) — DOMAIN.md §2

/** 每周 on given weekdays, 每月 on given days (of given months), or 指定日期 (a list of dates). */
export const DUTY_RULE_KINDS = ['每周', '每月', '指定日期'] as const;
/** ISO weekdays: 1 = 周一 … 7 = 周日. */
export const WEEKDAY_NAMES = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const;
/**
 * A deputy's standing on one slot: 已排班 (planned, nothing recorded yet), 到岗 (signed in),
 * 请假 (asked the 站长 in advance), 缺席 (did not come), 调换 (the slot went to another deputy,
 * who has their own row on it).
 */
export const ATTENDANCE_STATUSES = ['已排班', '到岗', '请假', '缺席', '调换'] as const;
/** Holiday-calendar days: 休 = an official day off, 班 = a swapped working day (调休上班). */
export const HOLIDAY_KINDS = ['休', '班'] as const;

/** A clock time HH:MM (24-hour). */
export const clockTime = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, `${label}应写成 时:分，例如 09:00 或 14:30`)
    .describe(label);

export const timeRange = z
  .object({ start: clockTime('开始时间'), end: clockTime('结束时间') })
  .strict()
  .refine((v) => v.start < v.end, { message: '结束时间应晚于开始时间', path: ['end'] });

const dayNumbers = (label: string, min: number, max: number) =>
  z
    .array(
      z
        .number({ error: `${label}应为数字` })
        .int(`${label}应为整数`)
        .min(min, `${label}应在${min}到${max}之间`)
        .max(max, `${label}应在${min}到${max}之间`),
    )
    .max(max)
    .refine((v) => new Set(v).size === v.length, `${label}有重复`)
    .default([])
    .describe(label);

const deputyIdList = (label: string, max: number) =>
  z
    .array(uuid(label))
    .max(max, `${label}最多${max}位`)
    .refine((v) => new Set(v).size === v.length, `同一位代表不能重复安排`)
    .default([])
    .describe(label);

const dutyRuleFields = z.object({
  name: text('规则名称', { max: 40 }),
  kind: pick('排班方式', DUTY_RULE_KINDS),
  /** 每周: which weekdays (1 = 周一 … 7 = 周日). */
  weekdays: dayNumbers('星期', 1, 7),
  /** 每月: which days of the month; a day the month lacks (31日 in April) is skipped. */
  monthDays: dayNumbers('日期', 1, 31),
  /** 每月: which months; empty means every month (e.g. [1,3,5,7,9,11] for odd months). */
  months: dayNumbers('月份', 1, 12),
  /** 指定日期: the dates themselves. */
  dates: z
    .array(calendarDate('值班日期'))
    .max(400, '指定日期最多400个')
    .refine((v) => new Set(v).size === v.length, '指定日期有重复')
    .default([])
    .describe('指定日期'),
  /** The time slots of each duty day, e.g. 09:00–11:00 and 14:30–17:00. */
  times: z.array(timeRange).min(1, '请至少设置一个时段').max(6, '每天最多6个时段').describe('时段'),
  place: text('地点', { max: 60 }),
  deputiesPerSlot: z
    .number({ error: '每班人数应为数字' })
    .int('每班人数应为整数')
    .min(1, '每班至少安排1位代表')
    .max(20, '每班最多安排20位代表')
    .default(2)
    .describe('每班人数'),
  /** Who takes turns; empty means every deputy in office (在任). */
  deputyIds: deputyIdList('轮值代表', 200),
  /** 节假日顺延: a slot on an official day off moves to the next working day. */
  postponeOnHoliday: z.boolean().default(true).describe('节假日顺延'),
  startDate: calendarDate('启用日期'),
  endDate: calendarDate('停用日期').or(z.literal('')).default(''),
});

function dutyRuleChecks<T extends z.ZodType<z.output<typeof dutyRuleFields>>>(schema: T) {
  return schema.superRefine((v, ctx) => {
    if (v.kind === '每周' && v.weekdays.length === 0)
      ctx.addIssue({ code: 'custom', path: ['weekdays'], message: '请选择每周哪几天值班' });
    if (v.kind === '每月' && v.monthDays.length === 0)
      ctx.addIssue({ code: 'custom', path: ['monthDays'], message: '请选择每月哪几天值班' });
    if (v.kind === '指定日期' && v.dates.length === 0)
      ctx.addIssue({ code: 'custom', path: ['dates'], message: '请至少填写一个值班日期' });
    const sorted = [...v.times].sort((a, b) => a.start.localeCompare(b.start));
    for (let i = 1; i < sorted.length; i++)
      if (sorted[i]!.start < sorted[i - 1]!.end)
        ctx.addIssue({ code: 'custom', path: ['times'], message: '同一天的时段之间不能重叠，请调整时间' });
    if (v.endDate && v.endDate < v.startDate)
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: '停用日期不能早于启用日期' });
  });
}

export const dutyRuleInput = dutyRuleChecks(dutyRuleFields.strict());
export type DutyRuleInput = z.input<typeof dutyRuleInput>;
export const dutyRuleUpdateInput = dutyRuleChecks(dutyRuleFields.extend({ id: uuid('值班规则') }).strict());

export const dutyRule = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(DUTY_RULE_KINDS),
  weekdays: z.array(z.number().int()),
  monthDays: z.array(z.number().int()),
  months: z.array(z.number().int()),
  dates: z.array(z.string()),
  times: z.array(z.object({ start: z.string(), end: z.string() })),
  place: z.string(),
  deputiesPerSlot: z.number().int(),
  deputyIds: z.array(z.string()),
  postponeOnHoliday: z.boolean(),
  startDate: z.string(),
  endDate: z.string(),
  /** A one-line Chinese account: 每周三 09:00–11:00、14:30–17:00，每班2人，节假日顺延. */
  summary: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DutyRule = z.infer<typeof dutyRule>;

export const dutyAssignment = z.object({
  id: z.string(),
  deputyId: z.string(),
  deputyName: z.string(),
  levels: z.array(z.enum(DEPUTY_LEVELS)),
  status: z.enum(ATTENDANCE_STATUSES),
  /** ISO 8601 with the station's offset, from the PC clock. */
  signedInAt: z.string().nullable(),
  signedOutAt: z.string().nullable(),
  /** The leave's reason, the absence's note, or the swap's account (与李四调换). */
  reason: z.string(),
  /** For 调换: the deputy who took this place. */
  swappedWith: z.object({ deputyId: z.string(), deputyName: z.string() }).nullable(),
});
export type DutyAssignment = z.infer<typeof dutyAssignment>;

export const dutySlot = z.object({
  id: z.string(),
  ruleId: z.string().nullable(),
  /** The rule's name, or '' for a slot added by hand. */
  ruleName: z.string(),
  date: z.string(),
  /** The date the rule gave before 节假日顺延; equals `date` when the slot did not move. */
  plannedDate: z.string(),
  /** Why it moved, e.g. 国庆节顺延; '' when it did not. */
  movedReason: z.string(),
  start: z.string(),
  end: z.string(),
  place: z.string(),
  capacity: z.number().int(),
  /** Changed by hand since it was generated: regeneration leaves it alone unless told otherwise. */
  handEdited: z.boolean(),
  note: z.string(),
  /** When the 接待日公告 was printed, or null. */
  noticePrintedAt: z.string().nullable(),
  /** Everyone planned for the slot, swapped-out rows (调换) included, in pinyin order. */
  assignments: z.array(dutyAssignment),
});
export type DutySlot = z.infer<typeof dutySlot>;

/** An object with `from` and `to` dates: end not before start, at most `maxDays` days. */
function dateRangeInput<S extends z.ZodRawShape>(shape: S, maxDays: number, what: string) {
  return z
    .object({ from: calendarDate('开始日期'), to: calendarDate('结束日期'), ...shape })
    .strict()
    .superRefine((v, ctx) => {
      const { from, to } = v as { from: string; to: string };
      if (to < from) ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期不能早于开始日期' });
      else if ((Date.parse(to) - Date.parse(from)) / 86_400_000 >= maxDays)
        ctx.addIssue({ code: 'custom', path: ['to'], message: `${what}最长${maxDays}天，请缩短日期范围` });
    });
}

export const dutyPlanInput = dateRangeInput(
  {
    /** One rule, or every rule in force when omitted. */
    ruleId: uuid('值班规则').optional(),
    /** Also regenerate slots changed by hand (the clerk was asked). Past slots are never touched. */
    overwriteEdited: z.boolean().default(false).describe('覆盖手工调整'),
    /** Re-run the rotation for future, unedited slots that keep their date (e.g. after a deputy left). */
    reassign: z.boolean().default(false).describe('重新轮排代表'),
  },
  800,
  '一次排班',
);
export type DutyPlanInput = z.input<typeof dutyPlanInput>;

const slotRef = z.object({
  id: z.string(),
  date: z.string(),
  start: z.string(),
  end: z.string(),
  place: z.string(),
});
export const dutyPlanResult = z.object({
  /** Slots the plan adds, moves or removes (dates in order). */
  created: z.array(slotRef),
  moved: z.array(slotRef.extend({ fromDate: z.string() })),
  removed: z.array(slotRef),
  unchanged: z.number().int(),
  /** Hand-edited future slots the plan would change but leaves alone (overwriteEdited is off). */
  keptEdited: z.array(slotRef),
  /** Slots before today in the range: never touched. */
  pastSkipped: z.number().int(),
  /** Deputy places filled by the rotation. */
  assigned: z.number().int(),
  /** Things the clerk should know, e.g. 2026-05-06 只排到1位代表（每班2人）：可排的代表不够. */
  warnings: z.array(z.string()),
});
export type DutyPlanResult = z.infer<typeof dutyPlanResult>;

export const dutySlotsInput = dateRangeInput({ deputyId: uuid('代表').optional() }, 400, '查询');

const slotFields = {
  date: calendarDate('值班日期'),
  start: clockTime('开始时间'),
  end: clockTime('结束时间'),
  place: text('地点', { max: 60 }),
  capacity: z
    .number({ error: '每班人数应为数字' })
    .int('每班人数应为整数')
    .min(1, '每班至少安排1位代表')
    .max(20, '每班最多安排20位代表')
    .describe('每班人数'),
  note: optionalText('备注', 200),
};
const slotTimesInOrder = (v: { start: string; end: string }, ctx: z.RefinementCtx) => {
  if (v.end <= v.start) ctx.addIssue({ code: 'custom', path: ['end'], message: '结束时间应晚于开始时间' });
};
export const dutySlotCreateInput = z
  .object({ ...slotFields, deputyIds: deputyIdList('值班代表', 20) })
  .strict()
  .superRefine(slotTimesInOrder);
export const dutySlotUpdateInput = z
  .object({ id: uuid('值班'), ...slotFields })
  .strict()
  .superRefine(slotTimesInOrder);

const assignmentId = { assignmentId: uuid('值班安排') };

export const attendanceFigures = z.object({
  /**
   * Places that count (调换 excluded): those before today, and today's once something is
   * recorded on them. A leave asked for a later day counts when that day comes.
   */
  assigned: z.number().int(),
  kept: z.number().int(),
  leave: z.number().int(),
  absent: z.number().int(),
  /** Places dated before today with nothing recorded (still 已排班). */
  unrecorded: z.number().int(),
  /** Places handed to another deputy (调换): not counted in `assigned`. */
  swappedOut: z.number().int(),
  /** 进站率 = kept / assigned; null when nothing was assigned. */
  rate: z.number().nullable(),
  /** Places after today, and today's with nothing recorded yet (调换 excluded). */
  upcoming: z.number().int(),
});
export type AttendanceFigures = z.infer<typeof attendanceFigures>;

export const dutyAttendanceInput = dateRangeInput({ deputyId: uuid('代表').optional() }, 3700, '统计');
export const dutyAttendance = z.object({
  from: z.string(),
  to: z.string(),
  deputies: z.array(attendanceFigures.extend({ deputyId: z.string(), name: z.string() })),
  totals: attendanceFigures,
});
export type DutyAttendance = z.infer<typeof dutyAttendance>;

export const dutyNotice = z.object({
  slot: dutySlot,
  station: z.object({ name: z.string(), address: z.string(), phone: z.string() }),
  /** e.g. 2026年12月2日（星期三）. */
  dateText: z.string(),
  /** The deputies who will receive (leave and swapped-out excluded), with levels and workplace. */
  deputies: z.array(
    z.object({ name: z.string(), levels: z.array(z.enum(DEPUTY_LEVELS)), workplacePost: z.string() }),
  ),
  /** 受理范围: what the station accepts (duty.settings). */
  acceptScope: z.string(),
  /** The notice must be up by this date: 3 days before the slot. */
  postBy: z.string(),
});
export type DutyNotice = z.infer<typeof dutyNotice>;

export const dutySettings = z.object({ acceptScope: z.string() });
export const dutySettingsInput = z.object({ acceptScope: text('受理范围', { max: 1000 }) }).strict();

export const dutyLeave = z.object({
  id: z.string(),
  deputyId: z.string(),
  deputyName: z.string(),
  from: z.string(),
  to: z.string(),
  reason: z.string(),
});
export type DutyLeave = z.infer<typeof dutyLeave>;
export const dutyLeaveInput = dateRangeInput(
  { deputyId: uuid('代表'), reason: text('请假原因', { max: 200 }) },
  1000,
  '请假',
);

export const holidayDay = z
  .object({
    date: calendarDate('日期'),
    kind: pick('类型（休或班）', HOLIDAY_KINDS),
    name: text('节日名称', { max: 20 }),
  })
  .strict();
export const holidayYear = z.object({
  year: z.number().int(),
  /** builtin: shipped with the app (read-only); custom: entered here; none: not known yet. */
  source: z.enum(['builtin', 'custom', 'none']),
  editable: z.boolean(),
  days: z.array(z.object({ date: z.string(), kind: z.enum(HOLIDAY_KINDS), name: z.string() })),
  /** The years the shipped data covers, e.g. 2004–2026, and the years entered by hand. */
  builtinYears: z.object({ from: z.number().int(), to: z.number().int() }),
  customYears: z.array(z.number().int()),
});
export type HolidayYear = z.infer<typeof holidayYear>;
const holidayYearNumber = z
  .number({ error: '年份应为数字' })
  .int()
  .min(2000, '年份不对')
  .max(2100, '年份不对')
  .describe('年份');

// ---------------------------------------------------------------------------------------
// 上墙公示 (wall notices): the catalog of templates lives in resources/notices/catalog.ts.

export const noticeTemplateKey = z
  .enum(NOTICE_TEMPLATE_KEYS, { error: '没有这个公示模板，请从模板列表里选择' })
  .describe('模板');

export const paperSchema = z
  .object({
    size: z.enum(PAPER_SIZES, { error: '纸张只能选 A4、A3 或自定义尺寸' }).describe('纸张'),
    orientation: z.enum(PAPER_ORIENTATIONS, { error: '方向只能选竖版或横版' }).describe('方向'),
    widthMm: z
      .number({ error: '宽度应为数字（毫米）' })
      .int('宽度请填整数毫米')
      .min(CUSTOM_PAPER_MIN_MM, `宽度至少${CUSTOM_PAPER_MIN_MM}毫米`)
      .max(CUSTOM_PAPER_MAX_MM, `宽度最多${CUSTOM_PAPER_MAX_MM}毫米`)
      .optional()
      .describe('宽度'),
    heightMm: z
      .number({ error: '高度应为数字（毫米）' })
      .int('高度请填整数毫米')
      .min(CUSTOM_PAPER_MIN_MM, `高度至少${CUSTOM_PAPER_MIN_MM}毫米`)
      .max(CUSTOM_PAPER_MAX_MM, `高度最多${CUSTOM_PAPER_MAX_MM}毫米`)
      .optional()
      .describe('高度'),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.size !== 'custom') return;
    if (p.widthMm === undefined)
      ctx.addIssue({ code: 'custom', path: ['widthMm'], message: '自定义尺寸请填写宽度（毫米），例如 900' });
    if (p.heightMm === undefined)
      ctx.addIssue({ code: 'custom', path: ['heightMm'], message: '自定义尺寸请填写高度（毫米），例如 600' });
  });

const SUBJECT_RULES: Record<NoticeSubjectKind, { pattern: RegExp; message: string }> = {
  none: { pattern: /^$/, message: '这个模板不需要选择月份、年份或值班' },
  month: { pattern: /^\d{4}-(0[1-9]|1[0-2])$/, message: '请选择月份，例如 2026-12' },
  year: { pattern: /^\d{4}$/, message: '请选择年份，例如 2026' },
  slot: {
    pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    message: '请选择一次值班（接待日）',
  },
};

/** Template + subject ('' / YYYY-MM / YYYY / slot id, as the template asks). */
const boardShape = {
  template: noticeTemplateKey,
  subject: z.string({ error: '请选择公示的月份、年份或值班' }).max(64).default('').describe('公示对象'),
};
function checkSubject(v: { template: NoticeTemplateKey; subject: string }, ctx: z.RefinementCtx): void {
  const spec = noticeTemplate(v.template);
  if (!spec) return;
  const rule = SUBJECT_RULES[spec.subject];
  if (!rule.pattern.test(v.subject))
    ctx.addIssue({ code: 'custom', path: ['subject'], message: rule.message });
}
export const boardSelectionInput = z.object(boardShape).strict().superRefine(checkSubject);
export const boardRequestInput = z
  .object({ ...boardShape, paper: paperSchema })
  .strict()
  .superRefine(checkSubject);

export const noticeTextsInput = z
  .object({
    template: noticeTemplateKey,
    texts: z.record(z.string(), z.string({ error: '文字内容应为文字' })).describe('文字'),
  })
  .strict()
  .superRefine((v, ctx) => {
    const spec = noticeTemplate(v.template);
    if (!spec) return;
    for (const [key, value] of Object.entries(v.texts)) {
      const field = spec.fields.find((f) => f.key === key);
      if (!field) {
        ctx.addIssue({ code: 'custom', path: ['texts', key], message: `这个模板没有“${key}”这一项` });
      } else if (value.length > field.max) {
        ctx.addIssue({
          code: 'custom',
          path: ['texts', key],
          message: `${field.label}不能超过${field.max}个字（现在${value.length}个），请删减`,
        });
      } else if (!field.multiline && /[\r\n]/.test(value)) {
        ctx.addIssue({ code: 'custom', path: ['texts', key], message: `${field.label}只能写一行` });
      } else if (field.key === 'title' && value.trim() === '') {
        ctx.addIssue({ code: 'custom', path: ['texts', key], message: '请填写标题' });
      }
    }
  });

export const noticeDeputy = z.object({
  id: z.string(),
  name: z.string(),
  gender: z.string(),
  levels: z.array(z.enum(DEPUTY_LEVELS)),
  constituency: z.string(),
  workplacePost: z.string(),
  phone: z.string(),
  stationRole: z.enum(STATION_ROLES),
  photoSha256: z.string().nullable(),
});
export type NoticeDeputy = z.infer<typeof noticeDeputy>;

export const noticeSlot = z.object({
  id: z.string(),
  date: z.string(),
  /** 星期三 */
  weekday: z.string(),
  start: z.string(),
  end: z.string(),
  place: z.string(),
  /** 国庆节顺延, or ''. */
  movedReason: z.string(),
  /** The deputies who will receive (leave and swapped-out excluded), pinyin order. */
  deputies: z.array(z.string()),
});
export type NoticeSlot = z.infer<typeof noticeSlot>;

/** One row of the 年度活动计划 board: a live plan item that is not cancelled. */
export const noticePlanItem = z.object({
  id: z.string(),
  month: z.number().int(),
  /** YYYY-MM-DD, or '' when the item is for the month. */
  date: z.string(),
  type: z.string(),
  theme: z.string(),
  responsible: z.string(),
  participants: z.string(),
});
export type NoticePlanItem = z.infer<typeof noticePlanItem>;

/**
 * Everything a board draws. Each template uses its part: station-info the station, leaders
 * and deputies; duty-month/-year the slots; activity-plan the plan; reception-notice the
 * notice. `dataHash` is the SHA-256 of what this template shows (photos by hash), recorded
 * with each print.
 */
export const boardData = z.object({
  template: noticeTemplateKey,
  subject: z.string(),
  /** 2026年12月 / 2026年 / 2026年12月2日（星期三）; '' when the template has no subject. */
  subjectText: z.string(),
  texts: z.record(z.string(), z.string()),
  station: z.object({
    name: z.string(),
    address: z.string(),
    phone: z.string(),
    openingHours: z.string(),
    township: z.string(),
    county: z.string(),
  }),
  /** Names by station role, from the roster (在任 only). */
  leaders: z.object({
    head: z.array(z.string()),
    viceHeads: z.array(z.string()),
    liaisons: z.array(z.string()),
  }),
  /** In-office deputies: 站长, 副站长, 联络员 first, then pinyin order. */
  deputies: z.array(noticeDeputy),
  slots: z.array(noticeSlot),
  /** activity-plan: the year's plan items in month order, cancelled ones left off. */
  plan: z.array(noticePlanItem),
  notice: dutyNotice.nullable(),
  /** Photo SHA-256 → data: URL, for the deputies that have one. */
  photos: z.record(z.string(), z.string()),
  dataHash: z.string(),
});
export type BoardData = z.infer<typeof boardData>;

export const NOTICE_PRINT_HOW = ['打印', '保存PDF'] as const;

export const noticePrint = z.object({
  id: z.string(),
  template: noticeTemplateKey,
  templateName: z.string(),
  subject: z.string(),
  subjectText: z.string(),
  paper: paperSchema,
  /** A3 横版 / 900×600 毫米 */
  paperLabel: z.string(),
  how: z.enum(NOTICE_PRINT_HOW),
  dataHash: z.string(),
  /** The PDF kept with the version; null when no PDF maker was available at the time. */
  pdfSha256: z.string().nullable(),
  pdfSize: z.number().int().nullable(),
  printedAt: z.string(),
  printedBy: z.string(),
});
export type NoticePrint = z.infer<typeof noticePrint>;

export const noticeTemplateInfo = z.object({
  key: noticeTemplateKey,
  name: z.string(),
  group: z.string(),
  subject: z.enum(['none', 'month', 'year', 'slot']),
  boundFrom: z.string(),
  /** The paper the template is designed for first. */
  paper: paperSchema,
  fields: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      multiline: z.boolean(),
      max: z.number().int(),
      default: z.string(),
      hint: z.string().optional(),
    }),
  ),
  /** The station's texts (defaults where it changed nothing). */
  texts: z.record(z.string(), z.string()),
  /** The newest version of any board made from this template. */
  lastPrint: noticePrint.nullable(),
});
export type NoticeTemplateInfo = z.infer<typeof noticeTemplateInfo>;

/** A printed board whose data changed since: what, and why it needs reprinting. */
export const staleBoard = z.object({
  template: noticeTemplateKey,
  templateName: z.string(),
  subject: z.string(),
  subjectText: z.string(),
  lastPrint: noticePrint,
  /** e.g. 张三的联系电话改了；新增代表李四；标题改了. */
  reasons: z.array(z.string()),
});
export type StaleBoard = z.infer<typeof staleBoard>;

// ---------------------------------------------------------------------------------------
// Activities (活动记录), the annual plan (年度活动计划), statistics and the ledger — DOMAIN.md §4, §5

export const ACTIVITY_TYPES = [
  '集中学习',
  '视察',
  '专题调研',
  '执法检查',
  '代表小组活动',
  '培训',
  '述职',
  '联系群众',
  '主题活动',
  '其他',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export const PARTICIPANT_ATTENDANCE = ['出席', '请假', '缺席'] as const;
/** 已完成 is derived (a live activity is linked); the clerk sets 计划中, 取消 or 延期. */
export const PLAN_STATUSES = ['计划中', '已完成', '取消', '延期'] as const;
export const PLAN_SET_STATUSES = ['计划中', '取消', '延期'] as const;
/** The voters' verdict at a 述职 meeting, per deputy and aspect. */
export const RATING_LEVELS = ['满意', '基本满意', '不满意'] as const;

const year = z
  .number({ error: '年份应为数字' })
  .int('年份应为整数')
  .min(2000, '年份不能早于2000年')
  .max(2100, '年份不能晚于2100年')
  .describe('年份');

const planItemFields = {
  year,
  month: z
    .number({ error: '请选择月份' })
    .int('月份应为整数')
    .min(1, '月份应在1到12之间')
    .max(12, '月份应在1到12之间')
    .describe('月份'),
  /** A fixed day when known; otherwise the item is for the month. Must lie in year and month. */
  date: z
    .union([z.literal(''), calendarDate('计划日期')])
    .default('')
    .describe('计划日期'),
  type: pick('活动类型', ACTIVITY_TYPES),
  theme: text('活动主题', { max: 60 }),
  responsible: optionalText('负责人', 40),
  /** Who is expected, in words: 全体进站代表, 第一代表小组 … */
  participants: optionalText('参加人员', 200),
  note: optionalText('备注', 500),
};
function planItemChecks<T extends z.ZodType<{ year: number; month: number; date: string }>>(schema: T) {
  return schema.superRefine((v, ctx) => {
    const month = `${v.year}-${String(v.month).padStart(2, '0')}`;
    if (v.date !== '' && v.date.slice(0, 7) !== month)
      ctx.addIssue({
        code: 'custom',
        path: ['date'],
        message: `计划日期应在${v.year}年${v.month}月之内，或者不填日期`,
      });
  });
}
export const planItemInput = planItemChecks(z.object(planItemFields).strict());
export type PlanItemInput = z.input<typeof planItemInput>;
export const planItemUpdateInput = planItemChecks(
  z.object({ id: uuid('计划项目'), ...planItemFields }).strict(),
);
export const planStatusInput = z
  .object({
    id: uuid('计划项目'),
    status: pick('计划状态', PLAN_SET_STATUSES),
    /** Why it was cancelled or postponed (required then). */
    reason: optionalText('原因', 200),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.status !== '计划中' && v.reason === '')
      ctx.addIssue({ code: 'custom', path: ['reason'], message: `请填写${v.status}的原因` });
  });

export const planItem = z.object({
  id: z.string(),
  year: z.number().int(),
  month: z.number().int(),
  date: z.string(),
  type: z.enum(ACTIVITY_TYPES),
  theme: z.string(),
  responsible: z.string(),
  participants: z.string(),
  note: z.string(),
  /** 已完成 when a live activity is linked; else what the clerk set (计划中, 取消, 延期). */
  status: z.enum(PLAN_STATUSES),
  statusReason: z.string(),
  /** Still 计划中 after its month (or its date) has passed. */
  behind: z.boolean(),
  activities: z.array(z.object({ id: z.string(), date: z.string(), theme: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PlanItem = z.infer<typeof planItem>;
export const planListInput = z.object({ year }).strict();
export const planList = z.object({
  year: z.number().int(),
  items: z.array(planItem),
  /** Counts by status, every status present (0 when none). */
  counts: z.record(z.enum(PLAN_STATUSES), z.number().int()),
});
export type PlanList = z.infer<typeof planList>;

const participantInput = z
  .object({
    deputyId: uuid('参加代表'),
    attendance: pick('出席情况', PARTICIPANT_ATTENDANCE),
    note: optionalText('说明', 100),
  })
  .strict();

const count = (label: string) =>
  z
    .number({ error: `${label}应为数字` })
    .int(`${label}应为整数`)
    .min(0, `${label}不能是负数`)
    .max(100_000, `${label}太大了，请核对`)
    .describe(label);

export const ratingInput = z
  .object({
    /** The deputy who reported (述职); must be among the participants. */
    deputyId: uuid('述职代表'),
    /** What was rated: 总体评价, 履职情况, 联系群众 … */
    aspect: text('评议项目', { max: 20 }).default('总体评价'),
    satisfied: count('满意票数'),
    basic: count('基本满意票数'),
    unsatisfied: count('不满意票数'),
  })
  .strict();

const activityFields = {
  date: calendarDate('活动日期', { past: true }),
  type: pick('活动类型', ACTIVITY_TYPES),
  theme: text('活动主题', { max: 60 }),
  place: text('活动地点', { max: 60 }),
  /** The plan item this activity carries out, if any (same year). */
  planItemId: uuid('计划项目').nullable().default(null),
  participants: z
    .array(participantInput)
    .max(200, '参加代表最多200位')
    .refine((v) => new Set(v.map((p) => p.deputyId)).size === v.length, '参加代表有重复，请删去重复的一位')
    .default([])
    .describe('参加代表'),
  /** Others who took part: officials, departments, voters (in words). */
  guests: optionalText('其他参加人员', 500),
  summary: text('活动内容', { max: 5000 }),
  outcomes: optionalText('活动成效', 5000),
  photos: z.array(attachmentRef).max(30, '照片最多30张').default([]).describe('活动照片'),
  /** 述职 only: voters present, and each reporting deputy's ratings; the counts add up to it. */
  votersPresent: count('到会选民人数').nullable().default(null),
  ratings: z.array(ratingInput).max(100).default([]).describe('满意度测评'),
};
type ActivityShape = {
  type: string;
  participants: { deputyId: string }[];
  votersPresent: number | null;
  ratings: { deputyId: string; aspect: string; satisfied: number; basic: number; unsatisfied: number }[];
};
function activityChecks<T extends z.ZodType<ActivityShape>>(schema: T) {
  return schema.superRefine((v, ctx) => {
    if (v.type !== '述职') {
      if (v.ratings.length > 0 || v.votersPresent !== null)
        ctx.addIssue({ code: 'custom', path: ['ratings'], message: '只有述职活动才填写满意度测评' });
      return;
    }
    if (v.ratings.length > 0 && v.votersPresent === null)
      ctx.addIssue({ code: 'custom', path: ['votersPresent'], message: '请填写到会选民人数' });
    const present = new Set(v.participants.map((p) => p.deputyId));
    const seen = new Set<string>();
    v.ratings.forEach((r, i) => {
      if (!present.has(r.deputyId))
        ctx.addIssue({
          code: 'custom',
          path: ['ratings', i, 'deputyId'],
          message: '述职代表应在参加代表之中，请先把他加到参加代表里',
        });
      const key = `${r.deputyId}\n${r.aspect}`;
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['ratings', i, 'aspect'],
          message: '同一位代表的同一评议项目填了两次',
        });
      seen.add(key);
      const sum = r.satisfied + r.basic + r.unsatisfied;
      if (v.votersPresent !== null && sum !== v.votersPresent)
        ctx.addIssue({
          code: 'custom',
          path: ['ratings', i, 'satisfied'],
          message: `满意、基本满意、不满意合计${sum}票，与到会选民${v.votersPresent}人不符，请核对`,
        });
    });
  });
}
export const activityInput = activityChecks(z.object(activityFields).strict());
export type ActivityInput = z.input<typeof activityInput>;
export const activityUpdateInput = activityChecks(
  z.object({ id: uuid('活动记录'), ...activityFields }).strict(),
);

const attendanceCounts = {
  present: z.number().int(),
  leave: z.number().int(),
  absent: z.number().int(),
};
export const activityListItem = z.object({
  id: z.string(),
  date: z.string(),
  type: z.enum(ACTIVITY_TYPES),
  theme: z.string(),
  place: z.string(),
  planItemId: z.string().nullable(),
  /** The linked plan item's theme, '' when none. */
  planTheme: z.string(),
  ...attendanceCounts,
  photoCount: z.number().int(),
});
export type ActivityListItem = z.infer<typeof activityListItem>;
export const activity = activityListItem.extend({
  participants: z.array(
    z.object({
      deputyId: z.string(),
      name: z.string(),
      attendance: z.enum(PARTICIPANT_ATTENDANCE),
      note: z.string(),
    }),
  ),
  guests: z.string(),
  summary: z.string(),
  outcomes: z.string(),
  photos: z.array(
    z.object({ sha256: z.string(), fileName: z.string(), mime: z.string(), size: z.number().int() }),
  ),
  votersPresent: z.number().int().nullable(),
  ratings: z.array(
    z.object({
      deputyId: z.string(),
      name: z.string(),
      aspect: z.string(),
      satisfied: z.number().int(),
      basic: z.number().int(),
      unsatisfied: z.number().int(),
      /** (满意 + 基本满意) ÷ votes; null when no votes. */
      rate: z.number().nullable(),
    }),
  ),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Activity = z.infer<typeof activity>;
export const activityListInput = z
  .object({
    from: calendarDate('开始日期').optional(),
    to: calendarDate('结束日期').optional(),
    type: pick('活动类型', ACTIVITY_TYPES).optional(),
    /** Activities this deputy took part in (any attendance). */
    deputyId: uuid('代表').optional(),
    planItemId: uuid('计划项目').optional(),
    /** Words from the theme, the place or the summary. */
    q: z.string().trim().max(50, '搜索内容不能超过50个字').default('').describe('搜索'),
    page: z.number().int().min(1).max(100_000).default(1).describe('页码'),
    pageSize: z.number().int().min(1).max(1000).default(50).describe('每页条数'),
  })
  .strict()
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: '结束日期不能早于开始日期', path: ['to'] });
export const activityList = z.object({ items: z.array(activityListItem), total: z.number().int() });

/** A period for the statistics and the ledger: at most ten years. */
export const statsInput = dateRangeInput({}, 3700, '统计');
export type StatsInput = z.input<typeof statsInput>;

/**
 * One headline figure: its value beside its definition (the tooltip), and the page that lists
 * the records behind it (a hash route such as /receptions?from=…&to=…&status=已反馈).
 */
export const statFigure = z.object({
  key: z.string(),
  group: z.enum(['接待', '办理', '值班', '活动']),
  label: z.string(),
  /** null: a rate with nothing to divide by (shown as —). Rates are 0–100, one decimal. */
  value: z.number().nullable(),
  unit: z.string(),
  definition: z.string(),
  link: z.string().nullable(),
});
export type StatFigure = z.infer<typeof statFigure>;
const batchesPersons = { batches: z.number().int(), persons: z.number().int() };
export const stationStats = z.object({
  from: z.string(),
  to: z.string(),
  /** The station's date the figures were taken on (overdue is as of this day). */
  today: z.string(),
  figures: z.array(statFigure),
  receptionsByMonth: z.array(z.object({ month: z.string(), ...batchesPersons })),
  receptionsByChannel: z.array(z.object({ channel: z.enum(RECEPTION_CHANNELS), ...batchesPersons })),
  receptionsByCategory: z.array(z.object({ category: z.string(), ...batchesPersons })),
  /** Answered receptions by the visitor's verdict (未表态 included). */
  satisfaction: z.array(z.object({ level: z.enum(SATISFACTION_LEVELS), count: z.number().int() })),
  duty: dutyAttendance,
  activitiesByType: z.array(
    z.object({ type: z.enum(ACTIVITY_TYPES), held: z.number().int(), planned: z.number().int() }),
  ),
  /** Plan items whose month falls in the period, by status. */
  plan: z.record(z.enum(PLAN_STATUSES), z.number().int()),
  /** Per deputy in office or on a participant list in the period: activity attendance. */
  participation: z.array(
    z.object({
      deputyId: z.string(),
      name: z.string(),
      ...attendanceCounts,
      /** present ÷ (present + leave + absent), 0–100; null when never invited. */
      rate: z.number().nullable(),
    }),
  ),
});
export type StationStats = z.infer<typeof stationStats>;

// ---------------------------------------------------------------------------------------
// Packages to the county (数据上报)

const ageRecipient = z
  .string({ error: '请填写县里的加密公钥' })
  .trim()
  .regex(
    /^age1[02-9ac-hj-np-z]{58}$/,
    '加密公钥格式不对：应以 age1 开头、共62个字符。请从县里给的配置文件中完整复制。',
  )
  .describe('加密公钥');

export const countyProfileInput = z
  .object({
    county: text('县级单位名称', { max: 60 }),
    /** '' when the county takes packages only on a USB stick. */
    intakeUrl: z
      .string()
      .trim()
      .max(300, '上报地址太长，请检查')
      .refine((v) => v === '' || /^https?:\/\/[^\s/]+(\/\S*)?$/.test(v), {
        message: '上报地址格式不对，应以 http:// 或 https:// 开头；只用U盘报送可以不填',
      })
      .describe('上报地址'),
    recipients: z
      .array(z.object({ label: text('公钥说明', { max: 30 }), recipient: ageRecipient }).strict(), {
        error: '请至少填写一个县里的加密公钥',
      })
      .min(1, '请至少填写一个县里的加密公钥，没有它数据包无法加密')
      .max(5, '加密公钥最多5个'),
    /** The county's minisign public key that signs receipts (the whole .pub file text). */
    receiptPublicKey: z
      .string({ error: '请填写县里的回执签名公钥' })
      .trim()
      .min(1, '请填写县里的回执签名公钥')
      .max(400, '回执签名公钥太长，请只粘贴公钥文件的内容')
      .describe('回执签名公钥'),
  })
  .strict();
export type CountyProfileInput = z.infer<typeof countyProfileInput>;

export const countyProfile = z.object({
  county: z.string(),
  intakeUrl: z.string(),
  recipients: z.array(z.object({ label: z.string(), recipient: z.string() })),
  receiptPublicKey: z.string(),
  /** 16 hex digits, as minisign prints it. */
  receiptKeyId: z.string(),
  updatedAt: z.string(),
});
export type CountyProfile = z.infer<typeof countyProfile>;

/** A package's way to the county: made, uploading, uploaded / on a USB stick, confirmed or refused. */
export const OUTBOX_STATES = ['已生成', '上传中', '已上传', '已拷贝到U盘', '已确认', '被拒绝'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export const outboxItem = z.object({
  id: z.string(),
  seq: z.number().int(),
  fileName: z.string(),
  kind: z.enum(['incremental', 'full']),
  createdAt: z.string(),
  state: z.enum(OUTBOX_STATES),
  stateAt: z.string(),
  size: z.number().int(),
  /** Rows per table (and `audit`, `attachments`). */
  counts: z.record(z.string(), z.number().int()),
  /** All rows in the package, audit rows included. */
  rows: z.number().int(),
  copiedAt: z.string().nullable(),
  uploadedAt: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  /** The county's code and Chinese message when it refused the package, or the last upload error. */
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
});
export type OutboxItem = z.infer<typeof outboxItem>;

export const exportProgress = z.object({
  kind: z.enum(['incremental', 'full']),
  startedAt: z.string(),
  /** 0–1. */
  progress: z.number(),
  /** What the worker is doing, in Chinese (e.g. 正在读取接待登记). */
  stage: z.string(),
});

export const outboxStatus = z.object({
  profile: countyProfile.nullable(),
  items: z.array(outboxItem),
  /** The export running now, if any. */
  exporting: exportProgress.nullable(),
  /** The last export's failure, if it failed (cleared by the next success). */
  exportError: z.object({ code: z.string(), message: z.string(), at: z.string() }).nullable(),
  /** Changes (writes to synced rows) since the last package: what an incremental export would carry. */
  pendingChanges: z.number().int(),
  upload: z.object({
    /** null: not known yet (no intake URL, or not tried). */
    online: z.boolean().nullable(),
    checkedAt: z.string().nullable(),
    /** The package being uploaded now. */
    uploading: z.string().nullable(),
  }),
});
export type OutboxStatus = z.infer<typeof outboxStatus>;

export const receiptImportResult = z.object({
  /** Packages newly marked 已确认 / 被拒绝 by these receipts. */
  confirmed: z.number().int(),
  rejected: z.number().int(),
  /** Receipt files not used, each with why (Chinese). */
  skipped: z.array(z.object({ file: z.string(), reason: z.string() })),
});

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

  // 代表名册
  /** The roster, filtered, searched (name, pinyin, initials, workplace, constituency), paged. */
  'roster.list': query(
    rosterListInput,
    z.object({ items: z.array(deputy), total: z.number().int() }),
    '代表名册',
  ),
  /** One deputy with the history of status changes. */
  'roster.get': query(z.object({ id: uuid('代表') }).strict(), deputyDetail, '代表详情'),
  /** Adds a deputy (status 在任 from today). Card numbers are unique. */
  'roster.create': mutation(deputyInput, deputyDetail, '新增代表'),
  /** Edits a deputy's details (not the status: see roster.setStatus). */
  'roster.update': mutation(deputyInput.extend({ id: uuid('代表') }).strict(), deputyDetail, '修改代表信息'),
  /** Records a status change (在任/届满/辞职/罢免/调离/去世) with its effective date; kept as history. */
  'roster.setStatus': mutation(
    z
      .object({
        id: uuid('代表'),
        status: pick('状态', DEPUTY_STATUSES),
        effectiveDate: calendarDate('生效日期', { past: false }),
        note: optionalText('说明', 200),
      })
      .strict(),
    deputyDetail,
    '变更代表状态',
  ),
  /** Stores an ID photo (already cropped to 35×45 mm and downscaled by the page: JPEG, base64). */
  'roster.setPhoto': mutation(
    z
      .object({
        id: uuid('代表'),
        jpegBase64: z
          .string()
          .min(100, '照片为空，请重新选择')
          .max(2_000_000, '照片太大，请换一张或裁小一些')
          .describe('照片'),
      })
      .strict(),
    deputyDetail,
    '设置代表照片',
  ),
  /** An attachment's bytes by hash (photos), as a data: URL for <img>. */
  'attachment.get': query(
    z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, '附件编号格式不对') }).strict(),
    z.object({ dataUrl: z.string() }),
    '读取附件',
  ),
  /** Deputy groups (代表小组) with member counts. */
  'groups.list': query(noInput, z.array(deputyGroup), '代表小组'),
  'groups.create': mutation(
    z.object({ name: text('小组名称', { max: 40 }) }).strict(),
    deputyGroup,
    '新建代表小组',
  ),
  'groups.rename': mutation(
    z.object({ id: uuid('代表小组'), name: text('小组名称', { max: 40 }) }).strict(),
    deputyGroup,
    '重命名代表小组',
  ),
  /** Reads a county roster workbook and says, row by row, what importing it would do. Writes nothing. */
  'roster.importPreview': query(xlsxFile, importPreview, '名册导入预览'),
  /** Imports the same workbook: the preview is computed again and applied in one transaction. */
  'roster.importCommit': mutation(xlsxFile, importPreview, '导入名册'),
  /** The roster as .xlsx with the import's headers (round-trips through import). */
  'roster.exportXlsx': query(noInput, fileDownload, '导出名册'),
  /** A deputy's file (一人一档) for one year: everything the books hold about them. */
  'roster.deputyFile': query(
    z.object({ id: uuid('代表'), year: z.number().int().min(1990).max(2100).describe('年度') }).strict(),
    deputyFile,
    '代表履职档案',
  ),

  // 接待登记
  /** The station's categories and whether visitors' ID numbers are recorded. */
  'receptions.settings': query(noInput, receptionSettings, '接待设置'),
  /** The administrator edits the category list and the ID-number switch (audited). */
  'receptions.updateSettings': mutation(receptionSettingsInput, receptionSettings, '修改接待设置'),
  /** What the registration form offers: deputies (those on duty today first, those present marked), categories, recent staff names. */
  'receptions.formOptions': query(
    noInput,
    z.object({
      deputies: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          levels: z.array(z.enum(DEPUTY_LEVELS)),
          /** For the picker's search: zhangsan, zs. */
          pinyin: z.string(),
          initials: z.string(),
          onDutyToday: z.boolean(),
          /** Signed in (到岗) on today's duty and not signed out: a new registration starts with them. */
          presentNow: z.boolean(),
        }),
      ),
      categories: z.array(z.string()),
      collectIdNumbers: z.boolean(),
      recentStaff: z.array(z.string()),
    }),
    '接待登记选项',
  ),
  /** A returning visitor recognised by phone: their details from the last visit, to fill the form. */
  'receptions.visitorByPhone': query(
    z.object({ phone: phoneField('来访人电话') }).strict(),
    z.object({
      visitor: z
        .object({
          name: z.string(),
          gender: z.enum(GENDERS).or(z.literal('')),
          birthYear: z.number().int().nullable(),
          address: z.string(),
          idNumber: z.string(),
        })
        .nullable(),
      previousCount: z.number().int(),
      lastReceivedAt: z.string().nullable(),
    }),
    '按电话识别来访人',
  ),
  /** Receptions, newest first: filters, full-text search, paged; phones and ID numbers masked. */
  'receptions.list': query(
    receptionListInput,
    z.object({ items: z.array(receptionListItem), total: z.number().int(), totalCapped: z.boolean() }),
    '接待登记簿',
  ),
  /** One reception in full, with its timeline. */
  'receptions.get': query(z.object(receptionId).strict(), receptionDetail, '接待详情'),
  /** Registers a reception (status 登记), numbered per year (2026-0042). */
  'receptions.create': mutation(receptionInput, receptionDetail, '登记接待'),
  /** Corrects a registration while it is 登记 or 办理中; a closed matter must be reopened first. */
  'receptions.update': mutation(receptionUpdateInput, receptionDetail, '修改接待登记'),
  /** Decides how the matter is handled (不予受理, 当场答复, 交办, 转办, 转为代表建议, 联合接待). */
  'receptions.handle': mutation(handleInput, receptionDetail, '办理接待事项'),
  /** Records a reminder (催办) to the receiving unit. */
  'receptions.remind': mutation(
    z
      .object({ ...receptionId, date: businessDate('催办日期'), note: optionalText('催办情况', 500) })
      .strict(),
    receptionDetail,
    '催办',
  ),
  /** Records the unit's reply (办理答复); `close` marks the matter 已办结. */
  'receptions.reply': mutation(
    z
      .object({
        ...receptionId,
        date: businessDate('答复日期'),
        unit: text('答复单位', { max: 100 }),
        text: text('答复内容', { max: 5000 }),
        close: z.boolean().default(true).describe('同时办结'),
      })
      .strict(),
    receptionDetail,
    '登记办理答复',
  ),
  /** The answer to the visitor (反馈): date, how, what, and their satisfaction. Needs 已办结. */
  'receptions.answer': mutation(
    z
      .object({
        ...receptionId,
        date: businessDate('反馈日期'),
        method: pick('反馈方式', ANSWER_METHODS),
        text: answerText('反馈内容'),
        satisfaction: pick('满意度', SATISFACTION_LEVELS),
      })
      .strict(),
    receptionDetail,
    '反馈来访人',
  ),
  /** Reopens a closed or answered matter (e.g. the visitor was not satisfied): back to 办理中. */
  'receptions.reopen': mutation(
    z.object({ ...receptionId, reason: text('重新办理的原因', { max: 500 }) }).strict(),
    receptionDetail,
    '重新办理',
  ),
  /** Voids a registration made by mistake (only while 登记); kept in the audit log. */
  'receptions.void': mutation(
    z.object({ ...receptionId, reason: text('作废原因', { max: 200 }) }).strict(),
    z.object({ id: z.string() }),
    '作废接待登记',
  ),
  /** Per month of a year: batches, persons, handed over, closed, answered, overdue. */
  'receptions.monthly': query(
    z.object({ year: z.number().int().min(1990).max(2100).describe('年度') }).strict(),
    z.object({
      year: z.number().int(),
      months: z.array(
        z.object({
          month: z.number().int(),
          batches: z.number().int(),
          persons: z.number().int(),
          handedOver: z.number().int(),
          closed: z.number().int(),
          answered: z.number().int(),
          overdue: z.number().int(),
        }),
      ),
    }),
    '接待月度统计',
  ),
  /** Stores a scan or photo (JPEG, PNG or PDF, up to 10 MB) by content hash, for a reception to refer to. */
  'attachment.put': mutation(
    z
      .object({
        fileName: text('附件名称', { max: 200 }),
        base64: z
          .string({ error: '请选择文件' })
          .min(4, '文件是空的，请重新选择')
          .max(14_000_000, '文件太大（超过10MB），请扫描成较小的文件')
          .describe('文件'),
      })
      .strict(),
    z.object({ sha256: z.string(), fileName: z.string(), mime: z.string(), size: z.number().int() }),
    '上传附件',
  ),

  // 值班排班
  /** The station's duty rules (接待日规则). */
  'duty.rules': query(noInput, z.array(dutyRule), '值班规则'),
  'duty.createRule': mutation(dutyRuleInput, dutyRule, '新建值班规则'),
  /** Edits a rule; existing slots change only when the plan is generated again. */
  'duty.updateRule': mutation(dutyRuleUpdateInput, dutyRule, '修改值班规则'),
  /** Removes a rule and its future slots that were not changed by hand and have nothing recorded. */
  'duty.deleteRule': mutation(
    z.object({ id: uuid('值班规则') }).strict(),
    z.object({ id: z.string() }),
    '删除值班规则',
  ),
  /** What generating the plan for a range would add, move, remove and leave alone. Writes nothing. */
  'duty.planPreview': query(dutyPlanInput, dutyPlanResult, '排班预览'),
  /** Generates the slots of a range from the rules (节假日顺延) and fills them by rotation. */
  'duty.plan': mutation(dutyPlanInput, dutyPlanResult, '生成排班'),
  /** Slots in a date range (a month, a week), or one deputy's, with who is on each. */
  'duty.slots': query(dutySlotsInput, z.array(dutySlot), '值班安排'),
  'duty.getSlot': query(z.object({ id: uuid('值班') }).strict(), dutySlot, '值班详情'),
  /** Adds a slot by hand. Slots at one place must not overlap. */
  'duty.createSlot': mutation(dutySlotCreateInput, dutySlot, '新增值班'),
  /** Changes a slot's date, time, place or size (marks it edited by hand). */
  'duty.updateSlot': mutation(dutySlotUpdateInput, dutySlot, '修改值班'),
  /** Deletes a slot with nothing recorded on it. */
  'duty.deleteSlot': mutation(
    z.object({ id: uuid('值班') }).strict(),
    z.object({ id: z.string() }),
    '删除值班',
  ),
  /** Sets who is on a slot (marks it edited by hand); deputies with attendance recorded stay. */
  'duty.setDeputies': mutation(
    z.object({ slotId: uuid('值班'), deputyIds: deputyIdList('值班代表', 20) }).strict(),
    dutySlot,
    '调整值班代表',
  ),
  /** 到岗: the deputy signs in on today's slot; the time comes from the PC clock. */
  'duty.signIn': mutation(z.object(assignmentId).strict(), dutySlot, '值班签到'),
  'duty.signOut': mutation(z.object(assignmentId).strict(), dutySlot, '值班签退'),
  /** 请假: asked in advance (the slot is today or later), with the reason. */
  'duty.recordLeave': mutation(
    z.object({ ...assignmentId, reason: text('请假原因', { max: 200 }) }).strict(),
    dutySlot,
    '登记请假',
  ),
  /** 缺席: the slot's day has come and the deputy did not. */
  'duty.recordAbsence': mutation(
    z.object({ ...assignmentId, note: optionalText('说明', 200) }).strict(),
    dutySlot,
    '登记缺席',
  ),
  /**
   * 调换: another deputy takes this place. With `otherSlotId` the two swap slots (the other
   * deputy's place there goes to this one); without it the other deputy simply stands in.
   */
  'duty.swap': mutation(
    z
      .object({ ...assignmentId, deputyId: uuid('调换的代表'), otherSlotId: uuid('对方的值班').optional() })
      .strict(),
    dutySlot,
    '值班调换',
  ),
  /** Undoes a sign-in, leave or absence recorded by mistake (back to 已排班). */
  'duty.clearAttendance': mutation(z.object(assignmentId).strict(), dutySlot, '撤销到岗登记'),
  /** Today's slots for the home page, and how many past places still have nothing recorded. */
  'duty.today': query(
    noInput,
    z.object({ date: z.string(), slots: z.array(dutySlot), unrecorded: z.number().int() }),
    '今日值班',
  ),
  /** The 接待日公告 of one slot: everything the printed notice shows. */
  'duty.notice': query(z.object({ slotId: uuid('值班') }).strict(), dutyNotice, '接待日公告'),
  'duty.markNoticePrinted': mutation(z.object({ slotId: uuid('值班') }).strict(), dutySlot, '公告已打印'),
  /** Slots in the next 7 days whose notice is not printed yet; `late` once fewer than 3 days remain. */
  'duty.noticesDue': query(
    noInput,
    z.array(
      z.object({
        slotId: z.string(),
        date: z.string(),
        start: z.string(),
        end: z.string(),
        place: z.string(),
        postBy: z.string(),
        late: z.boolean(),
      }),
    ),
    '待打印的接待日公告',
  ),
  /** 进站率: per deputy and for the station, over a period. */
  'duty.attendance': query(dutyAttendanceInput, dutyAttendance, '值班出勤统计'),
  /** 受理范围 printed on each notice. */
  'duty.settings': query(noInput, dutySettings, '值班设置'),
  'duty.updateSettings': mutation(dutySettingsInput, dutySettings, '修改值班设置'),
  /** Deputies' leave periods (暂停排班): the rotation skips them. */
  'duty.leaves': query(noInput, z.array(dutyLeave), '代表请假期间'),
  'duty.addLeave': mutation(dutyLeaveInput, dutyLeave, '登记代表请假期间'),
  'duty.removeLeave': mutation(
    z.object({ id: uuid('请假记录') }).strict(),
    z.object({ id: z.string() }),
    '撤销代表请假期间',
  ),

  // 节假日
  /** A year's official days off and swapped working days (调休), shipped or entered here. */
  'holidays.year': query(z.object({ year: holidayYearNumber }).strict(), holidayYear, '节假日安排'),
  /** The administrator enters a year the shipped data does not cover yet (replaces that year's days). */
  'holidays.setYear': mutation(
    z
      .object({
        year: holidayYearNumber,
        days: z.array(holidayDay).max(120, '一年的节假日和调休日不会超过120天，请核对').describe('节假日'),
      })
      .strict()
      .superRefine((v, ctx) => {
        const seen = new Set<string>();
        v.days.forEach((d, i) => {
          if (!d.date.startsWith(`${v.year}-`))
            ctx.addIssue({
              code: 'custom',
              path: ['days', i, 'date'],
              message: `${d.date} 不在${v.year}年内`,
            });
          if (seen.has(d.date))
            ctx.addIssue({ code: 'custom', path: ['days', i, 'date'], message: `${d.date} 重复了` });
          seen.add(d.date);
        });
      }),
    holidayYear,
    '录入节假日安排',
  ),
  /**
   * Reads a holiday file (one day per line: 2027-01-01,休,元旦 — commas, tabs or spaces) and
   * enters each year it holds. A malformed line refuses the whole file and names the line.
   */
  'holidays.importFile': mutation(
    z
      .object({
        fileName: text('文件名', { max: 200 }),
        text: z
          .string({ error: '请选择文件' })
          .min(1, '文件是空的，请重新选择')
          .max(50_000, '文件太大，节假日文件一般只有几十行，请确认选对了文件')
          .describe('文件'),
      })
      .strict(),
    z.object({ years: z.array(holidayYear) }),
    '导入节假日文件',
  ),

  // 上墙公示
  /** The built-in boards with the station's texts and each one's newest version. */
  'notices.templates': query(noInput, z.array(noticeTemplateInfo), '公示模板'),
  /** What one board draws, from the database (not retyped), with the hash a print records. */
  'notices.data': query(boardSelectionInput, boardData, '公示内容'),
  /** The station's own wording of a template's texts (titles, rule texts); defaults elsewhere. */
  'notices.saveTexts': mutation(noticeTextsInput, noticeTemplateInfo, '修改公示文字'),
  /** Makes the board's PDF (fonts embedded), keeps it as a version and hands it over. */
  'notices.exportPdf': mutation(
    boardRequestInput,
    z.object({ print: noticePrint, fileName: z.string(), base64: z.string() }),
    '保存公示PDF',
  ),
  /** After the system print dialog: keeps the version (with its PDF when one can be made). */
  'notices.recordPrint': mutation(boardRequestInput, noticePrint, '记录公示打印'),
  /** Versions, newest first; narrowed to one template (and subject) when given. */
  'notices.versions': query(
    z
      .object({
        template: noticeTemplateKey.optional(),
        subject: z.string().max(64).optional(),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    z.object({ items: z.array(noticePrint), total: z.number().int() }),
    '公示打印记录',
  ),
  /** The PDF kept with a version. */
  'notices.versionPdf': query(
    z.object({ id: uuid('打印记录') }).strict(),
    z.object({ fileName: z.string(), base64: z.string() }),
    '公示PDF',
  ),
  /** Printed boards whose data changed since their last print, with the reasons. */
  'notices.stale': query(noInput, z.array(staleBoard), '需要重新打印的公示'),

  // 活动记录与年度活动计划
  /** A year's plan items in month order, each with its derived status and linked activities. */
  'plan.list': query(planListInput, planList, '年度活动计划'),
  'plan.create': mutation(planItemInput, planItem, '新增计划项目'),
  'plan.update': mutation(planItemUpdateInput, planItem, '修改计划项目'),
  /** 取消 or 延期 with a reason, or back to 计划中; 已完成 follows from a linked activity. */
  'plan.setStatus': mutation(planStatusInput, planItem, '设置计划状态'),
  /** Tombstones an item no activity is linked to. */
  'plan.delete': mutation(
    z.object({ id: uuid('计划项目') }).strict(),
    z.object({ id: z.string() }),
    '删除计划项目',
  ),
  /** Activities, newest first. */
  'activities.list': query(activityListInput, activityList, '活动记录'),
  'activities.get': query(z.object({ id: uuid('活动记录') }).strict(), activity, '活动详情'),
  /** Records an activity with its participants' attendance (and a 述职's ratings). */
  'activities.create': mutation(activityInput, activity, '记录活动'),
  'activities.update': mutation(activityUpdateInput, activity, '修改活动记录'),
  'activities.delete': mutation(
    z.object({ id: uuid('活动记录') }).strict(),
    z.object({ id: z.string() }),
    '删除活动记录',
  ),

  // 统计与台账
  /** The county's figures for a period, each with its definition and a link to its records. */
  'stats.get': query(statsInput, stationStats, '统计'),
  /** The ledger workbook (台账) of a period as one .xlsx. */
  'stats.ledger': query(statsInput, fileDownload, '导出台账'),

  // 数据上报
  /** The county profile, the outbox with each package's state, and the export/upload state. */
  'packages.status': query(noInput, outboxStatus, '数据上报状态'),
  /** Sets the county profile by hand (settings). */
  'packages.setProfile': mutation(countyProfileInput, countyProfile, '设置县级接收方'),
  /** Sets the county profile from the file the county hands out (its text). */
  'packages.importProfile': mutation(
    z
      .object({
        text: z
          .string()
          .min(1, '文件是空的，请选择县里给的配置文件')
          .max(20_000, '这个文件太大，不像县里给的配置文件'),
      })
      .strict(),
    countyProfile,
    '导入县级配置文件',
  ),
  /** Starts making a package in the background worker; follow it with packages.status. */
  'packages.export': mutation(
    z.object({ kind: z.enum(['incremental', 'full']).default('incremental') }).strict(),
    outboxStatus,
    '生成数据包',
  ),
  /** Removable drives and other likely folders for the USB copy (may be empty). */
  'packages.drives': query(noInput, z.array(z.object({ path: z.string(), label: z.string() })), 'U盘列表'),
  /** Copies every unconfirmed package and a 说明.txt into the folder (a USB stick). */
  'packages.copyToFolder': mutation(
    folderInput,
    /** `readme`: the note for the county clerk written beside them (null when nothing was copied). */
    z.object({ folder: z.string(), files: z.array(z.string()), readme: z.string().nullable() }),
    '拷贝数据包到U盘',
  ),
  /** Reads the county's receipts (*.receipt) from the folder and confirms the packages. */
  'packages.importReceipts': mutation(folderInput, receiptImportResult, '导入县里的回执'),
  /** Tries the upload now instead of waiting for the next retry. */
  'packages.uploadNow': mutation(noInput, outboxStatus, '立即上传'),
  /** Makes a new signing key; the next package announces it, signed by the current one. */
  'keys.rotate': mutation(noInput, stationStatus, '更换签名密钥'),

  // 操作记录
  /** The audit log, newest first. */
  'audit.list': query(
    auditListInput,
    z.object({ items: z.array(auditEntry), total: z.number().int() }),
    '操作记录',
  ),
  /** Re-checks the audit log's hash chain and names the first broken entry. */
  'audit.verify': query(noInput, auditChainReport, '校验操作记录'),

  // 登录与权限 (contract-auth.ts) and 备份与恢复 (contract-backup.ts)
  ...authCalls,
  ...backupCalls,
} as const;

export type Contract = typeof contract;
export type CallName = keyof Contract;
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Contract[N]['output']>;
/** A call's input after validation (defaults filled in): what its service receives. */
export type ParsedInput<N extends CallName> = z.output<Contract[N]['input']>;
export const CALL_NAMES = Object.keys(contract) as CallName[];

/** Calls that work while the app is locked: the lock screen's own and the app's health. */
export const UNLOCKED_CALLS: ReadonlySet<CallName> = new Set<CallName>([
  'app.info',
  'app.health',
  // The lock screen shows the station's name (public office details, no personal data).
  'station.get',
  'auth.status',
  'auth.unlock',
  'auth.lock',
]);

/**
 * Calls only an administrator may make once the lock is on: roster edits, settings, restore
 * and key operations. Clerks get FORBIDDEN with a Chinese message.
 */
export const ADMIN_CALLS: ReadonlySet<CallName> = new Set<CallName>([
  'station.update',
  'roster.create',
  'roster.update',
  'roster.setStatus',
  'roster.setPhoto',
  'roster.importCommit',
  'groups.create',
  'groups.rename',
  'receptions.updateSettings',
  'duty.updateSettings',
  'holidays.setYear',
  'holidays.importFile',
  'packages.setProfile',
  'packages.importProfile',
  'keys.rotate',
  // The audit log holds every change in full, confidential receptions' visitors included.
  'audit.list',
  'auth.disable',
  'auth.users',
  'auth.createUser',
  'auth.updateUser',
  'auth.updateSettings',
  'backup.restore',
  'backup.updateSettings',
]);

/** Calls that still run while writes are stopped (a damaged data file): making a copy and restoring are the way out. */
export const ALLOWED_WHEN_WRITES_STOPPED: ReadonlySet<CallName> = new Set<CallName>([
  'backup.create',
  'backup.restore',
]);

/** What every transport carries back: a value, or an error the UI can show. */
export type CallResult<T = unknown> =
  { ok: true; value: T } | { ok: false; error: { code: string; message: string; field?: string } };
