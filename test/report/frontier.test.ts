import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { paretoFrontier, randomMixingLine } from '../../src/report/frontier.ts';
import { gapAnchors } from '../../src/report/gap-levels.ts';
import { sweeps } from './fixtures.ts';

const p = (costPer1kUsd: number, quality: number) => ({ costPer1kUsd, quality });

describe('paretoFrontier', () => {
  it('keeps the points nothing cheaper beats, cheapest first', () => {
    // (2, 0.5) is beaten by (1, 0.6); (3, 0.6) ties (1, 0.6) on quality at a higher cost.
    expect(paretoFrontier([p(3, 0.6), p(1, 0.6), p(2, 0.5), p(4, 0.9), p(0.5, 0.2)])).toEqual([
      p(0.5, 0.2),
      p(1, 0.6),
      p(4, 0.9),
    ]);
  });

  it('never keeps a dominated point', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            costPer1kUsd: fc.double({ min: 0, max: 100, noNaN: true }),
            quality: fc.double({ min: 0, max: 1, noNaN: true }),
          }),
          { maxLength: 30 },
        ),
        (pts) => {
          const f = paretoFrontier(pts);
          for (const a of f) {
            expect(
              pts.some(
                (b) =>
                  b.costPer1kUsd <= a.costPer1kUsd &&
                  b.quality >= a.quality &&
                  (b.costPer1kUsd < a.costPer1kUsd || b.quality > a.quality),
              ),
            ).toBe(false);
          }
        },
      ),
    );
  });
});

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
});

describe('gapAnchors', () => {
  it('places the 50/80/95% gap levels between the weak and the strong end of a sweep', () => {
    // Fixture sweep: weak 0.609677 at 0% strong calls, strong 0.828387 at 100%; gap 0.21871:
    // 0.609677 + 0.5·0.21871 = 0.719032, + 0.8·… = 0.784645, + 0.95·… = 0.8174515.
    const a = gapAnchors(sweeps()[0]!)!;
    const expected = [0.719032, 0.784645, 0.8174515];
    a.levels.forEach((l, i) => expect(l.quality).toBeCloseTo(expected[i]!, 9));
  });
});
