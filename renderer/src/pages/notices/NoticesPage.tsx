import { lazy, Suspense } from 'react';
import { Spin, Tabs } from 'antd';
import { Route, Routes, useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { BoardList } from './BoardList';
import { VersionsTab } from './VersionsTab';

// The editor draws the boards (templates, fonts): its own chunk, loaded when a board is opened.
const NoticeEditorPage = lazy(() =>
  import('./NoticeEditorPage').then((m) => ({ default: m.NoticeEditorPage })),
);

const TABS = [
  { key: 'boards', label: '公示' },
  { key: 'versions', label: '打印记录' },
] as const;

/** 上墙公示: the boards a station wall needs, and what was printed when. */
function NoticesHome() {
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((t) => t.key === params.get('tab'))?.key ?? 'boards';
  return (
    <div className="notices-page">
      <PageHeader
        title="上墙公示"
        description="联络站墙上的公示牌：点一块公示，选好纸张、改好文字，就能打印或保存PDF交给印刷店。"
      />
      <Tabs
        className="notices-tabs"
        size="large"
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
        items={TABS.map((t) => ({
          key: t.key,
          label: t.label,
          children: t.key === 'boards' ? <BoardList /> : <VersionsTab />,
        }))}
      />
    </div>
  );
}

export function NoticesPage() {
  return (
    <Suspense fallback={<Spin size="large" style={{ display: 'block', margin: '120px auto' }} />}>
      <Routes>
        <Route index element={<NoticesHome />} />
        <Route path="edit/:template" element={<NoticeEditorPage />} />
      </Routes>
    </Suspense>
  );
}
