import { Button, Card, Tag } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useCall } from '../../api';
import { LoadProblem } from '../../components/LoadProblem';

/** 逾期未办结: matters past their deadline, the longest overdue first. */
export function OverdueCard() {
  const navigate = useNavigate();
  const overdue = useCall('receptions.list', { overdue: true, sort: 'deadline', pageSize: 5 });
  const total = overdue.data?.total ?? 0;
  const items = overdue.data?.items ?? [];

  return (
    <Card
      title={
        <span>
          逾期未办结
          {total > 0 && (
            <Tag color="red" className="overdue-count">
              {overdue.data?.totalCapped ? `${total}+` : total} 件
            </Tag>
          )}
        </span>
      }
      className={`section-card overdue-card${total > 0 ? ' overdue-card-alert' : ''}`}
      data-testid="overdue-card"
      extra={
        total > 0 && (
          <Button size="large" type="link" onClick={() => void navigate('/receptions?overdue=1')}>
            查看全部逾期事项 <RightOutlined />
          </Button>
        )
      }
    >
      {overdue.isError && (
        <LoadProblem what="逾期事项" error={overdue.error} onRetry={() => void overdue.refetch()} />
      )}
      {overdue.data && items.length === 0 && (
        <p className="muted overdue-none">
          没有逾期的事项。交办、转办的事项过了办理期限还没有答复，会列在这里。
        </p>
      )}
      {items.length > 0 && (
        <ul className="overdue-list">
          {items.map((r) => (
            <li key={r.id}>
              <button
                type="button"
                className="overdue-item"
                onClick={() => void navigate(`/receptions/${r.id}`)}
              >
                <span className="overdue-days">逾期 {r.overdueDays} 天</span>
                <span className="overdue-title">{r.title}</span>
                <span className="muted overdue-unit">
                  {r.unit ? `${r.unit} · ` : ''}
                  {r.number}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
