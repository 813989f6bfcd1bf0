import { describe, expect, it } from 'vitest';
import { gapAnchors } from '../../../src/report/charts/gap-levels.ts';
import { sweeps } from '../fixtures.ts';

describe('gapAnchors', () => {
  it('places the 50/80/95% gap levels between the weak and the strong end of a sweep', () => {
    // Fixture λ sweep of the learned router: weak end 0.450323 (largest λ, all gpt-3.5-turbo-0301), strong
    // end 0.836129 (λ = 0); gap 0.385806: 0.450323 + 0.5·0.385806 = 0.643226, + 0.8·… = 0.7589678,
    // + 0.95·… = 0.8168387.
    const a = gapAnchors(sweeps()[0]!)!;
    const expected = [0.643226, 0.7589678, 0.8168387];
    a.levels.forEach((l, i) => expect(l.quality).toBeCloseTo(expected[i]!, 9));
  });
});
