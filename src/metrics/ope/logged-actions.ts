/**
 * What a logged (partial) trace says about each request: the one model the logging router called, the
 * probability it gave that model, and the outcome. Off-policy estimators read nothing else from the trace.
 */
import type { Trace } from '../../traces/trace.ts';

export interface LoggedActions {
  /** Model code the logging router called, per request. */
  readonly model: Int32Array;
  /** p_log(a | x): the logging router's probability of that model. */
  readonly propensity: Float64Array;
  /** Quality of the final attempt (NaN = unknown). */
  readonly quality: Float64Array;
  /** Cost summed over the attempts (NaN = unknown), as the replay counts a call with retries. */
  readonly costUsd: Float64Array;
}

/** Why off-policy estimates cannot be made on this trace; shown to the user as is. */
export interface OpeUnavailableReason {
  readonly unavailable: string;
}

/** Whether every request has a row for every model of the trace (then replay needs no estimator). */
export function isFullInformation(trace: Trace): boolean {
  const M = trace.modelNames.length;
  const seen = new Int32Array(M).fill(-1);
  for (let r = 0; r < trace.requestCount; r++) {
    let distinct = 0;
    for (let i = trace.requestRowStart[r]!, end = trace.requestRowStart[r + 1]!; i < end; i++) {
      const m = trace.rowModel[i]!;
      if (seen[m] !== r) {
        seen[m] = r;
        distinct++;
      }
    }
    if (distinct < M) return false;
  }
  return true;
}

/**
 * The logged action of every request, or why there is none. Every request needs exactly one model (retries
 * of it are fine) and a propensity on its first row: a missing propensity is never taken as uniform, since
 * a wrong guess would bias every estimate without a trace of it in the output.
 */
export function loggedActions(trace: Trace): LoggedActions | OpeUnavailableReason {
  const R = trace.requestCount;
  const model = new Int32Array(R),
    propensity = new Float64Array(R),
    quality = new Float64Array(R),
    costUsd = new Float64Array(R);
  let missing = 0,
    firstMissing = -1;
  for (let r = 0; r < R; r++) {
    const start = trace.requestRowStart[r]!,
      end = trace.requestRowStart[r + 1]!;
    const m = trace.rowModel[start]!;
    let last = start,
      cost = 0;
    for (let i = start; i < end; i++) {
      if (trace.rowModel[i] !== m) {
        return {
          unavailable:
            `request ${trace.requestIds[r]} has rows for several models; off-policy estimates need ` +
            `one logged model per request`,
        };
      }
      if (trace.attempt[i]! > trace.attempt[last]!) last = i;
      cost += trace.costUsd[i]!;
    }
    const p = trace.propensity[start]!;
    if (!(p > 0)) {
      missing++;
      if (firstMissing < 0) firstMissing = start;
    }
    model[r] = m;
    propensity[r] = p;
    quality[r] = trace.quality[last]!;
    costUsd[r] = cost;
  }
  if (missing > 0) {
    const where = `${trace.sources[trace.rowSource[firstMissing]!]}:${trace.rowLine[firstMissing]}`;
    return {
      unavailable:
        `${missing} of ${R} requests have no propensity (first at ${where}); off-policy estimates ` +
        `need the logging router's probability of the model it called on every request`,
    };
  }
  return { model, propensity, quality, costUsd };
}
