/**
 * The few places where SQL engines disagree, written once per dialect (docs/sql.md lists them with the reasons):
 * MD5 as a lowercase hex string, string and double types, regexp back-references, the exact-ish sum, exact or
 * approximate percentiles, and a row order for "the request's first row". Everything else routelab writes is
 * standard SQL that every target accepts: CTEs, CASE, COALESCE, NULLIF, `||`, ROW_NUMBER() OVER (ORDER BY …),
 * scalar subqueries, GROUPING SETS.
 */

/** `ansi`: standard SQL, with MD5 and REGEXP_REPLACE as DuckDB and PostgreSQL name them (it runs in DuckDB). */
export type SqlDialect = 'duckdb' | 'ansi' | 'trino' | 'spark' | 'bigquery';

export const SQL_DIALECTS: readonly SqlDialect[] = ['ansi', 'trino', 'spark', 'bigquery', 'duckdb'];

export interface DialectText {
  /** MD5 of a string expression as 32 lowercase hex digits. */
  md5Hex(text: string): string;
  readonly double: string;
  readonly string: string;
  /** Replaces every match of `pattern` in `text` by `before` + capture group 1. */
  replaceWithGroup(text: string, pattern: string, before: string): string;
  /** Sum of doubles (compensated where the engine has it). */
  readonly sum: string;
  /** The p-quantile (linear interpolation where exact) of a column within a GROUP BY. */
  percentile(column: string, p: number): string;
  /** An expression that numbers rows in the source's order (where the engine has one). */
  readonly rowOrder: string;
  /** A quoted identifier (a column name as the file has it). */
  quote(name: string): string;
}

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

const standard: DialectText = {
  md5Hex: (t) => `MD5(${t})`,
  double: 'DOUBLE PRECISION',
  string: 'VARCHAR',
  replaceWithGroup: (t, p, before) => `REGEXP_REPLACE(${t}, ${lit(p)}, ${lit(`${before}\\1`)}, 'g')`,
  sum: 'SUM',
  percentile: (c, p) => `PERCENTILE_CONT(${p}) WITHIN GROUP (ORDER BY ${c})`,
  rowOrder: 'ROW_NUMBER() OVER ()',
  quote: (name) => `"${name.replace(/"/g, '""')}"`,
};
// Spark and BigQuery read "x" as a string literal; their identifiers are quoted with backticks (a backtick
// inside doubled in Spark, escaped with a backslash in BigQuery).
const backticks =
  (escaped: string) =>
  (name: string): string =>
    `\`${name.replace(/`/g, escaped)}\``;

const DIALECTS: Record<SqlDialect, DialectText> = {
  ansi: standard,
  duckdb: { ...standard, double: 'DOUBLE', sum: 'FSUM' },
  trino: {
    ...standard,
    double: 'DOUBLE',
    // Trino's MD5 takes and returns varbinary; TO_HEX writes upper case.
    md5Hex: (t) => `LOWER(TO_HEX(MD5(TO_UTF8(${t}))))`,
    replaceWithGroup: (t, p, before) => `REGEXP_REPLACE(${t}, ${lit(p)}, ${lit(`${before}$1`)})`,
    // Trino has no exact percentile aggregate.
    percentile: (c, p) => `APPROX_PERCENTILE(${c}, ${p})`,
  },
  spark: {
    ...standard,
    double: 'DOUBLE',
    string: 'STRING',
    replaceWithGroup: (t, p, before) => `REGEXP_REPLACE(${t}, ${lit(p)}, ${lit(`${before}$1`)})`,
    percentile: (c, p) => `PERCENTILE(${c}, ${p})`,
    // Spark refuses ROW_NUMBER() without ORDER BY; this id grows with the file's order within a partition.
    rowOrder: 'MONOTONICALLY_INCREASING_ID()',
    quote: backticks('``'),
  },
  bigquery: {
    ...standard,
    double: 'FLOAT64',
    string: 'STRING',
    md5Hex: (t) => `TO_HEX(MD5(${t}))`,
    replaceWithGroup: (t, p, before) => `REGEXP_REPLACE(${t}, ${lit(p)}, ${lit(`${before}\\\\1`)})`,
    // BigQuery's PERCENTILE_CONT is analytic only; APPROX_QUANTILES is its aggregate.
    percentile: (c, p) => `APPROX_QUANTILES(${c}, 100)[OFFSET(${Math.round(p * 100)})]`,
    quote: backticks('\\`'),
  },
};

/** The text of `dialect`'s functions and types. */
export function dialectText(dialect: SqlDialect): DialectText {
  return DIALECTS[dialect];
}

/** A string as a SQL literal. */
export function sqlString(s: string): string {
  return lit(s);
}

/**
 * A double as a SQL literal that reads back as the same double in every dialect: exponent notation, which
 * Trino and Spark read as DOUBLE (a plain `0.1` is DECIMAL there).
 */
export function sqlDouble(v: number): string {
  return v.toExponential();
}

/** Digits a model id's number runs are padded to for the catalog order (longer runs compare by their tail). */
export const ID_DIGITS = 30;

/**
 * A sort key of a model id column that orders as traces/sorted-codes.ts's compareIds does: every run of digits
 * left-padded with zeros to ID_DIGITS, so runs compare as numbers (leading zeros ignored) and a digit still
 * compares with any other character as the run's first digit would. Ties (q01 vs q1) are broken by the id.
 */
export function naturalKey(column: string, dialect: SqlDialect): string {
  const d = dialectText(dialect);
  const padded = d.replaceWithGroup(column, '([0-9]+)', '0'.repeat(ID_DIGITS));
  // The greedy [0-9]* leaves exactly the last ID_DIGITS digits of each (now long enough) run to the group.
  return d.replaceWithGroup(padded, `[0-9]*([0-9]{${ID_DIGITS}})`, '');
}
