/**
 * The fit engine: after fonts and photos are loaded, every text box of a board scales its type
 * to fill the box without overflowing it, by measuring (the layout itself is the truth: no
 * character-width guesses). A box is an element with `data-fit="<Chinese name>"`, a fixed size
 * given by the board's layout and `overflow: hidden`; its CSS sizes its type with `var(--fit)`.
 *
 * - `data-fit-min` / `data-fit-max`: the scale's limits (default 0.5 … 1);
 * - `data-fit-min-mm`: the smallest readable type in millimetres (raises the lower limit);
 * - `data-fit-group`: boxes with the same group share one scale (e.g. all deputy cards);
 * - `data-fit-batch`: many independent boxes (one per card), measured together first;
 * - `data-fit-columns="1-4"`: also tries these column counts (`--cols`) and keeps the best;
 * - `[data-clip]` descendants (overflow hidden parts, such as a month block) must not overflow either.
 * Nested boxes are fitted after their outer box (document order).
 */
import { paperLabel, type Paper } from '../catalog';

export interface FitOutcome {
  fits: boolean;
  problems: string[];
}

const PX_PER_MM = 96 / 25.4;
/** Layout is measured on screen; print lays the same boxes out again, so keep a little room. */
const PRINT_SLACK = 0.985;
const STEPS = 9;

function num(el: HTMLElement, name: string, fallback: number): number {
  const v = el.getAttribute(name);
  const n = v === null ? NaN : Number(v);
  return Number.isFinite(n) ? n : fallback;
}

/** Inside `box`, not inside a box nested in it. */
function ownDescendants(box: HTMLElement, selector: string): HTMLElement[] {
  return Array.from(box.querySelectorAll<HTMLElement>(selector)).filter(
    (el) => el.parentElement?.closest('[data-fit]') === box,
  );
}

/** True when the element's content is larger than its box. */
function spills(el: HTMLElement): boolean {
  return el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
}

/** Whether a box and everything it holds stay inside it (measured, not estimated). */
export function boxOverflows(box: HTMLElement): boolean {
  if (spills(box)) return true;
  for (const part of ownDescendants(box, '[data-clip]')) if (spills(part)) return true;
  const r = box.getBoundingClientRect();
  const tol = 1;
  for (const child of ownDescendants(box, '*')) {
    const c = child.getBoundingClientRect();
    if (c.width === 0 && c.height === 0) continue;
    if (c.left < r.left - tol || c.top < r.top - tol || c.right > r.right + tol || c.bottom > r.bottom + tol)
      return true;
  }
  return false;
}

function setScale(els: HTMLElement[], scale: number): void {
  for (const el of els) el.style.setProperty('--fit', scale.toFixed(4));
}

function fontPx(el: HTMLElement): number {
  return parseFloat(getComputedStyle(el).fontSize) || 16;
}

/** Largest scale in [lo, hi] at which none of `els` overflows; null when even `lo` does not fit. */
function search(els: HTMLElement[], lo: number, hi: number): number | null {
  const fits = (s: number) => {
    setScale(els, s);
    return !els.some(boxOverflows);
  };
  if (fits(hi)) return hi;
  if (!fits(lo)) return null;
  let good = lo;
  let bad = hi;
  for (let i = 0; i < STEPS; i++) {
    const mid = (good + bad) / 2;
    if (fits(mid)) good = mid;
    else bad = mid;
  }
  return good;
}

function columnChoices(el: HTMLElement): number[] {
  const spec = el.getAttribute('data-fit-columns');
  if (!spec) return [];
  const m = /^(\d+)-(\d+)$/.exec(spec);
  if (!m) return [Number(spec)].filter((n) => n > 0);
  const out: number[] = [];
  for (let c = Number(m[1]); c <= Number(m[2]); c++) out.push(c);
  return out;
}

function advice(paper: Paper): string {
  if (paper.size === 'A4') return '请删减文字或换用 A3。';
  if (paper.size === 'A3') return '请删减文字或换用更大的展板尺寸。';
  return '请删减文字或换用更大的尺寸。';
}

/**
 * The two shapes of a deputy card: photo beside the text (`row`) or above it (`column`); each
 * with its width over its height and its type size over its height (see board.css).
 */
export const CARD_SHAPES = [
  { shape: 'row', aspect: 1.95, maxAspect: 2.5, type: 0.085 },
  { shape: 'column', aspect: 0.68, maxAspect: 0.9, type: 0.056 },
] as const;

/**
 * Lays out each deputy grid (`.nb-cards[data-count]`): tries both card shapes and every
 * column count, and keeps the layout whose type is largest in the area available (up to
 * `data-max-type-px`, so four deputies do not get posters).
 */
export function layoutCardGrids(root: HTMLElement, only?: (typeof CARD_SHAPES)[number]): void {
  for (const grid of Array.from(root.querySelectorAll<HTMLElement>('.nb-cards[data-count]'))) {
    const n = Number(grid.dataset.count);
    const area = grid.parentElement;
    if (!area || !(n > 0)) continue;
    const W = area.clientWidth;
    const H = area.clientHeight;
    const gap = Number(grid.dataset.gapPx) || 8;
    const maxType = Number(grid.dataset.maxTypePx) || Infinity;
    let best = { shape: 'row', cols: 1, h: 0, w: 0, type: 0 };
    for (const s of only ? [only] : CARD_SHAPES)
      for (let cols = 1; cols <= n; cols++) {
        const rows = Math.ceil(n / cols);
        const cellW = (W - gap * (cols - 1)) / cols;
        const cellH = (H - gap * (rows - 1)) / rows;
        const h = Math.min(cellH, cellW / s.aspect, maxType / s.type);
        const type = h * s.type;
        if (type > best.type * 1.01)
          best = { shape: s.shape, cols, h, w: Math.min(cellW, h * s.maxAspect), type };
      }
    const h = Math.floor(best.h * 100) / 100;
    const w = Math.floor(best.w * 100) / 100;
    grid.style.gridTemplateColumns = `repeat(${best.cols}, ${w}px)`;
    grid.style.gridAutoRows = `${h}px`;
    grid.style.gap = `${gap}px`;
    grid.style.setProperty('--ch', `${h}px`);
    grid.dataset.shape = best.shape;
    grid.dataset.cols = String(best.cols);
  }
}

/**
 * Fits every box of the board; returns what does not fit, in Chinese. A board with deputy
 * cards is fitted with each card shape and keeps the one whose text came out largest.
 */
export function fitBoard(root: HTMLElement, paper: Paper): FitOutcome {
  if (root.querySelector('.nb-cards[data-count]')) {
    let best: { shape: (typeof CARD_SHAPES)[number]; type: number; outcome: FitOutcome } | null = null;
    for (const shape of CARD_SHAPES) {
      layoutCardGrids(root, shape);
      const outcome = fitBoxes(root, paper);
      const text = root.querySelector<HTMLElement>('.nb-card-text');
      const type = text ? fontPx(text) : 0;
      if (
        !best ||
        (outcome.fits && !best.outcome.fits) ||
        (outcome.fits === best.outcome.fits && type > best.type)
      )
        best = { shape, type, outcome };
    }
    // The last shape tried is still laid out and fitted; another is laid out again.
    let outcome = best!.outcome;
    if (best!.shape !== CARD_SHAPES[CARD_SHAPES.length - 1]) {
      layoutCardGrids(root, best!.shape);
      outcome = fitBoxes(root, paper);
    }
    return withReadableCards(root, paper, outcome);
  }
  return fitBoxes(root, paper);
}

/** 正文太长，在 A4 竖版上放不下：请删减文字或换用 A3。 */
function tooLong(box: HTMLElement, paper: Paper): string {
  const name = box.getAttribute('data-fit') || '内容';
  const where = paper.size === 'custom' ? `${paperLabel(paper)}的展板` : paperLabel(paper);
  return `${name}太长，在 ${where}上放不下：${advice(paper)}`;
}

function fitBoxes(root: HTMLElement, paper: Paper): FitOutcome {
  const problems: string[] = [];
  const done = new Set<HTMLElement>();
  const boxes = Array.from(root.querySelectorAll<HTMLElement>('[data-fit]'));
  // Start every box at its natural size so nested boxes measure against a settled parent.
  setScale(boxes, 1);
  for (const box of boxes) {
    if (done.has(box)) continue;
    const batch = box.getAttribute('data-fit-batch');
    if (batch) {
      // Many small independent boxes (one per card): try them all at full size in one layout,
      // and search only those that do not fit.
      const members = boxes.filter((b) => b.getAttribute('data-fit-batch') === batch);
      members.forEach((el) => done.add(el));
      setScale(members, num(box, 'data-fit-max', 1));
      const tight = members.filter(boxOverflows);
      for (const el of tight) {
        const lo = num(el, 'data-fit-min', 0.5);
        const s = search([el], lo, num(el, 'data-fit-max', 1));
        setScale([el], s === null ? lo : s * PRINT_SLACK);
        if (s === null) problems.push(tooLong(el, paper));
      }
      continue;
    }
    const group = box.getAttribute('data-fit-group');
    const els = group ? boxes.filter((b) => b.getAttribute('data-fit-group') === group) : [box];
    els.forEach((el) => done.add(el));
    let lo = num(box, 'data-fit-min', 0.5);
    const hi = num(box, 'data-fit-max', 1);
    const minMm = num(box, 'data-fit-min-mm', 0);
    if (minMm > 0) {
      setScale(els, 1);
      lo = Math.min(hi, Math.max(lo, (minMm * PX_PER_MM) / fontPx(box)));
    }
    const columns = columnChoices(box);
    let best: { scale: number; cols: number } | null = null;
    for (const cols of columns.length ? columns : [0]) {
      if (cols) els.forEach((el) => el.style.setProperty('--cols', String(cols)));
      // A column count that cannot beat the best so far is dropped after one measurement.
      if (best) {
        setScale(els, Math.min(hi, best.scale * 1.02));
        if (els.some(boxOverflows)) continue;
      }
      const s = search(els, best ? Math.min(hi, best.scale * 1.02) : lo, hi);
      if (s !== null && (!best || s > best.scale * 1.02)) best = { scale: s, cols };
    }
    if (best) {
      if (best.cols) els.forEach((el) => el.style.setProperty('--cols', String(best.cols)));
      setScale(els, best.scale * PRINT_SLACK);
      if (els.some(boxOverflows)) setScale(els, best.scale * PRINT_SLACK * PRINT_SLACK);
    } else {
      if (columns.length)
        els.forEach((el) => el.style.setProperty('--cols', String(columns[columns.length - 1])));
      setScale(els, lo);
      problems.push(tooLong(box, paper));
    }
  }
  return { fits: problems.length === 0, problems };
}

/**
 * The smallest type a deputy card's lines may print at. Many deputies on a small sheet fit
 * geometrically but come out unreadable (200 on A3: under 1 mm); 60 on A4 stays above it.
 */
const MIN_CARD_LINE_MM = 1.2;

function withReadableCards(root: HTMLElement, paper: Paper, outcome: FitOutcome): FitOutcome {
  const line = root.querySelector<HTMLElement>('.nb-card-line');
  if (!line || fontPx(line) >= MIN_CARD_LINE_MM * PX_PER_MM) return outcome;
  const count = root.querySelectorAll('.nb-card').length;
  const where = paper.size === 'custom' ? `${paperLabel(paper)}的展板` : paperLabel(paper);
  const problem = `进站代表有${count}位，在 ${where}上每位代表的字太小，看不清：请换用更大的展板（例如 1200×800 毫米），或者分两块公示。`;
  return { fits: false, problems: [...outcome.problems, problem] };
}

/** Waits for the board's web fonts and photos, so measuring sees the final glyphs and sizes. */
export async function boardLoaded(root: HTMLElement): Promise<void> {
  // Reading layout makes the browser shape the text, which starts the font subsets' loads.
  void root.getBoundingClientRect();
  void root.offsetHeight;
  await document.fonts.ready;
  const images = Array.from(root.querySelectorAll('img'));
  await Promise.all(
    images.map((img) =>
      img.complete
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            img.addEventListener('load', () => resolve(), { once: true });
            img.addEventListener('error', () => resolve(), { once: true });
          }),
    ),
  );
  await document.fonts.ready;
}
