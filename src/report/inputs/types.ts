/**
 * What a report is made of. Replay and sweep results are the JSON of `routelab replay --json` and
 * `routelab sweep --json` (src/metrics/types.ts); the two optional shapes below are defined here.
 */
import type { SimulationResults } from '../../metrics/simulation-summary.ts';
import type { TopLevelSpec } from 'vega-lite';
import type { ReplayResults, RunResult, SweepResults } from '../../metrics/types.ts';

/** One reliability bin of a learned router: predictions in [binLow, binHigh) and what happened. */
export interface CalibrationBin {
  readonly binLow: number;
  readonly binHigh: number;
  /** Mean predicted probability of a correct answer over the bin's rows. */
  readonly meanPredicted: number;
  /** Observed share of correct answers over the same rows. */
  readonly observed: number;
  readonly count: number;
}

/**
 * A learned router's calibration on held-out rows, as a file of its own:
 * `{ "routelab": "0.1.0", "calibration": { "<model>": [CalibrationBin, …] } }`.
 */
export interface CalibrationResults {
  readonly routelab?: string;
  readonly calibration: Readonly<Record<string, readonly CalibrationBin[]>>;
}

/** A run as the report reads it (with `shareOverTime` when the trace had arrival times; see metrics/types.ts). */
export type ReportRun = RunResult;
export type { ShareOverTimeBucket } from '../../metrics/types.ts';

export interface ReportInputs {
  readonly results?: readonly ReplayResults[];
  /** `routelab simulate --json` files: drawn over time, and p95 against load across them. */
  readonly simulations?: readonly SimulationResults[];
  readonly sweeps?: readonly SweepResults[];
  readonly calibration?: CalibrationResults;
}

/** One chart of the report: a file-safe name, a title, a sentence on how to read it, and the spec. */
export interface Chart {
  readonly name: string;
  readonly title: string;
  readonly caption: string;
  readonly spec: TopLevelSpec;
}
