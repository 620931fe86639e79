import { lazy, Suspense, useState } from 'react';
import { Spin, Tabs } from 'antd';
import { Route, Routes, useParams, useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { MonthTab, WeekTab } from './CalendarTabs';
import { AttendanceTab, DeputyTab } from './FiguresTabs';
import { PlanDialog } from './PlanDialog';
import { RulesTab } from './RulesTab';
import { SlotDrawer } from './SlotDrawer';

const HolidaysTab = lazy(() => import('./HolidaysTab').then((m) => ({ default: m.HolidaysTab })));
const NoticePage = lazy(() => import('./NoticePage').then((m) => ({ default: m.NoticePage })));

const TABS = [
  { key: 'month', label: '月历' },
  { key: 'week', label: '周列表' },
  { key: 'deputy', label: '代表值班' },
  { key: 'rules', label: '值班规则' },
  { key: 'attendance', label: '出勤统计' },
  { key: 'holidays', label: '节假日' },
] as const;
type TabKey = (typeof TABS)[number]['key'];

function NoticeRoute() {
  const { slotId } = useParams();
  return <NoticePage key={slotId} slotId={slotId ?? ''} />;
}

/** 值班排班: the calendar, the rules and the plan, attendance and the holiday calendar. */
function DutyTabs() {
  const [params, setParams] = useSearchParams();
  const tab = (TABS.find((t) => t.key === params.get('tab'))?.key ?? 'month') as TabKey;
  const deputyId = params.get('deputy') ?? undefined;
  const [slotId, setSlotId] = useState<string | null>(null);
  const [planning, setPlanning] = useState(false);
  const setParam = (patch: Record<string, string>) =>
    setParams((p) => ({ ...Object.fromEntries(p), ...patch }), { replace: true });

  const body = (key: TabKey) => {
    switch (key) {
      case 'month':
        return <MonthTab onOpenSlot={setSlotId} onPlan={() => setPlanning(true)} />;
      case 'week':
        return <WeekTab onOpenSlot={setSlotId} />;
      case 'deputy':
        return (
          <DeputyTab onOpenSlot={setSlotId} deputyId={deputyId} onDeputy={(id) => setParam({ deputy: id })} />
        );
      case 'rules':
        return <RulesTab onPlan={() => setPlanning(true)} />;
      case 'attendance':
        return <AttendanceTab />;
      case 'holidays':
        return <HolidaysTab />;
    }
  };

  return (
    <div className="duty-page">
      <PageHeader
        title="值班排班"
        description="接待日的值班安排、到岗登记和出勤统计。点一班值班可以查看和登记。"
      />
      <Tabs
        className="duty-tabs"
        size="large"
        activeKey={tab}
        onChange={(key) => setParam({ tab: key })}
        destroyOnHidden
        items={TABS.map((t) => ({ key: t.key, label: t.label, children: body(t.key) }))}
      />
      <SlotDrawer slotId={slotId} onClose={() => setSlotId(null)} />
      {planning && <PlanDialog open onClose={() => setPlanning(false)} />}
    </div>
  );
}

export function DutyPage() {
  return (
    <Suspense fallback={<Spin size="large" style={{ display: 'block', margin: '120px auto' }} />}>
      <Routes>
        <Route index element={<DutyTabs />} />
        <Route path="notice/:slotId" element={<NoticeRoute />} />
      </Routes>
    </Suspense>
  );
}
