/**
 * The random-mixing line of the cost–quality chart, from the single models drawn (the frontier itself is
 * metrics/pareto.ts, shared with the budget table and the results JSON).
 */
import { paretoFrontierBy } from '../../metrics/pareto.ts';

export interface CostQuality {
  readonly costPer1kUsd: number;
  readonly quality: number;
}

/**
 * What randomly mixing the single models achieves: sending share s of traffic to model B and 1−s to A
 * gives the straight segment between them, so the best mixtures form the upper convex hull of the
 * singles, from the cheapest model up to the best one. Each segment is sampled at `steps` points so it
 * still draws straight on a linear axis and correctly curved on a log one.
 */
export function randomMixingLine(singles: readonly CostQuality[], steps = 16): CostQuality[] {
  const frontier = paretoFrontierBy(singles, (p) => ({ quality: p.quality, costUsd: p.costPer1kUsd }));
  const hull: CostQuality[] = [];
  for (const p of frontier) {
    // Pop the last hull point while it lies on or below the segment from its predecessor to p.
    while (hull.length >= 2) {
      const a = hull[hull.length - 2]!;
      const b = hull[hull.length - 1]!;
      const cross =
        (b.costPer1kUsd - a.costPer1kUsd) * (p.quality - a.quality) -
        (b.quality - a.quality) * (p.costPer1kUsd - a.costPer1kUsd);
      if (cross < 0) break;
      hull.pop();
    }
    hull.push(p);
  }
  if (hull.length < 2) return [];
  const line: CostQuality[] = [{ costPer1kUsd: hull[0]!.costPer1kUsd, quality: hull[0]!.quality }];
  for (let i = 1; i < hull.length; i++) {
    const a = hull[i - 1]!;
    const b = hull[i]!;
    for (let k = 1; k <= steps; k++) {
      const s = k / steps;
      line.push({
        costPer1kUsd: a.costPer1kUsd + s * (b.costPer1kUsd - a.costPer1kUsd),
        quality: a.quality + s * (b.quality - a.quality),
      });
    }
  }
  return line;
}
