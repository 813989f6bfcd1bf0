import type { Trace } from '../traces/trace.ts';

/**
 * The full-information cell index: `(request, model) → row` of the final attempt, so resolving a
 * decision is one array read. Model-major (`k = m * requestCount + r`): a policy that keeps choosing
 * the same model reads it sequentially. 4 bytes per cell; outcomes stay in the trace's own columns
 * (a dense copy of them was measured slower to build than it saved on this memory-bound work).
 */
export interface CellIndex {
  readonly modelCount: number;
  readonly requestCount: number;
  /** Row of the final attempt, -1 when the trace has no row for the cell. */
  readonly row: Int32Array;
  /** True when some cell has several attempts (retries): their costs and latencies must be summed. */
  readonly hasRetries: boolean;
}

export function buildCellIndex(trace: Trace): CellIndex {
  const M = trace.modelNames.length;
  const R = trace.requestCount;
  const row = new Int32Array(R * M).fill(-1);
  let hasRetries = false;
  for (let i = 0; i < trace.rowCount; i++) {
    const k = trace.rowModel[i]! * R + trace.rowRequest[i]!;
    const prev = row[k]!;
    if (prev >= 0) hasRetries = true;
    if (prev < 0 || trace.attempt[i]! > trace.attempt[prev]!) row[k] = i;
  }
  return { modelCount: M, requestCount: R, row, hasRetries };
}
