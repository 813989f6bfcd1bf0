/**
 * The oracle reference straight over the trace's typed columns: per request, among the rows with a known quality,
 * the best quality, then the cheapest, then the fastest (unknown cost or latency last), then the lowest model
 * code — `references.ts`'s rule — with no per-request closure or outcome copy. A trace with retries (a cell
 * with several attempts) needs them folded first, so it is left to the general path (undefined here).
 */
import { CHOSEN_UNSUPPORTED, type RunDecisions } from '../replay/types.ts';
import { regularSlots } from '../replay/cell-index.ts';
import { qualityNeedsStatus } from '../traces/failed-calls.ts';
import type { Trace } from '../traces/trace.ts';

export function oracleFromRows(trace: Trace): RunDecisions | undefined {
  const R = trace.requestCount,
    M = trace.modelNames.length;
  const { quality: q, costUsd: c, latencyMs: l, status, rowModel: model, requestRowStart: start } = trace;
  // A failed call scores 0 in a graded trace; the status column is read per row only if some call failed.
  const failZero = qualityNeedsStatus(trace);
  // On a regular trace a row's model is known from its position, and no cell can have two rows.
  const slot = regularSlots(trace);
  const modelAt = new Int32Array(slot?.length ?? 0);
  slot?.forEach((k, m) => {
    modelAt[k] = m;
  });
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
  // `pick[+(v === bq)]`: the row's cost if it has the best quality, else NaN (never chosen) — a load, not a
  // branch: on tied 0/1 qualities a branch here mispredicted every other row.
  const pick = Float64Array.of(NaN, NaN);
  for (let r = 0; r < R; r++) {
    const from = start[r]!,
      end = start[r + 1]!;
    // Pass 1: the best known quality.
    let bq = -Infinity;
    for (let i = from; i < end; i++) {
      if (!slot) {
        const m = model[i]!;
        if (seen[m] === r) return undefined;
        seen[m] = r;
      }
      const v = failZero && status[i] !== 0 ? 0 : q[i]!;
      // biome-ignore lint/complexity/useMathMinMax: Math.max would propagate NaN (an unknown quality).
      bq = v > bq ? v : bq;
    }
    // Pass 2: among the rows of that quality, the cheapest, then the fastest, then the lowest model code.
    let best = M,
      bestRow = -1,
      bc = Infinity,
      bl = Infinity;
    if (bq !== -Infinity) {
      for (let i = from; i < end; i++) {
        const v = failZero && status[i] !== 0 ? 0 : q[i]!;
        const ci = c[i]!;
        pick[1] = ci === ci ? ci : Infinity;
        const cost = pick[+(v === bq)]!;
        if (!(cost <= bc)) continue;
        const m = slot ? modelAt[i - from]! : model[i]!;
        const li = l[i]!;
        const latency = li === li ? li : Infinity;
        if (cost === bc && (latency > bl || (latency === bl && m > best))) continue;
        best = m;
        bestRow = i;
        bc = cost;
        bl = latency;
      }
    }
    if (bestRow < 0) best = -1;
    chosen[r] = best < 0 ? CHOSEN_UNSUPPORTED : best;
    if (best < 0) {
      unsupported++;
      quality[r] = costUsd[r] = latencyMs[r] = NaN;
      continue;
    }
    quality[r] = failZero && status[bestRow] !== 0 ? 0 : q[bestRow]!;
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
