import type { Command } from 'commander';
import { writeFileAtomic } from '../../core/atomic-write.ts';
import { ConfigError } from '../../core/errors.ts';
import { VERSION } from '../../core/version.ts';
import { buildResults } from '../../metrics/results.ts';
import { builtinRegistry } from '../../../policies/index.ts';
import { replay } from '../../replay/replay.ts';
import { describeRunError } from '../../report/text/run-error.ts';
import { distinctNames } from '../distinct-names.ts';
import { learnedWarnings, trainOverlapWarning } from '../replay-checks.ts';
import { policyOptionHelp, policyUsageHelp } from '../policy-help.ts';
import { humanStream, writeJsonTarget } from '../io.ts';
import { counterfactualInputs } from '../counterfactual-inputs.ts';
import { loadTrace, refuseEmpty } from '../load.ts';
import { parseFlags, replayFlagsSchema } from '../flag-schemas.ts';
import { trainAndTest } from '../prepare.ts';
import { withTraceOptions, withTrainingOptions } from '../common-flags.ts';
import { runAsSql, runSharded } from '../replay-engines.ts';
import { runStreamed } from '../replay-stream.ts';
import { parseShard, shardTrace } from '../../replay/shard.ts';
import { shardSummary } from '../../metrics/shard-summary.ts';
import { timeRange } from '../../metrics/share-over-time.ts';
import { progressBar } from '../progress.ts';
import { resolvePolicies, withSandboxOptions } from '../sandbox-options.ts';
import { checkOutputPaths } from '../output-paths.ts';
import { renderResults, resultsCsv } from '../render-results.ts';
import type { ReplayFlags } from '../replay-flags.ts';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

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
    .option(
      '--scores <file>',
      'with --engine duckdb: predictions of the learned policies (`routelab score`), joined to replay them as SQL',
    )
    .option(
      '--chunk-requests <n>',
      'stream a trace bigger than memory: replay n requests at a time (DuckDB chunks by request id) and merge',
    )
    .addHelpText('after', policyUsageHelp(builtinRegistry()));
  withSandboxOptions(withTrainingOptions(withTraceOptions(cmd))).action(async (paths: string[], flags: ReplayFlags) => {
    checkOutputPaths(flags);
    const f = parseFlags(replayFlagsSchema, flags);
    if (flags.scores !== undefined && flags.engine !== 'duckdb')
      throw new ConfigError('--scores: the predictions are joined only by the SQL replay; add --engine duckdb');
    if (flags.chunkRequests !== undefined) return runStreamed(paths, flags, f);
    if (flags.workers !== undefined) return runSharded(paths, flags);
    if (flags.engine === 'duckdb' && (await runAsSql(paths, flags, f.seed))) return;
    const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
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
        // Without training data the catalog's means are the whole trace's, never one shard's.
        ...(shard && !train ? { catalogTrace: split.test } : {}),
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
    const range = shard && timeRange(split.test);
    const summary =
      shard &&
      shardSummary(test, runs, {
        seed: f.seed,
        resamples: f.resamples,
        shard,
        ...(f.by ? { by: f.by } : {}),
        // Buckets over the whole replayed trace's time range, so shards' counts add up.
        ...(range ? { timeRange: range } : {}),
      });
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
