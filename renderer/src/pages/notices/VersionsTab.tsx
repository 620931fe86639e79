import { useState } from 'react';
import { App, Button, Empty, Select, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { NoticePrint } from '../../../../main/api/contract';
import { NOTICE_TEMPLATES, type NoticeTemplateKey } from '../../../../resources/notices/catalog';
import { call, errorMessage, useCall } from '../../api';
import { LoadProblem } from '../../components/LoadProblem';
import { downloadBase64 } from '../../lib/download';
import { formatDateTime } from '../../lib/format';
import { shortHash, sizeText } from './labels';

/** 打印记录: every kept version, newest first, with its PDF to download again. */
export function VersionsTab() {
  const { message } = App.useApp();
  const [template, setTemplate] = useState<NoticeTemplateKey | undefined>(undefined);
  const versions = useCall('notices.versions', { template, limit: 200 });
  const [downloading, setDownloading] = useState<string | null>(null);

  const download = async (v: NoticePrint) => {
    setDownloading(v.id);
    try {
      const file = await call('notices.versionPdf', { id: v.id });
      downloadBase64(file.fileName, file.base64, 'application/pdf');
      void message.success(`已下载：${file.fileName}`);
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setDownloading(null);
    }
  };

  return (
    <div className="notice-versions">
      <div className="notice-versions-filter">
        <Select
          size="large"
          allowClear
          placeholder="全部公示"
          aria-label="公示"
          value={template}
          onChange={setTemplate}
          options={NOTICE_TEMPLATES.map((t) => ({ value: t.key, label: t.name }))}
          style={{ width: 280 }}
        />
        {versions.data && <span className="muted">共 {versions.data.total} 次</span>}
      </div>
      {versions.isError && (
        <LoadProblem
          className="page-alert"
          what="打印记录"
          error={versions.error}
          onRetry={() => void versions.refetch()}
        />
      )}
      <Table<NoticePrint>
        className="notice-versions-table"
        data-testid="notice-versions"
        rowKey="id"
        size="middle"
        loading={versions.isPending}
        dataSource={versions.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="还没有打印或保存过公示" /> }}
        columns={[
          {
            title: '公示',
            key: 'what',
            render: (_, v) => (
              <>
                <div className="version-name">{v.templateName}</div>
                {v.subjectText && <div className="muted">{v.subjectText}</div>}
              </>
            ),
          },
          { title: '纸张', dataIndex: 'paperLabel', width: 150 },
          { title: '方式', dataIndex: 'how', width: 100 },
          { title: '时间', key: 'at', width: 190, render: (_, v) => formatDateTime(v.printedAt) },
          { title: '经办人', dataIndex: 'printedBy', width: 110 },
          {
            title: 'PDF 校验码',
            key: 'hash',
            width: 150,
            render: (_, v) => (
              <span className="mono" title={v.pdfSha256 ?? undefined}>
                {shortHash(v.pdfSha256)}
              </span>
            ),
          },
          {
            title: '',
            key: 'download',
            width: 150,
            render: (_, v) =>
              v.pdfSha256 ? (
                <Button
                  icon={<DownloadOutlined />}
                  loading={downloading === v.id}
                  onClick={() => void download(v)}
                  title={sizeText(v.pdfSize)}
                >
                  下载PDF
                </Button>
              ) : (
                <span className="muted">没有PDF</span>
              ),
          },
        ]}
      />
    </div>
  );
}
