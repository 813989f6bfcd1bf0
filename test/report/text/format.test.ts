import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as cli from '../../../src/cli/format.ts';
import {
  formatCi,
  formatCount,
  formatMs,
  formatNumber,
  formatPercent,
  formatQualityDiff,
  formatUsd,
  UNKNOWN,
} from '../../../src/report/text/format.ts';

const unknowns = [null, undefined, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

describe('the number formatter', () => {
  it.each(unknowns)('prints %s as "–" in every format, never "0" or "$0"', (x) => {
    for (const f of [formatPercent, formatUsd, formatMs, formatCount, formatNumber, formatQualityDiff]) {
      expect(f(x)).toBe(UNKNOWN);
    }
    expect(formatCi(null)).toBe(UNKNOWN);
    expect(formatCi([Number.NaN, 0.5])).toBe(UNKNOWN);
  });

  it('prints quality and shares as percentages', () => {
    expect(formatPercent(0.4371)).toBe('43.7%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(0.6, 0)).toBe('60%');
    expect(formatPercent(-0.0001)).toBe('0.0%'); // no "-0.0%"
    expect(formatCi([0.412, 0.461])).toBe('41.2%–46.1%');
    expect(formatQualityDiff(0.012)).toBe('+1.2 pts');
    expect(formatQualityDiff(-0.004)).toBe('−0.4 pts');
  });

  it.each([
    [0, '$0'],
    [0.00123456, '$0.00123'],
    [0.0000012345, '$0.00000123'],
    [2.491523, '$2.49'],
    [12.3456, '$12.3'],
    [99.96, '$100'],
    [1234.5, '$1,235'],
    [1234567, '$1,234,567'],
    [-0.125, '-$0.125'],
  ])('prints %s USD as %s', (usd, text) => {
    expect(formatUsd(usd)).toBe(text);
  });

  it.each([
    [0.4, '0 ms'],
    [1234.4, '1,234 ms'],
    [9999.6, '10.0 s'],
    [65_432, '65.4 s'],
  ])('prints %s ms as %s', (ms, text) => {
    expect(formatMs(ms)).toBe(text);
  });

  it('prints swept values without float noise', () => {
    expect(formatNumber(0.025599999999999998)).toBe('0.0256');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(1e6)).toBe('1000000');
    expect(formatNumber(2000)).toBe('2000');
    expect(formatCount(3156)).toBe('3,156');
  });

  it('round-trips a swept value to the number it names, to 12 significant digits', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (x) => {
        const text = formatNumber(x);
        const mantissa = text.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '');
        expect(mantissa.replace(/0+$/, '').length).toBeLessThanOrEqual(12);
        expect(Number(text)).toBe(Number(x.toPrecision(12)));
      }),
    );
  });

  it('never prints a known positive cost as "$0", and keeps 3 significant digits', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-9, max: 99.9, noNaN: true }), (usd) => {
        const text = formatUsd(usd);
        expect(text).not.toBe('$0');
        expect(Number(text.slice(1))).toBeCloseTo(Number(usd.toPrecision(3)), 12);
      }),
    );
  });

  it('is the formatter of the CLI too, so the terminal and report.html print the same text', () => {
    expect(cli.pct(0.4371)).toBe(formatPercent(0.4371));
    expect(cli.usd(null)).toBe(UNKNOWN);
    expect(cli.usd(12.3456)).toBe(formatUsd(12.3456));
    expect(cli.ms(1234.4)).toBe('1,234 ms');
    expect(cli.num(0.025599999999999998)).toBe('0.0256');
  });
});
