/**
 * Off-policy estimates of one replayed run on a logged trace (one model per request, with the logging
 * router's propensity): IPS, SNIPS, DM and DR of its mean quality with bootstrap CIs, SNIPS and DR of its
 * cost per request, and the weight diagnostics that say how far to trust them.
 *
 * π is read from the replay's `wanted` model. For a deterministic decision that is π's one-hot, so
 * w = 1[wanted = a_log] / p_log is the exact importance weight. For a weights decision the replay keeps only
 * the model it sampled; 1[sampled = a_log] has expectation π(a_log|x) over the sampling, so IPS and DR stay
 * unbiased (the sampled q̂(x, sampled) likewise stands in for Σ_m π(m|x) q̂(x,m)) at the price of extra variance.
 */
import { bootstrapRng } from '../../core/rng.ts';
import { bootstrapMeanCi, mean } from '../../core/stats.ts';
import { PROPENSITY_FLOOR } from '../../traces/propensity-floor.ts';
import type { RunDecisions } from '../../replay/types.ts';
import type { Trace } from '../../traces/trace.ts';
import type { OffPolicyEstimate, OffPolicyEstimates, OffPolicyUnavailable } from './types.ts';
import { dmTerms, drTerms, effectiveSampleSize, ipsTerms, snips, type OpeInputs } from './estimators.ts';
import type { LoggedActions } from './logged-actions.ts';
import { type DrSample, drBootstrapCi } from './dr-bootstrap.ts';
import { bootstrapRatioCi } from './ratio-ci.ts';
import { fitRewardModel } from './reward-model.ts';

export interface OffPolicyOptions {
  readonly seed: number;
  readonly resamples?: number;
}

export function offPolicyEstimates(
  trace: Trace,
  logged: LoggedActions,
  run: RunDecisions,
  options: OffPolicyOptions,
): OffPolicyEstimates | OffPolicyUnavailable {
  // `chosen` is no stand-in: it is the final model of a cascade and nothing for an unsupported decision.
  const wanted = run.wanted;
  if (!wanted) return { unavailable: 'the run does not record the model each decision named (RunDecisions.wanted)' };
  if (wanted.some((m) => m < 0)) {
    return {
      unavailable:
        'the policy made cascade decisions (several models per request), which a log of one model per request ' +
        'cannot evaluate',
    };
  }
  const quality = inputsOf(trace, logged, wanted, logged.quality);
  const cost = inputsOf(trace, logged, wanted, logged.costUsd);
  let clipped = 0;
  for (let r = 0; r < logged.quality.length; r++) {
    const agreed = wanted[r] === logged.model[r];
    if (agreed && !Number.isNaN(logged.quality[r]!) && logged.propensity[r]! < PROPENSITY_FLOOR) clipped++;
  }
  const resamples = options.resamples ?? 1000;
  const rng = (estimator: string) => bootstrapRng(options.seed, 'ope', run.policy, estimator);
  const meanEstimate = (terms: Float64Array, name: string): OffPolicyEstimate =>
    estimate(mean(terms), bootstrapMeanCi(terms, rng(name), resamples));
  const w = quality.weight;
  let maxWeight = 0,
    matches = 0;
  for (let i = 0; i < w.length; i++) {
    maxWeight = Math.max(maxWeight, w[i]!);
    if (w[i]! > 0) matches++;
  }
  return {
    ips: meanEstimate(ipsTerms(quality), 'ips'),
    snips: estimate(snips(quality), bootstrapRatioCi(ipsTerms(quality), w, rng('snips'), resamples)),
    dm: meanEstimate(dmTerms(quality), 'dm'),
    dr: estimate(mean(drTerms(quality)), drBootstrapCi(trace, quality.sample, quality, rng('dr'), resamples)),
    costUsd: { snips: orNull(snips(cost)), dr: orNull(mean(drTerms(cost))) },
    ess: effectiveSampleSize(w),
    maxWeight,
    propensityFloor: PROPENSITY_FLOOR,
    clipped,
    matchShare: w.length > 0 ? matches / w.length : 0,
    requests: w.length,
  };
}

/** The estimator inputs over the requests whose logged `values` are known, q̂ fitted on those values. */
function inputsOf(
  trace: Trace,
  logged: LoggedActions,
  wanted: Int32Array,
  values: Float64Array,
): OpeInputs & { sample: DrSample } {
  const q = fitRewardModel(trace, logged, values);
  const idx: number[] = [];
  for (let r = 0; r < values.length; r++) if (!Number.isNaN(values[r]!)) idx.push(r);
  const n = idx.length;
  const inputs = {
    weight: new Float64Array(n),
    reward: new Float64Array(n),
    rewardModelLogged: new Float64Array(n),
    rewardModelTarget: new Float64Array(n),
  };
  const task = new Int32Array(n),
    loggedModel = new Int32Array(n),
    target = new Int32Array(n);
  idx.forEach((r, i) => {
    const a = logged.model[r]!;
    task[i] = trace.requestTask[r]!;
    loggedModel[i] = a;
    target[i] = wanted[r]!;
    inputs.weight[i] = wanted[r] === a ? 1 / Math.max(logged.propensity[r]!, PROPENSITY_FLOOR) : 0;
    inputs.reward[i] = values[r]!;
    inputs.rewardModelLogged[i] = q(r, a);
    inputs.rewardModelTarget[i] = q(r, wanted[r]!);
  });
  const sample = { task, logged: loggedModel, target, weight: inputs.weight, reward: inputs.reward };
  return { ...inputs, sample };
}

function estimate(value: number, ci: [number, number]): OffPolicyEstimate {
  const e = { quality: orNull(value), ci95: Number.isNaN(ci[0]) ? null : ci };
  // IPS and DR are unbounded with large weights; flag rather than clamp, so the number stays the estimator's.
  return value < 0 || value > 1 ? { ...e, outOfRange: true } : e;
}

function orNull(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}
