import type { Command } from 'commander';
import { z } from 'zod';
import { builtinRegistry } from '../../../policies/index.ts';
import { writeFileAtomic } from '../../core/atomic-write.ts';
import { ConfigError } from '../../core/errors.ts';
import { VERSION } from '../../core/version.ts';
import {
  type LoadSweepPoint,
  type SimRunResult,
  type SimulationResults,
  summarizeSimRun,
} from '../../metrics/simulation-summary.ts';
import { resolvePolicy } from '../../policy/resolve-policy.ts';
import type { Policy } from '../../policy/types.ts';
import { readArrivalPattern } from '../../simulate/arrival-pattern.ts';
import { parseArrivals } from '../../simulate/arrivals.ts';
import { readDeployment } from '../../simulate/load-deployment.ts';
import { REQUESTS_CSV_HEADER, requestsCsvLines } from '../../simulate/requests-csv.ts';
import { simulate } from '../../simulate/simulate.ts';
import { count, ms, pct, table, usd } from '../format.ts';
import { humanStream, writeJsonTarget } from '../io.ts';
import { loadTrace } from '../load.ts';
import { parseFlags } from '../flag-schemas.ts';
import { withTraceOptions } from '../common-flags.ts';

interface SimulateFlags {
  deployment: string;
  policy: string[];
  arrivals: string;
  slo?: string;
  seed: string;
  prices?: string;
  json?: string;
  requestsCsv?: string;
  report?: string;
  loadSweep?: string;
  train?: string;
  format?: string;
  lenient?: boolean;
}

const flagsSchema = z.object({
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  slo: z.coerce.number().gt(0).optional(),
});

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The human table: one line per policy. */
export function renderSimulation(
  path: string,
  requests: number,
  runs: readonly SimRunResult[],
  sloMs: number | undefined,
): string {
  const rows = runs.map((r) => {
    if (r.error !== undefined) return [r.policy, 'FAILED', '', '', '', '', '', '', '', ''];
    const s = r.statuses;
    return [
      r.policy,
      pct(s.ok / r.requests),
      `${ms(r.latencyMs.p50)} / ${ms(r.latencyMs.p95)} / ${ms(r.latencyMs.p99)}`,
      ms(r.queueWaitMs.p95),
      sloMs === undefined ? '–' : pct(r.sloAttainment),
      `${count(s.error)} / ${count(s.timeout)} / ${count(s.rate_limited)}`,
      `${count(r.calls.rate_limited)}`,
      `${count(r.retries)} / ${count(r.fallbacks)}`,
      usd(r.costUsd.total),
      pct(r.quality.mean),
    ];
  });
  const head = [
    'policy',
    'answered',
    'latency p50 / p95 / p99',
    'queue p95',
    sloMs === undefined ? 'SLO' : `≤ ${ms(sloMs)}`,
    'failed err/timeout/429',
    '429 calls',
    'retries / fallbacks',
    'cost',
    'quality',
  ];
  return `${path}: ${count(requests)} requests simulated\n\n${table(head, rows)}`;
}

export function registerSimulate(program: Command): void {
  const cmd = program
    .command('simulate')
    .description('simulate the gateway in time: load, queues, rate limits, outages, retries, fallbacks')
    .argument('<trace...>', 'trace files (read as one trace)')
    .requiredOption('--deployment <file>', 'deployment JSON: providers[] (concurrency, rpm, tpm, outages…) and gateway')
    .requiredOption('--policy <spec>', 'a policy spec (repeatable), as replay takes them', collect)
    .option('--arrivals <spec>', 'trace | scale:<x> | poisson:<per-second> | azure:code | azure:conv', 'trace')
    .option('--slo <ms>', 'latency objective: report the share of requests answered within it')
    .option('--seed <n>', 'seed for arrivals, routing, errors and backoff', '0')
    .option('--prices <table>', 'price table for providers without a price override (default: the bundled one)')
    .option('--json <file>', 'write results JSON (- for stdout)')
    .option('--requests-csv <file>', 'write one CSV row per request and policy')
    .option('--train <trace>', 'training trace for policies that learn offline (best-prior, knn, learned:…)')
    .option('--report <dir>', 'write charts: latency, queue, provider shares and failures over time (+ p95 vs load)')
    .option('--load-sweep <factors>', 'also simulate at --arrivals scale:<x> for each factor (0.5,1,2,4): p95 vs load');
  withTraceOptions(cmd).action(async (paths: string[], flags: SimulateFlags) => {
    const f = parseFlags(flagsSchema, flags);
    const loads = parseLoads(flags.loadSweep);
    const deployment = await readDeployment(flags.deployment);
    const { trace, prices } = await loadTrace(paths, flags);
    const train = flags.train === undefined ? undefined : (await loadTrace([flags.train], flags)).trace;
    const registry = builtinRegistry();
    /** One simulation of every policy (resolved afresh, so no state carries over) under `spec` arrivals. */
    const runOnce = async (spec: string) => {
      const arrivals = parseArrivals(spec);
      const policies: Policy[] = [];
      for (const p of flags.policy) policies.push(await resolvePolicy(p, registry));
      const pattern = arrivals.type === 'pattern' ? readArrivalPattern(arrivals.name) : undefined;
      const out = await simulate(trace, deployment, policies, {
        seed: f.seed,
        arrivals,
        ...(pattern ? { pattern } : {}),
        ...(prices ? { prices } : {}),
        ...(train ? { train } : {}),
      });
      const runs = out.runs.map((run) =>
        run.error === undefined
          ? summarizeSimRun(run, f.slo)
          : ({ policy: run.policy, error: run.error } as SimRunResult),
      );
      const results: SimulationResults = {
        routelab: VERSION,
        trace: { path: paths.join(' '), requests: trace.requestCount, models: out.models },
        deployment: {
          path: flags.deployment,
          providers: deployment.providers.map((p) => ({ name: p.name, model: p.model })),
        },
        arrivals: spec,
        seed: f.seed,
        warnings: out.warnings,
        runs,
      };
      return { out, results };
    };
    const { out, results } = await runOnce(flags.arrivals);
    const sweep: SimulationResults[] = [];
    for (const x of loads) sweep.push((await runOnce(`scale:${x}`)).results);
    const loadSweep: LoadSweepPoint[] = sweep.map((r) => ({
      arrivals: r.arrivals,
      runs: r.runs.map((run) =>
        run.error === undefined
          ? { policy: run.policy, latencyMs: run.latencyMs, sloAttainment: run.sloAttainment }
          : { policy: run.policy, error: run.error },
      ),
    }));
    if (flags.json) await writeJsonTarget(flags.json, loads.length ? { ...results, loadSweep } : results);
    if (flags.requestsCsv) {
      const lines = [REQUESTS_CSV_HEADER];
      for (const run of out.runs) if (run.error === undefined) lines.push(...requestsCsvLines(trace, run));
      await writeFileAtomic(flags.requestsCsv, `${lines.join('\n')}\n`);
    }
    const human = humanStream(flags.json);
    human.write(renderSimulation(paths.join(' '), trace.requestCount, results.runs, f.slo));
    for (const r of sweep)
      human.write(`\n${renderSimulation(`--arrivals ${r.arrivals}`, trace.requestCount, r.runs, f.slo)}`);
    for (const w of out.warnings) human.write(`warning: ${w}\n`);
    if (flags.report) {
      // vega takes ~1.5 s to load: only when charts are asked for.
      const { writeSimulationCharts } = await import('../../report/write-simulation-charts.ts');
      const files = await writeSimulationCharts(results, sweep, flags.report);
      human.write(`charts: ${files.filter((x) => x.endsWith('.svg')).join(', ')}\n`);
    }
    const failed = [results, ...sweep].flatMap((r) => r.runs).filter((r) => r.error !== undefined);
    for (const r of failed) process.stderr.write(`routelab: ${r.error}\n`);
    if (failed.length) process.exitCode = 1;
  });
}

/** `--load-sweep 0.5,1,2,4`: load factors > 0, each simulated as `--arrivals scale:<x>`. */
function parseLoads(flag: string | undefined): number[] {
  if (flag === undefined) return [];
  const xs = flag.split(',').map((x) => Number(x.trim()));
  if (xs.length === 0 || xs.some((x) => !(x > 0) || !Number.isFinite(x)))
    throw new ConfigError(`--load-sweep: expected load factors > 0 separated by commas (0.5,1,2,4), got "${flag}"`);
  return [...new Set(xs)].sort((a, b) => a - b);
}
