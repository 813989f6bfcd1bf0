/**
 * Percentile bootstrap 95% CI of a ratio of sums Σ num / Σ den over requests (SNIPS): both sums are
 * resampled together, by request. Above EXACT_BOOTSTRAP_DRAWS index draws it takes the normal limit of the
 * delta method instead, as core/stats.ts does for a mean (the ratio's linearisation is the mean of
 * (num_i − ratio·den_i) / mean(den)).
 */
import type { Rng } from '../../core/rng.ts';
import { EXACT_BOOTSTRAP_DRAWS, quantileSorted } from '../../core/stats.ts';

const Z_975 = 1.959963984540054;

export function bootstrapRatioCi(num: Float64Array, den: Float64Array, rng: Rng, resamples = 1000): [number, number] {
  const n = num.length;
  if (n === 0) return [NaN, NaN];
  if (n * resamples > EXACT_BOOTSTRAP_DRAWS) return deltaMethodCi(num, den);
  const ratios = new Float64Array(resamples);
  let kept = 0;
  for (let b = 0; b < resamples; b++) {
    let sn = 0,
      sd = 0;
    for (let k = 0; k < n; k++) {
      const i = rng.int(n);
      sn += num[i]!;
      sd += den[i]!;
    }
    // A resample without a positive weight has no ratio: it is left out, as SNIPS itself would be undefined.
    if (sd > 0) ratios[kept++] = sn / sd;
  }
  if (kept === 0) return [NaN, NaN];
  const sorted = ratios.subarray(0, kept).sort();
  return [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)];
}

function deltaMethodCi(num: Float64Array, den: Float64Array): [number, number] {
  const n = num.length;
  let sn = 0,
    sd = 0;
  for (let i = 0; i < n; i++) {
    sn += num[i]!;
    sd += den[i]!;
  }
  if (!(sd > 0)) return [NaN, NaN];
  const ratio = sn / sd,
    meanDen = sd / n;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const z = (num[i]! - ratio * den[i]!) / meanDen;
    v += z * z;
  }
  const half = Z_975 * Math.sqrt(v / n / n);
  return [ratio - half, ratio + half];
}
