import type { Command } from 'commander';
import { z } from 'zod';
import { builtinRegistry } from '../../../policies/index.ts';
import { writeFileAtomic } from '../../core/atomic-write.ts';
import { VERSION } from '../../core/version.ts';
import { type SimRunResult, summarizeSimRun } from '../../metrics/simulation-summary.ts';
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
import { parseFlags } from '../options.ts';
import { withTraceOptions } from '../shared-options.ts';

interface SimulateFlags {
  deployment: string;
  policy: string[];
  arrivals: string;
  slo?: string;
  seed: string;
  prices?: string;
  json?: string;
  requestsCsv?: string;
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
    .option('--requests-csv <file>', 'write one CSV row per request and policy');
  withTraceOptions(cmd).action(async (paths: string[], flags: SimulateFlags) => {
    const f = parseFlags(flagsSchema, flags);
    const arrivals = parseArrivals(flags.arrivals);
    const deployment = await readDeployment(flags.deployment);
    const { trace, prices } = await loadTrace(paths, flags);
    const registry = builtinRegistry();
    const policies: Policy[] = [];
    for (const spec of flags.policy) policies.push(await resolvePolicy(spec, registry));
    const pattern = arrivals.type === 'pattern' ? readArrivalPattern(arrivals.name) : undefined;
    const out = await simulate(trace, deployment, policies, {
      seed: f.seed,
      arrivals,
      ...(pattern ? { pattern } : {}),
      ...(prices ? { prices } : {}),
    });
    const runs = out.runs.map((run) =>
      run.error === undefined
        ? summarizeSimRun(run, f.slo)
        : ({ policy: run.policy, error: run.error } as SimRunResult),
    );
    const results = {
      routelab: VERSION,
      trace: { path: paths.join(' '), requests: trace.requestCount, models: out.models },
      deployment: {
        path: flags.deployment,
        providers: deployment.providers.map((p) => ({ name: p.name, model: p.model })),
      },
      arrivals: flags.arrivals,
      seed: f.seed,
      warnings: out.warnings,
      runs,
    };
    if (flags.json) await writeJsonTarget(flags.json, results);
    if (flags.requestsCsv) {
      const lines = [REQUESTS_CSV_HEADER];
      for (const run of out.runs) if (run.error === undefined) lines.push(...requestsCsvLines(trace, run));
      await writeFileAtomic(flags.requestsCsv, `${lines.join('\n')}\n`);
    }
    const human = humanStream(flags.json);
    human.write(renderSimulation(paths.join(' '), trace.requestCount, runs, f.slo));
    for (const w of out.warnings) human.write(`warning: ${w}\n`);
    for (const r of runs) if (r.error !== undefined) process.stderr.write(`routelab: ${r.error}\n`);
    if (runs.some((r) => r.error !== undefined)) process.exitCode = 1;
  });
}
