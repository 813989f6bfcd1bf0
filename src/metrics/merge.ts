/**
 * Mergeable partial sums of a run: every field of a RunResult except the bootstrap CI is a function of these,
 * and the partials of two request-disjoint shards merge into the partial of the whole (sums add; the
 * multisets of known latencies concatenate, and quantiles, being order statistics, come out the same).
 * `summarize` is built on them, so shard-then-merge and whole-trace results agree up to float summation order.
 */
import { ExactSum } from '../core/exact-sum.ts';
import { quantilesInPlace } from '../core/stats.ts';
import type { RunDecisions } from '../replay/types.ts';
import type { PolicyError } from '../core/errors.ts';
import { latencyPercentiles } from './latency-percentiles.ts';
import type { CostStats, LatencyStats, QualityStats, RunError, RunResult, SliceResult } from './types.ts';

/** Sums over a set of requests. `modelCount` counts calls per model code. */
export interface SlicePartial {
  readonly requests: number;
  readonly qualitySum: number;
  readonly qualityKnown: number;
  readonly costTotal: number;
  readonly costKnown: number;
  /** Part of costTotal paid by requests whose cost was (partly) estimated from tokens × prices. */
  readonly costEstimatedTotal: number;
  /** Known latencies (a multiset: order carries no meaning) and their sum. */
  readonly latencies: Float64Array;
  readonly latencySum: number;
  readonly modelCount: Float64Array;
}

export interface RunPartial extends SlicePartial {
  readonly policy: string;
  readonly unsupported: number;
  readonly errors: number;
  readonly failure?: RunError;
}

/**
 * Sums over `requests` (default: all) of a run. Over all requests `modelCount` is the run's `calls` (every
 * attempted call); over a subset it counts the model of each final answer, as RunDecisions keeps per-request
 * only the final model — the same thing unless the policy cascades.
 */
export function slicePartialOf(run: RunDecisions, requests?: ArrayLike<number>): SlicePartial {
  const n = requests ? requests.length : run.chosen.length;
  // Exact sums (correctly rounded once): totals and means do not depend on request order or on sharding,
  // so a merged sharded replay gives the same numbers as the whole one.
  const qualitySum = new ExactSum(),
    costTotal = new ExactSum(),
    costEstimatedTotal = new ExactSum(),
    latencySum = new ExactSum();
  let qualityKnown = 0,
    costKnown = 0,
    latencyKnown = 0;
  const latency = new Float64Array(n);
  const modelCount = requests ? new Float64Array(run.calls.length) : Float64Array.from(run.calls);
  for (let k = 0; k < n; k++) {
    const r = requests ? requests[k]! : k;
    const q = run.quality[r]!;
    if (!Number.isNaN(q)) {
      qualitySum.add(q);
      qualityKnown++;
    }
    const c = run.costUsd[r]!;
    if (!Number.isNaN(c)) {
      costTotal.add(c);
      costKnown++;
      if (run.costEstimated[r]) costEstimatedTotal.add(c);
    }
    const l = run.latencyMs[r]!;
    if (!Number.isNaN(l)) {
      latency[latencyKnown++] = l;
      latencySum.add(l);
    }
    if (requests && run.chosen[r]! >= 0) modelCount[run.chosen[r]!]!++;
  }
  // A view, not a copy: the partial owns this array, and a copy would double its peak (8 bytes per request).
  const latencies = latency.subarray(0, latencyKnown);
  return {
    requests: n,
    qualitySum: qualitySum.value(),
    qualityKnown,
    costTotal: costTotal.value(),
    costKnown,
    costEstimatedTotal: costEstimatedTotal.value(),
    latencies,
    latencySum: latencySum.value(),
    modelCount,
  };
}

/** A run's failure as results data. */
export function runErrorOf(e: PolicyError): RunError {
  return { policy: e.policy, phase: e.phase ?? null, requestId: e.requestId ?? null, detail: e.detail };
}

/** Partial sums of a whole run. */
export function partialOf(run: RunDecisions): RunPartial {
  const p = slicePartialOf(run);
  const failure = run.failure === undefined ? {} : { failure: runErrorOf(run.failure) };
  return { policy: run.policy, ...p, unsupported: run.unsupported, errors: run.errors, ...failure };
}

/** The partial of the union of two request-disjoint shards of the same policy on the same model catalog. */
export function mergePartials(a: RunPartial, b: RunPartial): RunPartial {
  if (a.policy !== b.policy || a.modelCount.length !== b.modelCount.length) {
    throw new RangeError(
      `mergePartials: expected shards of one policy over one model catalog, got "${a.policy}" and "${b.policy}"`,
    );
  }
  const modelCount = Float64Array.from(a.modelCount, (v, m) => v + b.modelCount[m]!);
  const failure = a.failure ?? b.failure;
  return {
    policy: a.policy,
    requests: a.requests + b.requests,
    qualitySum: a.qualitySum + b.qualitySum,
    qualityKnown: a.qualityKnown + b.qualityKnown,
    costTotal: a.costTotal + b.costTotal,
    costKnown: a.costKnown + b.costKnown,
    costEstimatedTotal: a.costEstimatedTotal + b.costEstimatedTotal,
    latencies: concat(a.latencies, b.latencies),
    latencySum: a.latencySum + b.latencySum,
    modelCount,
    unsupported: a.unsupported + b.unsupported,
    errors: a.errors + b.errors,
    ...(failure === undefined ? {} : { failure }),
  };
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Quality mean over known values (null when none) with the given CI; unknown = requests without quality. */
export function qualityStats(p: SlicePartial, ci95: readonly [number, number] | null): QualityStats {
  const known = p.qualityKnown > 0;
  return {
    mean: known ? p.qualitySum / p.qualityKnown : null,
    ci95: known ? ci95 : null,
    unknown: p.requests - p.qualityKnown,
  };
}

/**
 * Cost over requests with known cost: `total` sums them, `perRequest` divides by their number (0 when
 * none), `unknown` counts the rest — excluded rather than taken as free, which would understate spend.
 */
export function costStats(p: SlicePartial): CostStats {
  return {
    total: p.costTotal,
    perRequest: p.costKnown > 0 ? p.costTotal / p.costKnown : 0,
    estimatedShare: p.costTotal > 0 ? p.costEstimatedTotal / p.costTotal : 0,
    unknown: p.requests - p.costKnown,
  };
}

/**
 * Mean and type-7 percentiles of known latencies; undefined when no request has one. Reorders `p.latencies` in
 * place (a multiset: order carries no meaning, and order statistics do not depend on it) rather than copying it.
 */
export function latencyStats(p: SlicePartial): LatencyStats | undefined {
  const n = p.latencies.length;
  if (n === 0) return undefined;
  const [p50, p95, p99] = quantilesInPlace(p.latencies, [0.5, 0.95, 0.99]) as [number, number, number];
  return { mean: p.latencySum / n, p50, p95, p99 };
}

/** Model → share of counted calls, models in trace order, only those called. */
export function modelShare(p: SlicePartial, modelNames: readonly string[]): Record<string, number> {
  let total = 0;
  for (let m = 0; m < p.modelCount.length; m++) total += p.modelCount[m]!;
  const out: Record<string, number> = {};
  for (let m = 0; m < p.modelCount.length; m++)
    if (p.modelCount[m]! > 0) out[modelNames[m]!] = p.modelCount[m]! / total;
  return out;
}

/** Quality values of `requests` (default all), for the bootstrap. */
export function qualityValues(run: RunDecisions, requests?: ArrayLike<number>): Float64Array {
  if (!requests) return run.quality;
  const out = new Float64Array(requests.length);
  for (let k = 0; k < requests.length; k++) out[k] = run.quality[requests[k]!]!;
  return out;
}

/** The SliceResult fields of a partial; `ci95` comes from the bootstrap, which no partial sum can carry. */
export function sliceResultOf(
  p: SlicePartial,
  modelNames: readonly string[],
  ci95: readonly [number, number] | null,
): SliceResult {
  const latency = latencyStats(p);
  return {
    requests: p.requests,
    quality: qualityStats(p, ci95),
    costUsd: costStats(p),
    ...(latency ? { latencyMs: latency } : {}),
    modelShare: modelShare(p, modelNames),
  };
}

/** The RunResult of a (merged) partial of a run that did not fail; key order as in docs/ARCHITECTURE.md, "Results". */
export function runResultOf(
  p: RunPartial,
  modelNames: readonly string[],
  ci95: readonly [number, number] | null,
): RunResult {
  const slice = sliceResultOf(p, modelNames, ci95);
  // Runs (not slices, which would multiply its size) carry the whole latency distribution for the report.
  const latencyMs = slice.latencyMs && { ...slice.latencyMs, percentiles: latencyPercentiles(p.latencies) };
  const decided = p.requests - p.unsupported;
  return {
    policy: p.policy,
    ...slice,
    ...(latencyMs ? { latencyMs } : {}),
    unsupported: p.unsupported,
    errors: p.errors,
    errorRate: decided > 0 ? p.errors / decided : null,
  };
}
