import { useState } from 'react';
import { Alert, App, Button, Card, Progress, Skeleton } from 'antd';
import {
  CloudUploadOutlined,
  DatabaseOutlined,
  FileDoneOutlined,
  FileZipOutlined,
  UsbOutlined,
} from '@ant-design/icons';
import { errorMessage, useCall, useMutate } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { LoadProblem } from '../../components/LoadProblem';
import { formatDateTime } from '../../lib/format';
import { CopyDialog, ReceiptsDialog } from './FolderDialogs';
import { exportErrorText, type OutboxStatus } from './labels';
import { OutboxTable } from './OutboxTable';
import { ProfileStrip } from './ProfileStrip';
import { StationKeyCard } from './StationKeyCard';
import './packages.css';

/** Every second while a package is being made or sent; otherwise often enough to see uploads land. */
const BUSY_POLL_MS = 1_000;
const IDLE_POLL_MS = 10_000;

function Actions({ status }: { status: OutboxStatus }) {
  const { modal } = App.useApp();
  const startExport = useMutate('packages.export');
  const uploadNow = useMutate('packages.uploadNow');
  const [dialog, setDialog] = useState<'copy' | 'receipts' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const hasProfile = status.profile !== null;
  const exporting = status.exporting;
  const unconfirmed = status.items.filter((i) => i.state !== '已确认').length;

  const run = async (kind: 'incremental' | 'full') => {
    setProblem(null);
    try {
      await startExport.mutateAsync({ kind });
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  const confirmFull = () =>
    modal.confirm({
      title: '生成全量数据包？',
      content: (
        <div className="packages-confirm">
          <p>全量数据包包含本站的全部台账（所有记录、操作记录和照片），文件会比较大，生成也要久一些。</p>
          <p>一般只在县里要求重新核对全部数据、或者换了新电脑时才需要；平时生成增量数据包就够了。</p>
        </div>
      ),
      okText: '生成全量数据包',
      cancelText: '取消',
      okButtonProps: { size: 'large' },
      cancelButtonProps: { size: 'large' },
      width: 560,
      onOk: () => void run('full'),
    });

  const upload = async () => {
    setProblem(null);
    try {
      await uploadNow.mutateAsync({});
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  return (
    <Card className="section-card packages-actions-card">
      <div className="packages-actions">
        <Button
          type="primary"
          size="large"
          icon={<FileZipOutlined />}
          disabled={!hasProfile || exporting !== null}
          loading={startExport.isPending}
          onClick={() => void run('incremental')}
        >
          生成数据包
        </Button>
        <Button
          size="large"
          icon={<DatabaseOutlined />}
          disabled={!hasProfile || exporting !== null || startExport.isPending}
          onClick={confirmFull}
        >
          生成全量数据包
        </Button>
        {status.profile?.intakeUrl && (
          <Button
            size="large"
            icon={<CloudUploadOutlined />}
            disabled={unconfirmed === 0}
            loading={uploadNow.isPending}
            onClick={() => void upload()}
          >
            立即上传
          </Button>
        )}
        <span className="packages-actions-gap" />
        <Button
          size="large"
          icon={<UsbOutlined />}
          disabled={unconfirmed === 0}
          onClick={() => setDialog('copy')}
        >
          拷贝到U盘
        </Button>
        <Button
          size="large"
          icon={<FileDoneOutlined />}
          disabled={!hasProfile || status.items.length === 0}
          onClick={() => setDialog('receipts')}
        >
          导入回执
        </Button>
      </div>
      {!hasProfile && (
        <p className="muted packages-actions-hint">先导入或填写县里的配置文件，才能生成数据包。</p>
      )}
      {exporting && (
        <div className="packages-progress" role="status" aria-live="polite" data-testid="export-progress">
          <div className="packages-progress-text">
            正在生成{exporting.kind === 'full' ? '全量' : '增量'}数据包：{exporting.stage}
          </div>
          <Progress percent={Math.floor(exporting.progress * 100)} status="active" />
          <div className="muted">可以继续做别的工作，生成好后会出现在下面的列表里。</div>
        </div>
      )}
      {!exporting && status.exportError && (
        <Alert
          className="packages-alert"
          type="error"
          showIcon
          title={`生成数据包没有成功（${formatDateTime(status.exportError.at)}）`}
          description={exportErrorText(status.exportError)}
          role="alert"
          data-testid="export-error"
        />
      )}
      {problem && (
        <Alert
          className="packages-alert"
          type="error"
          showIcon
          title="没有完成"
          description={problem}
          role="alert"
          closable
          onClose={() => setProblem(null)}
        />
      )}
      {dialog === 'copy' && <CopyDialog onClose={() => setDialog(null)} />}
      {dialog === 'receipts' && <ReceiptsDialog onClose={() => setDialog(null)} />}
    </Card>
  );
}

/** 数据上报: the county profile, making packages, sending them (network or USB), and the station's key. */
export function PackagesPage() {
  const status = useCall(
    'packages.status',
    {},
    {
      refetchInterval: (query) =>
        query.state.data?.exporting || query.state.data?.upload.uploading ? BUSY_POLL_MS : IDLE_POLL_MS,
    },
  );

  return (
    <div className="packages-page">
      <PageHeader
        title="数据上报"
        description="把本站台账签名、加密后打成数据包，用U盘或网络报送县人大常委会。"
      />
      {status.isError && !status.data && (
        <LoadProblem
          className="page-alert"
          what="数据上报情况"
          error={status.error}
          onRetry={() => void status.refetch()}
        />
      )}
      {status.isPending && <Skeleton active paragraph={{ rows: 6 }} />}
      {status.data && (
        <>
          <ProfileStrip status={status.data} />
          <Actions status={status.data} />
          <Card title="数据包" className="section-card">
            <OutboxTable items={status.data.items} />
          </Card>
        </>
      )}
      <StationKeyCard />
    </div>
  );
}
