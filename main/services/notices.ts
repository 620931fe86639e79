import type { Selectable } from 'kysely';
import type { z } from 'zod';
import { canonicalJson } from '../../db/audit';
import { insertSynced, updateSynced } from '../../db/changes';
import { uuidv7 } from '../../db/ids';
import type { NoticePrintTable } from '../../db/schema';
import {
  NOTICE_TEMPLATES,
  boardRoute,
  noticeTemplate,
  paperLabel,
  paperSlug,
  textsWithDefaults,
  type NoticeTemplateKey,
  type NoticeTemplateSpec,
  type Paper,
} from '../../resources/notices/catalog';
import type {
  BoardData,
  NoticePrint,
  NoticeTemplateInfo,
  StaleBoard,
  boardRequestInput,
  boardSelectionInput,
  noticeTextsInput,
} from '../api/contract';
import { ErrorCode, StationError } from '../api/errors';
import { sniffMime, storeAttachment } from './attachments';
import { writeTransaction, type ServiceContext } from './context';
import { dateText } from './duty';
import { boardChanges, dayText } from './notice-changes';
import {
  NOTICE_TEXTS_KEY,
  boardData as readBoardData,
  boardShows,
  periodText,
  readNoticeTexts,
  subjectIsPast,
} from './notice-data';
import { writeSetting } from './settings';

/**
 * Wall notices (上墙公示): what each built-in board shows (from the database, never retyped),
 * the station's own texts, the versions kept of every print, and which printed boards are out
 * of date and why. The boards themselves are React components in resources/notices/templates;
 * PDFs come from ctx.pdf (Electron's printToPDF or headless Chromium) loading the print route.
 */

export type BoardSelection = z.output<typeof boardSelectionInput>;
export type BoardRequestInput = z.output<typeof boardRequestInput>;
export type NoticeTextsInput = z.output<typeof noticeTextsInput>;

/** No PDF maker here: no browser to draw the board with (browser mode, the CLI). */
export const NO_PDF_RENDERER = 'NO_PDF_RENDERER';
/** The PDF maker started but could not finish this board (timeout, crash, the page failed). */
export const PDF_FAILED = 'PDF_FAILED';

export const NO_PDF_RENDERER_MESSAGE =
  '这台电脑上找不到可以生成PDF的浏览器。请安装 Chromium 或 Microsoft Edge（或 Google Chrome），' +
  '或者设置环境变量 STATION_DESK_CHROMIUM 指向浏览器程序，然后重新启动工作台再试。';

/**
 * What a PDF maker does with the print page's mark (BOARD_READY_ATTRIBUTE) once it is set:
 * nothing for 'ok', a refusal on the paper for a board that does not fit, PDF_FAILED otherwise.
 */
export function boardNotReady(state: string, problem: string): StationError | null {
  if (state === 'ok') return null;
  if (state === 'overflow')
    return new StationError(
      ErrorCode.validation,
      problem || '公示内容在这个纸张上放不下。请删减文字，或者换用更大的纸张。',
      'paper',
    );
  return new StationError(PDF_FAILED, problem || '公示页面没有画出来，PDF没有生成。请重试。');
}

type PrintRow = Selectable<NoticePrintTable>;

// Versions are never updated, so the station-wide `rev` orders them exactly (two prints in one
// millisecond included), which created_at cannot.

// --- Templates and texts -----------------------------------------------------------------

function toPrint(row: PrintRow): NoticePrint {
  const spec = noticeTemplate(row.template);
  const paper = JSON.parse(row.paper) as Paper;
  return {
    id: row.id,
    template: row.template as NoticeTemplateKey,
    templateName: spec?.name ?? row.template,
    subject: row.subject,
    subjectText: subjectTextOf(spec, row.subject, row.data_json),
    paper,
    paperLabel: paperLabel(paper),
    how: row.how as NoticePrint['how'],
    dataHash: row.data_hash,
    pdfSha256: row.pdf_sha256,
    pdfSize: row.pdf_size,
    printedAt: row.created_at,
    printedBy: row.printed_by,
  };
}

/**
 * 2026年12月 / 2026年 / 2026年12月9日（星期三）. A slot's date comes from what the print
 * showed, so a version still reads right after its slot moved or was deleted.
 */
function subjectTextOf(spec: NoticeTemplateSpec | undefined, subject: string, dataJson: string): string {
  if (spec?.subject === 'slot') {
    const date = shownSlotDate(dataJson);
    return date ? dateText(date) : '';
  }
  return periodText(spec?.subject ?? 'none', subject);
}

function shownSlotDate(dataJson: string): string | undefined {
  try {
    const date = (JSON.parse(dataJson) as { notice?: { date?: unknown } }).notice?.date;
    return typeof date === 'string' ? date : undefined;
  } catch {
    return undefined;
  }
}

async function newestPrint(ctx: ServiceContext, template: string): Promise<NoticePrint | null> {
  const row = await ctx.db
    .selectFrom('notice_prints')
    .selectAll()
    .where('deleted_at', 'is', null)
    .where('template', '=', template)
    .orderBy('rev', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toPrint(row) : null;
}

async function templateInfo(
  ctx: ServiceContext,
  spec: NoticeTemplateSpec,
  saved: Record<string, string> | undefined,
): Promise<NoticeTemplateInfo> {
  return {
    key: spec.key,
    name: spec.name,
    group: spec.group,
    subject: spec.subject,
    boundFrom: spec.boundFrom,
    paper: spec.paper,
    fields: spec.fields.map((f) => ({ ...f })),
    texts: textsWithDefaults(spec, saved),
    lastPrint: await newestPrint(ctx, spec.key),
  };
}

export async function listNoticeTemplates(ctx: ServiceContext): Promise<NoticeTemplateInfo[]> {
  const saved = await readNoticeTexts(ctx);
  return Promise.all(NOTICE_TEMPLATES.map((spec) => templateInfo(ctx, spec, saved[spec.key])));
}

export async function boardData(ctx: ServiceContext, board: BoardSelection): Promise<BoardData> {
  return readBoardData(ctx, board);
}

/**
 * Keeps only what differs from the shipped defaults, so saving the defaults back is 恢复默认
 * and a later app version's better default reaches the fields the station never changed.
 */
export async function saveNoticeTexts(
  ctx: ServiceContext,
  input: NoticeTextsInput,
): Promise<NoticeTemplateInfo> {
  const spec = noticeTemplate(input.template)!;
  await writeTransaction(ctx, async (trx, meta) => {
    const all = await readNoticeTexts({ ...ctx, db: trx });
    const merged: Record<string, string> = { ...all[input.template], ...input.texts };
    const own = Object.fromEntries(
      spec.fields
        .filter((f) => f.key in merged && merged[f.key] !== f.default)
        .map((f) => [f.key, merged[f.key]!]),
    );
    const next = { ...all };
    if (Object.keys(own).length > 0) next[input.template] = own;
    else delete next[input.template];
    await writeSetting(trx, NOTICE_TEXTS_KEY, next, meta);
  });
  return templateInfo(ctx, spec, (await readNoticeTexts(ctx))[input.template]);
}

// --- Making and keeping PDFs ------------------------------------------------------------

/** The paper as stored: ISO sizes without millimetres, a custom board oriented by its sides. */
function normalPaper(paper: Paper): Paper {
  if (paper.size !== 'custom') return { size: paper.size, orientation: paper.orientation };
  const widthMm = paper.widthMm ?? 0;
  const heightMm = paper.heightMm ?? 0;
  return { size: 'custom', orientation: widthMm > heightMm ? 'landscape' : 'portrait', widthMm, heightMm };
}

/** 联络站信息公示栏-A3-landscape-20261123.pdf; 值班表（月）-2026年12月-A4-20261123.pdf. */
export function boardFileName(
  spec: NoticeTemplateSpec,
  subject: string,
  paper: Paper,
  printedAt: string,
  slotDate?: string,
): string {
  const about =
    spec.subject === 'slot'
      ? slotDate
        ? `${slotDate.slice(0, 4)}年${dayText(slotDate)}`
        : ''
      : periodText(spec.subject, subject);
  const day = printedAt.slice(0, 10).replaceAll('-', '');
  return [spec.name, about, paperSlug(paper), day].filter(Boolean).join('-') + '.pdf';
}

/** A year without a plan has no 年度活动计划 board: refused rather than printed empty. */
function requirePlan(data: BoardData): void {
  if (data.template === 'activity-plan' && data.plan.length === 0)
    throw new StationError(
      ErrorCode.validation,
      `${data.subjectText}还没有年度活动计划，不能打印这块公示。请先在“活动记录 → 年度活动计划”中制定计划。`,
      'subject',
    );
}

/** Inserts the version (and the PDF's bytes) in one transaction; a notice marks its slot printed. */
async function recordVersion(
  ctx: ServiceContext,
  board: BoardRequestInput,
  data: BoardData,
  how: NoticePrint['how'],
  pdf: Buffer | null,
): Promise<NoticePrint> {
  requirePlan(data);
  const id = uuidv7();
  const shown = canonicalJson(boardShows(data));
  const paper = normalPaper(board.paper);
  await writeTransaction(ctx, async (trx, meta) => {
    const pdfSha256 = pdf ? await storeAttachment(trx, pdf, 'application/pdf', meta.at) : null;
    await insertSynced(
      trx,
      'notice_prints',
      {
        id,
        template: board.template,
        subject: board.subject,
        paper: JSON.stringify(paper),
        how,
        data_hash: data.dataHash,
        data_json: shown,
        pdf_sha256: pdfSha256,
        pdf_size: pdf ? pdf.length : null,
        printed_by: meta.actor,
      },
      meta,
    );
    if (board.template === 'reception-notice') {
      const slot = await updateSynced(trx, 'duty_slots', board.subject, { notice_printed_at: meta.at }, meta);
      if (!slot)
        throw new StationError(ErrorCode.notFound, '找不到这次值班，可能已被删除。请刷新后重试。', 'subject');
    }
  });
  const row = await ctx.db
    .selectFrom('notice_prints')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return toPrint(row);
}

/**
 * Draws the board through ctx.pdf. The page reads the data itself, so the data is read again
 * after drawing: if it changed meanwhile (a save in another window), the board is drawn once
 * more, so the version records what the PDF shows.
 */
async function renderBoard(
  ctx: ServiceContext,
  board: BoardRequestInput,
): Promise<{ data: BoardData; pdf: Buffer }> {
  let data = await readBoardData(ctx, board, { photos: false });
  requirePlan(data);
  const pdfMaker = ctx.pdf;
  if (!pdfMaker) throw new StationError(NO_PDF_RENDERER, NO_PDF_RENDERER_MESSAGE);
  const request = { template: board.template, subject: board.subject, paper: normalPaper(board.paper) };
  for (let attempt = 0; ; attempt++) {
    const pdf = await pdfMaker.render(boardRoute(request));
    if (sniffMime(pdf) !== 'application/pdf' || !pdf.subarray(-1024).toString('latin1').includes('%%EOF'))
      throw new StationError(PDF_FAILED, '生成的PDF文件不完整，没有保存。请重试。');
    const after = await readBoardData(ctx, board, { photos: false });
    if (after.dataHash === data.dataHash) return { data, pdf };
    data = after;
    if (attempt >= 1)
      throw new StationError(PDF_FAILED, '公示内容正在被修改，PDF没有保存。请等修改完成后再试。');
  }
}

/** Makes the PDF through ctx.pdf, keeps it (attachments) and records the version. */
export async function makeBoardPdf(
  ctx: ServiceContext,
  board: BoardRequestInput,
  how: NoticePrint['how'],
): Promise<{ print: NoticePrint; fileName: string; pdf: Buffer }> {
  const spec = noticeTemplate(board.template)!;
  const { data, pdf } = await renderBoard(ctx, board);
  const print = await recordVersion(ctx, board, data, how, pdf);
  return {
    print,
    fileName: boardFileName(spec, board.subject, print.paper, print.printedAt, data.notice?.slot.date),
    pdf,
  };
}

export async function exportBoardPdf(
  ctx: ServiceContext,
  board: BoardRequestInput,
): Promise<{ print: NoticePrint; fileName: string; base64: string }> {
  const { print, fileName, pdf } = await makeBoardPdf(ctx, board, '保存PDF');
  return { print, fileName, base64: pdf.toString('base64') };
}

/**
 * After the system print dialog: the board is on paper, so the version is kept even when no
 * PDF can be made here (no browser, the browser failed); only a board that does not fit (or
 * does not exist) is refused.
 */
export async function recordBoardPrint(ctx: ServiceContext, board: BoardRequestInput): Promise<NoticePrint> {
  try {
    return (await makeBoardPdf(ctx, board, '打印')).print;
  } catch (error) {
    if (!(error instanceof StationError) || (error.code !== NO_PDF_RENDERER && error.code !== PDF_FAILED))
      throw error;
  }
  return recordVersion(ctx, board, await readBoardData(ctx, board, { photos: false }), '打印', null);
}

export async function listNoticeVersions(
  ctx: ServiceContext,
  input: { template?: string; subject?: string; limit: number },
): Promise<{ items: NoticePrint[]; total: number }> {
  let query = ctx.db.selectFrom('notice_prints').where('deleted_at', 'is', null);
  if (input.template !== undefined) query = query.where('template', '=', input.template);
  if (input.subject !== undefined) query = query.where('subject', '=', input.subject);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('rev', 'desc').limit(input.limit).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toPrint), total: Number(count.n) };
}

export async function noticeVersionPdf(
  ctx: ServiceContext,
  id: string,
): Promise<{ fileName: string; base64: string }> {
  const row = await ctx.db
    .selectFrom('notice_prints')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new StationError(ErrorCode.notFound, '找不到这条打印记录，请刷新后重试。', 'id');
  if (!row.pdf_sha256)
    throw new StationError(
      ErrorCode.notFound,
      '这次打印没有保存PDF（当时这台电脑上没有可用的浏览器来生成PDF）。请重新生成这张公示。',
      'id',
    );
  const file = await ctx.db
    .selectFrom('attachments')
    .select('data')
    .where('sha256', '=', row.pdf_sha256)
    .executeTakeFirst();
  if (!file)
    throw new StationError(ErrorCode.notFound, '这次打印的PDF文件找不到了，请重新生成这张公示。', 'id');
  const print = toPrint(row);
  const spec = noticeTemplate(row.template);
  const fileName = spec
    ? boardFileName(spec, row.subject, print.paper, row.created_at, shownSlotDate(row.data_json))
    : `${row.template}-${row.created_at.slice(0, 10).replaceAll('-', '')}.pdf`;
  return { fileName, base64: Buffer.from(file.data).toString('base64') };
}

// --- Which boards need reprinting -------------------------------------------------------

/**
 * Each board's newest version against what the board would show now. Boards whose month,
 * year or day is over are left out (nobody reprints last month's roster), and so are notices
 * of slots since deleted.
 */
export async function staleBoards(ctx: ServiceContext): Promise<StaleBoard[]> {
  const heads = await ctx.db
    .selectFrom('notice_prints')
    .select(['id', 'template', 'subject'])
    .where('deleted_at', 'is', null)
    .orderBy('rev', 'desc')
    .execute();
  const newest = new Map<string, string>();
  for (const h of heads) {
    const key = `${h.template}\n${h.subject}`;
    if (!newest.has(key)) newest.set(key, h.id);
  }
  if (newest.size === 0) return [];
  const rows = await ctx.db
    .selectFrom('notice_prints')
    .selectAll()
    .where('id', 'in', [...newest.values()])
    .execute();
  const order = (t: string) => NOTICE_TEMPLATES.findIndex((s) => s.key === t);
  rows.sort((a, b) => order(a.template) - order(b.template) || a.subject.localeCompare(b.subject));

  const stale: StaleBoard[] = [];
  for (const row of rows) {
    const spec = noticeTemplate(row.template);
    if (!spec) continue;
    if (spec.subject !== 'slot' && subjectIsPast(ctx, spec.subject, row.subject)) continue;
    let now: BoardData;
    try {
      now = await readBoardData(ctx, { template: spec.key, subject: row.subject }, { photos: false });
    } catch (error) {
      // The slot of a notice was deleted: there is nothing to reprint.
      if (error instanceof StationError && error.code === ErrorCode.notFound) continue;
      throw error;
    }
    if (spec.subject === 'slot' && subjectIsPast(ctx, 'slot', row.subject, now.notice?.slot.date)) continue;
    if (now.dataHash === row.data_hash) continue;
    let before: Record<string, unknown> = {};
    try {
      before = JSON.parse(row.data_json) as Record<string, unknown>;
    } catch {
      // An unreadable record still says the board changed (boardChanges' fallback).
    }
    stale.push({
      template: spec.key,
      templateName: spec.name,
      subject: row.subject,
      subjectText: now.subjectText,
      lastPrint: toPrint(row),
      reasons: boardChanges(spec, before, boardShows(now)),
    });
  }
  return stale;
}
