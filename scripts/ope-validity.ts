/**
 * OPE validity at scale, printed as a table to quote: N seeded logs drawn from LLMDrift's full-information
 * trace by a known non-uniform logging policy; for each built-in policy the truth, the bias of IPS / SNIPS / DR
 * with its standard error, and the share of logs whose 95% CI covers the truth.
 *
 *   npx tsx scripts/ope-validity.ts [--logs 500] [--resamples 200] [--policies always:a,random]
 */
import { join, resolve } from 'node:path';
import { builtinRegistry } from '../policies/index.ts';
import { opeValidity } from '../src/metrics/ope/validity.ts';
import { resolvePolicy } from '../src/policy/resolve-policy.ts';
import { readTrace } from '../src/traces/read-trace.ts';

const root = resolve(new URL('..', import.meta.url).pathname);
const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const logs = flag('--logs', 500);
const resamples = flag('--resamples', 200);

export const LOGGING_WEIGHTS = {
  'gpt-3.5-turbo-0301': 0.4,
  'gpt-3.5-turbo-0613': 0.3,
  'gpt-4-0314': 0.1,
  'gpt-4-0613': 0.2,
};
const ALL_SPECS = [
  'always:gpt-3.5-turbo-0301',
  'always:gpt-3.5-turbo-0613',
  'always:gpt-4-0314',
  'always:gpt-4-0613',
  'cheapest',
  'best-prior',
  'random',
];

const only = args.indexOf('--policies');
const SPECS = only >= 0 ? args[only + 1]!.split(',') : ALL_SPECS;
const trace = await readTrace(join(root, 'datasets/llmdrift.csv.gz'));
const registry = builtinRegistry();
const policies = await Promise.all(SPECS.map((s) => resolvePolicy(s, registry)));
const t0 = process.hrtime.bigint();
const rows = await opeValidity(trace, LOGGING_WEIGHTS, policies, { logs, resamples, train: trace });
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const pts = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(2)}`;
const cell = (s: { bias: number; se: number }): string => `${pts(s.bias)} ± ${(s.se * 100).toFixed(2)}`;
const lines = [
  `OPE validity: ${logs} logs of LLMDrift (1,550 requests, 4 models), logging weights ` +
    `${Object.values(LOGGING_WEIGHTS).join('/')}, bootstrap ${resamples} resamples; ${seconds.toFixed(0)} s wall ` +
    '(shared machine)',
  'bias ± SE in quality points (bias = mean estimate − truth, SE = sd/√logs); ' +
    'coverage = share of 95% CIs containing the truth',
  '',
  '| policy | truth | IPS bias ± SE | SNIPS bias ± SE | DR bias ± SE | |DR bias|/SE | ' +
    'IPS cov. | SNIPS cov. | DR cov. |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.policy} | ${pct(r.truth)} | ${cell(r.ips)} | ${cell(r.snips)} | ${cell(r.dr)} | ` +
      `${(Math.abs(r.dr.bias) / r.dr.se).toFixed(2)} | ${pct(r.ips.coverage)} | ${pct(r.snips.coverage)} | ` +
      `${pct(r.dr.coverage)} |`,
  ),
];
process.stdout.write(`${lines.join('\n')}\n`);
