import { useRef, useState } from 'react';
import { Alert, Button, Card, Result, Segmented, Space, Table, Tag } from 'antd';
import { ArrowLeftOutlined, FileExcelOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { errorMessage, useMutate, type ImportPreview } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { readFileAsBase64 } from '../../lib/download';

type Row = ImportPreview['rows'][number];
type Action = Row['action'];

const ACTION: Record<Action, { label: string; color: string }> = {
  add: { label: '新增', color: 'green' },
  update: { label: '更新', color: 'blue' },
  unchanged: { label: '无变化', color: 'default' },
  reject: { label: '有问题', color: 'red' },
};

/** /roster/import — the county's sheet: preview row by row, then import all at once. */
export function ImportPage() {
  const navigate = useNavigate();
  const inputRef = useRef<HTMLInputElement>(null);
  const preview = useMutate('roster.importPreview');
  const commit = useMutate('roster.importCommit');
  const [file, setFile] = useState<{ fileName: string; base64: string } | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [show, setShow] = useState<'all' | Action>('all');

  const choose = async (picked: File) => {
    setReadError(null);
    commit.reset();
    preview.reset();
    setShow('all');
    try {
      const next = { fileName: picked.name, base64: await readFileAsBase64(picked) };
      setFile(next);
      preview.mutate(next);
    } catch {
      setReadError('这个文件读不出来，请确认文件没有被其他程序占用，然后重新选择。');
    }
  };

  const data = preview.data;
  const result = commit.data;
  const writable = data ? data.counts.add + data.counts.update : 0;

  return (
    <>
      <PageHeader
        title="导入名册"
        description="选择县里下发的代表名册 Excel 表（.xlsx）。先看预览，确认后才会写入。"
        extra={
          <Button size="large" icon={<ArrowLeftOutlined />} onClick={() => void navigate('/roster')}>
            返回名册
          </Button>
        }
      />

      {result ? (
        <Card className="section-card">
          <Result
            status="success"
            title="名册已导入"
            subTitle={`新增 ${result.counts.add} 位，更新 ${result.counts.update} 位，无变化 ${result.counts.unchanged} 位，有问题未导入 ${result.counts.reject} 行。`}
            extra={[
              <Button key="list" type="primary" size="large" onClick={() => void navigate('/roster')}>
                查看名册
              </Button>,
              <Button
                key="again"
                size="large"
                onClick={() => {
                  commit.reset();
                  preview.reset();
                  setFile(null);
                }}
              >
                再导入一个文件
              </Button>,
            ]}
          />
          {result.counts.reject > 0 && <RowsTable rows={result.rows.filter((r) => r.action === 'reject')} />}
        </Card>
      ) : (
        <>
          <Card className="section-card">
            <div className="import-pick">
              <Button
                type={data ? 'default' : 'primary'}
                size="large"
                icon={<FileExcelOutlined />}
                loading={preview.isPending}
                onClick={() => inputRef.current?.click()}
                autoFocus
              >
                {file ? '重新选择文件' : '选择 Excel 文件'}
              </Button>
              {file && <span className="import-file-name">{file.fileName}</span>}
              <input
                ref={inputRef}
                type="file"
                accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                hidden
                data-testid="import-file"
                onChange={(e) => {
                  const picked = e.target.files?.[0];
                  if (picked) void choose(picked);
                  e.target.value = '';
                }}
              />
            </div>
            <p className="muted import-hint">
              表头可以是「姓名」「性别」「民族」「出生年月」「政治面貌」「工作单位及职务」「代表层级」「届次」「代表证号」「选区」「代表小组」「联系电话」等，顺序不限；表头上方的标题行会自动跳过。
            </p>
          </Card>

          {(readError || preview.isError) && (
            <Alert
              className="page-alert"
              type="error"
              showIcon
              role="alert"
              title="这个文件不能导入"
              description={readError ?? errorMessage(preview.error)}
            />
          )}
          {commit.isError && (
            <Alert
              className="page-alert"
              type="error"
              showIcon
              role="alert"
              title="没有导入"
              description={errorMessage(commit.error)}
            />
          )}

          {data && (
            <Card
              className="section-card"
              title={`预览：工作表「${data.sheetName}」，表头在第 ${data.headerRow} 行`}
              data-testid="import-preview"
            >
              <div className="import-counts">
                {(['add', 'update', 'unchanged', 'reject'] as const).map((a) => (
                  <div key={a} className={`import-count import-count-${a}`} data-testid={`import-count-${a}`}>
                    <div className="import-count-value">{data.counts[a]}</div>
                    <div className="import-count-label">{ACTION[a].label}</div>
                  </div>
                ))}
              </div>
              {data.ignoredHeaders.length > 0 && (
                <Alert
                  className="form-alert"
                  type="warning"
                  showIcon
                  title={`这些列不认识，不会导入：${data.ignoredHeaders.join('、')}`}
                />
              )}
              <Segmented
                size="large"
                value={show}
                onChange={(v) => setShow(v as typeof show)}
                options={[
                  { value: 'all', label: `全部 ${data.rows.length}` },
                  { value: 'add', label: `新增 ${data.counts.add}` },
                  { value: 'update', label: `更新 ${data.counts.update}` },
                  { value: 'unchanged', label: `无变化 ${data.counts.unchanged}` },
                  { value: 'reject', label: `有问题 ${data.counts.reject}` },
                ]}
                style={{ marginBottom: 16 }}
              />
              <RowsTable rows={show === 'all' ? data.rows : data.rows.filter((r) => r.action === show)} />
              <div className="form-actions">
                {data.counts.reject > 0 && (
                  <span className="muted import-reject-note">
                    有问题的 {data.counts.reject} 行不会导入，可以在 Excel 里改好后重新导入。
                  </span>
                )}
                <Space>
                  <Button
                    type="primary"
                    size="large"
                    disabled={writable === 0}
                    loading={commit.isPending}
                    onClick={() => file && commit.mutate(file)}
                  >
                    确认导入（新增 {data.counts.add} 位，更新 {data.counts.update} 位）
                  </Button>
                </Space>
              </div>
            </Card>
          )}
        </>
      )}
    </>
  );
}

function RowsTable({ rows }: { rows: Row[] }) {
  return (
    <Table<Row>
      className="import-table"
      rowKey="rowNumber"
      size="middle"
      dataSource={rows}
      pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      rowClassName={(r) => `import-row-${r.action}`}
      columns={[
        { key: 'row', title: '行号', dataIndex: 'rowNumber', width: 80 },
        { key: 'name', title: '姓名', dataIndex: 'name', width: 120, render: (v: string) => v || '—' },
        {
          key: 'action',
          title: '处理',
          width: 100,
          render: (_, r) => <Tag color={ACTION[r.action].color}>{ACTION[r.action].label}</Tag>,
        },
        {
          key: 'detail',
          title: '说明',
          render: (_, r) => {
            if (r.action === 'reject') {
              return (
                <ul className="import-lines import-problems">
                  {r.problems.map((p, i) => (
                    <li key={i}>
                      <strong>{p.column}</strong>：{p.message}
                    </li>
                  ))}
                </ul>
              );
            }
            if (r.action === 'update') {
              return (
                <ul className="import-lines">
                  {r.changes.map((c, i) => (
                    <li key={i}>
                      <strong>{c.field}</strong>：
                      <span className="change-before">{c.before || '（空）'}</span> →{' '}
                      <span className="change-after">{c.after || '（空）'}</span>
                    </li>
                  ))}
                </ul>
              );
            }
            return r.action === 'add' ? '新代表，将加入名册' : '与名册一致';
          },
        },
      ]}
    />
  );
}
