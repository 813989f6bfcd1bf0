import { describeRunError } from '../text/run-error.ts';
/** Every run of a replay with its headline numbers, the references last (muted), failed runs with their error. */
import type { ReplayResults, RunResult } from '../../metrics/types.ts';
import type { ReportTable } from './report-table.ts';
import { knownCostPerRequestUsd } from '../../metrics/pareto.ts';
import { perThousand } from '../charts/points.ts';
import { formatCi, formatMs, formatPercent, formatUsd } from '../text/format.ts';

function row(run: RunResult, label: string): string[] {
  if (run.error !== undefined) return [label, `failed: ${describeRunError(run.error)}`, '', '', '', '', '', ''];
  return [
    label,
    formatPercent(run.quality.mean),
    formatCi(run.quality.ci95),
    // Unknown for every request is "–", not $0 (the run is not free); a partly known cost covers the known part.
    formatUsd(perThousand(knownCostPerRequestUsd(run))),
    formatUsd(knownCostPerRequestUsd(run) === null ? null : run.costUsd.total),
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
    r.simulated
      ? `${r.policy} (simulated judge, error rate ${r.simulated.judgeErrorRate}; not shippable)`
      : results.logged && r.unsupported > 0
        ? `${r.policy} (on-policy, ${formatPercent(r.unsupported / r.requests)} of requests unsupported)`
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
