import { describe, expect, it } from 'vitest';
import { gapAnchors } from '../../../src/report/charts/gap-levels.ts';
import { sweeps } from '../fixtures.ts';

describe('gapAnchors', () => {
  it('places the 50/80/95% gap levels between the weak and the strong end of a sweep', () => {
    // Fixture sweep: weak 0.609677 at 0% strong calls, strong 0.828387 at 100%; gap 0.21871:
    // 0.609677 + 0.5·0.21871 = 0.719032, + 0.8·… = 0.784645, + 0.95·… = 0.8174515.
    const a = gapAnchors(sweeps()[0]!)!;
    const expected = [0.719032, 0.784645, 0.8174515];
    a.levels.forEach((l, i) => expect(l.quality).toBeCloseTo(expected[i]!, 9));
  });
});
