/**
 * What a logged (partial) trace says about each request: the one model the logging router called, the
 * probability it gave that model, and the outcome. Off-policy estimators read nothing else from the trace.
 */
import { failuresScoreZero, outcomeQuality } from '../../traces/outcome.ts';
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
 * The logged action of every request, or why there is none. A request's logged action is its routing
 * decision: the model of its first call (attempt 1). A gateway's fallback chain (several models, attempts
 * 1, 2, … by start time) keeps that decision; its outcome is the final call's (a failed final call scores 0
 * in a graded trace) and its cost adds up over every call. The propensity is read from the first call's
 * row, and a missing one is never taken as uniform, since a wrong guess would bias every estimate without
 * a trace of it in the output (`requirePropensity: false` reads the actions anyway, propensities NaN).
 */
export function loggedActions(trace: Trace, requirePropensity = true): LoggedActions | OpeUnavailableReason {
  const R = trace.requestCount;
  const model = new Int32Array(R),
    propensity = new Float64Array(R),
    quality = new Float64Array(R),
    costUsd = new Float64Array(R);
  const failZero = failuresScoreZero(trace);
  let missing = 0,
    firstMissing = -1;
  for (let r = 0; r < R; r++) {
    const start = trace.requestRowStart[r]!,
      end = trace.requestRowStart[r + 1]!;
    let first = start,
      last = start,
      cost = 0;
    let tied = false;
    for (let i = start; i < end; i++) {
      const a = trace.attempt[i]!;
      if (a < trace.attempt[first]!) {
        first = i;
        tied = false;
      } else if (a === trace.attempt[first]! && trace.rowModel[i] !== trace.rowModel[first]) tied = true;
      if (a > trace.attempt[last]!) last = i;
      cost += trace.costUsd[i]!;
    }
    if (tied) {
      return {
        unavailable:
          `request ${trace.requestIds[r]} has rows for several models as its first call; off-policy estimates ` +
          "need one routing decision per request (number a fallback chain's calls with `attempt` 1, 2, …)",
      };
    }
    const p = trace.propensity[first]!;
    if (!(p > 0)) {
      missing++;
      if (firstMissing < 0) firstMissing = first;
    }
    model[r] = trace.rowModel[first]!;
    propensity[r] = p;
    quality[r] = outcomeQuality(trace, last, failZero);
    costUsd[r] = cost;
  }
  if (missing > 0 && requirePropensity) {
    const where = `${trace.sources[trace.rowSource[firstMissing]!]}:${trace.rowLine[firstMissing]}`;
    return {
      unavailable:
        `${missing} of ${R} requests have no propensity (first at ${where}); off-policy estimates ` +
        `need the logging router's probability of the model it called on every request`,
    };
  }
  return { model, propensity, quality, costUsd };
}
