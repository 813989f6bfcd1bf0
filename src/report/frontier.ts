/**
 * The quality–cost Pareto frontier and the random-mixing line, computed from the points drawn (so the
 * chart and the budget table agree even when singles or failed runs change the set).
 */
export interface CostQuality {
  readonly costPer1kUsd: number;
  readonly quality: number;
}

/**
 * Points no other point beats (cheaper-or-equal and better-or-equal, one strictly), cheapest first.
 * Ties in both cost and quality keep the first point in input order.
 */
export function paretoFrontier<T extends CostQuality>(points: readonly T[]): T[] {
  const sorted = points
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.costPer1kUsd - b.p.costPer1kUsd || b.p.quality - a.p.quality || a.i - b.i);
  const out: T[] = [];
  let best = -Infinity;
  for (const { p } of sorted) {
    if (p.quality > best) {
      out.push(p);
      best = p.quality;
    }
  }
  return out;
}

/**
 * What randomly mixing the single models achieves: sending share s of traffic to model B and 1−s to A
 * gives the straight segment between them, so the best mixtures form the upper convex hull of the
 * singles, from the cheapest model up to the best one. Each segment is sampled at `steps` points so it
 * still draws straight on a linear axis and correctly curved on a log one.
 */
export function randomMixingLine(singles: readonly CostQuality[], steps = 16): CostQuality[] {
  const frontier = paretoFrontier(singles);
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
