import { useState } from 'react';
import type { FormInstance } from 'antd';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, callKey, errorMessage, useCall, useMutate } from '../../api';
import {
  IDLE_MINUTES_CHOICES,
  ROLE_LABELS,
  USER_ROLES,
  type SessionInfo,
  type UserAccount,
  type UserRole,
} from '../../../../main/api/contract-auth';
import { useSession } from '../../lib/session';

const ROLE_OPTIONS = USER_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
const IDLE_OPTIONS = IDLE_MINUTES_CHOICES.map((m) => ({
  value: m,
  label: m === 0 ? '从不自动锁定' : `${m} 分钟`,
}));

/** Puts a refused save under its field (or above the form) in an antd Form. */
function showRefusal<T>(form: FormInstance<T>, error: unknown, fields: (keyof T & string)[]): string | null {
  if (error instanceof ApiError && error.field && (fields as string[]).includes(error.field)) {
    form.setFields([{ name: error.field as never, errors: [error.message] }]);
    return null;
  }
  return errorMessage(error);
}

/** 设置 → 登录与账户: the optional lock screen and its accounts. */
export function AccountsCard() {
  const session = useSession();
  if (!session) return null;
  return (
    <Card title="登录与账户" className="section-card" data-testid="accounts-card">
      {!session.lockEnabled ? (
        <EnableLock />
      ) : session.role === 'admin' ? (
        <AdminView session={session} />
      ) : (
        <Space direction="vertical">
          <Typography.Text>
            当前登录：{session.user?.name}（{ROLE_LABELS[session.role]}）。账户由管理员管理。
          </Typography.Text>
          <OwnPasswordButton session={session} />
        </Space>
      )}
    </Card>
  );
}

function useSessionUpdate() {
  const queryClient = useQueryClient();
  return (status: SessionInfo) => queryClient.setQueryData(callKey('auth.status', {}), status);
}

function EnableLock() {
  const [form] = Form.useForm<{ name: string; password: string; again: string }>();
  const enable = useMutate('auth.enable');
  const setSession = useSessionUpdate();
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <>
      <Typography.Paragraph>
        登录锁定没有启用：打开工作台的人都按管理员操作。几位同事共用这台电脑时建议启用：启用后要选名字、输密码才能使用，
        离开一段时间会自动锁定；工作人员看不到要求保密的接待登记，名册、设置和密钥只有管理员可以修改。
      </Typography.Paragraph>
      <Form
        name="enable-lock"
        form={form}
        layout="vertical"
        style={{ maxWidth: 420 }}
        onFinish={async (values) => {
          setProblem(null);
          try {
            setSession(await enable.mutateAsync({ name: values.name.trim(), password: values.password }));
          } catch (error) {
            setProblem(showRefusal(form, error, ['name', 'password']));
          }
        }}
      >
        <Form.Item
          name="name"
          label="管理员姓名"
          rules={[{ required: true, whitespace: true, message: '请填写管理员姓名' }]}
        >
          <Input autoComplete="off" maxLength={20} />
        </Form.Item>
        <Form.Item name="password" label="密码" rules={[{ required: true, message: '请填写密码' }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="again"
          label="再次输入密码"
          dependencies={['password']}
          rules={[
            { required: true, message: '请再输入一次密码' },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                !v || v === getFieldValue('password')
                  ? Promise.resolve()
                  : Promise.reject(new Error('两次输入的密码不一样，请重新输入')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {problem && <Alert type="error" showIcon message={problem} className="form-alert" />}
        <Button type="primary" htmlType="submit" loading={enable.isPending}>
          启用登录锁定
        </Button>
      </Form>
    </>
  );
}

function AdminView({ session }: { session: SessionInfo }) {
  const { message } = App.useApp();
  const users = useCall('auth.users', {});
  const updateUser = useMutate('auth.updateUser');
  const updateSettings = useMutate('auth.updateSettings');
  const setSession = useSessionUpdate();
  const [resetFor, setResetFor] = useState<UserAccount | null>(null);
  const [disabling, setDisabling] = useState(false);

  const change = async (account: UserAccount, values: { role: UserRole; disabled: boolean }) => {
    try {
      await updateUser.mutateAsync({ id: account.id, ...values });
      void message.success(`已修改“${account.name}”`);
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap>
        <span>
          自动锁定：
          <Select
            aria-label="自动锁定"
            style={{ width: 160 }}
            value={session.idleMinutes}
            options={IDLE_OPTIONS}
            onChange={(idleMinutes: number) =>
              void updateSettings
                .mutateAsync({ idleMinutes })
                .then(setSession)
                .catch((e: unknown) => void message.error(errorMessage(e)))
            }
          />
        </span>
        <OwnPasswordButton session={session} />
        <Button danger onClick={() => setDisabling(true)}>
          关闭登录锁定
        </Button>
      </Space>
      {users.isError && <Alert type="error" showIcon message={errorMessage(users.error)} />}
      <Table<UserAccount>
        rowKey="id"
        size="middle"
        pagination={false}
        loading={users.isPending}
        dataSource={users.data ?? []}
        columns={[
          { title: '姓名', dataIndex: 'name' },
          {
            title: '角色',
            render: (_, a) => (
              <Select
                aria-label={`${a.name}的角色`}
                style={{ width: 120 }}
                value={a.role}
                options={ROLE_OPTIONS}
                disabled={a.disabled}
                onChange={(role: UserRole) => void change(a, { role, disabled: a.disabled })}
              />
            ),
          },
          {
            title: '状态',
            render: (_, a) => (a.disabled ? <Tag>已停用</Tag> : <Tag color="green">在用</Tag>),
          },
          { title: '最近登录', render: (_, a) => a.lastSignInAt?.slice(0, 16).replace('T', ' ') ?? '从未' },
          {
            title: '操作',
            render: (_, a) => (
              <Space>
                <Button size="small" onClick={() => setResetFor(a)}>
                  重设密码
                </Button>
                <Button size="small" onClick={() => void change(a, { role: a.role, disabled: !a.disabled })}>
                  {a.disabled ? '恢复使用' : '停用'}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <AddAccount />
      {resetFor && <PasswordModal account={resetFor} own={false} onClose={() => setResetFor(null)} />}
      {disabling && <DisableLockModal onClose={() => setDisabling(false)} />}
    </Space>
  );
}

function AddAccount() {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; role: UserRole; password: string }>();
  const create = useMutate('auth.createUser');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Form
      name="add-account"
      form={form}
      layout="inline"
      initialValues={{ role: 'clerk' }}
      onFinish={async (values) => {
        setProblem(null);
        try {
          const account = await create.mutateAsync({ ...values, name: values.name.trim() });
          void message.success(`已新增账户：${account.name}`);
          form.resetFields();
        } catch (error) {
          setProblem(showRefusal(form, error, ['name', 'role', 'password']));
        }
      }}
    >
      <Form.Item
        name="name"
        label="新账户姓名"
        rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
      >
        <Input autoComplete="off" maxLength={20} style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name="role" label="角色">
        <Select options={ROLE_OPTIONS} style={{ width: 130 }} aria-label="角色" />
      </Form.Item>
      <Form.Item name="password" label="初始密码" rules={[{ required: true, message: '请填写初始密码' }]}>
        <Input.Password autoComplete="new-password" style={{ width: 180 }} />
      </Form.Item>
      <Button htmlType="submit" loading={create.isPending}>
        新增账户
      </Button>
      {problem && <Alert type="error" showIcon message={problem} style={{ width: '100%', marginTop: 8 }} />}
    </Form>
  );
}

function OwnPasswordButton({ session }: { session: SessionInfo }) {
  const [open, setOpen] = useState(false);
  const user = session.user;
  if (!user) return null;
  return (
    <>
      <Button onClick={() => setOpen(true)}>修改我的密码</Button>
      {open && (
        <PasswordModal account={{ id: user.id, name: user.name }} own onClose={() => setOpen(false)} />
      )}
    </>
  );
}

/** One's own password (with the current one), or an administrator resets someone else's. */
function PasswordModal({
  account,
  own,
  onClose,
}: {
  account: Pick<UserAccount, 'id' | 'name'>;
  own: boolean;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ currentPassword?: string; newPassword: string }>();
  const setPassword = useMutate('auth.setPassword');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Modal
      open
      title={own ? '修改我的密码' : `重设“${account.name}”的密码`}
      okText="保存"
      cancelText="取消"
      confirmLoading={setPassword.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        name="set-password"
        form={form}
        layout="vertical"
        onFinish={async (values) => {
          setProblem(null);
          try {
            await setPassword.mutateAsync({ id: account.id, ...values });
            void message.success('密码已修改');
            onClose();
          } catch (error) {
            setProblem(showRefusal(form, error, ['currentPassword', 'newPassword']));
          }
        }}
      >
        {own && (
          <Form.Item
            name="currentPassword"
            label="当前密码"
            rules={[{ required: true, message: '请填写当前密码' }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
        )}
        <Form.Item name="newPassword" label="新密码" rules={[{ required: true, message: '请填写新密码' }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {problem && <Alert type="error" showIcon message={problem} />}
      </Form>
    </Modal>
  );
}

function DisableLockModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<{ password: string }>();
  const disable = useMutate('auth.disable');
  const setSession = useSessionUpdate();
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Modal
      open
      title="关闭登录锁定"
      okText="关闭登录锁定"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={disable.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph>
        关闭后所有账户都会删除，打开工作台的人都按管理员操作，也能看到要求保密的接待登记。请输入您的密码确认。
      </Typography.Paragraph>
      <Form
        name="disable-lock"
        form={form}
        layout="vertical"
        onFinish={async (values) => {
          setProblem(null);
          try {
            setSession(await disable.mutateAsync(values));
            onClose();
          } catch (error) {
            setProblem(showRefusal(form, error, ['password']));
          }
        }}
      >
        <Form.Item name="password" label="您的密码" rules={[{ required: true, message: '请填写密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        {problem && <Alert type="error" showIcon message={problem} />}
      </Form>
    </Modal>
  );
}
