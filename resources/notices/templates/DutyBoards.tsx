import type { NoticeSlot } from '../../../main/api/contract';
import { Footer, Frame, Header, isWide, shortWeekday, type TemplateProps } from './parts';

const time = (s: NoticeSlot) => `${s.start}—${s.end}`;
const who = (s: NoticeSlot) => (s.deputies.length ? s.deputies.join('、') : '（待定）');
const monthDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** The time and place when every slot shares them: said once above instead of on every line. */
function common(slots: NoticeSlot[]) {
  const one = <T,>(f: (s: NoticeSlot) => T) =>
    slots.length && slots.every((s) => f(s) === f(slots[0]!)) ? f(slots[0]!) : null;
  return { time: one(time), place: one((s) => s.place) };
}

function CommonLine({ time: t, place }: { time: string | null; place: string | null }) {
  if (!t && !place) return null;
  return (
    <div className="nb-duty-common nb-serif">
      {t && <span>接待时间：{t}</span>}
      {t && place && <span>{'\u3000\u3000'}</span>}
      {place && <span>接待地点：{place}</span>}
    </div>
  );
}

function Note({ text }: { text: string }) {
  return text.trim() ? <p className="nb-duty-note">{text.trim()}</p> : null;
}

/** 值班表（月）: one table row per slot. */
export function DutyMonthBoard({ data }: TemplateProps) {
  const slots = data.slots;
  const c = common(slots);
  return (
    <Frame>
      <Header kicker={data.station.name} title={data.texts.title ?? ''} subtitle={data.subjectText} />
      <div className="nb-body">
        <div
          className="nb-duty"
          data-fit="值班安排"
          data-fit-min="0.35"
          data-fit-max="1.35"
          data-fit-min-mm="2.2"
        >
          <CommonLine {...c} />
          <div className="nb-table-wrap" data-clip>
            {slots.length === 0 ? (
              <p className="nb-empty">本月暂无值班安排</p>
            ) : (
              <table className={slots.length >= 6 ? 'nb-table stretch' : 'nb-table'}>
                <thead>
                  <tr>
                    <th>日期</th>
                    <th>星期</th>
                    {!c.time && <th>时间</th>}
                    {!c.place && <th>地点</th>}
                    <th>接待代表</th>
                  </tr>
                </thead>
                <tbody>
                  {slots.map((s) => (
                    <tr key={s.id}>
                      <td className="nowrap">
                        {monthDay(s.date)}
                        {s.movedReason && <span className="nb-moved">（{s.movedReason}）</span>}
                      </td>
                      <td className="nowrap">{shortWeekday(s.weekday)}</td>
                      {!c.time && <td className="nowrap">{time(s)}</td>}
                      {!c.place && <td>{s.place}</td>}
                      <td className="left">{who(s)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
          <Note text={data.texts.note ?? ''} />
        </div>
      </div>
      <Footer text={data.station.name} />
    </Frame>
  );
}

/** 值班表（年）: the months side by side in columns, one line per slot. */
export function DutyYearBoard({ data, widthMm, heightMm }: TemplateProps) {
  const slots = data.slots;
  const c = common(slots);
  const months = new Map<string, NoticeSlot[]>();
  for (const s of slots) {
    const key = s.date.slice(0, 7);
    months.set(key, [...(months.get(key) ?? []), s]);
  }
  return (
    <Frame>
      <Header kicker={data.station.name} title={data.texts.title ?? ''} subtitle={data.subjectText} />
      <div className="nb-body">
        <div
          className="nb-duty"
          data-fit="值班安排"
          data-fit-min="0.3"
          data-fit-max="1.3"
          data-fit-min-mm="2"
          data-fit-columns={isWide(widthMm, heightMm) ? '2-6' : '1-4'}
        >
          <CommonLine {...c} />
          {slots.length === 0 ? (
            <p className="nb-empty">本年度暂无值班安排</p>
          ) : (
            <div className="nb-year" data-clip>
              {[...months].map(([key, list]) => (
                <section key={key} className="nb-month">
                  <div className="nb-month-head">{Number(key.slice(5, 7))}月</div>
                  {list.map((s) => (
                    <div key={s.id} className="nb-month-row">
                      <span className="nb-month-date">
                        {Number(s.date.slice(8, 10))}日 {shortWeekday(s.weekday)}
                      </span>
                      {!c.time && <span className="nb-month-when">{time(s)}</span>}
                      <span className="nb-month-who">
                        {who(s)}
                        {!c.place && `（${s.place}）`}
                        {s.movedReason && <span className="nb-moved-inline">（{s.movedReason}）</span>}
                      </span>
                    </div>
                  ))}
                </section>
              ))}
            </div>
          )}
          <Note text={data.texts.note ?? ''} />
        </div>
      </div>
      <Footer text={data.station.name} />
    </Frame>
  );
}
