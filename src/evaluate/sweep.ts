/**
 * Parameter sweeps: one policy spec, one parameter, many values → the quality–cost curve and its
 * summaries (APGR and CPT after RouteLLM, AIQ after RouterBench; formulas in `metrics/curves.ts`).
 *
 *   spec + param=v₁…vₙ ──► fast path: policy.twoModelScores → all points from one pass (two-model-sweep)
 *                     └──► otherwise: replay each `spec?param=vᵢ` → point (quality mean, total cost, shares)
 *
 * The parameter is a spec option (`threshold`, `lambda`, `epsilon`, `k`, …), or the positional argument
 * when `param` is `arg`, or is the policy's name and the argument is a number (`budget` sweeps
 * `budget:<usd>`; `threshold` on `threshold:<column>` is still the option). Point `costUsd` is the
 * run's total cost over requests with a known cost, like RunResult `costUsd.total`; its `ci95` is
 * summarize's bootstrap CI. A value whose run fails is listed in `failures` and the sweep goes on.
 */
import { ConfigError, LabError } from '../core/errors.ts';
import { createRng } from '../core/rng.ts';
import { quantileSorted } from '../core/stats.ts';
import { VERSION } from '../core/version.ts';
import { lambdaGrid } from './lambda-grid.ts';
import { fastPoint, runPoint, type PointOutcome } from './sweep-point.ts';
import { parseSpec, withArg, withOption, type PolicySpec } from '../policy/spec.ts';
import type { Policy, TwoModelScores } from '../policy/types.ts';
import { buildCatalog } from '../replay/catalog.ts';
import { twoModelSweep } from '../replay/two-model-sweep.ts';
import type { PriceTable } from '../traces/price-types.ts';
import { tagRowNumbers } from '../traces/tag-numbers.ts';
import type { Trace } from '../traces/trace.ts';
import { aiq, apgr, cpt, type CurvePoint } from '../metrics/curves.ts';
import { qualityStats, slicePartialOf } from '../metrics/merge.ts';
import { singleModelDecisions } from '../metrics/references.ts';
import { singleModelMeans, type SingleModelMeans } from '../metrics/single-model-totals.ts';
import type { SweepPoint, SweepResults } from '../metrics/types.ts';

export interface SweepOptions {
  readonly seed: number;
  readonly train?: Trace;
  readonly prices?: PriceTable;
  /**
   * Builds the policy a spec names (the CLI resolves built-ins and user files): policies are passed in from
   * above, never resolved here.
   */
  readonly makePolicy: (spec: PolicySpec) => Promise<Policy>;
  /** Points of an `auto` grid (default 21, at least 3). */
  readonly points?: number;
  /**
   * Strong and weak models for APGR/CPT; default: the policy's own pair, else the best and the cheapest single
   * model.
   */
  readonly strong?: string;
  readonly weak?: string;
  /** Called as points are run: (points done, points expected). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The curve of `spec` as `param` takes each of `values` (or an `auto` grid spanning the whole curve). */
export async function sweep(
  trace: Trace,
  spec: string,
  param: string,
  values: readonly number[] | 'auto',
  options: SweepOptions,
): Promise<SweepResults> {
  const base = parseSpec(spec);
  const positional = param === 'arg' || (param === base.name && base.arg !== '' && Number.isFinite(Number(base.arg)));
  const at = (v: number): PolicySpec => (positional ? withArg(base, String(v)) : withOption(base, param, String(v)));
  const make = options.makePolicy;
  const first = await make(base);
  let scores: TwoModelScores | undefined;
  if (first.twoModelScores) {
    await first.init?.({
      catalog: buildCatalog(trace, options.train, options.prices),
      train: options.train,
      rng: createRng(options.seed),
    });
    scores = first.twoModelScores(trace, param);
  }
  // Replayed points by value: the λ grid's probes are its points, so none is run twice.
  const outcomes = new Map<number, PointOutcome>();
  const expected = values === 'auto' ? (options.points ?? 21) : values.length;
  const replayed = async (v: number): Promise<PointOutcome> => {
    let o = outcomes.get(v);
    if (!o) {
      o = await runPoint(trace, () => make(at(v)), options);
      outcomes.set(v, o);
      options.onProgress?.(outcomes.size, Math.max(expected, outcomes.size));
    }
    return o;
  };
  // always-<model> for every model in one pass: the curve ends, the default strong and weak, the λ grid's costs.
  const singles = singleModelMeans(trace);
  const grid =
    values === 'auto'
      ? await autoGrid(trace, base, param, scores?.score, options.points ?? 21, replayed, singles)
      : checkValues(values, param);

  const { strong, weak } = curveEnds(trace, options, scores, singles);
  let q = (model: string): number => {
    const m = trace.modelNames.indexOf(model);
    // A model the trace lacks: singleModelDecisions says so (a LabError naming the trace's models).
    return m < 0
      ? (qualityStats(slicePartialOf(singleModelDecisions(trace, model)), null).mean ?? NaN)
      : (singles.quality[m] ?? NaN);
  };
  const points: SweepPoint[] = [];
  const failures: { value: number; error: string }[] = [];
  const record = (value: number, o: PointOutcome) => {
    if ('error' in o) failures.push({ value, error: o.error });
    else points.push({ value, ...o });
  };
  // The fast path also yields all-strong (−∞) and all-weak (+∞), the APGR/CPT anchors, for free.
  const fast = scores && twoModelSweep(trace, scores, [...grid, -Infinity, Infinity]);
  if (fast && scores) {
    for (const [i, value] of grid.entries()) {
      const named = await nameOf(() => make(at(value)));
      record(value, 'error' in named ? named : fastPoint(trace, value, fast, i, scores, named.name, options.seed));
    }
    const ends = new Map([
      [scores.strong, fast.totals[grid.length]!],
      [scores.weak, fast.totals[grid.length + 1]!],
    ]);
    const slow = q;
    q = (model) => {
      const t = ends.get(model);
      return t === undefined ? slow(model) : t.qualityKnown > 0 ? t.qualitySum / t.qualityKnown : NaN;
    };
  } else for (const value of grid) record(value, await replayed(value));
  options.onProgress?.(grid.length, grid.length);
  const strongQuality = q(strong),
    weakQuality = q(weak);
  const curve: CurvePoint[] = points
    .filter((p) => p.quality !== null)
    .map((p) => ({ costUsd: p.costUsd, quality: p.quality!, strongShare: p.modelShare[strong] ?? 0 }));
  const finite = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : x);
  return {
    routelab: VERSION,
    trace: trace.sources.join(' '),
    policy: base.source,
    param,
    points,
    ...(failures.length ? { failures } : {}),
    aiq: finite(aiq(curve)),
    apgr: finite(apgr(curve, weakQuality, strongQuality)),
    cpt: {
      '50': finite(cpt(curve, weakQuality, strongQuality, 0.5)),
      '80': finite(cpt(curve, weakQuality, strongQuality, 0.8)),
      '95': finite(cpt(curve, weakQuality, strongQuality, 0.95)),
    },
    strong,
    weak,
  };
}

/** The name of the policy a spec makes (it seeds the point's CI), or the error making it. */
async function nameOf(make: () => Promise<Policy>): Promise<{ name: string } | { error: string }> {
  try {
    return { name: (await make()).name };
  } catch (err) {
    if (err instanceof LabError) return { error: err.message };
    throw err;
  }
}

function checkValues(values: readonly number[], param: string): number[] {
  if (values.length === 0)
    throw new ConfigError(`sweep --param ${param}: expected at least one value in --values, got none`);
  const bad = values.find((v) => Number.isNaN(v));
  if (bad !== undefined) throw new ConfigError(`sweep --param ${param}: expected numbers in --values, got NaN`);
  return [...values];
}

/**
 * Strong/weak for the curve summaries: given, else the policy's pair, else the best-quality and the cheapest single
 * model.
 */
function curveEnds(
  trace: Trace,
  options: SweepOptions,
  scores: { strong: string; weak: string } | undefined,
  singles: SingleModelMeans,
): { strong: string; weak: string } {
  if (options.strong !== undefined && options.weak !== undefined) return { strong: options.strong, weak: options.weak };
  if (scores) return { strong: options.strong ?? scores.strong, weak: options.weak ?? scores.weak };
  let strong = trace.modelNames[0]!,
    weak = strong,
    bestQ = -Infinity,
    leastCost = Infinity;
  trace.modelNames.forEach((m, k) => {
    const q = singles.quality[k] ?? -Infinity;
    const c = singles.costPerRequestUsd[k]!;
    if (q > bestQ) [strong, bestQ] = [m, q];
    if (c < leastCost) [weak, leastCost] = [m, c];
  });
  return { strong: options.strong ?? strong, weak: options.weak ?? weak };
}

/**
 * A grid spanning the whole curve:
 * - a score threshold: −∞, the scores' quantiles from min to max, +∞ (all strong … all weak);
 * - `threshold` of a judge: evenly from 0 to 1; `epsilon`: evenly from 0 to 0.5;
 * - `lambda`: 0 up to where the cheapest model takes every request, points where shares change (lambda-grid).
 */
async function autoGrid(
  trace: Trace,
  spec: PolicySpec,
  param: string,
  scores: Float64Array | undefined,
  n: number,
  probe: (v: number) => Promise<PointOutcome>,
  singles: SingleModelMeans,
): Promise<number[]> {
  if (!(Number.isInteger(n) && n >= 3))
    throw new ConfigError(`sweep: expected at least 3 points for an auto grid, got ${n}`);
  const even = (lo: number, hi: number): number[] =>
    Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
  const column = scores ?? scoreColumn(trace, spec, param);
  if (column) {
    const sorted = Float64Array.from(column)
      .filter((x) => !Number.isNaN(x))
      .sort();
    if (sorted.length === 0)
      throw new ConfigError(`sweep --values auto: the score column has no numeric values; give --values explicitly`);
    return [
      -Infinity,
      ...Array.from({ length: n - 2 }, (_, i) => quantileSorted(sorted, n === 3 ? 0.5 : i / (n - 3))),
      Infinity,
    ];
  }
  if (param === 'threshold') return even(0, 1);
  if (param === 'epsilon') return even(0, 0.5);
  if (param === 'lambda') {
    const costs = trace.modelNames
      .map((model, m) => ({ model, costUsd: singles.costPerRequestUsd[m]! }))
      .filter((c) => Number.isFinite(c.costUsd))
      .sort((a, b) => a.costUsd - b.costUsd);
    return lambdaGrid(
      async (v) => {
        const o = await probe(v);
        return 'error' in o ? undefined : o.modelShare;
      },
      {
        points: n,
        modelsByCost: costs.map((c) => c.model),
        costSpreadUsd: (costs[costs.length - 1]?.costUsd ?? NaN) - (costs[0]?.costUsd ?? NaN),
      },
    );
  }
  throw new ConfigError(
    `sweep --param ${param}: no auto grid is defined for it (auto knows threshold, epsilon, lambda); give ` +
      `--values v1,v2,…`,
  );
}

/** Numeric values of the row score column a `cascade …?accept=score:<column>` spec reads, for its threshold grid. */
function scoreColumn(trace: Trace, spec: PolicySpec, param: string): Float64Array | undefined {
  const accept = spec.options.accept;
  if (param !== 'threshold' || !accept?.startsWith('score:')) return undefined;
  const tag = trace.tags.find((t) => t.name === accept.slice('score:'.length));
  if (!tag) return undefined;
  return tagRowNumbers(tag);
}
