/**
 * Off-policy estimates of a logged trace: what each policy would have scored on the log's traffic, where the
 * replay alone can only measure the requests on which the policy agrees with the log.
 */
import type { OffPolicyEstimate, OffPolicyEstimates, ReplayResults } from '../../metrics/types.ts';
import { formatCi, formatPercent, formatUsd } from '../text/format.ts';
import type { ReportTable } from './report-table.ts';
import { perThousand } from '../charts/points.ts';

/** An estimate outside quality's range (extreme weights) is never shown without saying so. */
const flagged = (e: OffPolicyEstimate): string =>
  `${formatPercent(e.quality)}${e.outOfRange ? ' (out of range!)' : ''}`;

/** The table, or null when no run of these results carries estimates. */
export function opeTable(results: ReplayResults): ReportTable | null {
  const estimated = results.runs.filter(
    (r) => r.ope !== undefined && !('unavailable' in r.ope),
  ) as ((typeof results.runs)[number] & { ope: OffPolicyEstimates })[];
  const unavailable = results.runs.filter((r) => r.ope !== undefined && 'unavailable' in r.ope);
  if (estimated.length === 0 && unavailable.length === 0) return null;
  return {
    title: 'Off-policy estimates (logged trace)',
    note:
      'The trace is a log: each request has the row of the model production called. DR (doubly robust) is the ' +
      'estimate to trust, with its bootstrap CI; an effective sample size (ESS) far below the request count means ' +
      'the log says little about the policy.' +
      (unavailable.length
        ? ` No estimate for: ${unavailable
            .map((r) => `${r.policy} (${(r.ope as { unavailable: string }).unavailable})`)
            .join('; ')}.`
        : ''),
    columns: [
      { title: 'policy', align: 'left' },
      { title: 'DR quality', align: 'right' },
      { title: '95% CI', align: 'right' },
      { title: 'SNIPS', align: 'right' },
      { title: 'IPS', align: 'right' },
      { title: 'DM', align: 'right' },
      { title: 'DR cost / 1k requests', align: 'right' },
      { title: 'ESS', align: 'right' },
      { title: 'max weight', align: 'right' },
      { title: 'agrees with log', align: 'right' },
    ],
    rows: estimated.map((r) => [
      r.policy,
      flagged(r.ope.dr),
      formatCi(r.ope.dr.ci95),
      flagged(r.ope.snips),
      flagged(r.ope.ips),
      flagged(r.ope.dm),
      formatUsd(perThousand(r.ope.costUsd.dr)),
      r.ope.ess.toFixed(1),
      r.ope.maxWeight.toFixed(1),
      formatPercent(r.ope.matchShare),
    ]),
  };
}
