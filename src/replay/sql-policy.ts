/**
 * Policies whose decision is a pure function of the request row, written as a SQL expression over one
 * row per request (`request_id`, `score`): the `--engine duckdb` replay and `routelab sql` use it.
 *
 *   always:<m>                    → '<m>'
 *   weighted:a=0.7,b=0.3          → CASE on the keyed draw (core/keyed-draw.ts) against the cumulative weights
 *   threshold:<col>?strong&weak&threshold → CASE WHEN score >= threshold THEN strong ELSE weak
 *
 * The draw: u = int(first 8 hex digits of md5('<seed>:<policy>:0:<request_id>')) / 2^32, in each dialect.
 */
import { parseSpec } from '../policy/spec.ts';

export type SqlDialect = 'duckdb' | 'ansi';

/** A policy as SQL: the expression of the chosen model, and the tag column it reads as `score`, if any. */
export interface SqlPolicy {
  readonly name: string;
  readonly chosen: string;
  readonly scoreColumn?: string;
}

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;
/** A double as a SQL literal that reads back as the same double. */
const num = (v: number): string => (Number.isInteger(v) ? `${v}.0` : String(v));

function draw(dialect: SqlDialect, key: string): string {
  const text = `${lit(`${key}:0:`)} || request_id`;
  // Hex → integer: DuckDB casts '0x…'; ANSI has no such function (Spark: conv(h, 16, 10); Trino: from_base(h, 16)).
  const hex = `SUBSTRING(MD5(${text}), 1, 8)`;
  const int = dialect === 'duckdb' ? `CAST('0x' || ${hex} AS UBIGINT)` : `FROM_BASE(${hex}, 16)`;
  return `(CAST(${int} AS DOUBLE) / 4294967296.0)`;
}

/** The SQL form of a built-in spec, or why it has none. `name` is the resolved policy's name. */
export function sqlPolicy(spec: string, name: string, seed: number, dialect: SqlDialect): SqlPolicy | string {
  const s = parseSpec(spec);
  if (s.kind !== 'builtin') return 'a policy file has no SQL form';
  if (s.name === 'always') return { name, chosen: lit(s.arg) };
  if (s.name === 'weighted') {
    const pairs = s.arg.split(',').map((part) => {
      const eq = part.lastIndexOf('=');
      return [part.slice(0, eq).trim(), Number(part.slice(eq + 1))] as const;
    });
    // The same cumulative sums, in the same order, as PreparedWeights.pick compares the draw with.
    let total = 0;
    const cumulative = pairs.map(([, w]) => (total += w));
    const u = `${draw(dialect, `${seed >>> 0}:${name}`)} * ${num(total)}`;
    const cases = pairs.slice(0, -1).map(([m], i) => `WHEN ${u} < ${num(cumulative[i]!)} THEN ${lit(m)}`);
    return { name, chosen: `CASE ${cases.join(' ')} ELSE ${lit(pairs[pairs.length - 1]![0])} END` };
  }
  if (s.name === 'threshold') {
    const t = Number(s.options.threshold ?? '0.5');
    const strong = lit(s.options.strong ?? '');
    const weak = lit(s.options.weak ?? '');
    return { name, chosen: `CASE WHEN score >= ${num(t)} THEN ${strong} ELSE ${weak} END`, scoreColumn: s.arg };
  }
  return `${s.name} is not a pure function of the request row (only always, weighted and threshold are)`;
}
