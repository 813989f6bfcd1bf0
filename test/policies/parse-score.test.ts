import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScore } from '../../policies/threshold.ts';

describe('parseScore', () => {
  it.each([
    '0',
    '-0',
    '+1',
    '0.5',
    '.5',
    '5.',
    '00012.500',
    '999999999999999',
    '1234567890123456',
    '0.0000000000000001',
  ])('reads %j exactly as Number does', (s) => {
    expect(Object.is(parseScore(s), Number(s))).toBe(true);
  });

  it.each(['.', '-', '', ' 1', '1e3', '0x10', 'Infinity', '1.2.3', '--1', '1_0'])(
    'hands %j to Number (NaN or another form)',
    (s) => {
      expect(Object.is(parseScore(s), Number(s))).toBe(true);
    },
  );

  it('agrees with Number on every string of digits, signs and dots', () => {
    const chars = fc.constantFrom(...'0123456789.-+');
    fc.assert(
      fc.property(
        fc.array(chars, { maxLength: 18 }).map((cs) => cs.join('')),
        (s) => Object.is(parseScore(s), Number(s)),
      ),
      { numRuns: 5000 },
    );
  });

  it('agrees with Number on printed doubles and fixed-point decimals', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), fc.integer({ min: 0, max: 12 }), (x, digits) => {
        const fixed = Math.abs(x) < 1e9 ? x.toFixed(digits) : '1';
        return Object.is(parseScore(String(x)), Number(String(x))) && Object.is(parseScore(fixed), Number(fixed));
      }),
      { numRuns: 5000 },
    );
  });
});
