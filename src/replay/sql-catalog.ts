/**
 * `cheapest` and `best-prior` in SQL. Their choice is one model for every request, a function of per-model
 * means: the catalog CTE computes them over `stats_rows` (the training rows, or the replayed trace when there
 * are none) for every model of `trace_rows`, as replay/catalog.ts and policy/model-means.ts do, and numbers
 * the models in the trace's order (traces/sorted-codes.ts) for the tie-breaks. The `choice` CTE holds the one
 * model, or no row when the policy cannot choose (its init fails in the default engine).
 *
 * NULL ordering differs between engines (first in Spark and BigQuery, last in DuckDB and Trino), so every
 * ORDER BY here sorts on an explicit "is null" flag; no QUALIFY (not in Trino or Spark): ROW_NUMBER() in a
 * subquery filtered outside.
 */
import { resolvePrice } from '../traces/price-table.ts';
import type { PriceTable } from '../traces/price-types.ts';
import { type SqlDialect, dialectText, naturalKey, sqlDouble, sqlString } from './sql-dialect.ts';

/** A model's resolved price, as replay/catalog.ts resolves it for the catalog. */
export interface SqlPrice {
  readonly model: string;
  readonly inputUsdPerMTok: number;
  readonly outputUsdPerMTok: number;
}

/** Prices as a derived table (model, input_usd_per_mtok, output_usd_per_mtok). */
function pricesTable(prices: readonly SqlPrice[], dialect: SqlDialect): string {
  const d = dialectText(dialect);
  // A first, impossible row names and types the columns, also when there is no price at all.
  const rows = [
    `SELECT CAST(NULL AS ${d.string}) AS model, CAST(NULL AS ${d.double}) AS input_usd_per_mtok, ` +
      `CAST(NULL AS ${d.double}) AS output_usd_per_mtok FROM (SELECT 1 AS x) one WHERE 1 = 0`,
    ...prices.map(
      (p) => `SELECT ${sqlString(p.model)}, ${sqlDouble(p.inputUsdPerMTok)}, ${sqlDouble(p.outputUsdPerMTok)}`,
    ),
  ];
  return rows.join('\n    UNION ALL ');
}

/**
 * The catalog CTE: one row per model of the trace with its means over `stats_rows`, its price, its expected
 * cost by policy/expected-cost.ts's rule (table × mean tokens, else mean recorded cost, else table × mean
 * input tokens, else NULL) and `rk`, its position in the trace's model order.
 */
export function catalogCte(dialect: SqlDialect, prices: readonly SqlPrice[]): string {
  const d = dialectText(dialect);
  const mean = (c: string) => `${d.sum}(${c}) / NULLIF(COUNT(${c}), 0) AS mean_${c}`;
  return `prices AS (
    ${pricesTable(prices, dialect)}
),
model_means AS (
  SELECT model, ${mean('quality')}, ${mean('cost_usd')}, ${mean('input_tokens')}, ${mean('output_tokens')}
  FROM stats_rows GROUP BY model
),
catalog AS (
  SELECT t.model, s.mean_quality, s.mean_cost_usd,
    CASE
      WHEN p.model IS NOT NULL AND s.mean_input_tokens IS NOT NULL AND s.mean_output_tokens IS NOT NULL
        THEN (s.mean_input_tokens * p.input_usd_per_mtok + s.mean_output_tokens * p.output_usd_per_mtok) / 1e6
      WHEN s.mean_cost_usd IS NOT NULL THEN s.mean_cost_usd
      WHEN p.model IS NOT NULL AND s.mean_input_tokens IS NOT NULL
        THEN (s.mean_input_tokens * p.input_usd_per_mtok) / 1e6
    END AS expected_cost_usd,
    ROW_NUMBER() OVER (ORDER BY ${naturalKey('t.model', dialect)}, t.model) AS rk
  FROM (SELECT DISTINCT model FROM trace_rows) t
  LEFT JOIN model_means s ON s.model = t.model
  LEFT JOIN prices p ON p.model = t.model
)`;
}

/** `cheapest`: the lowest known expected cost, the earliest model on ties. */
export function cheapestChoice(): string {
  return `choice AS (
  SELECT model FROM (
    SELECT model, ROW_NUMBER() OVER (ORDER BY expected_cost_usd, rk) AS pick
    FROM catalog WHERE expected_cost_usd IS NOT NULL
  ) ranked WHERE pick = 1
)`;
}

/**
 * `best-prior`: the best known mean quality; among ties the first one (in model order) keeps its place unless
 * a later one has a strictly lower known mean cost — so the first tied model when its cost is unknown, else
 * the lowest known cost, earliest first (the default engine's scan, which never replaces on an unknown cost).
 */
export function bestPriorChoice(): string {
  return `tied AS (
  SELECT model, mean_cost_usd, rk FROM catalog
  WHERE mean_quality = (SELECT MAX(mean_quality) FROM catalog)
),
choice AS (
  SELECT model FROM (
    SELECT model, ROW_NUMBER() OVER (ORDER BY
      CASE WHEN (SELECT mean_cost_usd FROM tied WHERE rk = (SELECT MIN(rk) FROM tied)) IS NULL THEN rk ELSE 0 END,
      CASE WHEN mean_cost_usd IS NULL THEN 1 ELSE 0 END, mean_cost_usd, rk) AS pick
    FROM tied
  ) ranked WHERE pick = 1
)`;
}

/** The prices the catalog resolves for `models` from a price table (replay/catalog.ts), for `sqlPolicy`. */
export function sqlPrices(table: PriceTable, models: readonly string[]): SqlPrice[] {
  return models.flatMap((model) => {
    const p = resolvePrice(table, model);
    return p ? [{ model, inputUsdPerMTok: p.inputUsdPerMTok, outputUsdPerMTok: p.outputUsdPerMTok }] : [];
  });
}
