/**
 * The replay engine: runs policies over a full-information trace and records, per request, what each
 * policy's decision would have produced according to the trace.
 *
 *   trace ──► cell index (request × model → row) ──┐
 *   train ──► catalog (prices, mean cost/tokens) ──┼─► per policy: init → decide/resolve/observe per request
 *   order (arrival time, else trace order) ────────┘                  └─► RunDecisions (typed arrays)
 *
 * Resolution rules (docs/ARCHITECTURE.md, "Policies" and "Results"):
 * - `model`: that model's row for the request. Retries (several `attempt`s): cost and latency add up
 *   over the attempts, quality and status are the last attempt's.
 * - `weights`: sampled with the policy's seeded rng; the chosen model's probability is the propensity.
 * - `cascade`: models called in order, every call paid (cost and latency add up), until the accept rule
 *   accepts or the last model answers.
 * - A decision for a model without a row for that request is unsupported: counted, quality NaN, never
 *   replaced. An unknown model name or a throw fails that policy's run only (`failure` set); a policy
 *   file loaded as a SandboxedPolicy also cannot hang, exhaust memory or exit the process (sandbox/).
 * - `observe` hears each call actually made, right after it (every step of a cascade), in replay order;
 *   never a model that was not called, never an unsupported decision.
 * - `ctx.spentUsd` is the policy's spend so far (known costs of every call made).
 * - Allocation-light: one RequestView, one DecideContext and one Feedback object are reused for every
 *   request, and a decision object returned again is resolved from a cache — so treat decisions as
 *   immutable once returned (returning a fresh object each time is always safe).
 */
import type { Policy } from '../policy/types.ts';
import type { PriceTable } from '../traces/price-types.ts';
import type { Trace } from '../traces/trace.ts';
import { buildCatalog } from './catalog.ts';
import { replayWorld } from './replay-world.ts';
import { allocateRunColumns } from './run-columns.ts';
import { runPolicy } from './run-policy.ts';
import { SandboxedPolicy } from './sandboxed-policy.ts';
import type { RunDecisions } from './types.ts';

export interface ReplayOptions {
  readonly seed: number;
  /** Training trace given to `init` (and the source of the catalog's means). */
  readonly train?: Trace;
  /** Price table for the catalog's `price` entries (re-pricing the trace itself is the caller's step). */
  readonly prices?: PriceTable;
  /** Without `train`, the trace the catalog's means come from instead of `trace` (a shard's whole trace). */
  readonly catalogTrace?: Trace;
  /** Called as requests are decided, summed over all policies. */
  onProgress?(done: number, total: number): void;
}

/** One RunDecisions per policy, in the order given. */
export async function replay(
  trace: Trace,
  policies: readonly (Policy | SandboxedPolicy)[],
  options: ReplayOptions,
): Promise<RunDecisions[]> {
  const R = trace.requestCount;
  const total = R * policies.length;
  let base = 0;
  const world = replayWorld(
    trace,
    options.train,
    buildCatalog(trace, options.train ?? options.catalogTrace, options.prices),
    (done) => options.onProgress?.(base + done, total),
  );
  const columns = allocateRunColumns(R, policies.length);
  const runs: RunDecisions[] = [];
  for (const [i, policy] of policies.entries()) {
    // A user's policy file runs in its own worker (sandbox/); built-ins keep the in-process fast path.
    const run =
      policy instanceof SandboxedPolicy
        ? policy.run(world, options.seed, columns[i]!)
        : runPolicy(world, policy, options.seed, columns[i]!);
    runs.push(await run);
    base += R;
  }
  return runs;
}
