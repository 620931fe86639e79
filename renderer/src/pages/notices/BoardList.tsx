import { Skeleton, Tag } from 'antd';
import { ExclamationCircleFilled, RightOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import type { NoticeTemplateInfo, StaleBoard } from '../../../../main/api/contract';
import { useCall } from '../../api';
import { LoadProblem } from '../../components/LoadProblem';
import { formatDateTime } from '../../lib/format';
import { editorPath, NOTICE_GROUPS, reasonsText } from './labels';

const SUBJECT_HINT: Record<NoticeTemplateInfo['subject'], string> = {
  none: '',
  month: '按月打印',
  year: '按年打印',
  slot: '每次接待日打印',
};

/** The boards grouped as on the wall; each card opens the editor. */
export function BoardList() {
  const templates = useCall('notices.templates', {});
  const stale = useCall('notices.stale', {});

  if (templates.isError)
    return (
      <LoadProblem
        className="page-alert"
        what="公示模板"
        error={templates.error}
        onRetry={() => void templates.refetch()}
      />
    );
  if (!templates.data) return <Skeleton active paragraph={{ rows: 10 }} />;

  return (
    <div className="board-groups">
      {stale.isError && (
        <LoadProblem
          className="page-alert"
          what="需要重新打印的公示"
          error={stale.error}
          onRetry={() => void stale.refetch()}
        />
      )}
      {NOTICE_GROUPS.map((group) => {
        const items = templates.data.filter((t) => t.group === group);
        if (items.length === 0) return null;
        return (
          <section key={group} className="board-group">
            <h2 className="board-group-title">{group}</h2>
            <div className="board-cards">
              {items.map((t) => (
                <BoardCard
                  key={t.key}
                  info={t}
                  stale={(stale.data ?? []).filter((s) => s.template === t.key)}
                />
              ))}
            </div>
          </section>
        );
      })}
    </div>
  );
}

function BoardCard({ info, stale }: { info: NoticeTemplateInfo; stale: StaleBoard[] }) {
  const navigate = useNavigate();
  const last = info.lastPrint;
  // A stale board opens on the subject and paper it was printed for: reprinting is one click.
  const open = () =>
    void navigate(
      stale[0]
        ? editorPath(info.key, stale[0].subject || undefined, stale[0].lastPrint.paper)
        : editorPath(info.key),
    );
  return (
    <button
      type="button"
      className={`board-card${stale.length ? ' board-card-stale' : ''}`}
      onClick={open}
      data-testid={`board-${info.key}`}
    >
      <span className="board-card-head">
        <span className="board-card-name">{info.name}</span>
        {SUBJECT_HINT[info.subject] && <Tag>{SUBJECT_HINT[info.subject]}</Tag>}
        <RightOutlined className="board-card-arrow" />
      </span>
      <span className="board-card-bound">内容来自：{info.boundFrom}</span>
      <span className="board-card-last">
        {last ? (
          <>
            上次{last.how === '打印' ? '打印' : '保存PDF'}：{formatDateTime(last.printedAt)}
            {last.subjectText && `（${last.subjectText}）`}，{last.paperLabel}
          </>
        ) : (
          <span className="muted">还没有打印过</span>
        )}
      </span>
      {stale.map((s) => (
        <span key={s.subject} className="board-card-stale-line" data-testid="board-stale">
          <ExclamationCircleFilled /> 需要重新打印
          {s.subjectText && `（${s.subjectText}）`}：{reasonsText(s.reasons)}
        </span>
      ))}
    </button>
  );
}
