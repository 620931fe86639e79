import type { BoardData } from '../../../../main/api/contract';
import { paperMm, type Paper } from '../../../../resources/notices/catalog';
import { BoardPreview, type FitResult } from '../../../../resources/notices/templates';

/**
 * The board at true proportions, as wide as the column allows but never taller than
 * `maxHeight` px (a portrait A3 would otherwise run off the screen). BoardPreview prints it
 * alone at its true size on a page of its paper.
 */
export function BoardFrame({
  data,
  paper,
  onMeasured,
  maxHeight,
}: {
  data: BoardData;
  paper: Paper;
  onMeasured: (fit: FitResult) => void;
  maxHeight: number;
}) {
  const { width, height } = paperMm(paper);
  return (
    <div className="board-frame" data-testid="board-frame">
      <BoardPreview
        data={data}
        paper={paper}
        maxWidth={(maxHeight * width) / height}
        onMeasured={onMeasured}
      />
    </div>
  );
}
