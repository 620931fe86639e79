import { useRef, useState } from 'react';
import { Alert, App, Button, Tag } from 'antd';
import { EditOutlined, FileAddOutlined } from '@ant-design/icons';
import { errorMessage, useMutate } from '../../api';
import { formatDateTime } from '../../lib/format';
import { ProfileForm } from './ProfileForm';
import type { OutboxStatus } from './labels';
import { useRole } from '../../lib/session';

/** The county's profile file is small JSON; anything far bigger is not one (the call refuses it too). */
const MAX_PROFILE_BYTES = 20_000;

function OnlineTag({ status }: { status: OutboxStatus }) {
  if (!status.profile?.intakeUrl) return <Tag className="packages-online">未设置上报地址，用U盘报送</Tag>;
  if (status.upload.online === true) {
    return (
      <Tag className="packages-online" color="green">
        已联网
      </Tag>
    );
  }
  if (status.upload.online === false) {
    return (
      <Tag className="packages-online" color="orange">
        未联网，联网后自动上传
      </Tag>
    );
  }
  return <Tag className="packages-online">正在检测网络</Tag>;
}

/**
 * Top of the page: who receives the packages (or how to set that up), whether the line is up,
 * and how much has changed since the last package.
 */
export function ProfileStrip({ status }: { status: OutboxStatus }) {
  const { message } = App.useApp();
  const importProfile = useMutate('packages.importProfile');
  const fileInput = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const isAdmin = useRole() === 'admin';
  const profile = status.profile;
  const uploadingId = status.upload.uploading;
  const uploading = uploadingId
    ? (status.items.find((i) => i.id === uploadingId)?.fileName ?? uploadingId)
    : null;

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    setProblem(null);
    if (file.size > MAX_PROFILE_BYTES) {
      setProblem(`“${file.name}”太大，不像县里给的配置文件。请选择县人大常委会发来的配置文件。`);
      return;
    }
    try {
      const saved = await importProfile.mutateAsync({ text: await file.text() });
      void message.success(`已导入县里的配置文件：${saved.county}`);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  const importButton = (primary: boolean) => (
    <Button
      size="large"
      type={primary ? 'primary' : 'default'}
      icon={<FileAddOutlined />}
      loading={importProfile.isPending}
      onClick={() => fileInput.current?.click()}
    >
      {primary ? '导入配置文件' : '重新导入配置文件'}
    </Button>
  );

  return (
    <section className="top-panel packages-strip" aria-label="县级接收方">
      <input
        ref={fileInput}
        type="file"
        hidden
        aria-label="县里的配置文件"
        data-testid="profile-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          // Let the same file be chosen again after a fix.
          e.target.value = '';
          void readFile(file);
        }}
      />
      {profile ? (
        <div className="packages-strip-row">
          <div className="packages-county">
            <span className="packages-strip-label">县级接收方</span>
            <strong className="packages-county-name" data-testid="county-name">
              {profile.county}
            </strong>
            <span className="muted packages-county-meta">
              {profile.intakeUrl ? <span className="mono">{profile.intakeUrl}</span> : '只用U盘报送'}
              {` · 加密公钥 ${profile.recipients.length} 个 · 回执公钥 `}
              <span className="mono">{profile.receiptKeyId}</span>
              {` · ${formatDateTime(profile.updatedAt)}设置`}
            </span>
          </div>
          {/* The county profile is set by an administrator (packages.setProfile / importProfile). */}
          {isAdmin && (
            <div className="packages-strip-actions">
              {importButton(false)}
              <Button size="large" icon={<EditOutlined />} onClick={() => setEditing(true)}>
                修改
              </Button>
            </div>
          )}
        </div>
      ) : (
        <div className="packages-strip-row packages-no-profile" data-testid="no-profile">
          <div>
            <strong className="packages-no-profile-title">还没有县里的配置文件</strong>
            <p className="packages-no-profile-text">
              县人大常委会会发给本站一个配置文件（里面有县里的加密公钥），导入后才能生成数据包。没有文件的，可以照县里的通知手动填写。
            </p>
          </div>
          {isAdmin ? (
            <div className="packages-strip-actions">
              {importButton(true)}
              <Button size="large" icon={<EditOutlined />} onClick={() => setEditing(true)}>
                手动填写
              </Button>
            </div>
          ) : (
            <p className="muted">请让管理员登录后导入。</p>
          )}
        </div>
      )}
      {problem && (
        <Alert
          className="packages-strip-alert"
          type="error"
          showIcon
          title="没有导入"
          description={problem}
          role="alert"
          data-testid="profile-problem"
          closable
          onClose={() => setProblem(null)}
        />
      )}
      <div className="packages-strip-row packages-strip-facts">
        <OnlineTag status={status} />
        {uploading && <span>正在上传 {uploading}</span>}
        <span data-testid="pending-changes">
          {status.pendingChanges > 0 ? (
            <>
              有 <strong className="packages-pending">{status.pendingChanges}</strong> 条变动尚未打包
            </>
          ) : (
            '所有变动都已打包'
          )}
        </span>
      </div>
      {editing && <ProfileForm profile={profile} onClose={() => setEditing(false)} />}
    </section>
  );
}
