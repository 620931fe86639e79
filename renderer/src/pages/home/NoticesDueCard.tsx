import { Button, Card } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useCall } from '../../api';
import { dayText, timeText, weekdayText } from '../duty/labels';
import { LoadProblem } from '../../components/LoadProblem';
import { editorPath } from '../notices/labels';

/** 待打印的接待日公告: notices of the next days not printed yet; late ones in red. */
export function NoticesDueCard() {
  const navigate = useNavigate();
  const due = useCall('duty.noticesDue', {});
  if (due.isError)
    return (
      <LoadProblem
        className="page-alert"
        what="待打印的公告"
        error={due.error}
        onRetry={() => void due.refetch()}
      />
    );
  if (!due.data || due.data.length === 0) return null;
  return (
    <Card title="待打印的接待日公告" className="section-card notices-due-card" data-testid="notices-due">
      <p className="card-intro">接待日公告应至少提前3天张贴。</p>
      <ul className="notice-due-list">
        {due.data.map((n) => (
          <li key={n.slotId} className={`notice-due${n.late ? ' late' : ''}`}>
            <span className="notice-due-date">
              {dayText(n.date)} {weekdayText(n.date)} {timeText(n)}
            </span>
            <span className="notice-due-place">{n.place}</span>
            <span className={n.late ? 'overdue-text' : 'muted'}>应于{dayText(n.postBy)}前张贴</span>
            <Button
              size="large"
              icon={<PrinterOutlined />}
              type={n.late ? 'primary' : 'default'}
              onClick={() => void navigate(editorPath('reception-notice', n.slotId))}
            >
              打印
            </Button>
          </li>
        ))}
      </ul>
    </Card>
  );
}
