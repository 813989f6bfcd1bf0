import type { Trace } from '../traces/trace.ts';

/**
 * The full-information cell table: for every (request, model) cell, the outcome of calling that model
 * for that request, laid out model-major (`k = m * requestCount + r`) so that a policy that keeps
 * choosing the same model reads memory sequentially. Built once per replay in one pass over the rows.
 * Retries are folded in here: cost and latency are summed over a cell's attempts, quality and status are
 * the last attempt's, and `attempts` counts the calls.
 */
export interface CellIndex {
  readonly modelCount: number;
  readonly requestCount: number;
  /** Row of the final attempt, -1 when the trace has no row for the cell. */
  readonly row: Int32Array;
  readonly quality: Float64Array;
  readonly costUsd: Float64Array;
  readonly latencyMs: Float64Array;
  readonly status: Uint8Array;
  readonly costEstimated: Uint8Array;
  readonly attempts: Uint16Array;
}

export function buildCellIndex(trace: Trace): CellIndex {
  const M = trace.modelNames.length;
  const R = trace.requestCount;
  const n = R * M;
  const row = new Int32Array(n).fill(-1);
  const quality = new Float64Array(n).fill(NaN);
  const costUsd = new Float64Array(n);
  const latencyMs = new Float64Array(n);
  const status = new Uint8Array(n);
  const costEstimated = new Uint8Array(n);
  const attempts = new Uint16Array(n);
  for (let i = 0; i < trace.rowCount; i++) {
    const k = trace.rowModel[i]! * R + trace.rowRequest[i]!;
    const prev = row[k]!;
    // NaN in any attempt makes the sum unknown, which is what NaN addition does.
    costUsd[k]! += trace.costUsd[i]!;
    latencyMs[k]! += trace.latencyMs[i]!;
    costEstimated[k]! |= trace.costEstimated[i]!;
    attempts[k]!++;
    if (prev < 0 || trace.attempt[i]! > trace.attempt[prev]!) {
      row[k] = i;
      quality[k] = trace.quality[i]!;
      status[k] = trace.status[i]!;
    }
  }
  return { modelCount: M, requestCount: R, row, quality, costUsd, latencyMs, status, costEstimated, attempts };
}
