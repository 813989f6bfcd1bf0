import type { Trace } from './trace.ts';

type Column = Float64Array | Float32Array | Uint32Array | Uint16Array | Uint8Array | Int32Array;

/** The per-row columns a Trace carries (everything indexed by row). */
export type RowColumns = Pick<
  Trace,
  | 'rowRequest'
  | 'rowModel'
  | 'quality'
  | 'inputTokens'
  | 'outputTokens'
  | 'reasoningTokens'
  | 'cachedInputTokens'
  | 'costUsd'
  | 'costEstimated'
  | 'tokensEstimated'
  | 'latencyMs'
  | 'ttftMs'
  | 'status'
  | 'propensity'
  | 'attempt'
  | 'rowSource'
  | 'rowLine'
  | 'tags'
>;

/** Copies of every per-row column of `trace` holding rows `rows` (row indices, in that order). */
export function pickRows(trace: Trace, rows: ArrayLike<number>): RowColumns {
  const n = rows.length;
  const pick = <T extends Column>(a: T): T => {
    const b = new (a.constructor as new (len: number) => T)(n);
    for (let j = 0; j < n; j++) b[j] = a[rows[j]!]!;
    return b;
  };
  return {
    rowRequest: pick(trace.rowRequest),
    rowModel: pick(trace.rowModel),
    quality: pick(trace.quality),
    inputTokens: pick(trace.inputTokens),
    outputTokens: pick(trace.outputTokens),
    reasoningTokens: pick(trace.reasoningTokens),
    cachedInputTokens: pick(trace.cachedInputTokens),
    costUsd: pick(trace.costUsd),
    costEstimated: pick(trace.costEstimated),
    tokensEstimated: pick(trace.tokensEstimated),
    latencyMs: pick(trace.latencyMs),
    ttftMs: pick(trace.ttftMs),
    status: pick(trace.status),
    propensity: pick(trace.propensity),
    attempt: pick(trace.attempt),
    rowSource: pick(trace.rowSource),
    rowLine: pick(trace.rowLine),
    tags: trace.tags.map((t) => ({ name: t.name, values: t.values, codes: pick(t.codes) })),
  };
}
