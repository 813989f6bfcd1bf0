import type { PolicyError } from '../core/errors.ts';

/**
 * What a replay produces for one policy: per-request outcome columns that metrics summarise.
 * Index = request index in the trace.
 */
export const CHOSEN_UNSUPPORTED = -1;
export const CHOSEN_ERROR = -2;

export interface RunDecisions {
  readonly policy: string;
  /** Model code that produced the final answer; CHOSEN_UNSUPPORTED when the trace has no row for the
   * decision; CHOSEN_ERROR when the policy failed before deciding this request. */
  readonly chosen: Int32Array;
  /** Quality of the final answer (NaN = unknown or unsupported). */
  readonly quality: Float64Array;
  /** Cost paid for the request, summed over every attempted call (cascades, retries). NaN when unknown. */
  readonly costUsd: Float64Array;
  /** 1 when any part of costUsd was estimated from tokens × prices. */
  readonly costEstimated: Uint8Array;
  /** End-to-end latency summed over attempted calls; NaN when unknown. */
  readonly latencyMs: Float64Array;
  /** Probability the policy gave its chosen model (1 for deterministic decisions). */
  readonly propensity: Float64Array;
  /** The model code each one-model decision named — for weights decisions the sampled one — even when the
   * trace has no row for it (chosen is then CHOSEN_UNSUPPORTED); CHOSEN_UNSUPPORTED for cascades, which name
   * several; CHOSEN_ERROR where the policy failed. Off-policy estimates on logged traces read it. Optional:
   * runs built by hand may leave it out. */
  readonly wanted?: Int32Array;
  /** Calls made per model code (cascades count every attempt). */
  readonly calls: Float64Array;
  /** Requests whose decision named a model the trace has no row for. */
  readonly unsupported: number;
  /** Requests whose final call had a non-ok status. */
  readonly errors: number;
  /** Set when the policy threw or returned an invalid decision; the run is then void. */
  readonly failure?: PolicyError;
  /** Set when a cascade accepted answers by a simulated judge (reading the recorded quality): its error rate,
   * the lowest when decisions used several. Such a run is not a deployable router. */
  readonly simulated?: { readonly judgeErrorRate: number };
}
