import { describe, expect, it } from 'vitest';
import { gapAnchors } from '../../../src/report/charts/gap-levels.ts';
import { sweeps } from '../fixtures.ts';

describe('gapAnchors', () => {
  it('places the 50/80/95% gap levels between the weak and the strong end of a sweep', () => {
    // Fixture λ sweep of the learned router: weak end 0.443871 (λ = 1024, all gpt-3.5-turbo-0301), strong
    // end 0.830968 (λ = 0); gap 0.387097: 0.443871 + 0.5·0.387097 = 0.6374195, + 0.8·… = 0.7535486,
    // + 0.95·… = 0.81161315.
    const a = gapAnchors(sweeps()[0]!)!;
    const expected = [0.6374195, 0.7535486, 0.81161315];
    a.levels.forEach((l, i) => expect(l.quality).toBeCloseTo(expected[i]!, 9));
  });
});
