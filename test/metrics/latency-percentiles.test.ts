import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latencyPercentiles } from '../../src/metrics/latency-percentiles.ts';

describe('latencyPercentiles', () => {
  it('gives the type-7 percentile at every whole percent', () => {
    // 5 values: the percentile at k% sits at position 4·k/100, e.g. 10% → 0.4 → 10 + 0.4·10 = 14.
    const p = latencyPercentiles(Float64Array.from([50, 10, 40, 20, 30]));
    expect(p).toHaveLength(101);
    expect([p[0], p[10], p[25], p[50], p[100]]).toEqual([10, 14, 20, 30, 50]);
  });

  it('is empty without latencies', () => {
    expect(latencyPercentiles(new Float64Array(0))).toEqual([]);
  });

  it('rises from the smallest latency to the largest and only reorders its input (no copy)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), (xs) => {
        const input = Float64Array.from(xs);
        const p = latencyPercentiles(input);
        for (let k = 1; k < p.length; k++) expect(p[k]!).toBeGreaterThanOrEqual(p[k - 1]!);
        expect([p[0], p[100]]).toEqual([Math.min(...xs), Math.max(...xs)]);
        expect([...input].sort((a, b) => a - b)).toEqual([...xs].sort((a, b) => a - b));
      }),
    );
  });
});
