import { lazy, Suspense } from 'react';
import { Button, Spin, Tabs } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Route, Routes, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { ActivityListTab } from './ActivityListTab';
import { PlanTab } from './PlanTab';
import './activities.css';

const ActivityFormPage = lazy(() =>
  import('./ActivityFormPage').then((m) => ({ default: m.ActivityFormPage })),
);
const ActivityDetailPage = lazy(() =>
  import('./ActivityDetailPage').then((m) => ({ default: m.ActivityDetailPage })),
);

const TABS = [
  { key: 'list', label: '活动记录' },
  { key: 'plan', label: '年度活动计划' },
] as const;
type TabKey = (typeof TABS)[number]['key'];

function EditRoute() {
  const { id } = useParams();
  return <ActivityFormPage key={id} id={id} />;
}

function DetailRoute() {
  const { id } = useParams();
  return <ActivityDetailPage key={id} id={id ?? ''} />;
}

/** The two books of this area side by side: what was done, and what the year's plan said. */
function ActivitiesHome() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = (TABS.find((t) => t.key === params.get('tab'))?.key ?? 'list') as TabKey;

  return (
    <div className="activities-page">
      <PageHeader
        title="活动记录"
        description="每次活动都记下来：时间、地点、参加代表的出席情况、内容和照片；年初订好年度活动计划。"
        extra={
          <Button
            type="primary"
            size="large"
            icon={<PlusOutlined />}
            onClick={() => void navigate('/activities/new')}
          >
            记录活动
          </Button>
        }
      />
      <Tabs
        className="activities-tabs"
        size="large"
        activeKey={tab}
        // Each tab keeps only its own filters in the address.
        onChange={(key) => setParams(key === 'list' ? {} : { tab: key }, { replace: true })}
        destroyOnHidden
        items={TABS.map((t) => ({
          key: t.key,
          label: t.label,
          children: t.key === 'list' ? <ActivityListTab /> : <PlanTab />,
        }))}
      />
    </div>
  );
}

/** 活动记录: the list and the annual plan, one activity, and the form that records one. */
export function ActivitiesPage() {
  return (
    <Suspense fallback={<Spin size="large" style={{ display: 'block', margin: '120px auto' }} />}>
      <Routes>
        <Route index element={<ActivitiesHome />} />
        <Route path="new" element={<ActivityFormPage key="new" />} />
        <Route path=":id" element={<DetailRoute />} />
        <Route path=":id/edit" element={<EditRoute />} />
      </Routes>
    </Suspense>
  );
}
