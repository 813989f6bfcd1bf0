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
import { sliceRequests } from './slices.ts';
import type { RunResult, SliceResult } from './types.ts';

/** A run's shard state with its slices' states when `by` is given. */
export interface RunShardStateWithSlices extends RunShardState {
  readonly slices?: Readonly<Record<string, RunShardState>>;
}

export interface ShardStateOptions {
  readonly seed: number;
  readonly resamples: number;
  readonly shard: { readonly index: number; readonly count: number };
  readonly by?: string;
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
  if (options.by === undefined || run.failure !== undefined) return state;
  const slices: Record<string, RunShardState> = {};
  for (const [label, requests] of sliceRequests(trace, options.by))
    slices[label] = { ...shardStateOf(trace, sliceRun(run, requests, label), options), policy: run.policy };
  return { ...state, slices };
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
  const run = mergeRunStates(states, models, resamples);
  if (run.error !== undefined || !states.some((s) => s.slices !== undefined)) return run;
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
