import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Input,
  Modal,
  Select,
  Skeleton,
  Space,
  Tag,
  Timeline,
} from 'antd';
import {
  ArrowLeftOutlined,
  CameraOutlined,
  EditOutlined,
  PrinterOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router-dom';
import { DEPUTY_STATUSES, errorMessage, useCall, useMutate, type DeputyDetail } from '../../api';
import { DeputyPhoto } from '../../components/DeputyPhoto';
import { PageHeader } from '../../components/PageHeader';
import { PhotoCropper } from '../../components/PhotoCropper';
import { formatDateTime } from '../../lib/format';
import { formatBirth, formatDay, levelText, STATUS_COLOR } from './labels';
import {
  dayText,
  ISO,
  STATUS_COLOR as DUTY_STATUS_COLOR,
  timeText,
  useStationToday,
  weekdayText,
} from '../duty/labels';
import { LoadProblem } from '../../components/LoadProblem';
import { useRole } from '../../lib/session';

/** /roster/:id — the deputy, their status history and their file (一人一档) for a year. */
export function DeputyDetailPage({ id }: { id: string }) {
  const navigate = useNavigate();
  const isAdmin = useRole() === 'admin';
  const deputy = useCall('roster.get', { id });
  const [photoOpen, setPhotoOpen] = useState(false);
  const [statusOpen, setStatusOpen] = useState(false);

  if (deputy.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (deputy.isError) {
    return (
      <>
        <PageHeader title="代表详情" />
        <Alert
          type="error"
          showIcon
          title="没能读取这位代表"
          description={errorMessage(deputy.error)}
          action={
            <Button size="large" onClick={() => void navigate('/roster')}>
              返回名册
            </Button>
          }
        />
      </>
    );
  }
  const d = deputy.data;

  return (
    <div className="deputy-page">
      <PageHeader
        title={d.name}
        description={
          <span className="no-print">
            {levelText(d.levels)}人大代表 · {d.stationRole} ·{' '}
            <Tag color={STATUS_COLOR[d.status]}>{d.status}</Tag>
          </span>
        }
        extra={
          <Space wrap className="no-print">
            <Button size="large" icon={<ArrowLeftOutlined />} onClick={() => void navigate('/roster')}>
              返回名册
            </Button>
            {isAdmin && (
              <>
                <Button
                  size="large"
                  type="primary"
                  icon={<EditOutlined />}
                  onClick={() => void navigate(`/roster/${d.id}/edit`)}
                >
                  修改信息
                </Button>
                <Button size="large" icon={<CameraOutlined />} onClick={() => setPhotoOpen(true)}>
                  {d.photo ? '更换照片' : '设置照片'}
                </Button>
                <Button size="large" icon={<SwapOutlined />} onClick={() => setStatusOpen(true)}>
                  变更状态
                </Button>
              </>
            )}
          </Space>
        }
      />

      <Card className="section-card deputy-card no-print" title="基本信息">
        <div className="deputy-info">
          <DeputyPhoto sha256={d.photo} name={d.name} width={140} className="deputy-info-photo" />
          <DeputyDescriptions d={d} />
        </div>
      </Card>

      <Card className="section-card no-print" title="状态变更记录" data-testid="status-history">
        <StatusTimeline d={d} />
      </Card>

      <UpcomingDutyCard d={d} />

      <DeputyFileCard d={d} />

      {photoOpen && <PhotoModal d={d} open onClose={() => setPhotoOpen(false)} />}
      <StatusModal d={d} open={statusOpen} onClose={() => setStatusOpen(false)} />
    </div>
  );
}

function DeputyDescriptions({ d, column = 2 }: { d: DeputyDetail; column?: number }) {
  const v = (s: string | null | undefined) => s || '—';
  return (
    <Descriptions column={column} className="deputy-descriptions" size="middle">
      <Descriptions.Item label="姓名">{d.name}</Descriptions.Item>
      <Descriptions.Item label="性别">{d.gender}</Descriptions.Item>
      <Descriptions.Item label="民族">{v(d.ethnicity)}</Descriptions.Item>
      <Descriptions.Item label="出生年月">{d.birthDate ? formatBirth(d.birthDate) : '—'}</Descriptions.Item>
      <Descriptions.Item label="政治面貌">{v(d.politicalAffiliation)}</Descriptions.Item>
      <Descriptions.Item label="学历">{v(d.education)}</Descriptions.Item>
      <Descriptions.Item label="工作单位及职务" span={column}>
        {v(d.workplacePost)}
      </Descriptions.Item>
      <Descriptions.Item label="代表层级">{levelText(d.levels)}</Descriptions.Item>
      <Descriptions.Item label="届次">{v(d.term)}</Descriptions.Item>
      <Descriptions.Item label="代表证号">
        <span className="mono">{v(d.cardNumber)}</span>
      </Descriptions.Item>
      <Descriptions.Item label="选区/选举单位">{v(d.constituency)}</Descriptions.Item>
      <Descriptions.Item label="代表小组">{v(d.groupName)}</Descriptions.Item>
      <Descriptions.Item label="站内职务">{d.stationRole}</Descriptions.Item>
      <Descriptions.Item label="联系电话">
        <span className="mono">{v(d.phone)}</span>
      </Descriptions.Item>
      <Descriptions.Item label="状态">
        {d.status}（{formatDay(d.statusDate)}起）
      </Descriptions.Item>
      <Descriptions.Item label="地址" span={column}>
        {v(d.address)}
      </Descriptions.Item>
      <Descriptions.Item label="简介" span={column}>
        <span className="deputy-bio">{v(d.bio)}</span>
      </Descriptions.Item>
    </Descriptions>
  );
}

function StatusTimeline({ d }: { d: DeputyDetail }) {
  if (!d.statusHistory.length) return <p className="muted">暂无记录</p>;
  const history = [...d.statusHistory].sort((a, b) =>
    `${b.effectiveDate}${b.recordedAt}`.localeCompare(`${a.effectiveDate}${a.recordedAt}`),
  );
  return (
    <Timeline
      className="status-timeline"
      items={history.map((h) => ({
        color: STATUS_COLOR[h.status] === 'default' ? 'gray' : STATUS_COLOR[h.status],
        content: (
          <div>
            <strong>{formatDay(h.effectiveDate)}</strong> <Tag color={STATUS_COLOR[h.status]}>{h.status}</Tag>
            {h.note && <span className="status-note">{h.note}</span>}
            <div className="muted status-recorded">登记于 {formatDateTime(h.recordedAt)}</div>
          </div>
        ),
      }))}
    />
  );
}

function PhotoModal({ d, open, onClose }: { d: DeputyDetail; open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const setPhoto = useMutate('roster.setPhoto');
  return (
    <PhotoCropper
      open={open}
      saving={setPhoto.isPending}
      onCancel={onClose}
      onSave={(jpegBase64) => {
        setPhoto.mutate(
          { id: d.id, jpegBase64 },
          {
            onSuccess: () => {
              void message.success('照片已保存');
              onClose();
            },
            onError: (error) => void message.error(errorMessage(error)),
          },
        );
      }}
    />
  );
}

function StatusModal({ d, open, onClose }: { d: DeputyDetail; open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const setStatus = useMutate('roster.setStatus');
  const [status, setStatusValue] = useState<DeputyDetail['status']>(d.status);
  const [date, setDate] = useState(dayjs());
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async () => {
    setProblem(null);
    try {
      await setStatus.mutateAsync({ id: d.id, status, effectiveDate: date.format('YYYY-MM-DD'), note });
      void message.success(`状态已变更为「${status}」`);
      setNote('');
      onClose();
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  return (
    <Modal
      open={open}
      title={`变更状态：${d.name}`}
      width={640}
      onCancel={onClose}
      okText="保存"
      cancelText="取消"
      okButtonProps={{ size: 'large', loading: setStatus.isPending }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() => void submit()}
    >
      <div className="status-form">
        <div className="status-field">
          <span>新状态</span>
          <Select
            size="large"
            value={status}
            onChange={setStatusValue}
            options={DEPUTY_STATUSES.map((s) => ({ value: s, label: s }))}
            aria-label="新状态"
          />
        </div>
        <div className="status-field">
          <span>生效日期</span>
          <DatePicker
            size="large"
            value={date}
            onChange={(v) => v && setDate(v)}
            format="YYYY-MM-DD"
            allowClear={false}
            aria-label="生效日期"
          />
        </div>
        <div className="status-field status-field-wide">
          <span>说明</span>
          <Input.TextArea
            rows={2}
            value={note}
            maxLength={200}
            onChange={(e) => setNote(e.target.value)}
            placeholder="如 因工作调动辞去代表职务"
            aria-label="说明"
          />
        </div>
      </div>
      {problem && <Alert className="form-alert" type="error" showIcon title={problem} />}
      <h3 className="status-history-title">以往的状态</h3>
      <StatusTimeline d={d} />
    </Modal>
  );
}

function DeputyFileCard({ d }: { d: DeputyDetail }) {
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const file = useCall('roster.deputyFile', { id: d.id, year });
  const years = Array.from({ length: 6 }, (_, i) => thisYear - i);

  return (
    <Card
      className="section-card deputy-file"
      data-testid="deputy-file"
      title={<span className="no-print">一人一档（代表履职档案）</span>}
      extra={
        <Space className="no-print">
          <Select
            size="large"
            aria-label="年度"
            value={year}
            onChange={setYear}
            options={years.map((y) => ({ value: y, label: `${y}年度` }))}
            style={{ width: 140 }}
          />
          <Button
            size="large"
            icon={<PrinterOutlined />}
            onClick={() => window.print()}
            disabled={!file.data}
          >
            打印
          </Button>
        </Space>
      }
    >
      <div className="print-only print-title">
        <h1>人大代表履职档案</h1>
        <p>{year}年度</p>
      </div>
      <div className="print-only print-deputy">
        <DeputyPhoto sha256={d.photo} name={d.name} width={105} />
        <DeputyDescriptions d={d} column={2} />
      </div>

      {file.isPending && <Skeleton active paragraph={{ rows: 6 }} />}
      {file.isError && <LoadProblem what="履职档案" error={file.error} onRetry={() => void file.refetch()} />}
      {file.data && (
        <>
          <div className="file-totals">
            {file.data.sections.map((s) => (
              <div key={s.key} className="file-total">
                <div className="file-total-value">{s.total}</div>
                <div className="file-total-label">{s.title}</div>
              </div>
            ))}
          </div>
          {file.data.sections.map((s) => (
            <section key={s.key} className="file-section" data-testid={`file-section-${s.key}`}>
              <h3 className="file-section-title">
                {s.title}
                <span className="file-section-total">共 {s.total} 项</span>
              </h3>
              {s.items.length === 0 ? (
                <p className="file-empty">暂无记录</p>
              ) : (
                <table className="file-table">
                  <thead>
                    <tr>
                      <th style={{ width: '9em' }}>日期</th>
                      <th>事项</th>
                      <th>情况</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.items.map((item, i) => (
                      <tr key={i}>
                        <td>{formatDay(item.date)}</td>
                        <td>{item.title}</td>
                        <td>{item.detail}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          ))}
          {file.data.sections.length === 0 && <Empty description="暂无记录" />}
          <p className="print-only print-footer">打印时间：{formatDateTime(new Date().toISOString())}</p>
        </>
      )}
    </Card>
  );
}

/** 近期值班: the deputy's duty days of the next three months. */
function UpcomingDutyCard({ d }: { d: DeputyDetail }) {
  const navigate = useNavigate();
  const today = useStationToday();
  const slots = useCall('duty.slots', {
    from: today,
    to: dayjs(today).add(3, 'month').format(ISO),
    deputyId: d.id,
  });
  return (
    <Card
      className="section-card no-print"
      title="近期值班"
      data-testid="deputy-duties"
      extra={
        <Button size="large" type="link" onClick={() => void navigate(`/duty?tab=deputy&deputy=${d.id}`)}>
          全部值班和到岗情况
        </Button>
      }
    >
      {slots.isError && <Alert type="error" showIcon title={errorMessage(slots.error)} />}
      {slots.data && slots.data.length === 0 && <p className="muted">接下来三个月没有值班安排。</p>}
      {slots.data && slots.data.length > 0 && (
        <ul className="deputy-duty-list">
          {slots.data.slice(0, 8).map((s) => {
            const me = s.assignments.find((a) => a.deputyId === d.id);
            return (
              <li key={s.id} className="deputy-duty-row">
                <span className="deputy-duty-date">
                  {dayText(s.date)} {weekdayText(s.date)}
                </span>
                <span className="deputy-duty-time">{timeText(s)}</span>
                <span className="deputy-duty-place">{s.place}</span>
                {me && me.status !== '已排班' && <Tag color={DUTY_STATUS_COLOR[me.status]}>{me.status}</Tag>}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
