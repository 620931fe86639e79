import { useLayoutEffect, useRef, useState } from 'react';
import type { BoardData } from '../../../main/api/contract';
import { paperMm, type Paper } from '../catalog';
import { NoticeBoard, type FitResult } from './NoticeBoard';
import { usePageRule } from './page-rule';

export interface BoardPreviewProps {
  data: BoardData;
  paper: Paper;
  /** The widest the preview may be on screen, in CSS pixels (default: the available width). */
  maxWidth?: number;
  onMeasured?: (result: FitResult) => void;
}

const PX_PER_MM = 96 / 25.4;

/**
 * The board for the editor: on screen scaled down to the available width at true proportions;
 * printed (window.print) alone and at its true size, with @page set to the chosen paper.
 */
export function BoardPreview({ data, paper, maxWidth, onMeasured }: BoardPreviewProps) {
  const holder = useRef<HTMLDivElement>(null);
  const [available, setAvailable] = useState(0);
  const { width, height } = paperMm(paper);
  usePageRule(width, height);

  useLayoutEffect(() => {
    const el = holder.current;
    if (!el) return;
    setAvailable(el.clientWidth);
    const observer = new ResizeObserver(() => setAvailable(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const boardPx = width * PX_PER_MM;
  const fitWidth = Math.min(available || boardPx, maxWidth ?? Infinity);
  const scale = Math.min(1, fitWidth / boardPx);

  return (
    <div ref={holder} className="nb-preview-holder">
      <div
        className="nb-preview nb-printable"
        style={{ width: boardPx * scale, height: height * PX_PER_MM * scale }}
        data-testid="board-preview"
      >
        <div style={{ transform: `scale(${scale})`, transformOrigin: '0 0' }} className="nb-preview-scaler">
          <NoticeBoard data={data} paper={paper} onMeasured={onMeasured} />
        </div>
      </div>
    </div>
  );
}
