/**
 * The references of a sharded replay (references.ts: every always-<model>, the best single model, the oracle),
 * merged exactly. Each is a per-request rule, so a shard's decisions are the whole run's decisions for its
 * requests; the shard writes their mergeable states, and `merge` sums them and then picks the best single model
 * from the merged singles by the same rule. Whether the trace is a log (then it has no references) is decided on
 * the summed counts of trace-kind.ts, never on one shard's share of the requests.
 */
import type { Trace } from '../traces/trace.ts';
import { bestSingleOf, oracleDecisions, singlesOf } from './references.ts';
import {
  mergeRunWithSlices,
  type RunShardStateWithSlices,
  type ShardStateOptions,
  shardStateWithSlices,
} from './shard-slices.ts';
import { kindOfCounts, type TraceKind, type TraceKindCounts, traceKindCounts } from './trace-kind.ts';
import type { ReplayResults } from './types.ts';

export interface ShardReferences {
  readonly kind: TraceKindCounts;
  readonly oracle: RunShardStateWithSlices;
  /** always-<model> for every model of the trace, in trace order. */
  readonly singles: readonly RunShardStateWithSlices[];
}

/** The mergeable states of a shard's references; undefined for a trace without models. */
export function shardReferences(trace: Trace, shardOptions: ShardStateOptions): ShardReferences | undefined {
  if (trace.modelNames.length === 0) return undefined;
  // References carry no share over time (buildResults gives it to runs only).
  const { timeRange: _, ...options } = shardOptions;
  const singles = singlesOf(
    trace,
    trace.modelNames.map((_, m) => m),
  );
  return {
    kind: traceKindCounts(trace),
    oracle: shardStateWithSlices(trace, oracleDecisions(trace), options),
    singles: singles.map((run) => shardStateWithSlices(trace, run, options)),
  };
}

/**
 * The whole replay's trace kind and references from every shard's (in any order): none on a log, as
 * `buildResults` has it.
 */
export function mergeReferences(
  shards: readonly ShardReferences[],
  models: readonly string[],
  resamples: number,
): { kind: TraceKind; references: ReplayResults['references'] } {
  const sum = (f: (c: TraceKindCounts) => number) => shards.reduce((a, s) => a + f(s.kind), 0);
  const kind = kindOfCounts({
    requests: sum((c) => c.requests),
    complete: sum((c) => c.complete),
    logged: sum((c) => c.logged),
  });
  if (kind === 'log') return { kind, references: {} };
  const singles = models.map((_, m) =>
    mergeRunWithSlices(
      shards.map((s) => s.singles[m]!),
      models,
      resamples,
    ),
  );
  const oracle = mergeRunWithSlices(
    shards.map((s) => s.oracle),
    models,
    resamples,
  );
  return { kind, references: { oracle, bestSingle: bestSingleOf(singles), singles } };
}
