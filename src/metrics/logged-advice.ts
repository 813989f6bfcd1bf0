/**
 * What a production log (not every model on every request) can answer, and what it cannot. The replay's
 * on-policy numbers for a policy that departs from the log average only the requests where it agrees
 * with the log, so they are never ranked; references (oracle, best single) need every model's answer, so
 * there are none. What stays valid: the log's own traffic as it ran ("as logged"), and, when the log has
 * propensities, each policy's doubly-robust estimate — flagged unreliable when its effective sample size is
 * below MIN_ESS_SHARE of the requests or its estimate or CI leaves the reward's range [0, 1].
 */
import { bootstrapMeanCi } from '../core/stats.ts';
import type { CounterfactualCost } from './counterfactual/counterfactual-costs.ts';
import type { Trace } from '../traces/trace.ts';
import { type LoggedActions, loggedActions } from './ope/logged-actions.ts';
import { paretoFrontier } from './pareto.ts';
import { bootstrapRng } from '../core/rng.ts';
import type { RunResult } from './types.ts';

/** Below this share of the requests, a policy's effective sample size is too small to trust its estimate. */
export const MIN_ESS_SHARE = 0.05;

/** One policy's off-policy estimate as the recommendation table shows it. */
export interface LoggedEstimate {
  readonly policy: string;
  /** DR estimate of mean quality and its bootstrap 95% CI (null when undefined). */
  readonly quality: number | null;
  readonly ci95: readonly [number, number] | null;
  /** DR estimate of cost per request (null when the log records no cost). */
  readonly costUsdPerRequest: number | null;
  readonly essShare: number;
  /** False when a reason below says why not to act on it. */
  readonly reliable: boolean;
  readonly reasons: readonly string[];
}

/** The log's own traffic, measured: quality of the final call (failures 0), cost of every call, error rate. */
export interface AsLogged {
  readonly requests: number;
  readonly quality: number | null;
  readonly ci95: readonly [number, number] | null;
  readonly costUsdPerRequest: number | null;
  /** Share of requests whose final call failed (error, timeout, rate limited). */
  readonly errorRate: number;
  /** Share of requests served by more than one call (fallbacks, retries). */
  readonly fallbackShare: number;
}

export interface LoggedAdvice {
  readonly propensities: boolean;
  readonly minEssShare: number;
  /** null when the log has no single routing decision per request (several first calls). */
  readonly asLogged: AsLogged | null;
  readonly estimates: readonly LoggedEstimate[];
  /** Reliable estimates on the quality–cost frontier (DR quality, DR cost), cheapest first. */
  readonly frontier: readonly string[];
  /** Runs whose on-policy numbers cover only part of the traffic: policy → share of requests unsupported. */
  readonly onPolicyPartial: Readonly<Record<string, number>>;
  /** Questions this log cannot answer, in words. */
  readonly cannotAnswer: readonly string[];
  /** Each run's cost and latency on every request, unlogged choices estimated (counterfactual-costs.ts). */
  readonly counterfactual?: readonly CounterfactualCost[];
}

function inRange(v: number): boolean {
  return v >= 0 && v <= 1;
}

function estimateOf(run: RunResult, requests: number): LoggedEstimate | undefined {
  const o = run.ope;
  if (!o || 'unavailable' in o) return undefined;
  const reasons: string[] = [];
  const essShare = requests > 0 ? o.ess / requests : 0;
  if (essShare < MIN_ESS_SHARE) {
    reasons.push(`ESS ${o.ess.toFixed(1)} is ${(essShare * 100).toFixed(1)}% of the requests`);
  }
  const q = o.dr.quality;
  if (q === null) reasons.push('no estimate');
  else if (!inRange(q)) reasons.push(`estimate ${(q * 100).toFixed(1)}% is outside [0%, 100%]`);
  else if (o.dr.ci95 && !(inRange(o.dr.ci95[0]) && inRange(o.dr.ci95[1]))) reasons.push('CI leaves [0%, 100%]');
  return {
    policy: run.policy,
    quality: q,
    ci95: o.dr.ci95,
    costUsdPerRequest: o.costUsd.dr,
    essShare,
    reliable: reasons.length === 0,
    reasons,
  };
}

function asLogged(trace: Trace, logged: LoggedActions, seed: number, resamples: number): AsLogged {
  const R = trace.requestCount;
  let failed = 0,
    chained = 0,
    cost = 0,
    costKnown = 0;
  for (let r = 0; r < R; r++) {
    const start = trace.requestRowStart[r]!,
      end = trace.requestRowStart[r + 1]!;
    if (end - start > 1) chained++;
    let last = start;
    for (let i = start; i < end; i++) if (trace.attempt[i]! > trace.attempt[last]!) last = i;
    if (trace.status[last] !== 0) failed++;
    const c = logged.costUsd[r]!;
    if (!Number.isNaN(c)) {
      cost += c;
      costKnown++;
    }
  }
  const known = logged.quality.filter((q) => !Number.isNaN(q));
  const ci = bootstrapMeanCi(known, bootstrapRng(seed, 'as-logged'), resamples);
  return {
    requests: R,
    quality: known.length ? known.reduce((a, b) => a + b, 0) / known.length : null,
    ci95: Number.isNaN(ci[0]) ? null : ci,
    costUsdPerRequest: costKnown ? cost / costKnown : null,
    errorRate: R ? failed / R : 0,
    fallbackShare: R ? chained / R : 0,
  };
}

/** The advice for a logged trace, from its replayed runs (with their `ope` estimates when it has propensities). */
export function loggedAdvice(
  trace: Trace,
  runs: readonly RunResult[],
  options: { seed: number; resamples?: number },
): LoggedAdvice {
  const actions = loggedActions(trace, false);
  const withPropensity = trace.present.has('propensity')
    ? loggedActions(trace)
    : { unavailable: "the log has no propensity column (the logging router's probability of each choice)" };
  const opeUnavailable = 'unavailable' in withPropensity ? withPropensity : undefined;
  const propensities = opeUnavailable === undefined;
  const estimates = propensities
    ? runs.flatMap((r) => (r.error === undefined ? (estimateOf(r, trace.requestCount) ?? []) : []))
    : [];
  const frontier = paretoFrontier(
    estimates
      .filter((e) => e.reliable && e.costUsdPerRequest !== null)
      .map((e) => ({ name: e.policy, quality: e.quality, costUsd: e.costUsdPerRequest! })),
  );
  const onPolicyPartial: Record<string, number> = {};
  for (const r of runs)
    if (r.error === undefined && r.unsupported > 0) onPolicyPartial[r.policy] = r.unsupported / r.requests;
  const cannotAnswer = [
    'Which single model is best, and what the oracle (best model per request) would reach: that needs every ' +
      "model's answer to the same requests, and a log holds only what production called.",
  ];
  if (!propensities) {
    cannotAnswer.push(
      `How a policy that routes differently from production would score: ${opeUnavailable.unavailable}. ` +
        'Record the logging router’s probability of each choice (a `propensity` column), or re-run a sample of ' +
        'logged requests on the candidate models (`routelab plan`, then `routelab import-batch`) and grade the ' +
        'answers.',
    );
  } else if (estimates.some((e) => !e.reliable)) {
    cannotAnswer.push(
      `How policies flagged unreliable would score: the log rarely made their choices (ESS below ` +
        `${MIN_ESS_SHARE * 100}% of the requests) or the estimate or its CI leaves [0, 1].`,
    );
  }
  if (!trace.present.has('quality')) {
    cannotAnswer.push('Quality of any policy: the log has no quality column (grade a sample of answers).');
  }
  return {
    propensities,
    minEssShare: MIN_ESS_SHARE,
    asLogged: 'unavailable' in actions ? null : asLogged(trace, actions, options.seed, options.resamples ?? 1000),
    estimates,
    frontier,
    onPolicyPartial,
    cannotAnswer,
  };
}
