import type { MouseEvent } from 'react';
import { Tooltip } from 'antd';
import { InfoCircleOutlined } from '@ant-design/icons';
import type { StatFigure } from '../../../../main/api/contract';

/** 12 → 12; 85.71 → 85.7 (rates carry one decimal); null → — */
export function figureText(value: number | null): string {
  if (value === null) return '—';
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

export const NOTHING_TO_COUNT = '没有可计算的记录：这段时间里没有可以作分母的记录，所以算不出比率。';

/** A rate or share with its tooltip when it cannot be computed. */
export function RateText({ value, unit = '%' }: { value: number | null; unit?: string }) {
  if (value === null)
    return (
      <Tooltip title={NOTHING_TO_COUNT}>
        <span className="stats-dash" tabIndex={0}>
          —
        </span>
      </Tooltip>
    );
  return (
    <span>
      {figureText(value)}
      {unit}
    </span>
  );
}

/** The ⓘ beside a label: hovering (or clicking) shows how the figure is counted, without leaving. */
function Definition({ figure }: { figure: StatFigure }) {
  const stay = (e: MouseEvent) => {
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <Tooltip title={figure.definition} trigger={['hover', 'click', 'focus']} placement="top">
      <span
        className="stat-figure-info"
        role="img"
        aria-label={`${figure.label}的算法`}
        data-testid={`figure-info-${figure.key}`}
        onClick={stay}
      >
        <InfoCircleOutlined />
      </span>
    </Tooltip>
  );
}

function FigureValue({ figure }: { figure: StatFigure }) {
  if (figure.value === null)
    return (
      <div className="stat-figure-value">
        <Tooltip title={NOTHING_TO_COUNT}>
          <span className="stat-figure-number stat-figure-none" data-testid={`figure-value-${figure.key}`}>
            —
          </span>
        </Tooltip>
      </div>
    );
  return (
    <div className="stat-figure-value">
      <span className="stat-figure-number" data-testid={`figure-value-${figure.key}`}>
        {figureText(figure.value)}
      </span>
      <span className="stat-figure-unit">{figure.unit}</span>
    </div>
  );
}

/** One headline figure: the number large, its label, its definition, and the way to its records. */
function FigureCard({ figure }: { figure: StatFigure }) {
  const body = (
    <>
      <div className="stat-figure-label">
        <span>{figure.label}</span>
        <Definition figure={figure} />
      </div>
      <FigureValue figure={figure} />
    </>
  );
  if (!figure.link)
    return (
      <div className="stat-figure" data-testid={`figure-${figure.key}`}>
        {body}
      </div>
    );
  return (
    <a className="stat-figure stat-figure-link" href={`#${figure.link}`} data-testid={`figure-${figure.key}`}>
      {body}
      <div className="stat-figure-more">查看记录 ›</div>
    </a>
  );
}

export function FigureCards({ figures }: { figures: StatFigure[] }) {
  return (
    <div className="stat-figures">
      {figures.map((f) => (
        <FigureCard key={f.key} figure={f} />
      ))}
    </div>
  );
}
