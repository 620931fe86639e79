import { Alert, App, Button, Skeleton, Space } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { errorMessage, useCall, useMutate } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { dayText, fullDayText, levelsText, useStationToday } from './labels';
import { LoadProblem } from '../../components/LoadProblem';

/** /duty/notice/:slotId — the 接待日公告 of one slot, on A4 portrait. */
export function NoticePage({ slotId }: { slotId: string }) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const today = useStationToday();
  const notice = useCall('duty.notice', { slotId });
  const printed = useMutate('duty.markNoticePrinted');
  const back = () => {
    const idx = (window.history.state as { idx?: number } | null)?.idx ?? 0;
    if (idx > 0) void navigate(-1);
    else void navigate('/duty');
  };
  const print = () => {
    window.print();
    printed.mutate({ slotId }, { onError: (e) => void message.error(errorMessage(e)) });
  };

  const n = notice.data;
  const late = n && n.postBy < today;
  return (
    <div className="notice-page">
      <div className="no-print">
        <PageHeader
          title="接待日公告"
          description={
            n && (
              <span className={late ? 'overdue-text' : undefined} data-testid="notice-post-by">
                请于{dayText(n.postBy)}前张贴
                {n.slot.noticePrintedAt && `（已于${dayText(n.slot.noticePrintedAt.slice(0, 10))}打印过）`}
              </span>
            )
          }
          extra={
            <Space wrap>
              <Button size="large" icon={<ArrowLeftOutlined />} onClick={back}>
                返回
              </Button>
              <Button type="primary" size="large" icon={<PrinterOutlined />} disabled={!n} onClick={print}>
                打印
              </Button>
            </Space>
          }
        />
        {notice.isError && (
          <LoadProblem
            className="page-alert"
            what="公告"
            error={notice.error}
            onRetry={() => void notice.refetch()}
          />
        )}
        {notice.isPending && <Skeleton active paragraph={{ rows: 10 }} />}
        {n && n.deputies.length === 0 && (
          <Alert
            className="page-alert"
            type="warning"
            showIcon
            title="这一班还没有安排接待的代表。请先在排班表里安排代表，再打印公告。"
          />
        )}
      </div>
      {n && (
        <article className="notice-sheet" data-testid="notice-sheet">
          <h1 className="notice-title">人大代表接待选民日公告</h1>
          <p className="notice-lead">
            为密切人大代表同人民群众的联系，倾听群众呼声，反映群众意见和要求，{n.station.name}定于
            <strong>
              {n.dateText}
              {n.slot.start}—{n.slot.end}
            </strong>
            在<strong>{n.slot.place}</strong>
            开展人大代表接待选民活动。欢迎广大选民群众前来反映意见和建议。现将有关事项公告如下：
          </p>
          <h2 className="notice-h">一、接待时间</h2>
          <p className="notice-p">
            {n.dateText} {n.slot.start}—{n.slot.end}
          </p>
          <h2 className="notice-h">二、接待地点</h2>
          <p className="notice-p">{n.slot.place}</p>
          <h2 className="notice-h">三、接待代表</h2>
          <table className="notice-deputies">
            <tbody>
              {n.deputies.map((d) => (
                <tr key={d.name}>
                  <td className="notice-deputy-name">{d.name}</td>
                  <td>{levelsText(d.levels)}</td>
                  <td>{d.workplacePost}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2 className="notice-h">四、受理范围</h2>
          <p className="notice-p notice-scope">{n.acceptScope || '（尚未设置受理范围）'}</p>
          <h2 className="notice-h">五、联系方式</h2>
          <p className="notice-p">
            联系电话：{n.station.phone || '—'}
            <br />
            地址：{n.station.address || '—'}
          </p>
          <div className="notice-sign">
            <div>{n.station.name}</div>
            <div>{fullDayText(today)}</div>
          </div>
        </article>
      )}
    </div>
  );
}
