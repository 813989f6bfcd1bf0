/**
 * A replay of a trace bigger than memory (`replay --chunk-requests n`): the trace arrives as request chunks
 * (every row of a request in one chunk; traces/engines/duckdb-spill.ts), read one at a time, and each run's
 * metrics are merged from per-chunk states by the machinery of `replay --shard` + `merge`.
 *
 *   chunks ─► pass 1: catalog means, models, present columns, warnings (stream-catalog.ts)
 *          └► pass 2: per chunk: replay every policy (init once, spend carried) ─► RunShardState per run ─► merge
 *
 * Counts, sums, means, shares and error rates equal the in-memory replay's exactly (exact sums); latency
 * percentiles come from the merged DDSketch (1% relative accuracy); the quality CI is the stratified bootstrap
 * over chunks (the in-memory CI when there is one chunk; the same normal limit beyond 10⁷ draws).
 * Refused: policies that learn from feedback (`observe`) and policy files (a sandbox replays one trace):
 * chunks come in request-id order, not arrival order, so a policy that learns as it goes would see other
 * traffic than in memory. Spend (`ctx.spentUsd`) carries from chunk to chunk in that same order.
 */
import { ConfigError } from '../core/errors.ts';
import { mergeRunStates } from '../metrics/merge-shards.ts';
import { runsFrontier } from '../metrics/pareto.ts';
import { oracleDecisions, bestSingleOf, singleModelDecisions } from '../metrics/references.ts';
import { type RunShardState, shardStateOf } from '../metrics/shard-state.ts';
import { traceKind } from '../metrics/trace-kind.ts';
import type { ReplayResults, RunResult } from '../metrics/types.ts';
import type { Policy } from '../policy/types.ts';
import { buildCatalog } from '../replay/catalog.ts';
import { replayWorld } from '../replay/replay-world.ts';
import { allocateRunColumns } from '../replay/run-columns.ts';
import type { RunCarry } from '../replay/run-context.ts';
import { runPolicy } from '../replay/run-policy.ts';
import { SandboxedPolicy } from '../replay/sandboxed-policy.ts';
import type { RunDecisions } from '../replay/types.ts';
import type { PriceTable } from '../traces/price-types.ts';
import type { Trace } from '../traces/trace.ts';
import { type WholeTrace, WholeTraceFold, wholeCatalog } from './stream-catalog.ts';
import { asPartOfWhole } from './stream-chunk.ts';

export interface StreamReplayOptions {
  readonly seed: number;
  readonly resamples: number;
  /** How the trace was named (for the results). */
  readonly path: string;
  readonly version: string;
  readonly train?: Trace;
  readonly prices?: PriceTable;
  /** Reads chunk k (0-based) as a trace: the caller's reader, checks and pricing. */
  readChunk(k: number): Promise<Trace>;
  readonly chunks: number;
  /** Called after each chunk of each pass (pass 1 or 2). */
  onChunk?(pass: 1 | 2, done: number, total: number): void;
}

/** The whole replay's results, with how they were obtained. */
export interface StreamedResults extends ReplayResults {
  readonly streamed: {
    readonly chunks: number;
    readonly latencyPercentiles: string;
    readonly qualityCi: string;
  };
}

/** Refuses what a streamed replay cannot give the in-memory answer for (see the file's comment). */
function checkPolicies(policies: readonly (Policy | SandboxedPolicy)[]): asserts policies is readonly Policy[] {
  for (const p of policies) {
    if (p instanceof SandboxedPolicy)
      throw new ConfigError(
        `--chunk-requests: policy ${p.name} is a policy file (run in a sandbox, one trace per run); ` +
          `replay it in memory or with --shard i/n`,
      );
    if (typeof p.observe === 'function')
      throw new ConfigError(
        `--chunk-requests: policy ${p.name} learns from feedback (observe) in arrival order, which chunks do not ` +
          `keep; replay it in memory or with --shard i/n`,
      );
  }
}

/** Runs `policies` over every chunk and merges their metrics; references when the trace is a full matrix. */
export async function streamReplay(
  policies: readonly (Policy | SandboxedPolicy)[],
  options: StreamReplayOptions,
): Promise<StreamedResults> {
  checkPolicies(policies);
  const { seed, resamples, chunks } = options;
  const fold = new WholeTraceFold();
  for (let k = 0; k < chunks; k++) {
    fold.add(await options.readChunk(k));
    options.onChunk?.(1, k + 1, chunks);
  }
  const whole = fold.finish();
  const states = policies.map((): RunShardState[] => []);
  const refs = new ChunkReferences(whole.models.length);
  const carries = policies.map((): RunCarry => ({ initialized: false, spentUsd: 0 }));
  let catalog = options.train ? undefined : wholeCatalog(whole, options.prices);
  for (let k = 0; k < chunks; k++) {
    const chunk = asPartOfWhole(await options.readChunk(k), whole.models, whole.present);
    catalog ??= buildCatalog(chunk, options.train, options.prices);
    const world = replayWorld(chunk, options.train, catalog, () => undefined);
    const columns = allocateRunColumns(chunk.requestCount, policies.length);
    const shard = { index: k + 1, count: chunks };
    for (const [i, policy] of policies.entries()) {
      const failed = states[i]!.find((s) => s.failure !== undefined);
      // A failed run stays failed: its later chunks are not decided (their requests count as unknown).
      const run = failed ? undefined : await runPolicy(world, policy, seed, columns[i]!, carries[i]);
      carries[i]!.initialized = true;
      states[i]!.push(run ? shardStateOf(chunk, run, { seed, resamples, shard }) : voided(failed!, chunk));
    }
    refs.add(chunk, { seed, resamples, shard });
    options.onChunk?.(2, k + 1, chunks);
  }
  const runs = states.map((s) => mergeRunStates(s, whole.models, resamples));
  return {
    routelab: options.version,
    seed,
    trace: {
      path: options.path,
      requests: whole.requests,
      models: whole.models,
      warnings: whole.warnings.map((w) => ({ code: w.code, message: w.message, count: w.count })),
      ...refs.kind(),
    },
    runs,
    references: refs.results(whole, resamples),
    frontier: runsFrontier(runs.filter((r) => r.unsupported === 0)),
    streamed: {
      chunks,
      latencyPercentiles: 'DDSketch, relative accuracy 0.01 (exact: counts, sums, shares, means)',
      qualityCi: 'stratified bootstrap over chunks (each chunk resamples its own requests)',
    },
  };
}

/** The state of a chunk a failed run did not decide. */
function voided(failed: RunShardState, chunk: Trace): RunShardState {
  return { ...failed, requests: chunk.requestCount };
}

/** The oracle and always-<model> references, merged over chunks like the runs; only on full matrices. */
class ChunkReferences {
  private readonly singles: RunShardState[][];
  private readonly oracle: RunShardState[] = [];
  private full = true;

  constructor(models: number) {
    this.singles = Array.from({ length: models }, () => []);
  }

  add(chunk: Trace, options: Parameters<typeof shardStateOf>[2]): void {
    if (!this.full || traceKind(chunk) !== 'full-information') {
      this.full = false;
      return;
    }
    const state = (run: RunDecisions): RunShardState => shardStateOf(chunk, run, options);
    chunk.modelNames.forEach((m, k) => this.singles[k]!.push(state(singleModelDecisions(chunk, m))));
    this.oracle.push(state(oracleDecisions(chunk)));
  }

  kind(): { kind: 'full-information' } | Record<string, never> {
    return this.full ? { kind: 'full-information' } : {};
  }

  results(whole: WholeTrace, resamples: number): ReplayResults['references'] {
    if (!this.full || whole.models.length === 0) return {};
    const singles: RunResult[] = this.singles.map((s) => mergeRunStates(s, whole.models, resamples));
    return {
      oracle: mergeRunStates(this.oracle, whole.models, resamples),
      bestSingle: bestSingleOf(singles),
      singles,
    };
  }
}
