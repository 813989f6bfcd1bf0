import type { DuckDBConnection } from '@duckdb/node-api';
import { emptyRow } from '../builder.ts';
import type { RowInput } from '../builder.ts';
import { isCanonical, TOKENS_ESTIMATED_COLUMN } from '../columns.ts';
import type { FileContext } from '../record-sink.ts';
import { STATUSES } from '../trace.ts';
import { looksWide } from '../wide-import.ts';
import type { ChunkValues } from './duckdb-chunks.ts';
import { ChunkReader } from './duckdb-chunks.ts';
import { quoteString, selectList } from './duckdb-sql.ts';
import type { OutputColumn, SourceColumn, SourceType } from './duckdb-sql.ts';
import { countLineEnds, firstLine } from './count-line-ends.ts';
import type { LineEnds } from './count-line-ends.ts';

/** The file kinds DuckDB reads here; JSONL (keys may change from line to line) stays with the JS reader. */
export type DuckDbKind = 'csv' | 'tsv' | 'parquet';

const PARQUET_TYPES: Record<string, SourceType> = {
  VARCHAR: 'text',
  BOOLEAN: 'boolean',
  TINYINT: 'number',
  SMALLINT: 'number',
  INTEGER: 'number',
  BIGINT: 'number',
  UTINYINT: 'number',
  USMALLINT: 'number',
  UINTEGER: 'number',
  UBIGINT: 'number',
  FLOAT: 'number',
  DOUBLE: 'number',
  TIMESTAMP: 'timestamp',
  TIMESTAMP_MS: 'timestamp',
  TIMESTAMP_S: 'timestamp',
  'TIMESTAMP WITH TIME ZONE': 'timestamp',
};

/** Header rules of long-rows.ts and header-check.ts; a header that breaks one is left to the JS reader. */
function headerReason(names: readonly string[]): string | undefined {
  if (names.some((n) => n.trim() === '') || new Set(names).size !== names.length) return 'an unusual header';
  if (!names.includes('request_id') || !names.includes('model') || looksWide(names)) return 'not a long trace';
  return undefined;
}

interface Source {
  from: string;
  columns: SourceColumn[];
  /** CSV: the header line ends in CRLF (undefined for Parquet, whose records have numbers, not lines). */
  crlf?: boolean;
}

async function describe(conn: DuckDBConnection, path: string, kind: DuckDbKind): Promise<Source | string> {
  const file = quoteString(path);
  if (kind === 'parquet') {
    const rows = await (await conn.run(`DESCRIBE SELECT * FROM read_parquet(${file})`)).getRows();
    const columns: SourceColumn[] = [];
    for (const [name, type] of rows) {
      const t = PARQUET_TYPES[String(type)];
      if (!t) return `column ${String(name)} has Parquet type ${String(type)}`;
      columns.push({ name: String(name), type: t });
    }
    const reason = headerReason(columns.map((c) => c.name));
    return reason ?? { from: `read_parquet(${file})`, columns };
  }
  const head = await firstLine(path);
  if (!head || head.text.includes('"')) return 'an unusual header';
  const names = head.text.split(kind === 'tsv' ? '\t' : ',');
  const reason = headerReason(names);
  if (reason) return reason;
  const types = names.map((n) => `${quoteString(n)}: 'VARCHAR'`).join(', ');
  // No sniffing: the header is ours, every column is text, and any quoting error is an error.
  const from =
    `read_csv(${file}, delim=${quoteString(kind === 'tsv' ? '\t' : ',')}, quote='"', escape='"', header=true, ` +
    `auto_detect=false, strict_mode=true, columns={${types}})`;
  return { from, columns: names.map((name) => ({ name, type: 'text' })), crlf: head.crlf };
}

/**
 * Reads one long-format CSV/TSV (.gz) or Parquet file with DuckDB into `ctx.builder`, with the JS reader's
 * validation rules in SQL. Returns undefined when the file was read, or why it must go to the streaming
 * reader instead: a malformed cell (whose file:line (column) only that reader can give), an unusual
 * header, line numbers that do not add up (blank lines), or a format DuckDB refuses. Nothing is added to
 * the builder unless the whole file passed.
 */
export async function readWithDuckDb(
  conn: DuckDBConnection,
  ctx: FileContext,
  kind: DuckDbKind,
  onBytes?: (n: number) => void,
): Promise<string | undefined> {
  try {
    const source = await describe(conn, ctx.path, kind);
    if (typeof source === 'string') return source;
    if (source.crlf === undefined) return await query(conn, ctx, source);
    const ends = countLineEnds(ctx.path, onBytes);
    // The count runs beside the query; a failed query must not leave its rejection unhandled.
    ends.catch(() => undefined);
    return await query(conn, ctx, source, kind === 'tsv' ? '\t' : ',', ends);
  } catch (err) {
    if (err instanceof RestartRead) throw err;
    return `DuckDB could not read it (${(err as Error).message.split('\n')[0]})`;
  }
}

async function query(
  conn: DuckDBConnection,
  ctx: FileContext,
  source: Source,
  delimiter?: string,
  ends?: Promise<LineEnds>,
): Promise<string | undefined> {
  const list = selectList(source.columns, delimiter);
  if (!list) return 'a column type the SQL path does not map';
  const result = await conn.stream(`SELECT ${list.sql.join(', ')} FROM ${source.from}`);
  const reader = new ChunkReader(list.outputs);
  // Rows go to the builder as chunks arrive (no copy of the file in memory); a problem found after that
  // restarts the whole read without DuckDB for this file (RestartRead), before that it just falls back.
  let feeder: Feeder | undefined;
  const fail = (reason: string): string => {
    if (feeder) throw new RestartRead(ctx.path, reason);
    return reason;
  };
  let rows = 0;
  let breaks = 0;
  let quotes = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const values = reader.read(chunk);
    if (typeof values === 'string') return fail(values);
    feeder ??= new Feeder(ctx, source.columns, list.outputs, ends !== undefined);
    feeder.add(values);
    rows += values.rows;
    if (!ends) continue;
    for (const b of values.columns[0] as Int32Array) breaks += b;
    for (const q of values.columns[1] as Int32Array) quotes += q;
  }
  if (rows === 0) return fail('no data rows');
  if (ends) {
    const { lf, cr, quote, endsWithLf } = await ends;
    if (lf !== rows + breaks + (endsWithLf ? 1 : 0)) return fail('blank lines or line ends DuckDB does not count');
    if (cr !== 0 && !(source.crlf && cr === lf)) return fail('mixed line ends');
    // A stray quote in an unquoted field is text to DuckDB but an error to csv-parse; so is quoting a
    // field that needs none, which only costs speed (minimal quoting, pandas' default, passes).
    if (quote !== quotes) return fail('quoting DuckDB and the JS reader may read differently');
  }
  return undefined;
}

/** Thrown when rows of a file already reached the builder and the file turns out to need the JS reader. */
export class RestartRead extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

type Setter = (row: RowInput, column: ChunkValues['columns'][number], i: number) => void;

const NUMBER_KEYS: Record<string, keyof RowInput> = {
  quality: 'quality',
  input_tokens: 'inputTokens',
  output_tokens: 'outputTokens',
  reasoning_tokens: 'reasoningTokens',
  cached_input_tokens: 'cachedInputTokens',
  cost_usd: 'costUsd',
  latency_ms: 'latencyMs',
  ttft_ms: 'ttftMs',
  propensity: 'propensity',
  attempt: 'attempt',
};

function setter(out: OutputColumn): Setter | undefined {
  if (out.kind === 'breaks' || out.kind === 'quotes' || out.kind === 'skip') return undefined;
  const name = out.name;
  const key = NUMBER_KEYS[name];
  if (out.kind === 'number' && key) return (row, col, i) => ((row[key] as number) = (col as Float64Array)[i]!);
  if (out.kind === 'timestamp-epoch' || out.kind === 'timestamp-text')
    return (row, col, i) => (row.timestampMs = (col as Float64Array)[i]!);
  if (out.kind === 'id')
    return name === 'model'
      ? (row, col, i) => (row.model = (col as string[])[i]!)
      : (row, col, i) => (row.requestId = (col as string[])[i]!);
  if (out.kind === 'status') return (row, col, i) => (row.status = STATUSES[(col as Uint8Array)[i]!]!);
  if (out.kind === 'flag') return (row, col, i) => (row.tokensEstimated = (col as Int8Array)[i] === 1);
  if (name === 'prompt') return (row, col, i) => (row.prompt = (col as (string | undefined)[])[i]);
  if (name === 'task') return (row, col, i) => (row.task = (col as string[])[i] || undefined);
  return (row, col, i) => (row.tags![name] = (col as string[])[i]!);
}

/** Adds rows in file order, exactly as LongRowSink would have (same RowInput, same lines). */
class Feeder {
  private readonly row = emptyRow();
  private readonly setters: (Setter | undefined)[];
  // A record starts on the line after the previous one ended: header on line 1, plus line breaks in fields.
  private line: number;

  constructor(
    private readonly ctx: FileContext,
    columns: readonly SourceColumn[],
    private readonly outputs: readonly OutputColumn[],
    isText: boolean,
  ) {
    for (const { name } of columns) {
      if (isCanonical(name)) ctx.builder.markPresent(name);
      else if (name !== TOKENS_ESTIMATED_COLUMN) (this.row.tags ??= {})[name] = '';
    }
    this.setters = outputs.map(setter);
    this.line = isText ? 2 : 1;
  }

  add(chunk: ChunkValues): void {
    const { row, setters, ctx } = this;
    const breaks = this.outputs[0]?.kind === 'breaks' ? (chunk.columns[0] as Int32Array) : undefined;
    for (let i = 0; i < chunk.rows; i++) {
      for (let c = 0; c < setters.length; c++) setters[c]?.(row, chunk.columns[c]!, i);
      ctx.builder.add(row, ctx.source, this.line);
      this.line += 1 + (breaks ? breaks[i]! : 0);
    }
  }
}
