/**
 * What a report is made of. Replay and sweep results are the JSON of `routelab replay --json` and
 * `routelab sweep --json` (src/metrics/types.ts); the two optional shapes below are defined here.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ReplayResults, RunResult, SweepResults } from '../metrics/types.ts';

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

/**
 * Optional per-run field `shareOverTime` in replay results: the model share per time bucket, in time
 * order, e.g. `[{ "start": "2023-06-05T00:00:00Z", "requests": 520, "modelShare": { "gpt-4-0314": 0.2 } }]`.
 * `start` is an ISO-8601 UTC instant (the bucket's first moment).
 */
export interface ShareOverTimeBucket {
  readonly start: string;
  readonly requests: number;
  readonly modelShare: Readonly<Record<string, number>>;
}

/** A run as the report reads it: the results fields plus the optional report-only extensions. */
export type ReportRun = RunResult & { readonly shareOverTime?: readonly ShareOverTimeBucket[] };

export interface ReportInputs {
  readonly results?: readonly ReplayResults[];
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
