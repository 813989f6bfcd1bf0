/**
 * ĉ_m, the cost estimate of each candidate in the routing rule: `expectedCost` (the policy kit's rule, shared
 * with `cheapest` and `budget`) over the catalog of the training split.
 */
import { ConfigError } from '../core/errors.ts';
import { type CostSource, expectedCost } from '../policy/expected-cost.ts';
import { buildCatalog } from '../replay/catalog.ts';
import { subsetTrace } from '../replay/subset-trace.ts';
import type { PriceTable } from '../traces/price-types.ts';
import type { Trace } from '../traces/trace.ts';

/** A source of a known cost: `modelCosts` refuses unknown ones. */
export type KnownCostSource = Exclude<CostSource, 'unknown'>;

/** Expected USD per call of each model code in `codes` over `requests`; ConfigError when one is unknown. */
export function modelCosts(
  trace: Trace,
  requests: Uint32Array,
  codes: readonly number[],
  prices: PriceTable | undefined,
): { costUsd: number[]; source: KnownCostSource[] } {
  const catalog = buildCatalog(subsetTrace(trace, requests), undefined, prices);
  const costs = codes.map((c) => expectedCost(catalog[c]!));
  const missing = codes.filter((_, m) => costs[m]!.source === 'unknown').map((c) => trace.modelNames[c]!);
  if (missing.length)
    throw new ConfigError(
      `${trace.sources[0] ?? 'trace'}: expected recorded costs, or prices and token counts, for every candidate ` +
        `on the training split; got neither for ${missing.join(', ')}; give a price table (--prices) covering them`,
    );
  return { costUsd: costs.map((c) => c.costUsd), source: costs.map((c) => c.source as KnownCostSource) };
}
