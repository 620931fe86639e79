import type { z } from 'zod';
import type {
  BoardData,
  NoticePrint,
  NoticeTemplateInfo,
  StaleBoard,
  boardRequestInput,
  boardSelectionInput,
  noticeTextsInput,
} from '../api/contract';
import type { ServiceContext } from './context';

/**
 * Wall notices (上墙公示): what each built-in board shows (from the database, never retyped),
 * the station's own texts, the versions kept of every print, and which printed boards are out
 * of date and why. The boards themselves are React components in resources/notices/templates;
 * PDFs come from ctx.pdf (Electron's printToPDF or headless Chromium) loading the print route.
 */

export type BoardSelection = z.output<typeof boardSelectionInput>;
export type BoardRequestInput = z.output<typeof boardRequestInput>;
export type NoticeTextsInput = z.output<typeof noticeTextsInput>;

const notImplemented = (): never => {
  throw new Error('not implemented');
};

export async function listNoticeTemplates(_ctx: ServiceContext): Promise<NoticeTemplateInfo[]> {
  return notImplemented();
}

export async function boardData(_ctx: ServiceContext, _board: BoardSelection): Promise<BoardData> {
  return notImplemented();
}

export async function saveNoticeTexts(
  _ctx: ServiceContext,
  _input: NoticeTextsInput,
): Promise<NoticeTemplateInfo> {
  return notImplemented();
}

/** Makes the PDF through ctx.pdf, keeps it (attachments) and records the version. */
export async function makeBoardPdf(
  _ctx: ServiceContext,
  _board: BoardRequestInput,
  _how: NoticePrint['how'],
): Promise<{ print: NoticePrint; fileName: string; pdf: Buffer }> {
  return notImplemented();
}

export async function exportBoardPdf(
  _ctx: ServiceContext,
  _board: BoardRequestInput,
): Promise<{ print: NoticePrint; fileName: string; base64: string }> {
  return notImplemented();
}

export async function recordBoardPrint(
  _ctx: ServiceContext,
  _board: BoardRequestInput,
): Promise<NoticePrint> {
  return notImplemented();
}

export async function listNoticeVersions(
  _ctx: ServiceContext,
  _input: { template?: string; subject?: string; limit: number },
): Promise<{ items: NoticePrint[]; total: number }> {
  return notImplemented();
}

export async function noticeVersionPdf(
  _ctx: ServiceContext,
  _id: string,
): Promise<{ fileName: string; base64: string }> {
  return notImplemented();
}

export async function staleBoards(_ctx: ServiceContext): Promise<StaleBoard[]> {
  return notImplemented();
}
