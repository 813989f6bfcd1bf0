/** Number formats of the report tables: fixed, locale-free, so the same input gives the same text. */

export function formatQuality(q: number | null): string {
  return q === null ? '—' : q.toFixed(3);
}

export function formatCi(ci: readonly [number, number] | null | undefined): string {
  return ci ? `${ci[0].toFixed(3)}–${ci[1].toFixed(3)}` : '—';
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Dollars with 3 significant digits below $100 and whole dollars (grouped) above. */
export function formatUsd(usd: number): string {
  if (usd >= 100) return `$${groupThousands(Math.round(usd).toString())}`;
  if (usd === 0) return '$0';
  return `$${Number(usd.toPrecision(3)).toString()}`;
}

/** Milliseconds below 10 s, seconds with one decimal above. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '—';
  return ms < 10_000 ? `${groupThousands(Math.round(ms).toString())} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function formatShare(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** A signed difference in quality points (1 point = 0.01), e.g. "+1.2 pts". */
export function formatQualityDiff(diff: number): string {
  const pts = diff * 100;
  return `${pts >= 0 ? '+' : '−'}${Math.abs(pts).toFixed(1)} pts`;
}
