import { useMemo, type ReactNode } from 'react';
import { Table, type TableProps } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import type { StationStats } from '../../../../main/api/contract';
import { figureText, RateText } from './FigureCards';
import { CHART_COLORS, StatChart, type ChartOption } from './StatChart';
import { monthLabel, monthWithin, routeWith, type Period } from './period';

/** A chart with the same numbers in a table beside it (or under it on a narrow window). */
function Panel({
  title,
  note,
  chart,
  table,
}: {
  title: string;
  note?: string;
  chart: ReactNode;
  table: ReactNode;
}) {
  return (
    <section className="stats-panel" aria-label={title}>
      <h3 className="stats-panel-title">
        {title}
        {note && <span className="stats-panel-note">{note}</span>}
      </h3>
      <div className="stats-panel-body">
        <div className="stats-panel-chart">{chart}</div>
        <div className="stats-panel-table">{table}</div>
      </div>
    </section>
  );
}

function NumberTable<T extends object>({
  rows,
  columns,
  rowKey,
  summary,
  testId,
}: {
  rows: T[];
  columns: TableProps<T>['columns'];
  rowKey: keyof T & string;
  summary?: ReactNode;
  testId: string;
}) {
  return (
    <Table<T>
      className="stats-table"
      data-testid={testId}
      size="small"
      rowKey={rowKey}
      pagination={false}
      columns={columns}
      dataSource={rows}
      locale={{ emptyText: '暂无数据' }}
      summary={summary ? () => summary : undefined}
    />
  );
}

const num = (title: string, key: string, width = 76) => ({
  key,
  title,
  dataIndex: key,
  width,
  align: 'right' as const,
});

function TotalRow({ cells }: { cells: ReactNode[] }) {
  return (
    <Table.Summary.Row className="stats-total-row">
      {cells.map((c, i) => (
        <Table.Summary.Cell key={i} index={i} align={i === 0 ? 'left' : 'right'}>
          {c}
        </Table.Summary.Cell>
      ))}
    </Table.Summary.Row>
  );
}

const sum = <T,>(rows: T[], f: (r: T) => number) => rows.reduce((a, r) => a + f(r), 0);
const axisLabel = { fontSize: 15, color: '#4a4a4a' };
const percent = (v: unknown) => (typeof v === 'number' ? `${figureText(v)}%` : '—');
/** Zero slices would only crowd the pie with "0 件" labels; the table beside lists every level. */
const PIE = { type: 'pie', radius: ['34%', '60%'], center: ['50%', '57%'] } as const;

// --- 接待 -------------------------------------------------------------------------------

export function ReceptionCharts({ stats, period }: { stats: StationStats; period: Period }) {
  const navigate = useNavigate();
  const months = stats.receptionsByMonth;
  const spansYears = months.length > 0 && months[0]!.month.slice(0, 4) !== months.at(-1)!.month.slice(0, 4);
  const monthRoute = (month: string) => routeWith('/receptions', { ...monthWithin(month, period) });
  const channelRoute = (channel: string) => routeWith('/receptions', { ...period, channel });
  const categoryRoute = (category: string) => routeWith('/receptions', { ...period, category });

  const monthOption = useMemo<ChartOption>(
    () => ({
      grid: { left: 48, right: 24, top: 48, bottom: 36 },
      xAxis: {
        type: 'category',
        data: months.map((m) => monthLabel(m.month, spansYears)),
        axisLabel,
      },
      yAxis: { type: 'value', minInterval: 1, axisLabel },
      series: [
        { name: '批次', type: 'bar', data: months.map((m) => m.batches), barMaxWidth: 36 },
        {
          name: '人次',
          type: 'line',
          data: months.map((m) => m.persons),
          symbolSize: 8,
          lineStyle: { width: 3 },
          color: CHART_COLORS[1],
        },
      ],
    }),
    [months, spansYears],
  );

  const channels = stats.receptionsByChannel;
  const channelOption = useMemo<ChartOption>(
    () => ({
      grid: { left: 48, right: 24, top: 48, bottom: 36 },
      xAxis: { type: 'category', data: channels.map((c) => c.channel), axisLabel },
      yAxis: { type: 'value', minInterval: 1, axisLabel },
      series: [
        { name: '批次', type: 'bar', data: channels.map((c) => c.batches), barMaxWidth: 36 },
        { name: '人次', type: 'bar', data: channels.map((c) => c.persons), barMaxWidth: 36 },
      ],
    }),
    [channels],
  );

  // Largest first, read from the top: horizontal bars keep long category names whole.
  const categories = useMemo(
    () => [...stats.receptionsByCategory].sort((a, b) => b.batches - a.batches),
    [stats.receptionsByCategory],
  );
  const categoryOption = useMemo<ChartOption>(() => {
    const shown = [...categories].reverse();
    return {
      grid: { left: 16, right: 40, top: 40, bottom: 24, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, axisLabel },
      yAxis: { type: 'category', data: shown.map((c) => c.category), axisLabel },
      series: [
        {
          name: '批次',
          type: 'bar',
          data: shown.map((c) => c.batches),
          barMaxWidth: 22,
          label: { show: true, position: 'right', fontSize: 14 },
        },
        { name: '人次', type: 'bar', data: shown.map((c) => c.persons), barMaxWidth: 22 },
      ],
    };
  }, [categories]);

  const linkCell = (to: string, text: string) => <Link to={to}>{text}</Link>;

  return (
    <>
      <Panel
        title="各月接待批次和人次"
        note="点柱子查看当月的接待记录"
        chart={
          <StatChart
            testId="chart-month"
            label="各月接待批次和人次"
            option={monthOption}
            // About as tall as the table beside it (a row per month).
            height={Math.min(600, Math.max(320, (months.length + 2) * 42))}
            empty={sum(months, (m) => m.batches) === 0}
            onClick={(e) => {
              const m = months[e.dataIndex];
              if (m) void navigate(monthRoute(m.month));
            }}
          />
        }
        table={
          <NumberTable
            testId="table-month"
            rowKey="month"
            rows={months}
            columns={[
              {
                key: 'month',
                title: '月份',
                render: (_, m) => linkCell(monthRoute(m.month), monthLabel(m.month, spansYears)),
              },
              num('批次', 'batches'),
              num('人次', 'persons'),
            ]}
            summary={
              <TotalRow cells={['合计', sum(months, (m) => m.batches), sum(months, (m) => m.persons)]} />
            }
          />
        }
      />
      <Panel
        title="按接待方式"
        chart={
          <StatChart
            testId="chart-channel"
            label="按接待方式的接待批次和人次"
            option={channelOption}
            height={280}
            empty={sum(channels, (c) => c.batches) === 0}
            onClick={(e) => {
              const c = channels[e.dataIndex];
              if (c) void navigate(channelRoute(c.channel));
            }}
          />
        }
        table={
          <NumberTable
            testId="table-channel"
            rowKey="channel"
            rows={channels}
            columns={[
              {
                key: 'channel',
                title: '方式',
                render: (_, c) => linkCell(channelRoute(c.channel), c.channel),
              },
              num('批次', 'batches'),
              num('人次', 'persons'),
            ]}
          />
        }
      />
      <Panel
        title="按问题类别"
        chart={
          <StatChart
            testId="chart-category"
            label="按问题类别的接待批次和人次"
            option={categoryOption}
            height={Math.max(240, categories.length * 44 + 70)}
            empty={sum(categories, (c) => c.batches) === 0}
            onClick={(e) => {
              const c = [...categories].reverse()[e.dataIndex];
              if (c) void navigate(categoryRoute(c.category));
            }}
          />
        }
        table={
          <NumberTable
            testId="table-category"
            rowKey="category"
            rows={categories}
            columns={[
              {
                key: 'category',
                title: '类别',
                render: (_, c) => linkCell(categoryRoute(c.category), c.category),
              },
              num('批次', 'batches'),
              num('人次', 'persons'),
            ]}
          />
        }
      />
    </>
  );
}

// --- 办理 -------------------------------------------------------------------------------

const SATISFACTION_COLORS: Record<string, string> = {
  满意: '#2e7d32',
  基本满意: '#1f4e79',
  不满意: '#b71c1c',
  未表态: '#9e9e9e',
};

export function SatisfactionChart({ stats }: { stats: StationStats }) {
  const rows = stats.satisfaction;
  const total = sum(rows, (r) => r.count);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item', formatter: '{b}：{c} 件（{d}%）' },
      legend: { top: 0, textStyle: { fontSize: 15 } },
      series: [
        {
          ...PIE,
          name: '满意度',
          data: rows
            .filter((r) => r.count > 0)
            .map((r) => ({
              name: r.level,
              value: r.count,
              itemStyle: { color: SATISFACTION_COLORS[r.level] },
            })),
          label: { formatter: '{b}\n{c} 件', fontSize: 15, lineHeight: 20 },
        },
      ],
    }),
    [rows],
  );
  return (
    <Panel
      title="群众满意度"
      note="已答复的事项按来访人的评价"
      chart={<StatChart testId="chart-satisfaction" label="群众满意度" option={option} empty={total === 0} />}
      table={
        <NumberTable
          testId="table-satisfaction"
          rowKey="level"
          rows={rows}
          columns={[
            { key: 'level', title: '评价', dataIndex: 'level' },
            num('件数', 'count'),
            {
              key: 'share',
              title: '占比',
              align: 'right',
              width: 90,
              render: (_, r) => <RateText value={total ? Math.round((r.count / total) * 1000) / 10 : null} />,
            },
          ]}
          summary={<TotalRow cells={['合计', total, '']} />}
        />
      }
    />
  );
}

// --- 值班 -------------------------------------------------------------------------------

type DutyRow = StationStats['duty']['deputies'][number];

/** duty.attendance keeps 进站率 as a fraction (0–1); the page shows percent like every rate. */
const asPercent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

export function DutyChart({ stats, period }: { stats: StationStats; period: Period }) {
  const navigate = useNavigate();
  const rows = stats.duty.deputies;
  const overall = asPercent(stats.duty.totals.rate);
  const option = useMemo<ChartOption>(() => {
    const shown = [...rows].reverse();
    return {
      tooltip: { trigger: 'axis', valueFormatter: percent },
      legend: { show: false },
      grid: { left: 16, right: 56, top: 36, bottom: 24, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { ...axisLabel, formatter: '{value}%' } },
      yAxis: { type: 'category', data: shown.map((d) => d.name), axisLabel },
      series: [
        {
          name: '进站率',
          type: 'bar',
          barMaxWidth: 22,
          data: shown.map((d) => asPercent(d.rate) ?? '-'),
          label: {
            show: true,
            position: 'right',
            fontSize: 14,
            formatter: (p: { value: unknown }) => percent(p.value),
          },
          markLine:
            overall === null
              ? undefined
              : {
                  symbol: 'none',
                  silent: true,
                  lineStyle: { color: CHART_COLORS[1], type: 'dashed', width: 2 },
                  label: {
                    formatter: `全站 ${overall.toFixed(1)}%`,
                    position: 'end',
                    fontSize: 14,
                    color: CHART_COLORS[1],
                  },
                  data: [{ xAxis: overall }],
                },
        },
      ],
    };
  }, [rows, overall]);
  const attendance = routeWith('/duty', { tab: 'attendance', ...period });
  return (
    <Panel
      title="代表进站率"
      note={overall === null ? undefined : `全站进站率 ${overall.toFixed(1)}%`}
      chart={
        <StatChart
          testId="chart-duty"
          label="各位代表的进站率"
          option={option}
          height={Math.max(240, rows.length * 40 + 70)}
          empty={stats.duty.totals.assigned === 0}
          onClick={() => void navigate(attendance)}
        />
      }
      table={
        <NumberTable<DutyRow>
          testId="table-duty"
          rowKey="deputyId"
          rows={rows}
          columns={[
            { key: 'name', title: '代表', dataIndex: 'name' },
            num('应到', 'assigned', 60),
            num('到岗', 'kept', 60),
            num('请假', 'leave', 60),
            num('缺席', 'absent', 60),
            {
              key: 'rate',
              title: '进站率',
              align: 'right',
              width: 86,
              render: (_, r) => <RateText value={asPercent(r.rate)} />,
            },
          ]}
          summary={
            <TotalRow
              cells={[
                '全站',
                stats.duty.totals.assigned,
                stats.duty.totals.kept,
                stats.duty.totals.leave,
                stats.duty.totals.absent,
                <RateText key="rate" value={overall} />,
              ]}
            />
          }
        />
      }
    />
  );
}

// --- 活动 -------------------------------------------------------------------------------

const PLAN_COLORS: Record<string, string> = {
  计划中: '#1f4e79',
  已完成: '#2e7d32',
  取消: '#9e9e9e',
  延期: '#c8962e',
};

export function ActivityCharts({ stats, period }: { stats: StationStats; period: Period }) {
  const navigate = useNavigate();
  const types = stats.activitiesByType;
  const typeRoute = (type: string) => routeWith('/activities', { ...period, type });
  const typeOption = useMemo<ChartOption>(
    () => ({
      grid: { left: 40, right: 24, top: 48, bottom: 24, containLabel: true },
      xAxis: {
        type: 'category',
        data: types.map((t) => t.type),
        axisLabel: { ...axisLabel, interval: 0, rotate: types.length > 6 ? 30 : 0 },
      },
      yAxis: { type: 'value', minInterval: 1, axisLabel },
      series: [
        { name: '计划', type: 'bar', data: types.map((t) => t.planned), barMaxWidth: 26, color: '#9fb3c8' },
        {
          name: '已开展',
          type: 'bar',
          data: types.map((t) => t.held),
          barMaxWidth: 26,
          color: CHART_COLORS[0],
        },
      ],
    }),
    [types],
  );

  const plan = Object.entries(stats.plan).map(([status, count]) => ({ status, count }));
  const planTotal = sum(plan, (p) => p.count);
  const planOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item', formatter: '{b}：{c} 项（{d}%）' },
      series: [
        {
          ...PIE,
          name: '计划执行',
          data: Object.entries(stats.plan)
            .filter(([, value]) => value > 0)
            .map(([name, value]) => ({
              name,
              value,
              itemStyle: { color: PLAN_COLORS[name] },
            })),
          label: { formatter: '{b}\n{c} 项', fontSize: 15, lineHeight: 20 },
        },
      ],
    }),
    [stats.plan],
  );

  const people = useMemo(
    () => stats.participation.filter((p) => p.present + p.leave + p.absent > 0),
    [stats.participation],
  );
  const peopleOption = useMemo<ChartOption>(() => {
    const shown = [...people].reverse();
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 16, right: 24, top: 40, bottom: 24, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, axisLabel },
      yAxis: { type: 'category', data: shown.map((p) => p.name), axisLabel },
      series: [
        {
          name: '出席',
          type: 'bar',
          stack: 'all',
          data: shown.map((p) => p.present),
          color: '#2e7d32',
          barMaxWidth: 22,
        },
        {
          name: '请假',
          type: 'bar',
          stack: 'all',
          data: shown.map((p) => p.leave),
          color: '#c8962e',
          barMaxWidth: 22,
        },
        {
          name: '缺席',
          type: 'bar',
          stack: 'all',
          data: shown.map((p) => p.absent),
          color: '#b71c1c',
          barMaxWidth: 22,
        },
      ],
    };
  }, [people]);

  return (
    <>
      <Panel
        title="活动开展与年度计划"
        note="按活动类型，计划项目与实际开展的活动"
        chart={
          <StatChart
            testId="chart-activities"
            label="各类活动的计划和开展次数"
            option={typeOption}
            empty={sum(types, (t) => t.held + t.planned) === 0}
            onClick={(e) => {
              const t = types[e.dataIndex];
              if (t) void navigate(typeRoute(t.type));
            }}
          />
        }
        table={
          <NumberTable
            testId="table-activities"
            rowKey="type"
            rows={types.filter((t) => t.held + t.planned > 0)}
            columns={[
              { key: 'type', title: '类型', render: (_, t) => <Link to={typeRoute(t.type)}>{t.type}</Link> },
              num('计划', 'planned'),
              num('已开展', 'held'),
            ]}
            summary={<TotalRow cells={['合计', sum(types, (t) => t.planned), sum(types, (t) => t.held)]} />}
          />
        }
      />
      <Panel
        title="年度计划执行情况"
        note="月份在统计期间内的计划项目"
        chart={
          <StatChart
            testId="chart-plan"
            label="计划项目的状态"
            option={planOption}
            height={300}
            empty={planTotal === 0}
          />
        }
        table={
          <NumberTable
            testId="table-plan"
            rowKey="status"
            rows={plan}
            columns={[{ key: 'status', title: '状态', dataIndex: 'status' }, num('项数', 'count')]}
            summary={<TotalRow cells={['合计', planTotal]} />}
          />
        }
      />
      <Panel
        title="代表参加活动情况"
        chart={
          <StatChart
            testId="chart-participation"
            label="各位代表参加活动的出席、请假和缺席次数"
            option={peopleOption}
            height={Math.max(240, people.length * 40 + 70)}
            empty={people.length === 0}
          />
        }
        table={
          <NumberTable
            testId="table-participation"
            rowKey="deputyId"
            rows={people}
            columns={[
              { key: 'name', title: '代表', dataIndex: 'name' },
              num('出席', 'present', 60),
              num('请假', 'leave', 60),
              num('缺席', 'absent', 60),
              {
                key: 'rate',
                title: '出席率',
                align: 'right',
                width: 86,
                render: (_, r) => <RateText value={r.rate} />,
              },
            ]}
          />
        }
      />
    </>
  );
}
