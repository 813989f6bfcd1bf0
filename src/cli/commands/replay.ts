import type { Command } from 'commander';
import { builtinRegistry } from '../../../policies/index.ts';
import { writeFileAtomic } from '../../core/atomic-write.ts';
import { ConfigError } from '../../core/errors.ts';
import { VERSION } from '../../core/version.ts';
import { buildResults } from '../../metrics/results.ts';
import type { OffPolicyEstimate, ReplayResults, RunResult } from '../../metrics/types.ts';
import { resolvePolicy } from '../../policy/resolve-policy.ts';
import type { Policy } from '../../policy/types.ts';
import { replay } from '../../replay/replay.ts';
import { count, ms, pct, table, usd } from '../format.ts';
import { humanStream, writeJsonTarget } from '../io.ts';
import { loadTrace } from '../load.ts';
import { parseFlags, replayFlagsSchema } from '../options.ts';
import { trainAndTest } from '../prepare.ts';
import { withTraceOptions, withTrainingOptions } from '../shared-options.ts';
import { replayWithWorkers } from '../replay-workers.ts';
import { sqlPolicies, sqlResults } from '../sql-engine.ts';
import { parseShard, shardTrace } from '../../replay/shard.ts';
import { shardSummary } from '../../metrics/shard-summary.ts';
import { progressBar } from '../progress.ts';

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
    count(r.errors),
  ];
}

/** The aligned comparison table: references first, then the runs, frontier members starred. */
export function renderResults(results: ReplayResults): string {
  const refs = results.references;
  const rows: string[][] = [];
  if (refs.oracle) rows.push(row(refs.oracle, 'oracle (reference)'));
  if (refs.bestSingle) rows.push(row(refs.bestSingle, `best single: ${refs.bestSingle.policy} (reference)`));
  for (const r of results.runs)
    rows.push(row(r, results.frontier.includes(r.policy) ? `* ${r.policy}` : `  ${r.policy}`));
  let out = `${results.trace.path}: ${count(results.trace.requests)} requests replayed, seed ${results.seed}\n\n`;
  out += table(
    ['policy', 'quality', '95% CI', 'vs base', 'cost/req', 'cost total', 'latency p50/p95', 'unsupported', 'errors'],
    rows,
  );
  out += '\n* on the quality–cost Pareto frontier of the runs\n';
  const estimated = results.runs.filter((r) => r.costUsd.estimatedShare > 0);
  if (estimated.length)
    out += `costs partly estimated from tokens × prices (share of cost): ${estimated.map((r) => `${r.policy} ${pct(r.costUsd.estimatedShare, 0)}`).join(', ')}\n`;
  const partial = results.runs.filter((r) => (r.costUsd.unknown ?? 0) > 0 && (r.costUsd.unknown ?? 0) < r.requests);
  if (partial.length)
    out += `cost unknown for some requests (left out of cost/req and total): ${partial.map((r) => `${r.policy} ${count(r.costUsd.unknown ?? 0)}`).join(', ')}\n`;
  out += renderOffPolicy(results.runs);
  for (const w of results.trace.warnings) out += `warning [${w.code}] ×${count(w.count)}: ${w.message}\n`;
  return out;
}

/** The second table on a logged trace: each run's off-policy estimates, or why it has none. */
function renderOffPolicy(runs: readonly RunResult[]): string {
  const rows: string[][] = [];
  let notes = '';
  const ci = (e: OffPolicyEstimate): string => (e.ci95 ? `${pct(e.ci95[0])}–${pct(e.ci95[1])}` : '');
  for (const r of runs) {
    const o = r.ope;
    if (!o) continue;
    if ('unavailable' in o) {
      notes += `off-policy estimates unavailable for ${r.policy}: ${o.unavailable}\n`;
      continue;
    }
    rows.push([
      r.policy,
      pct(o.dr.quality),
      ci(o.dr),
      pct(o.snips.quality),
      pct(o.ips.quality),
      pct(o.dm.quality),
      o.ess.toFixed(1),
      o.maxWeight.toFixed(1),
      pct(o.matchShare, 0),
    ]);
  }
  let out = '';
  if (rows.length) {
    out += `\noff-policy estimates (logged trace; trust DR, and none of them when ESS is small)\n`;
    out += table(['policy', 'DR quality', '95% CI', 'SNIPS', 'IPS', 'DM', 'ESS', 'max weight', 'match share'], rows);
  }
  return out + notes;
}

/** One CSV line per run (and reference): the headline numbers for spreadsheets. */
function resultsCsv(results: ReplayResults): string {
  const head =
    'policy,kind,requests,quality_mean,quality_ci_low,quality_ci_high,quality_unknown,cost_total_usd,cost_per_request_usd,cost_estimated_share,latency_p50_ms,latency_p95_ms,latency_p99_ms,unsupported,errors,error';
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
      r.error,
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

/** Resolves every spec (the baseline too, appended when not already among them). */
async function resolveAll(
  specs: readonly string[],
  baseline: string | undefined,
): Promise<{ policies: Policy[]; baselineIndex: number }> {
  const registry = builtinRegistry();
  const all = [...specs];
  let baselineIndex = -1;
  if (baseline !== undefined) {
    baselineIndex = all.indexOf(baseline);
    if (baselineIndex < 0) baselineIndex = all.push(baseline) - 1;
  }
  const policies: Policy[] = [];
  for (const spec of all) policies.push(await resolvePolicy(spec, registry));
  return { policies, baselineIndex };
}

export function registerReplay(program: Command): void {
  const cmd = program
    .command('replay')
    .description('replay a trace against routing policies: quality (with 95% CI), cost, latency, shares, references')
    .argument('<trace...>', 'trace files (read as one trace)')
    .requiredOption(
      '--policy <spec>',
      'a policy spec (repeatable): always:<model>, random, cheapest, best-prior, knn, learned:<dir>, ./my-policy.ts?k=v …',
      collect,
    )
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
    .option('--report <dir>', 'also write the HTML/Markdown report with charts into this folder')
    .option('--shard <i/n>', 'replay only the requests of shard i of n (by a hash of request_id); merge with `merge`')
    .option('--workers <n>', 'run the replay as n shard processes on this machine and merge their results');
  withTrainingOptions(withTraceOptions(cmd)).action(async (paths: string[], flags: ReplayFlags) => {
    const f = parseFlags(replayFlagsSchema, flags);
    if (flags.workers !== undefined) return runSharded(paths, flags);
    if (flags.engine === 'duckdb' && (await runAsSql(paths, flags, f.seed))) return;
    const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
    if (shard && f.by) throw new ConfigError('--by: per-slice tables are not merged across shards yet; drop --shard');
    const { trace } = await loadTrace(paths, flags, true);
    const split = await trainAndTest(trace, { ...flags, split: f.split, seed: f.seed });
    const { train } = split;
    // Sharded after the split: every shard trains on the same requests and replays its own.
    const test = shard ? shardTrace(split.test, shard) : split.test;
    if (test.requestCount === 0) throw new ConfigError('replay: no requests left to replay after the split');
    const { policies, baselineIndex } = await resolveAll(flags.policy, flags.baseline);
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
    const results = buildResults(test, runs, {
      seed: f.seed,
      resamples: f.resamples,
      path: paths.join(' '),
      version: VERSION,
      ...(f.by ? { by: f.by } : {}),
      ...(baselineIndex >= 0 ? { baseline: runs[baselineIndex]! } : {}),
    });
    const summary = shard && shardSummary(test, runs, { seed: f.seed, resamples: f.resamples, shard });
    if (flags.json) await writeJsonTarget(flags.json, summary ? { ...results, shard: summary } : results);
    if (flags.csv) await writeFileAtomic(flags.csv, resultsCsv(results));
    const out = humanStream(flags.json);
    out.write(renderResults(results));
    if (flags.report) {
      // vega and arquero take ~1.5 s to load: only when a report is asked for.
      const { writeReport } = await import('../../report/write-report.ts');
      const written = await writeReport({ results: [results] }, flags.report);
      out.write(`report: ${written.html}\n`);
    }
    // A failed run keeps its row (the other runs are valid); its error goes to stderr and sets the exit code.
    for (const r of results.runs) if (r.error !== undefined) process.stderr.write(`routelab: ${r.error}\n`);
    if (results.runs.some((r) => r.error !== undefined)) process.exitCode = 1;
  });
}
