import { useEffect, useRef, useState } from 'react';
import { Button, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, call, callKey, errorMessage, type Station } from '../../api';
import type { SessionInfo } from '../../../../main/api/contract-auth';
import { ROLE_LABELS } from '../../../../main/api/contract-auth';
import './lock.css';

/**
 * The lock screen: pick your name (big buttons), type the password, 登录. Works with the
 * keyboard alone: Tab/arrow keys between names, Enter picks one and moves to the password,
 * Enter there signs in.
 */
export function LockScreen({ station, session }: { station: Station | null; session: SessionInfo }) {
  const queryClient = useQueryClient();
  const [userId, setUserId] = useState<string | null>(
    session.accounts.length === 1 ? session.accounts[0]!.id : null,
  );
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<React.ComponentRef<typeof Input.Password>>(null);
  const picked = session.accounts.find((a) => a.id === userId) ?? null;

  useEffect(() => {
    if (picked) passwordRef.current?.focus();
  }, [picked]);

  const pick = (id: string) => {
    setUserId(id);
    setPassword('');
    setError(null);
  };

  const signIn = async () => {
    if (!picked) return setError('请先点选您的名字。');
    if (!password) return setError('请输入密码。');
    setBusy(true);
    try {
      const status = await call('auth.unlock', { userId: picked.id, password });
      setPassword('');
      // Nothing read for the previous user may show, even for a moment, to this one (a clerk
      // must not glimpse an administrator's confidential receptions): drop every cached answer.
      queryClient.removeQueries({
        predicate: (q) => q.queryKey[1] !== 'auth.status' && q.queryKey[1] !== 'station.get',
      });
      queryClient.setQueryData(callKey('auth.status', {}), status);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : errorMessage(e));
      setPassword('');
      void queryClient.invalidateQueries({ queryKey: callKey('auth.status', {}) });
      passwordRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const wait = picked?.retryAfterSeconds ?? 0;

  return (
    <div className="lock-screen" data-testid="lock-screen">
      <div className="lock-panel">
        <header className="lock-header">
          <span className="shell-emblem" aria-hidden="true">
            站
          </span>
          <div>
            <h1 className="lock-station">{station?.name ?? '联络站工作台'}</h1>
            <p className="lock-hint">
              <LockOutlined /> 工作台已锁定。请点选您的名字，输入密码后登录。
            </p>
          </div>
        </header>
        <div className="lock-names" role="radiogroup" aria-label="选择登录人">
          {session.accounts.map((a) => (
            <Button
              key={a.id}
              size="large"
              role="radio"
              aria-checked={a.id === userId}
              type={a.id === userId ? 'primary' : 'default'}
              icon={<UserOutlined />}
              className="lock-name"
              onClick={() => pick(a.id)}
            >
              <span>{a.name}</span>
              <span className="lock-role">{ROLE_LABELS[a.role]}</span>
            </Button>
          ))}
        </div>
        <Form layout="vertical" onFinish={() => void signIn()} className="lock-form" requiredMark={false}>
          <Form.Item
            label={picked ? `${picked.name}的密码` : '密码'}
            htmlFor="lock-password"
            validateStatus={error || wait > 0 ? 'error' : undefined}
            help={error ?? (wait > 0 ? `密码错误次数过多，请等 ${wait} 秒后再试。` : undefined)}
          >
            <Input.Password
              id="lock-password"
              ref={passwordRef}
              size="large"
              autoComplete="current-password"
              value={password}
              disabled={!picked}
              onChange={(e) => {
                setPassword(e.target.value);
                setError(null);
              }}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={busy} disabled={!picked}>
            登录
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" className="lock-footnote">
          忘记密码：请另一位管理员在“设置 → 登录与账户”中重设；没有其他管理员时，请技术人员在这台电脑上运行
          station-desk users reset-password。
        </Typography.Paragraph>
      </div>
    </div>
  );
}
