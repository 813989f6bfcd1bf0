/**
 * A production log made from a full-information trace: per request, one model drawn by a known stochastic
 * logging policy, with its propensity recorded. Off-policy estimates on such a log can be checked against
 * the truth the full trace still holds — which is how the demo shows what OPE recovers and what it costs.
 */
import { ConfigError } from '../core/errors.ts';
import { createRng } from '../core/rng.ts';
import { pickRows } from '../traces/pick-rows.ts';
import type { Trace } from '../traces/trace.ts';

/**
 * Keeps one row per request: model m with probability weights[m] / Σ weights among the models the request
 * has rows for (its final attempt when it has retries); `propensity` is that probability.
 */
export function simulateLog(trace: Trace, weights: Readonly<Record<string, number>>, seed: number): Trace {
  const w = trace.modelNames.map((m) => weights[m] ?? 0);
  if (w.some((x) => !(x >= 0)) || !w.some((x) => x > 0)) {
    throw new ConfigError(
      `simulateLog: expected non-negative weights for the trace's models (${trace.modelNames.join(', ')}), ` +
        'some positive',
    );
  }
  const rng = createRng(seed);
  const rows: number[] = [];
  const propensity: number[] = [];
  const requestRowStart = new Uint32Array(trace.requestCount + 1);
  for (let r = 0; r < trace.requestCount; r++) {
    const start = trace.requestRowStart[r]!,
      end = trace.requestRowStart[r + 1]!;
    // The last row of each model in the request (retries: the final attempt answers).
    const last = new Map<number, number>();
    for (let i = start; i < end; i++) last.set(trace.rowModel[i]!, i);
    let total = 0;
    let fallback = -1;
    for (const [m, i] of last)
      if (w[m]! > 0) {
        total += w[m]!;
        fallback = i;
      }
    if (total === 0) {
      throw new ConfigError(
        `simulateLog: request "${trace.requestIds[r]}" has rows only for models with weight 0; give them a weight`,
      );
    }
    let u = rng.next() * total;
    let pick = fallback; // rounding can leave u just above 0 after the last positive weight
    for (const [m, i] of last) {
      u -= w[m]!;
      if (w[m]! > 0 && u < 0) {
        pick = i;
        break;
      }
    }
    rows.push(pick);
    propensity.push(w[trace.rowModel[pick]!]! / total);
    requestRowStart[r + 1] = rows.length;
  }
  const columns = pickRows(trace, rows);
  return {
    ...trace,
    ...columns,
    rowCount: rows.length,
    requestRowStart,
    propensity: Float64Array.from(propensity),
    present: new Set([...trace.present, 'propensity']),
  };
}
