import type { CatalogModel } from '../policy/types.ts';
import type { AttemptLog } from './attempt-log.ts';
import type { ProviderState } from './provider-state.ts';

/** Everything one policy's simulation produced: per-request outcomes and the log of every call. */
export interface SimRun {
  readonly policy: string;
  /** Set when the policy failed its run (its other fields are then empty). */
  readonly error?: string;
  /** Provider names by index (sorted), and the model each serves. */
  readonly providerNames: readonly string[];
  readonly providerModels: readonly string[];
  /** Model names by code (the catalog). */
  readonly modelNames: readonly string[];
  /** Per request, in trace order. */
  readonly arrivalMs: Float64Array;
  readonly endMs: Float64Array;
  /** End-to-end: queueing, every attempt, backoffs. */
  readonly latencyMs: Float64Array;
  /** Index into SIM_STATUSES. */
  readonly status: Uint8Array;
  /** Final attempt id, -1 when the request never sent a call. */
  readonly finalAttempt: Int32Array;
  readonly attempts: Int32Array;
  readonly retries: Int32Array;
  readonly fallbacks: Int32Array;
  /** Billed cost of every call that ran (retried ones included); NaN when a ran call's cost is unknown. */
  readonly costUsd: Float64Array;
  /** Quality of the answering model; 0 for a failed request; NaN when unknown or unsupported. */
  readonly quality: Float64Array;
  readonly calls: AttemptLog;
  /** Events processed (for throughput figures). */
  readonly events: number;
}

export type SimOutcomes = Omit<SimRun, 'events' | 'calls' | 'policy'>;

/** Status of a request still in the gateway (never left in a finished run). */
export const PENDING = 255;

/** Outcome columns for n requests before the first event: nothing ended, nothing billed. */
export function pendingOutcomes(
  n: number,
  arrivalMs: Float64Array,
  states: readonly ProviderState[],
  catalog: readonly CatalogModel[],
): SimOutcomes {
  return {
    providerNames: states.map((s) => s.provider.name),
    providerModels: states.map((s) => s.provider.model),
    modelNames: catalog.map((c) => c.model),
    arrivalMs,
    endMs: new Float64Array(n).fill(NaN),
    latencyMs: new Float64Array(n).fill(NaN),
    status: new Uint8Array(n).fill(PENDING),
    finalAttempt: new Int32Array(n).fill(-1),
    attempts: new Int32Array(n),
    retries: new Int32Array(n),
    fallbacks: new Int32Array(n),
    costUsd: new Float64Array(n),
    quality: new Float64Array(n).fill(NaN),
  };
}
