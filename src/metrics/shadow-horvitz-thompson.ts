/**
 * Estimates for the whole log from a stratified shadow sample: each answered request weighs 1/π (its
 * inclusion probability), per stratum the weighted (Hájek) mean, and the strata combine by their share of the
 * log, W_h = Σ_h 1/π / Σ 1/π. The 95% CI uses the stratified variance Σ W_h² (1 − f_h) s_h² / n_h with
 * f_h = n_h / N_h, so a census of a slice adds no sampling error.
 */
export interface WeightedMean {
  readonly mean: number | null;
  readonly ci95: readonly [number, number] | null;
  /** Requests with a known value. */
  readonly answered: number;
  /** Requests of the log they stand for, Σ 1/π. */
  readonly represents: number;
}

/** `values[k]` (NaN = unknown) of sampled request k, drawn with probability `probability[k]` in `stratum[k]`. */
export function stratifiedMean(
  values: ArrayLike<number>,
  probability: ArrayLike<number>,
  stratum: ArrayLike<string>,
): WeightedMean {
  const groups = new Map<string, { n: number; sum: number; sumSq: number; weight: number; f: number }>();
  let answered = 0;
  for (let k = 0; k < values.length; k++) {
    const y = values[k]!,
      p = probability[k]!;
    if (Number.isNaN(y) || !(p > 0)) continue;
    answered++;
    const g = groups.get(stratum[k]!) ?? { n: 0, sum: 0, sumSq: 0, weight: 0, f: p };
    g.n++;
    g.sum += y;
    g.sumSq += y * y;
    g.weight += 1 / p;
    groups.set(stratum[k]!, g);
  }
  const total = [...groups.values()].reduce((a, g) => a + g.weight, 0);
  if (answered === 0) return { mean: null, ci95: null, answered, represents: 0 };
  let mean = 0,
    variance = 0;
  for (const g of groups.values()) {
    const W = g.weight / total;
    const m = g.sum / g.n;
    mean += W * m;
    const s2 = g.n > 1 ? (g.sumSq - g.n * m * m) / (g.n - 1) : 0;
    variance += W * W * (1 - Math.min(1, g.f)) * (Math.max(0, s2) / g.n);
  }
  const h = 1.96 * Math.sqrt(variance);
  return { mean, ci95: [mean - h, mean + h], answered, represents: total };
}
