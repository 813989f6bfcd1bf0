/**
 * The results JSON (DESIGN §4): stable field names for scripts, reports and checks.
 */
import type { LoggedAdvice } from './logged-advice.ts';
import type { WeightedMean } from './shadow/horvitz-thompson.ts';
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
  readonly error?: string;
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
}

/** One off-policy estimate of the mean quality, with its seeded bootstrap 95% CI over requests. */
export interface OffPolicyEstimate {
  /** null when the estimator is undefined (SNIPS when the policy never agrees with the log). */
  readonly quality: number | null;
  readonly ci95: readonly [number, number] | null;
}

/** What a policy would have scored on the log's traffic, estimated from the logged decisions (metrics/ope/). */
export interface OffPolicyEstimates {
  readonly ips: OffPolicyEstimate;
  readonly snips: OffPolicyEstimate;
  readonly dm: OffPolicyEstimate;
  readonly dr: OffPolicyEstimate;
  /** Cost per request by the same estimators (null when no logged cost is known). */
  readonly costUsd: { readonly snips: number | null; readonly dr: number | null };
  /** (Σw)² / Σw² over the requests estimated: how many on-policy requests the log is worth for this policy. */
  readonly ess: number;
  readonly maxWeight: number;
  /** Share of requests where the policy chose the model the log called. */
  readonly matchShare: number;
  /** Requests with a known logged quality: the quality estimates average over these. */
  readonly requests: number;
}

/** Why a run has no off-policy estimates (no propensity, a cascade policy, …). */
export interface OffPolicyUnavailable {
  readonly unavailable: string;
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
}

export interface SweepResults {
  readonly routelab: string;
  /** The swept trace's files, so curves of one policy on different traces stay apart in a report. */
  readonly trace?: string;
  readonly policy: string;
  readonly param: string;
  readonly points: readonly SweepPoint[];
  readonly aiq: number | null;
  readonly apgr: number | null;
  readonly cpt: Readonly<Record<'50' | '80' | '95', number | null>>;
  readonly strong?: string;
  readonly weak?: string;
}
