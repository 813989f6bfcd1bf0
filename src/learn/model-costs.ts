/**
 * ĉ_m, the cost estimate of each candidate in the routing rule: the mean recorded cost per request on
 * the training split; where a model has no recorded cost, the price table × its mean recorded tokens
 * (output tokens counted as 0 when never recorded — stated in `costSource`, since that understates
 * the cost of verbose models).
 */
import { ConfigError } from '../core/errors.ts';
import { resolvePrice } from '../traces/price-table.ts';
import type { PriceTable } from '../traces/prices.ts';
import type { Trace } from '../traces/trace.ts';

export type CostSource = 'recorded' | 'price-table' | 'price-table-input-only';

export function modelCosts(
  trace: Trace,
  requests: Uint32Array,
  codes: readonly number[],
  prices: PriceTable | undefined,
): { costUsd: number[]; source: CostSource[] } {
  const M = codes.length;
  const slot = new Int32Array(trace.modelNames.length).fill(-1);
  codes.forEach((c, m) => (slot[c] = m));
  const sum = { cost: new Float64Array(M), inp: new Float64Array(M), out: new Float64Array(M) };
  const cnt = { cost: new Float64Array(M), inp: new Float64Array(M), out: new Float64Array(M) };
  for (const r of requests) {
    for (let row = trace.requestRowStart[r]!; row < trace.requestRowStart[r + 1]!; row++) {
      const m = slot[trace.rowModel[row]!]!;
      if (m < 0) continue;
      for (const [k, v] of [
        ['cost', trace.costUsd[row]!],
        ['inp', trace.inputTokens[row]!],
        ['out', trace.outputTokens[row]!],
      ] as const) {
        if (!Number.isNaN(v)) {
          sum[k][m]! += v;
          cnt[k][m]!++;
        }
      }
    }
  }
  const costUsd: number[] = [],
    source: CostSource[] = [],
    missing: string[] = [];
  for (let m = 0; m < M; m++) {
    const name = trace.modelNames[codes[m]!]!;
    if (cnt.cost[m]! > 0) {
      costUsd.push(sum.cost[m]! / cnt.cost[m]!);
      source.push('recorded');
      continue;
    }
    const price = prices && resolvePrice(prices, name);
    if (!price || cnt.inp[m] === 0) {
      missing.push(name);
      costUsd.push(NaN);
      source.push('recorded');
      continue;
    }
    const out = cnt.out[m]! > 0 ? sum.out[m]! / cnt.out[m]! : 0;
    costUsd.push(((sum.inp[m]! / cnt.inp[m]!) * price.inputUsdPerMTok + out * price.outputUsdPerMTok) / 1e6);
    source.push(cnt.out[m]! > 0 ? 'price-table' : 'price-table-input-only');
  }
  if (missing.length)
    throw new ConfigError(
      `${trace.sources[0] ?? 'trace'}: expected recorded costs, or prices and token counts, for every candidate on the training split; got neither for ${missing.join(', ')}; give a price table (--prices) covering them`,
    );
  return { costUsd, source };
}
