import { describe, expect, it } from 'vitest';
import { gapAnchors } from '../../../src/report/charts/gap-levels.ts';
import { sweeps } from '../fixtures.ts';

describe('gapAnchors', () => {
  it('places the 50/80/95% gap levels between the weak and the strong end of a sweep', () => {
    // Fixture λ sweep of the learned router: weak end 0.437419 (λ = 1024, all gpt-3.5-turbo-0301), strong
    // end 0.834839 (λ = 0); gap 0.39742: 0.437419 + 0.5·0.39742 = 0.636129, + 0.8·… = 0.755355,
    // + 0.95·… = 0.814968.
    const a = gapAnchors(sweeps()[0]!)!;
    const expected = [0.636129, 0.755355, 0.814968];
    a.levels.forEach((l, i) => expect(l.quality).toBeCloseTo(expected[i]!, 9));
  });
});
