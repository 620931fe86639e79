import { useState } from 'react';
import type { NoticeDeputy } from '../../../main/api/contract';
import { PhotoPlaceholder } from './placeholder';
import { Footer, Frame, Header, isWide, levelsText, type TemplateProps } from './parts';

const BADGE_ROLES = new Set(['站长', '副站长', '联络员']);

function Photo({ src, name }: { src: string | undefined; name: string }) {
  const [broken, setBroken] = useState(false);
  return (
    <div className="nb-photo">
      {src && !broken ? <img src={src} alt={name} onError={() => setBroken(true)} /> : <PhotoPlaceholder />}
    </div>
  );
}

function DeputyCard({ d, photo }: { d: NoticeDeputy; photo: string | undefined }) {
  return (
    <div className="nb-card" data-testid="deputy-card">
      <Photo src={photo} name={d.name} />
      <div
        className="nb-card-text"
        data-fit="代表信息"
        data-fit-group="cards"
        data-fit-min="0.4"
        data-fit-max="1.1"
      >
        <div className="nb-card-name">
          <span className="nb-serif">{d.name}</span>
          {BADGE_ROLES.has(d.stationRole) && <span className="nb-badge">{d.stationRole}</span>}
        </div>
        <div className="nb-card-line levels">{levelsText(d.levels)}</div>
        {d.constituency && <div className="nb-card-line">选区：{d.constituency}</div>}
        <div
          className="nb-card-work"
          data-fit={`${d.name}的工作单位及职务`}
          data-fit-batch="work"
          data-fit-min="0.55"
        >
          <span>{d.workplacePost || '—'}</span>
        </div>
        {d.phone && <div className="nb-card-line">电话：{d.phone}</div>}
      </div>
    </div>
  );
}

const names = (list: string[]) => (list.length ? list.join('、') : '—');

/** 联络站信息公示栏: the station, its leaders and a grid of the deputies in station. */
export function StationInfoBoard({ data, widthMm, heightMm }: TemplateProps) {
  const wide = isWide(widthMm, heightMm);
  const u = (Math.min(widthMm, heightMm) / 100) * (96 / 25.4);
  const { station, leaders } = data;
  const people: [string, string][] = [
    ['站　　长：', names(leaders.head)],
    ...(leaders.viceHeads.length ? [['副 站 长：', names(leaders.viceHeads)] as [string, string]] : []),
    ['联 络 员：', names(leaders.liaisons)],
  ];
  const items: [string, string, boolean][] = [
    ['地　　址：', station.address || '—', !wide],
    ['开放时间：', station.openingHours || '—', false],
    ['联系电话：', station.phone || '—', false],
    // Wide: one row of three; tall: the leaders share one line below.
    ...(wide ? people.map(([l, v]): [string, string, boolean] => [l, v, false]) : []),
  ];
  const intro = (data.texts.intro ?? '').trim();
  return (
    <Frame>
      <Header kicker={station.name} title={data.texts.title ?? ''} />
      <div className="nb-body">
        <section
          className="nb-info"
          style={{ height: `calc(var(--u) * ${wide ? (intro ? 14 : 10) : intro ? 17 : 12})` }}
          data-fit="站点信息"
          data-fit-min="0.45"
          data-fit-max="1.1"
        >
          {intro && <p className="nb-info-intro">{intro}</p>}
          <div className="nb-info-grid" style={{ ['--info-cols' as string]: wide ? 3 : 2 }}>
            {items.map(([label, value, full]) => (
              <div key={label} className={full ? 'nb-info-item wide' : 'nb-info-item'}>
                <span className="nb-label">{label}</span>
                <span className="nb-value">{value}</span>
              </div>
            ))}
            {!wide && (
              <div className="nb-info-item wide nb-info-people">
                {people.map(([label, value]) => (
                  <span key={label} className="nb-info-person">
                    <span className="nb-label">{label.replace(/[\s\u3000]/g, '')}</span>
                    <span>{value}</span>
                  </span>
                ))}
              </div>
            )}
          </div>
        </section>
        <div className="nb-section">
          <span className="nb-section-text nb-serif">进站代表</span>
        </div>
        <div className="nb-grid-area">
          {data.deputies.length === 0 ? (
            <div className="nb-placeholder-line">（名册中还没有在任的进站代表）</div>
          ) : (
            <div
              className="nb-cards"
              data-count={data.deputies.length}
              data-gap-px={(u * 0.9).toFixed(2)}
              data-max-type-px={(u * 2.1).toFixed(2)}
            >
              {data.deputies.map((d) => (
                <DeputyCard key={d.id} d={d} photo={d.photoSha256 ? data.photos[d.photoSha256] : undefined} />
              ))}
            </div>
          )}
        </div>
      </div>
      <Footer text={data.texts.footer || data.station.name} />
    </Frame>
  );
}
