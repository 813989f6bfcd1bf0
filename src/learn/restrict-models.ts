/**
 * The trace limited to the router's candidate models, with the model dictionary re-encoded, so the
 * policies it is compared with (knn, best-prior, singles, oracle) choose among the same models —
 * otherwise they could pick a model the learned router was not allowed to use.
 */
import type { Trace } from '../traces/trace.ts';

export function restrictModels(trace: Trace, models: readonly string[]): Trace {
  const newCode = new Int32Array(trace.modelNames.length).fill(-1);
  const modelNames = trace.modelNames.filter((m) => models.includes(m));
  modelNames.forEach((m, i) => (newCode[trace.modelNames.indexOf(m)] = i));
  if (modelNames.length === trace.modelNames.length) return trace;
  const rows: number[] = [];
  const requestRowStart = new Uint32Array(trace.requestCount + 1);
  for (let r = 0; r < trace.requestCount; r++) {
    for (let i = trace.requestRowStart[r]!; i < trace.requestRowStart[r + 1]!; i++) if (newCode[trace.rowModel[i]!]! >= 0) rows.push(i);
    requestRowStart[r + 1] = rows.length;
  }
  const pick = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array | Int32Array>(a: T): T => {
    const b = new (a.constructor as new (len: number) => T)(rows.length);
    for (let j = 0; j < rows.length; j++) b[j] = a[rows[j]!]!;
    return b;
  };
  const rowModel = pick(trace.rowModel);
  for (let j = 0; j < rowModel.length; j++) rowModel[j] = newCode[rowModel[j]!]!;
  return {
    ...trace,
    rowCount: rows.length,
    modelNames,
    requestRowStart,
    rowRequest: pick(trace.rowRequest),
    rowModel,
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
    tags: trace.tags.map((t) => ({ ...t, codes: pick(t.codes) })),
  };
}
