/**
 * Policies whose decision is a pure function of the request row and of per-model statistics, written as a SQL
 * expression over one row per request (`request_id`, `score`): the `--engine duckdb` replay and `routelab sql`
 * use it.
 *
 *   always:<m>                    → '<m>'
 *   weighted:a=0.7,b=0.3          → CASE on the keyed draw (core/keyed-draw.ts, replay/sql-draw.ts)
 *   threshold:<col>?strong&weak&threshold → CASE WHEN score >= threshold THEN strong ELSE weak
 *   cheapest, best-prior          → the one model of the `choice` CTE (replay/sql-catalog.ts)
 */
import { parseSpec } from '../policy/spec.ts';
import { bestPriorChoice, catalogCte, cheapestChoice, type SqlPrice } from './sql-catalog.ts';
import type { SqlDialect } from './sql-dialect.ts';
import { sqlDouble, sqlString } from './sql-dialect.ts';
import { drawBelow } from './sql-draw.ts';

export type { SqlDialect } from './sql-dialect.ts';

/** A policy as SQL: the expression of the chosen model, and the tag column it reads as `score`, if any. */
export interface SqlPolicy {
  readonly name: string;
  readonly chosen: string;
  readonly scoreColumn?: string;
  /** CTEs the expression reads (after `trace_rows` and `stats_rows`), when it needs per-model statistics. */
  readonly with?: string;
  /** A NULL `chosen` means the policy could not choose: why, as the default engine's init error says it. */
  readonly noChoice?: string;
  /** A join of `request_rows r` with a CTE of `with` (per-request inputs such as precomputed predictions). */
  readonly join?: string;
  /** A NULL `chosen` means the inputs lack a request: the error to raise (bad input, not a failed run). */
  readonly incomplete?: string;
}

export interface SqlPolicyOptions {
  /** The statistics come from training rows (`stats_rows` reads a training trace, not the replayed one). */
  readonly train?: boolean;
  /** Resolved prices of the trace's models (the catalog's `price`); none by default, as `replay` has it. */
  readonly prices?: readonly SqlPrice[];
}

/** The SQL form of a built-in spec, or why it has none. `name` is the resolved policy's name. */
export function sqlPolicy(
  spec: string,
  name: string,
  seed: number,
  dialect: SqlDialect,
  options: SqlPolicyOptions = {},
): SqlPolicy | string {
  const s = parseSpec(spec);
  if (s.kind !== 'builtin') return 'a policy file has no SQL form';
  if (s.name === 'always') return { name, chosen: sqlString(s.arg) };
  if (s.name === 'weighted') {
    const pairs = s.arg.split(',').map((part) => {
      const eq = part.lastIndexOf('=');
      return [part.slice(0, eq).trim(), Number(part.slice(eq + 1))] as const;
    });
    // The same cumulative sums, in the same order, as PreparedWeights.pick compares the draw with.
    let total = 0;
    const cumulative = pairs.map(([, w]) => (total += w));
    const key = `${seed >>> 0}:${name}`;
    const cases = pairs
      .slice(0, -1)
      .map(([m], i) => `WHEN ${drawBelow(dialect, key, total, cumulative[i]!)} THEN ${sqlString(m)}`);
    const last = sqlString(pairs[pairs.length - 1]![0]);
    return { name, chosen: cases.length ? `CASE ${cases.join(' ')} ELSE ${last} END` : last };
  }
  if (s.name === 'threshold') {
    const t = Number(s.options.threshold ?? '0.5');
    const strong = sqlString(s.options.strong ?? '');
    const weak = sqlString(s.options.weak ?? '');
    return { name, chosen: `CASE WHEN score >= ${sqlDouble(t)} THEN ${strong} ELSE ${weak} END`, scoreColumn: s.arg };
  }
  if (s.name === 'cheapest' || s.name === 'best-prior') {
    const cheapest = s.name === 'cheapest';
    if (!cheapest && !options.train)
      return 'best-prior needs a training trace (--train <trace>; a --split is replayed by the default engine)';
    return {
      name,
      chosen: '(SELECT model FROM choice)',
      with: `${catalogCte(dialect, options.prices ?? [])},\n${cheapest ? cheapestChoice() : bestPriorChoice()}`,
      noChoice: cheapest
        ? 'no model has a price or a recorded cost; pass --prices <table> or a trace with cost_usd'
        : 'the training trace has no known quality for any model of the trace',
    };
  }
  return (
    `${s.name} is not a function of the request row and per-model statistics ` +
    '(only always, weighted, threshold, cheapest and best-prior are)'
  );
}
