import type { CatalogModel } from './types.ts';

/** Where an expected cost came from; `price-table-input-only` counts output tokens as 0 (never recorded). */
export type CostSource = 'price-table' | 'recorded' | 'price-table-input-only' | 'unknown';

/**
 * Expected USD per call of a catalog model and its source — the one rule for `cheapest`, `budget` and the
 * learned router's ĉ: the price table × the model's mean input and output tokens when the table knows the
 * model (the prices the user asked about, e.g. today's); else the mean recorded cost per call; else the
 * table × mean input tokens alone (understates verbose models, hence its own source); else unknown (NaN).
 */
export function expectedCost(c: CatalogModel): { costUsd: number; source: CostSource } {
  const inputTokens = c.meanInputTokens ?? NaN;
  const priced = c.price !== undefined && Number.isFinite(inputTokens);
  if (priced && Number.isFinite(c.meanOutputTokens)) {
    const costUsd = (inputTokens * c.price!.inputUsdPerMTok + c.meanOutputTokens * c.price!.outputUsdPerMTok) / 1e6;
    return { costUsd, source: 'price-table' };
  }
  if (Number.isFinite(c.meanCostUsd)) return { costUsd: c.meanCostUsd, source: 'recorded' };
  if (priced) return { costUsd: (inputTokens * c.price!.inputUsdPerMTok) / 1e6, source: 'price-table-input-only' };
  return { costUsd: NaN, source: 'unknown' };
}

/** Expected USD per call (see `expectedCost`); NaN when unknown. */
export function expectedCostUsd(c: CatalogModel): number {
  return expectedCost(c).costUsd;
}
