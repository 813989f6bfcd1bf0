/**
 * The gateway in time (DESIGN §1, beside replay):
 *
 *   trace ─ arrivals ─▶ policy.decide (sees the GatewayView) ─▶ model + fallbacks
 *        ─▶ provider router (OpenRouter / LiteLLM) ─▶ provider: outage? rpm/tpm? ─▶ FIFO slots ─▶ service
 *        ─▶ ok | error / timeout → retry with backoff → next provider → next fallback model
 *
 * One seeded event queue per policy run; every random draw comes from a stream keyed by purpose.
 */
import { ConfigError } from '../core/errors.ts';
import type { Policy } from '../policy/types.ts';
import { buildCatalog } from '../replay/catalog.ts';
import type { PriceTable } from '../traces/price-types.ts';
import type { Trace } from '../traces/trace.ts';
import { AttemptLog } from './attempt-log.ts';
import { type ArrivalSpec, arrivalTimes } from './arrivals.ts';
import type { Deployment } from './deployment.ts';
import { Simulation } from './simulation.ts';
import { stream } from './streams.ts';
import type { SimRun } from './types.ts';

export interface SimulateOptions {
  readonly seed: number;
  readonly arrivals: ArrivalSpec;
  /** Offsets (ms) of a recorded arrival pattern, for `arrivals.type === 'pattern'`. */
  readonly pattern?: Float64Array;
  /** Prices for providers without a price override (OpenRouter price weighting, cost-based routing). */
  readonly prices?: PriceTable;
  /** Training trace for policies that learn offline (best-prior, knn, learned…); also the catalog's means. */
  readonly train?: Trace;
}

export interface SimulateOutput {
  readonly runs: SimRun[];
  readonly arrivalMs: Float64Array;
  /** Served models: the trace's models that have at least one provider, in trace order. */
  readonly models: readonly string[];
  readonly warnings: readonly string[];
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Runs each policy through the deployment over the trace's requests; a failing policy fails only its run. */
export async function simulate(
  trace: Trace,
  deployment: Deployment,
  policies: readonly Policy[],
  options: SimulateOptions,
): Promise<SimulateOutput> {
  const served = new Set(deployment.providers.map((p) => p.model));
  const catalog = buildCatalog(trace, options.train, options.prices).filter((c) => served.has(c.model));
  if (catalog.length === 0)
    throw new ConfigError(
      `simulate: no model of the trace (${trace.modelNames.join(', ')}) has a provider in the deployment; ` +
        "name the trace's models in providers[].model",
    );
  const warnings: string[] = [];
  const unserved = trace.modelNames.filter((m) => !served.has(m));
  if (unserved.length)
    warnings.push(`trace models without a provider (not offered to policies): ${unserved.join(', ')}`);
  const absent = [...served].filter((m) => !trace.modelNames.includes(m)).sort();
  if (absent.length) warnings.push(`deployment models the trace has no rows for (never called): ${absent.join(', ')}`);
  const arrivalMs = arrivalTimes(trace, options.arrivals, stream(options.seed, 'arrivals'), options.pattern);
  const prices = deployment.providers.map((p) => p.price ?? catalog.find((c) => c.model === p.model)?.price);
  const runs: SimRun[] = [];
  for (const policy of policies) {
    try {
      await policy.init?.({ catalog, train: options.train, rng: stream(options.seed, 'init') });
      runs.push(new Simulation(trace, deployment, policy, catalog, arrivalMs, options.seed, prices).run());
    } catch (err) {
      runs.push(failedRun(policy.name, message(err)));
    }
  }
  return { runs, arrivalMs, models: catalog.map((c) => c.model), warnings };
}

function failedRun(policy: string, error: string): SimRun {
  const none = new Float64Array(0);
  return {
    policy,
    error,
    providerNames: [],
    providerModels: [],
    modelNames: [],
    arrivalMs: none,
    endMs: none,
    latencyMs: none,
    status: new Uint8Array(0),
    finalAttempt: new Int32Array(0),
    attempts: new Int32Array(0),
    retries: new Int32Array(0),
    fallbacks: new Int32Array(0),
    costUsd: none,
    quality: none,
    calls: new AttemptLog(),
    events: 0,
  };
}
