import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { NoticePrint, NoticeTemplateInfo, StaleBoard } from '../../api/contract';
import { ErrorCode, StationError } from '../../api/errors';
import { dispatch } from '../../api/router';
import {
  CUSTOM_PAPER_MAX_MM,
  CUSTOM_PAPER_MIN_MM,
  NOTICE_TEMPLATES,
  noticeTemplate,
  paperLabel,
  type NoticeSubjectKind,
  type NoticeTemplateSpec,
  type Paper,
} from '../../../resources/notices/catalog';
import type { ServiceContext } from '../../services/context';
import { NO_PDF_RENDERER, NO_PDF_RENDERER_MESSAGE } from '../../services/notices';
import { chromiumPdfMaker, findBrowser } from '../../web/pdf-maker';
import { startWebServer } from '../../web/server';
import {
  EXIT_OK,
  UsageError,
  reportFailure,
  requireString,
  type Command,
  type CommandValues,
} from '../command';
import { NO_RENDERER_MESSAGE, findRenderer } from '../renderer-dir';
import { withStation } from '../station';
import { formatTable } from './receptions';
import { writeFileAtomic } from '../../services/write-file';

const SUBJECT_WORDS: Record<NoticeSubjectKind, string> = {
  none: '—',
  month: '月份',
  year: '年份',
  slot: '一次值班',
};

const SUBJECT_EXAMPLES: Record<Exclude<NoticeSubjectKind, 'none'>, string> = {
  month: '--subject 2026-12',
  year: '--subject 2026',
  slot: '--subject 2026-12-09（值班日期，或值班编号）',
};

/** Every template, one a line: the valid answers to a wrong name. */
function templateList(): string {
  return NOTICE_TEMPLATES.map((t) => `  ${t.key.padEnd(17)} ${t.name}`).join('\n');
}

export function parseTemplate(name: string): NoticeTemplateSpec {
  const spec = noticeTemplate(name);
  if (!spec) throw new UsageError(`没有这个公示模板“${name}”。可用的模板：\n${templateList()}`);
  return spec;
}

/**
 * A4 / A3 (portrait, or landscape with --landscape) or a custom board W×H in millimetres
 * (900x600, 900×600mm); the template's own paper when no size is given.
 */
export function parsePaper(size: string | undefined, landscape: boolean, fallback: Paper): Paper {
  if (size === undefined) {
    if (!landscape || fallback.size === 'custom') return fallback;
    return { size: fallback.size, orientation: 'landscape' };
  }
  const text = size.trim();
  const iso = /^(A4|A3)$/i.exec(text);
  if (iso)
    return { size: iso[1]!.toUpperCase() as 'A4' | 'A3', orientation: landscape ? 'landscape' : 'portrait' };
  const custom = /^(\d{1,5})\s*[x×X*]\s*(\d{1,5})\s*(mm|毫米)?$/i.exec(text);
  if (custom) {
    const widthMm = Number(custom[1]);
    const heightMm = Number(custom[2]);
    if ([widthMm, heightMm].some((v) => v < CUSTOM_PAPER_MIN_MM || v > CUSTOM_PAPER_MAX_MM))
      throw new UsageError(
        `自定义尺寸的宽和高都要在${CUSTOM_PAPER_MIN_MM}到${CUSTOM_PAPER_MAX_MM}毫米之间（现在是${widthMm}×${heightMm}毫米）。`,
      );
    if (landscape)
      throw new UsageError(
        '自定义尺寸的横竖由宽和高决定，不用加 --landscape（横版请把宽写在前面，例如 900x600）。',
      );
    return {
      size: 'custom',
      orientation: widthMm > heightMm ? 'landscape' : 'portrait',
      widthMm,
      heightMm,
    };
  }
  throw new UsageError(
    `纸张尺寸“${size}”不对。可以用：A4、A3（加 --landscape 为横版），` +
      `或者自定义尺寸 宽x高（毫米，${CUSTOM_PAPER_MIN_MM}到${CUSTOM_PAPER_MAX_MM}），例如 900x600。`,
  );
}

const SUBJECT_PATTERNS: Record<Exclude<NoticeSubjectKind, 'none'>, RegExp> = {
  month: /^\d{4}-(0[1-9]|1[0-2])$/,
  year: /^\d{4}$/,
  slot: /^(\d{4}-\d{2}-\d{2}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i,
};

function checkSubject(spec: NoticeTemplateSpec, subject: string | undefined): string {
  if (spec.subject === 'none') {
    if (subject) throw new UsageError(`模板 ${spec.key}（${spec.name}）不需要 --subject，请去掉。`);
    return '';
  }
  const example = SUBJECT_EXAMPLES[spec.subject];
  if (!subject)
    throw new UsageError(
      `模板 ${spec.key}（${spec.name}）需要指定${SUBJECT_WORDS[spec.subject]}：${example}`,
    );
  if (!SUBJECT_PATTERNS[spec.subject].test(subject))
    throw new UsageError(
      `--subject “${subject}”不对。模板 ${spec.key}（${spec.name}）要的是${SUBJECT_WORDS[spec.subject]}，例如 ${example}`,
    );
  return subject;
}

/** A slot given by its date: the one slot of that day, or the choices when there are several. */
async function slotOfDay(ctx: ServiceContext, subject: string): Promise<string> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(subject)) return subject.toLowerCase();
  const slots = await ctx.db
    .selectFrom('duty_slots')
    .select(['id', 'start_time', 'end_time', 'place'])
    .where('deleted_at', 'is', null)
    .where('date', '=', subject)
    .orderBy('start_time')
    .execute();
  if (slots.length === 1) return slots[0]!.id;
  if (slots.length === 0)
    throw new StationError(
      ErrorCode.notFound,
      `${subject} 没有值班安排。请用 station-desk duty list 查看值班日期。`,
    );
  throw new StationError(
    ErrorCode.validation,
    `${subject} 有${slots.length}个值班，请用值班编号指定其中一个：\n` +
      slots.map((s) => `  ${s.id}  ${s.start_time}–${s.end_time} ${s.place}`).join('\n'),
  );
}

const printedText = (p: NoticePrint) =>
  `${p.printedAt.slice(0, 16).replace('T', ' ')} ${p.how} ${p.subjectText ? `${p.subjectText} ` : ''}${p.paperLabel}`;

function formatList(templates: NoticeTemplateInfo[] | null, stale: StaleBoard[] | null): string {
  const specs = templates ?? NOTICE_TEMPLATES;
  const header = ['模板', '名称', '对象', '默认纸张', templates ? '最近一次' : '内容来自'];
  const rows = specs.map((t) => {
    const info = templates?.find((i) => i.key === t.key);
    return [
      t.key,
      t.name,
      SUBJECT_WORDS[t.subject],
      paperLabel(t.paper),
      templates ? (info?.lastPrint ? printedText(info.lastPrint) : '从未打印') : t.boundFrom,
    ];
  });
  const lines = [formatTable(header, rows, [17, 24, 8, 10, 200])];
  if (stale) {
    lines.push('');
    if (stale.length === 0) lines.push('打印过的公示都是最新的。');
    else {
      lines.push(`需要重新打印（${stale.length}张）：`);
      for (const s of stale)
        lines.push(
          `  ${s.templateName}${s.subjectText ? `（${s.subjectText}）` : ''}：${s.reasons.join('；')}`,
        );
    }
  }
  if (!templates) lines.push('', '加 --data 目录 可以看到每个模板最近一次打印和需要重新打印的公示。');
  return lines.join('\n');
}

const str = (values: CommandValues, name: string) =>
  typeof values[name] === 'string' ? (values[name] as string) : undefined;

async function list(values: CommandValues, io: Parameters<Command['run']>[2]): Promise<number> {
  for (const flag of ['subject', 'size', 'landscape', 'out'])
    if (values[flag] !== undefined) throw new UsageError(`--${flag} is for notice render only`);
  const dataDir = str(values, 'data');
  const catalog = NOTICE_TEMPLATES.map((t) => ({
    key: t.key,
    name: t.name,
    group: t.group,
    subject: t.subject,
    paper: t.paper,
    paperLabel: paperLabel(t.paper),
    boundFrom: t.boundFrom,
  }));
  if (!dataDir) {
    io.result({ ok: true, templates: catalog }, formatList(null, null));
    return EXIT_OK;
  }
  const result = await withStation(dataDir, { create: false }, async (ctx) => {
    const templates = await dispatch('notices.templates', {}, ctx);
    if (!templates.ok) return templates;
    const stale = await dispatch('notices.stale', {}, ctx);
    if (!stale.ok) return stale;
    return {
      ok: true as const,
      templates: templates.value as NoticeTemplateInfo[],
      stale: stale.value as StaleBoard[],
    };
  });
  if (!result.ok) return reportFailure(io, result.error);
  io.result(
    {
      ok: true,
      templates: catalog.map((t) => ({
        ...t,
        lastPrint: result.templates.find((i) => i.key === t.key)?.lastPrint ?? null,
      })),
      stale: result.stale,
    },
    formatList(result.templates, result.stale),
  );
  return EXIT_OK;
}

async function render(
  values: CommandValues,
  positionals: string[],
  io: Parameters<Command['run']>[2],
): Promise<number> {
  const [name, ...extra] = positionals;
  if (!name) throw new UsageError(`missing template. 可用的模板：\n${templateList()}`);
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const spec = parseTemplate(name);
  const dataDir = resolve(requireString(values, 'data'));
  const out = resolve(requireString(values, 'out'));
  const paper = parsePaper(str(values, 'size'), values.landscape === true, spec.paper);
  const subject = checkSubject(spec, str(values, 'subject'));
  if (!existsSync(dirname(out)) || !statSync(dirname(out)).isDirectory())
    return reportFailure(io, {
      code: 'NO_FOLDER',
      message: `保存PDF的文件夹不存在：${dirname(out)}。请先建好文件夹，或换一个 --out 位置。`,
    });

  const staticDir = findRenderer();
  if (!staticDir) return reportFailure(io, { code: 'NO_RENDERER', message: NO_RENDERER_MESSAGE });
  const executablePath = findBrowser();
  if (!executablePath) return reportFailure(io, { code: NO_PDF_RENDERER, message: NO_PDF_RENDERER_MESSAGE });

  const result = await withStation(dataDir, { create: false }, async (ctx) => {
    const board = { template: spec.key, subject: await slotOfDay(ctx, subject), paper };
    io.log(`正在生成 ${spec.name}（${paperLabel(paper)}）……`);
    const server = await startWebServer({ ctx, staticDir, port: 0 });
    ctx.pdf = chromiumPdfMaker({ baseUrl: server.url, token: server.token, executablePath });
    try {
      return await dispatch('notices.exportPdf', board, ctx);
    } finally {
      await ctx.pdf.close();
      ctx.pdf = null;
      await server.close();
    }
  });
  if (!result.ok) return reportFailure(io, result.error);
  const made = result.value as { print: NoticePrint; fileName: string; base64: string };
  const pdf = Buffer.from(made.base64, 'base64');
  try {
    writeFileAtomic(out, pdf, 0o644);
  } catch (error) {
    return reportFailure(io, {
      code: 'WRITE_FAILED',
      message: `PDF已生成并记录为打印版本，但无法写入 ${out}：${(error as Error).message}。可在工作台的打印记录里重新下载。`,
    });
  }
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  io.result(
    { ok: true, file: out, size: pdf.length, sha256, print: made.print },
    [
      `已生成：${out}`,
      `${spec.name}${made.print.subjectText ? `（${made.print.subjectText}）` : ''} · ${made.print.paperLabel} · ${pdf.length} 字节`,
      `SHA-256：${sha256}`,
      '已记录为一个打印版本（保存PDF）。',
    ].join('\n'),
  );
  return EXIT_OK;
}

export const noticeCommand: Command = {
  name: 'notice',
  summary: 'wall notices (上墙公示): list the templates, render a board to PDF (headless Chromium)',
  usage: [
    'station-desk notice list [--data DIR] [--json]',
    '       station-desk notice render TEMPLATE --data DIR [--subject S] [--size A4|A3|WxH]',
    '       [--landscape] --out FILE.pdf [--json]',
    '',
    'list    the built-in templates: key, name, subject, default paper, where the data comes from.',
    '        With --data also each one’s last print and the printed boards that need reprinting.',
    'render  draws the board from the station’s data and saves it as a PDF (fonts embedded), kept',
    '        as a version like 保存PDF in the app. --subject: a month (2026-12) for duty-month, a',
    '        year (2026) for duty-year, a slot’s date or id for reception-notice. --size: A4, A3',
    '        (portrait; --landscape for landscape) or a custom board in millimetres, e.g. 900x600;',
    '        the template’s own paper when left out. Needs the built app (npm run build) and',
    '        Chromium, Edge or Chrome (or STATION_DESK_CHROMIUM naming the browser program).',
    '',
    'Exit 0 on success, 1 when the station refuses or no PDF can be made (the Chinese message',
    'says why), 2 on bad options (an unknown template or size is named with the valid ones).',
  ].join('\n'),
  options: {
    data: { type: 'string' },
    subject: { type: 'string' },
    size: { type: 'string' },
    landscape: { type: 'boolean' },
    out: { type: 'string' },
  },
  async run(values, positionals, io) {
    const [action, ...rest] = positionals;
    if (action === 'list') {
      if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
      return list(values, io);
    }
    if (action === 'render') return render(values, rest, io);
    throw new UsageError(
      action ? `unknown action "${action}" (list, render)` : 'missing action: list, render',
    );
  },
};
