import { useRef, useState } from 'react';
import { App, Button, Input, Select, Space, Table, Tag, type InputRef, type TableProps } from 'antd';
import {
  ApartmentOutlined,
  DownloadOutlined,
  PlusOutlined,
  SearchOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { keepPreviousData } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { call, DEPUTY_LEVELS, DEPUTY_STATUSES, errorMessage, useCall, type Deputy } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { DeputyPhoto } from '../../components/DeputyPhoto';
import { downloadBase64, XLSX_MIME } from '../../lib/download';
import { useDebounced } from '../../lib/use-debounced';
import { useListKeyboard } from '../../lib/use-list-keyboard';
import { GroupsModal } from './GroupsModal';
import { STATUS_COLOR } from './labels';
import { LoadProblem } from '../../components/LoadProblem';
import { useRole } from '../../lib/session';

type Sort = 'name' | 'group' | 'level' | 'status' | 'updated';
type Level = (typeof DEPUTY_LEVELS)[number];
type Status = (typeof DEPUTY_STATUSES)[number];

const PAGE_SIZE = 20;

export function RosterListPage() {
  const navigate = useNavigate();
  const isAdmin = useRole() === 'admin';
  const { message } = App.useApp();
  const searchRef = useRef<InputRef>(null);
  const [q, setQ] = useState('');
  const [level, setLevel] = useState<Level | undefined>();
  const [groupId, setGroupId] = useState<string | undefined>();
  const [status, setStatus] = useState<Status | undefined>();
  const [sort, setSort] = useState<Sort>('name');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState(0);
  const [groupsOpen, setGroupsOpen] = useState(false);
  const [exporting, setExporting] = useState(false);
  const debouncedQ = useDebounced(q.trim(), 300);

  const groups = useCall('groups.list', {});
  const list = useCall(
    'roster.list',
    { q: debouncedQ, level, groupId, status, sort, page, pageSize: PAGE_SIZE },
    { placeholderData: keepPreviousData },
  );
  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const filtered = !!(debouncedQ || level || groupId || status);

  /** A new search or filter starts at the first page and the first row. */
  const refilter = () => {
    setPage(1);
    setSelected(0);
  };

  // While the list is still catching up with what was typed, Enter must not open a stale row.
  const settled = q.trim() === debouncedQ && !list.isFetching;
  useListKeyboard({
    items,
    selected,
    setSelected,
    settled,
    searchRef,
    open: (row) => void navigate(`/roster/${row.id}`),
  });

  const exportRoster = async () => {
    setExporting(true);
    try {
      const file = await call('roster.exportXlsx', {});
      downloadBase64(file.fileName, file.base64, XLSX_MIME);
      void message.success(`名册已导出：${file.fileName}`);
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setExporting(false);
    }
  };

  const sortable = (key: Sort) => ({
    sorter: true,
    sortOrder: sort === key ? ('ascend' as const) : null,
    sortDirections: ['ascend' as const],
    showSorterTooltip: { title: '点击按此列排序' },
  });

  const columns: TableProps<Deputy>['columns'] = [
    {
      key: 'photo',
      title: '照片',
      width: 72,
      render: (_, d) => <DeputyPhoto sha256={d.photo} name={d.name} width={40} />,
    },
    {
      key: 'name',
      title: '姓名',
      dataIndex: 'name',
      width: 110,
      ...sortable('name'),
      render: (name: string) => <span className="roster-name">{name}</span>,
    },
    { key: 'gender', title: '性别', dataIndex: 'gender', width: 72 },
    {
      key: 'level',
      title: '代表层级',
      width: 150,
      ...sortable('level'),
      render: (_, d) => (
        <span className="level-tags">
          {d.levels.map((l) => (
            <Tag key={l} className="level-tag">
              {l}
            </Tag>
          ))}
        </span>
      ),
    },
    {
      key: 'group',
      title: '代表小组',
      dataIndex: 'groupName',
      width: 130,
      ...sortable('group'),
      render: (v: string | null) => v ?? '—',
    },
    { key: 'workplacePost', title: '工作单位及职务', dataIndex: 'workplacePost', ellipsis: true },
    {
      key: 'phone',
      title: '联系电话',
      dataIndex: 'phone',
      width: 150,
      render: (v: string) => <span className="mono">{v || '—'}</span>,
    },
    { key: 'stationRole', title: '站内职务', dataIndex: 'stationRole', width: 104 },
    {
      key: 'status',
      title: '状态',
      dataIndex: 'status',
      width: 92,
      ...sortable('status'),
      render: (s: Deputy['status']) => <Tag color={STATUS_COLOR[s]}>{s}</Tag>,
    },
  ];

  // Adding deputies is for administrators (the server refuses a clerk anyway).
  const addActions = isAdmin && (
    <>
      <Button
        type="primary"
        size="large"
        icon={<PlusOutlined />}
        onClick={() => void navigate('/roster/new')}
      >
        新增代表
      </Button>
      <Button size="large" icon={<UploadOutlined />} onClick={() => void navigate('/roster/import')}>
        导入名册
      </Button>
    </>
  );
  const empty = filtered ? (
    <div className="roster-empty">
      <p>没有找到符合条件的代表。请换个关键词，或清除筛选条件。</p>
      <Button
        size="large"
        onClick={() => {
          setQ('');
          setLevel(undefined);
          setGroupId(undefined);
          setStatus(undefined);
          refilter();
        }}
      >
        清除搜索和筛选
      </Button>
    </div>
  ) : (
    <div className="roster-empty">
      <p className="roster-empty-title">名册里还没有代表</p>
      <p>
        {isAdmin
          ? '点「新增代表」逐个录入；如果县里下发了代表名册 Excel 表，点「导入名册」一次导入。'
          : '名册由管理员录入或导入，请让管理员登录后操作。'}
      </p>
      <Space size="middle">{addActions}</Space>
    </div>
  );

  return (
    <>
      <PageHeader
        title="代表名册"
        description="本站进站代表的信息。按 / 键搜索，↑ ↓ 键选择，回车打开。"
        extra={
          <Space wrap>
            {addActions}
            <Button
              size="large"
              icon={<DownloadOutlined />}
              loading={exporting}
              onClick={() => void exportRoster()}
            >
              导出名册
            </Button>
            {isAdmin && (
              <Button size="large" icon={<ApartmentOutlined />} onClick={() => setGroupsOpen(true)}>
                代表小组
              </Button>
            )}
          </Space>
        }
      />

      <div className="roster-filters">
        <Input
          ref={searchRef}
          size="large"
          allowClear
          className="roster-search"
          classNames={{ input: 'roster-search-input' }}
          prefix={<SearchOutlined />}
          placeholder="姓名、拼音或首字母（如 zs）、单位、选区"
          aria-label="搜索代表"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            refilter();
          }}
        />
        <Select
          size="large"
          allowClear
          placeholder="全部层级"
          aria-label="代表层级"
          className="roster-filter"
          value={level}
          onChange={(v?: Level) => {
            setLevel(v);
            refilter();
          }}
          options={DEPUTY_LEVELS.map((l) => ({ value: l, label: `${l}人大代表` }))}
        />
        <Select
          size="large"
          allowClear
          placeholder="全部小组"
          aria-label="代表小组"
          className="roster-filter"
          value={groupId}
          onChange={(v?: string) => {
            setGroupId(v);
            refilter();
          }}
          options={(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
        />
        <Select
          size="large"
          allowClear
          placeholder="全部状态"
          aria-label="状态"
          className="roster-filter"
          value={status}
          onChange={(v?: Status) => {
            setStatus(v);
            refilter();
          }}
          options={DEPUTY_STATUSES.map((s) => ({ value: s, label: s }))}
        />
        <Select
          size="large"
          aria-label="排序"
          className="roster-filter"
          value={sort}
          onChange={(v: Sort) => {
            setSort(v);
            refilter();
          }}
          options={[
            { value: 'name', label: '按姓名排序' },
            { value: 'group', label: '按小组排序' },
            { value: 'level', label: '按层级排序' },
            { value: 'status', label: '按状态排序' },
            { value: 'updated', label: '最近修改在前' },
          ]}
        />
      </div>

      {list.isError && (
        <LoadProblem
          className="page-alert"
          what="代表名册"
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      )}

      <Table<Deputy>
        className="roster-table"
        data-testid="roster-table"
        rowKey="id"
        size="middle"
        loading={list.isPending || (list.isFetching && list.isPlaceholderData)}
        columns={columns}
        dataSource={items}
        locale={{ emptyText: list.isPending ? ' ' : empty }}
        rowClassName={(_, index) => (index === selected ? 'roster-row roster-row-selected' : 'roster-row')}
        onRow={(record, index) => ({
          'data-row-index': index,
          onClick: () => void navigate(`/roster/${record.id}`),
          onMouseEnter: () => index !== undefined && setSelected(index),
        })}
        onChange={(pagination, _filters, sorter, extra) => {
          if (extra.action === 'sort') {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            setSort(((s?.order ? s.columnKey : 'name') as Sort) ?? 'name');
            refilter();
          } else if (extra.action === 'paginate') {
            setPage(pagination.current ?? 1);
            setSelected(0);
          }
        }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total,
          showSizeChanger: false,
          hideOnSinglePage: false,
          showTotal: (t) => `共 ${t} 位代表`,
        }}
      />

      <GroupsModal open={groupsOpen} onClose={() => setGroupsOpen(false)} />
    </>
  );
}
