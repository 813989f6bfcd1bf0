/**
 * Shadow-evaluation planning: which logged requests to re-run on candidate models so that each candidate's
 * mean quality over the *whole log* is known to ±precision (95%). Requests are stratified (by task or a tag),
 * the slice's quality spread is read from the log (the logged answers' variance, at least MIN_SD so a slice
 * that looks perfect is still sampled), and the sample is sized with Neyman allocation:
 *
 *   n_h ∝ W_h·S_h,   n = (Σ W_h S_h)² / (V + Σ W_h S_h² / N),   V = (precision / 1.96)²
 *
 * (the finite-population form). Each stratum is then sampled without replacement, seeded, so every request's
 * inclusion probability n_h / N_h is known and the answers can be weighted back (horvitz-thompson.ts).
 */
import { ConfigError } from '../core/errors.ts';
import { createRng } from '../core/rng.ts';
import { failuresScoreZero, outcomeQuality } from '../traces/outcome.ts';
import type { Trace } from '../traces/trace.ts';
import { sliceRequests } from './slices.ts';

/** A slice whose logged answers all agree still gets this spread: the candidates may not agree. */
const MIN_SD = 0.1;
/** Without graded answers in a slice, the worst case for a [0,1] score. */
const UNKNOWN_SD = 0.5;

export interface PlanStratum {
  readonly label: string;
  readonly requests: number;
  readonly sampled: number;
  readonly sd: number;
}

export interface SamplePlan {
  readonly precision: number;
  readonly by: string | undefined;
  readonly seed: number;
  readonly strata: readonly PlanStratum[];
  /** Sampled request indices with their stratum and inclusion probability, in request order. */
  readonly sample: readonly { readonly request: number; readonly stratum: string; readonly probability: number }[];
  /** The 95% half-width the sample reaches under the planning spreads. */
  readonly halfWidth: number;
}

function finalQuality(trace: Trace, r: number, failZero: boolean): number {
  let last = trace.requestRowStart[r]!;
  for (let i = last; i < trace.requestRowStart[r + 1]!; i++) if (trace.attempt[i]! > trace.attempt[last]!) last = i;
  return outcomeQuality(trace, last, failZero);
}

function spread(trace: Trace, requests: ArrayLike<number>, failZero: boolean): number {
  let n = 0,
    s = 0,
    ss = 0;
  for (let k = 0; k < requests.length; k++) {
    const q = finalQuality(trace, requests[k]!, failZero);
    if (Number.isNaN(q)) continue;
    n++;
    s += q;
    ss += q * q;
  }
  if (n < 2) return UNKNOWN_SD;
  return Math.max(MIN_SD, Math.sqrt(Math.max(0, (ss - (s * s) / n) / (n - 1))));
}

export function planSample(trace: Trace, options: { precision: number; by?: string; seed: number }): SamplePlan {
  const { precision, by, seed } = options;
  if (!(precision > 0 && precision < 1))
    throw new ConfigError(`--precision: expected a number in (0,1), got ${precision}`);
  const failZero = failuresScoreZero(trace);
  const N = trace.requestCount;
  const groups: [string, Uint32Array][] = by
    ? [...sliceRequests(trace, by)]
    : [['all', Uint32Array.from({ length: N }, (_, r) => r)]];
  const strata = groups.map(([label, requests]) => ({ label, requests, sd: spread(trace, requests, failZero) }));
  const V = (precision / 1.96) ** 2;
  const sumWS = strata.reduce((a, s) => a + (s.requests.length / N) * s.sd, 0);
  const sumWS2 = strata.reduce((a, s) => a + (s.requests.length / N) * s.sd ** 2, 0);
  const n = Math.min(N, Math.ceil(sumWS ** 2 / (V + sumWS2 / N)));
  const rng = createRng(seed);
  const sample: { request: number; stratum: string; probability: number }[] = [];
  const planned: PlanStratum[] = [];
  let variance = 0;
  for (const s of strata) {
    const Nh = s.requests.length;
    const share = sumWS > 0 ? ((Nh / N) * s.sd) / sumWS : Nh / N;
    // At least 2 per stratum, so every slice has a variance of its own; never more than it holds.
    const nh = Math.min(Nh, Math.max(2, Math.ceil(n * share)));
    const pool = Array.from(s.requests);
    for (let k = 0; k < nh; k++) {
      const j = k + rng.int(Nh - k);
      [pool[k], pool[j]] = [pool[j]!, pool[k]!];
      sample.push({ request: pool[k]!, stratum: s.label, probability: nh / Nh });
    }
    planned.push({ label: s.label, requests: Nh, sampled: nh, sd: s.sd });
    variance += (Nh / N) ** 2 * (1 - nh / Nh) * (s.sd ** 2 / nh);
  }
  sample.sort((a, b) => a.request - b.request);
  return { precision, by, seed, strata: planned, sample, halfWidth: 1.96 * Math.sqrt(variance) };
}
