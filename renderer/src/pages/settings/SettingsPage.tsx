import { Card, Descriptions, Skeleton } from 'antd';
import { useCall } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { StationCard } from './StationCard';
import { SigningKeyCard } from '../../components/SigningKeyCard';
import { AuditCard } from './AuditCard';
import { ReceptionSettingsCard } from './ReceptionSettingsCard';
import { AccountsCard } from './AccountsCard';
import { BackupCard } from './BackupCard';
import { LoadProblem } from '../../components/LoadProblem';

const MODE_LABEL = { electron: '桌面程序', web: '浏览器模式', cli: '命令行' } as const;

export function SettingsPage() {
  const status = useCall('station.get', {});
  const info = useCall('app.info', {});

  return (
    <>
      <PageHeader title="设置" description="本站信息、签名密钥、接待设置和操作记录。" />
      {status.isError && (
        <LoadProblem
          className="page-alert"
          what="本站信息"
          error={status.error}
          onRetry={() => void status.refetch()}
        />
      )}
      {status.isPending && <Skeleton active paragraph={{ rows: 6 }} />}
      {status.data?.station && <StationCard station={status.data.station} />}
      {status.data && <SigningKeyCard signingKey={status.data.signingKey} />}
      <ReceptionSettingsCard />
      <BackupCard />
      <AccountsCard />
      <AuditCard />
      {info.data && (
        <Card title="程序信息" className="section-card">
          <Descriptions
            column={{ xs: 1, md: 2 }}
            items={[
              { key: 'version', label: '程序版本', children: info.data.appVersion },
              { key: 'schema', label: '数据格式版本', children: info.data.schemaVersion },
              { key: 'mode', label: '运行方式', children: MODE_LABEL[info.data.mode] },
              {
                key: 'dataDir',
                label: '数据文件夹',
                children: <span className="mono">{info.data.dataDir}</span>,
              },
            ]}
          />
        </Card>
      )}
    </>
  );
}
