import type { Command } from 'commander';
import { writeFileAtomic } from '../../core/atomic-write.ts';
import { ConfigError } from '../../core/errors.ts';
import { VERSION } from '../../core/version.ts';
import { buildResults } from '../../metrics/results.ts';
import type { OffPolicyEstimate, ReplayResults, RunResult } from '../../metrics/types.ts';
import { builtinRegistry } from '../../../policies/index.ts';
import { replay } from '../../replay/replay.ts';
import { describeRunError } from '../../report/text/run-error.ts';
import { count, ms, pct, table, usd } from '../format.ts';
import { distinctNames } from '../distinct-names.ts';
import { learnedWarnings, trainOverlapWarning } from '../replay-checks.ts';
import { policyOptionHelp, policyUsageHelp } from '../policy-help.ts';
import { offPolicyFlags, renderBaseline, renderSlices } from '../render-comparisons.ts';
import { humanStream, writeJsonTarget } from '../io.ts';
import { counterfactualInputs } from '../counterfactual-inputs.ts';
import { loadTrace, refuseEmpty } from '../load.ts';
import { renderLogged } from '../logged-summary.ts';
import { parseFlags, replayFlagsSchema } from '../flag-schemas.ts';
import { trainAndTest } from '../prepare.ts';
import { withTraceOptions, withTrainingOptions } from '../common-flags.ts';
import { replayWithWorkers } from '../replay-workers.ts';
import { sqlPolicies, sqlResults } from '../sql-engine.ts';
import { parseShard, shardTrace } from '../../replay/shard.ts';
import { shardSummary } from '../../metrics/shard-summary.ts';
import { progressBar } from '../progress.ts';
import { resolvePolicies, withSandboxOptions } from '../sandbox-options.ts';
import { checkOutputPaths } from '../output-paths.ts';

interface ReplayFlags {
  policy: string[];
  baseline?: string;
  train?: string;
  split?: string;
  seed?: string;
  prices?: string;
  by?: string;
  json?: string;
  csv?: string;
  report?: string;
  format?: string;
  lenient?: boolean;
  resamples?: string;
  policyTimeout?: string;
  policyMemory?: string;
  lengths?: string;
  engine?: string;
  shard?: string;
  workers?: string;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

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
function resultsCsv(results: ReplayResults): string {
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

/**
 * `--engine duckdb` with one trace file, no training, slicing, baseline or re-pricing, and only pure
 * row-function policies: the replay runs as SQL in DuckDB. Returns false when it cannot.
 */
async function runAsSql(paths: string[], flags: ReplayFlags, seed: number): Promise<boolean> {
  const plain = [flags.train, flags.split, flags.by, flags.baseline, flags.prices, flags.shard, flags.report];
  if (paths.length !== 1 || plain.some((v) => v !== undefined) || flags.lenient || flags.format !== 'auto')
    return false;
  const policies = await sqlPolicies(flags.policy, seed);
  if (!policies) return false;
  const results = await sqlResults(paths[0]!, policies, seed);
  if (flags.json) await writeJsonTarget(flags.json, results);
  if (flags.csv) await writeFileAtomic(flags.csv, resultsCsv(results));
  const out = humanStream(flags.json);
  out.write(renderResults(results));
  out.write('replayed as SQL in DuckDB (quality CI: normal limit; recorded costs only; no references)\n');
  return true;
}

/** `--workers n`: shard processes, merged; prints and writes like `merge`. */
async function runSharded(paths: string[], flags: ReplayFlags): Promise<void> {
  const workers = Number(flags.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 256)
    throw new ConfigError(`--workers: expected an integer from 1 to 256, got "${flags.workers}"`);
  if (flags.shard !== undefined || flags.by !== undefined || flags.report !== undefined || flags.csv !== undefined)
    throw new ConfigError('--workers: runs without --shard, --by, --report and --csv');
  const merged = await replayWithWorkers(paths, { ...flags }, workers);
  if (flags.json) await writeJsonTarget(flags.json, merged);
  humanStream(flags.json).write(renderResults(merged));
  if (merged.runs.some((r) => r.error !== undefined)) process.exitCode = 1;
}

/** Resolves every spec (the baseline too, appended when not already among them); policy files sandboxed. */
async function resolveAll(
  specs: readonly string[],
  baseline: string | undefined,
  flags: ReplayFlags,
): Promise<{ policies: Awaited<ReturnType<typeof resolvePolicies>>; specs: string[]; baselineIndex: number }> {
  const all = [...specs];
  let baselineIndex = -1;
  if (baseline !== undefined) {
    baselineIndex = all.indexOf(baseline);
    if (baselineIndex < 0) baselineIndex = all.push(baseline) - 1;
  }
  const { policies, renamed } = distinctNames(await resolvePolicies(all, flags));
  for (const r of renamed)
    process.stderr.write(`routelab: two runs are named "${r.from}"; the later one is reported as "${r.to}"\n`);
  return { policies, specs: all, baselineIndex };
}

export function registerReplay(program: Command): void {
  const cmd = program
    .command('replay')
    .description('replay a trace against routing policies: quality (with 95% CI), cost, latency, shares, references')
    .argument('<trace...>', 'trace files (read as one trace)')
    .requiredOption('--policy <spec>', policyOptionHelp(builtinRegistry(), 'a policy spec (repeatable)'), collect)
    .option(
      '--baseline <spec>',
      'compare every run with this policy: paired bootstrap CI of the quality and cost difference',
    )
    .option(
      '--prices <table>',
      're-price every row with this price table before replaying ("what if prices were today\'s?")',
    )
    .option('--by <column>', 'per-slice tables by task or any tag column')
    .option('--resamples <n>', 'bootstrap resamples for the CIs', '1000')
    .option('--json <file>', 'write results JSON (- for stdout)')
    .option('--csv <file>', 'write one CSV line per run')
    .option(
      '--lengths <trace>',
      'on a log: learn output-length ratios from this trace (models answering the same prompts) for estimated costs',
    )
    .option('--report <dir>', 'also write the HTML/Markdown report with charts into this folder')
    .option('--shard <i/n>', 'replay only the requests of shard i of n (by a hash of request_id); merge with `merge`')
    .option('--workers <n>', 'run the replay as n shard processes on this machine and merge their results')
    .addHelpText('after', policyUsageHelp(builtinRegistry()));
  withSandboxOptions(withTrainingOptions(withTraceOptions(cmd))).action(async (paths: string[], flags: ReplayFlags) => {
    checkOutputPaths(flags);
    const f = parseFlags(replayFlagsSchema, flags);
    if (flags.workers !== undefined) return runSharded(paths, flags);
    if (flags.engine === 'duckdb' && (await runAsSql(paths, flags, f.seed))) return;
    const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
    if (shard && f.by) throw new ConfigError('--by: per-slice tables are not merged across shards yet; drop --shard');
    const { trace, prices } = await loadTrace(paths, flags, true);
    refuseEmpty(trace, paths);
    const split = await trainAndTest(trace, { ...flags, split: f.split, seed: f.seed });
    const { train } = split;
    // Sharded after the split: every shard trains on the same requests and replays its own.
    const test = shard ? shardTrace(split.test, shard) : split.test;
    if (test.requestCount === 0) throw new ConfigError('replay: no requests left to replay after the split');
    const { policies, specs, baselineIndex } = await resolveAll(flags.policy, flags.baseline, flags);
    const bar = progressBar('replaying');
    let runs: Awaited<ReturnType<typeof replay>>;
    try {
      runs = await replay(test, policies, {
        seed: f.seed,
        ...(train ? { train } : {}),
        onProgress: (d, t) => bar.update(d, t),
      });
    } finally {
      bar.stop();
    }
    const built = buildResults(test, runs, {
      seed: f.seed,
      resamples: f.resamples,
      path: paths.join(' '),
      version: VERSION,
      ...(f.by ? { by: f.by } : {}),
      ...(baselineIndex >= 0 ? { baseline: runs[baselineIndex]! } : {}),
      ...(prices ? { counterfactual: await counterfactualInputs(prices, flags.lengths) } : {}),
    });
    // Scored on requests the policies were trained on, or a cost target missed here: said in the results.
    const checks = [
      ...(train && flags.train ? [trainOverlapWarning(test, train, flags.train)] : []),
      ...(await learnedWarnings(specs, built.runs, test)),
    ].filter((w) => w !== undefined);
    const warnings = [...built.trace.warnings, ...checks];
    const results = checks.length ? { ...built, trace: { ...built.trace, warnings } } : built;
    // The report is rendered first and swapped in last, so a killed run never leaves new JSON beside an
    // old report. vega and arquero are slow to load: only when a report is asked for.
    const staged = flags.report
      ? await (await import('../../report/write-report.ts')).stageReport({ results: [results] }, flags.report)
      : undefined;
    const summary = shard && shardSummary(test, runs, { seed: f.seed, resamples: f.resamples, shard });
    if (flags.json) await writeJsonTarget(flags.json, summary ? { ...results, shard: summary } : results);
    if (flags.csv) await writeFileAtomic(flags.csv, resultsCsv(results));
    const out = humanStream(flags.json);
    out.write(renderResults(results));
    if (staged) out.write(`report: ${(await staged.commit()).html}\n`);
    // A failed run keeps its row (the other runs are valid); its error goes to stderr and sets the exit code.
    for (const r of results.runs)
      if (r.error !== undefined) process.stderr.write(`routelab: ${describeRunError(r.error)}\n`);
    if (results.runs.some((r) => r.error !== undefined)) process.exitCode = 1;
  });
}
