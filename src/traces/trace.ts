/**
 * The in-memory trace: one long table (one row = one attempt of one request on one model), stored as
 * columns. Numbers live in typed arrays with NaN for "absent"; strings are dictionary-encoded; prompts are
 * kept once per request. Rows are grouped by request (requests in id order and model codes in name order —
 * see sorted-codes.ts — rows of a request in file order), so the rows of request r are
 * `requestRowStart[r] … requestRowStart[r+1]-1`. Shuffling a file's rows gives the same Trace.
 */
export const STATUSES = ['ok', 'error', 'timeout', 'rate_limited'] as const;
export type Status = (typeof STATUSES)[number];

/** Canonical columns as files name them (docs/ARCHITECTURE.md, "The trace"). */
export const CANONICAL_COLUMNS = [
  'request_id',
  'model',
  'timestamp',
  'prompt',
  'task',
  'quality',
  'input_tokens',
  'output_tokens',
  'reasoning_tokens',
  'cached_input_tokens',
  'cost_usd',
  'latency_ms',
  'ttft_ms',
  'status',
  'propensity',
  'attempt',
] as const;
export type CanonicalColumn = (typeof CANONICAL_COLUMNS)[number];

/** A non-fatal issue or a counted repair; printed only by the CLI. */
export interface TraceWarning {
  readonly code: string;
  readonly message: string;
  readonly count: number;
}

/** An extra column kept as a slice label, dictionary-encoded per row (-1 = empty). */
export interface TagColumn {
  readonly name: string;
  readonly values: readonly string[];
  readonly codes: Int32Array;
}

/**
 * A numeric column: Float32Array when every value (NaN = absent included) is exactly a float32 — integer
 * token counts, 0/1 qualities, whole-millisecond latencies, absent columns — else Float64Array. The
 * narrowing is lossless: a value read from either is the number that was written.
 */
export type NumberColumn = Float64Array | Float32Array;

export interface Trace {
  /** Files the trace was read from, in order. */
  readonly sources: readonly string[];
  readonly rowCount: number;
  readonly requestCount: number;
  /** Dictionaries: request index → request_id, model code → model id, task code → task. */
  readonly requestIds: readonly string[];
  readonly modelNames: readonly string[];
  readonly taskNames: readonly string[];

  /** Per request (length requestCount, requestRowStart has requestCount + 1 entries). */
  readonly requestRowStart: Uint32Array;
  readonly requestTimestampMs: Float64Array;
  readonly requestTask: Int32Array;
  readonly prompts: readonly (string | undefined)[];

  /** Per row (length rowCount). */
  readonly rowRequest: Uint32Array;
  readonly rowModel: Uint32Array;
  readonly quality: NumberColumn;
  readonly inputTokens: NumberColumn;
  readonly outputTokens: NumberColumn;
  readonly reasoningTokens: NumberColumn;
  readonly cachedInputTokens: NumberColumn;
  readonly costUsd: NumberColumn;
  /** 1 where cost_usd was computed from tokens × a price table rather than recorded. */
  readonly costEstimated: Uint8Array;
  /** 1 where token counts were computed with a tokenizer rather than recorded. */
  readonly tokensEstimated: Uint8Array;
  readonly latencyMs: NumberColumn;
  readonly ttftMs: NumberColumn;
  /** Index into STATUSES. */
  readonly status: Uint8Array;
  readonly propensity: NumberColumn;
  readonly attempt: Uint32Array;
  /** Where each row came from: index into `sources` and 1-based line (record number for Parquet). */
  readonly rowSource: Uint16Array;
  readonly rowLine: Uint32Array;

  readonly tags: readonly TagColumn[];
  /** Canonical columns that had at least one value in the input. */
  readonly present: ReadonlySet<CanonicalColumn>;
  readonly warnings: readonly TraceWarning[];
}

/** Rows of request r as a half-open range [start, end). */
export function requestRows(trace: Trace, r: number): [number, number] {
  return [trace.requestRowStart[r]!, trace.requestRowStart[r + 1]!];
}

/** Model code of `model`, or -1 when the trace has no row for that model. */
export function modelCode(trace: Trace, model: string): number {
  return trace.modelNames.indexOf(model);
}
