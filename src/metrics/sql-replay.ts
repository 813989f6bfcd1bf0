/**
 * `replay --engine duckdb`: a pure row-function policy (replay/sql-policy.ts) replayed and summarised as
 * one SQL query over the trace file, out of core. `replayQuery` writes it for DuckDB or in ANSI SQL
 * (`routelab sql`). Dialect differences handled (ANSI text → DuckDB text):
 * - file order: ROW_NUMBER() OVER () is file order in DuckDB; elsewhere give an ordering column;
 * - the hashed draw: MD5 is everywhere, hex → integer is not (DuckDB CAST('0x…'), Trino FROM_BASE, Spark CONV);
 * - exact-ish sums: FSUM (compensated) in DuckDB, SUM elsewhere;
 * - booleans in `quality` ("True"/"False") are mapped explicitly; all columns are read as text first.
 * Numbers match the default engine (counts, shares exactly; sums to the last bits); the quality CI is the
 * normal limit x̄ ± 1.96 σ̂/√n (the default engine's bootstrap for n·resamples > 1e7).
 */
import { ConfigError } from '../core/errors.ts';
import type { SqlDialect, SqlPolicy } from '../replay/sql-policy.ts';
import { duckDbConnection } from '../traces/engines/duckdb-connection.ts';
import type { RunResult } from './types.ts';

const Z_975 = 1.959963984540054;

/** The one query: decisions per request, their outcomes, then per-model and overall sums (GROUPING SETS). */
export function replayQuery(
  policy: SqlPolicy,
  source: string,
  dialect: SqlDialect,
  columns?: ReadonlySet<string>,
): string {
  const sum = dialect === 'duckdb' ? 'FSUM' : 'SUM';
  // A column the file lacks reads as empty (without `columns`, every canonical column is assumed present).
  const col = (name: string): string =>
    !columns || columns.has(name) ? `"${name.replace(/"/g, '""')}"` : 'CAST(NULL AS VARCHAR)';
  const score = policy.scoreColumn ? col(policy.scoreColumn) : 'CAST(NULL AS VARCHAR)';
  const bool = (c: string): string =>
    `CASE WHEN LOWER(${c}) = 'true' THEN 1.0 WHEN LOWER(${c}) = 'false' THEN 0.0 ELSE CAST(NULLIF(${c}, '') AS ` +
    `DOUBLE) END`;
  return `WITH trace_rows AS (
  SELECT request_id, model, ${bool(col('quality'))} AS quality,
    CAST(NULLIF(${col('cost_usd')}, '') AS DOUBLE) AS cost_usd,
    CAST(NULLIF(${col('latency_ms')}, '') AS DOUBLE) AS latency_ms, COALESCE(${col('status')}, '') AS status,
    CAST(NULLIF(${score}, '') AS DOUBLE) AS score,
    ROW_NUMBER() OVER () AS rn
  FROM ${source}
),
firsts AS (
  SELECT request_id, MIN(rn) AS rn FROM trace_rows GROUP BY request_id
),
request_rows AS (
  SELECT r.request_id, r.score FROM trace_rows r JOIN firsts f ON r.rn = f.rn
),
decisions AS (
  SELECT request_id, ${policy.chosen} AS chosen, score FROM request_rows
),
outcomes AS (
  SELECT d.chosen, d.score, o.quality, o.cost_usd, o.latency_ms, o.status,
    CASE WHEN o.request_id IS NULL THEN 1 ELSE 0 END AS unsupported
  FROM decisions d LEFT JOIN trace_rows o ON o.request_id = d.request_id AND o.model = d.chosen
)
SELECT chosen, GROUPING(chosen) AS overall, COUNT(*) AS requests, SUM(unsupported) AS unsupported,
  SUM(CASE WHEN score IS NULL THEN 1 ELSE 0 END) AS no_score,
  SUM(CASE WHEN unsupported = 0 AND status NOT IN ('', 'ok') THEN 1 ELSE 0 END) AS errors,
  COUNT(quality) AS quality_known, ${sum}(quality) AS quality_sum, ${sum}(quality * quality) AS quality_squares,
  MIN(quality) AS quality_min, MAX(quality) AS quality_max,
  COUNT(cost_usd) AS cost_known, ${sum}(cost_usd) AS cost_sum,
  COUNT(latency_ms) AS latency_known, ${sum}(latency_ms) AS latency_sum,
  PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
  PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95,
  PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99
FROM outcomes
GROUP BY GROUPING SETS ((chosen), ())`;
}

/** DuckDB's reader for a trace file, every column as text (as the JS reader sees cells). */
export function duckDbSource(path: string): string {
  const file = `'${path.replace(/'/g, "''")}'`;
  if (/\.(parquet|pq)$/i.test(path)) return `(SELECT COLUMNS(*)::VARCHAR FROM read_parquet(${file}))`;
  return `read_csv(${file}, all_varchar=true, header=true)`;
}

type Row = Record<string, number | bigint | string | null>;
const n = (v: unknown): number => (v === null || v === undefined ? Number.NaN : Number(v));

/** Runs the policy's query on a trace file with DuckDB; the RunResult of the default engine's shape. */
export async function sqlReplay(policy: SqlPolicy, path: string, models: readonly string[]): Promise<RunResult> {
  const conn = await duckDbConnection();
  if (typeof conn === 'string') throw new ConfigError(`--engine duckdb: ${conn}; use the default engine`);
  const source = duckDbSource(path);
  const described = await (await conn.run(`DESCRIBE SELECT * FROM ${source}`)).getRows();
  const columns = new Set(described.map((r) => String(r[0])));
  const query = replayQuery(policy, source, 'duckdb', columns);
  const rows = (await (await conn.run(query)).getRowObjects()) as Row[];
  const all = rows.find((r) => n(r.overall) === 1)!;
  const total = rows.filter((r) => r !== all);
  if (n(all.no_score) > 0 && policy.scoreColumn)
    throw new ConfigError(
      `policy ${policy.name}: score column "${policy.scoreColumn}" expected a number on every request`,
    );
  const requests = n(all.requests);
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
  };
}

/** Requests and models (in first-appearance order, as the Trace has them) of a trace file, by DuckDB. */
export async function sqlTraceModels(path: string): Promise<string[]> {
  const conn = await duckDbConnection();
  if (typeof conn === 'string') throw new ConfigError(`--engine duckdb: ${conn}; use the default engine`);
  const sql =
    `SELECT model FROM (SELECT model, ROW_NUMBER() OVER () AS rn FROM ${duckDbSource(path)}) GROUP BY ` +
    `model ORDER BY MIN(rn)`;
  return (await (await conn.run(sql)).getRows()).map((r) => String(r[0]));
}
