/**
 * Per-slice mergeable states (`replay --by <column> --shard i/n`): each slice of a run is summarised by the same
 * RunShardState as a whole run (shard-state.ts), over the slice's requests, so `merge` rebuilds the whole run's
 * `slices` exactly as it rebuilds the run. As `summarize` has it, a slice's model share counts the model of each
 * final answer, and its CI draws from the rng of (seed, policy, label) — keyed by the shard as well when there
 * are several, so a single shard gives the whole run's slice CIs.
 */
import { CHOSEN_UNSUPPORTED, type RunDecisions } from '../replay/types.ts';
import type { Trace } from '../traces/trace.ts';
import { mergeRunStates } from './merge-shards.ts';
import { type RunShardState, shardStateOf } from './shard-state.ts';
import { type ShareCounts, shareBuckets, shareCounts } from './share-over-time.ts';
import { sliceRequests } from './slices.ts';
import type { RunResult, SliceResult } from './types.ts';

/** A run's shard state with its slices' states when `by` is given, and its share-over-time counts. */
export interface RunShardStateWithSlices extends RunShardState {
  readonly slices?: Readonly<Record<string, RunShardState>>;
  readonly shareCounts?: ShareCounts;
}

export interface ShardStateOptions {
  readonly seed: number;
  readonly resamples: number;
  readonly shard: { readonly index: number; readonly count: number };
  readonly by?: string;
  /** The whole trace's arrival-time range (share-over-time.ts), when it has one: buckets are the whole run's. */
  readonly timeRange?: { readonly loMs: number; readonly hiMs: number };
}

/** The run restricted to `requests`, named so that its bootstrap rng is the slice's (bootstrapRng joins names). */
function sliceRun(run: RunDecisions, requests: Uint32Array, label: string): RunDecisions {
  const pick = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => {
    const out = new (a.constructor as new (n: number) => T)(requests.length);
    requests.forEach((r, k) => {
      out[k] = a[r]!;
    });
    return out;
  };
  const chosen = pick(run.chosen);
  const calls = new Float64Array(run.calls.length);
  for (const m of chosen) if (m >= 0) calls[m]!++;
  return {
    policy: `${run.policy}\u0000${label}`,
    chosen,
    quality: pick(run.quality),
    costUsd: pick(run.costUsd),
    costEstimated: pick(run.costEstimated),
    latencyMs: pick(run.latencyMs),
    propensity: pick(run.propensity),
    calls,
    unsupported: chosen.filter((m) => m === CHOSEN_UNSUPPORTED).length,
    errors: 0,
  };
}

/** The mergeable state of a run over a shard's trace, with per-slice states when `options.by` is set. */
export function shardStateWithSlices(
  trace: Trace,
  run: RunDecisions,
  options: ShardStateOptions,
): RunShardStateWithSlices {
  const state = shardStateOf(trace, run, options);
  if (run.failure !== undefined) return state;
  const range = options.timeRange;
  const withShares = range ? { ...state, shareCounts: shareCounts(trace, run, range) } : state;
  if (options.by === undefined) return withShares;
  const slices: Record<string, RunShardState> = {};
  for (const [label, requests] of sliceRequests(trace, options.by))
    slices[label] = { ...shardStateOf(trace, sliceRun(run, requests, label), options), policy: run.policy };
  return { ...withShares, slices };
}

/** Share-over-time counts of request-disjoint shards over one range, summed. */
function sumShareCounts(parts: readonly ShareCounts[]): ShareCounts {
  const add = (pick: (c: ShareCounts) => readonly number[]) =>
    pick(parts[0]!).map((_, k) => parts.reduce((a, c) => a + pick(c)[k]!, 0));
  return {
    ...parts[0]!,
    requests: add((c) => c.requests),
    decided: add((c) => c.decided),
    counts: add((c) => c.counts),
  };
}

/** The SliceResult fields of a merged state. */
function sliceOf(r: RunResult): SliceResult {
  const latency = r.latencyMs && {
    mean: r.latencyMs.mean,
    p50: r.latencyMs.p50,
    p95: r.latencyMs.p95,
    p99: r.latencyMs.p99,
  };
  return {
    requests: r.requests,
    quality: r.quality,
    costUsd: r.costUsd,
    ...(latency ? { latencyMs: latency } : {}),
    modelShare: r.modelShare,
  };
}

/**
 * One run merged from its shards' states, with its merged slices (labels in code-unit order, as `summarize`
 * lists them) when the states carry slices.
 */
export function mergeRunWithSlices(
  states: readonly RunShardStateWithSlices[],
  models: readonly string[],
  resamples: number,
): RunResult {
  const merged = mergeRunStates(states, models, resamples);
  if (merged.error !== undefined) return merged;
  const shares = states.every((s) => s.shareCounts) ? states.map((s) => s.shareCounts!) : undefined;
  const run = withSlices(merged, states, models, resamples);
  return shares ? { ...run, shareOverTime: shareBuckets(sumShareCounts(shares), models) } : run;
}

function withSlices(
  run: RunResult,
  states: readonly RunShardStateWithSlices[],
  models: readonly string[],
  resamples: number,
): RunResult {
  if (!states.some((s) => s.slices !== undefined)) return run;
  const labels = [...new Set(states.flatMap((s) => Object.keys(s.slices ?? {})))].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const slices: Record<string, SliceResult> = {};
  for (const label of labels) {
    const parts = states.flatMap((s) => (s.slices?.[label] ? [s.slices[label]] : []));
    slices[label] = sliceOf(mergeRunStates(parts, models, resamples));
  }
  return { ...run, slices };
}
