import { App, Button, Skeleton } from 'antd';
import { SwapOutlined } from '@ant-design/icons';
import { errorMessage, useCall, useMutate } from '../../api';
import { SigningKeyCard } from '../../components/SigningKeyCard';
import { LoadProblem } from '../../components/LoadProblem';
import { useRole } from '../../lib/session';

/** 本站签名密钥 on 数据上报, with key rotation. */
export function StationKeyCard() {
  const { message, modal } = App.useApp();
  const station = useCall('station.get', {});
  const rotate = useMutate('keys.rotate');
  const isAdmin = useRole() === 'admin';
  const key = station.data?.signingKey ?? null;

  const confirmRotate = () =>
    modal.confirm({
      title: '更换本站签名密钥？',
      content: (
        <div className="packages-confirm">
          <p>
            只有在旧密钥可能泄露、或者县里要求时才需要更换。更换后，下一个数据包会用旧密钥签名、告诉县里本站的新密钥，此后的数据包都用新密钥签名。
          </p>
          <p>更换后请把新的密钥指纹告诉县人大常委会，方便他们核对。</p>
        </div>
      ),
      okText: '更换密钥',
      cancelText: '不更换',
      okButtonProps: { danger: true, size: 'large' },
      cancelButtonProps: { size: 'large' },
      width: 560,
      onOk: async () => {
        try {
          const next = await rotate.mutateAsync({});
          void message.success(
            `已更换签名密钥，新的指纹是 ${next.signingKey?.fingerprint ?? ''}。下一个数据包会通知县里。`,
          );
        } catch (error) {
          void message.error(errorMessage(error));
        }
      },
    });

  if (station.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (station.isError)
    return <LoadProblem what="本站签名密钥" error={station.error} onRetry={() => void station.refetch()} />;
  return (
    <SigningKeyCard
      signingKey={key}
      title="本站签名密钥"
      testId="packages-key"
      extra={
        isAdmin && (
          <Button size="large" icon={<SwapOutlined />} loading={rotate.isPending} onClick={confirmRotate}>
            更换签名密钥
          </Button>
        )
      }
    />
  );
}
