import { useEffect, useRef, type ComponentType } from 'react';
import type { BoardData } from '../../../main/api/contract';
import { paperMm, type NoticeTemplateKey, type Paper } from '../catalog';
import { ActivityPlanBoard } from './ActivityPlanBoard';
import { DutyMonthBoard, DutyYearBoard } from './DutyBoards';
import { boardLoaded, fitBoard } from './fit';
import type { TemplateProps } from './parts';
import { ReceptionNoticeBoard } from './ReceptionNoticeBoard';
import { RuleBoard } from './RuleBoard';
import { StationInfoBoard } from './StationInfoBoard';
import { WorkflowBoard } from './WorkflowBoard';
import './board.css';

/** What the board found when it measured itself: whether everything fits, and if not, what. */
export interface FitResult {
  fits: boolean;
  /** Chinese, one per box that does not fit, e.g. 正文太长，A4 竖版上放不下：请删减文字或换用 A3. */
  problems: string[];
}

export interface NoticeBoardProps {
  data: BoardData;
  paper: Paper;
  /** Called once the board is drawn (fonts and photos loaded) and fitted, and again on change. */
  onMeasured?: (result: FitResult) => void;
}

const TEMPLATES: Record<NoticeTemplateKey, ComponentType<TemplateProps>> = {
  'station-info': StationInfoBoard,
  duties: RuleBoard,
  'rule-work': RuleBoard,
  'rule-study': RuleBoard,
  'rule-inspection': RuleBoard,
  'rule-reception': RuleBoard,
  'rule-report': RuleBoard,
  workflow: WorkflowBoard,
  'duty-month': DutyMonthBoard,
  'duty-year': DutyYearBoard,
  'reception-notice': ReceptionNoticeBoard,
  'activity-plan': ActivityPlanBoard,
};

/** One wall notice at its true size in millimetres (the editor scales it down on screen). */
export function NoticeBoard({ data, paper, onMeasured }: NoticeBoardProps) {
  const ref = useRef<HTMLDivElement>(null);
  const { width, height } = paperMm(paper);
  const Template = TEMPLATES[data.template];
  // The latest callback without refitting when only its identity changes.
  const measured = useRef(onMeasured);
  useEffect(() => {
    measured.current = onMeasured;
  });

  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    let cancelled = false;
    void (async () => {
      await boardLoaded(root);
      if (cancelled) return;
      let result = fitBoard(root, paper);
      // New sizes may need glyph subsets not loaded yet: measure again once they are.
      if (document.fonts.status === 'loading') {
        await boardLoaded(root);
        if (cancelled) return;
        result = fitBoard(root, paper);
      }
      measured.current?.(result);
    })();
    return () => {
      cancelled = true;
    };
    // Paper by value: a new object with the same size is the same board.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, width, height]);

  return (
    <div
      ref={ref}
      className={`nb-board nb-${data.template}`}
      data-template={data.template}
      style={{
        width: `${width}mm`,
        height: `${height}mm`,
        ['--u' as string]: `${Math.min(width, height) / 100}mm`,
      }}
    >
      <Template data={data} widthMm={width} heightMm={height} />
    </div>
  );
}
