import type { DuckDBConnection } from '@duckdb/node-api';
import { LabError } from '../../core/errors.ts';
import { isCanonical } from '../columns.ts';
import type { FileContext } from '../record-sink.ts';
import { looksWide } from '../wide-import.ts';
import { BatchReader } from './duckdb-batch.ts';
import { quoteString, selectList } from './duckdb-sql.ts';
import type { SourceColumn, SourceType } from './duckdb-sql.ts';
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

// DuckDB's default CSV buffer (32 MB, several in flight) costs ~100 B/row of peak memory on a 1M-row file and
// buys no speed measured here. 2 MB is DuckDB's longest line by default; a file with a longer one is refused
// by DuckDB either way, and read by the JS reader.
const CSV_BUFFER_BYTES = 2 << 20;

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
    `auto_detect=false, strict_mode=true, buffer_size=${CSV_BUFFER_BYTES}, columns={${types}})`;
  return { from, columns: names.map((name) => ({ name, type: 'text' })), crlf: head.crlf };
}

/**
 * Reads one long-format CSV/TSV (.gz) or Parquet file with DuckDB into `ctx.builder`, column chunk by column
 * chunk, with the JS reader's validation rules (in SQL and in bulk over the chunks' typed arrays). Returns
 * undefined when the file was read, or why it must go to the streaming reader instead: a malformed cell
 * (whose file:line (column) only that reader can give), an unusual header, line numbers that do not add up
 * (blank lines), or a format DuckDB refuses. A problem found after rows reached the builder throws
 * RestartRead (the whole read starts again, this file by the JS reader).
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
    // One byte scan first (~1/5 of the query's time): a file without quote or CR bytes needs no per-record
    // line and quote counts in SQL, and one without underscores no digit-separator check.
    const ends = await countLineEnds(ctx.path, onBytes);
    return await query(conn, ctx, source, kind === 'tsv' ? '\t' : ',', ends);
  } catch (err) {
    // A restart, or the memory budget (--max-memory) reached: not a reason to try the other reader.
    if (err instanceof RestartRead || err instanceof LabError) throw err;
    return `DuckDB could not read it (${(err as Error).message.split('\n')[0]})`;
  }
}

async function query(
  conn: DuckDBConnection,
  ctx: FileContext,
  source: Source,
  delimiter?: string,
  ends?: LineEnds,
): Promise<string | undefined> {
  const checks = ends && { lineChecks: ends.quote > 0 || ends.cr > 0, underscores: ends.underscore > 0 };
  const list = selectList(source.columns, delimiter, checks);
  if (!list) return 'a column type the SQL path does not map';
  const result = await conn.stream(`SELECT ${list.sql.join(', ')} FROM ${source.from}`);
  const reader = new BatchReader(ctx.builder, list.outputs, ends ? 2 : 1);
  // Every record after the header takes at least one line: the line count bounds the rows (columns sized once).
  if (ends) ctx.builder.reserveRows(ends.lf - 1 + (ends.endsWithLf ? 0 : 1));
  // Rows go to the builder as chunks arrive (no copy of the file in memory); a problem found after that
  // restarts the whole read without DuckDB for this file (RestartRead), before that it just falls back.
  let started = false;
  const fail = (reason: string): string => {
    if (started) throw new RestartRead(ctx.path, reason);
    return reason;
  };
  let rows = 0;
  let breaks = 0;
  let quotes = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const read = reader.read(chunk);
    if (typeof read === 'string') return fail(read);
    if (!started) markColumns(ctx, source.columns);
    started = true;
    ctx.builder.addBatch(read.batch, ctx.source);
    rows += read.batch.rows;
    breaks += read.breaks;
    quotes += read.quotes;
  }
  if (rows === 0) return fail('no data rows');
  if (ends) {
    const { lf, cr, quote, endsWithLf } = ends;
    if (lf !== rows + breaks + (endsWithLf ? 1 : 0)) return fail('blank lines or line ends DuckDB does not count');
    if (cr !== 0 && !(source.crlf && cr === lf)) return fail('mixed line ends');
    // A stray quote in an unquoted field is text to DuckDB but an error to csv-parse; so is quoting a
    // field that needs none, which only costs speed (minimal quoting, pandas' default, passes).
    if (quote !== quotes) return fail('quoting DuckDB and the JS reader may read differently');
  }
  return undefined;
}

/** A column counts as present even when every cell is empty ("we logged status, all ok"), as in long-rows.ts. */
function markColumns(ctx: FileContext, columns: readonly SourceColumn[]): void {
  for (const { name } of columns) if (isCanonical(name)) ctx.builder.markPresent(name);
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
