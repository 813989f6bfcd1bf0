import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paretoFrontier, paretoFrontierBy, type FrontierPoint } from '../../src/metrics/pareto.ts';

type Placed = { name: string; quality: number; costUsd: number };
const dominates = (q: Placed, p: Placed): boolean =>
  q.quality >= p.quality && q.costUsd <= p.costUsd && (q.quality > p.quality || q.costUsd < p.costUsd);
const same = (q: Placed, p: Placed): boolean => q.quality === p.quality && q.costUsd === p.costUsd;

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

  it('keeps the first of equal points, and drops a point matched on one axis and beaten on the other', () => {
    expect(
      paretoFrontier([
        { name: 'a', quality: 0.5, costUsd: 1 },
        { name: 'b', quality: 0.5, costUsd: 1 },
        { name: 'c', quality: 0.5, costUsd: 2 },
        { name: 'd', quality: 0.4, costUsd: 1 },
      ]),
    ).toEqual(['a']);
  });

  it('does not place a run of unknown cost as a free one', () => {
    // Before: an unknown cost was 0 per request and put 'learned' first on the frontier, dominating 'cheap'.
    expect(
      paretoFrontier([
        { name: 'cheap', quality: 0.5, costUsd: 1 },
        { name: 'learned', quality: 0.9, costUsd: null },
        { name: 'nan', quality: 0.9, costUsd: Number.NaN },
      ]),
    ).toEqual(['cheap']);
  });

  it('has no dominated point, no two equal points, and dominates or equals every point it leaves out', () => {
    const point = fc.record({
      quality: fc.option(fc.integer({ min: 0, max: 10 }).map((q) => q / 10)),
      costUsd: fc.option(fc.integer({ min: 0, max: 10 }), { freq: 8 }),
    });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 25 }), (raw) => {
        const points: FrontierPoint[] = raw.map((p, i) => ({ name: `p${i}`, ...p }));
        const placed = points.filter((p): p is Placed => p.quality !== null && p.costUsd !== null);
        const names = paretoFrontier(points);
        const front = placed.filter((p) => names.includes(p.name));
        expect(front.length).toBe(names.length);
        for (const p of front) expect(placed.some((q) => dominates(q, p))).toBe(false);
        for (const [i, p] of front.entries()) expect(front.slice(i + 1).some((q) => same(q, p))).toBe(false);
        for (const p of placed.filter((x) => !names.includes(x.name))) {
          // Left out: beaten, or equal to a frontier point that comes earlier in the input.
          const earlierTwin = front.some((q) => same(q, p) && Number(q.name.slice(1)) < Number(p.name.slice(1)));
          expect(front.some((q) => dominates(q, p)) || earlierTwin).toBe(true);
        }
        const costs = names.map((n) => placed.find((p) => p.name === n)!.costUsd);
        expect(costs).toEqual([...costs].sort((a, b) => a - b));
      }),
    );
  });

  it('places any item through its accessor and returns the items themselves', () => {
    const items = [
      { id: 1, q: 0.2, usd: 3 },
      { id: 2, q: 0.7, usd: 2 },
      { id: 3, q: 0.9, usd: 5 },
    ];
    expect(paretoFrontierBy(items, (i) => ({ quality: i.q, costUsd: i.usd })).map((i) => i.id)).toEqual([2, 3]);
  });
});
