import type { Rng } from '../core/rng.ts';
import type { ProviderState } from './provider-state.ts';

/** What a provider router knows when it picks among a model's providers for one call. */
export interface RouteContext {
  readonly nowMs: number;
  /** Input + output tokens of the call (what tpm counts). */
  readonly tokens: number;
  readonly rng: Rng;
  /** Providers of this model already tried (and failed fast) for this request's current model. */
  readonly triedCount: number;
}

/** Picks one of `candidates` (the model's providers not cooling down and not yet tried, sorted by name). */
export type ProviderRouter = (candidates: readonly ProviderState[], ctx: RouteContext) => ProviderState | undefined;

/** Input + output USD per million tokens: the one price that sort and load balancing compare; NaN if unknown. */
export function blendedPrice(p: ProviderState): number {
  return p.price ? p.price.inputUsdPerMTok + p.price.outputUsdPerMTok : NaN;
}

/** Index drawn from non-negative weights with one uniform draw (first index on a zero total). */
export function drawWeighted(weights: readonly number[], rng: Rng): number {
  let total = 0;
  for (const w of weights) total += w;
  const u = rng.next() * total;
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i]!;
    if (u < acc) return i;
  }
  // u rounded up to the total: the last positive weight.
  for (let i = weights.length - 1; i > 0; i--) if (weights[i]! > 0) return i;
  return 0;
}

/** The candidate with the lowest key (NaN keys last); ties keep the name order of `candidates`. */
export function lowest(
  candidates: readonly ProviderState[],
  key: (p: ProviderState) => number,
): ProviderState | undefined {
  let best: ProviderState | undefined;
  let bestKey = NaN;
  for (const p of candidates) {
    const k = key(p);
    if (best === undefined || (!Number.isNaN(k) && (Number.isNaN(bestKey) || k < bestKey))) [best, bestKey] = [p, k];
  }
  return best;
}
