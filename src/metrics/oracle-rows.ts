/**
 * The oracle reference straight over the trace's typed columns: per request, among the rows with a known quality,
 * the best quality, then the cheapest, then the fastest (unknown cost or latency last), then the lowest model
 * code — `references.ts`'s rule — with no per-request closure or outcome copy. A trace with retries (a cell
 * with several attempts) needs them folded first, so it is left to the general path (undefined here).
 */
import { CHOSEN_UNSUPPORTED, type RunDecisions } from '../replay/types.ts';
import { failuresScoreZero } from '../traces/outcome.ts';
import type { Trace } from '../traces/trace.ts';

export function oracleFromRows(trace: Trace): RunDecisions | undefined {
  const R = trace.requestCount,
    M = trace.modelNames.length;
  const { quality: q, costUsd: c, latencyMs: l, status, rowModel: model, requestRowStart: start } = trace;
  const failZero = failuresScoreZero(trace);
  const chosen = new Int32Array(R),
    quality = new Float64Array(R),
    costUsd = new Float64Array(R),
    latencyMs = new Float64Array(R),
    costEstimated = new Uint8Array(R),
    calls = new Float64Array(M);
  // The last request each model had a row in: rows are grouped by request, so a repeat is a retry.
  const seen = new Int32Array(M).fill(-1);
  let unsupported = 0,
    errors = 0;
  for (let r = 0; r < R; r++) {
    let best = -1,
      bestRow = -1,
      bq = 0,
      bc = 0,
      bl = 0;
    for (let i = start[r]!, end = start[r + 1]!; i < end; i++) {
      const m = model[i]!;
      if (seen[m] === r) return undefined;
      seen[m] = r;
      const v = failZero && status[i] !== 0 ? 0 : q[i]!;
      if (v !== v) continue;
      if (best >= 0 && v < bq) continue;
      const ci = c[i]!,
        li = l[i]!;
      const cost = ci === ci ? ci : Infinity,
        latency = li === li ? li : Infinity;
      if (best >= 0 && v === bq) {
        if (cost > bc || (cost === bc && (latency > bl || (latency === bl && m > best)))) continue;
      }
      best = m;
      bestRow = i;
      bq = v;
      bc = cost;
      bl = latency;
    }
    chosen[r] = best < 0 ? CHOSEN_UNSUPPORTED : best;
    if (best < 0) {
      unsupported++;
      quality[r] = costUsd[r] = latencyMs[r] = NaN;
      continue;
    }
    quality[r] = bq;
    costUsd[r] = c[bestRow]!;
    latencyMs[r] = l[bestRow]!;
    costEstimated[r] = trace.costEstimated[bestRow]!;
    calls[best]!++;
    if (status[bestRow] !== 0) errors++;
  }
  const propensity = new Float64Array(R).fill(1);
  return {
    policy: 'oracle',
    chosen,
    quality,
    costUsd,
    costEstimated,
    latencyMs,
    propensity,
    calls,
    unsupported,
    errors,
  };
}
