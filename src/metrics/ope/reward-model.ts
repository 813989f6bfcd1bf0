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

/**
 * Per task × model sums of logged values with the model and overall fallbacks: q̂ itself, refillable, so the
 * bootstrap (dr-bootstrap.ts) refits exactly the same model on every resample without allocating.
 */
export class TaskModelMeans {
  private readonly cellSum: Float64Array;
  private readonly cellN: Float64Array;
  private readonly modelSum: Float64Array;
  private readonly modelN: Float64Array;
  private sum = 0;
  private n = 0;

  constructor(
    tasks: number,
    private readonly models: number,
  ) {
    this.cellSum = new Float64Array(tasks * models);
    this.cellN = new Float64Array(tasks * models);
    this.modelSum = new Float64Array(models);
    this.modelN = new Float64Array(models);
  }

  reset(): void {
    this.cellSum.fill(0);
    this.cellN.fill(0);
    this.modelSum.fill(0);
    this.modelN.fill(0);
    this.sum = 0;
    this.n = 0;
  }

  /** One logged value `v` of model `m` on a request of task `t` (−1 = no task). */
  add(t: number, m: number, v: number): void {
    if (t >= 0) {
      this.cellSum[t * this.models + m]! += v;
      this.cellN[t * this.models + m]!++;
    }
    this.modelSum[m]! += v;
    this.modelN[m]!++;
    this.sum += v;
    this.n++;
  }

  value(t: number, m: number): number {
    const k = t * this.models + m;
    if (t >= 0 && this.cellN[k]! > 0) return this.cellSum[k]! / this.cellN[k]!;
    if (this.modelN[m]! > 0) return this.modelSum[m]! / this.modelN[m]!;
    return this.n > 0 ? this.sum / this.n : NaN;
  }
}

/** Fits q̂ on `values` (per request, NaN = unknown) of the logged model. */
export function fitRewardModel(trace: Trace, logged: LoggedActions, values: Float64Array): RewardModel {
  const means = new TaskModelMeans(trace.taskNames.length, trace.modelNames.length);
  for (let r = 0; r < values.length; r++) {
    const v = values[r]!;
    if (!Number.isNaN(v)) means.add(trace.requestTask[r]!, logged.model[r]!, v);
  }
  return (r, m) => means.value(trace.requestTask[r]!, m);
}
