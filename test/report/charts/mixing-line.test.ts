import { describe, expect, it } from 'vitest';
import { randomMixingLine } from '../../../src/report/charts/mixing-line.ts';

const p = (costPer1kUsd: number, quality: number) => ({ costPer1kUsd, quality });

describe('randomMixingLine', () => {
  it('joins the single models on the upper hull and skips one under the chord', () => {
    // A (1, 0.4), B (2, 0.5), C (3, 0.8): B lies under the chord A–C (0.6 at cost 2), so mixing A and C beats it.
    const line = randomMixingLine([p(1, 0.4), p(2, 0.5), p(3, 0.8)], 2);
    expect(line).toEqual([p(1, 0.4), p(2, 0.6000000000000001), p(3, 0.8)]);
  });

  it('is empty with fewer than two useful single models', () => {
    expect(randomMixingLine([p(1, 0.4)])).toEqual([]);
    expect(randomMixingLine([p(1, 0.9), p(2, 0.5)])).toEqual([]); // the dearer one is dominated
  });

  it('draws two single models of equal cost and quality as one point, not a segment', () => {
    expect(randomMixingLine([p(1, 0.4), p(1, 0.4)])).toEqual([]);
  });
});
