/**
 * "Which policy should I ship for my budget?" on a production log, answered only from numbers that are valid
 * there: the log's own traffic as measured, and each policy's doubly-robust estimate where it is reliable.
 * On-policy replay numbers of a log average only the requests where a policy agrees with production, so they
 * never enter this table; flagged estimates are listed with the reason instead of a number that looks usable.
 */
import type { LoggedAdvice } from '../../metrics/logged-advice.ts';
import { paretoFrontier } from '../../metrics/pareto.ts';
import type { ReplayResults } from '../../metrics/types.ts';
import { formatCi, formatPercent, formatUsd } from '../text/format.ts';
import { perThousand } from '../charts/points.ts';
import type { ReportTable } from './report-table.ts';

interface Candidate {
  readonly name: string;
  readonly quality: number;
  readonly ci95: readonly [number, number] | null;
  readonly costUsd: number;
  readonly basis: string;
}

const AS_LOGGED = 'as logged (production today)';

function candidates(advice: LoggedAdvice): Candidate[] {
  const out: Candidate[] = [];
  const a = advice.asLogged;
  if (a && a.quality !== null && a.costUsdPerRequest !== null) {
    out.push({ name: AS_LOGGED, quality: a.quality, ci95: a.ci95, costUsd: a.costUsdPerRequest, basis: 'measured' });
  }
  for (const e of advice.estimates) {
    if (!e.reliable || e.quality === null || e.costUsdPerRequest === null) continue;
    out.push({ name: e.policy, quality: e.quality, ci95: e.ci95, costUsd: e.costUsdPerRequest, basis: 'DR estimate' });
  }
  return out;
}

/** The recommendation table of a logged trace: one row per budget level of the valid candidates' frontier. */
export function loggedBudgetTable(results: ReplayResults, advice: LoggedAdvice): ReportTable {
  const all = candidates(advice);
  const levels = paretoFrontier(all.map((c) => ({ name: c.name, quality: c.quality, costUsd: c.costUsd })));
  const byName = new Map(all.map((c) => [c.name, c]));
  const rows = levels.map((name) => {
    const c = byName.get(name)!;
    return [
      `≤ ${formatUsd(perThousand(c.costUsd))}`,
      c.name,
      formatPercent(c.quality),
      formatCi(c.ci95),
      formatUsd(perThousand(c.costUsd)),
      c.basis,
    ];
  });
  const flagged = advice.estimates.filter((e) => !e.reliable);
  const notes = [
    `The trace is a production log (${results.trace.requests} requests): the answer uses only the log's own ` +
      'traffic as measured and doubly-robust (DR) off-policy estimates of the policies, with their 95% CIs. ' +
      `An estimate is left out as unreliable when its effective sample size is below ${advice.minEssShare * 100}% ` +
      'of the requests or the estimate or its CI leaves [0, 1].',
  ];
  if (!advice.propensities) notes.push('The log has no propensities, so no policy other than production is estimated.');
  if (flagged.length) {
    notes.push(`Unreliable, not ranked: ${flagged.map((e) => `${e.policy} (${e.reasons.join('; ')})`).join(', ')}.`);
  }
  const partial = Object.entries(advice.onPolicyPartial);
  if (partial.length) {
    notes.push(
      `On-policy replay numbers cover only the requests where a policy agrees with the log, so they are not ` +
        `ranked: ${partial.map(([p, share]) => `${p} (${formatPercent(share)} unsupported)`).join(', ')}.`,
    );
  }
  return {
    title: 'Which policy should I ship for my budget? (from the log)',
    note: notes.join(' '),
    columns: [
      { title: 'budget / 1k requests', align: 'right' },
      { title: 'ship', align: 'left' },
      { title: 'quality', align: 'right' },
      { title: '95% CI', align: 'right' },
      { title: 'cost / 1k requests', align: 'right' },
      { title: 'basis', align: 'left' },
    ],
    rows,
  };
}

/** The report's first lines for a logged trace: what production does today and the best valid alternative. */
export function loggedHeadlines(advice: LoggedAdvice): string[] {
  const lines: string[] = [];
  const a = advice.asLogged;
  if (a) {
    lines.push(
      `Production as logged: quality ${formatPercent(a.quality)} at ` +
        `${formatUsd(perThousand(a.costUsdPerRequest))} per 1,000 requests; ` +
        `${formatPercent(a.errorRate)} of requests failed (error, timeout or rate limit), ` +
        `${formatPercent(a.fallbackShare)} needed more than one call.`,
    );
  }
  const best = candidates(advice)
    .filter((c) => c.name !== AS_LOGGED)
    .sort((x, y) => y.quality - x.quality || x.costUsd - y.costUsd)[0];
  if (best) {
    lines.push(
      `Best reliable estimate: ${best.name} — quality ${formatPercent(best.quality)} (95% CI ${formatCi(best.ci95)}) ` +
        `at ${formatUsd(perThousand(best.costUsd))} per 1,000 requests (DR estimate).`,
    );
  }
  return lines;
}
