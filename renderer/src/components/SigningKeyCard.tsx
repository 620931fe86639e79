import { App, Button, Card, Descriptions, Empty } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { SigningKeyInfo } from '../api';
import { KeyFingerprint } from './KeyFingerprint';
import { formatDateTime } from '../lib/format';

const STORAGE_LABEL: Record<SigningKeyInfo['storage'], string> = {
  file: '文件（保存在本站数据文件夹中）',
  safeStorage: '系统密钥库',
};

/**
 * The station's signing key: what the county checks packages against, read out over the phone
 * at enrolment. Shown in 设置 and on 数据上报 (with `extra`: the rotate button).
 */
export function SigningKeyCard({
  signingKey,
  title = '签名密钥',
  extra,
  testId = 'settings-key',
}: {
  signingKey: SigningKeyInfo | null;
  title?: string;
  extra?: ReactNode;
  testId?: string;
}) {
  const { message } = App.useApp();

  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      void message.success('公钥已复制，可以粘贴到文档或邮件中');
    } catch {
      void message.error('没能复制。请用鼠标选中公钥文字，再按 Ctrl+C 复制。');
    }
  };

  return (
    <Card title={title} className="section-card" data-testid={testId} extra={signingKey && extra}>
      {signingKey ? (
        <>
          <p className="card-intro">
            报送给县人大常委会的数据都用本站的签名密钥签名，县里凭它核对数据确实来自本站、没有被改动。县里登记本站时，请把公钥发给县里，并在电话里核对下面的密钥指纹。
          </p>
          <KeyFingerprint info={signingKey} />
          <Descriptions
            className="key-descriptions"
            column={{ xs: 1, md: 2 }}
            items={[
              { key: 'storage', label: '保存方式', children: STORAGE_LABEL[signingKey.storage] },
              { key: 'createdAt', label: '生成时间', children: formatDateTime(signingKey.createdAt) },
            ]}
          />
          <div className="public-key">
            <div className="public-key-head">
              <span className="public-key-label">公钥</span>
              <Button size="large" icon={<CopyOutlined />} onClick={() => void copy(signingKey.publicKey)}>
                复制公钥
              </Button>
            </div>
            <pre className="public-key-text" data-testid="public-key">
              {signingKey.publicKey.trim()}
            </pre>
          </div>
        </>
      ) : (
        <Empty description="本站还没有签名密钥。" />
      )}
    </Card>
  );
}
