import { useState } from 'react';
import { App, Button, Card, Input, Skeleton, Switch } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { errorMessage, receptionSettingsInput, useCall, useMutate, type ReceptionSettings } from '../../api';
import { SaveProblem } from '../../components/SaveProblem';
import { LoadProblem } from '../../components/LoadProblem';
import { useRole } from '../../lib/session';

/** 接待设置: the administrator's list of problem categories and the ID-number switch. */
export function ReceptionSettingsCard() {
  const settings = useCall('receptions.settings', {});
  const isAdmin = useRole() === 'admin';
  return (
    <Card title="接待设置" className="section-card" data-testid="settings-receptions">
      {settings.isPending && <Skeleton active paragraph={{ rows: 4 }} />}
      {settings.isError && (
        <LoadProblem what="接待设置" error={settings.error} onRetry={() => void settings.refetch()} />
      )}
      {/* A clerk reads the settings; only an administrator may change them. */}
      {settings.data && !isAdmin && (
        <div data-testid="reception-settings-readonly">
          <p>问题类别：{settings.data.categories.join('、')}</p>
          <p>登记身份证号：{settings.data.collectIdNumbers ? '是' : '否'}</p>
          <p className="muted">接待设置只有管理员可以修改。</p>
        </div>
      )}
      {settings.data && isAdmin && (
        <SettingsForm key={JSON.stringify(settings.data)} initial={settings.data} />
      )}
    </Card>
  );
}

function SettingsForm({ initial }: { initial: ReceptionSettings }) {
  const { message } = App.useApp();
  const update = useMutate('receptions.updateSettings');
  const [categories, setCategories] = useState(initial.categories);
  const [collectIdNumbers, setCollect] = useState(initial.collectIdNumbers);
  const [newName, setNewName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const dirty =
    collectIdNumbers !== initial.collectIdNumbers ||
    JSON.stringify(categories) !== JSON.stringify(initial.categories);

  const move = (i: number, by: number) => {
    const next = [...categories];
    const [c] = next.splice(i, 1);
    next.splice(i + by, 0, c!);
    setCategories(next);
  };
  const add = () => {
    const name = newName.trim();
    if (!name) return;
    if (categories.includes(name)) {
      setProblem(`已经有“${name}”这个类别了`);
      return;
    }
    setProblem(null);
    setCategories([...categories, name]);
    setNewName('');
  };
  const save = async () => {
    setProblem(null);
    const input = { categories: categories.map((c) => c.trim()), collectIdNumbers };
    const parsed = receptionSettingsInput.safeParse(input);
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? '设置有误，请检查');
      return;
    }
    try {
      await update.mutateAsync(input);
      void message.success('接待设置已保存');
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  return (
    <div className="reception-settings">
      <p className="card-intro">
        登记接待时可选的问题类别。改名只影响以后的登记，已登记的记录保留原来的类别名称。
      </p>
      <ol className="category-list" aria-label="问题类别">
        {categories.map((c, i) => (
          <li key={i} className="category-row">
            <span className="category-index">{i + 1}</span>
            <Input
              size="large"
              value={c}
              maxLength={20}
              aria-label={`类别${i + 1}名称`}
              onChange={(e) => setCategories(categories.map((x, j) => (j === i ? e.target.value : x)))}
              className="category-input"
            />
            <Button
              icon={<ArrowUpOutlined />}
              disabled={i === 0}
              onClick={() => move(i, -1)}
              aria-label={`上移 ${c}`}
            />
            <Button
              icon={<ArrowDownOutlined />}
              disabled={i === categories.length - 1}
              onClick={() => move(i, 1)}
              aria-label={`下移 ${c}`}
            />
            <Button
              icon={<DeleteOutlined />}
              danger
              disabled={categories.length <= 1}
              onClick={() => setCategories(categories.filter((_, j) => j !== i))}
              aria-label={`删除 ${c}`}
            />
          </li>
        ))}
      </ol>
      <div className="category-add">
        <Input
          size="large"
          value={newName}
          maxLength={20}
          placeholder="新类别名称，如 住房保障"
          aria-label="新类别名称"
          onChange={(e) => setNewName(e.target.value)}
          onPressEnter={add}
        />
        <Button size="large" icon={<PlusOutlined />} onClick={add}>
          添加类别
        </Button>
      </div>
      <label className="id-switch">
        <Switch checked={collectIdNumbers} onChange={setCollect} aria-label="登记身份证号" />
        <span>
          <strong>登记身份证号</strong>
          <span className="muted id-switch-hint">
            只有本地登记表要求填写时才打开。身份证号只在详情页完整显示。
          </span>
        </span>
      </label>
      {problem && <SaveProblem message={problem} />}
      <div className="form-actions">
        <Button
          size="large"
          disabled={!dirty || update.isPending}
          onClick={() => {
            setCategories(initial.categories);
            setCollect(initial.collectIdNumbers);
            setProblem(null);
          }}
        >
          撤销修改
        </Button>
        <Button
          type="primary"
          size="large"
          disabled={!dirty}
          loading={update.isPending}
          onClick={() => void save()}
        >
          保存接待设置
        </Button>
      </div>
    </div>
  );
}
