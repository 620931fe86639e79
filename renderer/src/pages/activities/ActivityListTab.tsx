import { useEffect, useRef, useState } from 'react';
import { Button, Input, Select, Table, Tag, type InputRef, type TableProps } from 'antd';
import { CameraOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useCall, type CallInput } from '../../api';
import type { ActivityListItem } from '../../../../main/api/contract';
import { LoadProblem } from '../../components/LoadProblem';
import { useListKeyboard } from '../../lib/use-list-keyboard';
import { useStationToday } from '../duty/labels';
import { ACTIVITY_TYPES, ISO_DATE, yearChoices, type ActivityType } from './labels';
import { DateRangeFilter } from '../../components/DateRangeFilter';

const PAGE_SIZE = 20;

/** The filters live in the address (?from=…&type=…), so Back and the statistics' links land on the same view. */
function useListFilters() {
  const [params, setParams] = useSearchParams();
  const get = (k: string) => params.get(k) ?? undefined;
  const from = get('from');
  const to = get('to');
  const filters = {
    q: params.get('q') ?? '',
    from: from && ISO_DATE.test(from) ? from : undefined,
    to: to && ISO_DATE.test(to) ? to : undefined,
    type: (ACTIVITY_TYPES as readonly string[]).includes(get('type') ?? '')
      ? (get('type') as ActivityType)
      : undefined,
    deputyId: get('deputy'),
    planItemId: get('plan'),
    page: Math.max(1, Number(params.get('page')) || 1),
  };
  const update = (changes: Record<string, string | undefined>) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === undefined || v === '') next.delete(k);
          else next.set(k, v);
        }
        if (!('page' in changes)) next.delete('page');
        return next;
      },
      { replace: true },
    );
  };
  return { filters, update };
}

/** The year a from/to pair covers exactly, if it does. */
function wholeYear(from?: string, to?: string): number | undefined {
  if (!from || !to) return undefined;
  const y = from.slice(0, 4);
  return from === `${y}-01-01` && to === `${y}-12-31` ? Number(y) : undefined;
}

export function ActivityListTab() {
  const navigate = useNavigate();
  const searchRef = useRef<InputRef>(null);
  const { filters, update } = useListFilters();
  const [q, setQ] = useState(filters.q);
  const [selected, setSelected] = useState(0);
  const searchTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const today = useStationToday();
  const thisYear = Number(today.slice(0, 4));

  const typeSearch = (value: string) => {
    setQ(value);
    clearTimeout(searchTimer.current);
    searchTimer.current = setTimeout(() => {
      update({ q: value.trim() });
      setSelected(0);
    }, 300);
  };
  useEffect(() => () => clearTimeout(searchTimer.current), []);

  const deputies = useCall('roster.list', { pageSize: 200 });
  const input: CallInput<'activities.list'> = {
    q: filters.q,
    from: filters.from,
    to: filters.to,
    type: filters.type,
    deputyId: filters.deputyId,
    planItemId: filters.planItemId,
    page: filters.page,
    pageSize: PAGE_SIZE,
  };
  const list = useCall('activities.list', input, { placeholderData: keepPreviousData });
  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const filtered = !!(
    filters.q ||
    filters.from ||
    filters.to ||
    filters.type ||
    filters.deputyId ||
    filters.planItemId
  );

  const open = (row: ActivityListItem) => void navigate(`/activities/${row.id}`);
  const settled = q.trim() === filters.q && !list.isFetching;
  useListKeyboard({ items, selected, setSelected, settled, searchRef, open });

  const refilter = (changes: Record<string, string | undefined>) => {
    update(changes);
    setSelected(0);
  };

  const columns: TableProps<ActivityListItem>['columns'] = [
    {
      key: 'date',
      title: '日期',
      dataIndex: 'date',
      width: 122,
      render: (v: string) => <span className="mono activity-date">{v}</span>,
    },
    {
      key: 'type',
      title: '类型',
      dataIndex: 'type',
      width: 128,
      render: (v: string) => <Tag className="activity-type-tag">{v}</Tag>,
    },
    {
      key: 'theme',
      title: '活动主题',
      dataIndex: 'theme',
      render: (v: string) => <span className="activity-theme">{v}</span>,
    },
    { key: 'place', title: '地点', dataIndex: 'place', width: 150 },
    {
      key: 'attendance',
      title: '出席 / 请假 / 缺席',
      width: 160,
      render: (_, r) => (
        <span
          className="attendance-counts"
          aria-label={`出席${r.present}人，请假${r.leave}人，缺席${r.absent}人`}
        >
          <span className="count-present">{r.present}</span>
          <span className="count-sep">/</span>
          <span className={r.leave ? 'count-leave' : 'muted'}>{r.leave}</span>
          <span className="count-sep">/</span>
          <span className={r.absent ? 'count-absent' : 'muted'}>{r.absent}</span>
        </span>
      ),
    },
    {
      key: 'plan',
      title: '计划项目',
      dataIndex: 'planTheme',
      width: 150,
      render: (v: string) =>
        v ? <span className="activity-plan-cell">{v}</span> : <span className="muted">—</span>,
    },
    {
      key: 'photos',
      title: '照片',
      dataIndex: 'photoCount',
      width: 82,
      render: (v: number) =>
        v ? (
          <span>
            <CameraOutlined /> {v}
          </span>
        ) : (
          <span className="muted">—</span>
        ),
    },
  ];

  const clearAll = () => {
    clearTimeout(searchTimer.current);
    setQ('');
    refilter({
      q: undefined,
      from: undefined,
      to: undefined,
      type: undefined,
      deputy: undefined,
      plan: undefined,
    });
  };

  const empty = filtered ? (
    <div className="roster-empty">
      <p>没有找到符合条件的活动记录。请换个关键词，或清除筛选条件。</p>
      <Button size="large" onClick={clearAll}>
        清除搜索和筛选
      </Button>
    </div>
  ) : (
    <div className="roster-empty">
      <p className="roster-empty-title">还没有活动记录</p>
      <p>开过会、搞过视察调研，点「记录活动」记下来。</p>
      <Button
        type="primary"
        size="large"
        icon={<PlusOutlined />}
        onClick={() => void navigate('/activities/new')}
      >
        记录活动
      </Button>
    </div>
  );

  const year = wholeYear(filters.from, filters.to);

  return (
    <>
      <p className="muted activities-hint">最近的在前。按 / 键搜索，↑ ↓ 键选择，回车打开。</p>
      <div className="roster-filters activity-filters">
        <Input
          ref={searchRef}
          size="large"
          allowClear
          className="activity-search"
          prefix={<SearchOutlined />}
          placeholder="活动主题、地点或内容里的词"
          aria-label="搜索活动记录"
          value={q}
          onChange={(e) => typeSearch(e.target.value)}
        />
        <Select
          size="large"
          allowClear
          placeholder="全部年度"
          aria-label="年度"
          className="roster-filter activity-year-filter"
          value={year}
          onChange={(y?: number) =>
            refilter(y ? { from: `${y}-01-01`, to: `${y}-12-31` } : { from: undefined, to: undefined })
          }
          options={yearChoices(thisYear).map((y) => ({ value: y, label: `${y}年` }))}
        />
        <DateRangeFilter
          label="活动日期"
          from={filters.from}
          to={filters.to}
          onChange={refilter}
          className="activity-range"
        />
        <Select
          size="large"
          allowClear
          placeholder="全部类型"
          aria-label="活动类型"
          className="roster-filter"
          value={filters.type}
          onChange={(v?: ActivityType) => refilter({ type: v })}
          options={ACTIVITY_TYPES.map((t) => ({ value: t, label: t }))}
        />
        <Select
          size="large"
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder="全部代表"
          aria-label="参加代表"
          className="roster-filter"
          value={filters.deputyId}
          onChange={(v?: string) => refilter({ deputy: v })}
          options={(deputies.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
        />
        {filters.planItemId && (
          <Tag
            closable
            className="activity-plan-filter"
            onClose={() => refilter({ plan: undefined })}
            color="blue"
          >
            只看一个计划项目的活动
          </Tag>
        )}
      </div>

      {list.isError && (
        <LoadProblem
          className="page-alert"
          what="活动记录"
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      )}

      <Table<ActivityListItem>
        className="roster-table activity-table"
        data-testid="activity-table"
        rowKey="id"
        size="middle"
        loading={list.isPending || (list.isFetching && list.isPlaceholderData)}
        columns={columns}
        dataSource={items}
        locale={{ emptyText: list.isPending ? ' ' : empty }}
        rowClassName={(_r, index) =>
          ['roster-row', index === selected ? 'roster-row-selected' : ''].join(' ')
        }
        onRow={(record, index) => ({
          'data-row-index': index,
          onClick: () => open(record),
          onMouseEnter: () => index !== undefined && setSelected(index),
        })}
        onChange={(pagination, _filters, _sorter, extra) => {
          if (extra.action === 'paginate') {
            update({ page: String(pagination.current ?? 1) });
            setSelected(0);
          }
        }}
        pagination={{
          current: filters.page,
          pageSize: PAGE_SIZE,
          total,
          showSizeChanger: false,
          showTotal: () => `共 ${total} 次活动`,
        }}
      />
    </>
  );
}
