/**
 * Merging shard states (shard-state.ts) into the whole run's RunResult. Counts, exact sums and calls add,
 * so requests, quality mean, cost total / per request / estimated share, latency mean, model shares,
 * unsupported and errors equal the whole run's exactly. Latency percentiles come from the merged DDSketch
 * (within 1% of the exact order statistic). The quality CI is a stratified bootstrap over shards: replicate
 * b's mean is Σ_shards (resample sum b) / Σ_shards (known qualities), each shard resampling its own requests;
 * it is the whole run's CI when there is one shard, and a CI of the same mean (strata fixed) otherwise.
 * Runs too large for the exact bootstrap use the normal limit on the pooled moments, as summarize does.
 */
import { DDSketch } from '../core/dd-sketch.ts';
import { ExactSum } from '../core/exact-sum.ts';
import { EXACT_BOOTSTRAP_DRAWS, quantileSorted } from '../core/stats.ts';
import { failedResult } from './summarize.ts';
import type { RunShardState } from './shard-state.ts';
import type { RunResult } from './types.ts';

const Z_975 = 1.959963984540054;

function exact(states: readonly RunShardState[], pick: (s: RunShardState) => readonly number[]): number {
  const sum = new ExactSum();
  for (const s of states) sum.addAll(pick(s));
  return sum.value();
}

function mergedCi(states: readonly RunShardState[], resamples: number, known: number): [number, number] | null {
  if (known === 0) return null;
  if (known * resamples <= EXACT_BOOTSTRAP_DRAWS && states.every((s) => s.qualityKnown === 0 || s.bootstrapSums)) {
    const means = new Float64Array(resamples);
    for (let b = 0; b < resamples; b++) {
      const sum = new ExactSum();
      for (const s of states) if (s.bootstrapSums) sum.add(s.bootstrapSums[b]!);
      means[b] = sum.value() / known;
    }
    means.sort();
    return [quantileSorted(means, 0.025), quantileSorted(means, 0.975)];
  }
  const mean = exact(states, (s) => s.qualitySum) / known;
  const squares = exact(states, (s) => s.qualitySquares) / known;
  const half = Z_975 * Math.sqrt(Math.max(0, squares - mean * mean) / known);
  const lo = Math.min(...states.filter((s) => s.qualityMin !== null).map((s) => s.qualityMin!));
  const hi = Math.max(...states.filter((s) => s.qualityMax !== null).map((s) => s.qualityMax!));
  return [Math.max(lo, mean - half), Math.min(hi, mean + half)];
}

/** The RunResult of one policy from its states in every shard; `models` in trace order. */
export function mergeRunStates(
  states: readonly RunShardState[],
  models: readonly string[],
  resamples: number,
): RunResult {
  const policy = states[0]!.policy;
  const sum = (f: (s: RunShardState) => number): number => states.reduce((a, s) => a + f(s), 0);
  const requests = sum((s) => s.requests);
  const failure = states.find((s) => s.failure !== undefined)?.failure;
  if (failure !== undefined) return failedResult(policy, requests, failure);
  const known = sum((s) => s.qualityKnown);
  const costKnown = sum((s) => s.costKnown);
  const costTotal = exact(states, (s) => s.costTotal);
  const costEstimated = exact(states, (s) => s.costEstimatedTotal);
  const sketch = new DDSketch();
  for (const s of states) sketch.merge(s.latency);
  const calls = models.map((m) => sum((s) => s.calls[m] ?? 0));
  const totalCalls = calls.reduce((a, b) => a + b, 0);
  const modelShare: Record<string, number> = {};
  models.forEach((m, k) => {
    if (calls[k]! > 0) modelShare[m] = calls[k]! / totalCalls;
  });
  const unsupported = sum((s) => s.unsupported);
  const errors = sum((s) => s.errors);
  return {
    policy,
    requests,
    quality: {
      mean: known > 0 ? exact(states, (s) => s.qualitySum) / known : null,
      ci95: mergedCi(states, resamples, known),
      unknown: requests - known,
    },
    costUsd: {
      total: costTotal,
      perRequest: costKnown > 0 ? costTotal / costKnown : 0,
      estimatedShare: costTotal > 0 ? costEstimated / costTotal : 0,
      unknown: requests - costKnown,
    },
    ...(sketch.count > 0
      ? {
          latencyMs: {
            mean: exact(states, (s) => s.latencySum) / sketch.count,
            p50: sketch.quantile(0.5),
            p95: sketch.quantile(0.95),
            p99: sketch.quantile(0.99),
            // The whole run's distribution at every whole percent, as summarize writes it for the report.
            percentiles: Array.from({ length: 101 }, (_, k) => sketch.quantile(k / 100)),
          },
        }
      : {}),
    modelShare,
    unsupported,
    errors,
    // As summarize has it: failed final calls over the requests decided.
    errorRate: requests - unsupported > 0 ? errors / (requests - unsupported) : null,
  };
}
