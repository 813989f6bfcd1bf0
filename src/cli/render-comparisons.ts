/** The replay tables beyond the headline one: per-slice results (`--by`) and the paired baseline comparison. */
import type { CostStats, PairedDiff, ReplayResults, RunResult } from '../metrics/types.ts';
import { count, pct, table, usd } from './format.ts';

/** Unknown costs are left out of the sums, never counted as free: with none known there is nothing to show. */
function costPerRequest(cost: CostStats, requests: number): string {
  return (cost.unknown ?? 0) >= requests ? '–' : usd(cost.perRequest);
}

/** One row per run and slice value: requests, quality with its CI, cost per request. */
export function renderSlices(results: ReplayResults): string {
  const by = results.slicedBy;
  if (by === undefined) return '';
  const rows: string[][] = [];
  for (const r of results.runs) {
    if (r.error !== undefined || r.slices === undefined) continue;
    for (const [label, s] of Object.entries(r.slices)) {
      const ci = s.quality.ci95 ? `${pct(s.quality.ci95[0])}–${pct(s.quality.ci95[1])}` : '';
      rows.push([r.policy, label, count(s.requests), pct(s.quality.mean), ci, costPerRequest(s.costUsd, s.requests)]);
    }
  }
  if (rows.length === 0) return '';
  return `\nby ${by}\n${table(['policy', by, 'requests', 'quality', '95% CI', 'cost/req'], rows)}`;
}

// Differences read back from JSON have null where no request had both values.
const signed = (x: number, f: (v: number) => string): string =>
  Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${f(x)}` : '–';
const pp = (x: number): string => `${(x * 100).toFixed(1)}pp`;
const dollars = (x: number): string => (x < 0 ? `-${usd(-x)}` : usd(x));

function diffCells(d: PairedDiff, f: (v: number) => string): [string, string] {
  const ci = !Number.isFinite(d.ci95[0]) ? '–' : `${signed(d.ci95[0], f)} to ${signed(d.ci95[1], f)}`;
  return [signed(d.mean, f), ci];
}

/** Each run against the baseline: quality and cost-per-request differences with their paired 95% CIs. */
export function renderBaseline(results: ReplayResults): string {
  const compared = results.runs.filter((r) => r.vsBaseline !== undefined);
  if (compared.length === 0) return '';
  const baseline = compared[0]!.vsBaseline!.baseline;
  const rows = compared.map((r) => {
    const v = r.vsBaseline!;
    return [r.policy, ...diffCells(v.qualityDiff, pp), ...diffCells(v.costDiffPerRequest, dollars)];
  });
  return (
    `\nvs baseline ${baseline} (run − baseline, paired bootstrap 95% CI over requests)\n` +
    table(['policy', 'quality diff', '95% CI', 'cost/req diff', '95% CI'], rows)
  );
}

/** Footnotes of the off-policy table: estimates outside quality's range, and weights clipped at the floor. */
export function offPolicyFlags(outOfRange: boolean, clipped: string, runs: readonly RunResult[]): string {
  let out = '';
  if (outOfRange)
    out +=
      "! outside quality's range [0%, 100%]: the importance weights are too extreme for this estimator " +
      '(see ESS and max weight); it is no quality to report\n';
  if (clipped !== '') {
    const floor = runs
      .map((r) => (r.ope && 'propensityFloor' in r.ope ? r.ope.propensityFloor : undefined))
      .find(Boolean);
    out += `weights clipped at 1/${floor} where a logged propensity was below ${floor} (requests): ${clipped}\n`;
  }
  return out;
}
