import type { BoardData } from '../../../main/api/contract';
import type { Paper } from '../catalog';

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

/** One wall notice at its true size in millimetres (the editor scales it down on screen). */
export function NoticeBoard(_props: NoticeBoardProps) {
  // Placeholder until the templates land.
  return <div className="notice-board" />;
}
