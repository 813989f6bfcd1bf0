/** The replay's results in words: the comparison table, the off-policy table, and one CSV line per run. */
import type { OffPolicyEstimate, ReplayResults, RunResult } from '../metrics/types.ts';
import { describeRunError } from '../report/text/run-error.ts';
import { count, ms, pct, table, usd } from './format.ts';
import { renderLogged } from './logged-summary.ts';
import { offPolicyFlags, renderBaseline, renderSlices } from './render-comparisons.ts';

function row(r: RunResult, label = r.policy): string[] {
  if (r.error !== undefined) return [label, 'FAILED', '', '', '', '', '', '', ''];
  const q = r.quality;
  const ci = q.ci95 ? `${pct(q.ci95[0])}–${pct(q.ci95[1])}` : '';
  const diff = r.vsBaseline
    ? `${r.vsBaseline.qualityDiff.mean >= 0 ? '+' : ''}${(r.vsBaseline.qualityDiff.mean * 100).toFixed(1)}pp`
    : '';
  // Unknown costs are left out of the totals, never counted as free: with none known there is no cost to show.
  const noCost = (r.costUsd.unknown ?? 0) >= r.requests;
  return [
    label,
    pct(q.mean),
    ci,
    diff,
    noCost ? '–' : usd(r.costUsd.perRequest),
    noCost ? '–' : usd(r.costUsd.total),
    r.latencyMs ? `${ms(r.latencyMs.p50)} / ${ms(r.latencyMs.p95)}` : '–',
    count(r.unsupported),
    r.errorRate ? `${count(r.errors)} (${pct(r.errorRate)})` : count(r.errors),
  ];
}

/** The aligned comparison table: references first, then the runs, frontier members starred. */
export function renderResults(results: ReplayResults): string {
  const refs = results.references;
  const rows: string[][] = [];
  if (refs.oracle) rows.push(row(refs.oracle, 'oracle (reference)'));
  if (refs.bestSingle) rows.push(row(refs.bestSingle, `best single: ${refs.bestSingle.policy} (reference)`));
  for (const r of results.runs) {
    const simulated = r.simulated ? ` [simulated judge, ε=${r.simulated.judgeErrorRate}]` : '';
    const onPolicy = results.logged && r.unsupported > 0 ? ' (on-policy, partial)' : '';
    rows.push(row(r, `${results.frontier.includes(r.policy) ? '* ' : '  '}${r.policy}${simulated}${onPolicy}`));
  }
  let out = `${results.trace.path}: ${count(results.trace.requests)} requests replayed, seed ${results.seed}\n\n`;
  out += table(
    ['policy', 'quality', '95% CI', 'vs base', 'cost/req', 'cost total', 'latency p50/p95', 'unsupported', 'errors'],
    rows,
  );
  if (results.frontier.length) out += '\n* on the quality–cost Pareto frontier of the runs\n';
  if (results.runs.some((r) => r.simulated))
    out +=
      'simulated judge: the cascade accepts by the recorded quality flipped with probability ε — a what-if, ' +
      'not a router you can deploy (reports never recommend it); accept=score:<column> reads a real judge\n';
  const estimated = results.runs.filter((r) => r.costUsd.estimatedShare > 0);
  if (estimated.length)
    out +=
      `costs partly estimated from tokens × prices (share of cost): ` +
      `${estimated.map((r) => `${r.policy} ${pct(r.costUsd.estimatedShare, 0)}`).join(', ')}\n`;
  const partial = results.runs.filter((r) => (r.costUsd.unknown ?? 0) > 0 && (r.costUsd.unknown ?? 0) < r.requests);
  if (partial.length)
    out +=
      `cost unknown for some requests (left out of cost/req and total): ` +
      `${partial.map((r) => `${r.policy} ${count(r.costUsd.unknown ?? 0)}`).join(', ')}\n`;
  out += renderBaseline(results) + renderSlices(results);
  out += renderOffPolicy(results.runs);
  for (const r of results.runs.filter((x) => x.weighted?.mean != null)) {
    const w = r.weighted!;
    out +=
      `whole-log estimate of ${r.policy} (shadow sample weighted by 1/probability, ` +
      `${count(w.answered)} answers ` +
      `for ${count(Math.round(w.represents))} requests): ${pct(w.mean)} ` +
      `(95% CI ${pct(w.ci95![0])}–${pct(w.ci95![1])})\n`;
  }
  if (results.logged) out += renderLogged(results.logged);
  for (const w of results.trace.warnings) out += `warning [${w.code}] ×${count(w.count)}: ${w.message}\n`;
  return out;
}

/** The second table on a logged trace: each run's off-policy estimates, or why it has none. */
function renderOffPolicy(runs: readonly RunResult[]): string {
  const rows: string[][] = [];
  let notes = '';
  const ci = (e: OffPolicyEstimate): string => (e.ci95 ? `${pct(e.ci95[0])}–${pct(e.ci95[1])}` : '');
  // An estimate outside quality's range is the estimator's number, never shown without its flag.
  const q = (e: OffPolicyEstimate): string => (e.outOfRange ? `${pct(e.quality)}!` : pct(e.quality));
  let outOfRange = false,
    clipped = '';
  for (const r of runs) {
    const o = r.ope;
    if (!o) continue;
    if ('unavailable' in o) {
      notes += `off-policy estimates unavailable for ${r.policy}: ${o.unavailable}\n`;
      continue;
    }
    if ([o.dr, o.snips, o.ips, o.dm].some((e) => e.outOfRange)) outOfRange = true;
    if ((o.clipped ?? 0) > 0) clipped += `${clipped ? ', ' : ''}${r.policy} ${count(o.clipped!)}`;
    rows.push([
      r.policy,
      q(o.dr),
      ci(o.dr),
      q(o.snips),
      q(o.ips),
      q(o.dm),
      o.ess.toFixed(1),
      o.maxWeight.toFixed(1),
      pct(o.matchShare, 0),
    ]);
  }
  let out = '';
  if (rows.length) {
    out += `\noff-policy estimates (logged trace; trust DR, and none of them when ESS is small)\n`;
    out += table(['policy', 'DR quality', '95% CI', 'SNIPS', 'IPS', 'DM', 'ESS', 'max weight', 'match share'], rows);
    out += offPolicyFlags(outOfRange, clipped, runs);
  }
  return out + notes;
}

/** One CSV line per run (and reference): the headline numbers for spreadsheets. */
export function resultsCsv(results: ReplayResults): string {
  const head =
    'policy,kind,requests,quality_mean,quality_ci_low,quality_ci_high,quality_unknown,' +
    'cost_total_usd,cost_per_request_usd,cost_estimated_share,' +
    'latency_p50_ms,latency_p95_ms,latency_p99_ms,unsupported,errors,error';
  const cell = (v: unknown): string => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const line = (r: RunResult, kind: string): string =>
    [
      r.policy,
      kind,
      r.requests,
      r.quality.mean,
      r.quality.ci95?.[0],
      r.quality.ci95?.[1],
      r.quality.unknown,
      r.costUsd.total,
      r.costUsd.perRequest,
      r.costUsd.estimatedShare,
      r.latencyMs?.p50,
      r.latencyMs?.p95,
      r.latencyMs?.p99,
      r.unsupported,
      r.errors,
      r.error && describeRunError(r.error),
    ]
      .map(cell)
      .join(',');
  const refs = results.references;
  const lines = [head];
  if (refs.oracle) lines.push(line(refs.oracle, 'oracle'));
  for (const s of refs.singles ?? []) lines.push(line(s, 'single'));
  for (const r of results.runs) lines.push(line(r, 'policy'));
  return `${lines.join('\n')}\n`;
}
