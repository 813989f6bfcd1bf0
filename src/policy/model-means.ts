import type { Trace } from '../traces/trace.ts';
import type { CatalogModel } from './types.ts';

/** Per-catalog-model means over a trace's rows with a known value (NaN where a model has none). */
export interface ModelMeans {
  readonly quality: Float64Array;
  readonly costUsd: Float64Array;
  readonly latencyMs: Float64Array;
}

/** Means of quality, cost (USD) and latency (ms) per catalog model over `trace` — typically the training trace. */
export function modelMeans(trace: Trace, catalog: readonly CatalogModel[]): ModelMeans {
  const M = catalog.length;
  const toCatalog = trace.modelNames.map((name) => catalog.findIndex((c) => c.model === name));
  const columns = [trace.quality, trace.costUsd, trace.latencyMs] as const;
  const [quality, costUsd, latencyMs] = columns.map((col) => {
    const sum = new Float64Array(M);
    const count = new Float64Array(M);
    for (let i = 0; i < trace.rowCount; i++) {
      const m = toCatalog[trace.rowModel[i]!]!;
      const v = col[i]!;
      if (m < 0 || Number.isNaN(v)) continue;
      sum[m]! += v;
      count[m]!++;
    }
    return sum.map((s, m) => (count[m] === 0 ? NaN : s / count[m]!));
  }) as [Float64Array, Float64Array, Float64Array];
  return { quality, costUsd, latencyMs };
}
