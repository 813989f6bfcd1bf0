import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aiq, apgr, cpt, nonDecreasingHull, pgr } from '../../src/metrics/curves.ts';

// A 3-point sweep between weak (quality 0.5) and strong (quality 0.9):
//   strong share 0   → quality 0.5, cost 1
//   strong share 0.5 → quality 0.8, cost 3
//   strong share 1   → quality 0.9, cost 5
const WEAK = 0.5,
  STRONG = 0.9;
const curve = [
  { strongShare: 0.5, quality: 0.8, costUsd: 3 },
  { strongShare: 0, quality: 0.5, costUsd: 1 },
  { strongShare: 1, quality: 0.9, costUsd: 5 },
];

describe('pgr', () => {
  it('is the share of the weak–strong gap recovered', () => {
    expect(pgr(0.8, WEAK, STRONG)).toBeCloseTo(0.75, 15); // (0.8 − 0.5) / 0.4
    expect(pgr(0.5, WEAK, STRONG)).toBe(0);
    expect(pgr(0.9, WEAK, STRONG)).toBe(1);
    expect(pgr(0.7, 0.6, 0.6)).toBeNaN();
  });
});

describe('apgr', () => {
  it('is the area under PGR against the strong share on a hand-computed curve', () => {
    // PGR 0, 0.75, 1 at shares 0, 0.5, 1: trapezoids (0 + 0.75)/2·0.5 + (0.75 + 1)/2·0.5 = 0.1875 + 0.4375.
    // RouteLLM's form: AUC = (0.5+0.8)/2·0.5 + (0.8+0.9)/2·0.5 = 0.75; (0.75 − 0.5·1) / (0.9·1 − 0.5·1) = 0.625.
    expect(apgr(curve, WEAK, STRONG)).toBeCloseTo(0.625, 14);
  });

  it('uses cost as x when a point has no strong share, and averages points at the same x', () => {
    // x = cost 1, 3, 5: (0.5+0.8)/2·2 + (0.8+0.9)/2·2 = 3 over Δx = 4 → AUC/Δx = 0.75 → APGR 0.625 again.
    expect(
      apgr(
        curve.map(({ quality, costUsd }) => ({ quality, costUsd })),
        WEAK,
        STRONG,
      ),
    ).toBeCloseTo(0.625, 14);
    // Share 0.5 twice with qualities 0.7 and 0.9 counts as 0.8, whatever their order.
    const twin = [...curve, { strongShare: 0.5, quality: 0.7, costUsd: 3 }].map((p) =>
      p.quality === 0.8 ? { ...p, quality: 0.9 } : p,
    );
    expect(apgr(twin, WEAK, STRONG)).toBeCloseTo(0.625, 14);
    expect(apgr([...twin].reverse(), WEAK, STRONG)).toBe(apgr(twin, WEAK, STRONG));
  });

  it('is NaN for a single point or a zero gap', () => {
    expect(apgr(curve.slice(0, 1), WEAK, STRONG)).toBeNaN();
    expect(apgr(curve, 0.7, 0.7)).toBeNaN();
  });
});

describe('cpt', () => {
  it('interpolates the strong share needed to recover a fraction of the gap', () => {
    // 50%: target 0.5 + 0.5·0.4 = 0.7, between (0, 0.5) and (0.5, 0.8): 0.5·(0.2/0.3) = 1/3.
    expect(cpt(curve, WEAK, STRONG, 0.5)).toBeCloseTo(1 / 3, 14);
    // 95%: target 0.88, between (0.5, 0.8) and (1, 0.9): 0.5 + 0.5·(0.08/0.1) = 0.9.
    expect(cpt(curve, WEAK, STRONG, 0.95)).toBeCloseTo(0.9, 14);
    expect(cpt(curve, WEAK, STRONG, 0)).toBe(0);
    expect(cpt(curve, WEAK, STRONG, 1.1)).toBeNull();
    // On the cost axis: 1 + 2·(2/3).
    expect(cpt(curve, WEAK, STRONG, 0.5, 'costUsd')).toBeCloseTo(7 / 3, 14);
  });

  it('works on the running-best curve: a worse point at a higher share is skipped', () => {
    // (0.25, 0.4) is below the best so far (0.5): the curve still runs from (0, 0.5) to (0.5, 0.8).
    const dip = [...curve, { strongShare: 0.25, quality: 0.4, costUsd: 2 }];
    expect(cpt(dip, WEAK, STRONG, 0.5)).toBeCloseTo(1 / 3, 14);
    // A non-monotone tail: (0.75, 0.95) reaches 100% before share 1.
    expect(cpt([...curve, { strongShare: 0.75, quality: 0.95, costUsd: 4 }], WEAK, STRONG, 1)).toBeCloseTo(
      0.5 + 0.25 * (0.1 / 0.15),
      14,
    );
  });

  it('never needs more share for a smaller fraction', () => {
    const pt = fc.record({
      strongShare: fc.double({ min: 0, max: 1, noNaN: true }),
      quality: fc.double({ min: 0, max: 1, noNaN: true }),
      costUsd: fc.constant(1),
    });
    fc.assert(
      fc.property(
        fc.array(pt, { minLength: 1, maxLength: 20 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (pts, f1, f2) => {
          const [lo, hi] = f1 <= f2 ? [f1, f2] : [f2, f1];
          const a = cpt(pts, 0.2, 0.8, lo),
            b = cpt(pts, 0.2, 0.8, hi);
          if (b !== null) expect(a).not.toBeNull();
          if (a !== null && b !== null) expect(a).toBeLessThanOrEqual(b + 1e-12);
        },
      ),
    );
  });
});

describe('aiq', () => {
  it('is the normalised area under the non-decreasing convex hull on a hand-computed curve', () => {
    // Hull (1, 0.5) → (3, 0.8) → (5, 0.9) (0.8 is above the chord's 0.7): area (0.5+0.8)/2·2 + (0.8+0.9)/2·2 = 3;
    // over the cost range 5 − 1 = 4 → 0.75.
    expect(aiq(curve)).toBeCloseTo(0.75, 14);
  });

  it('ignores points under the hull and holds the best quality flat to the top of the cost range', () => {
    // (2, 0.55) lies under the chord (1, 0.5)–(3, 0.8), which is 0.65 at cost 2: no change.
    expect(aiq([...curve, { quality: 0.55, costUsd: 2 }])).toBeCloseTo(0.75, 14);
    // (6, 0.7) is dearer and worse: the hull stays at 0.9 from 5 to 6 → (3 + 0.9) / (6 − 1) = 0.78.
    expect(aiq([...curve, { quality: 0.7, costUsd: 6 }])).toBeCloseTo(0.78, 14);
  });

  it('is null when the costs do not span a range', () => {
    expect(
      aiq([
        { quality: 0.5, costUsd: 1 },
        { quality: 0.7, costUsd: 1 },
      ]),
    ).toBeNull();
    expect(aiq([])).toBeNull();
  });

  it('builds a hull that never decreases and lies on or above every point', () => {
    const pt = fc.record({ x: fc.integer({ min: 0, max: 20 }), q: fc.integer({ min: 0, max: 20 }).map((v) => v / 20) });
    fc.assert(
      fc.property(fc.array(pt, { minLength: 1, maxLength: 30 }), (pts) => {
        const hull = nonDecreasingHull(pts.map((p) => ({ ...p })));
        for (let i = 1; i < hull.length; i++) {
          expect(hull[i]!.x).toBeGreaterThan(hull[i - 1]!.x);
          expect(hull[i]!.q).toBeGreaterThanOrEqual(hull[i - 1]!.q);
        }
        const at = (x: number): number => {
          const j = hull.findIndex((h) => h.x >= x);
          if (hull[j]!.x === x) return hull[j]!.q;
          const a = hull[j - 1]!,
            b = hull[j]!;
          return a.q + ((x - a.x) / (b.x - a.x)) * (b.q - a.q);
        };
        for (const p of pts) expect(at(p.x)).toBeGreaterThanOrEqual(p.q - 1e-12);
      }),
    );
  });
});
