import type { Trace } from '../traces/trace.ts';

/**
 * The full-information cell index: `(request, model) → row` of the final attempt, so resolving a
 * decision is one array read. `cell[r * modelCount + m]` is -1 when the trace has no row for that cell.
 */
export interface CellIndex {
  readonly modelCount: number;
  readonly cell: Int32Array;
  /** True when some cell has several attempts (retries): their costs and latencies must be summed. */
  readonly hasRetries: boolean;
}

export function buildCellIndex(trace: Trace): CellIndex {
  const M = trace.modelNames.length;
  const cell = new Int32Array(trace.requestCount * M).fill(-1);
  let hasRetries = false;
  for (let i = 0; i < trace.rowCount; i++) {
    const k = trace.rowRequest[i]! * M + trace.rowModel[i]!;
    const prev = cell[k]!;
    if (prev < 0) cell[k] = i;
    else {
      hasRetries = true;
      if (trace.attempt[i]! > trace.attempt[prev]!) cell[k] = i;
    }
  }
  return { modelCount: M, cell, hasRetries };
}
