import type { ReactNode } from 'react';
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
import { ReceptionsPage } from '../pages/receptions/ReceptionsPage';
import { RosterPage } from '../pages/roster/RosterPage';
import { DutyPage } from '../pages/duty/DutyPage';
import { ActivitiesPage } from '../pages/activities/ActivitiesPage';
import { NoticesPage } from '../pages/notices/NoticesPage';
import { PackagesPage } from '../pages/packages/PackagesPage';
import { StatsPage } from '../pages/stats/StatsPage';
import { SettingsPage } from '../pages/settings/SettingsPage';

export interface NavItem {
  path: string;
  label: string;
  icon: ReactNode;
  element: ReactNode;
}

/** The whole product, in the order a clerk works through it. */
export const NAV_ITEMS: NavItem[] = [
  { path: '/', label: '工作台', icon: <HomeOutlined />, element: <HomePage /> },
  { path: '/receptions', label: '接待登记', icon: <FormOutlined />, element: <ReceptionsPage /> },
  { path: '/roster', label: '代表名册', icon: <TeamOutlined />, element: <RosterPage /> },
  { path: '/duty', label: '值班排班', icon: <CalendarOutlined />, element: <DutyPage /> },
  { path: '/activities', label: '活动记录', icon: <FlagOutlined />, element: <ActivitiesPage /> },
  { path: '/notices', label: '上墙公示', icon: <ProfileOutlined />, element: <NoticesPage /> },
  { path: '/packages', label: '数据上报', icon: <CloudUploadOutlined />, element: <PackagesPage /> },
  { path: '/stats', label: '统计', icon: <BarChartOutlined />, element: <StatsPage /> },
  { path: '/settings', label: '设置', icon: <SettingOutlined />, element: <SettingsPage /> },
];
