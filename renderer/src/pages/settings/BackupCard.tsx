import { useState, type ReactNode } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  InputNumber,
  Modal,
  Result,
  Skeleton,
  Spin,
  Switch,
  Table,
} from 'antd';
import { CloudDownloadOutlined, SaveOutlined, UsbOutlined } from '@ant-design/icons';
import type { BackupCheck, BackupItem, BackupKind, BackupStatus } from '../../../../main/api/contract-backup';
import { errorMessage, useCall, useMutate } from '../../api';
import { DriveChooser } from '../../components/DriveChooser';
import { LoadProblem } from '../../components/LoadProblem';
import { formatDateTime, formatDateTimeWithAgo, formatSize } from '../../lib/format';
import { useRole } from '../../lib/session';
import './backup.css';

const KIND_LABEL: Record<BackupKind, string> = {
  auto: '自动备份',
  manual: '手动备份',
  'before-restore': '恢复前留存',
};

/** 备份与恢复 on the Settings page: automatic backups, a backup now or to a USB stick, restore. */
export function BackupCard() {
  const status = useCall('backup.status', {});
  return (
    <Card title="备份与恢复" className="section-card" data-testid="settings-backup">
      {status.isPending && <Skeleton active paragraph={{ rows: 4 }} />}
      {status.isError && (
        <LoadProblem what="备份情况" error={status.error} onRetry={() => void status.refetch()} />
      )}
      {status.data && <BackupPanel status={status.data} />}
    </Card>
  );
}

type Dialog = { kind: 'usb' } | { kind: 'restore'; path: string | null } | null;

function BackupPanel({ status }: { status: BackupStatus }) {
  const { message } = App.useApp();
  const admin = useRole() === 'admin';
  const create = useMutate('backup.create');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const backupNow = async () => {
    setProblem(null);
    try {
      const item = await create.mutateAsync({});
      void message.success(`已备份：${item.fileName}`);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  return (
    <div className="backup-panel">
      <p className="card-intro">
        每天自动把全部数据备份一份到本机的 <span className="mono">{status.folder}</span>
        。电脑出故障或数据文件损坏时，可以从备份恢复。建议定期“备份到U盘”，另外存放。
      </p>
      <p data-testid="backup-last-auto">
        最近一次自动备份：
        {status.lastAuto
          ? `${formatDateTimeWithAgo(status.lastAuto.createdAt)}，${formatSize(status.lastAuto.size)}`
          : '还没有（程序打开后会自动备份）'}
        {!status.settings.enabled && <strong className="backup-off">（自动备份已关闭）</strong>}
      </p>
      <div className="backup-actions">
        <Button
          size="large"
          type="primary"
          icon={<SaveOutlined />}
          loading={create.isPending}
          disabled={status.running}
          onClick={() => void backupNow()}
        >
          立即备份
        </Button>
        <Button size="large" icon={<UsbOutlined />} onClick={() => setDialog({ kind: 'usb' })}>
          备份到U盘…
        </Button>
        <Button
          size="large"
          icon={<CloudDownloadOutlined />}
          disabled={!admin}
          title={admin ? undefined : '只有管理员可以恢复'}
          onClick={() => setDialog({ kind: 'restore', path: null })}
        >
          从U盘上的备份恢复…
        </Button>
      </div>
      {problem && (
        <Alert
          className="form-alert"
          type="error"
          showIcon
          title="没有备份"
          description={problem}
          role="alert"
        />
      )}
      <BackupTable
        items={status.items}
        canRestore={admin}
        onRestore={(path) => setDialog({ kind: 'restore', path })}
      />
      <AutoSettings key={JSON.stringify(status.settings)} status={status} disabled={!admin} />
      {dialog?.kind === 'usb' && <UsbDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === 'restore' && <RestoreDialog path={dialog.path} onClose={() => setDialog(null)} />}
    </div>
  );
}

function BackupTable({
  items,
  canRestore,
  onRestore,
}: {
  items: BackupItem[];
  canRestore: boolean;
  onRestore: (path: string) => void;
}) {
  return (
    <Table<BackupItem>
      className="backup-table"
      data-testid="backup-list"
      rowKey="path"
      size="middle"
      pagination={items.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
      dataSource={items}
      locale={{ emptyText: '还没有备份' }}
      columns={[
        { key: 'time', title: '备份时间', render: (_, i) => formatDateTime(i.createdAt) },
        { key: 'kind', title: '种类', render: (_, i) => KIND_LABEL[i.kind] },
        { key: 'size', title: '大小', render: (_, i) => formatSize(i.size) },
        { key: 'file', title: '文件', render: (_, i) => <span className="mono muted">{i.fileName}</span> },
        {
          key: 'restore',
          title: '',
          align: 'right',
          render: (_, i) => (
            <Button
              disabled={!canRestore}
              title={canRestore ? undefined : '只有管理员可以恢复'}
              onClick={() => onRestore(i.path)}
            >
              恢复…
            </Button>
          ),
        },
      ]}
    />
  );
}

function AutoSettings({ status, disabled }: { status: BackupStatus; disabled: boolean }) {
  const { message } = App.useApp();
  const update = useMutate('backup.updateSettings');
  const [enabled, setEnabled] = useState(status.settings.enabled);
  const [keep, setKeep] = useState<number | null>(status.settings.keep);
  const [problem, setProblem] = useState<string | null>(null);
  const dirty = enabled !== status.settings.enabled || keep !== status.settings.keep;

  const save = async () => {
    setProblem(null);
    if (!keep || keep < 1 || keep > 365) {
      setProblem('保留份数请填 1 到 365 之间的整数');
      return;
    }
    try {
      await update.mutateAsync({ enabled, keep });
      void message.success('自动备份设置已保存');
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  return (
    <div className="backup-settings" data-testid="backup-settings">
      <label className="backup-setting">
        <Switch checked={enabled} disabled={disabled} onChange={setEnabled} aria-label="每天自动备份" />
        每天自动备份
      </label>
      <label className="backup-setting">
        保留最近
        <InputNumber
          min={1}
          max={365}
          precision={0}
          value={keep}
          disabled={disabled || !enabled}
          onChange={(v) => setKeep(v)}
          aria-label="保留份数"
        />
        份自动备份（更早的自动删除）
      </label>
      <Button
        type="primary"
        disabled={disabled || !dirty}
        loading={update.isPending}
        onClick={() => void save()}
      >
        保存设置
      </Button>
      {disabled && <span className="muted">只有管理员可以修改</span>}
      {problem && <Alert className="form-alert" type="error" showIcon title={problem} role="alert" />}
    </div>
  );
}

function UsbDialog({ onClose }: { onClose: () => void }) {
  const create = useMutate('backup.create');
  const [folder, setFolder] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<BackupItem | null>(null);

  const start = async () => {
    setProblem(null);
    if (!folder.trim()) {
      setProblem('请选择U盘，或填写要备份到的文件夹');
      return;
    }
    try {
      setDone(await create.mutateAsync({ folder: folder.trim() }));
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  return (
    <Modal
      open
      title="备份到U盘"
      width={720}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
      footer={
        done ? (
          <Button size="large" type="primary" onClick={onClose}>
            完成
          </Button>
        ) : (
          <>
            <Button size="large" onClick={onClose} disabled={create.isPending}>
              取消
            </Button>
            <Button size="large" type="primary" loading={create.isPending} onClick={() => void start()}>
              开始备份
            </Button>
          </>
        )
      }
    >
      {done ? (
        <Result
          status="success"
          title="已备份到U盘"
          subTitle={
            <span>
              <span className="mono">{done.path}</span>（{formatSize(done.size)}
              ）。请把U盘收好，不要和电脑放在一起。
            </span>
          }
        />
      ) : (
        <div className="action-dialog">
          <p className="card-intro">
            把本站全部数据完整备份一份到U盘。数据多时需要一两分钟，其间可以照常使用。
          </p>
          <DriveChooser
            id="backup-folder"
            name="folder"
            label="备份到的文件夹"
            value={folder}
            onChange={setFolder}
            placeholder="如 E:\ 或 /media/usb"
            error={problem ?? undefined}
          />
        </div>
      )}
    </Modal>
  );
}

/** Check first, show what the file holds and what will happen, then restore on confirmation. */
function RestoreDialog({ path: given, onClose }: { path: string | null; onClose: () => void }) {
  const restore = useMutate('backup.restore');
  const [path, setPath] = useState(given ?? '');
  // The file being checked: a backup picked from the list is checked at once.
  const [checked, setChecked] = useState<string | null>(given);
  const checkCall = useCall(
    'backup.check',
    { path: checked ?? '' },
    { enabled: checked !== null, staleTime: 0, gcTime: 0, retry: false },
  );
  const check = checked !== null ? (checkCall.data ?? null) : null;
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<{ keptAs: string | null; carriedOver: boolean } | null>(null);

  const runCheck = (file: string) => {
    setProblem(null);
    if (!file.trim()) {
      setProblem('请填写备份文件的位置（以 .db 结尾的文件）');
      return;
    }
    if (checked === file.trim()) void checkCall.refetch();
    else setChecked(file.trim());
  };

  const confirm = async () => {
    setProblem(null);
    try {
      const result = await restore.mutateAsync({ path: check!.path });
      setChecked(null);
      setDone(result);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  const checking = checked !== null && checkCall.isFetching;
  const busy = checking || restore.isPending;
  const shownProblem = problem ?? (checkCall.isError ? errorMessage(checkCall.error) : null);
  let footer: ReactNode;
  if (done)
    footer = (
      <Button size="large" type="primary" onClick={onClose}>
        完成
      </Button>
    );
  else
    footer = (
      <>
        <Button size="large" onClick={onClose} disabled={restore.isPending}>
          取消
        </Button>
        {check?.ok ? (
          <Button
            size="large"
            type="primary"
            danger
            loading={restore.isPending}
            onClick={() => void confirm()}
          >
            确定恢复
          </Button>
        ) : (
          !given && (
            <Button
              size="large"
              type="primary"
              loading={checkCall.isPending}
              onClick={() => void runCheck(path)}
            >
              检查备份文件
            </Button>
          )
        )}
      </>
    );

  return (
    <Modal
      open
      title="从备份恢复"
      width={760}
      onCancel={busy ? undefined : onClose}
      closable={!busy}
      maskClosable={false}
      destroyOnHidden
      footer={footer}
    >
      {done ? (
        <Result
          status="success"
          title="已恢复"
          subTitle={
            <div data-testid="restore-done">
              <p>本站数据已换成这个备份里的内容。</p>
              {done.keptAs && (
                <p>
                  恢复前的数据文件留存为 <span className="mono">{done.keptAs}</span>
                  ，需要时可以在列表里再恢复回来。
                </p>
              )}
              {done.carriedOver ? (
                <p>数据上报记录已接续，以后照常生成数据包；备份之后已经报送给县里的内容，县里仍然保留。</p>
              ) : (
                <Alert
                  type="warning"
                  showIcon
                  title="恢复前的数据文件无法读取，数据上报记录没能接续。下次报送前，请联系县人大技术人员。"
                />
              )}
            </div>
          }
        />
      ) : (
        <div className="action-dialog">
          {!given && (
            <DriveChooser
              id="backup-path"
              name="path"
              label="备份文件"
              value={path}
              onChange={(v) => {
                setPath(v);
                setChecked(null);
              }}
              placeholder="如 E:\LHX-001-20261207-093015.db"
            />
          )}
          {checking && (
            <div className="backup-checking">
              <Spin /> 正在检查备份文件（完整性、操作记录、数据版本），数据多时需要一两分钟…
            </div>
          )}
          {check && <CheckResult check={check} />}
          {shownProblem && (
            <Alert
              className="form-alert"
              type="error"
              showIcon
              title="没有恢复"
              description={shownProblem}
              role="alert"
            />
          )}
        </div>
      )}
    </Modal>
  );
}

function CheckResult({ check }: { check: BackupCheck }) {
  return (
    <div className="backup-check" data-testid="backup-check">
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          { key: 'file', label: '备份文件', children: <span className="mono">{check.path}</span> },
          {
            key: 'station',
            label: '站点',
            children: check.station ? `${check.station.name}（${check.station.code}）` : '—',
          },
          {
            key: 'counts',
            label: '内容',
            children: `代表 ${check.counts.deputies} 名，接待 ${check.counts.receptions} 条，活动 ${check.counts.activities} 次，操作记录 ${check.auditCount} 条`,
          },
          { key: 'last', label: '最后一次保存', children: formatDateTime(check.lastWriteAt) },
          { key: 'size', label: '大小', children: formatSize(check.size) },
        ]}
      />
      {check.ok ? (
        <Alert
          className="form-alert"
          type="warning"
          showIcon
          title="恢复后，本站现在的全部数据将被这个备份替换"
          description={
            <>
              这个备份之后登记、修改的内容（接待、代表名册、活动等）都会消失。恢复前，程序会先把现在的数据文件留存一份在备份文件夹里（列表中显示为“恢复前留存”），需要时可以再恢复回来。恢复需要一小会儿，其间请不要操作。
            </>
          }
        />
      ) : (
        <Alert
          className="form-alert"
          type="error"
          showIcon
          title="这个文件不能用来恢复"
          description={
            <ul className="backup-problems">
              {check.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
          role="alert"
        />
      )}
    </div>
  );
}
