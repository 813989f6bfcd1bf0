/**
 * The standard off-policy value estimators of a target policy π from a log collected by a policy p_log, over
 * n logged requests i with logged model a_i, reward r_i and importance weight w_i = π(a_i|x_i) / p_log(a_i|x_i).
 * Formulas as in Dudík, Langford & Li, "Doubly Robust Policy Evaluation and Learning" (ICML 2011) and as
 * st-tech/zr-obp's ope/estimators.py implements them (InverseProbabilityWeighting, SelfNormalized…,
 * DirectMethod, DoublyRobust). Inputs are per-request arrays of equal length.
 */

/** The per-request inputs of every estimator. */
export interface OpeInputs {
  /** w_i = π(a_i|x_i) / p_log(a_i|x_i). */
  readonly weight: Float64Array;
  /** r_i, the logged reward. */
  readonly reward: Float64Array;
  /** q̂(x_i, a_i): the reward model at the logged model. */
  readonly rewardModelLogged: Float64Array;
  /** Σ_m π(m|x_i) q̂(x_i, m): the reward model's value of π on request i. */
  readonly rewardModelTarget: Float64Array;
}

/** IPS: (1/n) Σ w_i r_i. Unbiased when p_log > 0 wherever π > 0; its variance grows with the weights. */
export function ipsTerms(x: OpeInputs): Float64Array {
  return x.weight.map((w, i) => w * x.reward[i]!);
}

/** DM: (1/n) Σ_i Σ_m π(m|x_i) q̂(x_i, m). No weights, low variance; biased exactly as much as q̂ is. */
export function dmTerms(x: OpeInputs): Float64Array {
  return x.rewardModelTarget.slice();
}

/**
 * DR: (1/n) Σ [ Σ_m π(m|x_i) q̂(x_i, m) + w_i (r_i − q̂(x_i, a_i)) ]. Unbiased when either the propensities
 * or q̂ are right; with q̂ ≡ 0 it is IPS.
 */
export function drTerms(x: OpeInputs): Float64Array {
  return x.rewardModelTarget.map((v, i) => v + x.weight[i]! * (x.reward[i]! - x.rewardModelLogged[i]!));
}

/**
 * SNIPS: Σ w_i r_i / Σ w_i — IPS divided by the mean weight, which is 1 in expectation. Slightly biased, far
 * less variable when weights are large; NaN when no weight is positive (π never agrees with the log).
 */
export function snips(x: OpeInputs): number {
  let num = 0,
    den = 0;
  for (let i = 0; i < x.weight.length; i++) {
    num += x.weight[i]! * x.reward[i]!;
    den += x.weight[i]!;
  }
  return den > 0 ? num / den : NaN;
}

/** Kish's effective sample size (Σ w)² / Σ w²: how many on-policy requests the weighted log is worth. */
export function effectiveSampleSize(weight: Float64Array): number {
  let s = 0,
    s2 = 0;
  for (let i = 0; i < weight.length; i++) {
    s += weight[i]!;
    s2 += weight[i]! * weight[i]!;
  }
  return s2 > 0 ? (s * s) / s2 : 0;
}
