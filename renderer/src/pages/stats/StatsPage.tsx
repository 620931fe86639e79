import { useState } from 'react';
import { App, Button, DatePicker, Skeleton, Space } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { keepPreviousData } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import type { StatFigure, StationStats } from '../../../../main/api/contract';
import { call, errorMessage, useCall } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { LoadProblem } from '../../components/LoadProblem';
import { downloadBase64, XLSX_MIME } from '../../lib/download';
import { FigureCards } from './FigureCards';
import { ActivityCharts, DutyChart, ReceptionCharts, SatisfactionChart } from './StatsCharts';
import {
  dayText,
  ISO,
  monthPeriod,
  periodFromParams,
  periodKind,
  periodText,
  quarterPeriod,
  QUICK_KEYS,
  quickPeriod,
  yearPeriod,
  type Period,
} from './period';
import './stats.css';

const GROUPS: { group: StatFigure['group']; title: string; intro: string }[] = [
  { group: '接待', title: '接待', intro: '群众来访、来电、来信和走访的批次与人次。' },
  { group: '办理', title: '办理和答复', intro: '反映的事项怎么办理、办结和答复，群众是否满意。' },
  { group: '值班', title: '代表值班', intro: '接待日代表到岗情况（进站率）。' },
  { group: '活动', title: '活动和年度计划', intro: '开展的活动与年度计划对照，代表参加活动的情况。' },
];

/** The period picker: quick buttons, a month, a quarter, a year, or any two dates. */
function PeriodPicker({
  period,
  today,
  onChange,
}: {
  period: Period;
  today: string;
  onChange: (p: Period) => void;
}) {
  const kind = periodKind(period);
  const start = dayjs(period.from);
  const pickerValue = (k: typeof kind) => (kind === k ? start : null);
  const range: [Dayjs, Dayjs] = [start, dayjs(period.to)];
  return (
    <div className="top-panel stats-period" role="group" aria-label="统计期间">
      <div className="stats-period-row">
        <span className="stats-period-label">统计期间</span>
        <Space wrap size={8}>
          {QUICK_KEYS.map((key) => {
            const p = quickPeriod(key, today);
            const active = p.from === period.from && p.to === period.to;
            return (
              <Button
                key={key}
                size="large"
                type={active ? 'primary' : 'default'}
                aria-pressed={active}
                onClick={() => onChange(p)}
              >
                {key}
              </Button>
            );
          })}
        </Space>
        <strong className="stats-period-text" data-testid="stats-period">
          {periodText(period)}
        </strong>
      </div>
      <div className="stats-period-row stats-period-pickers">
        <span className="stats-period-label">或者选择</span>
        <DatePicker
          size="large"
          picker="month"
          format="YYYY年M月"
          placeholder="某个月"
          aria-label="按月统计"
          allowClear={false}
          value={pickerValue('month')}
          onChange={(d) => d && onChange(monthPeriod(d))}
        />
        <DatePicker
          size="large"
          picker="quarter"
          format={(d) => `${d.year()}年第${Math.floor(d.month() / 3) + 1}季度`}
          placeholder="某个季度"
          aria-label="按季度统计"
          className="stats-quarter"
          allowClear={false}
          value={pickerValue('quarter')}
          onChange={(d) => d && onChange(quarterPeriod(d))}
        />
        <DatePicker
          size="large"
          picker="year"
          format="YYYY年"
          placeholder="某一年"
          aria-label="按年统计"
          className="stats-year"
          allowClear={false}
          value={pickerValue('year')}
          onChange={(d) => d && onChange(yearPeriod(d))}
        />
        <DatePicker.RangePicker
          size="large"
          format="YYYY-MM-DD"
          placeholder={['开始日期', '结束日期']}
          aria-label="自定义日期范围"
          allowClear={false}
          value={range}
          onChange={(v) => {
            if (v?.[0] && v[1]) onChange({ from: v[0].format(ISO), to: v[1].format(ISO) });
          }}
          className="stats-range"
        />
      </div>
    </div>
  );
}

function Section({
  title,
  intro,
  figures,
  children,
}: {
  title: string;
  intro: string;
  figures: StatFigure[];
  children: React.ReactNode;
}) {
  return (
    <section className="stats-section" aria-label={title}>
      <h2 className="stats-section-title">{title}</h2>
      <p className="stats-section-intro">{intro}</p>
      {figures.length > 0 && <FigureCards figures={figures} />}
      {children}
    </section>
  );
}

function StatsBody({ stats, period }: { stats: StationStats; period: Period }) {
  const of = (group: StatFigure['group']) => stats.figures.filter((f) => f.group === group);
  const charts: Record<StatFigure['group'], React.ReactNode> = {
    接待: <ReceptionCharts stats={stats} period={period} />,
    办理: <SatisfactionChart stats={stats} />,
    值班: <DutyChart stats={stats} period={period} />,
    活动: <ActivityCharts stats={stats} period={period} />,
  };
  return (
    <>
      {GROUPS.map((g) => (
        <Section key={g.group} title={g.title} intro={g.intro} figures={of(g.group)}>
          {charts[g.group]}
        </Section>
      ))}
    </>
  );
}

/** 统计: the county's figures for a period, each with its definition and its records. */
export function StatsPage() {
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const todayCall = useCall('duty.today', {});
  const today = todayCall.data?.date;
  const [exporting, setExporting] = useState(false);

  // Until the station's date is known, only a period in the address can be shown.
  const period = periodFromParams(params) ?? (today ? quickPeriod('本年', today) : null);
  const stats = useCall('stats.get', period ?? { from: '', to: '' }, {
    enabled: period !== null,
    placeholderData: keepPreviousData,
  });

  const choose = (p: Period) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('from', p.from);
        next.set('to', p.to);
        return next;
      },
      { replace: true },
    );

  const exportLedger = async () => {
    if (!period) return;
    setExporting(true);
    try {
      const file = await call('stats.ledger', period);
      downloadBase64(file.fileName, file.base64, XLSX_MIME);
      void message.success(`台账已导出：${file.fileName}`);
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className="stats-page">
      <PageHeader
        title="统计"
        description="选好统计期间。点数字或图中的柱子可以查看背后的记录；数字旁的 ⓘ 说明它是怎么算的。"
        extra={
          <Button
            size="large"
            icon={<FileExcelOutlined />}
            loading={exporting}
            disabled={!period}
            onClick={() => void exportLedger()}
          >
            导出台账
          </Button>
        }
      />
      {period && today && <PeriodPicker period={period} today={today} onChange={choose} />}
      {todayCall.isError && (
        <LoadProblem
          className="page-alert"
          what="本站日期"
          error={todayCall.error}
          onRetry={() => void todayCall.refetch()}
        />
      )}
      {stats.isError && (
        <LoadProblem
          className="page-alert"
          what="统计数据"
          error={stats.error}
          onRetry={() => void stats.refetch()}
        />
      )}
      {stats.data && period ? (
        <div
          className={stats.isPlaceholderData ? 'stats-body stats-body-stale' : 'stats-body'}
          data-testid="stats-body"
        >
          <p className="stats-asof">
            统计期间 {dayText(stats.data.from)} — {dayText(stats.data.to)}；逾期按 {dayText(stats.data.today)}{' '}
            计算。
          </p>
          <StatsBody stats={stats.data} period={{ from: stats.data.from, to: stats.data.to }} />
        </div>
      ) : (
        !stats.isError && <Skeleton active paragraph={{ rows: 8 }} />
      )}
    </div>
  );
}
