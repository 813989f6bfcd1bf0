/** Every run of a replay with its headline numbers, the references last (muted), failed runs with their error. */
import type { ReplayResults, RunResult } from '../../metrics/types.ts';
import type { ReportTable } from './report-table.ts';
import { COST_SCALE } from '../points.ts';
import { formatCi, formatMs, formatQuality, formatShare, formatUsd } from '../format.ts';

function row(run: RunResult, label: string): string[] {
  if (run.error !== undefined) return [label, `failed: ${run.error}`, '', '', '', '', '', ''];
  return [
    label,
    formatQuality(run.quality.mean),
    formatCi(run.quality.ci95),
    formatUsd(run.costUsd.perRequest * COST_SCALE),
    formatUsd(run.costUsd.total),
    formatMs(run.latencyMs?.p50),
    formatMs(run.latencyMs?.p95),
    `${run.unsupported} / ${run.errors}`,
  ];
}

export function runsTable(results: ReplayResults): ReportTable {
  const refs: [RunResult, string][] = [];
  if (results.references.oracle)
    refs.push([results.references.oracle, `${results.references.oracle.policy} (oracle, not shippable)`]);
  for (const s of results.references.singles ?? []) {
    refs.push([s, s.policy === results.references.bestSingle?.policy ? `${s.policy} (best single)` : s.policy]);
  }
  // On a log, a run with unsupported decisions is measured on the requests where it agrees with production.
  const label = (r: RunResult): string =>
    results.logged && r.unsupported > 0
      ? `${r.policy} (on-policy, ${formatShare(r.unsupported / r.requests)} of requests unsupported)`
      : r.policy;
  const rows = [...results.runs.map((r) => row(r, label(r))), ...refs.map(([r, label]) => row(r, label))];
  return {
    title: 'All runs and references',
    note: 'Quality is the mean over requests with a known quality; the CI is a seeded bootstrap over requests.',
    columns: [
      { title: 'policy', align: 'left' },
      { title: 'quality', align: 'right' },
      { title: '95% CI', align: 'right' },
      { title: 'cost / 1k requests', align: 'right' },
      { title: 'total cost', align: 'right' },
      { title: 'p50 latency', align: 'right' },
      { title: 'p95 latency', align: 'right' },
      { title: 'unsupported / errors', align: 'right' },
    ],
    rows,
    muted: refs.map((_, i) => results.runs.length + i),
  };
}
