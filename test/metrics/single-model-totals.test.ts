import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { costStats, qualityStats, slicePartialOf } from '../../src/metrics/merge.ts';
import { singleModelDecisions } from '../../src/metrics/references.ts';
import { singleModelMeans, singleModelTotals } from '../../src/metrics/single-model-totals.ts';
import { traceOf } from '../replay/tiny-trace.ts';
import { matrixRows } from './random-matrix.ts';

describe('singleModelTotals', () => {
  it.each([
    ['irregular traces with gaps', false],
    ['regular traces', true],
  ])('equals the sums of each always-<model> run, on %s with failures and unknowns', (_, full) => {
    fc.assert(
      fc.property(matrixRows({ full }), (rows) => {
        const trace = traceOf(rows);
        const totals = singleModelTotals(trace)!;
        expect(totals).toBeDefined();
        const means = singleModelMeans(trace);
        trace.modelNames.forEach((model, m) => {
          const p = slicePartialOf(singleModelDecisions(trace, model));
          expect(totals.qualitySum[m]).toBe(p.qualitySum);
          expect(totals.qualityKnown[m]).toBe(p.qualityKnown);
          expect(totals.costTotal[m]).toBe(p.costTotal);
          expect(totals.costKnown[m]).toBe(p.costKnown);
          expect(means.quality[m]).toBe(qualityStats(p, null).mean);
          expect(means.costPerRequestUsd[m]).toBe(costStats(p).perRequest);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('leaves traces with retries to the per-model runs, whose means it then returns', () => {
    const rows = [
      { requestId: 'q1', model: 'a', quality: 0, costUsd: 1 },
      { requestId: 'q1', model: 'a', quality: 1, costUsd: 2, attempt: 2 },
      { requestId: 'q1', model: 'b', quality: 1, costUsd: 5 },
    ];
    const trace = traceOf(rows);
    expect(singleModelTotals(trace)).toBeUndefined();
    // a: the final attempt's quality 1, both attempts paid (1 + 2); b: 1 and 5.
    expect(singleModelMeans(trace)).toEqual({ quality: [1, 1], costPerRequestUsd: [3, 5] });
  });
});
