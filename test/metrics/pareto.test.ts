import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paretoFrontier, type FrontierPoint } from '../../src/metrics/pareto.ts';

const dominates = (q: FrontierPoint, p: FrontierPoint): boolean =>
  q.quality! >= p.quality! && q.costUsd <= p.costUsd && (q.quality! > p.quality! || q.costUsd < p.costUsd);

describe('paretoFrontier', () => {
  it('keeps the non-dominated runs, cheapest first', () => {
    // The references of the tiny trace plus a dominated run: oracle (5/6, 1.125) dominates bad (0.4, 2).
    const points = [
      { name: 'always:s', quality: 1, costUsd: 4 },
      { name: 'bad', quality: 0.4, costUsd: 2 },
      { name: 'always:w', quality: 1 / 3, costUsd: 0.25 },
      { name: 'oracle', quality: 5 / 6, costUsd: 1.125 },
      { name: 'always:m', quality: 0.5, costUsd: 1 },
      { name: 'unknown', quality: null, costUsd: 0 },
    ];
    expect(paretoFrontier(points)).toEqual(['always:w', 'always:m', 'oracle', 'always:s']);
  });

  it('keeps equal points both, and drops a point matched on one axis and beaten on the other', () => {
    expect(
      paretoFrontier([
        { name: 'a', quality: 0.5, costUsd: 1 },
        { name: 'b', quality: 0.5, costUsd: 1 },
        { name: 'c', quality: 0.5, costUsd: 2 },
        { name: 'd', quality: 0.4, costUsd: 1 },
      ]),
    ).toEqual(['a', 'b']);
  });

  it('has no dominated point and dominates every point it leaves out', () => {
    const point = fc.record({
      quality: fc.option(fc.integer({ min: 0, max: 10 }).map((q) => q / 10)),
      costUsd: fc.integer({ min: 0, max: 10 }),
    });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 25 }), (raw) => {
        const points = raw.map((p, i) => ({ name: `p${i}`, ...p }));
        const placed = points.filter((p) => p.quality !== null);
        const names = paretoFrontier(points);
        const front = placed.filter((p) => names.includes(p.name));
        for (const p of front) expect(placed.some((q) => dominates(q, p))).toBe(false);
        for (const p of placed.filter((x) => !names.includes(x.name)))
          expect(front.some((q) => dominates(q, p))).toBe(true);
        const costs = names.map((n) => points.find((p) => p.name === n)!.costUsd);
        expect(costs).toEqual([...costs].sort((a, b) => a - b));
      }),
    );
  });
});
