/**
 * The quality–cost Pareto frontier: one implementation for the results JSON (`frontier`), the CLI's stars,
 * the report's budget table and its chart, so they cannot disagree on which runs are on it.
 */
import type { RunResult } from './types.ts';

/** Where an item sits on the plane: higher quality and lower cost are better; null means unknown. */
export interface QualityCost {
  readonly quality: number | null;
  readonly costUsd: number | null;
}

/** A run as a named point (the shape of the library's `paretoFrontier`). */
export interface FrontierPoint extends QualityCost {
  readonly name: string;
}

/**
 * The items nothing beats, cheapest first. q dominates p when q is at least as good on both axes and
 * strictly better on one. Items equal on both axes are one point of the plane: the first in input order
 * stands for them and the others are left out, so the budget table gets one row per budget level and the
 * chart one label per frontier point. Items with an unknown (null or NaN) quality or cost are not placed:
 * an unknown cost is not a free run. O(n log n).
 */
export function paretoFrontierBy<T>(items: readonly T[], at: (item: T) => QualityCost): T[] {
  const placed: { item: T; quality: number; costUsd: number; index: number }[] = [];
  items.forEach((item, index) => {
    const { quality, costUsd } = at(item);
    if (quality === null || costUsd === null || Number.isNaN(quality) || Number.isNaN(costUsd)) return;
    placed.push({ item, quality, costUsd, index });
  });
  // Cheapest first, the best of equal costs first, input order last: a point is on the frontier exactly
  // when its quality beats every point before it.
  placed.sort((a, b) => a.costUsd - b.costUsd || b.quality - a.quality || a.index - b.index);
  const out: T[] = [];
  let best = -Infinity;
  for (const p of placed) {
    if (p.quality > best) {
      out.push(p.item);
      best = p.quality;
    }
  }
  return out;
}

/** Names of the non-dominated points, cheapest first (rules of `paretoFrontierBy`). */
export function paretoFrontier(points: readonly FrontierPoint[]): string[] {
  return paretoFrontierBy(points, (p) => p).map((p) => p.name);
}

/** Cost per request in USD, or null when no request of the run had a known cost (then it is not free). */
export function knownCostPerRequestUsd(run: Pick<RunResult, 'requests' | 'costUsd'>): number | null {
  return run.requests - (run.costUsd.unknown ?? 0) > 0 ? run.costUsd.perRequest : null;
}

/** The frontier of a replay's successful runs by mean quality and known cost per request, as names. */
export function runsFrontier(runs: readonly RunResult[]): string[] {
  return paretoFrontierBy(
    runs.filter((r) => r.error === undefined),
    (r) => ({ quality: r.quality.mean, costUsd: knownCostPerRequestUsd(r) }),
  ).map((r) => r.policy);
}
