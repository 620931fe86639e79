import type { ReceptionDetail } from '../../api';
import { ageText, formatDay, formatReceived } from './labels';

/**
 * 接待登记表: the paper copy for the station's file, one A4 page (print CSS in styles.css).
 * Hidden on screen; window.print() shows only this.
 */
export function ReceptionPrintForm({ d, stationName }: { d: ReceptionDetail; stationName: string }) {
  const suggestionDeputy = d.deputies.find((x) => x.id === d.suggestionDeputyId);
  const showId = d.visitors.some((v) => v.idNumber);
  const handling = [
    d.disposition,
    d.unit && `承办单位：${d.unit}`,
    d.deadline && `办理期限：${formatDay(d.deadline)}`,
    suggestionDeputy && `提出建议的代表：${suggestionDeputy.name}`,
    d.referral && `告知的去向：${d.referral}`,
    d.reminders > 0 && `催办 ${d.reminders} 次`,
  ].filter(Boolean);

  return (
    <div className="print-only reception-print" data-testid="reception-print">
      <div className="rp-station">{stationName}</div>
      <h1 className="rp-title">接待登记表</h1>
      <div className="rp-meta">
        <span>
          编号：<span className="mono">{d.number}</span>
        </span>
        <span>办理状态：{d.status}</span>
      </div>
      <table className="rp-table">
        <colgroup>
          <col style={{ width: '15%' }} />
          <col style={{ width: '35%' }} />
          <col style={{ width: '15%' }} />
          <col style={{ width: '35%' }} />
        </colgroup>
        <tbody>
          <tr>
            <th>接待时间</th>
            <td>{formatReceived(d.receivedAt)}</td>
            <th>接待方式</th>
            <td>{d.channel}</td>
          </tr>
          <tr>
            <th>接待代表</th>
            <td>{d.deputies.map((x) => x.name).join('、') || '—'}</td>
            <th>工作人员</th>
            <td>{d.staff.join('、') || '—'}</td>
          </tr>
          <tr>
            <th>来访人</th>
            <td colSpan={3} className="rp-inner-cell">
              <table className="rp-inner">
                <thead>
                  <tr>
                    <th>姓名</th>
                    <th>性别</th>
                    <th>年龄</th>
                    <th>联系电话</th>
                    <th>住址（村、社区）</th>
                    <th>人数</th>
                    {showId && <th>身份证号</th>}
                  </tr>
                </thead>
                <tbody>
                  {d.visitors.map((v) => (
                    <tr key={v.id}>
                      <td>{v.name}</td>
                      <td>{v.gender || '—'}</td>
                      <td>{ageText(v)}</td>
                      <td className="mono">{v.phone || '—'}</td>
                      <td>{v.address || '—'}</td>
                      <td>{v.groupSize}</td>
                      {showId && <td className="mono">{v.idNumber || '—'}</td>}
                    </tr>
                  ))}
                </tbody>
              </table>
            </td>
          </tr>
          <tr>
            <th>问题类别</th>
            <td>{d.category}</td>
            <th>要求保密</th>
            <td>{d.confidential ? '是' : '否'}</td>
          </tr>
          <tr>
            <th>事项</th>
            <td colSpan={3}>{d.title}</td>
          </tr>
          <tr>
            <th>反映内容</th>
            <td colSpan={3} className="rp-matter">
              {d.matter}
            </td>
          </tr>
          <tr>
            <th>处理方式</th>
            <td colSpan={3} className="rp-block">
              {handling.length ? handling.join('；') : ''}
            </td>
          </tr>
          <tr>
            <th>办理答复</th>
            <td colSpan={3} className="rp-block">
              {d.reply && (
                <>
                  <div>
                    {formatDay(d.reply.date)} {d.reply.unit}
                  </div>
                  <div className="pre-wrap">{d.reply.text}</div>
                </>
              )}
            </td>
          </tr>
          <tr>
            <th>反馈情况</th>
            <td colSpan={3} className="rp-block">
              {d.answer && (
                <>
                  <div>
                    {formatDay(d.answer.date)} {d.answer.method}反馈，来访人{d.answer.satisfaction}
                  </div>
                  <div className="pre-wrap">{d.answer.text}</div>
                </>
              )}
            </td>
          </tr>
          <tr>
            <th>办理过程</th>
            <td colSpan={3} className="rp-events">
              {d.events.map((e) => (
                <div key={e.id}>
                  <span className="rp-event-date">{formatDay(e.date)}</span>
                  <span className="rp-event-kind">{e.kind}</span>
                  {e.summary}
                </div>
              ))}
            </td>
          </tr>
        </tbody>
      </table>
      <div className="rp-signatures">
        <span>接待代表（签字）：</span>
        <span>记录人（签字）：</span>
        <span>
          日期：{'\u3000\u3000'}年{'\u3000\u3000'}月{'\u3000\u3000'}日
        </span>
      </div>
    </div>
  );
}
