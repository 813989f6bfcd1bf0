import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.ts';
import {
  bootstrapMeanCi,
  EXACT_BOOTSTRAP_DRAWS,
  mean,
  quantileSorted,
  quantilesInPlace,
} from '../../src/core/stats.ts';

describe('quantileSorted', () => {
  // Expected values printed by numpy 2.4 `np.quantile(x, p).tolist()` (method='linear'), bit for bit.
  it.each([
    [[1, 2, 4, 8, 16], 0, 1],
    [[1, 2, 4, 8, 16], 0.1, 1.4], // h = 0.4 → 1 + 0.4·(2−1)
    [[1, 2, 4, 8, 16], 0.25, 2],
    [[1, 2, 4, 8, 16], 0.5, 4],
    [[1, 2, 4, 8, 16], 0.95, 14.399999999999999], // h = 3.8 → 16 − 8·0.2, as numpy's _lerp does it
    [[1, 2, 4, 8, 16], 0.99, 15.68],
    [[1, 2, 4, 8, 16], 1, 16],
    [[0.001, 0.1, 0.2, 0.25, 0.3, 0.7, 0.9], 0.05, 0.030700000000000005],
    [[0.001, 0.1, 0.2, 0.25, 0.3, 0.7, 0.9], 0.33, 0.198],
    [[0.001, 0.1, 0.2, 0.25, 0.3, 0.7, 0.9], 0.77, 0.548],
    [[0.001, 0.1, 0.2, 0.25, 0.3, 0.7, 0.9], 0.95, 0.8399999999999999],
    [[0.001, 0.1, 0.2, 0.25, 0.3, 0.7, 0.9], 0.99, 0.8879999999999999],
  ])('matches numpy linear quantiles: %j at p=%d is %d', (xs, p, expected) => {
    expect(quantileSorted(Float64Array.from(xs), p)).toBe(expected);
  });

  it('is NaN for an empty array and the value itself for one element', () => {
    expect(quantileSorted(new Float64Array(0), 0.5)).toBeNaN();
    expect(quantileSorted(Float64Array.of(7), 0.99)).toBe(7);
  });

  it.each([-0.1, 1.5, NaN])('refuses p = %d outside [0, 1]', (p) => {
    expect(() => quantileSorted(Float64Array.of(1, 2), p)).toThrow(/expected p in \[0, 1\]/);
  });

  it('orders p50 ≤ p95 ≤ p99 within [min, max] for any data', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }), (xs) => {
        const s = Float64Array.from(xs).sort();
        const [p50, p95, p99] = [0.5, 0.95, 0.99].map((p) => quantileSorted(s, p)) as [number, number, number];
        expect(p50).toBeLessThanOrEqual(p95);
        expect(p95).toBeLessThanOrEqual(p99);
        expect(s[0]!).toBeLessThanOrEqual(p50);
        expect(p99).toBeLessThanOrEqual(s[s.length - 1]!);
      }),
    );
  });
});

describe('mean', () => {
  it('averages every value and is NaN for none', () => {
    expect(mean(Float64Array.of(1, 2, 6))).toBe(3); // 9 / 3
    expect(mean(new Float64Array(0))).toBeNaN();
  });
});

describe('bootstrapMeanCi', () => {
  it('gives the same interval for the same seed and a different one for another seed', () => {
    const xs = Float64Array.from({ length: 200 }, (_, i) => (i * 37) % 11);
    const a = bootstrapMeanCi(xs, createRng(5));
    expect(bootstrapMeanCi(xs, createRng(5))).toEqual(a);
    expect(bootstrapMeanCi(xs, createRng(6))).not.toEqual(a);
  });

  it('brackets the mean and stays inside the data range', () => {
    const xs = Float64Array.from({ length: 300 }, (_, i) => (i % 4 === 0 ? 1 : 0)); // mean 0.25
    const [lo, hi] = bootstrapMeanCi(xs, createRng(1));
    expect(lo).toBeLessThan(0.25);
    expect(hi).toBeGreaterThan(0.25);
    // Standard error √(0.25·0.75/300) = 0.025; the 95% half-width is about 1.96·0.025 = 0.049.
    expect(hi - lo).toBeGreaterThan(0.08);
    expect(hi - lo).toBeLessThan(0.12);
  });

  it('leaves NaN values out and returns [NaN, NaN] when nothing is left', () => {
    expect(bootstrapMeanCi(Float64Array.of(NaN, 2, NaN, 2), createRng(1))).toEqual([2, 2]);
    const ci = bootstrapMeanCi(Float64Array.of(NaN), createRng(1));
    expect(ci[0]).toBeNaN();
    expect(ci[1]).toBeNaN();
  });

  it('agrees with the normal limit where the large-sample regime takes over', () => {
    // n = 10_001 at 1000 resamples is just past the exact budget; n = 9_999 just inside it.
    const make = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 1000);
    expect(9_999 * 1000).toBeLessThanOrEqual(EXACT_BOOTSTRAP_DRAWS);
    expect(10_001 * 1000).toBeGreaterThan(EXACT_BOOTSTRAP_DRAWS);
    const [lo1, hi1] = bootstrapMeanCi(make(9_999), createRng(3));
    const [lo2, hi2] = bootstrapMeanCi(make(10_001), createRng(3));
    // Uniform-ish on [0, 1): σ ≈ 0.2887, half-width 1.96·σ/√10000 ≈ 0.00566; the two regimes agree to ~5%.
    expect(hi2 - lo2).toBeCloseTo(0.0113, 3);
    expect(Math.abs(hi1 - lo1 - (hi2 - lo2))).toBeLessThan(0.0008);
    expect(Math.abs((lo1 + hi1) / 2 - (lo2 + hi2) / 2)).toBeLessThan(0.0006);
  });

  it('clips the normal limit to the data range when almost every value is equal', () => {
    const xs = new Float64Array(1_000_000);
    xs[0] = 1; // mean 1e-6; x̄ − 1.96·σ̂/√n would be negative
    const [lo, hi] = bootstrapMeanCi(xs, createRng(1));
    expect(lo).toBe(0);
    expect(hi).toBeGreaterThan(1e-6);
  });
});

describe('quantilesInPlace', () => {
  it('equals sorting then quantileSorted, bit for bit, in any order and with ties', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.integer({ min: 0, max: 3 })), {
          minLength: 1,
          maxLength: 300,
        }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 5 }),
        (xs, ps) => {
          const sorted = Float64Array.from(xs).sort();
          expect(quantilesInPlace(Float64Array.from(xs), ps)).toEqual(ps.map((p) => quantileSorted(sorted, p)));
        },
      ),
    );
  });

  it('handles sorted, reversed and constant inputs of a million values', () => {
    const n = 1_000_000;
    const up = Float64Array.from({ length: n }, (_, i) => i);
    expect(quantilesInPlace(up.slice(), [0.5, 0.99])).toEqual([499_999.5, 989_999.01]); // h = 999999·p
    expect(quantilesInPlace(up.slice().reverse(), [0.5, 0.99])).toEqual([499_999.5, 989_999.01]);
    expect(quantilesInPlace(new Float64Array(n).fill(3), [0.5])).toEqual([3]);
  });
});
