import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactSum } from '../../src/core/exact-sum.ts';

const sumOf = (values: readonly number[]): number => {
  const s = new ExactSum();
  for (const v of values) s.add(v);
  return s.value();
};

describe('ExactSum', () => {
  it('sums without the rounding of naive addition', () => {
    // Naive: ((1e100 + 1) - 1e100) = 0 and 0.1 added ten times = 0.9999999999999999.
    expect(sumOf([1e100, 1, -1e100])).toBe(1);
    expect(sumOf(Array(10).fill(0.1))).toBe(1);
    expect(sumOf([])).toBe(0);
  });

  it('gives the same sum for any order and any split into merged parts', () => {
    const finite = fc.double({ min: -1e12, max: 1e12, noNaN: true });
    fc.assert(
      fc.property(fc.array(finite, { maxLength: 60 }), fc.array(fc.nat(4), { maxLength: 60 }), (values, parts) => {
        const whole = sumOf(values);
        expect(sumOf([...values].reverse())).toBe(whole);
        const shards = Array.from({ length: 5 }, () => new ExactSum());
        values.forEach((v, i) => shards[parts[i] ?? 0]!.add(v));
        const merged = new ExactSum();
        for (const s of shards) merged.addAll(s.partials());
        expect(merged.value()).toBe(whole);
      }),
      { numRuns: 300 },
    );
  });
});
