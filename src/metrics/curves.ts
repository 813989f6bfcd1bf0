/**
 * Summaries of a cost–quality curve traced by a sweep (one point per parameter value).
 *
 * Sources:
 * - PGR, APGR, CPT: Ong et al., "RouteLLM: Learning to Route LLMs with Preference Data" (2024), §5, and
 *   their evaluation code `routellm/evals/evaluate.py` (`apgr_metric`, `pct_call_metric`).
 * - AIQ: Hu et al., "RouterBench: A Benchmark for Multi-LLM Routing System" (2024), §3 (average improvement
 *   in quality over the non-decreasing convex hull), and `calc_AIQ` in the RouterBench repository.
 *
 * The x axis of APGR and CPT is the share of calls to the strong model, as in RouteLLM, when every point
 * carries `strongShare`; otherwise it is `costUsd` (both are monotone measures of spend).
 */
export interface CurvePoint {
  readonly costUsd: number;
  readonly quality: number;
  /** Share of calls that went to the strong model, in [0,1]. */
  readonly strongShare?: number;
}

export type CurveAxis = 'strongShare' | 'costUsd';

/** Performance gap recovered: (q − weak) / (strong − weak); NaN when strong = weak. */
export function pgr(quality: number, weak: number, strong: number): number {
  return strong === weak ? NaN : (quality - weak) / (strong - weak);
}

/** The axis used when the caller does not choose: strong share when every point has it. */
export function defaultAxis(points: readonly CurvePoint[]): CurveAxis {
  return points.length > 0 && points.every((p) => p.strongShare !== undefined) ? 'strongShare' : 'costUsd';
}

function xy(points: readonly CurvePoint[], axis: CurveAxis): { x: number; q: number }[] {
  return points
    .map((p) => ({ x: axis === 'strongShare' ? (p.strongShare ?? NaN) : p.costUsd, q: p.quality }))
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.q));
}

/**
 * Average PGR, as RouteLLM's `apgr_metric` computes it: points sorted by x, AUC = trapezoidal ∫ q dx,
 * APGR = (AUC − weak·Δx) / (strong·Δx − weak·Δx) with Δx = x_max − x_min — the trapezoidal mean of PGR over
 * the swept range, which is the paper's ∫₀¹ PGR d(strong share) when the sweep spans shares 0 to 1.
 * Points at the same x are merged into their mean quality, so the result does not depend on input order.
 * NaN when strong = weak or the curve has fewer than two distinct x values.
 */
export function apgr(points: readonly CurvePoint[], weak: number, strong: number, axis = defaultAxis(points)): number {
  const pts = mergeEqualX(xy(points, axis));
  if (pts.length < 2 || strong === weak) return NaN;
  let auc = 0;
  for (let i = 1; i < pts.length; i++) auc += ((pts[i]!.q + pts[i - 1]!.q) / 2) * (pts[i]!.x - pts[i - 1]!.x);
  const dx = pts[pts.length - 1]!.x - pts[0]!.x;
  return (auc - weak * dx) / (strong * dx - weak * dx);
}

function mergeEqualX(pts: { x: number; q: number }[]): { x: number; q: number }[] {
  pts.sort((a, b) => a.x - b.x || a.q - b.q);
  const out: { x: number; q: number }[] = [];
  for (let i = 0; i < pts.length; ) {
    let j = i,
      sum = 0;
    while (j < pts.length && pts[j]!.x === pts[i]!.x) sum += pts[j++]!.q;
    out.push({ x: pts[i]!.x, q: sum / (j - i) });
    i = j;
  }
  return out;
}

/**
 * Call-performance threshold: the least x (strong share, or cost) at which quality reaches
 * weak + fraction·(strong − weak) on the monotone running-best curve — points sorted by x, keeping only those
 * that raise the best quality so far (a larger budget can always buy a cheaper configuration). Between two
 * kept points the curve is linear, as in RouteLLM's `np.interp(target, accuracy, strong_percentage)` (which
 * needs that monotone curve to be meaningful); a point on it is reached by randomly mixing the two configurations.
 * Returns x₀ when the first point already reaches the target, null when no point does.
 */
export function cpt(
  points: readonly CurvePoint[],
  weak: number,
  strong: number,
  fraction: number,
  axis = defaultAxis(points),
): number | null {
  const pts = xy(points, axis).sort((a, b) => a.x - b.x || b.q - a.q);
  const target = weak + fraction * (strong - weak);
  let prevX = NaN,
    prevBest = -Infinity;
  for (const p of pts) {
    if (p.q <= prevBest) continue; // not a vertex of the running-best curve
    if (p.q >= target)
      return prevBest === -Infinity ? p.x : prevX + ((target - prevBest) / (p.q - prevBest)) * (p.x - prevX);
    prevX = p.x;
    prevBest = p.q;
  }
  return null;
}

/**
 * Average improvement in quality (RouterBench): AIQ = 1/(c_max − c_min) · ∫_{c_min}^{c_max} R̃(c) dc, where R̃ is
 * the non-decreasing convex hull of the (cost, quality) points — the upper concave hull (every point on it is
 * reached by mixing two configurations) up to its highest quality, flat from there to c_max (spending more
 * need not lower quality). The integral is exact on that piecewise-linear R̃. RouterBench's code divides by
 * c_max instead, the same when c_min = 0. Null when fewer than two distinct costs.
 */
export function aiq(points: readonly CurvePoint[]): number | null {
  const hull = nonDecreasingHull(xy(points, 'costUsd'));
  if (hull.length < 2) return null;
  let area = 0;
  for (let i = 1; i < hull.length; i++) area += ((hull[i]!.q + hull[i - 1]!.q) / 2) * (hull[i]!.x - hull[i - 1]!.x);
  return area / (hull[hull.length - 1]!.x - hull[0]!.x);
}

/** Vertices of the non-decreasing convex hull, by increasing x, ending at x_max. */
export function nonDecreasingHull(pts: { x: number; q: number }[]): { x: number; q: number }[] {
  pts.sort((a, b) => a.x - b.x || b.q - a.q);
  const hull: { x: number; q: number }[] = [];
  for (const p of pts) {
    const last = hull[hull.length - 1];
    if (last && last.x === p.x) continue; // same cost, lower quality
    // Andrew's monotone chain, upper part: drop the last vertex while it lies on or below the new chord.
    while (hull.length >= 2) {
      const a = hull[hull.length - 2]!,
        b = hull[hull.length - 1]!;
      if ((b.x - a.x) * (p.q - a.q) - (b.q - a.q) * (p.x - a.x) < 0) break;
      hull.pop();
    }
    hull.push(p);
  }
  let peak = 0;
  for (let i = 1; i < hull.length; i++) if (hull[i]!.q > hull[peak]!.q) peak = i;
  const xMax = hull.length > 0 ? hull[hull.length - 1]!.x : NaN;
  const out = hull.slice(0, peak + 1);
  if (peak < hull.length - 1) out.push({ x: xMax, q: hull[peak]!.q });
  return out;
}
