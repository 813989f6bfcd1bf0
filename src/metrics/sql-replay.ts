/**
 * `replay --engine duckdb`: a policy with a SQL form (replay/sql-policy.ts) replayed and summarised as one SQL
 * query over the trace file, out of core. `replayQuery` writes it for DuckDB or, for `routelab sql`, in ANSI SQL
 * or the Trino, Spark SQL or BigQuery dialect (replay/sql-dialect.ts; the differences are listed in docs/sql.md).
 * All columns are read as text first, as the JS reader sees cells; booleans in `quality` ("True"/"False") are
 * mapped explicitly. Numbers match the default engine (counts, shares exactly; sums to the last bits); the
 * quality CI is the normal limit x̄ ± 1.96 σ̂/√n (the default engine's bootstrap for n·resamples > 1e7).
 */
import { ConfigError } from '../core/errors.ts';
import { dialectText, naturalKey, type SqlDialect } from '../replay/sql-dialect.ts';
import type { SqlPolicy } from '../replay/sql-policy.ts';
import { duckDbConnection } from '../traces/engines/duckdb-connection.ts';
import { failedResult } from './summarize.ts';
import type { RunResult } from './types.ts';

const Z_975 = 1.959963984540054;

/** A source the query reads rows from, with the columns it has (without them, every canonical column). */
export interface SqlSource {
  readonly source: string;
  readonly columns?: ReadonlySet<string>;
}

/** The parsed rows of one source: every column the replay reads, typed; `score` from the policy's column. */
function rowsOf(from: SqlSource, dialect: SqlDialect, scoreColumn: string | undefined): string {
  const d = dialectText(dialect);
  const nullText = `CAST(NULL AS ${d.string})`;
  // A column the file lacks reads as empty (without `columns`, every canonical column is assumed present).
  const col = (name: string): string => (!from.columns || from.columns.has(name) ? d.quote(name) : nullText);
  const num = (c: string): string => `CAST(NULLIF(${c}, '') AS ${d.double})`;
  const bool = (c: string): string =>
    `CASE WHEN LOWER(${c}) = 'true' THEN 1e0 WHEN LOWER(${c}) = 'false' THEN 0e0 ELSE ${num(c)} END`;
  return `SELECT request_id, model, ${bool(col('quality'))} AS quality, ${num(col('cost_usd'))} AS cost_usd,
    ${num(col('latency_ms'))} AS latency_ms, COALESCE(${col('status')}, '') AS status,
    ${num(col('input_tokens'))} AS input_tokens, ${num(col('output_tokens'))} AS output_tokens,
    ${num(scoreColumn ? col(scoreColumn) : nullText)} AS score,
    ${d.rowOrder} AS rn
  FROM ${from.source}`;
}

/**
 * The one query: decisions per request, their outcomes, then per-model and overall sums (GROUPING SETS).
 * Per-model statistics (cheapest, best-prior) read `stats_rows`: the training rows when `train` is given.
 */
export function replayQuery(
  policy: SqlPolicy,
  source: string,
  dialect: SqlDialect,
  columns?: ReadonlySet<string>,
  train?: SqlSource,
): string {
  const d = dialectText(dialect);
  const sum = d.sum;
  const trace: SqlSource = columns ? { source, columns } : { source };
  const stats = train
    ? `stats_rows AS (\n  ${rowsOf(train, dialect, undefined)}\n)`
    : 'stats_rows AS (SELECT * FROM trace_rows)';
  return `WITH trace_rows AS (
  ${rowsOf(trace, dialect, policy.scoreColumn)}
),
${stats},
firsts AS (
  SELECT request_id, MIN(rn) AS rn FROM trace_rows GROUP BY request_id
),
request_rows AS (
  SELECT r.request_id, r.score FROM trace_rows r JOIN firsts f ON r.rn = f.rn
),${policy.with ? `\n${policy.with},` : ''}
decisions AS (
  SELECT r.request_id, ${policy.chosen} AS chosen, r.score FROM request_rows r${policy.join ? ` ${policy.join}` : ''}
),
outcomes AS (
  SELECT d.chosen, d.score, o.quality, o.cost_usd, o.latency_ms, o.status,
    CASE WHEN o.request_id IS NULL THEN 1 ELSE 0 END AS unsupported
  FROM decisions d LEFT JOIN trace_rows o ON o.request_id = d.request_id AND o.model = d.chosen
)
SELECT chosen, GROUPING(chosen) AS overall, COUNT(*) AS requests, SUM(unsupported) AS unsupported,
  SUM(CASE WHEN score IS NULL THEN 1 ELSE 0 END) AS no_score,
  SUM(CASE WHEN chosen IS NULL THEN 1 ELSE 0 END) AS no_choice,
  SUM(CASE WHEN unsupported = 0 AND status NOT IN ('', 'ok') THEN 1 ELSE 0 END) AS errors,
  COUNT(quality) AS quality_known, ${sum}(quality) AS quality_sum, ${sum}(quality * quality) AS quality_squares,
  MIN(quality) AS quality_min, MAX(quality) AS quality_max,
  COUNT(cost_usd) AS cost_known, ${sum}(cost_usd) AS cost_sum,
  COUNT(latency_ms) AS latency_known, ${sum}(latency_ms) AS latency_sum,
  ${d.percentile('latency_ms', 0.5)} AS p50,
  ${d.percentile('latency_ms', 0.95)} AS p95,
  ${d.percentile('latency_ms', 0.99)} AS p99
FROM outcomes
GROUP BY GROUPING SETS ((chosen), ())`;
}

/** DuckDB's reader for a trace file, every column as text (as the JS reader sees cells). */
export function duckDbSource(path: string): string {
  const file = `'${path.replace(/'/g, "''")}'`;
  if (/\.(parquet|pq)$/i.test(path)) return `(SELECT COLUMNS(*)::VARCHAR FROM read_parquet(${file}))`;
  return `read_csv(${file}, all_varchar=true, header=true)`;
}

/** One row of the replay query's result, as a driver hands it over (column name → value). */
export type SqlResultRow = Record<string, unknown>;
type Row = SqlResultRow;
const n = (v: unknown): number => (v === null || v === undefined ? Number.NaN : Number(v));

/** Runs the policy's query on a trace file with DuckDB; the RunResult of the default engine's shape. */
export async function sqlReplay(
  policy: SqlPolicy,
  path: string,
  models: readonly string[],
  train?: string,
): Promise<RunResult> {
  const conn = await duckDbConnection();
  if (typeof conn === 'string') throw new ConfigError(`--engine duckdb: ${conn}; use the default engine`);
  const fileSource = async (file: string): Promise<SqlSource> => {
    const source = duckDbSource(file);
    const described = await (await conn.run(`DESCRIBE SELECT * FROM ${source}`)).getRows();
    return { source, columns: new Set(described.map((r) => String(r[0]))) };
  };
  const trace = await fileSource(path);
  const query = replayQuery(policy, trace.source, 'duckdb', trace.columns, train ? await fileSource(train) : undefined);
  return sqlRunResult(policy, (await (await conn.run(query)).getRowObjects()) as Row[], models);
}

/** The RunResult of the default engine's shape from the rows `replayQuery` returns (any dialect). */
export function sqlRunResult(policy: SqlPolicy, rows: readonly SqlResultRow[], models: readonly string[]): RunResult {
  const all = rows.find((r) => n(r.overall) === 1)!;
  const total = rows.filter((r) => r !== all);
  const requests = n(all.requests);
  if (n(all.no_choice) > 0 && policy.incomplete) throw new ConfigError(policy.incomplete);
  // As the default engine fails the run when the policy's init throws.
  if (n(all.no_choice) > 0 && policy.noChoice)
    return failedResult(policy.name, requests, {
      policy: policy.name,
      phase: 'init',
      requestId: null,
      detail: policy.noChoice,
    });
  if (n(all.no_score) > 0 && policy.scoreColumn)
    throw new ConfigError(
      `policy ${policy.name}: score column "${policy.scoreColumn}" expected a number on every request`,
    );
  const known = n(all.quality_known);
  const costKnown = n(all.cost_known);
  const mean = known > 0 ? n(all.quality_sum) / known : null;
  let ci95: [number, number] | null = null;
  if (mean !== null) {
    const half = Z_975 * Math.sqrt(Math.max(0, n(all.quality_squares) / known - mean * mean) / known);
    ci95 = [Math.max(n(all.quality_min), mean - half), Math.min(n(all.quality_max), mean + half)];
  }
  const calls = new Map(total.map((r) => [String(r.chosen), n(r.requests) - n(r.unsupported)]));
  const supported = [...calls.values()].reduce((a, b) => a + b, 0);
  const modelShare: Record<string, number> = {};
  for (const m of models) if ((calls.get(m) ?? 0) > 0) modelShare[m] = calls.get(m)! / supported;
  const latencyKnown = n(all.latency_known);
  return {
    policy: policy.name,
    requests,
    quality: { mean, ci95, unknown: requests - known },
    costUsd: {
      total: costKnown > 0 ? n(all.cost_sum) : 0,
      perRequest: costKnown > 0 ? n(all.cost_sum) / costKnown : 0,
      estimatedShare: 0,
      unknown: requests - costKnown,
    },
    ...(latencyKnown > 0
      ? { latencyMs: { mean: n(all.latency_sum) / latencyKnown, p50: n(all.p50), p95: n(all.p95), p99: n(all.p99) } }
      : {}),
    modelShare,
    unsupported: n(all.unsupported),
    errors: n(all.errors),
    errorRate: requests > n(all.unsupported) ? n(all.errors) / (requests - n(all.unsupported)) : null,
  };
}

/** The models of a trace file in the Trace's order (traces/sorted-codes.ts), by DuckDB. */
export async function sqlTraceModels(path: string): Promise<string[]> {
  const conn = await duckDbConnection();
  if (typeof conn === 'string') throw new ConfigError(`--engine duckdb: ${conn}; use the default engine`);
  const sql =
    `SELECT model FROM (SELECT DISTINCT model FROM ${duckDbSource(path)}) ORDER BY ` +
    `${naturalKey('model', 'duckdb')}, model`;
  return (await (await conn.run(sql)).getRows()).map((r) => String(r[0]));
}
