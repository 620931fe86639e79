import type { ReactNode } from 'react';
import type { BoardData } from '../../../main/api/contract';

/** 县、乡镇 → 县、乡镇人大代表 */
export const levelsText = (levels: readonly string[]) =>
  levels.length ? `${levels.join('、')}人大代表` : '人大代表';

/** 2026-12-02 → 12月2日 */
export function dayText(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return m ? `${Number(m[2])}月${Number(m[3])}日` : date;
}

/** 2026-12-02 → 2026年12月2日 */
export function fullDayText(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date;
}

/** 星期三 → 周三 */
export const shortWeekday = (w: string) => w.replace(/^星期/, '周');

/** Today on this PC (the date printed under a notice). */
export function todayText(): string {
  const d = new Date();
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
}

/** Whether the board is wider than tall (laid out in more columns). */
export const isWide = (w: number, h: number) => w > h * 1.15;

/** The frame, corner ornaments and the column every board lays its parts out in. */
export function Frame({ children }: { children: ReactNode }) {
  return (
    <>
      <div className="nb-frame" />
      <div className="nb-corner tl" />
      <div className="nb-corner tr" />
      <div className="nb-corner bl" />
      <div className="nb-corner br" />
      <div className="nb-inner">{children}</div>
    </>
  );
}

/** Station name above, the title in red serif, a subject line (2026年12月) and a gold rule. */
export function Header({ title, kicker, subtitle }: { title: string; kicker?: string; subtitle?: string }) {
  return (
    <header className="nb-head">
      {kicker && (
        <div className="nb-kicker nb-serif" data-fit="站名" data-fit-min="0.4">
          {kicker}
        </div>
      )}
      <h1 className="nb-title nb-serif" data-fit="标题" data-fit-min="0.35" data-testid="board-title">
        {title}
      </h1>
      {subtitle && (
        <div className="nb-subtitle nb-serif" data-fit="副标题" data-fit-min="0.4">
          {subtitle}
        </div>
      )}
      <div className="nb-rule" />
    </header>
  );
}

export function Footer({ text }: { text: string }) {
  return (
    <footer className="nb-foot">
      <div className="nb-foot-text nb-serif" data-fit="底部文字" data-fit-min="0.4">
        {text}
      </div>
    </footer>
  );
}

export type TemplateProps = { data: BoardData; widthMm: number; heightMm: number };

/** 一、 1. 1、 （一） (1)：a numbered paragraph's number, or null. */
export function splitNumber(p: string): { num: string; rest: string; level: 1 | 2 } | null {
  const first = /^([一二三四五六七八九十百]+、)\s*(.*)$/s.exec(p);
  if (first) return { num: first[1]!, rest: first[2]!, level: 1 };
  const paren = /^([（(][一二三四五六七八九十\d]+[）)])\s*(.*)$/s.exec(p);
  if (paren) return { num: paren[1]!, rest: paren[2]!, level: 2 };
  const arabic = /^(\d+[.．、])\s*(.*)$/s.exec(p);
  if (arabic) return { num: arabic[1]!, rest: arabic[2]!, level: 2 };
  return null;
}

/** Paragraphs of a text: one a line, blank lines dropped. */
export const paragraphs = (text: string) =>
  text
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);

/** The text laid out as paragraphs and numbered items. */
export function RichText({ text }: { text: string }) {
  return (
    <>
      {paragraphs(text).map((p, i) => {
        const n = splitNumber(p);
        if (!n)
          return (
            <p key={i} className="nb-para">
              {p}
            </p>
          );
        // 一、总则: a short first-level item reads as a section heading.
        const heading = n.level === 1 && n.rest.length <= 16 && !/[。；，]/.test(n.rest);
        return (
          <div key={i} className={`nb-item level-${n.level}${heading ? ' heading' : ''}`}>
            <span className="nb-item-num">{n.num}</span>
            <span className="nb-item-text">{n.rest}</span>
          </div>
        );
      })}
    </>
  );
}
