/** The replay's other engines: as one SQL query in DuckDB, and as shard processes merged (`--workers`). */
import type { ReplayFlags } from './replay-flags.ts';
import { renderResults, resultsCsv } from './render-results.ts';
import { ConfigError } from '../core/errors.ts';
import { writeFileAtomic } from '../core/atomic-write.ts';
import { humanStream, writeJsonTarget } from './io.ts';
import { replayWithWorkers } from './replay-workers.ts';
import { sqlPolicies, sqlResults } from './sql-engine.ts';
import { describeRunError } from '../report/text/run-error.ts';

/**
 * `--engine duckdb` with one trace file (and at most a --train file), no split, slicing, baseline or
 * re-pricing, and only policies with a SQL form: the replay runs as SQL in DuckDB. Returns false when it cannot.
 */
export async function runAsSql(paths: string[], flags: ReplayFlags, seed: number): Promise<boolean> {
  const plain = [flags.split, flags.by, flags.baseline, flags.prices, flags.shard, flags.report];
  if (paths.length !== 1 || plain.some((v) => v !== undefined) || flags.lenient || flags.format !== 'auto')
    return false;
  const inputs = { trace: paths[0]!, ...(flags.scores ? { scores: flags.scores } : {}) };
  const policies = await sqlPolicies(flags.policy, seed, flags.train !== undefined, inputs);
  if (!policies) return false;
  const results = await sqlResults(paths[0]!, policies, seed, flags.train);
  if (flags.json) await writeJsonTarget(flags.json, results);
  if (flags.csv) await writeFileAtomic(flags.csv, resultsCsv(results));
  const out = humanStream(flags.json);
  out.write(renderResults(results));
  out.write('replayed as SQL in DuckDB (quality CI: normal limit; recorded costs only; no references)\n');
  for (const r of results.runs)
    if (r.error !== undefined) process.stderr.write(`routelab: ${describeRunError(r.error)}\n`);
  if (results.runs.some((r) => r.error !== undefined)) process.exitCode = 1;
  return true;
}

/** `--workers n`: shard processes, merged; prints and writes like `merge`. */
export async function runSharded(paths: string[], flags: ReplayFlags): Promise<void> {
  const workers = Number(flags.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 256)
    throw new ConfigError(`--workers: expected an integer from 1 to 256, got "${flags.workers}"`);
  if (flags.shard !== undefined || flags.report !== undefined || flags.csv !== undefined)
    throw new ConfigError('--workers: runs without --shard, --report and --csv');
  const merged = await replayWithWorkers(paths, { ...flags }, workers);
  if (flags.json) await writeJsonTarget(flags.json, merged);
  humanStream(flags.json).write(renderResults(merged));
  if (merged.runs.some((r) => r.error !== undefined)) process.exitCode = 1;
}
