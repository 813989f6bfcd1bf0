import type { CanonicalColumn, Trace, TraceWarning } from './trace.ts';

export interface ModelDescription {
  readonly model: string;
  readonly rows: number;
  /** Requests that have at least one row for this model. */
  readonly requests: number;
  /** Mean of known quality values, null when none. */
  readonly qualityMean: number | null;
  /** Sum of known costs (USD) and how many rows have one. */
  readonly costUsdTotal: number;
  readonly costRows: number;
  readonly costEstimatedRows: number;
  /** Billed tokens summed over rows that record them (a row without a count adds nothing). */
  readonly inputTokensTotal: number;
  readonly outputTokensTotal: number;
  /** Rows whose status is not ok (error, timeout, rate_limited). */
  readonly errorRows: number;
  /** Median latency over rows that have one, null when none. */
  readonly latencyMsP50: number | null;
}

export interface TraceDescription {
  readonly sources: readonly string[];
  readonly requests: number;
  readonly rows: number;
  readonly models: readonly ModelDescription[];
  /** Share of request × model cells that have a row: 1 for a full evaluation matrix. */
  readonly matrixCompleteness: number;
  readonly fullInformation: boolean;
  /** Which measurement families the trace carries. */
  readonly present: Readonly<
    Record<
      'quality' | 'cost' | 'latency' | 'inputTokens' | 'outputTokens' | 'prompt' | 'timestamp' | 'propensity',
      boolean
    >
  >;
  readonly columns: readonly CanonicalColumn[];
  readonly tags: readonly string[];
  readonly tasks: number;
  readonly warnings: readonly TraceWarning[];
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

/** What `routelab validate` reports: counts per model, completeness and which columns carry data. */
export function describeTrace(trace: Trace): TraceDescription {
  const M = trace.modelNames.length;
  const rows = new Float64Array(M),
    qSum = new Float64Array(M),
    qN = new Float64Array(M);
  const cost = new Float64Array(M),
    costN = new Float64Array(M),
    costEst = new Float64Array(M);
  const latency: number[][] = Array.from({ length: M }, () => []);
  const requests = new Float64Array(M);
  const inTok = new Float64Array(M),
    outTok = new Float64Array(M),
    errors = new Float64Array(M);
  const seen = new Int32Array(M).fill(-1);
  for (let i = 0; i < trace.rowCount; i++) {
    const m = trace.rowModel[i]!;
    rows[m]!++;
    if (seen[m] !== trace.rowRequest[i]) {
      seen[m] = trace.rowRequest[i]!;
      requests[m]!++;
    }
    const q = trace.quality[i]!;
    if (!Number.isNaN(q)) {
      qSum[m]! += q;
      qN[m]!++;
    }
    const c = trace.costUsd[i]!;
    if (!Number.isNaN(c)) {
      cost[m]! += c;
      costN[m]!++;
      if (trace.costEstimated[i]) costEst[m]!++;
    }
    const l = trace.latencyMs[i]!;
    if (!Number.isNaN(l)) latency[m]!.push(l);
    if (trace.inputTokens[i]! >= 0) inTok[m]! += trace.inputTokens[i]!;
    if (trace.outputTokens[i]! >= 0) outTok[m]! += trace.outputTokens[i]!;
    if (trace.status[i] !== 0) errors[m]!++;
  }
  const cells = requests.reduce((a, b) => a + b, 0);
  const has = (c: CanonicalColumn): boolean => trace.present.has(c);
  return {
    sources: trace.sources,
    requests: trace.requestCount,
    rows: trace.rowCount,
    models: trace.modelNames.map((model, m) => ({
      model,
      rows: rows[m]!,
      requests: requests[m]!,
      qualityMean: qN[m]! > 0 ? qSum[m]! / qN[m]! : null,
      costUsdTotal: cost[m]!,
      costRows: costN[m]!,
      costEstimatedRows: costEst[m]!,
      inputTokensTotal: inTok[m]!,
      outputTokensTotal: outTok[m]!,
      errorRows: errors[m]!,
      latencyMsP50: median(latency[m]!),
    })),
    matrixCompleteness: trace.requestCount * M === 0 ? 0 : cells / (trace.requestCount * M),
    // No cells at all (e.g. --lenient skipped every row) is no information, not full information.
    fullInformation: cells > 0 && cells === trace.requestCount * M,
    present: {
      quality: has('quality'),
      cost: has('cost_usd') || trace.costEstimated.includes(1),
      latency: has('latency_ms'),
      // Per column: pricing needs both, and "tokens yes" with only output tokens misled users.
      inputTokens: has('input_tokens'),
      outputTokens: has('output_tokens'),
      prompt: has('prompt'),
      timestamp: has('timestamp'),
      propensity: has('propensity'),
    },
    columns: [...trace.present].sort(),
    tags: trace.tags.map((t) => t.name),
    tasks: trace.taskNames.length,
    warnings: trace.warnings,
  };
}
