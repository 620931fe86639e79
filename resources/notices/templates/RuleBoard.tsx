import { Footer, Frame, Header, RichText, isWide, paragraphs, type TemplateProps } from './parts';

/** 联络站职责 and the five 制度: the title, the text (numbered paragraphs as items), the station. */
export function RuleBoard({ data, widthMm, heightMm }: TemplateProps) {
  const body = data.texts.body ?? '';
  return (
    <Frame>
      <Header title={data.texts.title ?? ''} />
      <div className="nb-body">
        <div
          className="nb-text"
          data-fit="正文"
          data-fit-min="0.3"
          data-fit-max="1.35"
          data-fit-min-mm="2.8"
          data-fit-columns={isWide(widthMm, heightMm) ? '2-3' : '1'}
          data-testid="board-body"
        >
          {paragraphs(body).length ? <RichText text={body} /> : <p className="nb-empty">（尚未填写正文）</p>}
        </div>
      </div>
      <Footer text={data.station.name} />
    </Frame>
  );
}
