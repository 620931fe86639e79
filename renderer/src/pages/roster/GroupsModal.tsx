import { useState } from 'react';
import { Alert, App, Button, Input, Modal, Space, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { errorMessage, useCall, useMutate } from '../../api';

/** 代表小组: the groups with their member counts; create and rename. */
export function GroupsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const groups = useCall('groups.list', {}, { enabled: open });
  const create = useMutate('groups.create');
  const rename = useMutate('groups.rename');
  const [newName, setNewName] = useState('');
  const [editing, setEditing] = useState<{ id: string; name: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const add = async () => {
    setProblem(null);
    try {
      const group = await create.mutateAsync({ name: newName });
      setNewName('');
      void message.success(`已新建代表小组「${group.name}」`);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  const saveRename = async () => {
    if (!editing) return;
    setProblem(null);
    try {
      await rename.mutateAsync(editing);
      setEditing(null);
      void message.success('小组名称已修改');
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  return (
    <Modal
      open={open}
      title="代表小组"
      width={680}
      onCancel={onClose}
      footer={
        <Button size="large" onClick={onClose}>
          关闭
        </Button>
      }
    >
      <Space.Compact style={{ width: '100%', marginBottom: 16 }}>
        <Input
          size="large"
          placeholder="新小组的名称，例如 第一代表小组"
          aria-label="新小组名称"
          value={newName}
          onChange={(e) => setNewName(e.target.value)}
          onPressEnter={() => void add()}
        />
        <Button
          size="large"
          type="primary"
          icon={<PlusOutlined />}
          loading={create.isPending}
          onClick={() => void add()}
        >
          新建小组
        </Button>
      </Space.Compact>
      {problem && <Alert className="form-alert" type="error" showIcon title={problem} />}
      <Table
        rowKey="id"
        size="middle"
        pagination={false}
        loading={groups.isPending}
        dataSource={groups.data ?? []}
        locale={{ emptyText: '还没有代表小组。在上面输入名称，点「新建小组」。' }}
        columns={[
          {
            key: 'name',
            title: '小组名称',
            render: (_, g) =>
              editing?.id === g.id ? (
                <Input
                  size="large"
                  autoFocus
                  aria-label="小组名称"
                  value={editing.name}
                  onChange={(e) => setEditing({ id: g.id, name: e.target.value })}
                  onPressEnter={() => void saveRename()}
                  onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), setEditing(null))}
                />
              ) : (
                g.name
              ),
          },
          {
            key: 'count',
            title: '成员人数',
            dataIndex: 'memberCount',
            width: 110,
            render: (n: number) => `${n} 人`,
          },
          {
            key: 'actions',
            title: '',
            width: 170,
            render: (_, g) =>
              editing?.id === g.id ? (
                <Space>
                  <Button type="primary" loading={rename.isPending} onClick={() => void saveRename()}>
                    保存
                  </Button>
                  <Button onClick={() => setEditing(null)}>取消</Button>
                </Space>
              ) : (
                <Button onClick={() => setEditing({ id: g.id, name: g.name })}>重命名</Button>
              ),
          },
        ]}
      />
    </Modal>
  );
}
