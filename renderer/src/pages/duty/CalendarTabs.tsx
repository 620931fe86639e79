import { useMemo, useState } from 'react';
import { Button, Empty, Space, Table, Tag, Tooltip } from 'antd';
import { LeftOutlined, PlusOutlined, RightOutlined, ThunderboltOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useCall, type DutyAssignment, type DutySlot, type HolidayYear } from '../../api';
import {
  clockOf,
  dayText,
  ISO,
  STATUS_COLOR,
  timeText,
  useStationToday,
  WEEKDAY_SHORT,
  weekdayText,
  weekStart,
} from './labels';
import { CreateSlotDialog } from './SlotDialogs';
import { LoadProblem } from '../../components/LoadProblem';

type HolidayDay = HolidayYear['days'][number];

/** The holiday calendar of the years a date range touches, by date. */
function useHolidayDays(from: string, to: string): Map<string, HolidayDay> {
  const y1 = Number(from.slice(0, 4));
  const y2 = Number(to.slice(0, 4));
  const a = useCall('holidays.year', { year: y1 }, { staleTime: 300_000 });
  const b = useCall('holidays.year', { year: y2 }, { enabled: y2 !== y1, staleTime: 300_000 });
  return useMemo(() => {
    const map = new Map<string, HolidayDay>();
    for (const d of [...(a.data?.days ?? []), ...(y2 !== y1 ? (b.data?.days ?? []) : [])]) map.set(d.date, d);
    return map;
  }, [a.data, b.data, y1, y2]);
}

/** A deputy's name as the calendar shows it: coloured by attendance, a swap struck through. */
export function DeputyName({ a }: { a: DutyAssignment }) {
  const title =
    a.status === '到岗'
      ? `到岗 ${clockOf(a.signedInAt)}`
      : a.status === '调换'
        ? `调换：由${a.swappedWith?.deputyName ?? '其他代表'}代替`
        : a.status === '已排班'
          ? undefined
          : `${a.status}${a.reason ? `：${a.reason}` : ''}`;
  return (
    <span className={`duty-name duty-name-${a.status}`} title={title}>
      {a.deputyName}
    </span>
  );
}

function movedTip(s: DutySlot) {
  return `原定${dayText(s.plannedDate)}，${s.movedReason || '节假日顺延'}`;
}

/** One slot in a day cell: a button that opens the drawer. */
function SlotChip({
  s,
  showPlace,
  onOpen,
}: {
  s: DutySlot;
  showPlace: boolean;
  onOpen: (id: string) => void;
}) {
  const short = s.assignments.filter((a) => a.status !== '调换' && a.status !== '请假').length < s.capacity;
  return (
    <button
      type="button"
      className={`duty-slot${short ? ' duty-slot-short' : ''}`}
      onClick={() => onOpen(s.id)}
      data-testid="duty-slot"
      aria-label={`${dayText(s.date)} ${timeText(s)} ${s.place}`}
    >
      <span className="duty-slot-time">
        {timeText(s)}
        {s.plannedDate !== s.date && (
          <Tooltip title={movedTip(s)}>
            <span className="duty-moved">顺延</span>
          </Tooltip>
        )}
      </span>
      {showPlace && <span className="duty-slot-place">{s.place}</span>}
      <span className="duty-slot-names">
        {s.assignments.length === 0 && <span className="muted">未排代表</span>}
        {s.assignments.map((a) => (
          <DeputyName key={a.id} a={a} />
        ))}
      </span>
    </button>
  );
}

function Legend() {
  return (
    <div className="duty-legend" aria-label="图例">
      <span className="duty-name duty-name-到岗">到岗</span>
      <span className="duty-name duty-name-请假">请假</span>
      <span className="duty-name duty-name-缺席">缺席</span>
      <span className="duty-name duty-name-调换">调换</span>
      <span>
        <span className="holiday-badge holiday-off">休</span> 法定节假日
      </span>
      <span>
        <span className="holiday-badge holiday-work">班</span> 调休上班
      </span>
    </div>
  );
}

/** 月历: the month as a grid (Monday first), each day with its slots and the holiday calendar. */
export function MonthTab({ onOpenSlot, onPlan }: { onOpenSlot: (id: string) => void; onPlan: () => void }) {
  const today = useStationToday();
  const [month, setMonth] = useState<Dayjs>(() => dayjs(today).startOf('month'));
  const [creating, setCreating] = useState(false);
  const gridStart = weekStart(month);
  const gridEnd = weekStart(month.endOf('month')).add(6, 'day');
  const from = gridStart.format(ISO);
  const to = gridEnd.format(ISO);
  const slots = useCall('duty.slots', { from, to });
  const holidays = useHolidayDays(from, to);
  const byDate = useMemo(() => {
    const map = new Map<string, DutySlot[]>();
    for (const s of slots.data ?? []) map.set(s.date, [...(map.get(s.date) ?? []), s]);
    return map;
  }, [slots.data]);
  const places = new Set((slots.data ?? []).map((s) => s.place));
  const days: Dayjs[] = [];
  for (let d = gridStart; !d.isAfter(gridEnd); d = d.add(1, 'day')) days.push(d);
  const monthKey = month.format('YYYY-MM');
  const inMonth = (slots.data ?? []).filter((s) => s.date.startsWith(monthKey)).length;

  return (
    <div className="duty-month" data-testid="duty-month">
      <div className="duty-toolbar">
        <Space>
          <Button
            size="large"
            icon={<LeftOutlined />}
            onClick={() => setMonth((m) => m.subtract(1, 'month'))}
          >
            上月
          </Button>
          <Button size="large" onClick={() => setMonth(dayjs(today).startOf('month'))}>
            本月
          </Button>
          <Button size="large" onClick={() => setMonth((m) => m.add(1, 'month'))}>
            下月 <RightOutlined />
          </Button>
        </Space>
        <h2 className="duty-period-title" data-testid="duty-month-title">
          {month.format('YYYY年M月')}
          <span className="duty-period-count">{slots.data ? `共 ${inMonth} 班` : ''}</span>
        </h2>
        <Space>
          <Button size="large" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新增值班
          </Button>
          <Button size="large" type="primary" icon={<ThunderboltOutlined />} onClick={onPlan}>
            生成排班
          </Button>
        </Space>
      </div>
      {slots.isError && (
        <LoadProblem
          className="page-alert"
          what="值班安排"
          error={slots.error}
          onRetry={() => void slots.refetch()}
        />
      )}
      <div className="duty-grid" role="grid" aria-label={`${month.format('YYYY年M月')}值班月历`}>
        {WEEKDAY_SHORT.map((w, i) => (
          <div key={w} className={`duty-grid-head${i >= 5 ? ' weekend' : ''}`} role="columnheader">
            周{w}
          </div>
        ))}
        {days.map((d) => {
          const date = d.format(ISO);
          const h = holidays.get(date);
          const daySlots = byDate.get(date) ?? [];
          const cls = [
            'duty-day',
            d.month() !== month.month() ? 'outside' : '',
            date === today ? 'today' : '',
            h?.kind === '休' ? 'holiday' : '',
            d.day() === 0 || d.day() === 6 ? 'weekend' : '',
          ]
            .filter(Boolean)
            .join(' ');
          return (
            <div key={date} className={cls} role="gridcell" data-date={date}>
              <div className="duty-day-head">
                <span className="duty-day-num">{d.date()}</span>
                {date === today && <span className="duty-today-mark">今天</span>}
                {h && (
                  <span
                    className="duty-holiday"
                    title={h.kind === '休' ? `${h.name}放假` : `${h.name}调休上班`}
                  >
                    <span className={`holiday-badge ${h.kind === '休' ? 'holiday-off' : 'holiday-work'}`}>
                      {h.kind}
                    </span>
                    <span className="duty-holiday-name">{h.kind === '休' ? h.name : '调休上班'}</span>
                  </span>
                )}
              </div>
              {daySlots.map((s) => (
                <SlotChip key={s.id} s={s} showPlace={places.size > 1} onOpen={onOpenSlot} />
              ))}
            </div>
          );
        })}
      </div>
      <Legend />
      {creating && (
        <CreateSlotDialog
          open
          date={month.isSame(dayjs(today), 'month') ? today : month.format(ISO)}
          place={slots.data?.[0]?.place ?? ''}
          onClose={() => setCreating(false)}
          onCreated={(s) => onOpenSlot(s.id)}
        />
      )}
    </div>
  );
}

/** 周列表: one week's slots as a list. */
export function WeekTab({ onOpenSlot }: { onOpenSlot: (id: string) => void }) {
  const today = useStationToday();
  const [start, setStart] = useState<Dayjs>(() => weekStart(dayjs(today)));
  const end = start.add(6, 'day');
  const slots = useCall('duty.slots', { from: start.format(ISO), to: end.format(ISO) });
  const holidays = useHolidayDays(start.format(ISO), end.format(ISO));

  return (
    <div className="duty-week">
      <div className="duty-toolbar">
        <Space>
          <Button size="large" icon={<LeftOutlined />} onClick={() => setStart((s) => s.subtract(7, 'day'))}>
            上周
          </Button>
          <Button size="large" onClick={() => setStart(weekStart(dayjs(today)))}>
            本周
          </Button>
          <Button size="large" onClick={() => setStart((s) => s.add(7, 'day'))}>
            下周 <RightOutlined />
          </Button>
        </Space>
        <h2 className="duty-period-title">
          {start.format('YYYY年M月D日')} —{' '}
          {end.format(start.year() === end.year() ? 'M月D日' : 'YYYY年M月D日')}
        </h2>
        <span />
      </div>
      {slots.isError && (
        <LoadProblem what="值班安排" error={slots.error} onRetry={() => void slots.refetch()} />
      )}
      <Table
        rowKey="id"
        loading={slots.isPending}
        dataSource={slots.data ?? []}
        pagination={false}
        className="duty-week-table"
        onRow={(s) => ({
          onClick: () => onOpenSlot(s.id),
          onKeyDown: (e) => e.key === 'Enter' && onOpenSlot(s.id),
          tabIndex: 0,
          className: `clickable-row${s.date === today ? ' duty-row-today' : ''}`,
        })}
        locale={{ emptyText: <Empty description="这一周没有值班安排" /> }}
        columns={[
          {
            key: 'date',
            title: '日期',
            width: 190,
            render: (_, s) => (
              <span className="nowrap">
                <strong>{dayText(s.date)}</strong>
                {s.date === today && (
                  <Tag color="red" className="duty-today-tag">
                    今天
                  </Tag>
                )}
              </span>
            ),
          },
          {
            key: 'weekday',
            title: '星期',
            width: 90,
            render: (_, s) => {
              const h = holidays.get(s.date);
              return (
                <span>
                  {weekdayText(s.date)}
                  {h && (
                    <span className={`holiday-badge ${h.kind === '休' ? 'holiday-off' : 'holiday-work'}`}>
                      {h.kind}
                    </span>
                  )}
                </span>
              );
            },
          },
          {
            key: 'time',
            title: '时间',
            width: 150,
            render: (_, s) => (
              <span>
                {timeText(s)}
                {s.plannedDate !== s.date && (
                  <Tooltip title={movedTip(s)}>
                    <span className="duty-moved">顺延</span>
                  </Tooltip>
                )}
              </span>
            ),
          },
          { key: 'place', title: '地点', dataIndex: 'place', width: 200 },
          {
            key: 'deputies',
            title: '值班代表',
            render: (_, s) => (
              <span className="duty-week-deputies">
                {s.assignments.length === 0 && <span className="muted">未排代表</span>}
                {s.assignments.map((a) => (
                  <span key={a.id} className="duty-week-deputy">
                    <DeputyName a={a} />
                    {a.status !== '已排班' && (
                      <Tag color={STATUS_COLOR[a.status]} className="duty-week-status">
                        {a.status === '到岗' ? `到岗 ${clockOf(a.signedInAt)}` : a.status}
                      </Tag>
                    )}
                  </span>
                ))}
              </span>
            ),
          },
        ]}
      />
    </div>
  );
}
