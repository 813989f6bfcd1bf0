import type { ShardSpec } from '../replay/shard.ts';
import type { RunDecisions } from '../replay/types.ts';
import type { Trace } from '../traces/trace.ts';
import { type ShardSummary, shardStateOf } from './shard-state.ts';

/** The `shard` section of a shard's results file: every run's mergeable state. */
export function shardSummary(
  trace: Trace,
  runs: readonly RunDecisions[],
  options: { seed: number; resamples: number; shard: ShardSpec },
): ShardSummary {
  return {
    index: options.shard.index,
    count: options.shard.count,
    resamples: options.resamples,
    runs: runs.map((run) => shardStateOf(trace, run, options)),
  };
}
