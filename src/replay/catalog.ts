import type { CatalogModel } from '../policy/types.ts';
import { resolvePrice } from '../traces/price-table.ts';
import type { PriceTable } from '../traces/price-types.ts';
import { meansByModel } from '../traces/model-means.ts';
import type { Trace } from '../traces/trace.ts';

/**
 * The candidate models a policy may name: every model of the replayed trace, in trace order, with its
 * current price (from `prices`, matched by `resolvePrice`'s rules) and per-call means. The means come from the
 * training trace when there is one; otherwise from the replayed trace as a whole — an aggregate a team knows
 * from its bills, never one request's own outcome.
 */
export function buildCatalog(trace: Trace, train: Trace | undefined, prices: PriceTable | undefined): CatalogModel[] {
  const source = train ?? trace;
  const [cost, out, inp] = meansByModel(source, [source.costUsd, source.outputTokens, source.inputTokens]) as [
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  return trace.modelNames.map((model) => {
    const s = source.modelNames.indexOf(model);
    const mean = (col: Float64Array): number => (s < 0 ? NaN : col[s]!);
    return {
      model,
      price: prices && resolvePrice(prices, model),
      meanCostUsd: mean(cost),
      meanOutputTokens: mean(out),
      meanInputTokens: mean(inp),
    };
  });
}
