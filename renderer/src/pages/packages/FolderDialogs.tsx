import { useState, type ReactNode } from 'react';
import { Alert, Button, Modal, Result } from 'antd';
import { contract, errorMessage, useMutate } from '../../api';
import { DriveChooser } from '../../components/DriveChooser';

/** The folder input every folder call takes (the contract's own check, Chinese messages). */
const folderInput = contract['packages.copyToFolder'].input;

/** A folder call in a dialog: the chooser, the call, and its answer in place of the chooser. */
function FolderDialog({
  title,
  intro,
  hint,
  okText,
  failTitle,
  onClose,
  onRun,
}: {
  title: string;
  intro: ReactNode;
  hint: ReactNode;
  okText: string;
  failTitle: string;
  onClose: () => void;
  /** Runs the call and returns what to show once it is done. */
  onRun: (folder: string) => Promise<ReactNode>;
}) {
  const [folder, setFolder] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<ReactNode>(null);

  const start = async () => {
    setFieldError(undefined);
    setProblem(null);
    const parsed = folderInput.safeParse({ folder });
    if (!parsed.success) {
      setFieldError(parsed.error.issues[0]?.message);
      return;
    }
    setRunning(true);
    try {
      setResult(await onRun(parsed.data.folder));
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setRunning(false);
    }
  };

  const done = result !== null;
  return (
    <Modal
      open
      title={title}
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
            <Button size="large" onClick={onClose} disabled={running}>
              取消
            </Button>
            <Button size="large" type="primary" loading={running} onClick={() => void start()}>
              {okText}
            </Button>
          </>
        )
      }
    >
      {done ? (
        result
      ) : (
        <div
          className="action-dialog"
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void start();
            }
          }}
        >
          <p className="card-intro">{intro}</p>
          <DriveChooser
            id="packages-folder"
            name="folder"
            label="文件夹"
            value={folder}
            onChange={setFolder}
            placeholder="如 E:\ 或 /media/usb"
            error={fieldError}
            hint={hint}
          />
          {problem && (
            <Alert
              className="form-alert"
              type="error"
              showIcon
              title={failTitle}
              description={problem}
              role="alert"
            />
          )}
        </div>
      )}
    </Modal>
  );
}

export function CopyDialog({ onClose }: { onClose: () => void }) {
  const copy = useMutate('packages.copyToFolder');
  return (
    <FolderDialog
      title="拷贝到U盘"
      intro="把还没有被县里确认的数据包，连同一份给县里工作人员的说明（说明.txt），拷贝到U盘。"
      hint="选择上面的U盘，或填写要拷贝到的文件夹。"
      okText="开始拷贝"
      failTitle="没有拷贝"
      onClose={onClose}
      onRun={async (folder) => {
        const result = await copy.mutateAsync({ folder });
        if (result.files.length === 0) {
          return (
            <Result status="info" title="没有需要拷贝的数据包" subTitle="所有数据包都已经被县里确认。" />
          );
        }
        return (
          <Result
            status="success"
            title="已拷贝到U盘"
            subTitle={
              <span>
                拷贝到 <span className="mono">{result.folder}</span>
                ，请把U盘交给县人大常委会，回执拿回来后点“导入回执”。
              </span>
            }
            extra={
              <ul className="packages-copied" data-testid="copied-files">
                {result.files.map((f) => (
                  <li key={f} className="mono">
                    {f}
                  </li>
                ))}
                {result.readme && <li>{result.readme}（给县里工作人员看的说明）</li>}
              </ul>
            }
          />
        );
      }}
    />
  );
}

export function ReceiptsDialog({ onClose }: { onClose: () => void }) {
  const importReceipts = useMutate('packages.importReceipts');
  return (
    <FolderDialog
      title="导入回执"
      intro="县里收到数据包后会给回执文件（以 .receipt 结尾）。插上带回执的U盘，选择它所在的文件夹。"
      hint="回执文件所在的文件夹。"
      okText="导入回执"
      failTitle="没有导入"
      onClose={onClose}
      onRun={async (folder) => {
        const result = await importReceipts.mutateAsync({ folder });
        return (
          <Result
            status={result.confirmed + result.rejected > 0 ? 'success' : 'info'}
            title={result.confirmed + result.rejected > 0 ? '回执已导入' : '没有新的回执'}
            subTitle={
              <span data-testid="receipt-result">
                县里已确认 {result.confirmed} 个数据包，拒收 {result.rejected} 个
                {result.skipped.length > 0 ? `，${result.skipped.length} 个文件没有用上` : ''}。
                {result.rejected > 0 && '被拒收的数据包请看下面列表里的原因。'}
              </span>
            }
            extra={
              result.skipped.length > 0 && (
                <ul className="packages-skipped" aria-label="没有用上的文件">
                  {result.skipped.map((s) => (
                    <li key={s.file}>
                      <span className="mono">{s.file}</span>：{s.reason}
                    </li>
                  ))}
                </ul>
              )
            }
          />
        );
      }}
    />
  );
}
