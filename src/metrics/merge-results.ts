/**
 * `routelab merge`: the results files of `replay --shard i/n` (each with its `shard` section) → the
 * results of the whole replay. The shards must be one complete set: same seed, trace models, policies
 * and resamples, every index 1..n exactly once.
 */
import { ConfigError } from '../core/errors.ts';
import { runsFrontier } from './pareto.ts';
import { mergeReferences } from './shard-references.ts';
import { mergeRunWithSlices } from './shard-slices.ts';
import type { ShardSummaryWithReferences } from './shard-summary.ts';
import type { ReplayResults } from './types.ts';

/** A shard's results file: the shard's own results plus its mergeable state. */
export interface ShardResults extends ReplayResults {
  readonly shard: ShardSummaryWithReferences;
}

/** How merged numbers were obtained, written beside them. */
export interface MergedResults extends ReplayResults {
  readonly merged: { readonly shards: number; readonly latencyPercentiles: string; readonly qualityCi: string };
}

function same<T>(files: readonly ShardResults[], what: string, f: (r: ShardResults) => T): T {
  const first = JSON.stringify(f(files[0]!));
  files.forEach((r, k) => {
    if (JSON.stringify(f(r)) !== first)
      throw new ConfigError(`merge: expected shards of one replay, got file ${k + 1} with another ${what}`);
  });
  return f(files[0]!);
}

/** The whole replay's results from a complete set of shard results (any order). */
export function mergeShardResults(files: readonly ShardResults[]): MergedResults {
  if (files.length === 0) throw new ConfigError('merge: expected shard results files, got none');
  files.forEach((r, k) => {
    if (!r.shard) throw new ConfigError(`merge: file ${k + 1} has no shard section; write it with replay --shard i/n`);
  });
  const count = same(files, 'shard count', (r) => r.shard.count);
  const seed = same(files, 'seed', (r) => r.seed);
  const models = same(files, 'model list', (r) => r.trace.models);
  const resamples = same(files, 'number of resamples', (r) => r.shard.resamples);
  same(files, 'set of policies', (r) => r.shard.runs.map((s) => s.policy));
  const seen = new Set(files.map((r) => r.shard.index));
  const missing = Array.from({ length: count }, (_, k) => k + 1).filter((i) => !seen.has(i));
  if (missing.length > 0 || files.length !== count)
    throw new ConfigError(
      `merge: expected shards 1..${count} once each, got ${files.map((r) => `${r.shard.index}/${count}`).join(', ')}` +
        (missing.length ? `; missing ${missing.join(', ')}` : ''),
    );
  const slicedBy = same(files, 'slicing column (--by)', (r) => r.slicedBy);
  const runs = files[0]!.shard.runs.map((_, k) =>
    mergeRunWithSlices(
      files.map((f) => f.shard.runs[k]!),
      models,
      resamples,
    ),
  );
  // Files written before shards carried their references' states merge without references.
  const refs = files.every((f) => f.shard.references)
    ? mergeReferences(
        files.map((f) => f.shard.references!),
        models,
        resamples,
      )
    : undefined;
  return {
    routelab: files[0]!.routelab,
    seed,
    trace: {
      path: files[0]!.trace.path,
      requests: files.reduce((a, f) => a + f.trace.requests, 0),
      models,
      // Every shard read the whole trace, so each carries the same reading warnings.
      warnings: files[0]!.trace.warnings,
      ...(refs ? { kind: refs.kind } : {}),
    },
    runs,
    references: refs?.references ?? {},
    // As buildResults: a run with unsupported decisions is measured on part of the traffic, never on the frontier.
    frontier: runsFrontier(runs.filter((r) => r.unsupported === 0)),
    ...(slicedBy === undefined ? {} : { slicedBy }),
    merged: {
      shards: count,
      latencyPercentiles: 'DDSketch, relative accuracy 0.01 (exact: counts, sums, shares, means)',
      qualityCi: 'stratified bootstrap over shards (each shard resamples its own requests)',
    },
  };
}
