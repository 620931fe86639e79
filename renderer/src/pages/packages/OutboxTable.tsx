import { Empty, Table, Tag, Tooltip } from 'antd';
import { SyncOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { KIND_LABELS, shortTime, sizeText, STATE_COLORS, tableName, type OutboxItem } from './labels';

function RowsCell({ item }: { item: OutboxItem }) {
  const counts = Object.entries(item.counts).filter(([, n]) => n > 0);
  if (counts.length === 0) return <span>{item.rows}</span>;
  return (
    <Tooltip
      title={
        <ul className="packages-counts">
          {counts.map(([table, n]) => (
            <li key={table}>
              {tableName(table)}：{n}
            </li>
          ))}
        </ul>
      }
    >
      <span className="packages-rows" tabIndex={0}>
        {item.rows}
      </span>
    </Tooltip>
  );
}

/** The state tag, and beside it the county's refusal or the last upload error and the next try. */
function StateCell({ item }: { item: OutboxItem }) {
  const rejected = item.state === '被拒绝';
  return (
    <div className="packages-state">
      <Tag
        color={STATE_COLORS[item.state]}
        icon={item.state === '上传中' ? <SyncOutlined spin /> : undefined}
        className="packages-state-tag"
        data-testid="outbox-state"
      >
        {item.state}
      </Tag>
      {item.state === '已确认' && item.confirmedAt && (
        <span className="muted packages-state-note">{shortTime(item.confirmedAt)}</span>
      )}
      {rejected && (item.errorMessage || item.errorCode) && (
        <div className="packages-refusal" role="note">
          {item.errorMessage}
          {item.errorCode && <span className="mono packages-code">（{item.errorCode}）</span>}
        </div>
      )}
      {!rejected && item.state !== '已确认' && item.errorMessage && (
        <div className="packages-retry">
          上次上传没有成功：{item.errorMessage}
          {item.nextAttemptAt && <strong>，下次重试 {shortTime(item.nextAttemptAt)}</strong>}
        </div>
      )}
    </div>
  );
}

const COLUMNS: ColumnsType<OutboxItem> = [
  { title: '序号', dataIndex: 'seq', width: 76, align: 'right', className: 'packages-seq' },
  {
    title: '文件名',
    dataIndex: 'fileName',
    render: (name: string) => <span className="mono packages-file">{name}</span>,
  },
  {
    title: '类型',
    dataIndex: 'kind',
    width: 68,
    render: (kind: OutboxItem['kind']) => KIND_LABELS[kind],
  },
  {
    title: '生成时间',
    dataIndex: 'createdAt',
    width: 168,
    className: 'packages-nowrap',
    render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm'),
  },
  {
    title: '记录数',
    key: 'rows',
    width: 88,
    align: 'right',
    render: (_, item) => <RowsCell item={item} />,
  },
  {
    title: '大小',
    dataIndex: 'size',
    width: 100,
    align: 'right',
    render: (size: number) => sizeText(size),
  },
  { title: '状态', key: 'state', width: '32%', render: (_, item) => <StateCell item={item} /> },
];

/** 数据包: every package made, newest first, with where it stands. */
export function OutboxTable({ items }: { items: OutboxItem[] }) {
  const rows = [...items].sort((a, b) => b.seq - a.seq);
  return (
    <Table<OutboxItem>
      className="packages-outbox"
      rowKey="id"
      size="middle"
      columns={COLUMNS}
      dataSource={rows}
      pagination={rows.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
      locale={{
        emptyText: (
          <Empty description="还没有数据包。数据包是本站台账的加密、签名副本，生成后用U盘或网络报送县人大常委会。" />
        ),
      }}
      onRow={(item) => ({ 'data-seq': item.seq }) as React.HTMLAttributes<HTMLElement>}
    />
  );
}
