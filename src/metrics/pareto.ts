/**
 * The quality–cost Pareto frontier across runs.
 */

/** A run as a point: higher quality and lower cost are better; null quality is left out. */
export interface FrontierPoint {
  readonly name: string;
  readonly quality: number | null;
  readonly costUsd: number;
}

/**
 * Names of the non-dominated points, cheapest first (ties: input order). q dominates p when q is at least as
 * good on both axes and strictly better on one; equal points do not dominate each other, so both stay.
 * Points with unknown quality or cost are not placed. O(n²): n is a handful of runs or sweep points.
 */
export function paretoFrontier(points: readonly FrontierPoint[]): string[] {
  const placed = points
    .map((p, index) => ({ ...p, index }))
    .filter(
      (p): p is typeof p & { quality: number } =>
        p.quality !== null && !Number.isNaN(p.quality) && !Number.isNaN(p.costUsd),
    );
  const dominated = (p: (typeof placed)[number]): boolean =>
    placed.some(
      (q) => q.quality >= p.quality && q.costUsd <= p.costUsd && (q.quality > p.quality || q.costUsd < p.costUsd),
    );
  return placed
    .filter((p) => !dominated(p))
    .sort((a, b) => a.costUsd - b.costUsd || a.index - b.index)
    .map((p) => p.name);
}
