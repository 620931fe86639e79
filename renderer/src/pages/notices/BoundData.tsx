import type { ReactNode } from 'react';
import { Alert } from 'antd';
import { Link } from 'react-router-dom';
import type { BoardData } from '../../../../main/api/contract';
import type { NoticeTemplateSpec } from '../../../../resources/notices/catalog';
import { dayText } from '../duty/labels';

interface Fact {
  label: string;
  value: ReactNode;
}
interface Source {
  /** 代表信息来自名册 */
  what: string;
  to: string;
  /** 去名册修改 */
  action: string;
}

const ROSTER: Source = { what: '代表信息来自名册', to: '/roster', action: '去名册修改' };
const STATION: Source = {
  what: '站名、地址、电话和开放时间来自本站信息',
  to: '/settings',
  action: '去设置修改',
};
const DUTY: Source = {
  what: '日期、时间、地点和接待代表来自值班排班',
  to: '/duty',
  action: '去值班排班修改',
};
/** Where a year's plan is made (活动记录 → 年度活动计划). */
export const planPath = (year: string) => `/activities?tab=plan&year=${year}`;
const SCOPE: Source = { what: '受理范围来自值班规则', to: '/duty?tab=rules', action: '去值班规则修改' };

const none = (v: string) => v.trim() || '（未填写）';
const names = (list: readonly string[]) => (list.length ? list.join('、') : '（没有）');

/** What the board shows from the database, where each part is changed, and what is missing. */
export function boundDataOf(
  spec: NoticeTemplateSpec,
  data: BoardData,
): { facts: Fact[]; sources: Source[]; warnings: ReactNode[] } {
  const facts: Fact[] = [{ label: '站名', value: none(data.station.name) }];
  const sources: Source[] = [STATION];
  const warnings: ReactNode[] = [];
  const stationPlace = (key: 'phone' | 'address' | 'openingHours', label: string) => {
    facts.push({ label, value: none(data.station[key]) });
    if (!data.station[key].trim())
      warnings.push(
        <>
          本站{label}没有填写，公示上这一项会空着。<Link to="/settings">去设置填写</Link>
        </>,
      );
  };

  switch (spec.key) {
    case 'station-info': {
      stationPlace('address', '地址');
      stationPlace('phone', '电话');
      stationPlace('openingHours', '开放时间');
      facts.push(
        { label: '站长', value: names(data.leaders.head) },
        { label: '联络员', value: names(data.leaders.liaisons) },
        { label: '进站代表', value: `${data.deputies.length} 位` },
      );
      sources.push(ROSTER);
      if (data.deputies.length === 0)
        warnings.push(
          <>
            名册里还没有在任代表，公示栏的代表一栏是空的。<Link to="/roster">去名册添加</Link>
          </>,
        );
      if (data.deputies.length > 0 && data.leaders.head.length === 0)
        warnings.push(
          <>
            名册里没有标明站长。<Link to="/roster">去名册设置站内职务</Link>
          </>,
        );
      const noPhoto = data.deputies.filter((d) => !d.photoSha256);
      if (noPhoto.length > 0)
        warnings.push(
          <>
            {noPhoto.length === data.deputies.length ? '所有代表' : noPhoto.map((d) => d.name).join('、')}
            还没有照片，公示上印的是空白头像框。<Link to="/roster">去名册上传照片</Link>
          </>,
        );
      const noPhone = data.deputies.filter((d) => !d.phone.trim());
      if (noPhone.length > 0)
        warnings.push(
          <>
            {noPhone.map((d) => d.name).join('、')}没有联系电话。<Link to="/roster">去名册填写</Link>
          </>,
        );
      break;
    }
    case 'workflow':
      stationPlace('address', '地址');
      stationPlace('phone', '电话');
      stationPlace('openingHours', '开放时间');
      break;
    case 'duty-month':
    case 'duty-year': {
      const count = data.slots.length;
      facts.push({ label: '公示期间', value: data.subjectText }, { label: '值班', value: `${count} 次` });
      sources.push(DUTY);
      if (count === 0)
        warnings.push(
          <>
            {data.subjectText}还没有值班安排，值班表会是空的。<Link to="/duty">去值班排班生成</Link>
          </>,
        );
      const empty = data.slots.filter((s) => s.deputies.length === 0).length;
      if (empty > 0)
        warnings.push(
          <>
            有 {empty} 次值班还没有安排代表。<Link to="/duty">去值班排班安排</Link>
          </>,
        );
      break;
    }
    case 'activity-plan': {
      facts.push(
        { label: '公示年度', value: data.subjectText },
        { label: '计划项目', value: `${data.plan.length} 项` },
      );
      sources.push({
        what: '活动计划来自“活动记录 → 年度活动计划”',
        to: planPath(data.subject),
        action: '去年度活动计划修改',
      });
      const noOne = data.plan.filter((p) => !p.responsible.trim()).length;
      if (noOne > 0)
        warnings.push(
          <>
            有 {noOne} 项计划没有填写负责人，公示上这一格印“—”。
            <Link to={planPath(data.subject)}>去年度活动计划填写</Link>
          </>,
        );
      break;
    }
    case 'reception-notice': {
      const n = data.notice;
      facts.push(
        { label: '接待时间', value: n ? `${n.dateText} ${n.slot.start}—${n.slot.end}` : '—' },
        { label: '地点', value: n ? none(n.slot.place) : '—' },
        { label: '接待代表', value: n ? names(n.deputies.map((d) => d.name)) : '—' },
      );
      if (n)
        facts.push({
          label: '张贴',
          value: (
            <span data-testid="notice-post-by">
              请于{dayText(n.postBy)}前张贴
              {n.slot.noticePrintedAt && `（${dayText(n.slot.noticePrintedAt)}已打印过）`}
            </span>
          ),
        });
      stationPlace('phone', '电话');
      sources.push(DUTY, SCOPE);
      if (n && n.deputies.length === 0)
        warnings.push(
          <>
            这一班还没有安排接待的代表。<Link to="/duty">去值班排班安排</Link>
          </>,
        );
      if (n && !n.acceptScope.trim())
        warnings.push(
          <>
            还没有设置受理范围。<Link to="/duty?tab=rules">去值班规则填写</Link>
          </>,
        );
      break;
    }
    default:
      // The rule texts show only the station's name besides their own words.
      break;
  }
  return { facts, sources, warnings };
}

/** The bound data as read-only facts, with a link to where each part is changed. */
export function BoundDataCard({ spec, data }: { spec: NoticeTemplateSpec; data: BoardData }) {
  const { facts, sources } = boundDataOf(spec, data);
  return (
    <div className="bound-data" data-testid="bound-data">
      <dl className="bound-facts">
        {facts.map((f) => (
          <div key={f.label} className="bound-fact">
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
      </dl>
      <ul className="bound-sources">
        {sources.map((s) => (
          <li key={s.to}>
            {s.what}（<Link to={s.to}>{s.action}</Link>），不在这里改。
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Missing data the clerk may want to fix before printing (printing is still allowed). */
export function BoundDataWarnings({ spec, data }: { spec: NoticeTemplateSpec; data: BoardData }) {
  const { warnings } = boundDataOf(spec, data);
  if (warnings.length === 0) return null;
  return (
    <Alert
      className="page-alert bound-warnings"
      type="warning"
      showIcon
      data-testid="bound-warnings"
      title="打印前请留意"
      description={
        <ul>
          {warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      }
    />
  );
}
