import type { ShardSpec } from '../replay/shard.ts';
import type { RunDecisions } from '../replay/types.ts';
import type { Trace } from '../traces/trace.ts';
import { type ShardReferences, shardReferences } from './shard-references.ts';
import { type RunShardStateWithSlices, type ShardStateOptions, shardStateWithSlices } from './shard-slices.ts';
import type { ShardSummary } from './shard-state.ts';

/** A shard's summary with its references' states and, under `--by`, every run's per-slice states. */
export interface ShardSummaryWithReferences extends ShardSummary {
  readonly runs: readonly RunShardStateWithSlices[];
  readonly references?: ShardReferences;
}

/** The `shard` section of a shard's results file: every run's mergeable state, and the references'. */
export function shardSummary(
  trace: Trace,
  runs: readonly RunDecisions[],
  options: ShardStateOptions & { shard: ShardSpec },
): ShardSummaryWithReferences {
  const references = shardReferences(trace, options);
  return {
    index: options.shard.index,
    count: options.shard.count,
    resamples: options.resamples,
    runs: runs.map((run) => shardStateWithSlices(trace, run, options)),
    ...(references ? { references } : {}),
  };
}
