import { useEffect, useState } from 'react';
import type { BoardData } from '../../../../main/api/contract';
import { useSearchParams } from 'react-router-dom';
import { errorMessage, useCall } from '../../api';
import {
  BOARD_PROBLEM_ATTRIBUTE,
  BOARD_READY_ATTRIBUTE,
  noticeTemplate,
  paperMm,
  parsePaperSlug,
  type BoardReadyState,
  type NoticeTemplateKey,
} from '../../../../resources/notices/catalog';
import { NoticeBoard, usePageRule, type FitResult } from '../../../../resources/notices/templates';

/** Tells the PDF maker (printToPDF, headless Chromium) the board is drawn, and how it went. */
function markReady(state: BoardReadyState | null, problem = ''): void {
  const html = document.documentElement;
  if (state === null) {
    html.removeAttribute(BOARD_READY_ATTRIBUTE);
    html.removeAttribute(BOARD_PROBLEM_ATTRIBUTE);
    return;
  }
  html.setAttribute(BOARD_READY_ATTRIBUTE, state);
  if (problem) html.setAttribute(BOARD_PROBLEM_ATTRIBUTE, problem);
  else html.removeAttribute(BOARD_PROBLEM_ATTRIBUTE);
}

/**
 * /print/board?t=<template>&s=<subject>&p=<paper slug>: one board alone at its true size, with
 * @page set to its paper, for printing and for the PDF makers. No navigation around it.
 */
export function PrintBoardPage() {
  const [params] = useSearchParams();
  const template = params.get('t') ?? '';
  const subject = params.get('s') ?? '';
  const slug = params.get('p') ?? '';
  const spec = noticeTemplate(template);
  const paper = parsePaperSlug(slug);
  const refusal = !spec
    ? `没有“${template}”这个公示模板，请从公示模板列表里选择。`
    : !paper
      ? `纸张尺寸“${slug}”不对：只能是 A4、A3（竖版或横版），或 100～3000 毫米的自定义尺寸。`
      : null;
  const data = useCall(
    'notices.data',
    { template: (spec?.key ?? 'duties') as NoticeTemplateKey, subject },
    { enabled: refusal === null },
  );
  const [measured, setMeasured] = useState<{ of: BoardData; slug: string; result: FitResult } | null>(null);
  const size = paper ? paperMm(paper) : { width: 210, height: 297 };
  usePageRule(size.width, size.height);

  useEffect(() => {
    document.title = spec
      ? `${spec.name}${data.data?.subjectText ? ` ${data.data.subjectText}` : ''}`
      : '公示';
  }, [spec, data.data?.subjectText]);

  // A new board (other data or paper) is measured afresh.
  const boardData = data.data;
  const result = measured && measured.of === boardData && measured.slug === slug ? measured.result : null;

  const failure = refusal ?? (data.isError ? `没能读取公示内容：${errorMessage(data.error)}` : null);
  useEffect(() => {
    if (failure) markReady('error', failure);
    else if (result) markReady(result.fits ? 'ok' : 'overflow', result.problems.join('；'));
    else markReady(null);
  }, [failure, result]);
  useEffect(() => () => markReady(null), []);

  if (failure) {
    return (
      <div className="nb-print-error" role="alert" data-testid="board-error">
        {failure}
      </div>
    );
  }
  if (!boardData || !paper) return null;
  return (
    <div className="nb-print-page nb-printable" data-testid="print-board">
      <NoticeBoard
        data={boardData}
        paper={paper}
        onMeasured={(r) => setMeasured({ of: boardData, slug, result: r })}
      />
    </div>
  );
}
