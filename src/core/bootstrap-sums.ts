import type { Rng } from './rng.ts';

/**
 * Sums of `resamples` bootstrap resamples of `values` (n indices drawn with replacement each): the draws of
 * bootstrapMeanCi, whose resample means are these sums / n. A shard keeps its sums so that a merged
 * result's CI can be built from them (stratified bootstrap, strata = shards) without its rows.
 */
export function bootstrapSums(values: Float64Array, rng: Rng, resamples: number): Float64Array {
  const n = values.length;
  const sums = new Float64Array(resamples);
  // sfc32 (the algorithm of core/rng.ts) seeded with four words of `rng`, inlined in local int32 variables:
  // a closure call per draw costs ~30 ns, this loop ~3 ns, and draws dominate the cost of a bootstrap.
  const scale = n / 4294967296; // index = ⌊u32 · n / 2³²⌋ < n
  let a = rng.int(2 ** 32) | 0,
    b = rng.int(2 ** 32) | 0,
    c = rng.int(2 ** 32) | 0,
    d = rng.int(2 ** 32) | 0;
  for (let b0 = 0; b0 < resamples; b0++) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
      s += values[((t >>> 0) * scale) | 0]!;
    }
    sums[b0] = s;
  }
  return sums;
}
