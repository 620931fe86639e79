import { App, Button, Card, Empty, Skeleton } from 'antd';
import { CopyOutlined, SwapOutlined } from '@ant-design/icons';
import { errorMessage, useCall, useMutate } from '../../api';
import { KeyFingerprint } from '../../components/KeyFingerprint';
import { LoadProblem } from '../../components/LoadProblem';
import { formatDateTime } from '../../lib/format';

/** 本站签名密钥: what the county checks every package against, read out over the phone at enrolment. */
export function StationKeyCard() {
  const { message, modal } = App.useApp();
  const station = useCall('station.get', {});
  const rotate = useMutate('keys.rotate');
  const key = station.data?.signingKey ?? null;

  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      void message.success('公钥已复制，可以粘贴到给县里的文档或邮件中');
    } catch {
      void message.error('没能复制。请用鼠标选中下面的公钥文字，再按 Ctrl+C 复制。');
    }
  };

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

  return (
    <Card
      title="本站签名密钥"
      className="section-card"
      data-testid="packages-key"
      extra={
        key && (
          <Button size="large" icon={<SwapOutlined />} loading={rotate.isPending} onClick={confirmRotate}>
            更换签名密钥
          </Button>
        )
      }
    >
      {station.isPending && <Skeleton active paragraph={{ rows: 2 }} />}
      {station.isError && (
        <LoadProblem what="本站签名密钥" error={station.error} onRetry={() => void station.refetch()} />
      )}
      {station.data && !key && <Empty description="本站还没有签名密钥。" />}
      {key && (
        <>
          <p className="card-intro">
            每个数据包都用本站的签名密钥签名，县里凭它核对数据确实来自本站、没有被改动。县里登记本站时，请把公钥发给县里，并在电话里核对下面的密钥指纹。
          </p>
          <KeyFingerprint info={key} />
          <div className="public-key">
            <div className="public-key-head">
              <span className="public-key-label">公钥（{formatDateTime(key.createdAt)}生成）</span>
              <Button size="large" icon={<CopyOutlined />} onClick={() => void copy(key.publicKey)}>
                复制公钥
              </Button>
            </div>
            <pre className="public-key-text" data-testid="public-key">
              {key.publicKey.trim()}
            </pre>
          </div>
        </>
      )}
    </Card>
  );
}
