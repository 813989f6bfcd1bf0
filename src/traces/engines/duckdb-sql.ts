/**
 * The SQL that makes DuckDB do what columns.ts does per cell: every canonical cell is parsed and
 * checked by the same rules, and a malformed cell becomes a sentinel (-1, or NULL for ids) instead of
 * an error, so one bad cell sends the whole file to the precise streaming reader for its messages.
 * Only conservative rules are used: where DuckDB could accept a cell the JS reader refuses, the SQL
 * refuses it too (the JS reader then has the last word), never the other way round.
 */
import { TOKENS_ESTIMATED_COLUMN } from '../columns.ts';
import { CANONICAL_COLUMNS, STATUSES } from '../trace.ts';
import type { CanonicalColumn } from '../trace.ts';

/** How DuckDB delivers a source column: text to parse, a typed number, a boolean or an epoch timestamp. */
export type SourceType = 'text' | 'number' | 'boolean' | 'timestamp';

/** A column of the file as the reader found it. */
export interface SourceColumn {
  readonly name: string;
  readonly type: SourceType;
}

export type NumericColumn =
  | 'quality'
  | 'input_tokens'
  | 'output_tokens'
  | 'reasoning_tokens'
  | 'cached_input_tokens'
  | 'cost_usd'
  | 'latency_ms'
  | 'ttft_ms'
  | 'propensity'
  | 'attempt';

/** One output column of the query and what the JS side does with it. */
export type OutputColumn =
  | { kind: 'breaks' }
  | { kind: 'quotes' }
  | { kind: 'skip' }
  | { kind: 'id' | 'text' | 'tag' | 'timestamp-text'; name: string }
  | { kind: 'timestamp-epoch' | 'number' | 'status' | 'flag'; name: string };

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
export const quoteString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Temp macros the column expressions use (created once per connection). */
export const MACROS = [
  // DuckDB's cast accepts what the JS reader's decimal pattern accepts (correctly rounded, as Number() is),
  // plus digit separators (1_000), inf and nan, which are refused here and by rl_finite.
  `CREATE OR REPLACE TEMP MACRO rl_num(c) AS CASE WHEN c IS NULL OR c = '' THEN 'NaN'::DOUBLE
     WHEN contains(c, '_') THEN NULL ELSE TRY_CAST(c AS DOUBLE) END`,
  `CREATE OR REPLACE TEMP MACRO rl_finite(v) AS CASE WHEN v IS NULL THEN NULL WHEN isnan(v) THEN v
     WHEN isinf(v) THEN NULL ELSE v END`,
  `CREATE OR REPLACE TEMP MACRO rl_lines(n) AS length(n) - length(replace(n, chr(10), ''))`,
  `CREATE OR REPLACE TEMP MACRO rl_breaks(c) AS CASE WHEN c IS NULL OR NOT (contains(c, chr(10)) OR contains(c, ` +
    `chr(13)))
     THEN 0 ELSE rl_lines(replace(replace(c, chr(13) || chr(10), chr(10)), chr(13), chr(10))) END`,
  // Quote bytes the value needs in a minimally quoted file: 2 to enclose it, 2 per quote inside it.
  `CREATE OR REPLACE TEMP MACRO rl_quotes(c, d) AS CASE WHEN c IS NULL THEN 0
     WHEN contains(c, '"') THEN 2 + 2 * (length(c) - length(replace(c, '"', '')))
     WHEN contains(c, d) OR contains(c, chr(10)) OR contains(c, chr(13)) THEN 2 ELSE 0 END`,
];

const COUNTS = new Set<string>(['input_tokens', 'output_tokens', 'reasoning_tokens', 'cached_input_tokens']);
const AMOUNTS = new Set<string>(['cost_usd', 'latency_ms', 'ttft_ms']);

/** The value check of columns.ts for one numeric column, on a DOUBLE `v` (NaN = empty); -1 when malformed. */
function numericCheck(name: NumericColumn, v: string): string {
  if (COUNTS.has(name)) return `CASE WHEN isnan(${v}) OR (${v} >= 0 AND ${v} = floor(${v})) THEN ${v} ELSE -1 END`;
  if (AMOUNTS.has(name)) return `CASE WHEN isnan(${v}) OR ${v} >= 0 THEN ${v} ELSE -1 END`;
  if (name === 'quality') return `CASE WHEN isnan(${v}) OR (${v} >= 0 AND ${v} <= 1) THEN ${v} ELSE -1 END`;
  if (name === 'propensity') return `CASE WHEN isnan(${v}) OR (${v} > 0 AND ${v} <= 1) THEN ${v} ELSE -1 END`;
  // attempt: empty means the first attempt.
  return `CASE WHEN isnan(${v}) THEN 1 WHEN ${v} >= 1 AND ${v} = floor(${v}) THEN ${v} ELSE -1 END`;
}

function numberExpr(name: NumericColumn, col: SourceColumn): string | undefined {
  const c = quoteIdent(col.name);
  if (col.type === 'boolean') return name === 'quality' ? `coalesce(${c}::INTEGER::DOUBLE, 'NaN'::DOUBLE)` : undefined;
  // A typed NaN or infinity is malformed to the JS reader (only an empty cell is absent).
  if (col.type !== 'number') return undefined;
  const v = `CASE WHEN ${c} IS NULL THEN 'NaN'::DOUBLE WHEN isfinite(${c}::DOUBLE) THEN ${c}::DOUBLE END`;
  return `coalesce(${numericCheck(name, `(${v})`)}, -1)`;
}

/**
 * A text cell as a DOUBLE: NaN when empty, -1 (refused by every value rule) when not a finite number; the
 * JS side applies the value rules of columns.ts to the numbers. DuckDB's cast reads what the JS reader's
 * decimal pattern reads (correctly rounded, as Number() is) plus inf and nan — not finite, so refused — and
 * digit separators (1_000), refused here when the file has any underscore. `emptyIsNull`: an empty CSV cell
 * is NULL already (quoted or not, by DuckDB's defaults); an empty Parquet string is not.
 */
function castExpr(name: string, c: string, underscores: boolean, emptyIsNull: boolean): string {
  let cast = underscores
    ? `CASE WHEN contains(${c}, '_') THEN NULL ELSE TRY_CAST(${c} AS DOUBLE) END`
    : `TRY_CAST(${c} AS DOUBLE)`;
  // RouteLLM's files record correctness as True/False (any case), as toBooleanNumber accepts.
  if (name === 'quality')
    cast = `coalesce(${cast}, CASE lower(${c}) WHEN 'true' THEN 1.0::DOUBLE WHEN 'false' THEN 0.0::DOUBLE END)`;
  const empty = emptyIsNull ? `${c} IS NULL` : `${c} IS NULL OR ${c} = ''`;
  // DuckDB evaluates the repeated cast once (common subexpressions); isfinite(NULL) is NULL, so ELSE.
  return `CASE WHEN ${empty} THEN 'NaN'::DOUBLE WHEN isfinite(${cast}) THEN ${cast} ELSE -1 END`;
}

// Plain UTC times whose meaning DuckDB and parseIso agree on (years 1000-2999: Date.UTC maps 0-99 to the
// 1900s; invalid days are NULL in DuckDB); every other timestamp is left to the JS parser (NULL here).
const ISO_SIMPLE = String.raw`^[12]\d{3}-\d{2}-\d{2}[T ]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,3})?Z?$`;
const ISO_EXPR = (c: string): string =>
  `CASE WHEN ${c} IS NULL OR ${c} = '' THEN 'NaN'::DOUBLE WHEN regexp_matches(${c}, ${quoteString(ISO_SIMPLE)})
     THEN epoch_ms(TRY_CAST(${c} AS TIMESTAMP))::DOUBLE END`;

const STATUS_EXPR = (c: string): string =>
  `coalesce(CASE WHEN ${c} IS NULL OR ${c} = '' THEN 0 ` +
  `${STATUSES.map((s, i) => `WHEN ${c} = '${s}' THEN ${i}`).join(' ')} END, 255)::UTINYINT`;

const FLAG_EXPR = (c: string): string =>
  `coalesce(CASE WHEN ${c} IS NULL OR ${c} = '' THEN 0 WHEN lower(${c}) = 'true' THEN 1 WHEN lower(${c}) = ` +
  `'false' THEN 0
     ELSE CASE rl_finite(rl_num(${c})) WHEN 0 THEN 0 WHEN 1 THEN 1 END END, -1)::TINYINT`;

/** Columns whose every accepted cell is a number or a fixed word. */
function isChecked(name: string): boolean {
  return (
    COUNTS.has(name) ||
    AMOUNTS.has(name) ||
    ['quality', 'propensity', 'attempt', 'status', TOKENS_ESTIMATED_COLUMN].includes(name)
  );
}

/** What a delimited file needs checked, from a byte scan of it (count-line-ends.ts). */
export interface TextChecks {
  /** Count line breaks and quote bytes per record: the file has quote or CR bytes. */
  readonly lineChecks: boolean;
  /** The file has an underscore byte somewhere, so a number cell might hold a digit separator. */
  readonly underscores: boolean;
}

/**
 * The SELECT list for a file's columns plus what each output column is; undefined when a type is
 * unsupported. For delimited text (`delimiter` given) two leading columns count each record's line breaks
 * inside fields and the quote bytes its values need, checked against the file's own counts.
 */
export function selectList(
  columns: readonly SourceColumn[],
  delimiter: string | undefined,
  text: TextChecks = { lineChecks: true, underscores: true },
): { sql: string[]; outputs: OutputColumn[] } | undefined {
  const sql: string[] = [];
  const outputs: OutputColumn[] = [];
  if (delimiter !== undefined && text.lineChecks) {
    // Numeric and status cells that pass their checks hold no quote, delimiter or line break.
    const texts = columns.filter((c) => c.type === 'text' && !isChecked(c.name)).map((c) => quoteIdent(c.name));
    const sum = (f: (c: string) => string): string => `(${texts.map(f).join(' + ') || '0'})::INTEGER`;
    sql.push(
      sum((c) => `rl_breaks(${c})`),
      sum((c) => `rl_quotes(${c}, ${quoteString(delimiter)})`),
    );
    outputs.push({ kind: 'breaks' }, { kind: 'quotes' });
  }
  for (const col of columns) {
    const c = quoteIdent(col.name);
    const name = col.name;
    const canonical = (CANONICAL_COLUMNS as readonly string[]).includes(name) ? (name as CanonicalColumn) : undefined;
    const isText = col.type === 'text';
    if (name === 'request_id' || name === 'model') {
      if (!isText) return undefined;
      sql.push(c);
      outputs.push({ kind: 'id', name });
    } else if (name === 'prompt' || name === 'task') {
      if (!isText) return undefined;
      sql.push(c);
      outputs.push({ kind: 'text', name });
    } else if (name === 'timestamp') {
      if (col.type === 'timestamp') {
        sql.push(`coalesce(epoch_ms(${c})::DOUBLE, 'NaN'::DOUBLE)`);
        outputs.push({ kind: 'timestamp-epoch', name });
      } else if (isText) {
        sql.push(ISO_EXPR(c), c);
        outputs.push({ kind: 'timestamp-text', name }, { kind: 'skip' });
      } else return undefined;
    } else if (name === 'status') {
      if (!isText) return undefined;
      sql.push(STATUS_EXPR(c));
      outputs.push({ kind: 'status', name });
    } else if (canonical && isText) {
      sql.push(castExpr(name, c, text.underscores, delimiter !== undefined));
      outputs.push({ kind: 'number', name });
    } else if (canonical) {
      const expr = numberExpr(canonical as NumericColumn, col);
      if (!expr) return undefined;
      sql.push(expr);
      outputs.push({ kind: 'number', name });
    } else if (name === TOKENS_ESTIMATED_COLUMN) {
      if (!isText) return undefined;
      sql.push(FLAG_EXPR(c));
      outputs.push({ kind: 'flag', name });
    } else {
      if (!isText) return undefined;
      sql.push(c);
      outputs.push({ kind: 'tag', name });
    }
  }
  return { sql, outputs };
}
