import { meansByModel } from '../traces/model-means.ts';
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
  const byCode = meansByModel(trace, [trace.quality, trace.costUsd, trace.latencyMs]);
  const [quality, costUsd, latencyMs] = byCode.map((col) =>
    Float64Array.from(catalog, (c) => {
      const code = trace.modelNames.indexOf(c.model);
      return code < 0 ? NaN : col[code]!;
    }),
  ) as [Float64Array, Float64Array, Float64Array];
  return { quality, costUsd, latencyMs };
}
