import type { Trace } from '../traces/trace.ts';

/**
 * The full-information cell index: `(request, model) → row` of the final attempt, so resolving a
 * decision is one array read. Model-major (`k = m * requestCount + r`): a policy that keeps choosing
 * the same model reads it sequentially. 4 bytes per cell; outcomes stay in the trace's own columns
 * (a dense copy of them was measured slower to build than it saved on this memory-bound work).
 *
 * A regular trace — every request has exactly one row per model, in model-code order, as generated
 * or benchmark traces usually do — needs no index: cell (r, m) is row `requestRowStart[r] + m`. That
 * also spares policies that switch models per request (random, threshold) a cache miss per decision,
 * which the model-major index costs them when the next model's stream is not in cache.
 */
export interface CellIndex {
  readonly modelCount: number;
  readonly requestCount: number;
  /** True when cell (r, m) is row `requestRowStart[r] + m` for every cell; `row` is then not built. */
  readonly regular: boolean;
  /** Row of the final attempt, -1 when the trace has no row for the cell; empty when `regular`. */
  readonly row: Int32Array;
  /** True when some cell has several attempts (retries): their costs and latencies must be summed. */
  readonly hasRetries: boolean;
}

export function buildCellIndex(trace: Trace): CellIndex {
  const M = trace.modelNames.length;
  const R = trace.requestCount;
  if (isRegular(trace))
    return { modelCount: M, requestCount: R, regular: true, row: new Int32Array(0), hasRetries: false };
  const row = new Int32Array(R * M).fill(-1);
  let hasRetries = false;
  for (let i = 0; i < trace.rowCount; i++) {
    const k = trace.rowModel[i]! * R + trace.rowRequest[i]!;
    const prev = row[k]!;
    if (prev >= 0) hasRetries = true;
    if (prev < 0 || trace.attempt[i]! > trace.attempt[prev]!) row[k] = i;
  }
  return { modelCount: M, requestCount: R, regular: false, row, hasRetries };
}

/** Whether every request's rows are exactly models 0 … M−1 in order (so one attempt per cell). */
function isRegular(trace: Trace): boolean {
  const M = trace.modelNames.length;
  if (trace.rowCount !== trace.requestCount * M) return false;
  const start = trace.requestRowStart,
    model = trace.rowModel;
  for (let r = 0; r < trace.requestCount; r++) {
    const s = start[r]!;
    if (start[r + 1]! - s !== M) return false;
    for (let m = 0; m < M; m++) if (model[s + m] !== m) return false;
  }
  return true;
}
