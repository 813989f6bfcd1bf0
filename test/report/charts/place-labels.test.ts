import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelBox, placeLabels } from '../../../src/report/charts/place-labels.ts';
import { costQualityChart } from '../../../src/report/charts/cost-quality.ts';
import { replay } from '../fixtures.ts';

const overlap = (a: ReturnType<typeof labelBox>, b: ReturnType<typeof labelBox>) =>
  a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

describe('placeLabels', () => {
  it('puts a label right-above its point, and the next one elsewhere when that spot is taken', () => {
    // a is placed first, right-above. b is 10 px left of a: a label on b's right starts at 107 px, inside
    // a's marker (104–116 px), so b's label goes to its left, above.
    const spots = placeLabels(
      [
        { key: 'a', text: 'alpha', xPx: 110, yPx: 100 },
        { key: 'b', text: 'beta', xPx: 100, yPx: 100 },
      ],
      640,
      400,
    );
    expect(spots.get('a')).toEqual({ at: 'above', align: 'left' });
    expect(spots.get('b')).toEqual({ at: 'above', align: 'right' });
  });

  it('leaves out a label that fits nowhere inside the plot', () => {
    const spots = placeLabels([{ key: 'a', text: 'x'.repeat(30), xPx: 5, yPx: 5 }], 40, 10);
    expect(spots.size).toBe(0);
  });

  it('never places two labels on each other, on a point, or outside the plot', () => {
    const point = fc.record({
      xPx: fc.integer({ min: 0, max: 640 }),
      yPx: fc.integer({ min: 0, max: 400 }),
      text: fc.string({ minLength: 1, maxLength: 40 }),
    });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 30 }), (raw) => {
        const points = raw.map((p, i) => ({ ...p, key: `p${i}` }));
        const spots = placeLabels(points, 640, 400);
        const boxes = points.flatMap((p) => (spots.has(p.key) ? [labelBox(p, spots.get(p.key)!)] : []));
        for (const [i, a] of boxes.entries()) {
          expect(a.x0 >= 0 && a.x1 <= 640 && a.y0 >= 0 && a.y1 <= 400).toBe(true);
          for (const b of boxes.slice(i + 1)) expect(overlap(a, b)).toBe(false);
          for (const p of points) {
            expect(overlap(a, { x0: p.xPx - 6, x1: p.xPx + 6, y0: p.yPx - 6, y1: p.yPx + 6 })).toBe(false);
          }
        }
      }),
    );
  });
});

describe('cost–quality labels', () => {
  it('names every point of the fixture but the two that sit on another', () => {
    // best-prior and always:gpt-4-0314 (35.8, 0.834, the same point) are drawn on learned (35.3, 0.836): no free
    // spot is left for their labels.
    const spec = costQualityChart(replay())!.spec as unknown as {
      datasets: { points: { policy: string; label: string }[] };
    };
    const unlabelled = spec.datasets.points.filter((p) => p.label === '').map((p) => p.policy);
    expect(unlabelled).toEqual(['best-prior', 'always:gpt-4-0314']);
  });
});
