import type { PriceTable } from '../traces/prices.ts';
import { resolvePrice } from '../traces/price-table.ts';
import type { Trace } from '../traces/trace.ts';
import type { CatalogModel } from '../policy/types.ts';

/**
 * The candidate models a policy may name: every model of the replayed trace, in trace order, with its
 * current price (from `prices`, matched by `resolvePrice`'s rules) and per-call means. The means come from the training
 * trace when there is one; otherwise from the replayed trace as a whole — an aggregate a team knows
 * from its bills, never one request's own outcome.
 */
export function buildCatalog(trace: Trace, train: Trace | undefined, prices: PriceTable | undefined): CatalogModel[] {
  const source = train ?? trace;
  const M = source.modelNames.length;
  const sums = { cost: new Float64Array(M), out: new Float64Array(M), inp: new Float64Array(M) };
  const counts = { cost: new Float64Array(M), out: new Float64Array(M), inp: new Float64Array(M) };
  for (let i = 0; i < source.rowCount; i++) {
    const m = source.rowModel[i]!;
    add(sums.cost, counts.cost, m, source.costUsd[i]!);
    add(sums.out, counts.out, m, source.outputTokens[i]!);
    add(sums.inp, counts.inp, m, source.inputTokens[i]!);
  }
  return trace.modelNames.map((model) => {
    const s = source.modelNames.indexOf(model);
    const mean = (k: 'cost' | 'out' | 'inp'): number =>
      s < 0 || counts[k][s] === 0 ? NaN : sums[k][s]! / counts[k][s]!;
    return {
      model,
      price: prices && resolvePrice(prices, model),
      meanCostUsd: mean('cost'),
      meanOutputTokens: mean('out'),
      meanInputTokens: mean('inp'),
    };
  });
}

function add(sum: Float64Array, count: Float64Array, m: number, v: number): void {
  if (Number.isNaN(v)) return;
  sum[m]! += v;
  count[m]!++;
}
