/**
 * The routing rule: pick argmax_m q̂_m − λ·ĉ_m, ties to the cheaper model (then the earlier one).
 * λ is either given or calibrated on held-out (calibration-split) predictions so the rule meets a
 * target cost per request, a target quality, or a maximum share for one model (RouteLLM's threshold
 * calibration when there are two models). Bisection runs on log λ and is deterministic.
 */
import { ConfigError } from '../core/errors.ts';

export type RouteTarget =
  | { readonly type: 'lambda'; readonly lambda: number }
  | { readonly type: 'target-cost'; readonly costUsd: number }
  | { readonly type: 'target-quality'; readonly quality: number }
  | { readonly type: 'max-share'; readonly model: string; readonly share: number };

/** Index of the chosen model for one request's predictions `q` (offset `at` into a row-major array). */
export function routeIndex(q: ArrayLike<number>, at: number, costUsd: readonly number[], lambda: number): number {
  let best = 0,
    bestScore = -Infinity;
  for (let m = 0; m < costUsd.length; m++) {
    const s = q[at + m]! - lambda * costUsd[m]!;
    if (s > bestScore + 1e-12 || (Math.abs(s - bestScore) <= 1e-12 && costUsd[m]! < costUsd[best]!)) {
      best = m;
      bestScore = s;
    }
  }
  return best;
}

/** Held-out predictions with the recorded outcomes they are judged against (row-major [n × M]). */
export interface CalibrationSet {
  readonly models: readonly string[];
  readonly prob: Float64Array;
  readonly quality: Float64Array;
  readonly costUsd: Float64Array;
}

export interface RouteOutcome {
  readonly lambda: number;
  /** Mean recorded cost per request (USD); ĉ stands in where a cost is missing. */
  readonly costUsd: number;
  /** Mean recorded quality over requests whose chosen model has a known quality. */
  readonly quality: number;
  readonly share: readonly number[];
}

/** What the rule with `lambda` would have done on the calibration set. */
export function routeOutcome(set: CalibrationSet, modelCostUsd: readonly number[], lambda: number): RouteOutcome {
  const M = set.models.length;
  const n = set.prob.length / M;
  let cost = 0,
    q = 0,
    nq = 0;
  const share = new Array<number>(M).fill(0);
  for (let i = 0; i < n; i++) {
    const m = routeIndex(set.prob, i * M, modelCostUsd, lambda);
    share[m]!++;
    const c = set.costUsd[i * M + m]!;
    cost += Number.isNaN(c) ? modelCostUsd[m]! : c;
    const qq = set.quality[i * M + m]!;
    if (!Number.isNaN(qq)) {
      q += qq;
      nq++;
    }
  }
  return { lambda, costUsd: n ? cost / n : 0, quality: nq ? q / nq : NaN, share: share.map((s) => (n ? s / n : 0)) };
}

/** λ beyond which the cheapest model always wins (q̂ differences are at most 1). */
export function lambdaMax(modelCostUsd: readonly number[]): number {
  const sorted = [...new Set(modelCostUsd)].sort((a, b) => a - b);
  let gap = Infinity;
  for (let i = 1; i < sorted.length; i++) gap = Math.min(gap, sorted[i]! - sorted[i - 1]!);
  return Number.isFinite(gap) && gap > 0 ? 2 / gap : 1;
}

/**
 * λ meeting `target` on the calibration set, with what it achieves there. Cost and the share of an
 * expensive model fall as λ grows; for those the smallest λ meeting the target is taken (best quality
 * within budget). For a quality target the largest λ still meeting it (cheapest). An unreachable
 * target returns the closest end (λ = 0 or the all-cheapest λ) with `met: false`.
 */
export function calibrateLambda(
  set: CalibrationSet,
  modelCostUsd: readonly number[],
  target: RouteTarget,
): RouteOutcome & { met: boolean } {
  if (target.type === 'lambda') {
    if (!(target.lambda >= 0)) throw new ConfigError(`lambda: expected a number ≥ 0, got ${target.lambda}`);
    return { ...routeOutcome(set, modelCostUsd, target.lambda), met: true };
  }
  let ok: (o: RouteOutcome) => boolean;
  let wantLarge = false;
  if (target.type === 'target-cost') ok = (o) => o.costUsd <= target.costUsd;
  else if (target.type === 'target-quality') {
    ok = (o) => o.quality >= target.quality;
    wantLarge = true;
  } else {
    const m = set.models.indexOf(target.model);
    if (m < 0)
      throw new ConfigError(
        `max-share: expected one of the candidate models (${set.models.join(', ')}), got ${target.model}`,
      );
    if (!(target.share >= 0 && target.share <= 1))
      throw new ConfigError(`max-share: expected a fraction in [0, 1], got ${target.share}`);
    ok = (o) => o.share[m]! <= target.share;
  }
  const hiL = lambdaMax(modelCostUsd);
  const at0 = routeOutcome(set, modelCostUsd, 0);
  const atHi = routeOutcome(set, modelCostUsd, hiL);
  if (!wantLarge) {
    if (ok(at0)) return { ...at0, met: true };
    if (!ok(atHi)) return { ...atHi, met: false };
  } else {
    if (ok(atHi)) return { ...atHi, met: true };
    if (!ok(at0)) return { ...at0, met: false };
  }
  // Invariant: for cost/share, ok(hi) and !ok(lo); for quality, ok(lo) and !ok(hi).
  let lo = Math.log(hiL * 1e-9),
    hi = Math.log(hiL);
  // Below λ·1e-9 nothing changes in practice; settle the edge cases there instead of bisecting them.
  const atLo = routeOutcome(set, modelCostUsd, Math.exp(lo));
  if (ok(atLo) !== wantLarge) return { ...(wantLarge ? at0 : atLo), met: true };
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    const good = ok(routeOutcome(set, modelCostUsd, Math.exp(mid)));
    if (good !== wantLarge) hi = mid;
    else lo = mid;
  }
  const lambda = Math.exp(wantLarge ? lo : hi);
  return { ...routeOutcome(set, modelCostUsd, lambda), met: true };
}

/** Parses `--max-share <model>=<fraction>` (the model id may itself contain '='-free slashes and colons). */
export function parseMaxShare(s: string): { model: string; share: number } {
  const i = s.lastIndexOf('=');
  const share = Number(s.slice(i + 1));
  if (i <= 0 || s.slice(i + 1).trim() === '' || !Number.isFinite(share))
    throw new ConfigError(`max-share: expected <model>=<fraction>, got "${s}"`);
  return { model: s.slice(0, i), share };
}
