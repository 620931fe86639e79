import { useEffect, useRef } from 'react';
import { Empty } from 'antd';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { SANS_FONT } from '../../theme';

// Only what the page draws: keeps the lazily loaded chunk small.
echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;
export interface ChartClick {
  seriesName?: string;
  name: string;
  dataIndex: number;
}

/** The app's colours: the red, the navy, then calm tones that print apart in grey. */
export const CHART_COLORS = ['#b71c1c', '#1f4e79', '#c8962e', '#2e7d32', '#6a4c93', '#8c8c8c'];
const TEXT = '#1f1f1f';

/** Defaults every chart shares: the bundled Chinese font, large type, no animation. */
function withDefaults(option: ChartOption): ChartOption {
  const { tooltip, legend, ...rest } = option as { tooltip?: object; legend?: object };
  return {
    color: CHART_COLORS,
    // Screenshots and older PCs: draw at once.
    animation: false,
    textStyle: { fontFamily: SANS_FONT, fontSize: 15, color: TEXT },
    tooltip: {
      trigger: 'axis',
      confine: true,
      textStyle: { fontFamily: SANS_FONT, fontSize: 15, color: TEXT },
      ...tooltip,
    },
    legend: { top: 0, textStyle: { fontFamily: SANS_FONT, fontSize: 15 }, itemGap: 24, ...legend },
    ...rest,
  };
}

/** Every string a chart will draw, so the font's Chinese subsets are loaded before drawing. */
function textsOf(option: unknown, out: string[] = []): string[] {
  if (typeof option === 'string') out.push(option);
  else if (Array.isArray(option)) for (const v of option) textsOf(v, out);
  else if (option && typeof option === 'object')
    for (const v of Object.values(option as Record<string, unknown>)) textsOf(v, out);
  return out;
}

/**
 * One ECharts chart that follows its box's size. An empty data set shows 暂无数据 instead
 * of bare axes. Canvas text does not make the browser fetch a web font, so the Chinese
 * glyphs in use are loaded first (the font comes in subsets).
 */
export function StatChart({
  option,
  empty,
  height = 320,
  label,
  onClick,
  testId,
}: {
  option: ChartOption;
  empty: boolean;
  height?: number;
  /** What the chart shows, for screen readers. */
  label: string;
  onClick?: (e: ChartClick) => void;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  useEffect(() => {
    clickRef.current = onClick;
  });

  useEffect(() => {
    if (empty || !box.current) return;
    const el = box.current;
    const instance = echarts.init(el, null, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (e) => {
      const p = e as unknown as ChartClick;
      clickRef.current?.({ seriesName: p.seriesName, name: p.name, dataIndex: p.dataIndex });
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [empty]);

  useEffect(() => {
    const instance = chart.current;
    if (empty || !instance) return;
    let live = true;
    const el = box.current;
    const full = withDefaults(option);
    const glyphs = [...new Set(textsOf(full).join(''))].join('');
    const fonts = document.fonts;
    void Promise.all([
      fonts.load(`400 15px 'Noto Sans SC'`, glyphs),
      fonts.load(`700 15px 'Noto Sans SC'`, glyphs),
    ])
      .catch(() => undefined)
      .then(() => {
        if (!live || instance.isDisposed()) return;
        instance.setOption(full, { notMerge: true });
        el?.setAttribute('data-drawn', '1');
      });
    return () => {
      live = false;
    };
  }, [option, empty]);

  if (empty)
    return (
      // Its own key: the chart's box must not be reused, since ECharts empties it on dispose.
      <div key="empty" className="stats-chart-empty" style={{ height }} data-testid={testId} data-empty="1">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无数据" />
      </div>
    );
  return (
    <div
      key="chart"
      ref={box}
      className={onClick ? 'stats-chart stats-chart-clickable' : 'stats-chart'}
      style={{ height }}
      role="img"
      aria-label={label}
      data-testid={testId}
    />
  );
}
