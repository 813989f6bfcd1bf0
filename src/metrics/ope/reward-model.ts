/**
 * The reward model q̂(x, m) of the direct method and of doubly robust: the mean logged value of model m on
 * requests of x's task, falling back to m's mean over the whole log, and to the log's overall mean for a
 * model the log never called. Fitted on the log itself. It ignores everything about a request but its
 * task, so DM is biased wherever quality varies within a (task, model) cell in a way the logging router
 * exploited; DR corrects that bias with the importance-weighted residuals.
 */
import type { Trace } from '../../traces/trace.ts';
import type { LoggedActions } from './logged-actions.ts';

/** q̂(request index, model code). */
export type RewardModel = (r: number, m: number) => number;

/** Fits q̂ on `values` (per request, NaN = unknown) of the logged model. */
export function fitRewardModel(trace: Trace, logged: LoggedActions, values: Float64Array): RewardModel {
  const M = trace.modelNames.length,
    T = trace.taskNames.length;
  const cellSum = new Float64Array(T * M),
    cellN = new Float64Array(T * M);
  const modelSum = new Float64Array(M),
    modelN = new Float64Array(M);
  let sum = 0,
    n = 0;
  for (let r = 0; r < values.length; r++) {
    const v = values[r]!;
    if (Number.isNaN(v)) continue;
    const m = logged.model[r]!,
      t = trace.requestTask[r]!;
    if (t >= 0) {
      cellSum[t * M + m]! += v;
      cellN[t * M + m]!++;
    }
    modelSum[m]! += v;
    modelN[m]!++;
    sum += v;
    n++;
  }
  const overall = n > 0 ? sum / n : NaN;
  const cell = new Float64Array(T * M),
    byModel = new Float64Array(M);
  for (let m = 0; m < M; m++) byModel[m] = modelN[m]! > 0 ? modelSum[m]! / modelN[m]! : overall;
  for (let k = 0; k < T * M; k++) cell[k] = cellN[k]! > 0 ? cellSum[k]! / cellN[k]! : byModel[k % M]!;
  return (r, m) => {
    const t = trace.requestTask[r]!;
    return t >= 0 ? cell[t * M + m]! : byModel[m]!;
  };
}
