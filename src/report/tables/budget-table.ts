/**
 * "Which policy should I ship for my budget?": for each budget level — the cost of each point on the
 * Pareto frontier of shippable runs (policies and single models) — the highest-quality run at or under it.
 * By construction that run is the frontier point itself; the table states it with its evidence.
 */
import type { ReplayResults } from '../../metrics/types.ts';
import type { ReportTable } from './report-table.ts';
import { COST_SCALE, comparisonPoints, partiallyMeasured, shippablePoints } from '../points.ts';
import { paretoFrontier } from '../frontier.ts';
import { formatCi, formatMs, formatQuality, formatQualityDiff, formatUsd } from '../format.ts';

export interface BudgetChoice {
  readonly budgetPer1kUsd: number;
  readonly policy: string;
  readonly kind: 'policy' | 'single';
  readonly quality: number;
  readonly costPer1kUsd: number;
}

/** Budget levels cheapest first, each with the best run that fits it. */
export function bestPolicyPerBudget(results: ReplayResults): BudgetChoice[] {
  const candidates = shippablePoints(comparisonPoints(results)).map((p) => ({ ...p, quality: p.quality ?? 0 }));
  return paretoFrontier(candidates).map((level) => {
    // Highest quality at or under the budget; cheaper first on ties; input order last.
    const fits = candidates.filter((c) => c.costPer1kUsd <= level.costPer1kUsd);
    const best = fits.reduce((a, b) =>
      b.quality > a.quality || (b.quality === a.quality && b.costPer1kUsd < a.costPer1kUsd) ? b : a,
    );
    return {
      budgetPer1kUsd: level.costPer1kUsd,
      policy: best.policy,
      kind: best.kind === 'single' ? 'single' : 'policy',
      quality: best.quality,
      costPer1kUsd: best.costPer1kUsd,
    };
  });
}

export function budgetTable(results: ReplayResults): ReportTable {
  const points = comparisonPoints(results);
  const byName = new Map(points.map((p) => [p.policy, p]));
  const bestSingle = results.references.bestSingle;
  const rows = bestPolicyPerBudget(results).map((c) => {
    const run = byName.get(c.policy)!.run;
    let vs = '—';
    if (bestSingle?.quality.mean != null && bestSingle.costUsd.perRequest > 0) {
      const ratio = run.costUsd.perRequest / bestSingle.costUsd.perRequest;
      vs = `${formatQualityDiff(c.quality - bestSingle.quality.mean)}, ${(ratio * 100).toFixed(0)}% of its cost`;
    }
    return [
      `≤ ${formatUsd(c.budgetPer1kUsd)}`,
      c.kind === 'single' ? `${c.policy} (single model)` : c.policy,
      formatQuality(c.quality),
      formatCi(run.quality.ci95),
      formatUsd(c.costPer1kUsd),
      formatMs(run.latencyMs?.p95),
      vs,
    ];
  });
  const partial = partiallyMeasured(points);
  const simulated = points.filter((p) => p.run.simulated !== undefined);
  return {
    title: 'Which policy should I ship for my budget?',
    note:
      'For each budget (USD per 1,000 requests) the best-quality policy or single model that fits it. ' +
      `"vs best single" compares with ${bestSingle?.policy ?? 'the best single model'}.` +
      (partial.length
        ? ` Not considered, because the trace has no outcome for some of their decisions (unsupported): ${partial.map((p) => `${p.policy} (${p.run.unsupported})`).join(', ')}.`
        : '') +
      (simulated.length
        ? ' Not considered, because a simulated judge reading the recorded outcomes accepts their answers: ' +
          `${simulated.map((p) => `${p.policy} (error rate ${p.run.simulated!.judgeErrorRate})`).join(', ')}.`
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
  const at = (c: { quality: number; costPer1kUsd: number }): string =>
    `quality ${formatQuality(c.quality)} at ${formatUsd(c.costPer1kUsd)} per 1,000 requests`;
  const lines = [`Highest quality you can ship: ${best.policy} — ${at(best)}.`];
  const near = choices.find((c) => c.quality >= best.quality - withinPts / 100);
  if (near !== undefined && near.policy !== best.policy) {
    const saving = 1 - near.costPer1kUsd / best.costPer1kUsd;
    lines.push(
      `Cheapest within ${withinPts} quality points of it: ${near.policy} — ${at(near)} (${(saving * 100).toFixed(0)}% cheaper).`,
    );
  }
  const oracle = results.references.oracle;
  if (oracle?.quality.mean != null) {
    lines.push(
      `Oracle (best model per request, an upper bound no router reaches): ${at({ quality: oracle.quality.mean, costPer1kUsd: oracle.costUsd.perRequest * COST_SCALE })}.`,
    );
  }
  return lines;
}
