import { Alert, Button, Card, Col, Row, Skeleton, Statistic, Tooltip } from 'antd';
import {
  BookOutlined,
  CalendarOutlined,
  CloudUploadOutlined,
  FormOutlined,
  ProfileOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useCall } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { StationDescriptions } from '../../components/StationDescriptions';
import { formatDateTimeWithAgo } from '../../lib/format';
import { NoticesDueCard } from './NoticesDueCard';
import { OverdueCard } from './OverdueCard';
import { StaleNoticesCard } from './StaleNoticesCard';
import { TodayDutyCard } from './TodayDutyCard';
import { LoadProblem } from '../../components/LoadProblem';

/** The main tasks, one click from home; each opens when its area is built. */
const QUICK_TASKS: { label: string; icon: ReactNode; to?: string }[] = [
  { label: '登记接待', icon: <FormOutlined />, to: '/receptions/new' },
  { label: '接待登记簿', icon: <BookOutlined />, to: '/receptions' },
  { label: '查看名册', icon: <TeamOutlined />, to: '/roster' },
  { label: '排值班表', icon: <CalendarOutlined />, to: '/duty' },
  { label: '打印公示', icon: <ProfileOutlined />, to: '/notices' },
  { label: '报送数据', icon: <CloudUploadOutlined /> },
];

export function HomePage() {
  const summary = useCall('home.summary', {});
  const navigate = useNavigate();

  return (
    <>
      <PageHeader
        title="工作台"
        description="本站概况和常用事项。"
        extra={
          <Button
            type="primary"
            size="large"
            icon={<FormOutlined />}
            className="home-register"
            onClick={() => void navigate('/receptions/new')}
          >
            登记接待
          </Button>
        }
      />

      {summary.isError && (
        <LoadProblem
          className="page-alert"
          what="本站概况"
          error={summary.error}
          onRetry={() => void summary.refetch()}
        />
      )}

      {summary.data?.health.writesStopped && (
        <Alert
          className="page-alert health-alert"
          type="error"
          showIcon
          role="alert"
          title="数据文件出现问题，已暂停保存"
          description={summary.data.health.message ?? '数据文件检查发现问题，已暂停保存。请联系技术人员。'}
        />
      )}

      {summary.isPending && <Skeleton active paragraph={{ rows: 6 }} />}

      {summary.data && (
        <>
          {/* First: on a duty day the deputies sign in here by tapping their names. */}
          <TodayDutyCard />

          <Row gutter={[24, 24]} className="home-counts">
            {summary.data.counts.map((count) => (
              <Col key={count.key} xs={24} sm={12} xl={6}>
                <Card className="count-card" data-testid={`count-${count.key}`}>
                  <Statistic title={count.label} value={count.value} groupSeparator="," />
                </Card>
              </Col>
            ))}
            <Col xs={24} sm={24} xl={12}>
              <Card className="count-card">
                <div className="last-change">
                  <div className="last-change-label">最近一次修改</div>
                  <div className="last-change-value" data-testid="last-change">
                    {summary.data.lastChangeAt
                      ? formatDateTimeWithAgo(summary.data.lastChangeAt)
                      : '还没有修改记录'}
                  </div>
                </div>
              </Card>
            </Col>
          </Row>

          <NoticesDueCard />

          <StaleNoticesCard />

          <OverdueCard />

          <Card title="常用事项" className="section-card">
            <div className="quick-tasks">
              {QUICK_TASKS.map((task) =>
                task.to ? (
                  <Button
                    key={task.label}
                    size="large"
                    icon={task.icon}
                    className="quick-task"
                    onClick={() => void navigate(task.to!)}
                  >
                    {task.label}
                  </Button>
                ) : (
                  <Tooltip key={task.label} title="尚未开放">
                    <Button size="large" icon={task.icon} disabled className="quick-task">
                      {task.label}
                    </Button>
                  </Tooltip>
                ),
              )}
            </div>
          </Card>

          {summary.data.station && (
            <Card title="本站信息" className="section-card" data-testid="home-station">
              <StationDescriptions station={summary.data.station} />
            </Card>
          )}
        </>
      )}
    </>
  );
}
