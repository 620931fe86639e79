import { useEffect, useRef, useState } from 'react';
import { Button, Checkbox, Input, Select, Space, Table, Tag, type InputRef, type TableProps } from 'antd';
import { PlusOutlined, PrinterOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router-dom';
import {
  DISPOSITIONS,
  RECEPTION_CHANNELS,
  RECEPTION_STATUSES,
  useCall,
  type CallInput,
  type ReceptionListItem,
} from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { useListKeyboard } from '../../lib/use-list-keyboard';
import { RECEPTION_STATUS_COLOR, shortReceived } from './labels';
import { LoadProblem } from '../../components/LoadProblem';
import { DateRangeFilter } from '../../components/DateRangeFilter';

type Channel = (typeof RECEPTION_CHANNELS)[number];
type Status = (typeof RECEPTION_STATUSES)[number];
type Disposition = (typeof DISPOSITIONS)[number];

const PAGE_SIZE = 20;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A comma list in the address (status=已办结,已反馈), keeping only known values, in their order. */
function listParam<T extends string>(value: string | null, known: readonly T[]): T[] {
  const given = new Set((value ?? '').split(','));
  return known.filter((k) => given.has(k));
}

/** A multiple select grows with its choices so the chosen words stay readable. */
const multiWidth = (n: number) => (n > 1 ? Math.min(150 + (n - 1) * 92, 420) : undefined);

/** The list's filters live in the address (?q=…&status=…), so Back returns to the same view. */
function useListFilters() {
  const [params, setParams] = useSearchParams();
  const get = (k: string) => params.get(k) ?? undefined;
  const from = get('from');
  const to = get('to');
  const filters = {
    q: params.get('q') ?? '',
    from: from && DATE.test(from) ? from : undefined,
    to: to && DATE.test(to) ? to : undefined,
    channel: (RECEPTION_CHANNELS as readonly string[]).includes(get('channel') ?? '')
      ? (get('channel') as Channel)
      : undefined,
    category: get('category'),
    // Lists, so the statistics page can link to 已办结 and 已反馈, or to 交办 and 转办, at once.
    status: listParam<Status>(params.get('status'), RECEPTION_STATUSES),
    disposition: listParam<Disposition>(params.get('disposition'), DISPOSITIONS),
    deputyId: get('deputy'),
    overdue: params.get('overdue') === '1',
    confidential: params.get('confidential') === '1' ? true : undefined,
    page: Math.max(1, Number(params.get('page')) || 1),
  };
  /** Changes some filters; any change but the page itself starts at page 1. */
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

export function ReceptionListPage() {
  const navigate = useNavigate();
  const searchRef = useRef<InputRef>(null);
  const { filters, update } = useListFilters();
  const [q, setQ] = useState(filters.q);
  const [selected, setSelected] = useState(0);
  const searchTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  /** The search box goes into the address like every other filter, once typing pauses. */
  const typeSearch = (value: string) => {
    setQ(value);
    clearTimeout(searchTimer.current);
    searchTimer.current = setTimeout(() => {
      update({ q: value.trim() });
      setSelected(0);
    }, 300);
  };
  useEffect(() => () => clearTimeout(searchTimer.current), []);

  const options = useCall('receptions.formOptions', {});
  const input: CallInput<'receptions.list'> = {
    q: filters.q,
    from: filters.from,
    to: filters.to,
    channel: filters.channel,
    category: filters.category,
    status: filters.status.length ? filters.status : undefined,
    disposition: filters.disposition.length ? filters.disposition : undefined,
    deputyId: filters.deputyId,
    overdue: filters.overdue,
    confidential: filters.confidential,
    page: filters.page,
    pageSize: PAGE_SIZE,
  };
  const list = useCall('receptions.list', input, { placeholderData: keepPreviousData });
  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const capped = list.data?.totalCapped ?? false;
  const filtered = !!(
    filters.q ||
    filters.from ||
    filters.to ||
    filters.channel ||
    filters.category ||
    filters.status.length ||
    filters.disposition.length ||
    filters.deputyId ||
    filters.overdue ||
    filters.confidential
  );

  const open = (row: ReceptionListItem) => void navigate(`/receptions/${row.id}`);

  const settled = q.trim() === filters.q && !list.isFetching;
  useListKeyboard({ items, selected, setSelected, settled, searchRef, open });

  const refilter = (changes: Record<string, string | undefined>) => {
    update(changes);
    setSelected(0);
  };

  const columns: TableProps<ReceptionListItem>['columns'] = [
    {
      key: 'number',
      title: '编号',
      dataIndex: 'number',
      width: 108,
      render: (v: string) => <span className="mono reception-number">{v}</span>,
    },
    {
      key: 'receivedAt',
      title: '接待时间',
      dataIndex: 'receivedAt',
      width: 132,
      render: (v: string) => {
        const s = shortReceived(v);
        return (
          <span className="reception-time">
            {s.slice(0, 10)}
            <br />
            <span className="muted">{s.slice(11)}</span>
          </span>
        );
      },
    },
    { key: 'channel', title: '方式', dataIndex: 'channel', width: 68 },
    {
      key: 'visitor',
      title: '来访人',
      width: 170,
      render: (_, r) => (
        <div className="reception-visitor">
          <div className="reception-visitor-name">{r.visitorNames || '—'}</div>
          {(r.visitorPhone || r.persons > 1) && (
            <div className="muted reception-phone">
              {r.visitorPhone && <span className="mono">{r.visitorPhone}</span>}
              {r.persons > 1 && <span className="reception-persons">共{r.persons}人</span>}
            </div>
          )}
        </div>
      ),
    },
    { key: 'category', title: '类别', dataIndex: 'category', width: 98 },
    {
      key: 'title',
      title: '事项',
      dataIndex: 'title',
      render: (v: string, r) => (
        <span className="reception-title">
          {r.confidential && (
            <Tag color="purple" className="reception-secret">
              保密
            </Tag>
          )}
          {v}
        </span>
      ),
    },
    {
      key: 'deputies',
      title: '接待代表',
      width: 130,
      render: (_, r) => r.deputyNames.join('、') || '—',
    },
    {
      key: 'status',
      title: '状态',
      width: 124,
      render: (_, r) => (
        <div>
          <Tag color={RECEPTION_STATUS_COLOR[r.status]} className="reception-status-tag">
            {r.status}
          </Tag>
          {r.overdueDays > 0 && <div className="overdue-text">逾期 {r.overdueDays} 天</div>}
        </div>
      ),
    },
  ];

  const empty = filtered ? (
    <div className="roster-empty">
      <p>没有找到符合条件的接待记录。请换个关键词，或清除筛选条件。</p>
      <Button
        size="large"
        onClick={() => {
          clearTimeout(searchTimer.current);
          setQ('');
          refilter({
            q: undefined,
            from: undefined,
            to: undefined,
            channel: undefined,
            category: undefined,
            status: undefined,
            disposition: undefined,
            deputy: undefined,
            overdue: undefined,
            confidential: undefined,
          });
        }}
      >
        清除搜索和筛选
      </Button>
    </div>
  ) : (
    <div className="roster-empty">
      <p className="roster-empty-title">还没有接待记录</p>
      <p>群众来访、来电、来信时，点「登记接待」记下来。</p>
      <Button
        type="primary"
        size="large"
        icon={<PlusOutlined />}
        onClick={() => void navigate('/receptions/new')}
      >
        登记接待
      </Button>
    </div>
  );

  const totalText = capped ? `${total} 条以上` : `共 ${total} 条`;

  return (
    <>
      <PageHeader
        title="接待登记簿"
        description="最近的在前。按 / 键搜索，↑ ↓ 键选择，回车打开。"
        extra={
          <Space wrap>
            <Button
              type="primary"
              size="large"
              icon={<PlusOutlined />}
              onClick={() => void navigate('/receptions/new')}
            >
              登记接待
            </Button>
            <Button
              size="large"
              icon={<PrinterOutlined />}
              onClick={() => {
                const p = new URLSearchParams();
                if (filters.from) p.set('from', filters.from);
                if (filters.to) p.set('to', filters.to);
                const s = p.toString();
                void navigate(`/receptions/ledger${s ? `?${s}` : ''}`);
              }}
            >
              打印台账
            </Button>
          </Space>
        }
      />

      <div className="roster-filters reception-filters">
        <Input
          ref={searchRef}
          size="large"
          allowClear
          className="roster-search"
          classNames={{ input: 'reception-search-input' }}
          prefix={<SearchOutlined />}
          placeholder="事项里的词（两个字以上）、来访人姓名或拼音首字母、完整手机号"
          aria-label="搜索接待记录"
          value={q}
          onChange={(e) => typeSearch(e.target.value)}
        />
        <DateRangeFilter
          label="接待日期"
          from={filters.from}
          to={filters.to}
          onChange={refilter}
          className="reception-range"
        />
        <Select
          size="large"
          allowClear
          placeholder="全部方式"
          aria-label="接待方式"
          className="roster-filter"
          value={filters.channel}
          onChange={(v?: Channel) => refilter({ channel: v })}
          options={RECEPTION_CHANNELS.map((c) => ({ value: c, label: c }))}
        />
        <Select
          size="large"
          allowClear
          placeholder="全部类别"
          aria-label="问题类别"
          className="roster-filter"
          value={filters.category}
          onChange={(v?: string) => refilter({ category: v })}
          options={(options.data?.categories ?? []).map((c) => ({ value: c, label: c }))}
        />
        <Select
          size="large"
          mode="multiple"
          allowClear
          placeholder="全部状态"
          aria-label="办理状态"
          className="roster-filter"
          style={{ width: multiWidth(filters.status.length) }}
          value={filters.status}
          onChange={(v: Status[]) => refilter({ status: v.join(',') })}
          options={RECEPTION_STATUSES.map((s) => ({ value: s, label: s }))}
        />
        <Select
          size="large"
          mode="multiple"
          allowClear
          placeholder="全部处理方式"
          aria-label="处理方式"
          className="roster-filter"
          style={{ width: multiWidth(filters.disposition.length) }}
          value={filters.disposition}
          onChange={(v: Disposition[]) => refilter({ disposition: v.join(',') })}
          options={DISPOSITIONS.map((d) => ({ value: d, label: d }))}
        />
        <Select
          size="large"
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder="全部接待代表"
          aria-label="接待代表"
          className="roster-filter reception-deputy-filter"
          value={filters.deputyId}
          onChange={(v?: string) => refilter({ deputy: v })}
          options={(options.data?.deputies ?? []).map((d) => ({ value: d.id, label: d.name }))}
        />
        <Checkbox
          className="reception-check"
          checked={filters.overdue}
          onChange={(e) => refilter({ overdue: e.target.checked ? '1' : undefined })}
        >
          只看逾期
        </Checkbox>
        <Checkbox
          className="reception-check"
          checked={!!filters.confidential}
          onChange={(e) => refilter({ confidential: e.target.checked ? '1' : undefined })}
        >
          要求保密
        </Checkbox>
      </div>

      {list.isError && (
        <LoadProblem
          className="page-alert"
          what="接待登记"
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      )}

      <Table<ReceptionListItem>
        className="roster-table reception-table"
        data-testid="reception-table"
        rowKey="id"
        size="middle"
        loading={list.isPending || (list.isFetching && list.isPlaceholderData)}
        columns={columns}
        dataSource={items}
        locale={{ emptyText: list.isPending ? ' ' : empty }}
        rowClassName={(r, index) =>
          [
            'roster-row',
            'reception-row',
            index === selected ? 'roster-row-selected' : '',
            r.overdueDays > 0 ? 'reception-row-overdue' : '',
          ].join(' ')
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
          showQuickJumper: total > PAGE_SIZE * 10,
          showTotal: () => totalText,
        }}
      />
    </>
  );
}
