/**
 * The learned router's rule (learn/route.ts `routeIndex`) in SQL over precomputed predictions (a table of
 * request_id, model, predicted_quality from `routelab score`). routeIndex is a scan with a 1e-12 tolerance and
 * a cheaper-model tie-break, which no ORDER BY reproduces (the tolerance is not transitive), so the query
 * unrolls the scan: one CTE per candidate model, carrying the best model, its score and its cost. λ·ĉ is a
 * constant per model, computed here with the policy's arithmetic. Excluded models (`models=`) are skipped, as
 * their −∞ score never wins the scan.
 */
import type { SqlDialect } from '../replay/sql-dialect.ts';
import { dialectText, sqlDouble, sqlString } from '../replay/sql-dialect.ts';
import type { SqlPolicy } from '../replay/sql-policy.ts';

/** The rule's parameters, as the learned policy's init settles them. */
export interface LearnedRule {
  readonly models: readonly string[];
  readonly lambda: number;
  readonly costUsd: readonly number[];
  readonly excluded: readonly number[];
}

/** The SQL form of a learned router reading its predictions from `predictions` (a table or subquery). */
export function learnedSqlPolicy(name: string, rule: LearnedRule, predictions: string, dialect: SqlDialect): SqlPolicy {
  const d = dialectText(dialect);
  const M = rule.models.length;
  const pivot = rule.models
    .map(
      (m, k) =>
        `MAX(CASE WHEN model = ${sqlString(m)} THEN CAST(NULLIF(predicted_quality, '') AS ${d.double}) END) AS q${k}`,
    )
    .join(',\n    ');
  const columns = rule.models.map((_, k) => `q${k}`).join(', ');
  const steps: string[] = [
    // Before the scan: model 0 with a score of −∞ (NULL here, which any known score beats).
    `route_0 AS (\n  SELECT request_id, ${columns}, ${sqlString(rule.models[0]!)} AS best, ` +
      `CAST(NULL AS ${d.double}) AS best_score, ${sqlDouble(rule.costUsd[0]!)} AS best_cost FROM learned_scores\n)`,
  ];
  let last = 'route_0';
  for (let k = 0; k < M; k++) {
    if (rule.excluded.includes(k)) continue;
    const s = `(q${k} - ${sqlDouble(rule.lambda * rule.costUsd[k]!)})`;
    const c = sqlDouble(rule.costUsd[k]!);
    const better =
      `(best_score IS NULL AND q${k} IS NOT NULL) OR ${s} > best_score + 1e-12 ` +
      `OR (ABS(${s} - best_score) <= 1e-12 AND ${c} < best_cost)`;
    const next = `route_${k + 1}`;
    steps.push(
      `${next} AS (\n  SELECT request_id, ${columns},\n` +
        `    CASE WHEN ${better} THEN ${sqlString(rule.models[k]!)} ELSE best END AS best,\n` +
        `    CASE WHEN ${better} THEN ${s} ELSE best_score END AS best_score,\n` +
        `    CASE WHEN ${better} THEN ${c} ELSE best_cost END AS best_cost\n  FROM ${last}\n)`,
    );
    last = next;
  }
  const complete = rule.models.map((_, k) => `q${k} IS NOT NULL`).join(' AND ');
  return {
    name,
    // A request without every prediction has no decision: the run is refused rather than routed on a guess.
    chosen: `CASE WHEN ${complete} THEN learned_route.best END`,
    with:
      `learned_scores AS (\n  SELECT request_id,\n    ${pivot}\n  FROM ${predictions} GROUP BY request_id\n),\n` +
      `${steps.join(',\n')},\nlearned_route AS (SELECT * FROM ${last})`,
    join: 'LEFT JOIN learned_route ON learned_route.request_id = r.request_id',
    incomplete:
      `policy ${name}: the predictions lack a request or a model of the trace; write them for this trace with ` +
      '`routelab score <trace> --policy <the learned spec> --out <file>`',
  };
}
