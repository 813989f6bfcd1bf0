/**
 * What one shard of a replay (`replay --shard i/n`) writes so that `routelab merge` can rebuild the whole
 * run's numbers: exact sums (as partials), counts, calls per model, a latency DDSketch, and the shard's
 * bootstrap resample sums for the quality CI. Everything here is JSON-safe.
 */
import { bootstrapSums } from '../core/bootstrap-sums.ts';
import { DDSketch, type SketchJson } from '../core/dd-sketch.ts';
import { ExactSum } from '../core/exact-sum.ts';
import { EXACT_BOOTSTRAP_DRAWS } from '../core/stats.ts';
import { runErrorOf } from './merge.ts';
import type { RunError } from './types.ts';
import type { RunDecisions } from '../replay/types.ts';
import type { Trace } from '../traces/trace.ts';
import { bootstrapRng } from '../core/rng.ts';

export interface RunShardState {
  readonly policy: string;
  readonly requests: number;
  /** Partials of exact sums (core/exact-sum.ts): their exact total is the sum. */
  readonly qualitySum: readonly number[];
  readonly qualityKnown: number;
  /** Sum of squared known qualities (for the normal-limit CI of large runs). */
  readonly qualitySquares: readonly number[];
  readonly qualityMin: number | null;
  readonly qualityMax: number | null;
  readonly costTotal: readonly number[];
  readonly costKnown: number;
  readonly costEstimatedTotal: readonly number[];
  readonly latencySum: readonly number[];
  readonly latency: SketchJson;
  /** Calls per model name (every attempted call, as modelShare counts them). */
  readonly calls: Readonly<Record<string, number>>;
  readonly unsupported: number;
  readonly errors: number;
  readonly failure?: RunError;
  /** Bootstrap resample sums of the known qualities; null when the run is in the normal-limit regime. */
  readonly bootstrapSums: readonly number[] | null;
}

export interface ShardSummary {
  readonly index: number;
  readonly count: number;
  readonly resamples: number;
  readonly runs: readonly RunShardState[];
}

/**
 * The mergeable state of one run over a shard's trace. The bootstrap rng is keyed by the shard, so shards
 * draw independently; a single shard (1/1) draws exactly what `summarize` draws for the whole run.
 */
export function shardStateOf(
  trace: Trace,
  run: RunDecisions,
  options: { seed: number; resamples: number; shard: { index: number; count: number } },
): RunShardState {
  const qualitySum = new ExactSum(),
    squares = new ExactSum(),
    costTotal = new ExactSum(),
    costEstimated = new ExactSum(),
    latencySum = new ExactSum();
  const sketch = new DDSketch();
  const known: number[] = [];
  let costKnown = 0,
    min = Infinity,
    max = -Infinity;
  for (let r = 0; r < run.chosen.length; r++) {
    const q = run.quality[r]!;
    if (!Number.isNaN(q)) {
      qualitySum.add(q);
      squares.add(q * q);
      known.push(q);
      if (q < min) min = q;
      if (q > max) max = q;
    }
    const c = run.costUsd[r]!;
    if (!Number.isNaN(c)) {
      costTotal.add(c);
      costKnown++;
      if (run.costEstimated[r]) costEstimated.add(c);
    }
    const l = run.latencyMs[r]!;
    if (!Number.isNaN(l)) {
      latencySum.add(l);
      sketch.add(l);
    }
  }
  const calls: Record<string, number> = {};
  run.calls.forEach((n, m) => {
    if (n > 0) calls[trace.modelNames[m]!] = n;
  });
  const { seed, resamples, shard } = options;
  const exact = known.length * resamples <= EXACT_BOOTSTRAP_DRAWS && known.length > 0;
  const rng = shard.count === 1 ? bootstrapRng(seed, run.policy) : bootstrapRng(seed, run.policy, shardKey(shard));
  return {
    policy: run.policy,
    requests: run.chosen.length,
    qualitySum: qualitySum.partials(),
    qualityKnown: known.length,
    qualitySquares: squares.partials(),
    qualityMin: known.length ? min : null,
    qualityMax: known.length ? max : null,
    costTotal: costTotal.partials(),
    costKnown,
    costEstimatedTotal: costEstimated.partials(),
    latencySum: latencySum.partials(),
    latency: sketch.toJson(),
    calls,
    unsupported: run.unsupported,
    errors: run.errors,
    ...(run.failure === undefined ? {} : { failure: runErrorOf(run.failure) }),
    bootstrapSums: exact ? Array.from(bootstrapSums(Float64Array.from(known), rng, resamples)) : null,
  };
}

function shardKey(shard: { index: number; count: number }): string {
  return `shard ${shard.index}/${shard.count}`;
}
