/**
 * The terminal's answer on a production log: production as measured, the policies ranked by their reliable
 * doubly-robust estimates, the ones left out and why, and the questions the log cannot answer.
 */
import type { LoggedAdvice } from '../metrics/logged-advice.ts';
import { pct, table, usd } from './format.ts';

export function renderLogged(advice: LoggedAdvice): string {
  let out = '\nthis trace is a production log: on-policy rows above cover only the requests where a policy agrees ';
  out += 'with the log (not ranked, no frontier); no oracle or best single model\n';
  const a = advice.asLogged;
  if (a) {
    out += `production as logged: quality ${pct(a.quality)}, ${usd(a.costUsdPerRequest)}/request, `;
    out += `error rate ${pct(a.errorRate)}, ${pct(a.fallbackShare)} of requests needed more than one call\n`;
  }
  const reliable = advice.estimates
    .filter((e) => e.reliable)
    .sort((x, y) => (y.quality ?? 0) - (x.quality ?? 0) || x.policy.localeCompare(y.policy));
  if (reliable.length) {
    out += `\nwhich policy to ship (DR estimates; * = on the quality–cost frontier of the reliable ones)\n`;
    out += table(
      ['policy', 'DR quality', '95% CI', 'DR cost/req'],
      reliable.map((e) => [
        `${advice.frontier.includes(e.policy) ? '*' : ' '} ${e.policy}`,
        pct(e.quality),
        e.ci95 ? `${pct(e.ci95[0])}–${pct(e.ci95[1])}` : '',
        e.costUsdPerRequest === null ? '–' : usd(e.costUsdPerRequest),
      ]),
    );
  }
  for (const e of advice.estimates.filter((x) => !x.reliable)) {
    out += `unreliable, not ranked: ${e.policy} (${e.reasons.join('; ')})\n`;
  }
  const cf = advice.counterfactual ?? [];
  if (cf.length) {
    out += '\ncost and latency on every request (unlogged choices ESTIMATED, apart from measured ones)\n';
    out += table(
      ['policy', 'cost/req', '95% CI', 'estimated', 'latency mean'],
      cf.map((c) => [
        c.policy,
        usd(c.costUsdPerRequest),
        c.ci95 ? `${usd(c.ci95[0])}–${usd(c.ci95[1])}` : '',
        pct(c.estimatedShare, 0),
        c.latencyMsMean === null ? '–' : `${Math.round(c.latencyMsMean)}ms`,
      ]),
    );
    for (const a of [...new Set(cf.flatMap((c) => c.assumptions))]) out += `  assumed: ${a}\n`;
  }
  out += '\nwhat this log cannot answer:\n';
  for (const line of advice.cannotAnswer) out += `  - ${line}\n`;
  return out;
}
