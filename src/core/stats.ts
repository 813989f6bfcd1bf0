/**
 * Small pure statistics over typed arrays: quantiles, means and the bootstrap CI of a mean.
 */
import { bootstrapSums } from './bootstrap-sums.ts';
import type { Rng } from './rng.ts';

/**
 * Quantile `p` ∈ [0,1] of an ascending array by linear interpolation between closest ranks — Hyndman & Fan
 * type 7, NumPy's default `method='linear'`: h = (n−1)·p, q = x[⌊h⌋] + (h−⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 * The lerp is evaluated as NumPy's `_lerp` does (from the upper end when the weight is ≥ 0.5), so results
 * match `numpy.quantile` bit for bit. NaN for an empty array.
 */
export function quantileSorted(sorted: Float64Array, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantileSorted: expected p in [0, 1], got ${p}`);
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, n - 1)]!;
  const t = h - lo;
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

/** Arithmetic mean of every value (NaN propagates); NaN for an empty array. */
export function mean(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return values.length === 0 ? NaN : s / values.length;
}

/** z such that Φ(z) = 0.975: the two-sided 95% normal quantile. */
const Z_975 = 1.959963984540054;

/**
 * Above this many index draws (n × resamples) the bootstrap switches from resampling indices to the normal
 * approximation of the bootstrap distribution: index draws grow as n × resamples, and a million requests
 * × 1000 resamples would dominate a replay's time (bench/metrics.ts times both paths).
 */
export const EXACT_BOOTSTRAP_DRAWS = 10_000_000;

/**
 * Percentile 95% bootstrap CI of the mean of `values` (NaN values excluded), [NaN, NaN] when none remain.
 *
 * Exact regime (n × resamples ≤ EXACT_BOOTSTRAP_DRAWS): `resamples` resamples of n indices drawn with
 * replacement from `rng`; the interval is the 2.5% and 97.5% type-7 quantiles of the resample means.
 *
 * Large-n regime: the bootstrap mean has exactly mean x̄ and variance σ̂²/n (σ̂² the plug-in variance, divisor
 * n) and is asymptotically normal (CLT; Efron & Tibshirani 1993, §13.3), with a skewness error in the
 * endpoints of order σ̂/n — far below the interval's half-width σ̂/√n once n·resamples exceeds 1e7 (n > 10k at
 * 1000 resamples). So we return the percentile interval of that normal limit, x̄ ± 1.96·σ̂/√n, clipped to the
 * data range (no resample mean can leave it). It is the infinite-resample limit, so it consumes no randomness.
 */
export function bootstrapMeanCi(values: Float64Array, rng: Rng, resamples = 1000): [number, number] {
  const known = values.some(Number.isNaN) ? values.filter((v) => !Number.isNaN(v)) : values;
  const n = known.length;
  if (n === 0) return [NaN, NaN];
  if (n * resamples > EXACT_BOOTSTRAP_DRAWS) return normalLimitCi(known);
  const means = bootstrapSums(known, rng, resamples).map((s) => s / n);
  means.sort();
  return [quantileSorted(means, 0.025), quantileSorted(means, 0.975)];
}

function normalLimitCi(values: Float64Array): [number, number] {
  const n = values.length;
  let lo = Infinity,
    hi = -Infinity,
    s = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    s += v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const m = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - m) ** 2;
  const half = Z_975 * Math.sqrt(ss / n / n);
  return [Math.max(lo, m - half), Math.min(hi, m + half)];
}

/**
 * Type-7 quantiles (as `quantileSorted`) of unsorted values, each `ps` in [0,1]; NaN for none. Reorders
 * `values` in place. Quickselect (median-of-three pivots) finds the two order statistics each quantile needs
 * in O(n), several times faster than sorting 1M values; a range that keeps failing to shrink is sorted
 * instead, so adversarial orders cannot make it quadratic.
 */
export function quantilesInPlace(values: Float64Array, ps: readonly number[]): number[] {
  const n = values.length;
  return ps.map((p) => {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`quantilesInPlace: expected p in [0, 1], got ${p}`);
    if (n === 0) return NaN;
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    select(values, lo);
    let next = values[lo]!;
    if (lo + 1 < n) {
      next = values[lo + 1]!;
      for (let i = lo + 2; i < n; i++) if (values[i]! < next) next = values[i]!;
    }
    const a = values[lo]!,
      t = h - lo,
      d = next - a;
    return t >= 0.5 ? next - d * (1 - t) : a + d * t;
  });
}

/** Moves the k-th smallest value to index k, smaller ones before it and larger ones after it. */
function select(a: Float64Array, k: number): void {
  let left = 0,
    right = a.length - 1,
    budget = 2 * Math.ceil(Math.log2(a.length + 1)) + 8;
  while (right > left) {
    if (budget-- === 0) {
      a.subarray(left, right + 1).sort();
      return;
    }
    const mid = (left + right) >>> 1;
    // Median of three as pivot, left at `left`.
    if (a[mid]! < a[left]!) swap(a, mid, left);
    if (a[right]! < a[left]!) swap(a, right, left);
    if (a[right]! < a[mid]!) swap(a, right, mid);
    const pivot = a[mid]!;
    let i = left,
      j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return; // j < k < i: a[k] equals the pivot, in place
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
