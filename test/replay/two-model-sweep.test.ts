import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { twoModelSweep } from '../../src/replay/two-model-sweep.ts';
import { traceOf } from './tiny-trace.ts';

describe('twoModelSweep', () => {
  it('sends exactly the requests with score ≥ t to the strong model, for any scores and thresholds', () => {
    const num = fc.oneof(
      fc.double({ noNaN: true }),
      fc.double({ min: -1, max: 1, noNaN: true }),
      fc.constantFrom(0, -0, 0.1, 0.3, 1, Infinity, -Infinity, 5e-324, 1e308),
    );
    fc.assert(
      fc.property(
        fc.array(num, { minLength: 1, maxLength: 40 }),
        fc.array(num, { minLength: 1, maxLength: 12 }),
        (scores, thresholds) => {
          const rows = scores.flatMap((_, r) => [
            { requestId: `q${r}`, model: 'strong', quality: 1, costUsd: 1 },
            { requestId: `q${r}`, model: 'weak', quality: 0, costUsd: 0.5 },
          ]);
          const trace = traceOf(rows);
          const score = Float64Array.from(trace.requestIds, (id) => scores[Number(id.slice(1))]!);
          const sweep = twoModelSweep(trace, { strong: 'strong', weak: 'weak', score }, thresholds)!;
          thresholds.forEach((t, i) => {
            const strong = scores.filter((x) => x >= t).length;
            expect(sweep.totals[i]).toEqual({
              qualitySum: strong,
              qualityKnown: scores.length,
              costTotal: strong + 0.5 * (scores.length - strong),
              costKnown: scores.length,
              strongCalls: strong,
              weakCalls: scores.length - strong,
            });
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
