import type { Trace } from '../traces/trace.ts';

/**
 * The full-information cell index: `(request, model) → row` of the final attempt, so resolving a
 * decision is one array read. Model-major (`k = m * requestCount + r`): a policy that keeps choosing
 * the same model reads it sequentially. 4 bytes per cell; outcomes stay in the trace's own columns
 * (a dense copy of them was measured slower to build than it saved on this memory-bound work).
 *
 * A regular trace — every request has exactly one row per model, all in the same model order, as generated
 * or benchmark traces usually do — needs no index: cell (r, m) is row `requestRowStart[r] + slot[m]`. That
 * also spares policies that switch models per request (random, threshold) a cache miss per decision,
 * which the model-major index costs them when the next model's stream is not in cache.
 */
export interface CellIndex {
  readonly modelCount: number;
  readonly requestCount: number;
  /** True when cell (r, m) is row `requestRowStart[r] + slot[m]` for every cell; `row` is then not built. */
  readonly regular: boolean;
  /** Where model m's row sits among a request's rows in a regular trace (model codes are in name order,
   * the file's columns need not be); empty otherwise. */
  readonly slot: Int32Array;
  /** Row of the final attempt, -1 when the trace has no row for the cell; empty when `regular`. */
  readonly row: Int32Array;
  /** True when some cell has several attempts (retries): their costs and latencies must be summed. */
  readonly hasRetries: boolean;
}

export function buildCellIndex(trace: Trace): CellIndex {
  const M = trace.modelNames.length;
  const R = trace.requestCount;
  const slot = regularSlots(trace);
  if (slot) return { modelCount: M, requestCount: R, regular: true, slot, row: new Int32Array(0), hasRetries: false };
  const row = new Int32Array(R * M).fill(-1);
  let hasRetries = false;
  for (let i = 0; i < trace.rowCount; i++) {
    const k = trace.rowModel[i]! * R + trace.rowRequest[i]!;
    const prev = row[k]!;
    if (prev >= 0) hasRetries = true;
    if (prev < 0 || trace.attempt[i]! > trace.attempt[prev]!) row[k] = i;
  }
  return { modelCount: M, requestCount: R, regular: false, slot: new Int32Array(0), row, hasRetries };
}

// A trace does not change once built: its layout is found once (a scan of every row), not per replay or reference.
const slotsOf = new WeakMap<Trace, Int32Array | null>();

/** Each model's position among a request's rows when every request lists models 0 … M−1 once, in one order. */
export function regularSlots(trace: Trace): Int32Array | undefined {
  let slots = slotsOf.get(trace);
  if (slots === undefined) slotsOf.set(trace, (slots = findRegularSlots(trace) ?? null));
  return slots ?? undefined;
}

function findRegularSlots(trace: Trace): Int32Array | undefined {
  const M = trace.modelNames.length;
  if (trace.rowCount !== trace.requestCount * M || trace.requestCount === 0) return undefined;
  const start = trace.requestRowStart,
    model = trace.rowModel;
  const slot = new Int32Array(M).fill(-1);
  for (let k = 0; k < M; k++) {
    const m = model[k]!;
    if (slot[m] !== -1) return undefined;
    slot[m] = k;
  }
  for (let r = 1; r < trace.requestCount; r++) {
    const s = start[r]!;
    if (start[r + 1]! - s !== M) return undefined;
    for (let k = 0; k < M; k++) if (slot[model[s + k]!] !== k) return undefined;
  }
  return slot;
}
