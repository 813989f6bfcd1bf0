import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactSum } from '../../src/core/exact-sum.ts';
import { ExactSums } from '../../src/core/exact-sums.ts';

describe('ExactSums', () => {
  it('gives each sum the value ExactSum gives for the same values, whatever their range', () => {
    const value = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }),
      fc.double({ noNaN: true, min: 0, max: 1 }),
      fc.constantFrom(0, 1, 0.1, 1e-17, 2 ** 53, -(2 ** -1074)),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(3), value), { maxLength: 200 }), (pairs) => {
        const sums = new ExactSums(4);
        const want = Array.from({ length: 4 }, () => new ExactSum());
        for (const [k, v] of pairs) {
          sums.add(k, v);
          want[k]!.add(v);
        }
        // `+ 0`: a sum of only −0s is +0 in ExactSums and −0 in ExactSum (documented; JSON writes both as 0).
        for (let k = 0; k < 4; k++) {
          expect(sums.value(k) + 0).toBe(want[k]!.value() + 0);
          expect(sums.exact(k).value() + 0).toBe(want[k]!.value() + 0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('is exact where plain addition is not: 1e16 + 1 + 1 - 1e16 is 2, and 0.1 ten times is 1', () => {
    const sums = new ExactSums(2);
    for (const v of [1e16, 1, 1, -1e16]) sums.add(0, v);
    for (let i = 0; i < 10; i++) sums.add(1, 0.1);
    expect(sums.value(0)).toBe(2);
    // Ten 0.1s are 1.0000000000000000555…: rounded once, 1 (the plain loop gives 0.9999999999999999).
    expect(sums.value(1)).toBe(1);
  });
});
