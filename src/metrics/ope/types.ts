/** One off-policy estimate of the mean quality, with its seeded bootstrap 95% CI over requests. */
export interface OffPolicyEstimate {
  /** null when the estimator is undefined (SNIPS when the policy never agrees with the log). */
  readonly quality: number | null;
  readonly ci95: readonly [number, number] | null;
  /** True when the estimate lies outside quality's range [0, 1] (extreme weights): not a quality to read. */
  readonly outOfRange?: true;
}

/** What a policy would have scored on the log's traffic, estimated from the logged decisions (metrics/ope/). */
export interface OffPolicyEstimates {
  readonly ips: OffPolicyEstimate;
  readonly snips: OffPolicyEstimate;
  readonly dm: OffPolicyEstimate;
  readonly dr: OffPolicyEstimate;
  /** Cost per request by the same estimators (null when no logged cost is known). */
  readonly costUsd: { readonly snips: number | null; readonly dr: number | null };
  /** (Σw)² / Σw² over the requests estimated: how many on-policy requests the log is worth for this policy. */
  readonly ess: number;
  readonly maxWeight: number;
  /** Weights are clipped at 1 / propensityFloor (a logged propensity below the floor is read as the floor).
   * Optional only so results written before the floor existed still read. */
  readonly propensityFloor?: number;
  /** Requests whose weight was clipped: the policy agreed with a logged choice of propensity below the floor. */
  readonly clipped?: number;
  /** Share of requests where the policy chose the model the log called. */
  readonly matchShare: number;
  /** Requests with a known logged quality: the quality estimates average over these. */
  readonly requests: number;
}

/** Why a run has no off-policy estimates (no propensity, a cascade policy, …). */
export interface OffPolicyUnavailable {
  readonly unavailable: string;
}
