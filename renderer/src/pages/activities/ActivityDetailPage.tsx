import { Alert, App, Button, Card, Descriptions, Skeleton, Space, Table, Tag } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { errorMessage, useCall, useMutate } from '../../api';
import type { Activity } from '../../../../main/api/contract';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime } from '../../lib/format';
import { formatDay } from '../receptions/labels';
import { ATTENDANCE_COLOR, satisfactionText } from './labels';
import { PhotoThumb } from './PhotoThumb';

/** Back to the previous page of the app (the list keeps its filters), or to the list when opened directly. */
function goBack(navigate: ReturnType<typeof useNavigate>) {
  const idx = (window.history.state as { idx?: number } | null)?.idx ?? 0;
  if (idx > 0) void navigate(-1);
  else void navigate('/activities');
}

/** /activities/:id */
export function ActivityDetailPage({ id }: { id: string }) {
  const navigate = useNavigate();
  const { modal, message } = App.useApp();
  const activity = useCall('activities.get', { id });
  const remove = useMutate('activities.delete');

  if (activity.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (activity.isError) {
    return (
      <>
        <PageHeader title="活动详情" />
        <Alert
          type="error"
          showIcon
          title="没能读取这条活动记录"
          description={errorMessage(activity.error)}
          action={
            <Button size="large" onClick={() => void navigate('/activities')}>
              返回活动记录
            </Button>
          }
        />
      </>
    );
  }
  const a = activity.data;

  const confirmDelete = () =>
    modal.confirm({
      title: '删除这条活动记录？',
      content: `${formatDay(a.date)}「${a.theme}」将从活动记录、代表履职档案和统计中去掉${
        a.planItemId ? '，对应的计划项目会回到「计划中」' : ''
      }。删除会记入操作记录。`,
      okText: '删除',
      cancelText: '不删除',
      okButtonProps: { danger: true, size: 'large' },
      cancelButtonProps: { size: 'large' },
      onOk: async () => {
        try {
          await remove.mutateAsync({ id: a.id });
          void message.success('活动记录已删除');
          void navigate('/activities', { replace: true });
        } catch (error) {
          void message.error(errorMessage(error), 6);
        }
      },
    });

  return (
    <div className="activity-page">
      <PageHeader
        title={a.theme}
        description={
          <span className="activity-headline">
            <Tag className="activity-type-big">{a.type}</Tag>
            <span>{formatDay(a.date)}</span>
            <span className="muted">{a.place}</span>
          </span>
        }
        extra={
          <Space wrap>
            <Button size="large" icon={<ArrowLeftOutlined />} onClick={() => goBack(navigate)}>
              返回
            </Button>
            <Button
              size="large"
              type="primary"
              icon={<EditOutlined />}
              onClick={() => void navigate(`/activities/${a.id}/edit`)}
            >
              修改
            </Button>
            <Button size="large" danger icon={<DeleteOutlined />} onClick={confirmDelete}>
              删除
            </Button>
          </Space>
        }
      />

      <Card className="section-card" title="活动情况">
        <Descriptions column={{ xs: 1, md: 2 }} className="activity-descriptions">
          <Descriptions.Item label="活动日期">{formatDay(a.date)}</Descriptions.Item>
          <Descriptions.Item label="活动类型">{a.type}</Descriptions.Item>
          <Descriptions.Item label="活动主题">{a.theme}</Descriptions.Item>
          <Descriptions.Item label="活动地点">{a.place}</Descriptions.Item>
          <Descriptions.Item label="计划项目" span={2}>
            {a.planItemId ? (
              <Link
                to={`/activities?tab=plan&year=${a.date.slice(0, 4)}`}
                data-testid="plan-link"
                className="plan-link"
              >
                {a.planTheme || '年度活动计划'}
              </Link>
            ) : (
              <span className="muted">计划外的活动</span>
            )}
          </Descriptions.Item>
          <Descriptions.Item label="其他参加人员" span={2}>
            {a.guests || '—'}
          </Descriptions.Item>
          <Descriptions.Item label="活动内容" span={2}>
            <div className="matter-full" data-testid="summary">
              {a.summary}
            </div>
          </Descriptions.Item>
          <Descriptions.Item label="活动成效" span={2}>
            <div className="matter-full">{a.outcomes || '—'}</div>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card
        className="section-card"
        title={`参加代表（${a.participants.length}）`}
        extra={
          <span className="attendance-line">
            出席 <strong>{a.present}</strong>
            <span className="count-gap" />
            请假 <strong>{a.leave}</strong>
            <span className="count-gap" />
            缺席 <strong>{a.absent}</strong>
          </span>
        }
        data-testid="participants"
      >
        {a.participants.length === 0 ? (
          <p className="muted">没有登记参加代表。</p>
        ) : (
          <ul className="participant-chips">
            {a.participants.map((p) => (
              <li key={p.deputyId} className="participant-chip">
                <Link to={`/roster/${p.deputyId}`} className="participant-chip-name">
                  {p.name}
                </Link>
                <Tag color={ATTENDANCE_COLOR[p.attendance]} className="attendance-tag">
                  {p.attendance}
                </Tag>
                {p.note && <span className="muted participant-chip-note">{p.note}</span>}
              </li>
            ))}
          </ul>
        )}
      </Card>

      {a.type === '述职' && <RatingsCard a={a} />}

      <Card className="section-card" title={`活动照片（${a.photos.length}）`} data-testid="photos">
        {a.photos.length === 0 ? (
          <p className="muted">没有照片。点「修改」可以补上现场照片。</p>
        ) : (
          <div className="photo-grid">
            {a.photos.map((p) => (
              <div key={p.sha256} className="photo-tile">
                <PhotoThumb sha256={p.sha256} fileName={p.fileName} />
                <div className="photo-caption" title={p.fileName}>
                  {p.fileName}
                </div>
              </div>
            ))}
          </div>
        )}
      </Card>

      <p className="muted activity-recorded">
        记录于 {formatDateTime(a.createdAt)}
        {a.updatedAt !== a.createdAt && `，最后修改于 ${formatDateTime(a.updatedAt)}`}
      </p>
    </div>
  );
}

function RatingsCard({ a }: { a: Activity }) {
  return (
    <Card
      className="section-card"
      title="述职评议（选民满意度测评）"
      extra={<span>到会选民 {a.votersPresent ?? '—'} 人</span>}
      data-testid="ratings"
    >
      {a.ratings.length === 0 ? (
        <p className="muted">没有登记测评票数。</p>
      ) : (
        <Table
          rowKey={(r) => `${r.deputyId}-${r.aspect}`}
          size="middle"
          pagination={false}
          dataSource={a.ratings}
          className="ratings-result"
          columns={[
            {
              key: 'name',
              title: '述职代表',
              dataIndex: 'name',
              render: (v: string) => <strong>{v}</strong>,
            },
            { key: 'aspect', title: '评议项目', dataIndex: 'aspect' },
            { key: 'satisfied', title: '满意', dataIndex: 'satisfied', align: 'right', width: 90 },
            { key: 'basic', title: '基本满意', dataIndex: 'basic', align: 'right', width: 110 },
            { key: 'unsatisfied', title: '不满意', dataIndex: 'unsatisfied', align: 'right', width: 90 },
            {
              key: 'rate',
              title: '满意率',
              align: 'right',
              width: 120,
              render: (_, r) => <strong className="rate-value">{satisfactionText(r)}</strong>,
            },
          ]}
        />
      )}
      <p className="muted ratings-note">满意率 =（满意 + 基本满意）÷ 总票数。</p>
    </Card>
  );
}
