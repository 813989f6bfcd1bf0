import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.ts';
import { pairedComparison } from '../../src/metrics/paired.ts';
import { decisionsOf, MODEL_CODES, tinyTrace } from './tiny-trace.ts';

// Model codes are in name order (m, s, w), not the table's column order.
const { W, M, S } = MODEL_CODES;
const trace = tinyTrace();
const w = decisionsOf(trace, 'always:w', [W, W, W, W, W, W]);

describe('pairedComparison', () => {
  it('averages per-request differences over requests both runs know', () => {
    const m = decisionsOf(trace, 'always:m', [M, M, M, M, M, M]);
    const cmp = pairedComparison(trace, m, w, createRng(1));
    // quality m − w per request: 1, 0, 0, 0, −1, 1 → 1/6; cost 1 − 0.25 = 0.75 on every request.
    expect(cmp.baseline).toBe('always:w');
    expect(cmp.qualityDiff.mean).toBe(1 / 6);
    expect(cmp.qualityDiff.requests).toBe(6);
    expect(cmp.costDiffPerRequest).toEqual({ mean: 0.75, ci95: [0.75, 0.75], requests: 6 });
    const [lo, hi] = cmp.qualityDiff.ci95;
    expect(lo).toBeLessThanOrEqual(1 / 6);
    expect(hi).toBeGreaterThanOrEqual(1 / 6);
  });

  it('leaves out requests where either side is unknown', () => {
    const s = decisionsOf(trace, 'always:s', [S, S, S, S, S, S]);
    const cmp = pairedComparison(trace, s, w, createRng(1));
    // quality known on both for r1, r2, r3, r5: 1−0, 1−1, 1−0, 1−1 → 2/4; cost on r1–r5: 4 − 0.25 = 3.75.
    expect(cmp.qualityDiff.mean).toBe(0.5);
    expect(cmp.qualityDiff.requests).toBe(4);
    expect(cmp.costDiffPerRequest).toEqual({ mean: 3.75, ci95: [3.75, 3.75], requests: 5 });
  });

  it('is the same for the same seed', () => {
    const m = decisionsOf(trace, 'always:m', [M, M, M, M, M, M]);
    expect(pairedComparison(trace, m, w, createRng(9))).toEqual(pairedComparison(trace, m, w, createRng(9)));
  });

  it('gives NaN (null in JSON) with zero requests when nothing overlaps', () => {
    const none = decisionsOf(trace, 'none', [-1, -1, -1, -1, -1, -1]);
    const cmp = pairedComparison(trace, none, w, createRng(1));
    expect(cmp.qualityDiff.mean).toBeNaN();
    expect(cmp.qualityDiff.requests).toBe(0);
    expect(JSON.parse(JSON.stringify(cmp.qualityDiff))).toEqual({ mean: null, ci95: [null, null], requests: 0 });
  });
});
