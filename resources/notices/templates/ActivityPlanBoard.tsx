import type { NoticePlanItem } from '../../../main/api/contract';
import { Footer, Frame, Header, isWide, shortWeekday, type TemplateProps } from './parts';

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** 2027-03-15 → 15日 周一 */
function dayOfMonth(date: string): string {
  const weekday = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? '';
  return `${Number(date.slice(8, 10))}日 ${shortWeekday(weekday)}`;
}

type Month = [month: number, items: NoticePlanItem[]];

/** The items of each month in order, for the month cell spanning its rows. */
function byMonth(items: NoticePlanItem[]): Month[] {
  const months = new Map<number, NoticePlanItem[]>();
  for (const item of items) months.set(item.month, [...(months.get(item.month) ?? []), item]);
  return [...months];
}

/** Two halves split between months, as near the middle row as the months allow. */
function halves(months: Month[], total: number): [Month[], Month[]] {
  let best = 1;
  let bestGap = Infinity;
  let rows = 0;
  for (let k = 1; k < months.length; k++) {
    rows += months[k - 1]![1].length;
    const gap = Math.abs(total - 2 * rows);
    if (gap < bestGap) [best, bestGap] = [k, gap];
  }
  return [months.slice(0, best), months.slice(best)];
}

/** A wide board (landscape, a print shop's panel) sets a long plan in two tables side by side. */
const SPLIT_FROM = 10;

function PlanTable({ months, all, dated }: { months: Month[]; all: NoticePlanItem[]; dated: boolean }) {
  const rows = months.reduce((n, [, list]) => n + list.length, 0);
  return (
    <table className={`nb-table nb-plan-table${rows >= 6 ? ' stretch' : ''}`}>
      <thead>
        <tr>
          <th>序号</th>
          <th>月份</th>
          {dated && <th>日期</th>}
          <th>活动类型</th>
          <th>活动主题</th>
          <th>负责人</th>
          <th>参加人员</th>
        </tr>
      </thead>
      <tbody>
        {months.map(([month, list]) =>
          list.map((item, i) => (
            <tr key={item.id} data-testid="plan-row">
              <td className="nowrap">{all.indexOf(item) + 1}</td>
              {i === 0 && (
                <td className="nowrap nb-plan-month" rowSpan={list.length}>
                  {month}月
                </td>
              )}
              {dated && <td className="nowrap">{item.date ? dayOfMonth(item.date) : '—'}</td>}
              <td className="nowrap nb-plan-type">{item.type}</td>
              <td className="left nb-plan-theme">{item.theme}</td>
              <td className="nb-plan-who">{item.responsible || '—'}</td>
              <td className="left nb-plan-people">{item.participants || '—'}</td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}

/** 年度活动计划: the year's plan as a table, a month cell spanning its items. */
export function ActivityPlanBoard({ data, widthMm, heightMm }: TemplateProps) {
  const items = data.plan;
  const dated = items.some((i) => i.date !== '');
  const months = byMonth(items);
  const split = isWide(widthMm, heightMm) && items.length >= SPLIT_FROM && months.length > 1;
  const note = (data.texts.note ?? '').trim();
  return (
    <Frame>
      <Header kicker={data.station.name} title={data.texts.title ?? ''} subtitle={data.subjectText} />
      <div className="nb-body">
        <div
          className="nb-plan"
          data-fit="活动计划"
          data-fit-min="0.3"
          data-fit-max="1.3"
          data-fit-min-mm="1.2"
        >
          {items.length === 0 ? (
            <p className="nb-empty">本年度暂无活动计划</p>
          ) : split ? (
            <div className="nb-plan-split">
              {halves(months, items.length).map((half, i) => (
                <div key={i} className="nb-table-wrap" data-clip>
                  <PlanTable months={half} all={items} dated={dated} />
                </div>
              ))}
            </div>
          ) : (
            <div className="nb-table-wrap" data-clip>
              <PlanTable months={months} all={items} dated={dated} />
            </div>
          )}
          {note && <p className="nb-duty-note">{note}</p>}
        </div>
      </div>
      <Footer text={data.station.name} />
    </Frame>
  );
}
