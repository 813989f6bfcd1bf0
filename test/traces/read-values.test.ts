import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonErrorPosition } from '../../src/traces/json-error-position.ts';
import { LOOKS_LIKE_SECONDS, NOT_A_NUMBER, parseDecimal, parseTimestamp } from '../../src/traces/parse-values.ts';

describe('parseDecimal', () => {
  it('agrees with Number() on every finite double written by String()', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (d) => {
        expect(Object.is(parseDecimal(String(d)), Number(String(d))) || d === 0).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with Number() on plain decimal strings of up to 20 digits', () => {
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(fc.boolean(), digits, fc.option(digits, { nil: undefined }), (neg, int, frac) => {
        const s = `${neg ? '-' : ''}${int}${frac === undefined ? '' : `.${frac}`}`;
        expect(parseDecimal(s)).toBe(Number(s));
      }),
      { numRuns: 2000 },
    );
  });

  it.each(['abc', '0x10', 'Infinity', '-', '.', '1.2.3', '1e', 'NaN', '1,5'])('refuses %j', (s) => {
    expect(parseDecimal(s)).toBe(NOT_A_NUMBER);
  });
});

describe('parseTimestamp', () => {
  it.each([
    ['2024-05-01T12:00:00Z', Date.UTC(2024, 4, 1, 12)],
    ['2024-05-01 12:00:00', Date.UTC(2024, 4, 1, 12)], // no zone = UTC
    ['2024-05-01T12:00:00.250+02:00', Date.UTC(2024, 4, 1, 10, 0, 0, 250)],
    ['2024-05-01T12:00-0530', Date.UTC(2024, 4, 1, 17, 30)],
    ['2024-05-01', Date.UTC(2024, 4, 1)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['1714564800000', 1714564800000],
    [1714564800000, 1714564800000],
  ])('reads %j as %d ms', (cell, ms) => {
    expect(parseTimestamp(cell)).toBe(ms);
  });

  it.each(['2023-02-29', '2024-13-01', '2024-05-01T25:00:00Z', 'May 1, 2024', '-5'])('refuses %j', (cell) => {
    expect(parseTimestamp(cell)).toBeUndefined();
  });

  it('refuses epoch seconds rather than guessing', () => {
    expect(parseTimestamp('1714564800')).toBe(LOOKS_LIKE_SECONDS);
  });
});

describe('jsonErrorPosition', () => {
  it.each([
    ['{"a":1}', -1],
    ['{"a":1,}', 7],
    ['{"a":tru}', 8],
    ['{"a" 1}', 5],
    ['{"a":"x', 7],
    ['[1,2', 4],
    ['{"a":1} x', 8],
    ['{"a":01}', 6],
  ])('finds the error in %j at index %d', (text, pos) => {
    expect(jsonErrorPosition(text)).toBe(pos);
  });

  it('accepts everything JSON.stringify writes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(jsonErrorPosition(JSON.stringify(v))).toBe(-1);
      }),
    );
  });
});
