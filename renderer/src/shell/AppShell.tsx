import { Button, Layout, Menu } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Link, Outlet, useLocation } from 'react-router-dom';
import type { Station } from '../api';
import { ROLE_LABELS } from '../../../main/api/contract-auth';
import { useLockNow, useSession } from '../lib/session';
import { useIdleLock } from './use-idle-lock';
import './session.css';
import { NAV_ITEMS } from './nav';

const { Header, Sider, Content } = Layout;

/** The frame around every page: the product and station on top, the areas on the left. */
export function AppShell({ station }: { station: Station | null }) {
  const { pathname } = useLocation();
  const selected = NAV_ITEMS.find((item) => item.path !== '/' && pathname.startsWith(item.path))?.path ?? '/';
  const session = useSession();
  const lockNow = useLockNow();
  const user = session?.lockEnabled ? session.user : null;
  useIdleLock(session?.idleMinutes ?? 0, !!user);

  return (
    <Layout className="shell">
      <Header className="shell-header">
        <div className="shell-brand">
          <span className="shell-emblem" aria-hidden="true">
            站
          </span>
          <span className="shell-product">联络站工作台</span>
        </div>
        {station && (
          <div className="shell-station" data-testid="header-station">
            <span className="shell-station-name">{station.name}</span>
            <span className="shell-station-meta">
              {station.county} · {station.township}
            </span>
          </div>
        )}
        {user && (
          <div className="shell-user" data-testid="header-user">
            <span>
              <UserOutlined /> {user.name}（{ROLE_LABELS[user.role]}）
            </span>
            <Button icon={<LockOutlined />} onClick={() => void lockNow()}>
              锁定
            </Button>
          </div>
        )}
      </Header>
      <Layout>
        <Sider width={236} className="shell-sider" theme="light">
          <nav aria-label="主导航">
            <Menu
              mode="inline"
              selectedKeys={[selected]}
              items={NAV_ITEMS.map((item) => ({
                key: item.path,
                icon: item.icon,
                label: <Link to={item.path}>{item.label}</Link>,
              }))}
            />
          </nav>
        </Sider>
        <Content className="shell-content">
          <main className="page">
            <Outlet />
          </main>
        </Content>
      </Layout>
    </Layout>
  );
}
