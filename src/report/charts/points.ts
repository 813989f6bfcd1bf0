/**
 * The runs of one replay as points on the cost–quality plane: the policies, the single models and the
 * oracle, each with a kind, so charts and tables agree on what is drawn.
 */
import { knownCostPerRequestUsd, paretoFrontierBy } from '../../metrics/pareto.ts';
import type { ReplayResults, RunResult } from '../../metrics/types.ts';

export type PointKind = 'policy' | 'single' | 'oracle';

export interface ComparisonPoint {
  readonly policy: string;
  readonly kind: PointKind;
  readonly run: RunResult;
  /** Mean quality in [0,1]; null when no request had a known quality. */
  readonly quality: number | null;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  /** Null when no request of the run had a known cost: unknown is not free. */
  readonly costPer1kUsd: number | null;
}

/** Cost per request is tiny (fractions of a cent); per 1,000 requests it reads as dollars. */
export const COST_SCALE = 1000;

/** USD per request → USD per 1,000 requests, unknown staying unknown. */
export function perThousand(costUsd: number | null | undefined): number | null {
  return costUsd === null || costUsd === undefined ? null : costUsd * COST_SCALE;
}

function toPoint(run: RunResult, kind: PointKind): ComparisonPoint {
  return {
    policy: run.policy,
    kind,
    run,
    quality: run.quality.mean,
    ciLow: run.quality.ci95?.[0] ?? null,
    ciHigh: run.quality.ci95?.[1] ?? null,
    costPer1kUsd: perThousand(knownCostPerRequestUsd(run)),
  };
}

/**
 * The policies (failed runs left out), then the single models, then the oracle. A single model that was
 * also replayed as a policy under the same name is shown once, as a policy.
 */
export function comparisonPoints(results: ReplayResults): ComparisonPoint[] {
  const runs = results.runs.filter((r) => r.error === undefined).map((r) => toPoint(r, 'policy'));
  const names = new Set(runs.map((p) => p.policy));
  const singles = (results.references.singles ?? [])
    .filter((r) => !names.has(r.policy))
    .map((r) => toPoint(r, 'single'));
  const oracle = results.references.oracle ? [toPoint(results.references.oracle, 'oracle')] : [];
  return [...runs, ...singles, ...oracle];
}

/**
 * Points one could actually ship: everything but the oracle and simulated judges (they read the outcomes),
 * with a known quality, and no unsupported decisions — a run with unsupported requests is measured on part
 * of the traffic only, so its quality and cost cannot be compared with runs measured on all of it.
 */
export function shippablePoints<P extends ComparisonPoint>(points: readonly P[]): P[] {
  return points.filter(
    (p) => p.kind !== 'oracle' && p.quality !== null && p.run.unsupported === 0 && p.run.simulated === undefined,
  );
}

/** Runs left out of the recommendations because some of their decisions have no outcome in the trace. */
export function partiallyMeasured(points: readonly ComparisonPoint[]): ComparisonPoint[] {
  return points.filter((p) => p.kind !== 'oracle' && p.run.unsupported > 0);
}

/**
 * The shippable points on the quality–cost frontier, cheapest first: the budget table's rows and the
 * chart's solid line. Placed by the run's own cost per request (not the scaled one), exactly as the
 * results' `frontier` is, so both agree on ties; a run of unknown cost is left out.
 */
export function frontierPoints<P extends ComparisonPoint>(points: readonly P[]): P[] {
  return paretoFrontierBy(shippablePoints(points), (p) => ({
    quality: p.quality,
    costUsd: knownCostPerRequestUsd(p.run),
  }));
}
