import { useState } from 'react';
import { Alert, DatePicker, Empty, Radio, Select, Skeleton, Table, Tag, Tooltip } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { errorMessage, useCall, type AttendanceFigures, type DutyAttendance } from '../../api';
import {
  dayText,
  deputyOptions,
  fullDayText,
  ISO,
  rateText,
  STATUS_COLOR,
  timeText,
  useActiveDeputies,
  useStationToday,
  weekdayText,
} from './labels';
import { DeputyName } from './CalendarTabs';

const RATE_TIP =
  '进站率 = 到岗 ÷ 应到。应到 = 日期已过的值班，加上今天已登记到岗、请假或缺席的值班；调换给别人的不计，以后的值班到了当天才计入。';

/** 代表值班: one deputy's upcoming duties and this year's figures. */
export function DeputyTab({
  onOpenSlot,
  deputyId,
  onDeputy,
}: {
  onOpenSlot: (id: string) => void;
  deputyId: string | undefined;
  onDeputy: (id: string) => void;
}) {
  const today = useStationToday();
  const deputies = useActiveDeputies();
  const year = today.slice(0, 4);
  const upcoming = useCall(
    'duty.slots',
    { from: today, to: dayjs(today).add(6, 'month').format(ISO), deputyId: deputyId ?? '' },
    { enabled: !!deputyId },
  );
  const figures = useCall(
    'duty.attendance',
    { from: `${year}-01-01`, to: `${year}-12-31`, deputyId: deputyId ?? '' },
    { enabled: !!deputyId },
  );
  const mine = figures.data?.deputies.find((d) => d.deputyId === deputyId) ?? figures.data?.totals;

  return (
    <div className="duty-deputy-tab">
      <div className="duty-toolbar">
        <Select
          size="large"
          showSearch
          optionFilterProp="searchKeys"
          placeholder="选择代表（可输入姓名或拼音首字母）"
          aria-label="选择代表"
          value={deputyId}
          onChange={onDeputy}
          options={deputyOptions(deputies.deputies)}
          style={{ width: 360 }}
        />
      </div>
      {!deputyId && (
        <p className="muted duty-hint">选择一位代表，查看他（她）接下来半年的值班和今年的到岗情况。</p>
      )}
      {deputyId && (
        <>
          <h3 className="duty-section-title">{year}年到岗情况</h3>
          {figures.isError && <Alert type="error" showIcon title={errorMessage(figures.error)} />}
          {mine && <FigureTiles f={mine} />}
          <h3 className="duty-section-title">接下来半年的值班</h3>
          {upcoming.isError && <Alert type="error" showIcon title={errorMessage(upcoming.error)} />}
          {upcoming.isPending && <Skeleton active />}
          {upcoming.data && upcoming.data.length === 0 && <Empty description="接下来半年没有值班安排" />}
          {upcoming.data && upcoming.data.length > 0 && (
            <ul className="deputy-duty-list" data-testid="deputy-duties">
              {upcoming.data.map((s) => {
                const me = s.assignments.find((a) => a.deputyId === deputyId);
                const others = s.assignments.filter((a) => a.deputyId !== deputyId);
                return (
                  <li key={s.id}>
                    <button type="button" className="deputy-duty-item" onClick={() => onOpenSlot(s.id)}>
                      <span className="deputy-duty-date">
                        {dayText(s.date)} {weekdayText(s.date)}
                      </span>
                      <span className="deputy-duty-time">{timeText(s)}</span>
                      <span className="deputy-duty-place">{s.place}</span>
                      <span className="deputy-duty-others">
                        {others.length > 0 && <>同班：</>}
                        {others.map((a) => (
                          <DeputyName key={a.id} a={a} />
                        ))}
                      </span>
                      {me && me.status !== '已排班' && <Tag color={STATUS_COLOR[me.status]}>{me.status}</Tag>}
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

function FigureTiles({ f }: { f: AttendanceFigures }) {
  const tiles: [string, string | number][] = [
    ['应到', f.assigned],
    ['到岗', f.kept],
    ['请假', f.leave],
    ['缺席', f.absent],
    ['未登记', f.unrecorded],
    ['调换', f.swappedOut],
    ['进站率', rateText(f.rate)],
    ['待值班', f.upcoming],
  ];
  return (
    <div className="file-totals">
      {tiles.map(([label, value]) => (
        <div key={label} className="file-total">
          <div className="file-total-value">{value}</div>
          <div className="file-total-label">{label}</div>
        </div>
      ))}
    </div>
  );
}

type Period = '本月' | '本季度' | '今年' | '自定义';

function periodRange(p: Period, today: string, custom: [Dayjs, Dayjs] | null): [string, string] {
  const t = dayjs(today);
  if (p === '本月') return [t.startOf('month').format(ISO), t.endOf('month').format(ISO)];
  if (p === '本季度') {
    const q = Math.floor(t.month() / 3) * 3;
    const start = t.month(q).startOf('month');
    return [start.format(ISO), start.add(2, 'month').endOf('month').format(ISO)];
  }
  if (p === '今年' || !custom) return [t.startOf('year').format(ISO), t.endOf('year').format(ISO)];
  return [custom[0].format(ISO), custom[1].format(ISO)];
}

function linkedPeriod(from: string | null, to: string | null): [Dayjs, Dayjs] | null {
  const day = (v: string | null) => (v && dayjs(v).isValid() && dayjs(v).format(ISO) === v ? dayjs(v) : null);
  const start = day(from);
  const end = day(to);
  return start && end && !end.isBefore(start) ? [start, end] : null;
}

type Row = DutyAttendance['deputies'][number];

/** 出勤统计: per deputy and for the station, over a period. */
export function AttendanceTab() {
  const today = useStationToday();
  // A link from the statistics page names its period (?from=&to=): open on it.
  const [params] = useSearchParams();
  const linked = linkedPeriod(params.get('from'), params.get('to'));
  const [period, setPeriod] = useState<Period>(linked ? '自定义' : '本月');
  const [custom, setCustom] = useState<[Dayjs, Dayjs] | null>(linked);
  const [from, to] = periodRange(period, today, custom);
  const data = useCall('duty.attendance', { from, to });
  const num = (key: keyof AttendanceFigures, title: string, width = 82) => ({
    key,
    title,
    width,
    align: 'center' as const,
    render: (_: unknown, r: AttendanceFigures) => r[key] as number,
  });

  return (
    <div className="duty-attendance" data-testid="duty-attendance">
      <div className="duty-toolbar">
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          size="large"
          value={period}
          onChange={(e) => setPeriod(e.target.value as Period)}
          options={(['本月', '本季度', '今年', '自定义'] as const).map((p) => ({ value: p, label: p }))}
          aria-label="统计期间"
        />
        {period === '自定义' && (
          <DatePicker.RangePicker
            size="large"
            format="YYYY-MM-DD"
            allowClear={false}
            value={custom}
            onChange={(v) => v?.[0] && v[1] && setCustom([v[0], v[1]])}
            aria-label="统计日期范围"
          />
        )}
        <span className="duty-period-note">
          {fullDayText(from)} — {fullDayText(to)}
        </span>
      </div>
      {data.isError && (
        <Alert type="error" showIcon title="没能统计" description={errorMessage(data.error)} />
      )}
      <Table<Row>
        rowKey="deputyId"
        loading={data.isPending}
        dataSource={data.data?.deputies ?? []}
        pagination={false}
        size="middle"
        className="attendance-table"
        locale={{ emptyText: <Empty description="这段时间没有值班安排" /> }}
        columns={[
          { key: 'name', title: '代表', dataIndex: 'name', render: (v: string) => <strong>{v}</strong> },
          num('assigned', '应到'),
          num('kept', '到岗'),
          num('leave', '请假'),
          num('absent', '缺席'),
          num('unrecorded', '未登记', 90),
          num('swappedOut', '调换'),
          {
            key: 'rate',
            title: (
              <Tooltip title={RATE_TIP}>
                <span className="rate-head">
                  进站率 <QuestionCircleOutlined />
                </span>
              </Tooltip>
            ),
            width: 120,
            align: 'center',
            render: (_, r) => <RateCell rate={r.rate} />,
          },
        ]}
        summary={() =>
          data.data && data.data.deputies.length > 0 ? (
            <Table.Summary fixed>
              <Table.Summary.Row className="attendance-totals" data-testid="attendance-totals">
                <Table.Summary.Cell index={0}>
                  <strong>全站合计</strong>
                </Table.Summary.Cell>
                {(['assigned', 'kept', 'leave', 'absent', 'unrecorded', 'swappedOut'] as const).map(
                  (k, i) => (
                    <Table.Summary.Cell key={k} index={i + 1} align="center">
                      <strong>{data.data.totals[k]}</strong>
                    </Table.Summary.Cell>
                  ),
                )}
                <Table.Summary.Cell index={7} align="center">
                  <RateCell rate={data.data.totals.rate} />
                </Table.Summary.Cell>
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
      <p className="muted duty-hint">
        {RATE_TIP} 请假计入应到但不算到岗；“未登记”是日期已过、还没有登记到岗、请假或缺席的值班。
      </p>
    </div>
  );
}

function RateCell({ rate }: { rate: number | null }) {
  const cls = rate === null ? '' : rate >= 0.9 ? 'rate-good' : rate >= 0.6 ? 'rate-mid' : 'rate-low';
  return <span className={`rate ${cls}`}>{rateText(rate)}</span>;
}
