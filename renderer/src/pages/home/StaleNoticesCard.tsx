import { Button, Card } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useCall } from '../../api';
import { LoadProblem } from '../../components/LoadProblem';
import { editorPath, reasonsText } from '../notices/labels';

/** 公示需要重新打印: boards whose data changed since they were printed, and why. */
export function StaleNoticesCard() {
  const navigate = useNavigate();
  const stale = useCall('notices.stale', {});
  if (stale.isError)
    return (
      <LoadProblem
        className="page-alert"
        what="需要重新打印的公示"
        error={stale.error}
        onRetry={() => void stale.refetch()}
      />
    );
  if (!stale.data || stale.data.length === 0) return null;
  return (
    <Card title="公示需要重新打印" className="section-card stale-notices-card" data-testid="stale-notices">
      <p className="card-intro">这些公示印出来以后，里面的信息有了变化。请重新打印，换下墙上的旧公示。</p>
      <ul className="stale-notice-list">
        {stale.data.map((s) => (
          <li key={`${s.template}/${s.subject}`} className="stale-notice">
            <span className="stale-notice-what">
              <span className="stale-notice-name">
                {s.templateName}
                {s.subjectText && `（${s.subjectText}）`}
              </span>
              <span className="stale-notice-reasons">{reasonsText(s.reasons)}</span>
            </span>
            <Button
              size="large"
              icon={<PrinterOutlined />}
              onClick={() => void navigate(editorPath(s.template, s.subject || undefined, s.lastPrint.paper))}
            >
              重新打印
            </Button>
          </li>
        ))}
      </ul>
    </Card>
  );
}
