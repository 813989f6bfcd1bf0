import type { NumericKey } from './row-input.ts';

/**
 * Rows handed to the builder as columns rather than one RowInput at a time (the DuckDB engine's chunks):
 * numbers are copied into the trace as blocks, ids arrive as the builder's own dictionary codes. A column
 * left out is absent on every row of the batch (NaN, no prompt or task, status ok, attempt 1).
 */
export interface RowBatch {
  readonly rows: number;
  /** Codes from `TraceBuilder.requestCode` / `modelCode`. */
  readonly request: Uint32Array;
  readonly model: Uint32Array;
  /** 1-based line (record number for Parquet) of each row. */
  readonly line: Uint32Array;
  readonly numbers: Partial<Record<NumericKey, Float64Array>>;
  readonly timestampMs?: Float64Array;
  /** Per row; undefined where empty, or where the row repeats a request whose prompt was already given. */
  readonly prompt?: readonly (string | undefined)[];
  readonly task?: readonly (string | undefined)[];
  /** Index into STATUSES. */
  readonly status?: Uint8Array;
  readonly attempt?: Float64Array;
  readonly tokensEstimated?: Uint8Array;
  /** Codes from `TraceBuilder.tagDict(name)` (-1 = empty), by tag name. */
  readonly tags?: ReadonlyMap<string, Int32Array>;
}
