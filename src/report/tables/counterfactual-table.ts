/**
 * Each policy's cost and latency on every request of a log, with the part for models the log did not call
 * estimated (output-length ratios × prices, a ttft + tokens / throughput latency line) and labelled so.
 */
import type { LoggedAdvice } from '../../metrics/logged-advice.ts';
import { formatCi, formatMs, formatPercent, formatUsd } from '../text/format.ts';
import { perThousand } from '../charts/points.ts';
import type { ReportTable } from './report-table.ts';

/** The table, or null when the advice has no estimates (no price table). */
export function counterfactualTable(advice: LoggedAdvice): ReportTable | null {
  const cf = advice.counterfactual ?? [];
  if (cf.length === 0) return null;
  const usd = (v: number): string => formatUsd(perThousand(v));
  const assumptions = [...new Set(cf.flatMap((c) => c.assumptions))];
  return {
    title: 'Cost and latency on every request (estimated where the log did not call the model)',
    note:
      'Requests where a policy picks the model production called are measured; the others are estimated from the ' +
      'request’s input tokens, the logged answer’s length scaled by a learned output-length ratio, and prices. ' +
      `The CI spans the ratios' uncertainty. ${assumptions.length ? `Assumed: ${assumptions.join('; ')}.` : ''}`,
    columns: [
      { title: 'policy', align: 'left' },
      { title: 'cost / 1k requests', align: 'right' },
      { title: '95% CI', align: 'right' },
      { title: 'estimated share', align: 'right' },
      { title: 'mean latency', align: 'right' },
    ],
    rows: cf.map((c) => [
      c.policy,
      c.costUsdPerRequest === null ? '—' : usd(c.costUsdPerRequest),
      c.ci95 ? `${usd(c.ci95[0])}–${usd(c.ci95[1])}` : formatCi(null),
      formatPercent(c.estimatedShare),
      formatMs(c.latencyMsMean ?? undefined),
    ]),
  };
}
