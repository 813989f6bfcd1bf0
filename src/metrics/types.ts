/**
 * The results JSON (docs/ARCHITECTURE.md, "Results"): stable field names for scripts, reports and checks.
 */
import type { PolicyPhase } from '../core/errors.ts';
import type { OffPolicyEstimates, OffPolicyUnavailable } from './ope/types.ts';

/**
 * Why a run failed — the PolicyError's fields, kept as data: the CLI and the report word them (runError in
 * report/text/run-error.ts), so the JSON carries no pre-rendered text.
 */
export interface RunError {
  readonly policy: string;
  readonly phase: PolicyPhase | null;
  readonly requestId: string | null;
  readonly detail: string;
}

export type { OffPolicyEstimate, OffPolicyEstimates, OffPolicyUnavailable } from './ope/types.ts';
import type { LoggedAdvice } from './logged-advice.ts';
import type { WeightedMean } from './shadow-horvitz-thompson.ts';
import type { TraceKind } from './trace-kind.ts';

export interface QualityStats {
  /** Mean over requests with known quality; null when none is known. */
  readonly mean: number | null;
  /** Seeded bootstrap 95% interval over requests. */
  readonly ci95: readonly [number, number] | null;
  /** Requests whose quality is unknown (empty in the trace, or unsupported). */
  readonly unknown: number;
}

export interface CostStats {
  readonly total: number;
  readonly perRequest: number;
  /** Share of the total that was computed from tokens × prices rather than recorded. */
  readonly estimatedShare: number;
  /** Requests whose cost is unknown; excluded from `total` and `perRequest` (not counted as free). */
  readonly unknown?: number;
}

export interface LatencyStats {
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  /** Runs only: the latency at 0%, 1%, …, 100% (101 type-7 percentiles), from which the report draws a CDF. */
  readonly percentiles?: readonly number[];
}

export interface RunResult {
  readonly policy: string;
  readonly requests: number;
  readonly quality: QualityStats;
  readonly costUsd: CostStats;
  /** Absent when the trace has no latency. */
  readonly latencyMs?: LatencyStats;
  /** Model → share of decided calls (cascades count every attempted call). */
  readonly modelShare: Readonly<Record<string, number>>;
  readonly unsupported: number;
  readonly errors: number;
  /** errors / decided (not unsupported) requests: failed final calls count as failures. */
  readonly errorRate?: number | null;
  /** Set when the policy failed; the other fields then describe nothing. */
  /** Set when the policy failed: the run's numbers are then void. */
  readonly error?: RunError;
  /** Per-slice results when `--by` was given: slice value → run fields. */
  readonly slices?: Readonly<Record<string, SliceResult>>;
  /** Paired comparison against the baseline run, when one was given. */
  readonly vsBaseline?: PairedComparison;
  /** Model share per time bucket, when the trace has arrival times. */
  readonly shareOverTime?: readonly ShareOverTimeBucket[];
  /** On a shadow sample (import-batch): quality for the whole log, weighted by 1 / sampling probability. */
  readonly weighted?: WeightedMean;
  /** Off-policy estimates, when the trace is a log (not every model on every request) with propensities. */
  readonly ope?: OffPolicyEstimates | OffPolicyUnavailable;
  /** Set when the run's cascade accepted answers by a simulated judge that reads the recorded quality, flipped
   * with probability judgeErrorRate: a what-if, not a deployable router; reports never recommend it. */
  readonly simulated?: { readonly judgeErrorRate: number };
}

/** One time bucket of a run: its first instant (ISO-8601 UTC), its requests and the model shares among them. */
export interface ShareOverTimeBucket {
  readonly start: string;
  readonly requests: number;
  readonly modelShare: Readonly<Record<string, number>>;
}

export interface SliceResult {
  readonly requests: number;
  readonly quality: QualityStats;
  readonly costUsd: CostStats;
  readonly latencyMs?: LatencyStats;
  readonly modelShare: Readonly<Record<string, number>>;
}

export interface PairedComparison {
  readonly baseline: string;
  /** Mean over requests of (policy − baseline), with paired bootstrap 95% CI. */
  readonly qualityDiff: PairedDiff;
  readonly costDiffPerRequest: PairedDiff;
}

/** A paired difference; mean and ci95 are NaN (null in JSON) when no request has both values. */
export interface PairedDiff {
  readonly mean: number;
  readonly ci95: readonly [number, number];
  /** Requests where both runs have the value compared. */
  readonly requests?: number;
}

export interface TraceSummary {
  readonly path: string;
  readonly requests: number;
  readonly models: readonly string[];
  readonly warnings: readonly { readonly code: string; readonly message: string; readonly count: number }[];
  /** 'log' (most requests have only what production called): no references, and `logged` is set. */
  readonly kind?: TraceKind;
}

export interface ReplayResults {
  readonly routelab: string;
  readonly seed: number;
  readonly trace: TraceSummary;
  readonly runs: readonly RunResult[];
  readonly references: {
    readonly oracle?: RunResult;
    readonly bestSingle?: RunResult;
    readonly singles?: readonly RunResult[];
  };
  /** Policy names on the quality–cost Pareto frontier, cheapest first. */
  readonly frontier: readonly string[];
  readonly slicedBy?: string;
  /** On a logged trace: the valid answers (as logged, reliable DR estimates) and what the log cannot answer. */
  readonly logged?: LoggedAdvice;
}

export interface SweepPoint {
  readonly value: number;
  readonly quality: number | null;
  readonly costUsd: number;
  readonly modelShare: Readonly<Record<string, number>>;
  /** 95% bootstrap CI of `quality` over requests, seeded as `summarize` seeds a run of the same policy. */
  readonly ci95?: readonly [number, number] | null;
}

export interface SweepResults {
  readonly routelab: string;
  /** The swept trace's files, so curves of one policy on different traces stay apart in a report. */
  readonly trace?: string;
  readonly policy: string;
  readonly param: string;
  readonly points: readonly SweepPoint[];
  /** Values whose run failed, with the error; the curve and its summaries are over `points` only. */
  readonly failures?: readonly { readonly value: number; readonly error: string }[];
  readonly aiq: number | null;
  readonly apgr: number | null;
  readonly cpt: Readonly<Record<'50' | '80' | '95', number | null>>;
  readonly strong?: string;
  readonly weak?: string;
  /** Set when the swept cascade uses the simulated judge; judgeErrorRate is null when it is the swept parameter. */
  readonly simulated?: { readonly judgeErrorRate: number | null };
}
