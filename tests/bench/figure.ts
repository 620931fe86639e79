/** One line of `npm run bench`: a figure, its budget, and its ratio to a same-run baseline. */
export interface Figure {
  name: string;
  value: string;
  budget: string;
  baseline?: string;
  /** Whether the figure meets its budget (absent: a figure without a numeric budget). */
  met?: boolean;
  /** The figure over its same-run baseline (e.g. ×2.5 a plain insert), for the summary. */
  ratio?: string;
}

/** A timed figure against a limit in ms and a baseline timed in the same run. */
export function timed(
  name: string,
  valueMs: number,
  limitMs: number,
  baseMs?: number,
  baseLabel?: string,
): Figure {
  return {
    name,
    value: ms(valueMs),
    budget: `< ${limitMs >= 1000 ? `${limitMs / 1000} s` : `${limitMs} ms`}`,
    met: valueMs < limitMs,
    ...(baseMs !== undefined && {
      ratio: `×${(valueMs / baseMs).toFixed(1)} ${baseLabel}`,
      baseline: `${baseLabel} ${ms(baseMs)}`,
    }),
  };
}

export function ms(n: number): string {
  return `${n.toFixed(3)} ms`;
}
