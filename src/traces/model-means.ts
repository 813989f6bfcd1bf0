import type { Trace } from './trace.ts';

type Column = ArrayLike<number>;

/**
 * Mean of each column per model code of the trace, over rows with a known (non-NaN) value; NaN where a model
 * has none. The one place routelab averages a column by model: the replay's catalog, the policies' priors
 * and the learned router's cost estimates all read their means from here.
 */
export function meansByModel(trace: Trace, columns: readonly Column[]): Float64Array[] {
  const M = trace.modelNames.length;
  return columns.map((col) => {
    const sum = new Float64Array(M);
    const count = new Float64Array(M);
    for (let i = 0; i < trace.rowCount; i++) {
      const v = col[i]!;
      if (v !== v) continue;
      const m = trace.rowModel[i]!;
      sum[m]! += v;
      count[m]!++;
    }
    return sum.map((s, m) => (count[m] === 0 ? NaN : s / count[m]!));
  });
}
