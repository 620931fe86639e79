import type { ReactNode } from 'react';
import { Result } from 'antd';
import { useRole } from '../lib/session';

/**
 * A page only administrators use (a deputy's form, the roster import): a clerk who reaches it by
 * its address sees why instead of a form whose save the server would refuse.
 */
export function AdminOnly({ what, children }: { what: string; children: ReactNode }) {
  if (useRole() === 'admin') return children;
  return (
    <Result
      status="403"
      title={`只有管理员可以${what}`}
      subTitle="请让管理员登录后操作。"
      data-testid="admin-only"
    />
  );
}
