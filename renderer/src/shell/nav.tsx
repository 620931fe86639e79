import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { Spin } from 'antd';
import {
  BarChartOutlined,
  CalendarOutlined,
  CloudUploadOutlined,
  FlagOutlined,
  FormOutlined,
  HomeOutlined,
  ProfileOutlined,
  SettingOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { HomePage } from '../pages/home/HomePage';

/**
 * Every area but the home page is its own chunk, loaded when first opened: the first screen
 * parses only what it shows (budget: usable in < 1.5 s), and big areas (charts, print
 * templates) never slow the home page down.
 */
function lazyPage(load: () => Promise<ComponentType>): ReactNode {
  const Page = lazy(async () => ({ default: await load() }));
  return (
    <Suspense fallback={<Spin size="large" style={{ display: 'block', margin: '120px auto' }} />}>
      <Page />
    </Suspense>
  );
}

export interface NavItem {
  path: string;
  label: string;
  icon: ReactNode;
  element: ReactNode;
}

/** The whole product, in the order a clerk works through it. */
export const NAV_ITEMS: NavItem[] = [
  { path: '/', label: '工作台', icon: <HomeOutlined />, element: <HomePage /> },
  {
    path: '/receptions',
    label: '接待登记',
    icon: <FormOutlined />,
    element: lazyPage(() => import('../pages/receptions/ReceptionsPage').then((m) => m.ReceptionsPage)),
  },
  {
    path: '/roster',
    label: '代表名册',
    icon: <TeamOutlined />,
    element: lazyPage(() => import('../pages/roster/RosterPage').then((m) => m.RosterPage)),
  },
  {
    path: '/duty',
    label: '值班排班',
    icon: <CalendarOutlined />,
    element: lazyPage(() => import('../pages/duty/DutyPage').then((m) => m.DutyPage)),
  },
  {
    path: '/activities',
    label: '活动记录',
    icon: <FlagOutlined />,
    element: lazyPage(() => import('../pages/activities/ActivitiesPage').then((m) => m.ActivitiesPage)),
  },
  {
    path: '/notices',
    label: '上墙公示',
    icon: <ProfileOutlined />,
    element: lazyPage(() => import('../pages/notices/NoticesPage').then((m) => m.NoticesPage)),
  },
  {
    path: '/packages',
    label: '数据上报',
    icon: <CloudUploadOutlined />,
    element: lazyPage(() => import('../pages/packages/PackagesPage').then((m) => m.PackagesPage)),
  },
  {
    path: '/stats',
    label: '统计',
    icon: <BarChartOutlined />,
    element: lazyPage(() => import('../pages/stats/StatsPage').then((m) => m.StatsPage)),
  },
  {
    path: '/settings',
    label: '设置',
    icon: <SettingOutlined />,
    element: lazyPage(() => import('../pages/settings/SettingsPage').then((m) => m.SettingsPage)),
  },
];
