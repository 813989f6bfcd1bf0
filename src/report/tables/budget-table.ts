/**
 * "Which policy should I ship for my budget?": for each budget level — the cost of each point on the
 * Pareto frontier of shippable runs (policies and single models) — the highest-quality run at or under it.
 * By construction that run is the frontier point itself; the table states it with its evidence. Runs of
 * unknown cost are not placed (an unknown cost is not free).
 */
import type { ReplayResults } from '../../metrics/types.ts';
import type { ReportTable } from './report-table.ts';
import { knownCostPerRequestUsd } from '../../metrics/pareto.ts';
import { comparisonPoints, frontierPoints, partiallyMeasured, perThousand } from '../charts/points.ts';
import { formatCi, formatMs, formatPercent, formatQualityDiff, formatUsd, UNKNOWN } from '../text/format.ts';

export interface BudgetChoice {
  readonly budgetPer1kUsd: number;
  readonly policy: string;
  readonly kind: 'policy' | 'single';
  readonly quality: number;
  readonly costPer1kUsd: number;
}

/** Budget levels cheapest first, each with the best run that fits it: the frontier point at that cost. */
export function bestPolicyPerBudget(results: ReplayResults): BudgetChoice[] {
  // A frontier point is the best run at or under its own cost (anything better would dominate it, and of
  // equal points the frontier keeps the first), so the levels and the choices are the frontier itself.
  return frontierPoints(comparisonPoints(results)).map((p) => ({
    budgetPer1kUsd: p.costPer1kUsd!,
    policy: p.policy,
    kind: p.kind === 'single' ? 'single' : 'policy',
    quality: p.quality!,
    costPer1kUsd: p.costPer1kUsd!,
  }));
}

export function budgetTable(results: ReplayResults): ReportTable {
  const points = comparisonPoints(results);
  const byName = new Map(points.map((p) => [p.policy, p]));
  const bestSingle = results.references.bestSingle;
  const rows = bestPolicyPerBudget(results).map((c) => {
    const run = byName.get(c.policy)!.run;
    let vs = UNKNOWN;
    const singleCostUsd = bestSingle ? knownCostPerRequestUsd(bestSingle) : null;
    if (bestSingle?.quality.mean != null && singleCostUsd !== null && singleCostUsd > 0) {
      // A frontier run's cost is known (runs of unknown cost are not placed).
      const ratio = knownCostPerRequestUsd(run)! / singleCostUsd;
      vs = `${formatQualityDiff(c.quality - bestSingle.quality.mean)}, ${(ratio * 100).toFixed(0)}% of its cost`;
    }
    return [
      `≤ ${formatUsd(c.budgetPer1kUsd)}`,
      c.kind === 'single' ? `${c.policy} (single model)` : c.policy,
      formatPercent(c.quality),
      formatCi(run.quality.ci95),
      formatUsd(c.costPer1kUsd),
      formatMs(run.latencyMs?.p95),
      vs,
    ];
  });
  const partial = partiallyMeasured(points);
  const simulated = points.filter((p) => p.run.simulated !== undefined);
  const noCost = points.filter((p) => p.kind !== 'oracle' && p.quality !== null && p.costPer1kUsd === null);
  return {
    title: 'Which policy should I ship for my budget?',
    note:
      'For each budget (USD per 1,000 requests) the best-quality policy or single model that fits it. ' +
      `"vs best single" compares with ${bestSingle?.policy ?? 'the best single model'}.` +
      (partial.length
        ? ' Not considered, because the trace has no outcome for some of their decisions (unsupported): ' +
          `${partial.map((p) => `${p.policy} (${p.run.unsupported})`).join(', ')}.`
        : '') +
      (simulated.length
        ? ' Not considered, because a simulated judge reading the recorded outcomes accepts their answers: ' +
          `${simulated.map((p) => `${p.policy} (error rate ${p.run.simulated!.judgeErrorRate})`).join(', ')}.`
        : '') +
      (noCost.length
        ? ` Not considered, because their cost is unknown (not free): ${noCost.map((p) => p.policy).join(', ')}.`
        : ''),
    columns: [
      { title: 'budget / 1k requests', align: 'right' },
      { title: 'ship', align: 'left' },
      { title: 'quality', align: 'right' },
      { title: '95% CI', align: 'right' },
      { title: 'cost / 1k requests', align: 'right' },
      { title: 'p95 latency', align: 'right' },
      { title: 'vs best single', align: 'left' },
    ],
    rows,
  };
}

/**
 * Three sentences for the top of the report: the best shippable run, the cheapest one within
 * `withinPts` quality points of it, and the oracle's upper bound.
 */
export function headlines(results: ReplayResults, withinPts = 5): string[] {
  const choices = bestPolicyPerBudget(results);
  const best = choices[choices.length - 1];
  if (best === undefined) return [];
  const at = (c: { quality: number; costPer1kUsd: number | null }): string =>
    `quality ${formatPercent(c.quality)} at ${formatUsd(c.costPer1kUsd)} per 1,000 requests`;
  const lines = [`Highest quality you can ship: ${best.policy} — ${at(best)}.`];
  const near = choices.find((c) => c.quality >= best.quality - withinPts / 100);
  if (near !== undefined && near.policy !== best.policy) {
    const saving = 1 - near.costPer1kUsd / best.costPer1kUsd;
    lines.push(
      `Cheapest within ${withinPts} quality points of it: ${near.policy} — ${at(near)} ` +
        `(${(saving * 100).toFixed(0)}% cheaper).`,
    );
  }
  const oracle = results.references.oracle;
  if (oracle?.quality.mean != null) {
    lines.push(
      'Oracle (best model per request, an upper bound no router reaches): ' +
        `${at({ quality: oracle.quality.mean, costPer1kUsd: perThousand(knownCostPerRequestUsd(oracle)) })}.`,
    );
  }
  return lines;
}
