/**
 * The built-in wall notices (上墙公示): which boards exist, what each asks for (a month, a
 * year, a duty slot), which texts the station may edit and their shipped defaults, and the
 * paper sizes. Pure data, shared by the main process (validation, hashing, the CLI) and the
 * renderer (editor, templates). No Node or DOM imports here.
 */
import { DEFAULT_TEXTS } from './default-texts';

export const NOTICE_TEMPLATE_KEYS = [
  'station-info',
  'duties',
  'rule-work',
  'rule-study',
  'rule-inspection',
  'rule-reception',
  'rule-report',
  'workflow',
  'duty-month',
  'duty-year',
  'reception-notice',
  'activity-plan',
] as const;
export type NoticeTemplateKey = (typeof NOTICE_TEMPLATE_KEYS)[number];

/**
 * What a board is about besides the station: nothing, a month (2026-12), a year (2026) or one
 * duty slot (its id). The same template printed for two months is two boards.
 */
export type NoticeSubjectKind = 'none' | 'month' | 'year' | 'slot';

export interface NoticeTextField {
  key: string;
  label: string;
  /** A paragraph editor instead of one line. */
  multiline: boolean;
  max: number;
  /** The text shipped with the app; '' for an optional field. */
  default: string;
  hint?: string;
}

export interface NoticeTemplateSpec {
  key: NoticeTemplateKey;
  /** The board's name as clerks say it. */
  name: string;
  group: '信息公示' | '工作制度' | '流程' | '值班接待' | '活动';
  subject: NoticeSubjectKind;
  /** What the board shows from the database (said in the editor: "来自名册，不在这里改"). */
  boundFrom: string;
  paper: Paper;
  fields: NoticeTextField[];
}

export const PAPER_SIZES = ['A4', 'A3', 'custom'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];
export const PAPER_ORIENTATIONS = ['portrait', 'landscape'] as const;
export type PaperOrientation = (typeof PAPER_ORIENTATIONS)[number];
/** Custom boards (print shops): each side in whole millimetres, within these limits. */
export const CUSTOM_PAPER_MIN_MM = 100;
export const CUSTOM_PAPER_MAX_MM = 3000;

/** A sheet or a board. `widthMm`/`heightMm` only for `custom` (orientation then follows them). */
export interface Paper {
  size: PaperSize;
  orientation: PaperOrientation;
  widthMm?: number;
  heightMm?: number;
}

const ISO_MM: Record<'A4' | 'A3', [number, number]> = { A4: [210, 297], A3: [297, 420] };

/** The sheet's width and height in millimetres. */
export function paperMm(paper: Paper): { width: number; height: number } {
  if (paper.size === 'custom') return { width: paper.widthMm ?? 0, height: paper.heightMm ?? 0 };
  const [short, long] = ISO_MM[paper.size];
  return paper.orientation === 'landscape' ? { width: long, height: short } : { width: short, height: long };
}

/** 'A4 竖版', 'A3 横版', '900×600 毫米'. */
export function paperLabel(paper: Paper): string {
  if (paper.size === 'custom') return `${paper.widthMm}×${paper.heightMm} 毫米`;
  return `${paper.size} ${paper.orientation === 'landscape' ? '横版' : '竖版'}`;
}

/** A file name part: A4, A3-landscape, 900x600mm. */
export function paperSlug(paper: Paper): string {
  if (paper.size === 'custom') return `${paper.widthMm}x${paper.heightMm}mm`;
  return paper.orientation === 'landscape' ? `${paper.size}-landscape` : paper.size;
}

const A4: Paper = { size: 'A4', orientation: 'portrait' };
const A3: Paper = { size: 'A3', orientation: 'portrait' };
const A3_LANDSCAPE: Paper = { size: 'A3', orientation: 'landscape' };

const title = (value: string, max = 30): NoticeTextField => ({
  key: 'title',
  label: '标题',
  multiline: false,
  max,
  default: value,
});
const body = (value: string): NoticeTextField => ({
  key: 'body',
  label: '正文',
  multiline: true,
  max: 6000,
  default: value,
  hint: '一条一段；以“一、”“1.”“（一）”开头的段落按条目排版。',
});

const rule = (key: NoticeTemplateKey, name: string, text: string): NoticeTemplateSpec => ({
  key,
  name,
  group: '工作制度',
  subject: 'none',
  boundFrom: '站名',
  paper: A3,
  fields: [title(name), body(text)],
});

export const NOTICE_TEMPLATES: readonly NoticeTemplateSpec[] = [
  {
    key: 'station-info',
    name: '联络站信息公示栏',
    group: '信息公示',
    subject: 'none',
    boundFrom: '站点信息（名称、地址、电话、开放时间）和名册（在任代表、站长、联络员、照片）',
    paper: A3_LANDSCAPE,
    fields: [
      title('人大代表联络站信息公示栏'),
      {
        key: 'intro',
        label: '简介',
        multiline: true,
        max: 300,
        default: DEFAULT_TEXTS.stationIntro,
        hint: '印在标题下方的一两句话。',
      },
      {
        key: 'footer',
        label: '底部标语',
        multiline: false,
        max: 60,
        default: '有事找代表　代表在身边',
      },
    ],
  },
  rule('duties', '代表联络站职责', DEFAULT_TEXTS.duties),
  rule('rule-work', '代表联络站工作制度', DEFAULT_TEXTS.work),
  rule('rule-study', '代表学习培训制度', DEFAULT_TEXTS.study),
  rule('rule-inspection', '代表视察调研制度', DEFAULT_TEXTS.inspection),
  rule('rule-reception', '代表联系接待走访选民制度', DEFAULT_TEXTS.reception),
  rule('rule-report', '代表述职评议制度', DEFAULT_TEXTS.report),
  {
    key: 'workflow',
    name: '接待选民工作流程',
    group: '流程',
    subject: 'none',
    boundFrom: '站名、地址、电话、开放时间',
    paper: A3,
    fields: [
      title('人大代表接待选民工作流程'),
      {
        key: 'note',
        label: '说明',
        multiline: true,
        max: 400,
        default: DEFAULT_TEXTS.workflowNote,
      },
    ],
  },
  {
    key: 'duty-month',
    name: '值班表（月）',
    group: '值班接待',
    subject: 'month',
    boundFrom: '值班排班（日期、时间、地点、接待代表）',
    paper: A4,
    fields: [
      title('人大代表接待选民日安排表'),
      { key: 'note', label: '说明', multiline: true, max: 300, default: DEFAULT_TEXTS.dutyNote },
    ],
  },
  {
    key: 'duty-year',
    name: '值班表（年）',
    group: '值班接待',
    subject: 'year',
    boundFrom: '值班排班（日期、时间、地点、接待代表）',
    paper: A3,
    fields: [
      title('人大代表接待选民日安排表'),
      { key: 'note', label: '说明', multiline: true, max: 300, default: DEFAULT_TEXTS.dutyNote },
    ],
  },
  {
    key: 'reception-notice',
    name: '接待日公告',
    group: '值班接待',
    subject: 'slot',
    boundFrom: '这一班的日期、时间、地点、接待代表，受理范围（值班设置），站点电话和地址',
    paper: A4,
    fields: [
      title('人大代表接待选民日公告'),
      {
        key: 'closing',
        label: '结束语',
        multiline: true,
        max: 200,
        default: '欢迎广大选民群众前来反映意见和建议。',
      },
    ],
  },
  {
    key: 'activity-plan',
    name: '年度活动计划',
    group: '活动',
    subject: 'year',
    boundFrom: '年度活动计划（月份、日期、活动类型、主题、负责人、参加人员；已取消的不印）',
    paper: A3,
    fields: [
      title('人大代表联络站年度活动计划'),
      { key: 'note', label: '说明', multiline: true, max: 300, default: DEFAULT_TEXTS.planNote },
    ],
  },
];

export function noticeTemplate(key: string): NoticeTemplateSpec | undefined {
  return NOTICE_TEMPLATES.find((t) => t.key === key);
}

/** The texts to draw: the station's saved ones where present, the defaults elsewhere. */
export function textsWithDefaults(
  spec: NoticeTemplateSpec,
  saved: Record<string, string> | undefined,
): Record<string, string> {
  return Object.fromEntries(spec.fields.map((f) => [f.key, saved?.[f.key] ?? f.default]));
}

/** What a board request needs to name one board: template, subject, paper. */
export interface BoardRequest {
  template: NoticeTemplateKey;
  /** '' when the template has none; otherwise YYYY-MM, YYYY or a slot id. */
  subject: string;
  paper: Paper;
}

/**
 * The renderer's print route for a board (hash router path). The PDF makers (Electron's
 * printToPDF, headless Chromium) load it and wait for `data-board-ready` on <html>.
 */
export function boardRoute(board: BoardRequest): string {
  const q = new URLSearchParams({ t: board.template, s: board.subject, p: paperSlug(board.paper) });
  return `/print/board?${q.toString()}`;
}

/** Reads paperSlug's output back ('A4', 'A3-landscape', '900x600mm'); null when malformed. */
export function parsePaperSlug(slug: string): Paper | null {
  const iso = /^(A4|A3)(-landscape)?$/.exec(slug);
  if (iso) return { size: iso[1] as 'A4' | 'A3', orientation: iso[2] ? 'landscape' : 'portrait' };
  const custom = /^(\d{3,4})x(\d{3,4})mm$/.exec(slug);
  if (!custom) return null;
  const widthMm = Number(custom[1]);
  const heightMm = Number(custom[2]);
  if ([widthMm, heightMm].some((v) => v < CUSTOM_PAPER_MIN_MM || v > CUSTOM_PAPER_MAX_MM)) return null;
  return {
    size: 'custom',
    orientation: widthMm > heightMm ? 'landscape' : 'portrait',
    widthMm,
    heightMm,
  };
}

/** The attribute the print route sets on <html> once the board is drawn and measured. */
export const BOARD_READY_ATTRIBUTE = 'data-board-ready';
/** Its values: drawn and fits; drawn but something does not fit (the reason is in data-board-problem). */
export type BoardReadyState = 'ok' | 'overflow' | 'error';
export const BOARD_PROBLEM_ATTRIBUTE = 'data-board-problem';
