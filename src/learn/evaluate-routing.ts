/**
 * Routing results of a saved learned router on the held-out test split, through the same replay and
 * metrics as every other policy: the learned router at its calibrated λ and along a λ sweep (its
 * cost–quality curve), `knn` along the same sweep, `best-prior`, every single model, the oracle, and the
 * "zero router" — random mixing of single models, whose curve is the hull of the single-model points.
 * `knn` and `best-prior` learn from train ∪ calibration, the requests the learned router saw. Every
 * policy and reference sees only the router's candidate models (`--models`).
 */
import { ConfigError } from '../core/errors.ts';
import { bestPriorPolicy } from '../../policies/best-prior.ts';
import { knnPolicy, knnShare } from '../../policies/knn.ts';
import { type LearnedShare, learnedPolicy } from '../../policies/learned.ts';
import { apgr, cpt, nonDecreasingHull, type CurvePoint } from '../metrics/curves.ts';
import { references } from '../metrics/references.ts';
import { summarize } from '../metrics/summarize.ts';
import type { RunResult } from '../metrics/types.ts';
import { replay } from '../replay/replay.ts';
import { subsetTrace } from '../replay/subset-trace.ts';
import type { PriceTable } from '../traces/prices.ts';
import type { Trace } from '../traces/trace.ts';
import type { Manifest } from './manifest.ts';
import { restrictModels } from './restrict-models.ts';
import { lambdaMax } from './route.ts';

export interface CurveSummary {
  readonly points: readonly { lambda: number; costUsd: number; quality: number; strongShare?: number }[];
  readonly aiq: number | null;
}

export interface RoutingEvaluation {
  readonly requests: number;
  readonly weak: string;
  readonly strong: string;
  /** The learned router at the λ saved with it (its training target). */
  readonly learned: RunResult;
  readonly learnedCurve: CurveSummary;
  /** Learned router limited to {weak, strong}, swept over λ: RouteLLM's APGR on the strong-share axis. */
  readonly learnedApgr: number | null;
  readonly knnCurve: CurveSummary;
  /** knn's APGR along the cost axis, over its points between the weak and strong models' costs. */
  readonly knnApgr: number | null;
  readonly bestPrior: RunResult;
  readonly singles: readonly RunResult[];
  readonly bestSingle: RunResult;
  readonly oracle: RunResult;
  /** AIQ of every curve is over the candidates' cost range (see aiqOverRange). */
  /** AIQ of random mixing of single models (the hull of their points); its APGR is 0.5 by construction. */
  readonly zeroRouterAiq: number | null;
  /** Least cost per request at which the learned curve reaches the best single model's quality; null if never. */
  readonly learnedCostAtBestSingle: number | null;
}

/** 0 and a geometric ladder up to the λ at which the cheapest model always wins: the sweep's "auto" values. */
export function lambdaGrid(modelCostUsd: readonly number[], steps = 24): number[] {
  const hi = lambdaMax(modelCostUsd);
  return [0, ...Array.from({ length: steps }, (_, i) => hi * 10 ** (-5 + (5 * i) / (steps - 1)))];
}

/**
 * AIQ over the single models' cost range [cMin, cMax] (RouterBench's normalisation), so routers whose own
 * curves span different ranges compare on one scale: the non-decreasing hull of the router's points and
 * the cheapest single model (always reachable: λ → ∞), flat from its last vertex to cMax.
 */
export function aiqOverRange(points: readonly CurvePoint[], cheapest: CurvePoint, cMax: number): number | null {
  const hull = nonDecreasingHull(
    [...points, cheapest].filter((p) => Number.isFinite(p.quality)).map((p) => ({ x: p.costUsd, q: p.quality })),
  );
  const last = hull[hull.length - 1];
  if (!last || cMax <= cheapest.costUsd) return null;
  if (last.x < cMax) hull.push({ x: cMax, q: last.q });
  let area = 0;
  for (let i = 1; i < hull.length; i++) area += ((hull[i]!.q + hull[i - 1]!.q) / 2) * (hull[i]!.x - hull[i - 1]!.x);
  return area / (cMax - hull[0]!.x);
}

const point = (r: RunResult) => ({ costUsd: r.costUsd.perRequest, quality: r.quality.mean ?? NaN });

export interface RoutingOptions {
  readonly seed: number;
  readonly prices?: PriceTable;
  readonly onProgress?: (done: number, total: number) => void;
  /** APGR pair; default: the cheapest candidate → the best-quality candidate on the test requests. */
  readonly weak?: string;
  readonly strong?: string;
}

/** Evaluates on the test split of the trace the router was trained on. */
export function evaluateRoutingOnSplit(
  trace: Trace,
  dir: string,
  manifest: Manifest,
  split: { train: Uint32Array; calibration: Uint32Array; test: Uint32Array },
  options: RoutingOptions,
): Promise<RoutingEvaluation> {
  return evaluateRouting(
    subsetTrace(trace, split.test),
    subsetTrace(trace, Uint32Array.from([...split.train, ...split.calibration]).sort()),
    dir,
    manifest,
    options,
  );
}

/** Evaluates on every request of `test`; `seen` is what knn and best-prior may learn from. */
export async function evaluateRouting(
  testAll: Trace,
  seenAll: Trace,
  dir: string,
  manifest: Manifest,
  options: RoutingOptions,
): Promise<RoutingEvaluation> {
  const test = restrictModels(testAll, manifest.models);
  const seen = restrictModels(seenAll, manifest.models);
  const so = { seed: options.seed, resamples: 500 };
  const ref = references(test, so);
  const cands = ref.singles.filter((s) => manifest.models.includes(s.policy.replace(/^always:/, '')));
  const cheapestFirst = [...cands].sort((a, b) => a.costUsd.perRequest - b.costUsd.perRequest);
  const byName = (name: string | undefined) => {
    if (name === undefined) return undefined;
    const r = cands.find((c) => c.policy === `always:${name}`);
    if (!r)
      throw new ConfigError(
        `APGR pair: expected one of the candidate models (${manifest.models.join(', ')}), got "${name}"`,
      );
    return r;
  };
  const weak = byName(options.weak) ?? cheapestFirst[0]!;
  const strong =
    byName(options.strong) ??
    cands.reduce((b, s) => ((s.quality.mean ?? -1) > (b.quality.mean ?? -1) ? s : b), cands[0]!);
  const weakName = weak.policy.replace(/^always:/, ''),
    strongName = strong.policy.replace(/^always:/, '');
  const grid = lambdaGrid(manifest.modelCostUsd);
  const cMax = Math.max(...cands.map((c) => c.costUsd.perRequest));
  // One neighbour search per test prompt for the whole knn λ sweep (it was 25: most of train's time).
  // Likewise one prediction per test request for the 51 learned runs.
  const share = knnShare();
  const predictions: LearnedShare = { probabilities: new Map() };
  const policies = [
    learnedPolicy(dir, {}, predictions),
    bestPriorPolicy(),
    ...grid.map((l) => learnedPolicy(dir, { lambda: String(l) }, predictions)),
    ...grid.map((l) => learnedPolicy(dir, { lambda: String(l), models: `${weakName},${strongName}` }, predictions)),
    ...grid.map((l) => knnPolicy(10, l, 65536, share)),
  ];
  const runs = await replay(test, policies, {
    seed: options.seed,
    train: seen,
    ...(options.prices ? { prices: options.prices } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const results = runs.map((r) => summarize(test, r, so));
  const G = grid.length;
  const curve = (rs: RunResult[]): CurveSummary => {
    const points = rs.map((r, i) => ({ lambda: grid[i]!, ...point(r), strongShare: r.modelShare[strongName] ?? 0 }));
    return { points, aiq: aiqOverRange(points, point(weak), cMax) };
  };
  const learnedCurve = curve(results.slice(2, 2 + G));
  const twoModel = curve(results.slice(2 + G, 2 + 2 * G));
  const knnCurve = curve(results.slice(2 + 2 * G));
  const wq = weak.quality.mean ?? NaN,
    sq = strong.quality.mean ?? NaN;
  const inRange = (pts: readonly CurvePoint[]) =>
    pts
      .filter((p) => p.costUsd >= weak.costUsd.perRequest - 1e-12 && p.costUsd <= strong.costUsd.perRequest + 1e-12)
      .map((p) => ({ costUsd: p.costUsd, quality: p.quality }));
  const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
  const best = ref.bestSingle;
  const singlesPts = cands.map(point);
  return {
    requests: test.requestCount,
    weak: weakName,
    strong: strongName,
    learned: results[0]!,
    bestPrior: results[1]!,
    learnedCurve,
    learnedApgr: finite(apgr(twoModel.points, wq, sq, 'strongShare')),
    knnCurve,
    knnApgr: finite(apgr(inRange(knnCurve.points), wq, sq, 'costUsd')),
    singles: ref.singles,
    bestSingle: best,
    oracle: ref.oracle,
    zeroRouterAiq: aiqOverRange(singlesPts, point(weak), cMax),
    learnedCostAtBestSingle: cpt(
      learnedCurve.points.map((p) => ({ costUsd: p.costUsd, quality: p.quality })),
      wq,
      best.quality.mean ?? NaN,
      1,
      'costUsd',
    ),
  };
}
