import { useState } from 'react';
import { Alert, Button, Card, Space, Table, Typography } from 'antd';
import { LeftOutlined, RightOutlined, SafetyOutlined } from '@ant-design/icons';
import { errorMessage, useCall, useMutate, type AuditEntry } from '../../api';
import { auditAction, auditSummary } from '../../lib/audit';
import { formatDateTime } from '../../lib/format';
import { LoadProblem } from '../../components/LoadProblem';
import { useRole } from '../../lib/session';

const PAGE_SIZE = 20;

/** 操作记录 for administrators only: the log holds every change in full (audit.list is in ADMIN_CALLS). */
export function AuditCard() {
  return useRole() === 'admin' ? <AuditLog /> : null;
}

/** 操作记录: the audit log, newest first, paged backwards by sequence number. */
function AuditLog() {
  // cursors[i] is the beforeSeq of page i (undefined: the newest page).
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const page = cursors.length - 1;
  const beforeSeq = cursors[page];
  const list = useCall(
    'audit.list',
    beforeSeq === undefined ? { limit: PAGE_SIZE } : { beforeSeq, limit: PAGE_SIZE },
    { placeholderData: (previous) => previous },
  );
  const verify = useMutate('audit.verify');

  const items = list.data?.items ?? [];
  const last = items[items.length - 1];
  const hasOlder = last !== undefined && last.seq > 1;

  return (
    <Card
      title="操作记录"
      className="section-card"
      data-testid="settings-audit"
      extra={
        <Button
          size="large"
          icon={<SafetyOutlined />}
          loading={verify.isPending}
          onClick={() => verify.mutate({})}
        >
          校验操作记录
        </Button>
      }
    >
      <p className="card-intro">
        每一次修改都记在这里，并且前后相连、无法悄悄改动。点“校验操作记录”可以检查记录是否完整。
      </p>

      {verify.isError && (
        <Alert
          className="page-alert"
          type="error"
          showIcon
          title="没能完成校验"
          description={errorMessage(verify.error)}
        />
      )}
      {verify.data &&
        (verify.data.ok ? (
          <Alert
            className="page-alert"
            type="success"
            showIcon
            data-testid="audit-verify-result"
            title="操作记录完整"
            description={`共 ${verify.data.count} 条记录，逐条核对无误，没有被改动或删除的痕迹。`}
          />
        ) : (
          <Alert
            className="page-alert"
            type="error"
            showIcon
            data-testid="audit-verify-result"
            title={`操作记录校验不通过：第 ${verify.data.firstBrokenSeq} 条起对不上`}
            description={`${verify.data.reason}。请不要继续修改数据，并尽快联系县人大技术人员。`}
          />
        ))}

      {list.isError && (
        <LoadProblem
          className="page-alert"
          what="操作记录"
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      )}

      <Table<AuditEntry>
        className="audit-table"
        rowKey="seq"
        size="middle"
        loading={list.isFetching}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: '还没有操作记录' }}
        columns={[
          { title: '序号', dataIndex: 'seq', width: 90 },
          { title: '时间', dataIndex: 'at', width: 230, render: (at: string) => formatDateTime(at) },
          { title: '操作人', dataIndex: 'actor', width: 120 },
          { title: '操作', key: 'action', width: 170, render: (_, entry) => auditAction(entry) },
          {
            title: '内容',
            key: 'summary',
            render: (_, entry) => (
              <Typography.Paragraph
                className="audit-summary"
                ellipsis={{ rows: 2, tooltip: auditSummary(entry) }}
              >
                {auditSummary(entry)}
              </Typography.Paragraph>
            ),
          },
        ]}
      />

      <div className="audit-pager">
        <span className="audit-pager-info">
          {items.length > 0
            ? `第 ${items[items.length - 1]!.seq}–${items[0]!.seq} 条，共 ${list.data?.total ?? 0} 条`
            : `共 ${list.data?.total ?? 0} 条`}
        </span>
        <Space size="middle">
          <Button
            size="large"
            icon={<LeftOutlined />}
            disabled={page === 0}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            较新的记录
          </Button>
          <Button
            size="large"
            disabled={!hasOlder}
            onClick={() => last && setCursors((c) => [...c, last.seq])}
          >
            更早的记录 <RightOutlined />
          </Button>
        </Space>
      </div>
    </Card>
  );
}
