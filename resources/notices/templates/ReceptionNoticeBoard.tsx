import { Frame, Header, isWide, levelsText, todayText, type TemplateProps } from './parts';

/** 接待日公告: one slot's notice, in the wording of the duty page's printed sheet. */
export function ReceptionNoticeBoard({ data, widthMm, heightMm }: TemplateProps) {
  // Wide paper: two columns, so lines stay short enough to read.
  const wide = isWide(widthMm, heightMm);
  const n = data.notice;
  const closing = (data.texts.closing ?? '').trim();
  return (
    <Frame>
      <Header title={data.texts.title ?? ''} />
      <div className="nb-body">
        {!n ? (
          <p className="nb-empty">（没有找到这一次值班）</p>
        ) : (
          <div
            className={wide ? 'nb-notice cols' : 'nb-notice'}
            data-fit-columns={wide ? '1-2' : undefined}
            data-fit="公告内容"
            data-fit-min="0.35"
            data-fit-max="1.3"
            data-fit-min-mm="2.6"
          >
            <p className="lead">
              为密切人大代表同人民群众的联系，倾听群众呼声，反映群众意见和要求，{n.station.name}定于
              <strong>
                {n.dateText}
                {n.slot.start}—{n.slot.end}
              </strong>
              在<strong>{n.slot.place}</strong>
              开展人大代表接待选民活动。现将有关事项公告如下：
            </p>
            <h3>一、接待时间</h3>
            <p className="indent">
              {n.dateText} {n.slot.start}—{n.slot.end}
            </p>
            <h3>二、接待地点</h3>
            <p className="indent">{n.slot.place}</p>
            <h3>三、接待代表</h3>
            {n.deputies.length ? (
              <table className="nb-table">
                <tbody>
                  {n.deputies.map((d) => (
                    <tr key={d.name}>
                      <td className="nowrap nb-serif">{d.name}</td>
                      <td className="nowrap">{levelsText(d.levels)}</td>
                      <td className="left">{d.workplacePost}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="indent">（尚未安排接待代表）</p>
            )}
            <h3>四、受理范围</h3>
            <p className="indent">{n.acceptScope || '（尚未设置受理范围）'}</p>
            <h3>五、联系方式</h3>
            <p className="indent">
              联系电话：{n.station.phone || '—'}
              <br />
              地址：{n.station.address || '—'}
            </p>
            {closing && <p className="closing">{closing}</p>}
            <div className="nb-sign nb-serif">
              <div>{n.station.name}</div>
              <div>{todayText()}</div>
            </div>
          </div>
        )}
      </div>
    </Frame>
  );
}
