/**
 * `replay --engine duckdb` when every policy has a SQL form: each run is one SQL query over the file
 * (metrics/sql-replay.ts), nothing is loaded into this process. Other cases fall back to reading the
 * trace (with DuckDB) and replaying it here.
 */
import { builtinRegistry } from '../../policies/index.ts';
import { VERSION } from '../core/version.ts';
import { paretoFrontier } from '../metrics/pareto.ts';
import { duckDbSource, sqlReplay, sqlTraceModels } from '../metrics/sql-replay.ts';
import type { ReplayResults } from '../metrics/types.ts';
import { resolvePolicy } from '../policy/resolve-policy.ts';
import { type SqlPolicy, sqlPolicy } from '../replay/sql-policy.ts';
import { learnedSql } from './sql-learned.ts';

/** The SQL forms of every spec, or undefined when one has none (the caller then replays in process). */
export async function sqlPolicies(
  specs: readonly string[],
  seed: number,
  train = false,
  inputs: { trace?: string; scores?: string } = {},
): Promise<SqlPolicy[] | undefined> {
  const out: SqlPolicy[] = [];
  for (const spec of specs) {
    const policy = await resolvePolicy(spec, builtinRegistry());
    // A learned router runs as SQL over its precomputed predictions, when given.
    const learned =
      inputs.scores !== undefined && inputs.trace !== undefined
        ? await learnedSql(spec, policy.name, 'duckdb', duckDbSource(inputs.scores), await sqlTraceModels(inputs.trace))
        : undefined;
    const sql = learned ?? sqlPolicy(spec, policy.name, seed, 'duckdb', { train });
    if (typeof sql === 'string') return undefined;
    out.push(sql);
  }
  return out;
}

/**
 * Results of the SQL replay of one trace file (no references: they need the whole trace in memory); per-model
 * statistics from the `train` file when given.
 */
export async function sqlResults(
  path: string,
  policies: readonly SqlPolicy[],
  seed: number,
  train?: string,
): Promise<ReplayResults> {
  const models = await sqlTraceModels(path);
  const runs = [];
  for (const p of policies) runs.push(await sqlReplay(p, path, models, train));
  const frontier = paretoFrontier(
    runs
      .filter((r) => r.error === undefined)
      .map((r) => ({ name: r.policy, quality: r.quality.mean, costUsd: r.costUsd.perRequest })),
  );
  return {
    routelab: VERSION,
    seed,
    trace: { path, requests: runs[0]?.requests ?? 0, models, warnings: [] },
    runs,
    references: {},
    frontier,
  };
}
