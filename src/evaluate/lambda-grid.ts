/**
 * The one λ grid rule (the sweep's `--values auto` and the learned-router comparison): from λ = 0 to the λ at
 * which the cheapest model takes every request, with the points placed where model shares change.
 *
 * Costs set the scale: at λ_s = 1 / (spread of the models' costs) a full quality unit buys the whole cost range.
 * From λ_s the grid climbs by decades until the cheapest model takes every request (or, for a policy whose
 * costs are local, e.g. knn's neighbour means, until shares stop changing: the point at λ_s·10¹² is the limit),
 * and descends by decades until shares equal those at λ = 0. Between those ends each new point bisects, in
 * log λ, the interval across which shares change most, weighted by √(its width in decades) so that one sharp
 * step cannot take every point. The change is the share of requests that moved (½ L1 distance of the share
 * vectors) plus how far they moved down the models' cost ranking (difference of the mean rank): the L1 part
 * alone saturates at 1 when every request moved, however many models each passed on the way. An interval whose
 * split found only its ends' shares (a sharp step) loses priority. The fixed decade ladder this replaced put most
 * points on a flat part when costs were sub-cent; this rule spends them on the curve.
 * Grid values are rounded to 3 significant digits (more only where needed to split an interval), so they
 * print without float noise and `--values` with the printed numbers reproduces the curve.
 */

/** Model shares of one probe (fractions summing to 1), or undefined when that point failed. */
export type ShareProbe = (lambda: number) => Promise<Readonly<Record<string, number>> | undefined>;

export interface LambdaGridOptions {
  /** Values wanted, λ = 0 included (fewer when the shares stop changing). */
  readonly points: number;
  /** Candidate models by cost per request, cheapest first: the first takes every request as λ → ∞. */
  readonly modelsByCost: readonly string[];
  /** Highest minus lowest per-model cost (USD, any consistent unit); sets where to start looking. */
  readonly costSpreadUsd: number;
}

const UP_DECADES = 12;
const DOWN_DECADES = 6;

/** Sorted λ values: 0, then the probed values from the last unchanged-from-0 point to the all-cheapest one. */
export async function lambdaGrid(probe: ShareProbe, options: LambdaGridOptions): Promise<number[]> {
  const spread = options.costSpreadUsd;
  const start = clean(Number.isFinite(spread) && spread > 0 ? 1 / spread : 1, 3);
  const seen = new Map<number, Readonly<Record<string, number>> | undefined>();
  const at = async (l: number) => {
    if (!seen.has(l)) seen.set(l, await probe(l));
    return seen.get(l);
  };
  const zero = await at(0);
  const cheapest = options.modelsByCost[0];
  const isCheapest = (s: Readonly<Record<string, number>> | undefined) => cheapest !== undefined && s?.[cheapest] === 1;
  const rank = new Map(options.modelsByCost.map((m, i) => [m, i]));
  const change = (a: number, b: number) => distance(seen.get(a), seen.get(b)) + rankGap(seen.get(a), seen.get(b), rank);
  const ups: number[] = [];
  for (let k = 0; k <= UP_DECADES; k++) {
    const l = clean(start * 10 ** k, 3);
    ups.push(l);
    if (isCheapest(await at(l))) break;
  }
  const limit = seen.get(ups[ups.length - 1]!);
  const top = ups.find((l) => same(seen.get(l), limit)) ?? ups[ups.length - 1]!;
  let bottom = start;
  for (let k = 1; k <= DOWN_DECADES && zero !== undefined && !same(seen.get(bottom), zero); k++) {
    bottom = clean(start * 10 ** -k, 3);
    await at(bottom);
  }
  const inRange = () => [...seen.keys()].filter((l) => l >= bottom && l <= top).sort((a, b) => a - b);
  // Splits of an interval (keyed by its lower end) that found only its two ends' shares: a sharp step, where more
  // points add nothing to the curve; each such split quarters the interval's priority.
  const fruitless = new Map<number, number>();
  while (inRange().length + 1 < options.points) {
    const ls = inRange();
    let best = -1,
      bestPriority = 0,
      bestMid = 0;
    for (let i = 1; i < ls.length; i++) {
      const a = ls[i - 1]!,
        b = ls[i]!;
      const mid = midpoint(a, b);
      const priority = (change(a, b) * Math.sqrt(Math.log10(b / a))) / 4 ** (fruitless.get(a) ?? 0);
      if (mid !== undefined && priority > bestPriority) [best, bestPriority, bestMid] = [i, priority, mid];
    }
    if (best < 0) break;
    const [a, b] = [ls[best - 1]!, ls[best]!];
    const s = await at(bestMid);
    const penalty = (fruitless.get(a) ?? 0) + 1;
    fruitless.delete(a);
    if (same(s, seen.get(a))) fruitless.set(bestMid, penalty);
    else if (same(s, seen.get(b))) fruitless.set(a, penalty);
  }
  return [0, ...thin(inRange(), seen, options.points - 1)];
}

/** `x` to `digits` significant digits, as the shortest decimal that prints it. */
function clean(x: number, digits: number): number {
  return Number(x.toPrecision(digits));
}

/** The geometric mean of a < b rounded as coarsely as keeps it strictly inside; undefined if none (≤ 6 digits). */
function midpoint(a: number, b: number): number | undefined {
  const g = Math.sqrt(a * b);
  for (let digits = 3; digits <= 6; digits++) {
    const m = clean(g, digits);
    if (m > a && m < b) return m;
  }
  return undefined;
}

/** ½ L1 distance of two share vectors: the fraction of requests that at least changed model. Failed: 1. */
function distance(s: Readonly<Record<string, number>> | undefined, t: Readonly<Record<string, number>> | undefined) {
  if (!s || !t) return s === t ? 0 : 1;
  let d = 0;
  for (const m of new Set([...Object.keys(s), ...Object.keys(t)])) d += Math.abs((s[m] ?? 0) - (t[m] ?? 0));
  return d / 2;
}

/** Difference of the mean cost rank of two share vectors (a model without a rank counts as the dearest). */
function rankGap(
  s: Readonly<Record<string, number>> | undefined,
  t: Readonly<Record<string, number>> | undefined,
  rank: ReadonlyMap<string, number>,
): number {
  if (!s || !t) return 0;
  const mean = (x: Readonly<Record<string, number>>) =>
    Object.entries(x).reduce((sum, [m, share]) => sum + share * (rank.get(m) ?? rank.size), 0);
  return Math.abs(mean(s) - mean(t));
}

function same(s: Readonly<Record<string, number>> | undefined, t: Readonly<Record<string, number>> | undefined) {
  return s !== undefined && t !== undefined && distance(s, t) === 0;
}

/**
 * At most `n` of the sorted values `ls`, keeping both ends: the decade search alone can probe more points than
 * a small grid holds, so interior points are dropped, least share change around them first.
 */
function thin(ls: number[], seen: Map<number, Readonly<Record<string, number>> | undefined>, n: number): number[] {
  const out = [...ls];
  while (out.length > Math.max(n, 2)) {
    let drop = 1,
      least = Infinity;
    for (let i = 1; i < out.length - 1; i++) {
      const around =
        distance(seen.get(out[i - 1]!), seen.get(out[i]!)) + distance(seen.get(out[i]!), seen.get(out[i + 1]!));
      if (around < least) [drop, least] = [i, around];
    }
    out.splice(drop, 1);
  }
  return out;
}
