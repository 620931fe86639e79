import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Modal, Skeleton, Space, Table, Tag, Timeline } from 'antd';
import {
  AlertOutlined,
  ArrowLeftOutlined,
  BellOutlined,
  CheckCircleOutlined,
  DeleteOutlined,
  EditOutlined,
  FilePdfOutlined,
  MessageOutlined,
  PrinterOutlined,
  RedoOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { call, errorMessage, useCall, type ReceptionDetail } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { goBack } from './labels';
import { downloadBase64 } from '../../lib/download';
import { formatDateTime, formatSize } from '../../lib/format';
import {
  AnswerDialog,
  HandleDialog,
  RemindDialog,
  ReopenDialog,
  ReplyDialog,
  VoidDialog,
} from './ActionDialogs';
import { ReceptionPrintForm } from './ReceptionPrintForm';
import { ageText, formatDay, formatReceived, RECEPTION_STATUS_COLOR, SATISFACTION_COLOR } from './labels';

type Dialog = 'handle' | 'remind' | 'reply' | 'answer' | 'reopen' | 'reopen-unsatisfied' | 'void' | null;

/** /receptions/:id — the one place where a visitor's phone and ID number are shown in full. */
export function ReceptionDetailPage({ id }: { id: string }) {
  const navigate = useNavigate();
  const reception = useCall('receptions.get', { id });
  const stationStatus = useCall('station.get', {});
  const [dialog, setDialog] = useState<Dialog>(null);

  if (reception.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (reception.isError) {
    return (
      <>
        <PageHeader title="接待详情" />
        <Alert
          type="error"
          showIcon
          title="没能读取这条接待记录"
          description={errorMessage(reception.error)}
          action={
            <Button size="large" onClick={() => void navigate('/receptions')}>
              返回登记簿
            </Button>
          }
        />
      </>
    );
  }
  const d = reception.data;
  const can = (a: ReceptionDetail['allowed'][number]) => d.allowed.includes(a);
  const close = () => setDialog(null);

  return (
    <div className="reception-page">
      <div className="no-print">
        <PageHeader
          title={d.title}
          description={
            <span className="reception-headline">
              <span>
                编号 <strong className="mono reception-number-big">{d.number}</strong>
              </span>
              <Tag
                color={RECEPTION_STATUS_COLOR[d.status]}
                className="reception-status-big"
                data-testid="status"
              >
                {d.status}
              </Tag>
              <span className="muted">
                {formatReceived(d.receivedAt)} · {d.channel}
              </span>
            </span>
          }
          extra={
            <Space wrap>
              <Button size="large" icon={<ArrowLeftOutlined />} onClick={() => goBack(navigate)}>
                返回
              </Button>
              <Button size="large" icon={<PrinterOutlined />} onClick={() => window.print()}>
                打印登记表
              </Button>
            </Space>
          }
        />

        {d.overdueDays > 0 && (
          <Alert
            className="page-alert overdue-alert"
            type="error"
            showIcon
            icon={<AlertOutlined />}
            title={`已逾期 ${d.overdueDays} 天`}
            description={`办理期限 ${formatDay(d.deadline)}${d.unit ? `，承办单位：${d.unit}` : ''}。请催办，或登记办理答复。`}
            data-testid="overdue-alert"
          />
        )}

        {d.allowed.length > 0 && (
          <div className="reception-actions" data-testid="reception-actions">
            {can('handle') && (
              <Button type="primary" size="large" icon={<SendOutlined />} onClick={() => setDialog('handle')}>
                办理
              </Button>
            )}
            {can('reply') && (
              <Button
                type="primary"
                size="large"
                icon={<CheckCircleOutlined />}
                onClick={() => setDialog('reply')}
              >
                办理答复
              </Button>
            )}
            {can('answer') && (
              <Button
                type="primary"
                size="large"
                icon={<MessageOutlined />}
                onClick={() => setDialog('answer')}
              >
                反馈
              </Button>
            )}
            {can('remind') && (
              <Button size="large" icon={<BellOutlined />} onClick={() => setDialog('remind')}>
                催办
              </Button>
            )}
            {can('reopen') && (
              <Button size="large" icon={<RedoOutlined />} onClick={() => setDialog('reopen')}>
                重新办理
              </Button>
            )}
            {can('update') && (
              <Button
                size="large"
                icon={<EditOutlined />}
                onClick={() => void navigate(`/receptions/${d.id}/edit`)}
              >
                修改
              </Button>
            )}
            {can('void') && (
              <Button size="large" danger icon={<DeleteOutlined />} onClick={() => setDialog('void')}>
                作废
              </Button>
            )}
          </div>
        )}

        <Card className="section-card" title="来访人" data-testid="visitors">
          <VisitorsTable d={d} />
        </Card>

        <Card className="section-card" title="接待情况">
          <Descriptions column={{ xs: 1, md: 2 }} className="reception-descriptions">
            <Descriptions.Item label="接待时间">{formatReceived(d.receivedAt)}</Descriptions.Item>
            <Descriptions.Item label="接待方式">{d.channel}</Descriptions.Item>
            <Descriptions.Item label="接待代表">
              {d.deputies.length ? d.deputies.map((x) => x.name).join('、') : '—'}
            </Descriptions.Item>
            <Descriptions.Item label="工作人员">{d.staff.join('、') || '—'}</Descriptions.Item>
            {d.dutySlotId && (
              <Descriptions.Item label="所属值班">
                <DutySlotText id={d.dutySlotId} />
              </Descriptions.Item>
            )}
            <Descriptions.Item label="问题类别">{d.category}</Descriptions.Item>
            <Descriptions.Item label="要求保密">
              {d.confidential ? <Tag color="purple">要求保密</Tag> : '否'}
            </Descriptions.Item>
            <Descriptions.Item label="事项标题" span={2}>
              {d.title}
            </Descriptions.Item>
            <Descriptions.Item label="反映内容" span={2}>
              <div className="matter-full" data-testid="matter">
                {d.matter}
              </div>
            </Descriptions.Item>
          </Descriptions>
        </Card>

        <Card className="section-card" title="办理情况" data-testid="handling">
          <Handling d={d} />
        </Card>

        {d.attachments.length > 0 && (
          <Card className="section-card" title={`附件（${d.attachments.length}）`}>
            <div className="attachment-grid">
              {d.attachments.map((a) => (
                <AttachmentTile key={a.sha256} a={a} />
              ))}
            </div>
          </Card>
        )}

        <Card className="section-card" title="办理过程" data-testid="timeline">
          <Timeline
            className="reception-timeline"
            items={d.events.map((e) => ({
              color: e.kind === '作废' ? 'red' : e.kind === '反馈' ? 'green' : 'blue',
              content: (
                <div className="event">
                  <div className="event-head">
                    <strong>{formatDay(e.date)}</strong>
                    <Tag className="event-kind">{e.kind}</Tag>
                  </div>
                  <div className="event-summary">{e.summary}</div>
                  <div className="muted event-recorded">
                    {e.actor} 记录于 {formatDateTime(e.at)}
                  </div>
                </div>
              ),
            }))}
          />
        </Card>
      </div>

      <ReceptionPrintForm d={d} stationName={stationStatus.data?.station?.name ?? ''} />

      {dialog === 'handle' && <HandleDialog d={d} open onClose={close} />}
      {dialog === 'remind' && <RemindDialog d={d} open onClose={close} />}
      {dialog === 'reply' && <ReplyDialog d={d} open onClose={close} />}
      {dialog === 'answer' && (
        <AnswerDialog d={d} open onClose={close} onUnsatisfied={() => setDialog('reopen-unsatisfied')} />
      )}
      {(dialog === 'reopen' || dialog === 'reopen-unsatisfied') && (
        <ReopenDialog d={d} open onClose={close} unsatisfied={dialog === 'reopen-unsatisfied'} />
      )}
      {dialog === 'void' && (
        <VoidDialog
          d={d}
          open
          onClose={close}
          onVoided={() => void navigate('/receptions', { replace: true })}
        />
      )}
    </div>
  );
}

function VisitorsTable({ d }: { d: ReceptionDetail }) {
  const showId = d.visitors.some((v) => v.idNumber);
  return (
    <Table
      rowKey="id"
      size="middle"
      pagination={false}
      dataSource={d.visitors}
      className="visitors-table"
      columns={[
        { key: 'name', title: '姓名', dataIndex: 'name', render: (v: string) => <strong>{v}</strong> },
        { key: 'gender', title: '性别', dataIndex: 'gender', width: 70, render: (v: string) => v || '—' },
        { key: 'age', title: '年龄', width: 110, render: (_, v) => ageText(v) },
        {
          key: 'phone',
          title: '联系电话',
          dataIndex: 'phone',
          width: 170,
          render: (v: string) => <span className="mono">{v || '—'}</span>,
        },
        { key: 'address', title: '住址（村、社区）', dataIndex: 'address', render: (v: string) => v || '—' },
        { key: 'groupSize', title: '同来人数', dataIndex: 'groupSize', width: 96 },
        ...(showId
          ? [
              {
                key: 'idNumber',
                title: '身份证号',
                dataIndex: 'idNumber',
                width: 220,
                render: (v: string) => <span className="mono">{v || '—'}</span>,
              },
            ]
          : []),
      ]}
    />
  );
}

function Handling({ d }: { d: ReceptionDetail }) {
  const suggestionDeputy = d.deputies.find((x) => x.id === d.suggestionDeputyId);
  if (!d.disposition && !d.reply && !d.answer) {
    return <p className="muted handling-empty">还没有办理。点上方「办理」选择处理方式。</p>;
  }
  return (
    <>
      <Descriptions column={{ xs: 1, md: 2 }} className="reception-descriptions">
        <Descriptions.Item label="处理方式">{d.disposition ?? '—'}</Descriptions.Item>
        {d.unit && <Descriptions.Item label="承办单位">{d.unit}</Descriptions.Item>}
        {d.deadline && (
          <Descriptions.Item label="办理期限">
            {formatDay(d.deadline)}
            {d.overdueDays > 0 && <span className="overdue-text"> 逾期 {d.overdueDays} 天</span>}
          </Descriptions.Item>
        )}
        {suggestionDeputy && (
          <Descriptions.Item label="提出建议的代表">{suggestionDeputy.name}</Descriptions.Item>
        )}
        {d.reminders > 0 && <Descriptions.Item label="催办">{d.reminders} 次</Descriptions.Item>}
      </Descriptions>
      {d.referral && (
        <section className="handling-block">
          <h3>告知的去向</h3>
          <div className="pre-wrap">{d.referral}</div>
        </section>
      )}
      {d.reply && (
        <section className="handling-block">
          <h3>
            办理答复
            <span className="muted handling-meta">
              {formatDay(d.reply.date)} · {d.reply.unit}
            </span>
          </h3>
          <div className="pre-wrap">{d.reply.text}</div>
        </section>
      )}
      {d.answer && (
        <section className="handling-block" data-testid="answer">
          <h3>
            {d.status === '已反馈' ? '反馈来访人' : '上次反馈（已重新办理）'}
            <span className="muted handling-meta">
              {formatDay(d.answer.date)} · {d.answer.method}
            </span>
            <Tag color={SATISFACTION_COLOR[d.answer.satisfaction]} className="satisfaction-tag">
              {d.answer.satisfaction}
            </Tag>
          </h3>
          <div className="pre-wrap">{d.answer.text}</div>
        </section>
      )}
    </>
  );
}

type Attachment = ReceptionDetail['attachments'][number];

function AttachmentTile({ a }: { a: Attachment }) {
  const { message } = App.useApp();
  const isImage = a.mime.startsWith('image/');
  const file = useCall('attachment.get', { sha256: a.sha256 }, { enabled: isImage, staleTime: Infinity });
  const [big, setBig] = useState(false);
  const size = formatSize(a.size);

  const openFile = async () => {
    try {
      const { dataUrl } = await call('attachment.get', { sha256: a.sha256 });
      downloadBase64(a.fileName, dataUrl.slice(dataUrl.indexOf(',') + 1), a.mime);
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <div className="attachment-tile">
      {isImage ? (
        <button
          type="button"
          className="attachment-thumb"
          onClick={() => setBig(true)}
          aria-label={`查看 ${a.fileName}`}
        >
          {file.data ? (
            <img src={file.data.dataUrl} alt={a.fileName} />
          ) : (
            <span className="muted">读取中…</span>
          )}
        </button>
      ) : (
        <button type="button" className="attachment-thumb attachment-pdf" onClick={() => void openFile()}>
          <FilePdfOutlined />
          <span>打开</span>
        </button>
      )}
      <div className="attachment-caption" title={a.fileName}>
        {a.fileName}
      </div>
      <div className="muted attachment-size">{size}</div>
      {big && file.data && (
        <Modal open title={a.fileName} width={900} footer={null} onCancel={() => setBig(false)}>
          <img src={file.data.dataUrl} alt={a.fileName} className="attachment-big" />
        </Modal>
      )}
    </div>
  );
}

/** 所属值班: the duty slot the visit fell in, e.g. 12月2日 09:00–11:30 联络站接待室. */
function DutySlotText({ id }: { id: string }) {
  const slot = useCall('duty.getSlot', { id });
  if (slot.isError) return <span className="muted">（值班已删除）</span>;
  if (!slot.data) return <span className="muted">读取中…</span>;
  const s = slot.data;
  const m = /^\d{4}-(\d{2})-(\d{2})/.exec(s.date);
  const day = m ? `${Number(m[1])}月${Number(m[2])}日` : s.date;
  return (
    <span data-testid="duty-slot">
      {day} {s.start}–{s.end} {s.place}
    </span>
  );
}
